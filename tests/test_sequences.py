"""cnn_vision.sequences: 상자, ID, 가림·보이는 정도 규칙을 손으로 센 값과 독립적인 다시 그리기로
확인합니다."""

from __future__ import annotations

import re

import numpy as np
import pytest

from cnn_vision.sequences import Detections, Sequence, make_detections, make_sequences, render_sequence
from conftest import random_items

pytestmark = pytest.mark.unit

HANGUL = re.compile("[가-힣]")


ITEMS, LABELS = random_items(40)


# --- 손으로 만든 영상 -------------------------------------------------------------------------------


def crossing_squares(depth):
    """4×4 정사각형 두 개가 y=3에서 서로를 향해 1픽셀씩 움직입니다(0: 값 100, 1: 값 200)."""
    frames = 9
    offsets = np.zeros((frames, 2, 2), dtype=int)
    offsets[:, :, 0] = 3
    offsets[:, 0, 1] = 4 + np.arange(frames)
    offsets[:, 1, 1] = 12 - np.arange(frames)
    patches = [np.full((4, 4), 100, np.uint8), np.full((4, 4), 200, np.uint8)]
    return render_sequence(patches, offsets, canvas_size=(10, 20), depth=depth)


def test_the_item_drawn_later_hides_the_other_and_boxes_include_hidden_pixels():
    sequence = crossing_squares(depth=[0, 1])  # 1이 위
    # 겹친 너비 = max(0, 4 - |8 - 2t|): t=3에서 2, t=4에서 4(완전히 가림), t=5에서 2
    expected_visibility_0 = [1, 1, 1, 0.5, 0, 0.5, 1, 1, 1]
    assert sequence.visibility[:, 0].tolist() == expected_visibility_0
    assert sequence.visibility[:, 1].tolist() == [1.0] * 9
    assert sequence.present[:, 0].tolist() == [True, True, True, True, False, True, True, True, True]
    for t in range(9):
        assert sequence.boxes[t, 0].tolist() == [4 + t, 3, 8 + t, 7]
        assert sequence.boxes[t, 1].tolist() == [12 - t, 3, 16 - t, 7]
    # 완전히 가려진 프레임에는 1의 픽셀만 보입니다.
    assert set(np.unique(sequence.frames[4]).tolist()) == {0, 200}
    assert set(np.unique(sequence.id_maps[4]).tolist()) == {-1, 1}
    # 반쯤 가려진 프레임(t=3: 0은 x 7~10, 1은 x 9~12): 겹친 두 열은 위의 아이템(1)의 값과 ID
    assert sequence.id_maps[3, 3:7, 7:13].tolist() == [[0, 0, 1, 1, 1, 1]] * 4
    assert sequence.frames[3, 3:7, 7:13].tolist() == [[100, 100, 200, 200, 200, 200]] * 4
    ids, boxes = sequence.objects(4)
    assert ids.tolist() == [1] and boxes.tolist() == [[8, 3, 12, 7]]


def test_reversing_the_depth_order_reverses_who_is_hidden():
    sequence = crossing_squares(depth=[1, 0])  # 0이 위
    assert sequence.visibility[:, 1].tolist() == [1, 1, 1, 0.5, 0, 0.5, 1, 1, 1]
    assert sequence.visibility[:, 0].tolist() == [1.0] * 9
    assert set(np.unique(sequence.frames[4]).tolist()) == {0, 100}


def test_items_at_the_edge_get_clipped_boxes_and_leave_the_ground_truth_outside():
    square = np.full((4, 4), 50, np.uint8)
    offsets = np.array([[[2, -4]], [[2, -3]], [[2, -2]], [[2, 0]], [[2, 7]], [[2, 9]]])
    sequence = render_sequence([square], offsets, canvas_size=(8, 10), min_visibility=0.3)
    assert sequence.boxes[:, 0].tolist() == [
        [0, 0, 0, 0], [0, 2, 1, 6], [0, 2, 2, 6], [0, 2, 4, 6], [7, 2, 10, 6], [9, 2, 10, 6]]
    assert sequence.visibility[:, 0].tolist() == [0, 0.25, 0.5, 1, 0.75, 0.25]
    assert sequence.present[:, 0].tolist() == [False, False, True, True, True, False]


