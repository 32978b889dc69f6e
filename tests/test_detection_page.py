"""탐지 페이지(examples/08_detection/plot_02_grid_detector.py)에 적힌 NMS를 텐서플로와 비교합니다."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from page_code import load_page_functions

pytestmark = pytest.mark.tf

PAGE = "08_detection/plot_02_grid_detector.py"


@pytest.fixture(scope="module")
def page():
    return load_page_functions(PAGE, "non_max_suppression")


def random_boxes(rng, count):
    # 몇 군데에 몰린 상자들: 서로 많이 겹쳐서 억제가 실제로 일어납니다.
    centers = rng.uniform(10, 86, size=(3, 2))[rng.integers(0, 3, size=count)]
    centers = centers + rng.normal(0, 6, size=(count, 2))
    sizes = rng.uniform(8, 40, size=(count, 2))
    return np.concatenate([centers - sizes / 2, centers + sizes / 2], axis=1)


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("iou_threshold", [0.3, 0.5, 0.7])
def test_page_nms_selects_what_tf_image_non_max_suppression_selects(page, seed, iou_threshold):
    rng = np.random.default_rng(seed)
    count = int(rng.integers(1, 60))
    boxes = random_boxes(rng, count)
    scores = rng.random(count)
    max_output = int(rng.integers(1, 25))
    ours = page["non_max_suppression"](boxes, scores, iou_threshold=iou_threshold,
                                       max_output_size=max_output)
    # 텐서플로는 상자를 (y_min, x_min, y_max, x_max)로 받습니다.
    theirs = tf.image.non_max_suppression(boxes[:, [1, 0, 3, 2]].astype(np.float32),
                                          scores.astype(np.float32), max_output,
                                          iou_threshold=iou_threshold).numpy()
    assert ours.tolist() == theirs.tolist()


def test_page_nms_really_suppresses_overlapping_boxes(page):
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 10.5]])
    scores = np.array([0.6, 0.9, 0.8, 0.7])
    assert page["non_max_suppression"](boxes, scores, iou_threshold=0.5).tolist() == [1, 2]
    assert page["non_max_suppression"](boxes, scores, iou_threshold=0.95).tolist() == [1, 2, 3]
