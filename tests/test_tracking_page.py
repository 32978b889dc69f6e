"""추적 페이지(examples/09_tracking/plot_01_sort_deepsort.py)에 적힌 추적기를 손으로 만든 경우로 확인합니다.

페이지 전체를 실행하지 않고 칼만 필터 트랙, 짝짓기 함수, 추적기 클래스만 꺼내 씁니다(page_code).
페이지가 텐서플로를 import하므로 tf 표시를 붙입니다.
"""

from __future__ import annotations

import numpy as np
import pytest

from page_code import load_page_functions

pytestmark = pytest.mark.tf

PAGE = "09_tracking/plot_01_sort_deepsort.py"


@pytest.fixture(scope="module")
def page():
    return load_page_functions(PAGE, "box_to_measurement", "measurement_to_box", "associate",
                               "KalmanBoxTrack", "Tracker")


def moving_box(start, velocity, t, size=(20, 20)):
    x, y = start[0] + velocity[0] * t, start[1] + velocity[1] * t
    return np.array([x, y, x + size[0], y + size[1]], dtype=float)


def run(tracker, frames, features=None):
    outputs = []
    for index, boxes in enumerate(frames):
        outputs.append(tracker.step(np.asarray(boxes, dtype=float).reshape(-1, 4),
                                    None if features is None else np.asarray(features[index], dtype=float)))
    return outputs


# --- 짝짓기 ---------------------------------------------------------------------------------------


def test_associate_finds_the_minimum_total_cost_where_greedy_would_not(page):
    matches, rows, cols = page["associate"](np.array([[0.1, 0.2], [0.3, 0.9]]), max_cost=0.7)
    assert matches == [(0, 1), (1, 0)] and rows == [] and cols == []


def test_associate_drops_pairs_costlier_than_max_cost(page):
    cost = np.array([[0.1, 0.95, 0.9],
                     [0.9, 0.95, 0.2]])
    matches, rows, cols = page["associate"](cost, max_cost=0.7)
    assert matches == [(0, 0), (1, 2)] and rows == [] and cols == [1]
    matches, rows, cols = page["associate"](np.array([[0.8]]), max_cost=0.7)
    assert matches == [] and rows == [0] and cols == [0]


@pytest.mark.parametrize("shape", [(0, 3), (2, 0), (0, 0)])
def test_associate_handles_empty_cost_matrices(page, shape):
    matches, rows, cols = page["associate"](np.zeros(shape), max_cost=0.7)
    assert matches == [] and rows == list(range(shape[0])) and cols == list(range(shape[1]))


@pytest.mark.parametrize("seed", range(5))
def test_associate_matches_brute_force_over_all_permutations(page, seed):
    from itertools import permutations

    rng = np.random.default_rng(seed)
    cost = rng.random((4, 4))
    matches, _, _ = page["associate"](cost, max_cost=1.0)
    best = min(permutations(range(4)), key=lambda p: sum(cost[i, p[i]] for i in range(4)))
    assert sorted(matches) == [(i, best[i]) for i in range(4)]


# --- 칼만 필터 ------------------------------------------------------------------------------------


def test_box_conversions_are_inverse(page):
    box = np.array([3.0, 4.0, 13.0, 24.0])
    measurement = page["box_to_measurement"](box)
    assert measurement.tolist() == [[8.0, 14.0, 10.0, 20.0]]
    np.testing.assert_allclose(page["measurement_to_box"](measurement[0]), box)


def test_kalman_filter_learns_a_constant_velocity_and_predicts_the_next_box(page):
    track = page["KalmanBoxTrack"](0, moving_box((10, 40), (2, -1), 0))
    for t in range(1, 15):
        track.predict()
        track.update(moving_box((10, 40), (2, -1), t))
    assert track.mean[4:6] == pytest.approx([2, -1], abs=0.05)
    track.predict()
    np.testing.assert_allclose(track.box, moving_box((10, 40), (2, -1), 15), atol=0.1)


def test_prediction_uncertainty_grows_while_a_track_is_not_updated(page):
    track = page["KalmanBoxTrack"](0, moving_box((10, 40), (2, 0), 0))
    spreads = []
    for _ in range(4):
        track.predict()
        spreads.append(np.trace(track.project()[1]))
    assert spreads == sorted(spreads) and spreads[-1] > spreads[0]


# --- 트랙의 시작과 끝 ------------------------------------------------------------------------------


def page_constant(page, name):
    return page["Tracker"].step.__globals__[name]  # 페이지 코드의 이름 공간


def test_a_track_is_shown_only_after_min_hits_frames_and_keeps_its_id(page):
    min_hits = page_constant(page, "MIN_HITS")
    outputs = run(page["Tracker"](), [[moving_box((10, 10), (2, 1), t)] for t in range(8)])
    shown = [ids.tolist() for ids, _ in outputs]
    assert shown == [[]] * (min_hits - 1) + [[0]] * (8 - min_hits + 1)