def test_boxes_hug_the_nonzero_pixels_left_inside_the_canvas():
    # 캔버스 밖으로 나간 뒤 남은 부분의 0이 아닌 픽셀만 감쌉니다(잘린 직사각형 전체가 아님).
    patch = np.array([[9, 0, 0, 0],
                      [0, 0, 0, 9]], dtype=np.uint8)
    sequence = render_sequence([patch], np.array([[[5, -1]], [[5, 0]]]), canvas_size=10)
    assert sequence.boxes[0, 0].tolist() == [2, 6, 3, 7]
    assert sequence.visibility[0, 0] == 0.5
    assert sequence.boxes[1, 0].tolist() == [0, 5, 4, 7]


def test_patches_are_cropped_to_their_nonzero_pixels_before_placing():
    patch = np.zeros((6, 6), np.uint8)
    patch[2:4, 1:3] = 7
    sequence = render_sequence([patch], np.array([[[0, 0]]]), canvas_size=5)
    assert sequence.boxes[0, 0].tolist() == [0, 0, 2, 2]
    assert sequence.patches[0].shape == (2, 2)


def test_items_not_alive_are_not_drawn():
    square = np.full((2, 2), 9, np.uint8)
    alive = np.array([[True, False], [False, True]])
    offsets = np.array([[[0, 0], [0, 0]], [[0, 0], [0, 0]]])
    sequence = render_sequence([square, square], offsets, canvas_size=4, alive=alive)
    assert sequence.visibility.tolist() == [[1, 0], [0, 1]]
    assert sequence.boxes[0, 1].tolist() == [0, 0, 0, 0]


# --- 무작위 영상을 독립적으로 다시 그리기 ---------------------------------------------------------


def repaint(sequence: Sequence):
    """픽셀 하나씩 칠하는 단순한 방법으로 프레임, ID 맵, 아이템별 상자와 보이는 정도를 다시 계산합니다."""
    height, width = sequence.canvas_shape
    frames = np.zeros_like(sequence.frames)
    id_maps = np.full(sequence.id_maps.shape, -1)
    boxes = np.zeros(sequence.boxes.shape)
    for t in range(len(sequence)):
        for k in sorted(range(sequence.num_items), key=lambda k: sequence.depth[k]):
            if not sequence.alive[t, k]:
                continue
            top, left = sequence.offsets[t, k]
            alone = np.zeros((height, width), dtype=bool)
            for r, c in zip(*np.nonzero(sequence.patches[k])):
                y, x = top + r, left + c
                if 0 <= y < height and 0 <= x < width:
                    frames[t, y, x] = sequence.patches[k][r, c]
                    id_maps[t, y, x] = k
                    alone[y, x] = True
            if alone.any():
                ys, xs = np.nonzero(alone)
                boxes[t, k] = [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1]
    totals = np.array([np.count_nonzero(p) for p in sequence.patches])
    visibility = np.stack([(id_maps == k).sum(axis=(1, 2)) for k in range(sequence.num_items)], axis=1)
    return frames, id_maps, boxes, visibility / totals


@pytest.fixture(scope="module")
def sequences():
    return make_sequences(ITEMS, LABELS, 6, num_frames=30, canvas_size=64, num_objects=(3, 5),
                          speed_range=(1.0, 3.0), seed=3)


def test_random_sequences_match_an_independent_pixel_by_pixel_repaint(sequences):
    for sequence in sequences:
        frames, id_maps, boxes, visibility = repaint(sequence)
        np.testing.assert_array_equal(sequence.frames, frames)
        np.testing.assert_array_equal(sequence.id_maps, id_maps)
        np.testing.assert_array_equal(sequence.boxes, boxes)
        np.testing.assert_allclose(sequence.visibility, visibility, rtol=1e-6)
        np.testing.assert_array_equal(sequence.present, sequence.visibility >= 0.25)


def test_ground_truth_lists_exactly_the_present_items_with_their_boxes(sequences):
    for sequence in sequences:
        truth = sequence.ground_truth()
        assert len(truth) == len(sequence)
        for t, (ids, boxes) in enumerate(truth):
            assert ids.tolist() == np.flatnonzero(sequence.present[t]).tolist()
            np.testing.assert_array_equal(boxes, sequence.boxes[t, ids])


