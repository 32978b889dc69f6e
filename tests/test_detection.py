"""cnn_vision.detection.iou를 손으로 계산한 상자로 확인합니다."""

from __future__ import annotations

import numpy as np
import pytest

from cnn_vision.detection import iou

pytestmark = pytest.mark.unit


def test_iou_of_identical_boxes_is_one():
    assert iou([0.5, 0.5, 0.2, 0.4], [0.5, 0.5, 0.2, 0.4]) == pytest.approx(1.0)
    assert iou([1, 2, 5, 7], [1, 2, 5, 7], box_format="corners") == pytest.approx(1.0)


def test_iou_of_overlapping_corner_boxes_is_one_seventh():
    # 겹침 1×1 = 1, 합집합 4 + 4 - 1 = 7
    assert iou([0, 0, 2, 2], [1, 1, 3, 3], box_format="corners") == pytest.approx(1 / 7)


def test_center_format_gives_the_same_iou_as_the_equivalent_corners():
    # (중심 1,1, 2×2) = 모서리 (0,0)-(2,2); (중심 2,2, 2×2) = (1,1)-(3,3)
    assert iou([1, 1, 2, 2], [2, 2, 2, 2]) == pytest.approx(1 / 7)


def test_iou_of_a_box_inside_another_is_area_ratio():
    # 4×4 상자 안의 1×1 상자: 겹침 1, 합집합 16
    assert iou([0, 0, 4, 4], [1, 1, 2, 2], box_format="corners") == pytest.approx(1 / 16)


def test_iou_with_half_width_overlap_is_one_third():
    # 가로로 절반 겹치는 같은 크기의 두 상자: 겹침 1, 합집합 2 + 2 - 1 = 3
    assert iou([0.5, 0.5, 1, 1], [1.0, 0.5, 1, 1]) == pytest.approx(1 / 3)


def test_disjoint_and_edge_touching_boxes_have_zero_iou():
    assert iou([0, 0, 1, 1], [2, 2, 3, 3], box_format="corners") == 0.0
    assert iou([0, 0, 1, 1], [1, 0, 2, 1], box_format="corners") == 0.0  # 변만 맞닿음
    assert iou([0, 0, 1, 1], [1, 1, 2, 2], box_format="corners") == 0.0  # 꼭짓점만 맞닿음


def test_two_zero_area_boxes_have_zero_iou_not_nan():
    assert iou([0.5, 0.5, 0, 0], [0.5, 0.5, 0, 0]) == 0.0


def test_iou_is_symmetric():
    rng = np.random.default_rng(0)
    a = np.concatenate([rng.uniform(0, 1, (50, 2)), rng.uniform(0, 0.5, (50, 2))], axis=1)
    b = np.concatenate([rng.uniform(0, 1, (50, 2)), rng.uniform(0, 0.5, (50, 2))], axis=1)
    np.testing.assert_allclose(iou(a, b), iou(b, a))
    assert np.all((iou(a, b) >= 0) & (iou(a, b) <= 1))


def test_iou_broadcasts_over_leading_axes():
    boxes = np.array([[0, 0, 2, 2], [1, 1, 3, 3], [5, 5, 6, 6]], dtype=float)
    one_to_many = iou([0, 0, 2, 2], boxes, box_format="corners")
    np.testing.assert_allclose(one_to_many, [1.0, 1 / 7, 0.0])
    pairwise = iou(boxes[:, None, :], boxes[None, :, :], box_format="corners")
    assert pairwise.shape == (3, 3)
    np.testing.assert_allclose(np.diag(pairwise), 1.0)
    assert pairwise[0, 1] == pytest.approx(1 / 7)


def test_single_boxes_give_a_python_float():
    assert isinstance(iou([0, 0, 1, 1], [0, 0, 1, 1], box_format="corners"), float)


def test_negative_width_is_rejected_and_named():
    with pytest.raises(ValueError, match=r"음수.*-0\.1"):
        iou([0.5, 0.5, -0.1, 0.2], [0.5, 0.5, 0.2, 0.2])


def test_inverted_corner_box_is_rejected_with_its_position():
    boxes = [[0, 0, 1, 1], [3, 0, 2, 1]]
    with pytest.raises(ValueError, match=r"boxes_b.*위치 \(1,\).*\[3\.0, 0\.0, 2\.0, 1\.0\]"):
        iou([0, 0, 1, 1], boxes, box_format="corners")


def test_wrong_number_of_coordinates_is_rejected_with_shape():
    with pytest.raises(ValueError, match=r"boxes_a.*shape=\(3,\)"):
        iou([0, 0, 1], [0, 0, 1, 1])


def test_nan_coordinates_are_rejected():
    with pytest.raises(ValueError, match="NaN"):
        iou([0, 0, 1, 1], [0, np.nan, 1, 1])


def test_unknown_box_format_is_rejected_by_name():
    with pytest.raises(ValueError, match="'xywh'"):
        iou([0, 0, 1, 1], [0, 0, 1, 1], box_format="xywh")


def test_unbroadcastable_box_arrays_are_rejected_with_shapes():
    with pytest.raises(ValueError, match=r"\(2, 4\).*\(3, 4\)"):
        iou(np.zeros((2, 4)), np.zeros((3, 4)))


def test_boxes_too_large_for_a_finite_area_are_rejected_instead_of_giving_zero():
    huge = [0, 0, 1e200, 1e200]
    with pytest.raises(ValueError, match="넓이") as caught:
        iou(huge, huge, box_format="corners")
    assert "boxes_a" in str(caught.value) and "1e+200" in str(caught.value)
    assert iou([0, 0, 1e150, 1e150], [0, 0, 1e150, 1e150], box_format="corners") == 1.0