def test_a_missed_detection_hides_the_track_for_that_frame_only(page):
    frames = [[moving_box((10, 10), (2, 1), t)] for t in range(10)]
    frames[6] = []
    outputs = run(page["Tracker"](), frames)
    assert [ids.tolist() for ids, _ in outputs][5:] == [[0], [], [0], [0], [0]]


def test_a_track_ends_after_max_misses_and_a_new_id_starts(page):
    max_misses = page_constant(page, "MAX_MISSES")
    gap = max_misses + 1
    frames = [[moving_box((10, 10), (1, 0), t)] for t in range(5)] + [[]] * gap \
        + [[moving_box((10, 10), (1, 0), t)] for t in range(5 + gap, 12 + gap)]
    tracker = page["Tracker"]()
    outputs = run(tracker, frames)
    ids = {int(i) for frame_ids, _ in outputs for i in frame_ids}
    assert ids == {0, 1}
    # 한 프레임 덜 놓치면 같은 트랙이 이어집니다.
    frames = frames[:5] + frames[6:]
    outputs = run(page["Tracker"](), frames)
    assert {int(i) for frame_ids, _ in outputs for i in frame_ids} == {0}


def test_a_one_frame_false_positive_never_becomes_a_track(page):
    frames = [[moving_box((10, 10), (1, 0), t)] for t in range(6)]
    frames[3] = frames[3] + [[80, 80, 95, 95]]
    outputs = run(page["Tracker"](), frames)
    assert all(set(ids.tolist()) <= {0} for ids, _ in outputs)


# --- 엇갈림 ---------------------------------------------------------------------------------------


def crossing_frames(bounce: bool, frames: int = 40):
    """두 상자가 y를 조금 달리해 서로를 향해 움직입니다. bounce면 만나는 순간 되돌아갑니다."""
    a_start, b_start = (10, 40), (90, 44)
    meet = 20  # 프레임 20에 x가 같아집니다(10 + 2t = 90 - 2t)
    result = []
    for t in range(frames):
        step = t if not bounce or t <= meet else 2 * meet - t
        result.append([moving_box(a_start, (2, 0), step), moving_box(b_start, (-2, 0), step)])
    return result


def ids_along(outputs, frames, which):
    """두 객체의 상자가 겹치지 않는 프레임마다, frames[t][which] 상자와 가장 많이 겹친 트랙의 ID."""
    found = []
    for (ids, boxes), truth in zip(outputs, frames):
        apart = min(truth[0][2], truth[1][2]) <= max(truth[0][0], truth[1][0])
        if len(ids) == 0 or not apart:
            continue
        target = truth[which]
        overlap = [max(0.0, min(b[2], target[2]) - max(b[0], target[0])) *
                   max(0.0, min(b[3], target[3]) - max(b[1], target[1])) for b in boxes]
        found.append(int(ids[int(np.argmax(overlap))]))
    return found


def test_the_kalman_prediction_carries_two_tracks_through_a_crossing(page):
    frames = crossing_frames(bounce=False)
    outputs = run(page["Tracker"](), frames)
    assert set(ids_along(outputs, frames, 0)) == {0}
    assert set(ids_along(outputs, frames, 1)) == {1}


def test_appearance_keeps_identities_when_objects_bounce_where_motion_alone_swaps_them(page):
    frames = crossing_frames(bounce=True)
    features = [[[1.0, 0.0], [0.0, 1.0]]] * len(frames)  # 객체마다 다른 외형 특징
    plain = run(page["Tracker"](), frames)
    with_appearance = run(page["Tracker"](use_appearance=True), frames, features)
    # 움직임만 보면 등속 예측을 따라 두 ID가 서로 바뀝니다.
    assert ids_along(plain, frames, 0)[-1] == 1 and ids_along(plain, frames, 1)[-1] == 0
    # 외형 특징을 쓰면 끝까지 자기 ID를 지킵니다.
    assert set(ids_along(with_appearance, frames, 0)) == {0}
    assert set(ids_along(with_appearance, frames, 1)) == {1}


def test_the_appearance_stage_refuses_detections_outside_the_mahalanobis_gate(page):
    # 생김새가 똑같아도 칼만 필터가 보기에 말이 안 되는 곳(멀리)의 탐지와는 짝짓지 않습니다.
    frames = [[moving_box((10, 10), (2, 0), t)] for t in range(6)] + [[[100, 100, 120, 120]]]
    features = [[[1.0, 0.0]]] * len(frames)
    outputs = run(page["Tracker"](use_appearance=True), frames, features)
    assert outputs[-1][0].tolist() == []