def test_identities_keep_their_item_and_class(sequences):
    for sequence in sequences:
        assert (LABELS[sequence.item_indices] == sequence.labels).all()
        for k, patch in enumerate(sequence.patches):
            # 한 ID는 영상 내내 같은 패치로 그려집니다: 보이는 픽셀 값은 늘 그 패치의 값 가운데 하나
            values = set(np.unique(patch[patch != 0]).tolist())
            drawn = set(np.unique(sequence.frames[sequence.id_maps == k]).tolist())
            assert drawn <= values


def test_items_enter_cross_and_leave_and_never_come_back():
    many = make_sequences(ITEMS, LABELS, 20, num_frames=40, canvas_size=96, seed=5)
    entered_later = left = crossings = 0
    for sequence in many:
        for k in range(sequence.num_items):
            frames = np.flatnonzero(sequence.alive[:, k])
            assert frames.size == 0 or (np.diff(frames) == 1).all(), "한 ID는 한 번만 나타납니다"
            entered_later += bool(frames.size) and frames[0] > 0
            left += bool(frames.size) and frames[-1] < len(sequence) - 1
        # 캔버스 안에 다 들어와 있는데 일부가 보이지 않으면 다른 아이템에 가려진 것입니다.
        height, width = sequence.canvas_shape
        inside = ((sequence.boxes[..., 0] > 0) & (sequence.boxes[..., 1] > 0)
                  & (sequence.boxes[..., 2] < width) & (sequence.boxes[..., 3] < height))
        crossings += int((inside & (sequence.visibility < 1) & sequence.alive).sum())
    assert entered_later > 20 and left > 5 and crossings > 50


def test_without_velocity_noise_items_move_in_straight_lines():
    many = make_sequences(ITEMS, LABELS, 5, num_frames=30, canvas_size=96, velocity_noise=0.0,
                          entering=0.0, seed=7)
    for sequence in many:
        for k in range(sequence.num_items):
            frames = np.flatnonzero(sequence.alive[:, k])
            path = sequence.offsets[frames, k].astype(float)
            steps = np.arange(len(frames))[:, None]
            velocity = (path[-1] - path[0]) / max(len(frames) - 1, 1)
            # 반올림 때문에 직선에서 1픽셀 넘게 벗어나지 않습니다.
            assert np.abs(path - (path[0] + velocity * steps)).max() <= 1.0


def test_the_same_seed_gives_the_same_sequences_and_another_seed_does_not():
    a = make_sequences(ITEMS, LABELS, 2, num_frames=10, seed=11)
    b = make_sequences(ITEMS, LABELS, 2, num_frames=10, seed=11)
    c = make_sequences(ITEMS, LABELS, 2, num_frames=10, seed=12)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x.frames, y.frames)
    assert any(not np.array_equal(x.frames, z.frames) for x, z in zip(a, c))


# --- 공개 탐지 ------------------------------------------------------------------------------------


def test_noise_free_detections_are_exactly_the_ground_truth(sequences):
    for sequence in sequences:
        detections = make_detections(sequence)
        assert isinstance(detections, Detections) and detections.num_frames == len(sequence)
        for t in range(len(sequence)):
            rows = detections.indices(t)
            order = np.argsort(detections.object_ids[rows])
            ids, boxes = sequence.objects(t)
            assert detections.object_ids[rows][order].tolist() == ids.tolist()
            np.testing.assert_array_equal(detections.in_frame(t)[order], boxes)


def test_detections_follow_the_miss_rate_noise_and_false_positive_rate():
    many = make_sequences(ITEMS, LABELS, 10, num_frames=40, canvas_size=96, seed=2)
    kept = total = false_positives = frames = 0
    errors = []
    for index, sequence in enumerate(many):
        found = make_detections(sequence, position_noise=2.0, miss_rate=0.2, false_positives=0.5,
                                seed=index)
        total += int(sequence.present.sum())
        true = found.object_ids >= 0
        kept += int(true.sum())
        false_positives += int((~true).sum())
        frames += len(sequence)
        truth = sequence.boxes[found.frame[true], found.object_ids[true]]
        errors.append(((found.boxes[true, :2] + found.boxes[true, 2:]) - (truth[:, :2] + truth[:, 2:])) / 2)
        assert (found.boxes[~true, :2] >= 0).all()
        assert (found.boxes[~true, 2] <= 96).all() and (found.boxes[~true, 3] <= 96).all()
        assert (np.diff(found.frame) >= 0).all()
    assert abs(kept / total - 0.8) < 0.03
    assert abs(false_positives / frames - 0.5) < 0.1
    assert abs(np.concatenate(errors).std() - 2.0) < 0.15


