r"""패션 MNIST 장면: 진짜 패션 MNIST 이미지를 큰 캔버스에 놓아 탐지·분할용 데이터를 만듭니다.

:func:`make_scenes` 는 28×28 아이템(패션 MNIST 이미지) 1~4개를 크기를 바꿔(선택) 약 96×96
캔버스의 무작위 위치에 놓습니다. 픽셀은 모두 진짜 데이터이고, 어디에 무엇을 놓았는지 알기 때문에
상자, 클래스, 픽셀 마스크가 정확합니다.

**상자.** 상자는 아이템의 0이 아닌 픽셀을 꼭 맞게 감싸는 직사각형이며 ``"corners"`` 표기
``(x_min, y_min, x_max, y_max)``\ 의 픽셀 좌표입니다(:mod:`cnn_vision.detection` 과 같은
표기). ``x_max``, ``y_max``\ 는 마지막 픽셀 다음 자리이므로(파이썬 슬라이스처럼) 너비는
``x_max - x_min``\ 이고 ``image[y_min:y_max, x_min:x_max]``\ 가 상자 안의 픽셀입니다.

**크기 바꾸기.** 아이템마다 ``scale_range``\ 에서 고른 배율로 최근접 이웃 보간(nearest
neighbor)을 합니다. 새 픽셀은 모두 원래 픽셀 하나를 그대로 옮긴 값이라 새로운 회색 값이 생기지
않습니다. 크게 줄이면 가는 선이 빠질 수 있습니다. 줄인 아이템에 0이 아닌 픽셀이 하나도 남지
않으면 그 아이템은 원래 크기로 놓습니다.

**겹침 규칙.** ``max_overlap``\ 이 두 상자 사이에 허용하는 최대 IoU입니다.

- 기본값 ``0``: 상자끼리 전혀 겹치지 않습니다(변이 맞닿는 것은 허용). 픽셀도 마스크도 겹치지
  않습니다.
- ``0 < max_overlap < 1``: 상자가 그 IoU까지 겹칠 수 있습니다. 겹친 픽셀에는 두 아이템 가운데 더
  밝은 값이 남고(``np.maximum``), 클래스 맵(:attr:`SceneBatch.class_maps`)에는 그 픽셀에서 더 밝은
  아이템의 클래스가 들어갑니다(같으면 나중에 놓은 아이템). 아이템 마스크
  (:meth:`SceneBatch.instance_masks`)와 상자는 가려진 부분까지 포함한 아이템 전체입니다.

아이템은 순서대로 놓습니다. 조건을 지키는 자리를 ``max_tries``\ 번 안에 찾지 못한 아이템은 빼므로,
그 장면의 아이템 수가 처음 고른 수보다 적을 수 있습니다(기본 설정에서는 드뭅니다. 첫 아이템은 빈
캔버스에 놓이므로 늘 들어갑니다). 실제 아이템 수는 :attr:`SceneBatch.num_objects` 에 있습니다.

**재현성.** 같은 입력, 같은 인자, 같은 ``seed``\ 면 언제나 같은 장면이 나옵니다.

**속도.** 모든 단계가 장면 축으로 벡터화되어 있어 2코어 CPU에서도 초당 수만 장면을 만듭니다.

Examples
--------
>>> import numpy as np
>>> items = np.zeros((2, 28, 28), dtype=np.uint8)
>>> items[:, 10:20, 5:15] = 200
>>> batch = make_scenes(items, np.array([3, 7]), 4, seed=0)
>>> batch.images.shape, batch.boxes.shape
((4, 96, 96), (4, 4, 4))
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from cnn_vision.checks import (
    bounded_number,
    canvas_shape,
    list_index,
    number_pair,
    positive_int,
    random_generator,
)

__all__ = ["BACKGROUND", "MAX_OBJECTS", "MAX_TRIES", "MAX_BYTES", "SceneBatch", "make_scenes"]

BACKGROUND = 0
r"""클래스 맵에서 배경을 나타내는 값. 아이템의 클래스 ``c``\ 는 ``c + 1``\ 로 기록합니다."""

MAX_OBJECTS = 100
"""장면 하나에 놓을 수 있는 아이템 수의 상한(자리마다 파이썬 반복이 한 번 돕니다)."""

MAX_TRIES = 1000
"""아이템 하나의 자리를 찾는 시도 횟수의 상한."""

MAX_BYTES = 4 * 2**30
"""한 번의 :func:`make_scenes` 가 만드는 큰 배열(아이템 틀, 장면, 클래스 맵)의 크기 상한(4GB)."""


@dataclass(frozen=True)
class SceneBatch:
    r"""장면 묶음. 아이템 자리(slot)는 장면마다 ``max_objects``\ 개이고, 앞에서부터 채웁니다.

    Attributes
    ----------
    images : numpy.ndarray, shape (n, height, width)
        장면 이미지. 입력 아이템과 같은 dtype입니다.
    boxes : numpy.ndarray of float32, shape (n, max_objects, 4)
        ``(x_min, y_min, x_max, y_max)`` 픽셀 좌표(최댓값은 마지막 픽셀 다음 자리). 빈 자리는 0.
    labels : numpy.ndarray of int32, shape (n, max_objects)
        아이템의 클래스. 빈 자리는 -1.
    num_objects : numpy.ndarray of int32, shape (n,)
        장면마다 실제로 놓인 아이템 수.
    class_maps : numpy.ndarray of uint8, shape (n, height, width)
        픽셀마다의 클래스 + 1(배경은 :data:`BACKGROUND` = 0). 의미 분할의 타깃입니다.
    item_indices : numpy.ndarray of int64, shape (n, max_objects)
        아이템이 입력 배열의 몇 번째 이미지인지. 빈 자리는 -1.
    item_sizes : numpy.ndarray of int32, shape (n, max_objects, 2)
        크기를 바꾼 아이템 틀(frame)의 (높이, 너비).
    item_offsets : numpy.ndarray of int32, shape (n, max_objects, 2)
        아이템 틀의 왼쪽 위 모서리 (y, x). 틀은 캔버스 밖으로 나갈 수 있지만 0이 아닌 픽셀은
        늘 캔버스 안에 있습니다.
    """

    images: np.ndarray
    boxes: np.ndarray
    labels: np.ndarray
    num_objects: np.ndarray
    class_maps: np.ndarray
    item_indices: np.ndarray
    item_sizes: np.ndarray
    item_offsets: np.ndarray
    _items: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return len(self.images)

    @property
    def canvas_shape(self) -> tuple[int, int]:
        """캔버스의 (높이, 너비)."""
        return self.images.shape[1], self.images.shape[2]

    def objects(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """장면 하나의 실제 아이템만 ``(boxes, labels)``\\ 로 돌려줍니다(빈 자리 제외)."""
        index = list_index(index, len(self), "index", "장면")
        count = int(self.num_objects[index])
        return self.boxes[index, :count].copy(), self.labels[index, :count].copy()

    def item_image(self, index: int, slot: int) -> np.ndarray:
        """장면 ``index``\\ 의 ``slot`` 번째 아이템을 캔버스 크기의 이미지에 홀로 다시 그립니다."""
        index = list_index(index, len(self), "index", "장면")
        if isinstance(slot, (bool, np.bool_)) or not isinstance(slot, numbers.Integral):
            raise TypeError(f"slot은 정수여야 합니다: slot={slot!r}")
        slot = int(slot)
        if not 0 <= slot < int(self.num_objects[index]):
            raise ValueError(
                f"slot은 0 이상 {int(self.num_objects[index])} 미만이어야 합니다(장면 {index}의 "
                f"아이템 수): slot={slot!r}"
            )
        height, width = self.canvas_shape
        canvas = np.zeros((height, width), dtype=self.images.dtype)
        patch = _resize_nearest(self._items[self.item_indices[index, slot]], *self.item_sizes[index, slot])
        top, left = (int(v) for v in self.item_offsets[index, slot])
        rows = slice(max(top, 0), min(top + patch.shape[0], height))
        cols = slice(max(left, 0), min(left + patch.shape[1], width))
        canvas[rows, cols] = patch[rows.start - top:rows.stop - top, cols.start - left:cols.stop - left]
        return canvas

    def instance_masks(self, index: int) -> np.ndarray:
        """장면 하나의 아이템 마스크. shape ``(num_objects, height, width)``\\ 의 bool 배열입니다.

        마스크는 아이템의 0이 아닌 픽셀 전체입니다(겹친 장면에서는 가려진 부분도 포함).
        """
        index = list_index(index, len(self), "index", "장면")
        count = int(self.num_objects[index])
        if count == 0:
            return np.zeros((0, *self.canvas_shape), dtype=bool)
        return np.stack([self.item_image(index, slot) != 0 for slot in range(count)])


def _resize_nearest(item: np.ndarray, height: int, width: int) -> np.ndarray:
    rows = (np.arange(height) * item.shape[0]) // height
    cols = (np.arange(width) * item.shape[1]) // width
    return item[rows[:, None], cols[None, :]]


def make_scenes(
    images: npt.ArrayLike,
    labels: npt.ArrayLike,
    num_scenes: int,
    *,
    canvas_size: int | tuple[int, int] = 96,
    num_objects: tuple[int, int] = (1, 4),
    scale_range: tuple[float, float] = (0.75, 1.5),
    max_overlap: float = 0.0,
    max_tries: int = 20,
    seed: int | np.random.Generator | None = 0,
) -> SceneBatch:
    r"""패션 MNIST 아이템을 캔버스에 놓아 장면 ``num_scenes``\ 개를 만듭니다.

    장면마다 아이템 수를 ``num_objects`` 범위에서 고르게 고르고, 아이템마다 입력 이미지 하나(중복
    허용), 배율, 위치를 무작위로 고릅니다. 상자는 캔버스 안에 완전히 들어가고, 겹침은
    ``max_overlap``\ 을 따릅니다(모듈 설명의 겹침 규칙).

    Parameters
    ----------
    images : array_like, shape (m, h, w)
        아이템 이미지(예: 패션 MNIST의 ``uint8`` 28×28). 배경은 0이어야 합니다. 모든 이미지에
        0이 아닌 픽셀이 있어야 하고, 음수·NaN·무한대는 받지 않습니다.
    labels : array_like of int, shape (m,)
        아이템마다의 클래스(0 이상 255 미만).
    num_scenes : int
        만들 장면 수(1 이상). NumPy 정수도 받습니다.
    canvas_size : int or (int, int), default 96
        캔버스 크기. 정수 하나면 정사각형, 두 개면 (높이, 너비).
    num_objects : (int, int), default (1, 4)
        장면마다 놓을 아이템 수의 최솟값과 최댓값(양 끝 포함, 최댓값은 :data:`MAX_OBJECTS` 이하).
    scale_range : (float, float), default (0.75, 1.5)
        배율 범위. 아이템 틀의 한 변이 ``round(h * 배율)``\ 이 됩니다. ``(1, 1)``\ 이면 크기를
        바꾸지 않습니다. 가장 큰 틀과 원래 크기의 아이템이 캔버스에 들어가야 합니다.
    max_overlap : float, default 0.0
        두 상자 사이에 허용하는 최대 IoU(0 이상 1 미만). 0이면 상자가 겹치지 않습니다.
    max_tries : int, default 20
        아이템 하나의 자리를 찾는 최대 시도 횟수(:data:`MAX_TRIES` 이하). 넘으면 그 아이템을 뺍니다.
    seed : int or numpy.random.Generator or None, default 0
        난수 시드(0 이상의 정수). 같은 시드면 같은 장면이 나옵니다. ``None``\ 이면 매번 다릅니다.

    Returns
    -------
    SceneBatch
        이미지, 상자, 클래스, 클래스 맵과 아이템 마스크를 다시 그릴 정보.

    Raises
    ------
    ValueError
        인자가 잘못되었을 때, 만들 배열이 :data:`MAX_BYTES` 보다 클 때. 메시지에 인자 이름과 값이
        들어갑니다.
    """
    items = np.asarray(images)
    if items.ndim != 3 or 0 in items.shape:
        raise ValueError(
            f"images는 (이미지 수, 높이, 너비) 3차원 배열이어야 합니다: images.shape={items.shape}"
        )
    if items.dtype == bool or not (np.issubdtype(items.dtype, np.integer)
                                   or np.issubdtype(items.dtype, np.floating)):
        raise ValueError(f"images는 정수나 실수 배열이어야 합니다: images.dtype={items.dtype}")
    if np.issubdtype(items.dtype, np.floating):
        bad = ~np.isfinite(items).reshape(len(items), -1).all(axis=1)
        if bad.any():
            raise ValueError(
                "images에 NaN이나 무한대가 있습니다: "
                f"번호 {np.flatnonzero(bad)[:5].tolist()} (images.dtype={items.dtype})"
            )
    negative = (items < 0).reshape(len(items), -1).any(axis=1)
    if negative.any():
        raise ValueError(
            "images에 음수 픽셀이 있습니다(배경은 0, 아이템의 픽셀은 0 이상이어야 합니다): "
            f"번호 {np.flatnonzero(negative)[:5].tolist()}, 가장 작은 값 {items.min()!r}"
        )
    item_labels = np.asarray(labels)
    if item_labels.shape != (len(items),):
        raise ValueError(
            f"labels는 images와 길이가 같은 1차원 배열이어야 합니다: labels.shape={item_labels.shape}, "
            f"images.shape={items.shape}"
        )
    if not np.issubdtype(item_labels.dtype, np.integer):
        raise ValueError(f"labels는 정수 배열이어야 합니다: labels.dtype={item_labels.dtype}")
    if len(item_labels) and (item_labels.min() < 0 or item_labels.max() > 254):
        raise ValueError(
            f"labels의 값은 0 이상 254 이하여야 합니다: 범위 {item_labels.min()}~{item_labels.max()}"
        )
    empty = ~items.reshape(len(items), -1).any(axis=1)
    if empty.any():
        raise ValueError(
            "images에 0이 아닌 픽셀이 하나도 없는 이미지가 있습니다: "
            f"번호 {np.flatnonzero(empty)[:5].tolist()}"
        )
    count = positive_int(num_scenes, "num_scenes")
    canvas = canvas_shape(canvas_size)
    min_objects, max_objects = number_pair(num_objects, "num_objects", integer=True, low=1)
    if max_objects > MAX_OBJECTS:
        raise ValueError(
            f"num_objects의 최댓값은 {MAX_OBJECTS} 이하여야 합니다: num_objects={num_objects!r}"
        )
    low_scale, high_scale = number_pair(scale_range, "scale_range")
    if low_scale <= 0:
        raise ValueError(f"scale_range의 값은 0보다 커야 합니다: scale_range={scale_range!r}")
    item_h, item_w = items.shape[1:]
    largest = (max(1, round(item_h * high_scale), item_h), max(1, round(item_w * high_scale), item_w))
    if largest[0] > canvas[0] or largest[1] > canvas[1]:
        raise ValueError(
            f"가장 큰 아이템 틀 {largest[0]}×{largest[1]}(scale_range={scale_range!r})이 캔버스 "
            f"{canvas[0]}×{canvas[1]}(canvas_size={canvas_size!r})보다 큽니다"
        )
    overlap = bounded_number(max_overlap, "max_overlap", low=0.0, high=1.0, high_open=True)
    tries = positive_int(max_tries, "max_tries")
    if tries > MAX_TRIES:
        raise ValueError(f"max_tries는 {MAX_TRIES} 이하여야 합니다: max_tries={max_tries!r}")
    rng = random_generator(seed)
    frame = max(round(item_h * high_scale), item_h) * max(round(item_w * high_scale), item_w)
    needed = count * (max_objects * frame * items.itemsize + canvas[0] * canvas[1] * (items.itemsize + 1))
    if needed > MAX_BYTES:
        raise ValueError(
            f"요청한 장면이 너무 큽니다: 약 {needed / 2**30:.1f}GB가 필요합니다(한도 "
            f"{MAX_BYTES / 2**30:.0f}GB; num_scenes={num_scenes!r}, num_objects={num_objects!r}, "
            f"canvas_size={canvas_size!r}). num_scenes를 나누어 여러 번 만드세요"
        )
    return _render(items, item_labels, count, canvas, min_objects, max_objects,
                   (low_scale, high_scale), overlap, tries, rng)


def _render(items, item_labels, count, canvas, min_objects, max_objects, scales, max_overlap,
            tries, rng) -> SceneBatch:
    height, width = canvas
    item_h, item_w = items.shape[1:]
    wanted = rng.integers(min_objects, max_objects + 1, size=count)
    chosen = rng.integers(0, len(items), size=(count, max_objects))
    scale = rng.uniform(scales[0], scales[1], size=(count, max_objects))
    sizes = np.stack([np.maximum(1, np.rint(item_h * scale)), np.maximum(1, np.rint(item_w * scale))],
                     axis=-1).astype(np.int32)
    # 틀은 원래 크기도 담을 수 있어야 합니다(사라진 아이템을 원래 크기로 되돌릴 때).
    frame_h = max(int(sizes[..., 0].max()), item_h)
    frame_w = max(int(sizes[..., 1].max()), item_w)

    # 아이템 자리(slot)마다 모든 장면의 틀을 한꺼번에 최근접 이웃으로 다시 표본추출합니다.
    grid_r, grid_c = np.arange(frame_h), np.arange(frame_w)
    patches = np.zeros((count, max_objects, frame_h, frame_w), dtype=items.dtype)
    for slot in range(max_objects):
        h, w = sizes[:, slot, 0:1], sizes[:, slot, 1:2]
        rows = np.minimum((grid_r[None, :] * item_h) // h, item_h - 1)
        cols = np.minimum((grid_c[None, :] * item_w) // w, item_w - 1)
        patch = items[chosen[:, slot, None, None], rows[:, :, None], cols[:, None, :]]
        inside = (grid_r[None, :, None] < h[:, :, None]) & (grid_c[None, None, :] < w[:, :, None])
        patches[:, slot] = np.where(inside, patch, 0)
    # 줄여서 0이 아닌 픽셀이 사라진 아이템은 원래 크기로 되돌립니다.
    vanished = ~patches.reshape(count, max_objects, -1).any(axis=-1)
    if vanished.any():
        sizes[vanished] = (item_h, item_w)
        patches[vanished] = 0
        patches[vanished, :item_h, :item_w] = items[chosen[vanished]]

    # 틀 안에서 0이 아닌 픽셀을 감싸는 상자(틀 좌표).
    rows_any = patches.any(axis=3)
    cols_any = patches.any(axis=2)
    top = rows_any.argmax(axis=2)
    bottom = frame_h - rows_any[..., ::-1].argmax(axis=2)
    left = cols_any.argmax(axis=2)
    right = frame_w - cols_any[..., ::-1].argmax(axis=2)
    box_h, box_w = bottom - top, right - left

    placed = np.zeros((count, max_objects), dtype=bool)
    boxes = np.zeros((count, max_objects, 4), dtype=np.int64)
    for slot in range(max_objects):
        pending = np.flatnonzero(wanted > slot)
        for _ in range(tries):
            if pending.size == 0:
                break
            y0 = rng.integers(0, height - box_h[pending, slot] + 1)
            x0 = rng.integers(0, width - box_w[pending, slot] + 1)
            candidate = np.stack([x0, y0, x0 + box_w[pending, slot], y0 + box_h[pending, slot]], axis=-1)
            ok = np.ones(pending.size, dtype=bool)
            if slot:
                others = boxes[pending, :slot]
                inter_w = np.clip(np.minimum(candidate[:, None, 2], others[..., 2])
                                  - np.maximum(candidate[:, None, 0], others[..., 0]), 0, None)
                inter_h = np.clip(np.minimum(candidate[:, None, 3], others[..., 3])
                                  - np.maximum(candidate[:, None, 1], others[..., 1]), 0, None)
                inter = inter_w * inter_h
                area_c = (box_w[pending, slot] * box_h[pending, slot])[:, None]
                area_o = (others[..., 2] - others[..., 0]) * (others[..., 3] - others[..., 1])
                overlap = inter / (area_c + area_o - inter)
                too_much = (overlap > max_overlap) if max_overlap > 0 else (inter > 0)
                ok = ~(too_much & placed[pending, :slot]).any(axis=1)
            done = pending[ok]
            boxes[done, slot] = candidate[ok]
            placed[done, slot] = True
            pending = pending[~ok]

    # 놓지 못한 아이템을 빼고 앞으로 모읍니다(자리 순서 유지). 빈 자리 뒤에 놓인 아이템이 있는
    # 장면만 다시 정렬합니다(드뭅니다).
    gaps = np.flatnonzero((~placed[:, :-1] & placed[:, 1:]).any(axis=1))
    if gaps.size:
        order = np.argsort(~placed[gaps], axis=1, kind="stable")
        placed[gaps] = np.take_along_axis(placed[gaps], order, axis=1)
        boxes[gaps] = np.take_along_axis(boxes[gaps], order[..., None], axis=1)
        chosen[gaps] = np.take_along_axis(chosen[gaps], order, axis=1)
        sizes[gaps] = np.take_along_axis(sizes[gaps], order[..., None], axis=1)
        patches[gaps] = np.take_along_axis(patches[gaps], order[..., None, None], axis=1)
        top[gaps] = np.take_along_axis(top[gaps], order, axis=1)
        left[gaps] = np.take_along_axis(left[gaps], order, axis=1)
    offsets = np.stack([boxes[..., 1] - top, boxes[..., 0] - left], axis=-1)

    # 장면들을 이어 붙인 1차원 배열에 붙입니다. 틀에서 캔버스 밖으로 나간 부분(늘 0)은 맨 끝의
    # 버림 칸(trash)에 씁니다. 한 자리(slot) 안에서는 장면마다 쓰는 곳이 달라 겹치지 않습니다.
    pixels = height * width
    flat_image = np.zeros(count * pixels + 1, dtype=items.dtype)
    flat_class = np.zeros(count * pixels + 1, dtype=np.uint8)
    item_classes = item_labels[chosen].astype(np.uint8) + 1
    for slot in range(max_objects):
        scenes = np.flatnonzero(placed[:, slot])
        if scenes.size == 0:
            continue
        y = offsets[scenes, slot, 0, None] + grid_r[None, :]
        x = offsets[scenes, slot, 1, None] + grid_c[None, :]
        valid = ((y >= 0) & (y < height))[:, :, None] & ((x >= 0) & (x < width))[:, None, :]
        index = (scenes * pixels)[:, None, None] + y[:, :, None] * width + x[:, None, :]
        index = np.where(valid, index, count * pixels)
        patch = patches[scenes, slot]
        current = flat_image[index]
        brighter = (patch >= current) & (patch != 0)
        flat_image[index] = np.maximum(current, patch)
        flat_class[index] = np.where(brighter, item_classes[scenes, slot, None, None], flat_class[index])
    image_out = flat_image[:-1].reshape(count, height, width)
    class_out = flat_class[:-1].reshape(count, height, width)

    labels_out = np.where(placed, item_labels[chosen].astype(np.int32), -1)
    return SceneBatch(
        images=image_out,
        boxes=np.where(placed[..., None], boxes, 0).astype(np.float32),
        labels=labels_out,
        num_objects=placed.sum(axis=1).astype(np.int32),
        class_maps=class_out,
        item_indices=np.where(placed, chosen, -1).astype(np.int64),
        item_sizes=np.where(placed[..., None], sizes, 0).astype(np.int32),
        item_offsets=np.where(placed[..., None], offsets, 0).astype(np.int32),
        _items=items,
    )
