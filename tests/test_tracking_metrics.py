"""cnn_vision.tracking의 MOTA, MOTP, IDF1, ID 전환을 motmetrics 패키지의 결과와 비교합니다.

비교하는 영상에는 엇갈림(ID가 서로 바뀜), 놓침, 거짓 양성, 사라졌다 다시 나타나는 객체가 모두 있습니다.
motmetrics의 ``motp``\\ 는 평균 거리(1 - IoU)이므로 이 라이브러리의 MOTP(평균 IoU)는 ``1 - motp``\\ 와
비교합니다. 거리 행렬은 motmetrics의 ``boxiou``\\ 로 따로 계산합니다(이 라이브러리의 IoU를 쓰지 않음).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

motmetrics = pytest.importorskip("motmetrics")

from cnn_vision.sequences import make_detections, make_sequences  # noqa: E402
from cnn_vision.tracking import TrackingScores, combine, evaluate_tracking  # noqa: E402

pytestmark = pytest.mark.unit

HANGUL = re.compile("[가-힣]")
METRICS = ["mota", "motp", "idf1", "num_switches", "num_misses", "num_false_positives",
           "num_objects", "num_predictions", "idtp"]


def accumulate(ground_truth, hypotheses, threshold=0.5):
    accumulator = motmetrics.MOTAccumulator(auto_id=True)
    for (object_ids, object_boxes), (track_ids, track_boxes) in zip(ground_truth, hypotheses):
        def xywh(boxes):
            boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
            return np.concatenate([boxes[:, :2], boxes[:, 2:] - boxes[:, :2]], axis=1)

        if len(object_ids) and len(track_ids):
            distance = 1 - motmetrics.distances.boxiou(xywh(object_boxes)[:, None], xywh(track_boxes)[None])
            distance = np.where(distance > 1 - threshold, np.nan, distance)
        else:
            distance = np.empty((len(object_ids), len(track_ids)))
        accumulator.update(list(object_ids), list(track_ids), distance)
    return accumulator


def reference(accumulators):
    handler = motmetrics.metrics.create()
    names = [str(i) for i in range(len(accumulators))]
    return handler.compute_many(accumulators, metrics=METRICS, names=names, generate_overall=True)


def assert_agrees(ours: TrackingScores, theirs):
    assert ours.mota == pytest.approx(theirs["mota"], abs=1e-6)
    assert ours.motp == pytest.approx(1 - theirs["motp"], abs=1e-6)
    assert ours.idf1 == pytest.approx(theirs["idf1"], abs=1e-6)
    assert ours.num_switches == theirs["num_switches"]
    assert ours.num_misses == theirs["num_misses"]
    assert ours.num_false_positives == theirs["num_false_positives"]
    assert ours.num_objects == theirs["num_objects"]
    assert ours.num_predictions == theirs["num_predictions"]
    assert ours.idtp == theirs["idtp"]


def messy_tracks(seed: int, frames: int = 40, objects: int = 6):
    """움직이는 상자들과, 가끔 ID를 맞바꾸고 놓치고 헛것을 내는 가짜 추적 결과."""
    rng = np.random.default_rng(seed)
    position = rng.uniform(0, 80, size=(objects, 2))
    velocity = rng.normal(0, 2, size=(objects, 2))
    size = rng.uniform(10, 25, size=(objects, 2))
    names = np.arange(objects) + 100
    ground_truth, hypotheses = [], []
    for t in range(frames):
        position = position + velocity
        boxes = np.concatenate([position, position + size], axis=1)
        visible = np.flatnonzero(rng.random(objects) < 0.9)
        ground_truth.append((visible, boxes[visible]))
        if rng.random() < 0.15:  # 두 트랙의 ID가 서로 바뀜(엇갈림)
            a, b = rng.choice(objects, 2, replace=False)
            names[[a, b]] = names[[b, a]]
        if rng.random() < 0.05:  # 트랙 하나가 새 ID로 다시 시작
            names[rng.integers(objects)] = 1000 + t
        found = np.flatnonzero(rng.random(objects) < 0.85)
        jittered = boxes[found] + rng.normal(0, 2.5, size=(len(found), 4))
        jittered[:, 2:] = np.maximum(jittered[:, 2:], jittered[:, :2] + 1)
        extra = rng.poisson(0.6)
        corner = rng.uniform(0, 80, size=(extra, 2))
        fake = np.concatenate([corner, corner + 15], axis=1)
        ids = np.concatenate([names[found], 5000 + 10 * t + np.arange(extra)])
        order = rng.permutation(len(ids))
        hypotheses.append((ids[order], np.concatenate([jittered, fake])[order]))
    return ground_truth, hypotheses


@pytest.mark.parametrize("threshold", [0.5, 0.3])
def test_metrics_agree_with_motmetrics_on_sequences_with_switches_misses_and_false_positives(threshold):
    ours, accumulators = [], []
    for seed in range(25):
        ground_truth, hypotheses = messy_tracks(seed)
        ours.append(evaluate_tracking(ground_truth, hypotheses, iou_threshold=threshold))
        accumulators.append(accumulate(ground_truth, hypotheses, threshold))
    summary = reference(accumulators)
    assert sum(result.num_switches for result in ours) > 50  # 전환이 실제로 많이 일어나는 경우입니다
    for index, result in enumerate(ours):
        assert_agrees(result, summary.loc[str(index)])
    assert_agrees(combine(ours), summary.loc["OVERALL"])


def test_metrics_agree_with_motmetrics_on_generated_sequences_with_crossings():
    # 정답 ID로 만든 탐지를 가설로 쓰되, 두 아이템이 처음 겹친 뒤부터 두 ID를 맞바꿉니다.
    rng = np.random.default_rng(0)
    items = np.zeros((20, 28, 28), np.uint8)
    items[:, 4:24, 6:22] = rng.integers(1, 255, size=(20, 20, 16))
    sequences = make_sequences(items, np.arange(20) % 10, 8, num_frames=40, canvas_size=80, seed=4)
    ours, accumulators, swapped = [], [], 0
    for index, sequence in enumerate(sequences):
        detections = make_detections(sequence, position_noise=1.5, miss_rate=0.1, false_positives=0.3,
                                     seed=index)
        ids = detections.object_ids.copy()
        ids[ids < 0] = 1000 + np.arange((ids < 0).sum())
        # 다른 아이템에 가려진 첫 (프레임, 아이템)과, 그 상자 안에서 그것을 가린 아이템
        for frame, item in np.argwhere(sequence.present & (sequence.visibility < 1)):
            x_min, y_min, x_max, y_max = sequence.boxes[frame, item].astype(int)
            inside = sequence.id_maps[frame, y_min:y_max, x_min:x_max]
            hiders = np.unique(inside[(inside != item) & (inside >= 0)])
            if hiders.size:
                later = detections.frame >= frame
                first, second = later & (ids == item), later & (ids == hiders[0])
                ids[first], ids[second] = hiders[0], item
                swapped += 1
                break
        hypotheses = [(ids[detections.indices(t)], detections.in_frame(t)) for t in range(len(sequence))]
        ground_truth = sequence.ground_truth()
        ours.append(evaluate_tracking(ground_truth, hypotheses))
        accumulators.append(accumulate(ground_truth, hypotheses))
    summary = reference(accumulators)
    assert swapped >= 4
    for index, result in enumerate(ours):
        assert_agrees(result, summary.loc[str(index)])
    assert_agrees(combine(ours), summary.loc["OVERALL"])


def test_a_hand_counted_sequence():
    # 객체 1을 트랙 7이 따라가다 프레임 2에서 트랙 8로 바뀜, 프레임 3에서 놓침, 헛것 하나.
    box = [0, 0, 10, 10]
    ground_truth = [([1], [box]), ([1], [box]), ([1], [box]), ([1], [box])]
    hypotheses = [([7], [box]), ([7, 9], [box, [50, 50, 60, 60]]), ([8], [box]), ([], [])]
    scores = evaluate_tracking(ground_truth, hypotheses)
    counts = (scores.num_objects, scores.num_misses, scores.num_false_positives, scores.num_switches)
    assert counts == (4, 1, 1, 1)
    assert scores.mota == pytest.approx(1 - 3 / 4)
    assert scores.motp == 1.0
    assert scores.idtp == 2 and scores.idf1 == pytest.approx(2 * 2 / (4 + 4))
    switches = [(s.frame, s.object_id, s.previous_hypothesis, s.hypothesis) for s in scores.switches]
    assert switches == [(2, 1, 7, 8)]


def test_an_earlier_match_is_kept_even_when_another_track_fits_better():
    # CLEAR MOT 1단계: 전에 짝이었던 트랙이 아직 IoU 조건을 지키면, 더 잘 맞는 트랙이 있어도 유지합니다.
    ground_truth = [([1], [[0, 0, 10, 10]]), ([1], [[0, 0, 10, 10]])]
    hypotheses = [([7], [[0, 0, 10, 10]]), ([7, 8], [[0, 0, 10, 6], [0, 0, 10, 10]])]
    scores = evaluate_tracking(ground_truth, hypotheses)
    assert scores.num_switches == 0 and scores.num_false_positives == 1
    assert scores.motp == pytest.approx((1 + 0.6) / 2)


def test_empty_frames_and_empty_sequences_are_counted():
    scores = evaluate_tracking([([], []), ([], [])], [([], []), ([3], [[0, 0, 1, 1]])])
    assert scores.num_frames == 2 and scores.num_false_positives == 1
    assert np.isnan(scores.mota) and np.isnan(scores.motp) and scores.idf1 == 0.0


BAD_CALLS = [
    (lambda: evaluate_tracking([([1], [[0, 0, 1, 1]])], []), "1와 0"),
    (lambda: evaluate_tracking([([1, 1], [[0, 0, 1, 1]] * 2)], [([], [])]), "ID [1]"),
    (lambda: evaluate_tracking([([1], [[0, 0, 1]])], [([], [])]), "boxes.shape=(1, 3)"),
    (lambda: evaluate_tracking([([1], [[2, 0, 1, 1]])], [([], [])]), "[2.0, 0.0, 1.0, 1.0]"),
    (lambda: evaluate_tracking([([1], [[0, np.nan, 1, 1]])], [([], [])]), "nan"),
    (lambda: evaluate_tracking([([1.5], [[0, 0, 1, 1]])], [([], [])]), "ids=[1.5]"),
    (lambda: evaluate_tracking([([], [])], [([], [])], iou_threshold=0), "iou_threshold=0"),
    (lambda: evaluate_tracking("frames", []), "ground_truth='frames'"),
    (lambda: evaluate_tracking([5], [([], [])]), "ground_truth[0]=5"),
    (lambda: combine([]), "results=[]"),
    (lambda: combine([1]), "results[0]"),
]


@pytest.mark.parametrize("call, named", BAD_CALLS, ids=[named for _, named in BAD_CALLS])
def test_bad_input_raises_a_korean_error_naming_the_value(call, named):
    with pytest.raises(ValueError) as error:
        call()
    assert HANGUL.search(str(error.value))
    assert named in str(error.value)
