"""cnn_vision.scenes: 상자·마스크·겹침 규칙을 아이템을 하나씩 다시 그려 독립적으로 확인합니다."""

from __future__ import annotations

import numpy as np
import pytest

from cnn_vision import detection
from cnn_vision.scenes import BACKGROUND, make_scenes
from conftest import random_items

pytestmark = pytest.mark.unit


def scene_items() -> tuple[np.ndarray, np.ndarray]:
    """불규칙한 아이템 50개(conftest.random_items). 첫 아이템은 픽셀 하나뿐입니다(줄이면 사라질 수 있음)."""
    items, labels = random_items(50)
    items[0] = 0
    items[0, 13, 13] = 90
    return items, labels


def tight_box(mask: np.ndarray) -> list[int]:
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return [cols[0], rows[0], cols[-1] + 1, rows[-1] + 1]


ITEMS, LABELS = scene_items()


def test_every_box_holds_exactly_its_items_nonzero_pixels():
    batch = make_scenes(ITEMS, LABELS, 300, seed=1)
    checked = 0
    for index in range(len(batch)):
        boxes, labels = batch.objects(index)
        masks = batch.instance_masks(index)
        assert len(boxes) == len(labels) == len(masks) == batch.num_objects[index]
        for box, mask in zip(boxes, masks):
            assert tight_box(mask) == box.astype(int).tolist()
            checked += 1
        assert (batch.labels[index, len(boxes):] == -1).all()
        assert (batch.boxes[index, len(boxes):] == 0).all()
    assert checked > 300


def test_unscaled_items_are_copied_pixel_for_pixel():
    batch = make_scenes(ITEMS, LABELS, 40, scale_range=(1, 1), seed=2)
    for index in range(len(batch)):
        for slot in range(batch.num_objects[index]):
            drawn = batch.item_image(index, slot)
            top, left = batch.item_offsets[index, slot]
            original = ITEMS[batch.item_indices[index, slot]]
            assert drawn.sum(dtype=np.int64) == original.sum(dtype=np.int64)
            window = drawn[max(top, 0):top + 28, max(left, 0):left + 28]
            visible = original[max(-top, 0):, max(-left, 0):][:window.shape[0], :window.shape[1]]
            assert np.array_equal(window, visible)


def test_doubled_items_equal_nearest_neighbour_upscaling():
    batch = make_scenes(ITEMS[1:], LABELS[1:], 20, canvas_size=128, scale_range=(2, 2), seed=3)
    for index in range(len(batch)):
        slot = 0
        drawn = batch.item_image(index, slot)
        top, left = batch.item_offsets[index, slot]
        expected = np.kron(ITEMS[1:][batch.item_indices[index, slot]], np.ones((2, 2), dtype=np.uint8))
        full = np.zeros((128 + 112, 128 + 112), dtype=np.uint8)
        full[56 + top:56 + top + 56, 56 + left:56 + left + 56] = expected
        assert np.array_equal(drawn, full[56:56 + 128, 56:56 + 128])


def test_without_overlap_boxes_and_masks_are_disjoint_and_the_image_is_their_sum():
    batch = make_scenes(ITEMS, LABELS, 200, seed=4)
    assert batch.num_objects.max() == 4
    for index in range(len(batch)):
        boxes, labels = batch.objects(index)
        masks = batch.instance_masks(index)
        overlaps = detection.iou(boxes[:, None], boxes[None], box_format="corners")
        assert np.allclose(overlaps[~np.eye(len(boxes), dtype=bool)], 0)
        assert (masks.sum(axis=0) <= 1).all()
        items = np.stack([batch.item_image(index, slot) for slot in range(len(boxes))])
        assert np.array_equal(batch.images[index], items.sum(axis=0).astype(np.uint8))
        expected_classes = (masks * (labels[:, None, None] + 1)).sum(axis=0)
        assert np.array_equal(batch.class_maps[index], expected_classes)
        assert ((batch.class_maps[index] == BACKGROUND) == (batch.images[index] == 0)).all()


