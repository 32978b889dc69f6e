"""정밀도/재현율/AP/탐지 짝짓기를 손으로 계산한 값과 비교합니다."""

import numpy as np
import pytest

from cnn_vision.detection import (
    average_precision,
    match_detections,
    maximum_precisions,
    precision_recall_curve,
)

pytestmark = pytest.mark.unit


def test_maximum_precisions_is_the_running_max_from_the_right():
    assert maximum_precisions([0.5, 0.9, 0.6, 0.7, 0.2]).tolist() == [0.9, 0.9, 0.7, 0.7, 0.2]


def test_book_precisions_give_map_0_714():
    # 책의 예시 값: 최대 정밀도 [.96 .96 .96 .95 .95 .92 .80 .60 .45 .20 .10]의 평균 = 7.85 / 11
    precisions = [0.91, 0.94, 0.96, 0.94, 0.95, 0.92, 0.80, 0.60, 0.45, 0.20, 0.10]
    assert maximum_precisions(precisions).mean() == pytest.approx(7.85 / 11)
    assert average_precision(precisions, np.linspace(0, 1, 11)) == pytest.approx(7.85 / 11)


def test_precision_recall_curve_by_hand():
    # 신뢰도 순서: 0.9(TP) 0.8(FP) 0.7(TP) 0.6(FP), 실제 객체 4개
    hits = [False, True, True, False]
    scores = [0.8, 0.9, 0.7, 0.6]
    precisions, recalls = precision_recall_curve(hits, scores, num_ground_truths=4)
    np.testing.assert_allclose(precisions, [1, 1 / 2, 2 / 3, 2 / 4])
    np.testing.assert_allclose(recalls, [1 / 4, 1 / 4, 2 / 4, 2 / 4])


def test_eleven_point_average_precision_by_hand():
    # 재현율 1/3에서 정밀도 1, 2/3에서 1, 1에서 0.5:
    # 기준점 0~0.3 → 1 (4개), 0.4~0.6 → 1 (3개), 0.7~1.0 → 0.5 (4개) → 9/11
    precisions = [1, 1, 2 / 3, 0.5, 0.4, 0.5]
    recalls = [1 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 1]
    assert average_precision(precisions, recalls) == pytest.approx(9 / 11)


def test_average_precision_is_zero_beyond_the_highest_recall_reached():
    # 재현율 0.5까지만 닿으면 0.6~1.0의 다섯 기준점은 0입니다.
    assert average_precision([1.0], [0.5]) == pytest.approx(6 / 11)


def test_match_detections_counts_a_duplicate_as_false_positive():
    truth = [[0, 0, 10, 10]]
    predicted = [[0, 0, 10, 10], [1, 1, 10, 10]]
    hits = match_detections(predicted, [0.6, 0.9], truth, box_format="corners")
    # 신뢰도가 높은 두 번째 상자(IoU 0.81)가 먼저 짝을 차지합니다.
    assert hits.tolist() == [False, True]


def test_match_detections_respects_the_iou_threshold():
    truth = [[0, 0, 10, 10]]
    predicted = [[5, 0, 15, 10]]  # 겹침 50, 합집합 150 → IoU 1/3
    assert match_detections(predicted, [1.0], truth, 0.3, box_format="corners").tolist() == [True]
    assert match_detections(predicted, [1.0], truth, 0.5, box_format="corners").tolist() == [False]


def test_match_detections_uses_center_format_by_default():
    # (중심 x, 중심 y, 너비, 높이) = 모서리 (0, 0, 10, 10)과 같은 상자
    assert match_detections([[5, 5, 10, 10]], [1.0], [[0, 0, 10, 10]],
                            box_format="corners").tolist() == [False]
    assert match_detections([[5, 5, 10, 10]], [1.0], [[5, 5, 10, 10]]).tolist() == [True]


@pytest.mark.parametrize("bad", [[], [0.5, 1.2], [[0.5]], [np.nan]])
def test_precisions_outside_unit_interval_or_malformed_are_rejected(bad):
    with pytest.raises(ValueError, match="precisions"):
        maximum_precisions(bad)


def test_precision_recall_curve_rejects_bad_arguments():
    with pytest.raises(ValueError, match="길이"):
        precision_recall_curve([True], [0.5, 0.4], num_ground_truths=1)
    with pytest.raises(ValueError, match="num_ground_truths"):
        precision_recall_curve([True], [0.5], num_ground_truths=0)
    with pytest.raises(ValueError, match="실제 객체 수"):
        precision_recall_curve([True, True], [0.5, 0.4], num_ground_truths=1)


def test_match_detections_rejects_bad_threshold_and_counts():
    with pytest.raises(ValueError, match="iou_threshold"):
        match_detections([[0, 0, 1, 1]], [1.0], [[0, 0, 1, 1]], iou_threshold=0)
    with pytest.raises(ValueError, match="scores"):
        match_detections([[0, 0, 1, 1]], [1.0, 0.5], [[0, 0, 1, 1]])


def test_match_detections_follows_coco_not_voc_when_the_best_box_is_taken():
    # 실제 상자 A, B. 두 번째 탐지는 A와 IoU 0.90(이미 첫 탐지의 짝), B와 0.74.
    # COCO(pycocotools의 evaluateImg): 짝이 없는 상자 중 가장 좋은 B와 짝 → 진짜 양성.
    # VOC: IoU가 가장 큰 A를 고르고, A가 이미 짝이므로 거짓 양성이 됩니다.
    truth = [[0, 0, 10, 10], [0, 2, 10, 12]]
    detections = [[0, 0, 10, 10], [0, 0.5, 10, 10.5]]
    from cnn_vision.detection import iou

    assert iou(detections[1], truth[0], box_format="corners") == pytest.approx(0.905, abs=1e-3)
    assert iou(detections[1], truth[1], box_format="corners") == pytest.approx(0.739, abs=1e-3)
    hits = match_detections(detections, [0.9, 0.8], truth, box_format="corners")
    assert hits.tolist() == [True, True]
    # 문턱을 B와의 IoU보다 높이면 두 번째 탐지는 짝이 없어 거짓 양성입니다.
    hits = match_detections(detections, [0.9, 0.8], truth, 0.8, box_format="corners")
    assert hits.tolist() == [True, False]


def test_match_detections_accepts_no_detections_and_no_truth():
    assert match_detections([], [], [[0, 0, 1, 1]]).tolist() == []
    assert match_detections([[0.5, 0.5, 1, 1]], [0.3], np.zeros((0, 4))).tolist() == [False]
