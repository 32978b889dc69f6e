r"""경계 상자와 객체 탐지 평가 지표: IoU, 탐지 결과 짝짓기, 정밀도/재현율, 평균 정밀도(AP).

**상자 표기.** 상자 하나는 숫자 네 개이고, 배열의 마지막 축에 놓입니다(``(..., 4)``).
두 가지 표기를 받습니다.

``"center"`` (기본값, 책의 위치 추정 모델이 예측하는 표기)
    ``(중심 x, 중심 y, 너비, 높이)``. 너비와 높이는 0 이상이어야 합니다.
``"corners"``
    ``(x_min, y_min, x_max, y_max)``. ``x_max >= x_min``, ``y_max >= y_min``\ 이어야 합니다.

x는 오른쪽으로, y는 아래쪽으로 커지는 이미지 좌표를 생각하면 됩니다(IoU는 축의 방향과
상관없습니다). 단위는 픽셀이든 이미지 크기로 나눈 0~1 값이든, 비교하는 두 상자가 같기만 하면
됩니다. 상자가 이미지 밖으로 나가도 그대로 계산합니다(잘라 내지 않습니다).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cnn_vision.checks import (
    finite_vector,
    float_array,
    label_vector,
    positive_int,
    unit_interval_vector,
)

__all__ = [
    "BOX_FORMATS",
    "iou",
    "match_detections",
    "precision_recall_curve",
    "maximum_precisions",
    "average_precision",
]

#: :func:`iou` 가 받는 상자 표기.
BOX_FORMATS = ("center", "corners")


def _where(array: np.ndarray, bad: np.ndarray) -> str:
    """잘못된 첫 상자의 위치와 값을 메시지용 문자열로 만듭니다."""
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    place = f"위치 {index}, " if index else ""
    return f"{place}상자 {array[index].tolist()}"


def _as_corners(boxes, box_format: str, name: str) -> np.ndarray:
    array = float_array(boxes, name)
    if array.ndim == 0 or array.shape[-1] != 4:
        raise ValueError(
            f"{name}의 마지막 축은 상자의 좌표 4개여야 합니다: shape={np.shape(boxes)}"
        )
    bad = ~np.isfinite(array).all(axis=-1)
    if bad.any():
        raise ValueError(f"{name}에 유한하지 않은 값(NaN, inf)이 있습니다: {_where(array, bad)}")
    if box_format == "center":
        cx, cy, w, h = np.moveaxis(array, -1, 0)
        bad = (w < 0) | (h < 0)
        if bad.any():
            raise ValueError(
                f"{name}에 너비나 높이가 음수인 상자가 있습니다(표기 'center' = "
                f"(중심 x, 중심 y, 너비, 높이)): {_where(array, bad)}"
            )
        with np.errstate(over="ignore"):
            return np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=-1)
    x_min, y_min, x_max, y_max = np.moveaxis(array, -1, 0)
    bad = (x_max < x_min) | (y_max < y_min)
    if bad.any():
        raise ValueError(
            f"{name}에 최댓값이 최솟값보다 작은 상자가 있습니다(표기 'corners' = "
            f"(x_min, y_min, x_max, y_max)): {_where(array, bad)}"
        )
    return array


def _areas(corners: np.ndarray, boxes, name: str) -> np.ndarray:
    """상자의 넓이. 좌표가 너무 커서 넓이를 실수로 나타낼 수 없으면(무한대) 알립니다."""
    with np.errstate(over="ignore", invalid="ignore"):
        areas = (corners[..., 2] - corners[..., 0]) * (corners[..., 3] - corners[..., 1])
    bad = ~np.isfinite(areas)
    if bad.any():
        raise ValueError(
            f"{name}에 넓이를 실수로 나타낼 수 없을 만큼 큰 상자가 있습니다(넓이가 무한대가 됨): "
            f"{_where(np.asarray(boxes, dtype=np.float64), bad)}"
        )
    return areas


def iou(boxes_a, boxes_b, *, box_format: str = "center"):
    r"""두 상자(또는 두 상자 배열)의 IoU(intersection over union)를 계산합니다.

    IoU는 두 상자가 겹치는 넓이를 두 상자를 합친 넓이로 나눈 값입니다. 완전히 같으면 1, 겹치지
    않으면 0입니다. 모서리나 변만 맞닿은 상자도 겹치는 넓이가 0이므로 0입니다. 두 상자의 넓이가
    모두 0이면(합집합이 0) IoU를 0으로 정의합니다.

    Parameters
    ----------
    boxes_a, boxes_b : array-like
        ``(..., 4)`` 크기의 상자. 앞쪽 축은 NumPy 규칙으로 브로드캐스팅됩니다(예: ``(4,)``\ 와
        ``(n, 4)``, 또는 ``(n, 1, 4)``\ 와 ``(1, m, 4)``\ 로 모든 쌍).
    box_format : {"center", "corners"}, default "center"
        상자 표기. 모듈 설명을 보세요.

    Returns
    -------
    float or numpy.ndarray
        두 인자가 모두 상자 하나(``(4,)``)면 ``float``, 아니면 브로드캐스팅된 앞쪽 축 크기의 배열.

    Raises
    ------
    ValueError
        표기를 모를 때, 마지막 축이 4가 아닐 때, NaN이나 무한대가 있을 때, 너비·높이가 음수이거나
        최댓값이 최솟값보다 작은 상자가 있을 때, 좌표가 너무 커서 넓이를 실수로 나타낼 수 없을 때.
        메시지에 잘못된 값과 그 위치가 들어갑니다.

    Examples
    --------
    >>> iou([0, 0, 2, 2], [1, 1, 3, 3], box_format="corners")  # 겹침 1, 합집합 4 + 4 - 1
    0.14285714285714285
    >>> iou([1, 1, 2, 2], [2, 2, 2, 2])  # 같은 상자를 (중심, 너비, 높이)로
    0.14285714285714285
    """
    if box_format not in BOX_FORMATS:
        raise ValueError(
            f"알 수 없는 상자 표기입니다: box_format={box_format!r}. "
            f"다음 중 하나를 쓰세요: {', '.join(BOX_FORMATS)}"
        )
    a = _as_corners(boxes_a, box_format, "boxes_a")
    b = _as_corners(boxes_b, box_format, "boxes_b")
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(
            f"두 상자 배열의 크기를 브로드캐스팅할 수 없습니다: {a.shape}와 {b.shape}"
        ) from None
    area_a = _areas(a, boxes_a, "boxes_a")
    area_b = _areas(b, boxes_b, "boxes_b")
    inter_w = np.clip(np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0]), 0, None)
    inter_h = np.clip(np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1]), 0, None)
    intersection = inter_w * inter_h
    union = area_a + area_b - intersection
    result = np.divide(intersection, union, out=np.zeros_like(intersection), where=union > 0)
    if result.ndim == 0:
        return float(result)
    return result


def maximum_precisions(precisions: npt.ArrayLike) -> np.ndarray:
    r"""재현율 순서로 놓인 정밀도를 '그 재현율 이상에서의 최대 정밀도'로 바꿉니다.

    ``i`` 번째 값은 ``precisions[i:]``\ 의 최댓값입니다. 정밀도-재현율 곡선의 톱니를 없앤
    보간 정밀도(interpolated precision)로, 평균 정밀도(AP)를 계산할 때 씁니다.

    Parameters
    ----------
    precisions : array_like of float
        재현율이 커지는 순서로 놓인 정밀도(0~1).

    Returns
    -------
    numpy.ndarray
        같은 길이의 최대 정밀도. 오른쪽에서 왼쪽으로 갈수록 줄지 않습니다.

    Raises
    ------
    ValueError
        비어 있거나, 1차원이 아니거나, 0~1 밖의 값이 있을 때.

    Examples
    --------
    >>> maximum_precisions([0.5, 0.9, 0.6, 0.7, 0.2]).tolist()
    [0.9, 0.9, 0.7, 0.7, 0.2]
    """
    values = unit_interval_vector(precisions, "precisions")
    return np.flip(np.maximum.accumulate(np.flip(values)))


def precision_recall_curve(
    is_true_positive: npt.ArrayLike, scores: npt.ArrayLike, num_ground_truths: int
) -> tuple[np.ndarray, np.ndarray]:
    r"""탐지 결과를 신뢰도 순으로 하나씩 받아들일 때의 정밀도와 재현율을 계산합니다.

    Parameters
    ----------
    is_true_positive : array_like of bool
        탐지마다 진짜 양성(true positive)인지. 보통 :func:`match_detections` 의 결과입니다.
    scores : array_like of float
        탐지마다의 신뢰도 점수. 높은 것부터 받아들입니다(같으면 주어진 순서).
    num_ground_truths : int
        이미지(들)에 있는 실제 객체 수. 재현율의 분모입니다.

    Returns
    -------
    precisions, recalls : numpy.ndarray
        탐지를 1개, 2개, ... 받아들였을 때의 정밀도와 재현율.

    Raises
    ------
    ValueError
        ``is_true_positive``\ 가 불리언 배열이 아니거나(0/1 정수나 실수도 받지 않습니다),
        ``scores``\ 에 NaN이나 무한대가 있거나, 두 배열이 1차원이 아니거나 길이가 다르거나,
        ``num_ground_truths``\ 가 양의 정수가 아니거나, 진짜 양성이 실제 객체 수보다 많을 때.
        메시지에 인자 이름이 들어갑니다.
    """
    hits = np.asarray(is_true_positive)
    if hits.dtype != bool:
        raise ValueError(
            "is_true_positive는 불리언(True/False) 배열이어야 합니다: "
            f"dtype={hits.dtype}. 0/1 값이면 np.asarray(is_true_positive, dtype=bool)로 바꾸세요"
        )
    if hits.ndim != 1:
        raise ValueError(f"is_true_positive는 1차원 배열이어야 합니다: shape={hits.shape}")
    confidences = finite_vector(scores, "scores")
    if len(hits) != len(confidences):
        raise ValueError(
            f"is_true_positive({len(hits)}개)와 scores({len(confidences)}개)의 길이가 다릅니다"
        )
    num_ground_truths = positive_int(num_ground_truths, "num_ground_truths")
    if hits.sum() > num_ground_truths:
        raise ValueError(
            f"진짜 양성({int(hits.sum())}개)이 실제 객체 수(num_ground_truths={num_ground_truths})"
            "보다 많습니다"
        )
    order = np.argsort(-confidences, kind="stable")
    true_positives = np.cumsum(hits[order])
    accepted = np.arange(1, len(hits) + 1)
    return true_positives / accepted, true_positives / num_ground_truths


def average_precision(
    precisions: npt.ArrayLike,
    recalls: npt.ArrayLike,
    recall_levels: npt.ArrayLike | None = None,
) -> float:
    r"""정밀도-재현율 곡선의 평균 정밀도(AP)를 계산합니다.

    재현율 기준점(기본: 0, 0.1, ..., 1의 11개)마다 '그 재현율 이상에서의 최대 정밀도'를 구해
    평균합니다(PASCAL VOC 2007 방식). 어떤 기준점 이상의 재현율에 한 번도 닿지 못했으면 그
    기준점의 정밀도는 0입니다.

    Parameters
    ----------
    precisions, recalls : array_like of float
        같은 길이의 정밀도와 재현율(0~1). 순서는 상관없습니다.
    recall_levels : array_like of float, optional
        평균을 낼 재현율 기준점. 기본값은 ``np.linspace(0, 1, 11)``\ 입니다.

    Returns
    -------
    float
        평균 정밀도(0~1).
    """
    precision_values = unit_interval_vector(precisions, "precisions")
    recall_values = unit_interval_vector(recalls, "recalls")
    if len(precision_values) != len(recall_values):
        raise ValueError(
            f"precisions({len(precision_values)}개)와 recalls({len(recall_values)}개)의 "
            "길이가 다릅니다"
        )
    levels = np.linspace(0, 1, 11) if recall_levels is None else unit_interval_vector(
        recall_levels, "recall_levels")
    best = [precision_values[recall_values >= level].max(initial=0.0) for level in levels]
    return float(np.mean(best))


def match_detections(
    predicted_boxes: npt.ArrayLike,
    scores: npt.ArrayLike,
    true_boxes: npt.ArrayLike,
    iou_threshold: float = 0.5,
    *,
    box_format: str = "center",
) -> np.ndarray:
    r"""탐지 결과마다 진짜 양성인지 판정합니다(COCO 방식의 짝짓기).

    신뢰도가 높은 탐지부터 차례로, **아직 짝이 없는** 실제 상자 가운데 IoU가 가장 큰 것을 찾습니다.
    그 IoU가 ``iou_threshold`` 이상이면 둘을 짝짓고 진짜 양성, 아니면 거짓 양성입니다. 이미 짝이
    지어진 실제 상자는 후보에서 빠지므로, 같은 객체를 두 번째로 찾은 탐지는 그 객체와 짝지어지지
    않습니다. 그 탐지는 짝이 없는 다른 실제 상자와 IoU가 문턱 이상이면 그 상자와 짝지어지고(진짜
    양성), 그런 상자가 없으면 거짓 양성입니다.

    이것은 COCO 평가 코드(``pycocotools``\ 의 ``COCOeval.evaluateImg``)의 규칙입니다. PASCAL
    VOC의 평가 코드는 다릅니다. VOC에서는 탐지가 짝의 유무와 상관없이 IoU가 가장 큰 실제 상자를
    고르고, 그 상자가 이미 짝지어졌으면 (다른 상자와 문턱 이상으로 겹쳐도) 거짓 양성입니다. 겹친
    객체가 많은 장면에서는 두 규칙의 진짜 양성 수가 다를 수 있습니다.

    Parameters
    ----------
    predicted_boxes : array_like, shape (n, 4)
        예측 상자. 탐지가 없으면 ``[]``\ 나 ``(0, 4)`` 배열을 줍니다. 상자 하나도
        ``[[x, y, w, h]]``\ 처럼 2차원으로 줍니다.
    scores : array_like, shape (n,)
        예측 상자의 신뢰도(유한한 실수).
    true_boxes : array_like, shape (m, 4)
        실제 상자.
    iou_threshold : float, default 0.5
        진짜 양성으로 인정할 최소 IoU(0보다 크고 1 이하).
    box_format : {"center", "corners"}, default "center"
        상자 표기(:func:`iou` 와 같음).

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        입력 순서대로, 탐지마다 진짜 양성인지.

    Raises
    ------
    ValueError
        상자 배열이 ``(개수, 4)`` 모양이 아니거나, ``scores``\ 가 1차원이 아니거나 개수가 다르거나
        NaN·무한대가 있을 때, ``iou_threshold``\ 가 범위를 벗어날 때, 상자 값이 잘못되었을 때.
        메시지에 인자 이름과 모양 또는 값이 들어갑니다.

    Examples
    --------
    두 실제 상자 A, B와 두 탐지. 신뢰도가 높은 탐지가 A를 차지한 뒤, 두 번째 탐지는 A와 더 많이
    겹치지만 짝이 없는 B와도 IoU가 0.5 이상이라 B와 짝지어집니다(VOC 규칙이면 거짓 양성).

    >>> truth = [[0, 0, 10, 10], [0, 2, 10, 12]]           # A, B (corners)
    >>> detections = [[0, 0, 10, 10], [0, 0.5, 10, 10.5]]  # A와 같음 / A와 0.90, B와 0.74
    >>> match_detections(detections, [0.9, 0.8], truth, box_format="corners").tolist()
    [True, True]
    """
    if box_format not in BOX_FORMATS:
        raise ValueError(
            f"알 수 없는 상자 표기입니다: box_format={box_format!r}. "
            f"다음 중 하나를 쓰세요: {', '.join(BOX_FORMATS)}"
        )
    predicted = _box_matrix(predicted_boxes, "predicted_boxes", box_format)
    truth = _box_matrix(true_boxes, "true_boxes", box_format)
    confidences = finite_vector(scores, "scores")
    if len(confidences) != len(predicted):
        raise ValueError(
            f"scores({len(confidences)}개)와 predicted_boxes({len(predicted)}개)의 개수가 다릅니다"
        )
    if (
        not isinstance(iou_threshold, numbers.Real)
        or isinstance(iou_threshold, (bool, np.bool_))
        or not 0 < float(iou_threshold) <= 1
    ):
        raise ValueError(
            f"iou_threshold는 0보다 크고 1 이하인 수여야 합니다: iou_threshold={iou_threshold!r}"
        )
    hits = np.zeros(len(predicted), dtype=bool)
    taken = np.zeros(len(truth), dtype=bool)
    for index in np.argsort(-confidences, kind="stable"):
        if len(truth) == 0:
            break
        overlaps = np.atleast_1d(iou(predicted[index], truth, box_format=box_format))
        overlaps[taken] = -1
        best = int(np.argmax(overlaps))
        if overlaps[best] >= iou_threshold:
            hits[index] = True
            taken[best] = True
    return hits


def _box_matrix(boxes, name: str, box_format: str) -> np.ndarray:
    """``(개수, 4)`` 상자 배열을 확인합니다. 빈 목록은 상자 0개로 받습니다(모양을 바꾸지 않음)."""
    array = float_array(boxes, name)
    if array.size == 0 and array.ndim == 1:
        return np.zeros((0, 4))
    if array.ndim != 2 or array.shape[1] != 4:
        raise ValueError(
            f"{name}는 (상자 수, 4) 크기의 2차원 배열이어야 합니다: shape={array.shape}. "
            "상자 하나도 [[x, y, w, h]]처럼 감싸서 주세요"
        )
    _as_corners(array, box_format, name)  # 값 확인(NaN, 음수 너비 등)
    return array


# ---------------------------------------------------------------------------------------------
# 여러 이미지, 여러 클래스의 탐지 결과 평가(COCO 방식). 아래는 모두 위의 함수를 조합합니다.
# ---------------------------------------------------------------------------------------------


__all__ += [
    "COCO_IOU_THRESHOLDS",
    "COCO_RECALL_LEVELS",
    "DetectionEvaluation",
    "evaluate_detections",
]

COCO_IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)
"""COCO의 IoU 임곗값 0.50, 0.55, ..., 0.95(10개). 이 임곗값들의 평균 AP가 AP@[.50:.95]입니다."""

COCO_RECALL_LEVELS = np.linspace(0, 1, 101)
r"""COCO의 재현율 기준점 0, 0.01, ..., 1(101개). :func:`average_precision` 의
``recall_levels``\ 로 주면 COCO와 같은 101점 보간 AP가 됩니다."""


@dataclass(frozen=True)
class DetectionEvaluation:
    r""":func:`evaluate_detections` 의 결과.

    Attributes
    ----------
    iou_thresholds : numpy.ndarray, shape (t,)
        평가한 IoU 임곗값.
    average_precisions : numpy.ndarray, shape (t, num_classes)
        임곗값과 클래스마다의 AP. 실제 객체가 하나도 없는 클래스는 NaN입니다(평균에서 빠집니다).
    precisions, recalls : tuple of tuple of numpy.ndarray
        ``[임곗값 번호][클래스]``\ 마다 신뢰도 순으로 탐지를 받아들일 때의 정밀도와 재현율 곡선.
    num_ground_truths : numpy.ndarray of int, shape (num_classes,)
        클래스마다의 실제 객체 수.
    """

    iou_thresholds: np.ndarray
    average_precisions: np.ndarray
    precisions: tuple
    recalls: tuple
    num_ground_truths: np.ndarray

    def _row(self, iou_threshold: float) -> int:
        if (not isinstance(iou_threshold, numbers.Real) or isinstance(iou_threshold, (bool, np.bool_))
                or not np.isfinite(iou_threshold)):
            raise ValueError(f"iou_threshold는 유한한 실수여야 합니다: iou_threshold={iou_threshold!r}")
        matches = np.flatnonzero(np.isclose(self.iou_thresholds, iou_threshold))
        if matches.size == 0:
            raise ValueError(
                f"평가하지 않은 IoU 임곗값입니다: iou_threshold={iou_threshold!r}. "
                f"평가한 값: {np.round(self.iou_thresholds, 2).tolist()}"
            )
        return int(matches[0])

    def per_class(self, iou_threshold: float = 0.5) -> np.ndarray:
        """IoU 임곗값 하나에서 클래스마다의 AP(실제 객체가 없는 클래스는 NaN)."""
        return self.average_precisions[self._row(iou_threshold)].copy()

    def mean_average_precision(self, iou_threshold: float | None = None) -> float:
        r"""mAP. ``iou_threshold``\ 를 주면 그 임곗값의 mAP(예: 0.5 → mAP@0.5), 주지 않으면 모든
        임곗값과 클래스의 평균(:data:`COCO_IOU_THRESHOLDS` 로 평가했다면 AP@[.50:.95])."""
        values = self.average_precisions if iou_threshold is None else self.per_class(iou_threshold)
        if np.isnan(values).all():
            raise ValueError("실제 객체가 있는 클래스가 하나도 없어 mAP를 정의할 수 없습니다")
        return float(np.nanmean(values))

    def curve(self, class_index: int, iou_threshold: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
        """클래스 하나의 (정밀도, 재현율) 곡선.

        Raises
        ------
        TypeError
            ``class_index``\\ 가 정수가 아닐 때(``bool`` 도 받지 않습니다).
        IndexError
            ``class_index``\\ 가 0 이상 클래스 수 미만이 아닐 때(음수로 뒤에서 세지 않습니다).
        ValueError
            평가하지 않은 ``iou_threshold``\\ 일 때.
        """
        num_classes = len(self.num_ground_truths)
        if isinstance(class_index, (bool, np.bool_)) or not isinstance(class_index, numbers.Integral):
            raise TypeError(f"class_index는 정수여야 합니다: class_index={class_index!r}")
        if not 0 <= int(class_index) < num_classes:
            raise IndexError(
                f"class_index는 0 이상 {num_classes} 미만이어야 합니다(클래스 {num_classes}개): "
                f"class_index={class_index!r}"
            )
        row = self._row(iou_threshold)
        return self.precisions[row][int(class_index)], self.recalls[row][int(class_index)]


def evaluate_detections(
    predicted_boxes,
    predicted_scores,
    predicted_labels,
    true_boxes,
    true_labels,
    *,
    num_classes: int,
    iou_thresholds: npt.ArrayLike = COCO_IOU_THRESHOLDS,
    recall_levels: npt.ArrayLike = COCO_RECALL_LEVELS,
    box_format: str = "corners",
) -> DetectionEvaluation:
    r"""여러 이미지의 탐지 결과로 클래스마다, IoU 임곗값마다 AP를 계산합니다(COCO 방식).

    IoU 임곗값과 클래스마다 다음을 합니다.

    1. 이미지마다 그 클래스의 탐지와 실제 상자를 :func:`match_detections` 로 짝짓습니다(신뢰도가 높은
       탐지부터, 아직 짝이 없는 실제 상자 가운데 IoU가 가장 큰 것과. COCO의 규칙입니다).
    2. 모든 이미지의 판정을 모아 신뢰도 순으로 :func:`precision_recall_curve` 를 그립니다.
    3. :func:`average_precision` 으로 ``recall_levels``\ (기본: COCO의 101점)에서 AP를 구합니다.

    기본 인자로는 pycocotools의 ``COCOeval``\ (``iouType="bbox"``, 넓이 범위 전체)과 같은 값을
    냅니다. 다만 COCO처럼 이미지당 탐지를 100개로 자르지는 않습니다.

    Parameters
    ----------
    predicted_boxes, predicted_scores, predicted_labels : sequence
        이미지마다의 예측 상자 ``(n_i, 4)``, 신뢰도 ``(n_i,)``, 클래스 ``(n_i,)``.
    true_boxes, true_labels : sequence
        이미지마다의 실제 상자 ``(m_i, 4)``\ 와 클래스 ``(m_i,)``.
    num_classes : int
        클래스 수. 클래스는 ``0``\ 부터 ``num_classes - 1``\ 까지입니다.
    iou_thresholds : array_like of float, default :data:`COCO_IOU_THRESHOLDS`
        평가할 IoU 임곗값.
    recall_levels : array_like of float, default :data:`COCO_RECALL_LEVELS`
        AP를 낼 재현율 기준점. ``np.linspace(0, 1, 11)``\ 이면 VOC 2007의 11점 AP입니다.
    box_format : {"corners", "center"}, default "corners"
        상자 표기(:func:`iou` 와 같음).

    Returns
    -------
    DetectionEvaluation
        AP 표와 곡선. ``mean_average_precision(0.5)``\ 가 mAP@0.5,
        ``mean_average_precision()``\ 이 AP@[.50:.95]입니다.

    Raises
    ------
    ValueError
        이미지 수가 인자마다 다르거나, 한 이미지의 상자가 정확히 ``(개수, 4)``\ 가 아니거나(NaN,
        음수 너비 포함), 신뢰도에 NaN이 있거나, 클래스가 정수가 아니거나 범위 밖이거나, 길이가 맞지
        않을 때(:func:`match_detections` 와 같은 규칙). 메시지에 인자 이름과 이미지 번호가 들어갑니다.
    """
    num_classes = positive_int(num_classes, "num_classes")
    columns = {
        "predicted_boxes": predicted_boxes, "predicted_scores": predicted_scores,
        "predicted_labels": predicted_labels, "true_boxes": true_boxes, "true_labels": true_labels,
    }
    for name, value in columns.items():
        if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
            raise ValueError(f"{name}는 이미지마다 하나씩인 목록이어야 합니다: {name}={value!r}")
    lengths = {name: len(value) for name, value in columns.items()}
    if len(set(lengths.values())) != 1:
        raise ValueError(f"이미지 수가 인자마다 다릅니다: {lengths}")
    thresholds = unit_interval_vector(iou_thresholds, "iou_thresholds")
    if (thresholds <= 0).any():
        raise ValueError(f"iou_thresholds는 0보다 커야 합니다: {iou_thresholds!r}")
    levels = unit_interval_vector(recall_levels, "recall_levels")
    if box_format not in BOX_FORMATS:
        raise ValueError(
            f"알 수 없는 상자 표기입니다: box_format={box_format!r}. "
            f"다음 중 하나를 쓰세요: {', '.join(BOX_FORMATS)}"
        )

    images = []
    for index in range(lengths["true_boxes"]):
        # match_detections와 같은 규칙: 상자는 정확히 (개수, 4), 신뢰도는 유한한 1차원, 클래스는
        # 0 이상 num_classes 미만의 정수. 실제 상자는 그 클래스의 탐지가 없어도 확인합니다.
        boxes = _box_matrix(predicted_boxes[index], f"predicted_boxes[{index}]", box_format)
        scores = finite_vector(predicted_scores[index], f"predicted_scores[{index}]")
        labels = label_vector(predicted_labels[index], f"predicted_labels[{index}]", num_classes)
        truth = _box_matrix(true_boxes[index], f"true_boxes[{index}]", box_format)
        truth_labels = label_vector(true_labels[index], f"true_labels[{index}]", num_classes)
        if not len(boxes) == len(scores) == len(labels) or len(truth) != len(truth_labels):
            raise ValueError(
                f"이미지 {index}: 상자와 신뢰도·클래스의 개수가 다릅니다(예측 {len(boxes)}/{len(scores)}/"
                f"{len(labels)}, 실제 {len(truth)}/{len(truth_labels)})"
            )
        images.append((boxes, scores, labels, truth, truth_labels))

    num_truths = np.zeros(num_classes, dtype=int)
    for *_, truth_labels in images:
        num_truths += np.bincount(truth_labels, minlength=num_classes)
    table = np.full((len(thresholds), num_classes), np.nan)
    precisions = [[np.zeros(0)] * num_classes for _ in thresholds]
    recalls = [[np.zeros(0)] * num_classes for _ in thresholds]
    for row, threshold in enumerate(thresholds):
        for class_index in range(num_classes):
            hits, scores = [], []
            for boxes, image_scores, labels, truth, truth_labels in images:
                mine = labels == class_index
                if not mine.any():
                    continue
                hits.append(match_detections(boxes[mine], image_scores[mine],
                                             truth[truth_labels == class_index],
                                             iou_threshold=float(threshold), box_format=box_format))
                scores.append(image_scores[mine])
            if num_truths[class_index] == 0:
                continue
            if not hits:
                table[row, class_index] = 0.0
                continue
            p, r = precision_recall_curve(np.concatenate(hits), np.concatenate(scores),
                                          int(num_truths[class_index]))
            precisions[row][class_index], recalls[row][class_index] = p, r
            table[row, class_index] = average_precision(p, r, recall_levels=levels)
    return DetectionEvaluation(
        iou_thresholds=thresholds,
        average_precisions=table,
        precisions=tuple(tuple(row) for row in precisions),
        recalls=tuple(tuple(row) for row in recalls),
        num_ground_truths=num_truths,
    )
