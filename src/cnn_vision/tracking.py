r"""다중 객체 추적(MOT)의 평가 지표: MOTA, MOTP, IDF1, ID 전환.

추적기의 출력(가설, hypothesis)은 프레임마다 ``(트랙 ID들, 상자들)``\ 이고, 정답도 프레임마다
``(객체 ID들, 상자들)``\ 입니다. 상자는 ``"corners"`` 표기 ``(x_min, y_min, x_max, y_max)``\ 이고,
정답 상자와 가설 상자는 IoU가 ``iou_threshold``\ (기본 0.5) 이상일 때만 짝이 될 수 있습니다.

**CLEAR MOT(MOTA, MOTP, ID 전환).** 프레임마다 다음 순서로 짝을 짓습니다(Bernardin과
Stiefelhagen, 2008; ``motmetrics`` 패키지와 같은 규칙).

1. 전에 짝이었던 (객체, 가설)이 이 프레임에도 둘 다 있고 IoU 조건을 지키면 그대로 짝을 유지합니다.
   "전에"는 바로 앞 프레임이 아니라 그 객체가 마지막으로 짝을 맺었던 때입니다.
2. 남은 객체와 가설은 헝가리안 알고리즘으로 짝을 지어, 짝의 수를 가장 많게 하고 그중에서 거리
   ``1 - IoU``\ 의 합을 가장 작게 합니다.
3. 2에서 어떤 객체가 전에 짝이었던 가설과 다른 가설과 짝이 되면 **ID 전환** 하나입니다.
4. 짝이 없는 객체는 놓침(FN), 짝이 없는 가설은 거짓 양성(FP)입니다.

.. math::

   \mathrm{MOTA} = 1 - \frac{\mathrm{FN} + \mathrm{FP} + \mathrm{IDSW}}
                             {\text{정답 객체 수(프레임마다 센 합)}},
   \qquad
   \mathrm{MOTP} = \frac{\sum_{\text{짝}} \mathrm{IoU}}{\text{짝의 수}}

MOTP는 MOT 챌린지가 보고하는 방식대로 짝지은 상자의 평균 IoU(클수록 좋음)입니다. ``motmetrics``\ 의
``motp``\ 는 평균 거리 ``1 - IoU``\ 이므로 이 값은 ``1 - motmetrics의 motp``\ 와 같습니다.

**IDF1.** 영상 전체에서 정답 궤적과 가설 궤적을 일대일로 한 번만 짝지어(각 쌍의 점수는 두 궤적이
함께 있고 IoU 조건을 지키는 프레임 수), 맞게 짝지어진 프레임 수(IDTP)를 가장 크게 합니다
(Ristani 외, 2016).

.. math::

   \mathrm{IDF1} = \frac{2\,\mathrm{IDTP}}{\text{정답 객체 수} + \text{가설 상자 수}}

여러 영상의 결과는 :func:`combine` 으로 더합니다. 셈을 모두 더한 뒤 비율을 다시 계산하므로
``motmetrics``\ 의 ``compute_many(..., generate_overall=True)``\ 가 내는 전체(OVERALL) 값과 같습니다.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from collections.abc import Sequence as SequenceType
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment

from cnn_vision.detection import iou

__all__ = ["IdentitySwitch", "TrackingScores", "combine", "evaluate_tracking"]

FrameBoxes = tuple[npt.ArrayLike, npt.ArrayLike]


@dataclass(frozen=True)
class IdentitySwitch:
    """ID 전환 하나: 프레임 ``frame``\\ 에서 객체 ``object_id``\\ 의 짝이 바뀌었습니다."""

    frame: int
    object_id: int
    previous_hypothesis: int
    hypothesis: int


@dataclass(frozen=True)
class TrackingScores:
    r"""추적 평가의 셈과 지표.

    Attributes
    ----------
    num_frames : int
        프레임 수.
    num_objects : int
        정답 객체 수(프레임마다 센 것의 합).
    num_predictions : int
        가설 상자 수(프레임마다 센 것의 합).
    num_true_positives : int
        짝지어진 (객체, 가설) 수. ID 전환이 일어난 짝도 셉니다.
    num_misses : int
        놓침(FN).
    num_false_positives : int
        거짓 양성(FP).
    num_switches : int
        ID 전환 수(IDSW).
    iou_sum : float
        짝지어진 상자들의 IoU 합.
    idtp : int
        IDF1의 전역 짝짓기로 맞게 짝지어진 프레임 수. :func:`combine` 은 영상마다의 값을 더합니다.
    switches : tuple of IdentitySwitch
        ID 전환 목록(프레임 순서). :func:`combine` 한 결과에서는 영상을 구분하지 않습니다.
    """

    num_frames: int
    num_objects: int
    num_predictions: int
    num_true_positives: int
    num_misses: int
    num_false_positives: int
    num_switches: int
    iou_sum: float
    idtp: int
    switches: tuple[IdentitySwitch, ...] = ()

    @property
    def mota(self) -> float:
        """MOTA = 1 - (FN + FP + IDSW) / 정답 객체 수. 정답 객체가 없으면 NaN."""
        if self.num_objects == 0:
            return float("nan")
        errors = self.num_misses + self.num_false_positives + self.num_switches
        return 1.0 - errors / self.num_objects

    @property
    def motp(self) -> float:
        """MOTP = 짝지어진 상자의 평균 IoU. 짝이 없으면 NaN."""
        if self.num_true_positives == 0:
            return float("nan")
        return self.iou_sum / self.num_true_positives

    @property
    def idf1(self) -> float:
        """IDF1 = 2 IDTP / (정답 객체 수 + 가설 상자 수). 둘 다 0이면 NaN."""
        total = self.num_objects + self.num_predictions
        return float("nan") if total == 0 else 2 * self.idtp / total

    def __add__(self, other: TrackingScores) -> TrackingScores:
        if not isinstance(other, TrackingScores):
            return NotImplemented
        values = {f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        return TrackingScores(**values)


def combine(results: Iterable[TrackingScores]) -> TrackingScores:
    r"""여러 영상의 :class:`TrackingScores` 를 더합니다(셈을 더한 뒤 지표를 다시 계산).

    Raises
    ------
    ValueError
        결과가 하나도 없거나 :class:`TrackingScores` 가 아닌 값이 있을 때.
    """
    items = list(results)
    if not items:
        raise ValueError("combine에 더할 결과가 하나도 없습니다: results=[]")
    for index, item in enumerate(items):
        if not isinstance(item, TrackingScores):
            raise ValueError(f"results[{index}]는 TrackingScores여야 합니다: {type(item).__name__}")
    total = items[0]
    for item in items[1:]:
        total = total + item
    return total


# --- 입력 확인 ------------------------------------------------------------------------------------


def _frame_boxes(entry, name: str, frame: int) -> tuple[np.ndarray, np.ndarray]:
    where = f"{name}[{frame}]"
    try:
        ids, boxes = entry
    except (TypeError, ValueError):
        raise ValueError(f"{where}는 (ID들, 상자들) 두 값이어야 합니다: {where}={entry!r}") from None
    ids = np.asarray(ids)
    if ids.ndim != 1 or not (np.issubdtype(ids.dtype, np.integer) or ids.size == 0):
        raise ValueError(f"{where}의 ID는 정수 1차원 배열이어야 합니다: ids={ids.tolist()!r}")
    if ids.dtype == bool:
        raise ValueError(f"{where}의 ID는 정수여야 합니다(bool이 아님): ids={ids.tolist()!r}")
    try:
        box_array = np.asarray(boxes, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{where}의 상자는 숫자 배열이어야 합니다: boxes={boxes!r}") from None
    if box_array.size == 0 and len(ids) == 0:
        box_array = box_array.reshape(0, 4)
    if box_array.shape != (len(ids), 4):
        raise ValueError(
            f"{where}의 상자는 (ID 수 {len(ids)}, 4) 배열이어야 합니다: boxes.shape={box_array.shape}"
        )
    if len(np.unique(ids)) != len(ids):
        values, counts = np.unique(ids, return_counts=True)
        raise ValueError(f"{where}에 같은 ID가 두 번 나옵니다: ID {values[counts > 1].tolist()}")
    if not np.isfinite(box_array).all():
        raise ValueError(f"{where}의 상자에 유한하지 않은 값(NaN, inf)이 있습니다: {box_array.tolist()}")
    bad = (box_array[:, 2] < box_array[:, 0]) | (box_array[:, 3] < box_array[:, 1])
    if bad.any():
        raise ValueError(
            f"{where}에 최댓값이 최솟값보다 작은 상자가 있습니다(표기 (x_min, y_min, x_max, y_max)): "
            f"{box_array[bad][0].tolist()}"
        )
    return ids.astype(np.int64), box_array


def _frames(values, name: str) -> list:
    if isinstance(values, (str, bytes)) or not isinstance(values, (SequenceType, np.ndarray)):
        raise ValueError(f"{name}는 프레임마다 (ID들, 상자들)을 담은 목록이어야 합니다: {name}={values!r}")
    return list(values)


def _threshold(value) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) \
            or not 0 < float(value) <= 1:
        raise ValueError(f"iou_threshold는 0보다 크고 1 이하인 수여야 합니다: iou_threshold={value!r}")
    return float(value)


# --- 평가 -----------------------------------------------------------------------------------------


def _assign(cost: np.ndarray, valid: np.ndarray) -> list[tuple[int, int]]:
    """짝의 수를 가장 많게, 그중 비용 합을 가장 작게 하는 짝짓기(허용된 칸만)."""
    if not valid.any():
        return []
    # 허용되지 않은 칸에 아주 큰 비용을 주면, 그런 칸을 하나 덜 쓰는 쪽이 언제나 더 쌉니다.
    largest = np.abs(cost[valid]).max() + 1.0
    big = 2.0 * min(cost.shape) * largest + 1.0
    rows, cols = linear_sum_assignment(np.where(valid, cost, big))
    return [(int(r), int(c)) for r, c in zip(rows, cols) if valid[r, c]]


def evaluate_tracking(
    ground_truth: SequenceType[FrameBoxes],
    hypotheses: SequenceType[FrameBoxes],
    *,
    iou_threshold: float = 0.5,
) -> TrackingScores:
    r"""영상 하나에서 추적 결과를 정답과 비교해 MOTA, MOTP, IDF1, ID 전환을 셉니다.

    Parameters
    ----------
    ground_truth : sequence of tuple
        프레임마다 정답 객체의 ID(정수, 한 프레임 안에서 서로 다름)와 상자 ``(n, 4)``.
        :meth:`cnn_vision.sequences.Sequence.ground_truth` 의 결과를 그대로 넣을 수 있습니다.
    hypotheses : sequence of tuple
        프레임마다 추적기가 낸 트랙 ID와 상자. ``ground_truth``\ 와 프레임 수가 같아야 합니다.
    iou_threshold : float, default 0.5
        짝이 될 수 있는 최소 IoU(0 초과 1 이하).

    Returns
    -------
    TrackingScores
        셈과 :attr:`~TrackingScores.mota`, :attr:`~TrackingScores.motp`,
        :attr:`~TrackingScores.idf1`, ID 전환 목록.

    Raises
    ------
    ValueError
        프레임 수가 다르거나, 한 프레임에 같은 ID가 두 번 있거나, 상자가 잘못되었을 때. 메시지에
        프레임 번호와 값이 들어갑니다.

    Examples
    --------
    >>> truth = [([1], [[0, 0, 10, 10]]), ([1], [[2, 0, 12, 10]])]
    >>> tracks = [([7], [[0, 0, 10, 10]]), ([8], [[2, 0, 12, 10]])]  # 두 번째 프레임에 ID가 바뀜
    >>> scores = evaluate_tracking(truth, tracks)
    >>> scores.num_switches, scores.mota, scores.idf1
    (1, 0.5, 0.5)
    """
    truth_frames = _frames(ground_truth, "ground_truth")
    hypothesis_frames = _frames(hypotheses, "hypotheses")
    if len(truth_frames) != len(hypothesis_frames):
        raise ValueError(
            "ground_truth와 hypotheses의 프레임 수가 다릅니다: "
            f"{len(truth_frames)}와 {len(hypothesis_frames)}"
        )
    threshold = _threshold(iou_threshold)
    max_distance = 1.0 - threshold

    last_partner: dict[int, int] = {}  # 객체 -> 마지막으로 짝이었던 가설
    counts = dict(objects=0, predictions=0, true_positives=0, misses=0, false_positives=0)
    iou_sum = 0.0
    switches: list[IdentitySwitch] = []
    truth_frames_of: dict[int, int] = {}
    hypothesis_frames_of: dict[int, int] = {}
    overlap_frames: dict[tuple[int, int], int] = {}

    for frame, (truth_entry, hypothesis_entry) in enumerate(zip(truth_frames, hypothesis_frames)):
        object_ids, object_boxes = _frame_boxes(truth_entry, "ground_truth", frame)
        track_ids, track_boxes = _frame_boxes(hypothesis_entry, "hypotheses", frame)
        counts["objects"] += len(object_ids)
        counts["predictions"] += len(track_ids)
        for o in object_ids.tolist():
            truth_frames_of[o] = truth_frames_of.get(o, 0) + 1
        for h in track_ids.tolist():
            hypothesis_frames_of[h] = hypothesis_frames_of.get(h, 0) + 1
        if len(object_ids) and len(track_ids):
            distance = 1.0 - np.asarray(iou(object_boxes[:, None], track_boxes[None], box_format="corners"))
        else:
            distance = np.zeros((len(object_ids), len(track_ids)))
        valid = distance <= max_distance
        for i, j in zip(*np.nonzero(valid)):
            pair = (int(object_ids[i]), int(track_ids[j]))
            overlap_frames[pair] = overlap_frames.get(pair, 0) + 1

        matched_rows = np.zeros(len(object_ids), dtype=bool)
        matched_cols = np.zeros(len(track_ids), dtype=bool)
        pairs: list[tuple[int, int]] = []
        if len(object_ids) and len(track_ids):
            # 1. 전의 짝을 유지합니다(객체 순서대로).
            column_of = {int(h): j for j, h in enumerate(track_ids)}
            for i, o in enumerate(object_ids.tolist()):
                j = column_of.get(last_partner[o]) if o in last_partner else None
                if j is not None and not matched_cols[j] and valid[i, j]:
                    matched_rows[i] = matched_cols[j] = True
                    pairs.append((i, j))
            # 2. 남은 것끼리 헝가리안 짝짓기.
            rows, cols = np.flatnonzero(~matched_rows), np.flatnonzero(~matched_cols)
            sub_valid = valid[np.ix_(rows, cols)]
            for a, b in _assign(distance[np.ix_(rows, cols)], sub_valid):
                i, j = int(rows[a]), int(cols[b])
                o, h = int(object_ids[i]), int(track_ids[j])
                # 3. 전의 짝과 다른 가설이면 ID 전환.
                if o in last_partner and last_partner[o] != h:
                    switches.append(IdentitySwitch(frame, o, last_partner[o], h))
                matched_rows[i] = matched_cols[j] = True
                pairs.append((i, j))
        for i, j in pairs:
            last_partner[int(object_ids[i])] = int(track_ids[j])
            iou_sum += 1.0 - float(distance[i, j])
        counts["true_positives"] += len(pairs)
        counts["misses"] += int((~matched_rows).sum())
        counts["false_positives"] += int((~matched_cols).sum())

    return TrackingScores(
        num_frames=len(truth_frames),
        num_objects=counts["objects"],
        num_predictions=counts["predictions"],
        num_true_positives=counts["true_positives"],
        num_misses=counts["misses"],
        num_false_positives=counts["false_positives"],
        num_switches=len(switches),
        iou_sum=iou_sum,
        idtp=_global_id_matches(truth_frames_of, hypothesis_frames_of, overlap_frames),
        switches=tuple(switches),
    )


def _global_id_matches(truth_frames_of, hypothesis_frames_of, overlap_frames) -> int:
    """IDTP: 정답 궤적과 가설 궤적을 일대일로 짝지어 겹친 프레임 수의 합을 가장 크게 합니다."""
    if not overlap_frames:
        return 0
    objects = sorted(truth_frames_of)
    tracks = sorted(hypothesis_frames_of)
    row = {o: r for r, o in enumerate(objects)}
    col = {h: c for c, h in enumerate(tracks)}
    gain = np.zeros((len(objects), len(tracks)))
    for (o, h), frames in overlap_frames.items():
        gain[row[o], col[h]] = frames
    rows, cols = linear_sum_assignment(gain, maximize=True)
    return int(gain[rows, cols].sum())