def test_with_overlap_iou_stays_under_the_limit_and_brighter_item_wins():
    limit = 0.3
    batch = make_scenes(ITEMS, LABELS, 300, num_objects=(3, 4), max_overlap=limit, seed=5)
    overlapping_scenes = 0
    for index in range(len(batch)):
        boxes, labels = batch.objects(index)
        overlaps = detection.iou(boxes[:, None], boxes[None], box_format="corners")
        off_diagonal = overlaps[~np.eye(len(boxes), dtype=bool)]
        assert (off_diagonal <= limit + 1e-9).all()
        items = np.stack([batch.item_image(index, slot) for slot in range(len(boxes))])
        if (off_diagonal > 0).any() and ((items != 0).sum(axis=0) > 1).any():
            overlapping_scenes += 1
        assert np.array_equal(batch.images[index], items.max(axis=0))
        # 나중 아이템이 같거나 더 밝으면 이깁니다: 뒤집어서 argmax(첫 최댓값)를 씁니다.
        winner = len(items) - 1 - np.argmax(items[::-1], axis=0)
        expected = np.where(items.max(axis=0) > 0, labels[winner] + 1, BACKGROUND)
        assert np.array_equal(batch.class_maps[index], expected)
    assert overlapping_scenes > 30  # 겹침이 실제로 일어나야 이 테스트가 의미가 있습니다


def test_boxes_lie_inside_a_rectangular_canvas():
    batch = make_scenes(ITEMS, LABELS, 200, canvas_size=(64, 100), scale_range=(0.5, 2.0), seed=6)
    assert batch.images.shape == (200, 64, 100)
    real = batch.labels >= 0
    boxes = batch.boxes[real]
    assert (boxes[:, 0] >= 0).all() and (boxes[:, 1] >= 0).all()
    assert (boxes[:, 2] <= 100).all() and (boxes[:, 3] <= 64).all()
    assert ((boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])).all()


def test_object_counts_cover_the_requested_range():
    batch = make_scenes(ITEMS, LABELS, 2000, num_objects=(2, 4), seed=7)
    counts = np.bincount(batch.num_objects, minlength=5)
    assert counts[0] == 0 and counts[2:].min() > 400
    # 자리를 못 찾아 빠지는 아이템은 드뭅니다(요청 평균 3개)
    assert batch.num_objects.mean() > 2.9


def test_same_seed_same_scenes_other_seed_other_scenes():
    first = make_scenes(ITEMS, LABELS, 50, seed=np.int64(11))
    again = make_scenes(ITEMS, LABELS, 50, seed=11)
    other = make_scenes(ITEMS, LABELS, 50, seed=12)
    from_generator = make_scenes(ITEMS, LABELS, 50, seed=np.random.default_rng(11))
    for a, b in [(first, again), (first, from_generator)]:
        assert np.array_equal(a.images, b.images) and np.array_equal(a.boxes, b.boxes)
        assert np.array_equal(a.class_maps, b.class_maps) and np.array_equal(a.labels, b.labels)
    assert not np.array_equal(first.images, other.images)


def test_items_that_vanish_when_shrunk_are_drawn_at_original_size():
    single = ITEMS[:1]  # 픽셀 하나: 0.5배로 줄이면 사라질 수 있습니다
    batch = make_scenes(single, LABELS[:1], 100, scale_range=(0.5, 0.5), num_objects=(1, 1), seed=8)
    assert (batch.images.reshape(100, -1) != 0).sum(axis=1).tolist() == [1] * 100
    assert ((batch.item_sizes[:, 0] == 28) | (batch.item_sizes[:, 0] == 14)).all()


def test_numpy_integers_are_accepted():
    batch = make_scenes(ITEMS, LABELS.astype(np.uint8), np.int64(5), canvas_size=np.int32(80),
                        num_objects=(np.int16(1), np.int64(2)), max_tries=np.int8(5))
    assert batch.images.shape == (5, 80, 80)
    # 패션 MNIST의 레이블은 uint8입니다: 빈 자리는 255가 아니라 -1이어야 합니다.
    assert batch.labels.dtype == np.int32
    assert ((batch.labels == -1) == (np.arange(2) >= batch.num_objects[:, None])).all()