# --- 잘못된 입력 ----------------------------------------------------------------------------------

SQUARE = np.full((3, 3), 5, np.uint8)
ONE_FRAME = np.zeros((1, 1, 2), int)
SEQUENCE = render_sequence([SQUARE], ONE_FRAME, canvas_size=8)

BAD_CALLS = [
    (lambda: make_sequences(ITEMS, LABELS, 0), "num_sequences=0"),
    (lambda: make_sequences(ITEMS, LABELS, 1, num_frames=1), "num_frames=1"),
    (lambda: make_sequences(ITEMS, LABELS, 1, num_objects=(3, 2)), "num_objects=(3, 2)"),
    (lambda: make_sequences(ITEMS, LABELS, 1, num_objects=(0, 2)), "num_objects=(0, 2)"),
    (lambda: make_sequences(ITEMS, LABELS, 1, speed_range=(-1, 2)), "speed_range=(-1, 2)"),
    (lambda: make_sequences(ITEMS, LABELS, 1, velocity_noise=float("nan")), "velocity_noise=nan"),
    (lambda: make_sequences(ITEMS, LABELS, 1, entering=1.5), "entering=1.5"),
    (lambda: make_sequences(ITEMS, LABELS, 1, min_visibility=0), "min_visibility=0"),
    (lambda: make_sequences(ITEMS, LABELS, 1, canvas_size="big"), "canvas_size='big'"),
    (lambda: make_sequences(ITEMS, LABELS, 1, seed=1.5), "seed=1.5"),
    (lambda: make_sequences(ITEMS[:, :0], LABELS, 1), "images"),
    (lambda: render_sequence([], ONE_FRAME, canvas_size=8), "patches"),
    (lambda: render_sequence([np.zeros((3, 3))], ONE_FRAME, canvas_size=8), "patches[0]"),
    (lambda: render_sequence([SQUARE], np.zeros((1, 2, 2), int), canvas_size=8), "offsets.shape=(1, 2, 2)"),
    (lambda: render_sequence([SQUARE], ONE_FRAME + 0.5, canvas_size=8), "offsets.dtype=float64"),
    (lambda: render_sequence([SQUARE, SQUARE], np.zeros((1, 2, 2), int), canvas_size=8, depth=[1, 1]),
     "depth=[1, 1]"),
    (lambda: render_sequence([SQUARE], ONE_FRAME, canvas_size=8, alive=[[1]]), "alive"),
    (lambda: render_sequence([SQUARE], ONE_FRAME, canvas_size=0), "canvas_size=0"),
    (lambda: make_detections(SEQUENCE, miss_rate=1.0), "miss_rate=1.0"),
    (lambda: make_detections(SEQUENCE, position_noise=-1), "position_noise=-1"),
    (lambda: make_detections(SEQUENCE, false_positives=True), "false_positives=True"),
    (lambda: make_detections("sequence"), "sequence"),
]


@pytest.mark.parametrize("call, named", BAD_CALLS, ids=[named for _, named in BAD_CALLS])
def test_bad_input_raises_a_korean_error_naming_the_value(call, named):
    with pytest.raises(ValueError) as error:
        call()
    message = str(error.value)
    assert HANGUL.search(message)
    assert named in message


@pytest.mark.parametrize("frame, error", [(5, IndexError), (1.0, TypeError), (True, TypeError)])
def test_frame_lookups_reject_bad_frame_numbers_in_korean(frame, error):
    with pytest.raises(error, match="frame"):
        SEQUENCE.objects(frame)
    with pytest.raises(error, match="frame"):
        make_detections(SEQUENCE).in_frame(frame)
