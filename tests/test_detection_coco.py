"""detection.evaluate_detections가 pycocotools의 COCOeval과 같은 AP를 내는지 확인합니다.

무작위로 만든 실제 상자와 탐지(조금 어긋난 상자, 잘못된 클래스, 중복, 헛탐지, 실제 객체가 없는
클래스)를 양쪽에 똑같이 넣고 임곗값·클래스마다의 AP, mAP@0.5, AP@[.50:.95]를 비교합니다.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from cnn_vision import detection

pytestmark = pytest.mark.unit

pycocotools = pytest.importorskip("pycocotools")
from pycocotools.coco import COCO  # noqa: E402
from pycocotools.cocoeval import COCOeval  # noqa: E402


def random_dataset(seed: int, num_images: int = 40, num_classes: int = 4):
    rng = np.random.default_rng(seed)
    truth, truth_labels, boxes, scores, labels = [], [], [], [], []
    for _ in range(num_images):
        count = int(rng.integers(0, 6))
        xy = rng.uniform(0, 80, size=(count, 2))
        wh = rng.uniform(8, 40, size=(count, 2))
        gt = np.concatenate([xy, xy + wh], axis=1)
        # 마지막 클래스에는 실제 객체를 두지 않습니다(COCO는 그 클래스를 평균에서 뺍니다).
        gt_labels = rng.integers(0, num_classes - 1, size=count)
        det, det_scores, det_labels = [], [], []
        for box, label in zip(gt, gt_labels):
            for _ in range(int(rng.choice([0, 1, 1, 1, 2]))):  # 놓침, 한 번, 중복
                jitter = rng.normal(0, rng.choice([1.0, 4.0, 8.0]), size=4)
                det.append(np.sort((box + jitter).reshape(2, 2), axis=0).reshape(4))
                det_labels.append(label if rng.random() < 0.85 else rng.integers(0, num_classes))
                det_scores.append(rng.random())
        for _ in range(int(rng.integers(0, 3))):  # 헛탐지
            xy = rng.uniform(0, 80, size=2)
            det.append(np.concatenate([xy, xy + rng.uniform(8, 40, size=2)]))
            det_labels.append(rng.integers(0, num_classes))
            det_scores.append(rng.random())
        truth.append(gt)
        truth_labels.append(gt_labels)
        boxes.append(np.array(det).reshape(-1, 4))
        scores.append(np.array(det_scores))
        labels.append(np.array(det_labels, dtype=int))
    return boxes, scores, labels, truth, truth_labels


def coco_eval(boxes, scores, labels, truth, truth_labels, num_classes):
    def xywh(box):
        return [float(box[0]), float(box[1]), float(box[2] - box[0]), float(box[3] - box[1])]

    annotations = []
    for image_id, (gt, gt_labels) in enumerate(zip(truth, truth_labels), start=1):
        for box, label in zip(gt, gt_labels):
            bbox = xywh(box)
            annotations.append({"id": len(annotations) + 1, "image_id": image_id,
                                "category_id": int(label) + 1, "bbox": bbox,
                                "area": bbox[2] * bbox[3], "iscrowd": 0})
    results = [
        {"image_id": image_id, "category_id": int(label) + 1, "bbox": xywh(box), "score": float(score)}
        for image_id, (det, det_scores, det_labels) in enumerate(zip(boxes, scores, labels), start=1)
        for box, score, label in zip(det, det_scores, det_labels)
    ]
    with contextlib.redirect_stdout(io.StringIO()):
        ground_truth = COCO()
        ground_truth.dataset = {
            "images": [{"id": i} for i in range(1, len(truth) + 1)],
            "annotations": annotations,
            "categories": [{"id": c + 1} for c in range(num_classes)],
        }
        ground_truth.createIndex()
        evaluator = COCOeval(ground_truth, ground_truth.loadRes(results), iouType="bbox")
        evaluator.evaluate()
        evaluator.accumulate()
        evaluator.summarize()
    # precision: [임곗값, 재현율 기준점, 클래스, 넓이 범위, 최대 탐지 수]; 넓이 전체, 최대 100개
    precision = evaluator.eval["precision"][:, :, :, 0, -1]
    per_class = np.where((precision > -1).all(axis=1), precision.mean(axis=1), np.nan)
    return per_class, evaluator.stats


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_average_precisions_match_pycocotools_cocoeval(seed):
    num_classes = 4
    dataset = random_dataset(seed, num_classes=num_classes)
    ours = detection.evaluate_detections(*dataset, num_classes=num_classes)
    theirs, stats = coco_eval(*dataset, num_classes)
    assert np.isnan(ours.average_precisions[:, -1]).all() and np.isnan(theirs[:, -1]).all()
    np.testing.assert_allclose(ours.average_precisions, theirs, atol=1e-3)
    assert abs(ours.mean_average_precision() - stats[0]) < 1e-3  # AP@[.50:.95]
    assert abs(ours.mean_average_precision(0.5) - stats[1]) < 1e-3  # AP@0.5
    assert abs(ours.mean_average_precision(0.75) - stats[2]) < 1e-3  # AP@0.75
    # 무작위 데이터가 쉬운 경우만 만들지 않았는지: AP가 임곗값에 따라 실제로 달라야 합니다.
    assert ours.mean_average_precision(0.5) - ours.mean_average_precision(0.95) > 0.2


def test_eleven_point_levels_reproduce_the_single_image_helpers():
    boxes, scores, labels, truth, truth_labels = random_dataset(7, num_images=1, num_classes=2)
    result = detection.evaluate_detections([boxes[0]], [scores[0]], [np.zeros(len(boxes[0]), int)],
                                           [truth[0]], [np.zeros(len(truth[0]), int)], num_classes=1,
                                           iou_thresholds=[0.5], recall_levels=np.linspace(0, 1, 11))
    hits = detection.match_detections(boxes[0], scores[0], truth[0], 0.5, box_format="corners")
    p, r = detection.precision_recall_curve(hits, scores[0], len(truth[0]))
    assert result.per_class(0.5)[0] == pytest.approx(detection.average_precision(p, r))


def test_classes_without_detections_get_zero_and_bad_inputs_name_the_problem():
    result = detection.evaluate_detections([np.zeros((0, 4))], [[]], [[]], [[[0, 0, 10, 10]]], [[1]],
                                           num_classes=2)
    assert np.isnan(result.per_class(0.5)[0]) and result.per_class(0.5)[1] == 0
    with pytest.raises(ValueError, match="이미지 수"):
        detection.evaluate_detections([], [], [], [[[0, 0, 1, 1]]], [[0]], num_classes=1)
    with pytest.raises(ValueError, match="true_labels"):
        detection.evaluate_detections([np.zeros((0, 4))], [[]], [[]], [[[0, 0, 1, 1]]], [[3]],
                                      num_classes=2)
    with pytest.raises(ValueError, match="iou_threshold"):
        result.per_class(0.42)


# -- evaluate_detections는 match_detections와 같은 입력만 받습니다 ---------------------------------


@pytest.mark.parametrize("boxes", [np.ones((4, 3)), np.ones((1, 8)), np.ones((2, 2)), np.ones((1, 4, 1)),
                                   [[0, 0, 1]], [[np.nan, 0, 1, 1]], [[0, 0, -1, 1]]],
                         ids=["4x3", "1x8", "2x2", "1x4x1", "3-coords", "nan", "negative-width"])
def test_evaluate_detections_rejects_every_box_array_that_match_detections_rejects(boxes):
    count = len(np.asarray(boxes, dtype=float).reshape(-1, np.asarray(boxes).shape[-1]))
    with pytest.raises(ValueError) as by_match:
        detection.match_detections(boxes, np.ones(count), [[0, 0, 1, 1]], box_format="corners")
    with pytest.raises(ValueError, match="predicted_boxes") as by_evaluate:
        detection.evaluate_detections([boxes], [np.ones(count)], [np.zeros(count, int)],
                                      [[[0, 0, 1, 1]]], [[0]], num_classes=1)
    with pytest.raises(ValueError, match="true_boxes"):
        detection.evaluate_detections([np.zeros((0, 4))], [[]], [[]], [boxes], [np.zeros(count, int)],
                                      num_classes=1)
    assert by_match.value and by_evaluate.value


def test_labels_must_be_integers_so_no_detection_is_dropped_or_counted_under_another_class():
    for bad in ([1.5], [np.nan], [True], ["1"]):
        with pytest.raises(ValueError, match="predicted_labels"):
            detection.evaluate_detections([[[0, 0, 1, 1]]], [[0.9]], [bad], [[[0, 0, 1, 1]]], [[1]],
                                          num_classes=2)
    result = detection.evaluate_detections([[[0, 0, 1, 1]]], [[0.9]], [np.array([1], np.uint8)],
                                           [[[0, 0, 1, 1]]], [[1]], num_classes=2)
    assert result.per_class(0.5)[1] == 1.0


def test_nan_ground_truth_is_rejected_even_when_its_class_has_no_detections():
    with pytest.raises(ValueError, match=r"true_boxes\[0\]"):
        detection.evaluate_detections([[[0, 0, 1, 1]]], [[0.9]], [[0]],
                                      [[[0, 0, 1, 1], [np.nan, 0, 1, 1]]], [[0, 1]], num_classes=2)


def test_curve_takes_only_existing_class_indices_in_korean():
    result = detection.evaluate_detections([[[0, 0, 1, 1]]], [[0.9]], [[0]], [[[0, 0, 1, 1]]], [[0]],
                                           num_classes=2)
    precisions, recalls = result.curve(np.int64(0))
    assert precisions.tolist() == [1.0] and recalls.tolist() == [1.0]
    for bad, error in ((2, IndexError), (-1, IndexError), (True, TypeError), (0.0, TypeError)):
        with pytest.raises(error, match=f"class_index={bad!r}") as caught:
            result.curve(bad)
        assert "정수" in str(caught.value) or "미만" in str(caught.value)