def test_float_images_keep_their_dtype():
    batch = make_scenes(ITEMS.astype(np.float32) / 255, LABELS, 5, seed=9)
    assert batch.images.dtype == np.float32 and batch.images.max() <= 1


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"images": np.zeros((3, 28)), "labels": np.zeros(3, int)}, "images"),
        ({"labels": LABELS[:-1]}, "labels"),
        ({"labels": LABELS.astype(float)}, "labels"),
        ({"labels": LABELS - 20}, "labels"),
        ({"images": np.zeros((2, 28, 28)), "labels": np.zeros(2, int)}, "images"),
        ({"num_scenes": 0}, "num_scenes"),
        ({"num_scenes": 2.5}, "num_scenes"),
        ({"num_scenes": True}, "num_scenes"),
        ({"canvas_size": 0}, "canvas_size"),
        ({"canvas_size": (96, 96, 3)}, "canvas_size"),
        ({"canvas_size": 40}, "canvas_size"),
        ({"num_objects": (0, 2)}, "num_objects"),
        ({"num_objects": (3, 2)}, "num_objects"),
        ({"num_objects": 2}, "num_objects"),
        ({"num_objects": (1.0, 2)}, "num_objects"),
        ({"scale_range": (0, 1)}, "scale_range"),
        ({"scale_range": (2, 1)}, "scale_range"),
        ({"scale_range": (1, float("nan"))}, "scale_range"),
        ({"max_overlap": 1.0}, "max_overlap"),
        ({"max_overlap": -0.1}, "max_overlap"),
        ({"max_tries": 0}, "max_tries"),
        ({"seed": "abc"}, "seed"),
    ],
)
def test_bad_arguments_raise_errors_that_name_the_argument(kwargs, name):
    arguments = {"images": ITEMS, "labels": LABELS, "num_scenes": 3} | kwargs
    with pytest.raises(ValueError, match=name):
        make_scenes(arguments.pop("images"), arguments.pop("labels"), arguments.pop("num_scenes"),
                    **arguments)


def test_scene_accessors_reject_bad_indices():
    batch = make_scenes(ITEMS, LABELS, 3, num_objects=(1, 1), seed=10)
    with pytest.raises(IndexError, match="index"):
        batch.objects(3)
    with pytest.raises(TypeError, match="index"):
        batch.instance_masks(1.0)
    with pytest.raises(ValueError, match="slot"):
        batch.item_image(0, 1)


def test_bounds_on_work_and_memory_reject_before_allocating_and_name_the_value():
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"num_objects=\(1, 1000000\)"):
            make_scenes(ITEMS, LABELS, 2, num_objects=(1, 10**6))
        with pytest.raises(ValueError, match="GB") as caught:
            make_scenes(ITEMS, LABELS, 3_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "num_scenes=3000000" in str(caught.value) and peak < 64 << 20
    # 책의 full 프로필 크기(6만 장면, 아이템 1~4개)는 한도 안입니다(만들지는 않고 한도만 봅니다).
    from cnn_vision import scenes

    frame = round(28 * 1.5) ** 2
    assert 60_000 * (4 * frame + 96 * 96 * 2) < scenes.MAX_BYTES


@pytest.mark.parametrize(("images", "word"), [
    (np.where(ITEMS > 0, np.nan, 0.0), "NaN"),
    (np.where(ITEMS > 0, np.inf, 0.0), "무한대"),
    (ITEMS.astype(np.float32) - 1, "음수"),
    (ITEMS.astype(np.int16) - 300, "음수"),
])
def test_nan_infinite_or_negative_images_are_rejected_instead_of_drawn_wrong(images, word):
    with pytest.raises(ValueError, match=word):
        make_scenes(images, LABELS, 3)


@pytest.mark.parametrize("seed", [True, -1, np.int64(-5), 1.5])
def test_bad_seeds_are_rejected_in_korean_naming_the_seed(seed):
    with pytest.raises(ValueError, match="seed=") as caught:
        make_scenes(ITEMS, LABELS, 3, seed=seed)
    assert repr(seed) in str(caught.value)


def test_item_image_slot_must_be_an_integer():
    batch = make_scenes(ITEMS, LABELS, 2, num_objects=(2, 2), seed=3)
    assert batch.item_image(0, np.int64(1)).shape == (96, 96)
    for slot in (1.5, True, "0"):
        with pytest.raises(TypeError, match="slot="):
            batch.item_image(0, slot)
