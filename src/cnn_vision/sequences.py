r"""움직이는 패션 MNIST 아이템의 짧은 영상(시퀀스): 객체 추적용 데이터와 "공개 탐지".

:func:`make_sequences` 는 :func:`cnn_vision.scenes.make_scenes` 로 크기를 바꾼 진짜 패션 MNIST
아이템을 고른 뒤, 아이템마다 등속 운동에 잡음을 더한 궤적을 만들어 큰 캔버스 위를 움직이게 합니다.
아이템은 서로 지나치며 가리고, 영상 중간에 캔버스 가장자리에서 들어오고 나갑니다. 어디에 무엇을
그렸는지 알기 때문에 프레임마다 상자, 아이덴티티(ID), 가려진 정도가 정확합니다.
:func:`render_sequence` 는 궤적을 직접 주고 그리는 함수이고(테스트와 손으로 만든 예),
:func:`make_detections` 는 정답 상자에 잡음, 놓침, 거짓 양성을 넣어 탐지기 출력을 흉내 냅니다.

**좌표.** 상자는 :mod:`cnn_vision.scenes` 와 같은 ``"corners"`` 표기
``(x_min, y_min, x_max, y_max)``\ 의 픽셀 좌표이고, 최댓값은 마지막 픽셀 다음 자리입니다.
아이템의 위치(offset)는 아이템 패치(0이 아닌 픽셀을 꼭 맞게 감싼 직사각형)의 왼쪽 위 픽셀
``(y, x)``\ 이며 정수입니다. 캔버스 밖(음수이거나 캔버스보다 큰 값)일 수 있습니다.

**그리기와 가림 규칙.** 아이템마다 깊이 순서(``depth``, 작을수록 먼저 그림)가 정해져 있고 영상
내내 바뀌지 않습니다. 프레임마다 깊이 순서대로 아이템을 그리며, 나중에 그린 아이템의 0이 아닌
픽셀이 그 자리의 값을 **덮어씁니다**\ (불투명). 아이템의 0인 픽셀(배경)은 아래를 가리지 않습니다.
ID 맵(:attr:`Sequence.id_maps`)은 픽셀마다 맨 위에 보이는 아이템의 ID이고 배경은 -1입니다.

**상자.** 프레임 ``t``\ 에서 아이템 ``k``\ 의 상자는 그 아이템의 0이 아닌 픽셀 가운데 **캔버스
안에 있는 것** 을 꼭 맞게 감싸는 직사각형입니다. 다른 아이템에 가려진 픽셀도 포함합니다(가려진
부분까지 그린 전체 상자, MOT 벤치마크의 정답 상자와 같은 방식). 캔버스 밖으로 나간 부분은 빠지므로
들어오고 나가는 아이템의 상자는 잘린 모양입니다. 캔버스 안에 픽셀이 하나도 없으면 상자는 0입니다.

**보이는 정도와 정답에 드는 규칙.** 보이는 정도(:attr:`Sequence.visibility`)는 ID 맵에서 그
아이템으로 보이는 픽셀 수를 아이템의 0이 아닌 픽셀 전체 수로 나눈 값(0~1)입니다. 가려진 픽셀과
캔버스 밖의 픽셀이 모두 빠집니다. 보이는 정도가 ``min_visibility`` 이상인 아이템만 그 프레임의
정답(:attr:`Sequence.present`)에 듭니다. 그보다 많이 가려지거나 캔버스 밖에 있는 아이템은 그
프레임에서 찾지 않아도 되는 객체입니다(탐지도 만들지 않고, 추적 평가에서 놓침으로 세지 않습니다).

**들어오고 나가기.** :func:`make_sequences` 의 아이템은 첫 프레임부터 캔버스 안에 있거나, 나중
프레임에 캔버스 밖(가장자리 바로 바깥)에서 시작해 안쪽으로 들어옵니다. 캔버스에 한 번 들어왔던
아이템이 완전히 밖으로 나가면 그 뒤로는 그리지 않습니다(다시 들어오지 않습니다). 그래서 한 ID의
궤적은 영상에서 한 번만 나타납니다. 다만 가려져 잠깐 정답에서 빠졌다가 다시 나타날 수는 있습니다.

**재현성.** 같은 입력, 같은 인자, 같은 ``seed``\ 면 언제나 같은 영상과 탐지가 나옵니다.

Examples
--------
>>> import numpy as np
>>> square = np.full((4, 4), 200, dtype=np.uint8)
>>> offsets = np.array([[[2, -2]], [[2, 0]], [[2, 2]]])  # 3프레임, 아이템 1개, 오른쪽으로 2픽셀씩
>>> sequence = render_sequence([square], offsets, canvas_size=8)
>>> sequence.boxes[:, 0].tolist()
[[0.0, 2.0, 2.0, 6.0], [0.0, 2.0, 4.0, 6.0], [2.0, 2.0, 6.0, 6.0]]
>>> sequence.visibility[:, 0].tolist(), sequence.present[:, 0].tolist()
([0.5, 1.0, 1.0], [True, True, True])
"""

from __future__ import annotations

from collections.abc import Sequence as SequenceType
from dataclasses import dataclass

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
from cnn_vision.scenes import make_scenes

__all__ = ["Detections", "Sequence", "make_detections", "make_sequences", "render_sequence"]

BACKGROUND_ID = -1
"""ID 맵에서 배경(어느 아이템도 보이지 않는 픽셀)을 나타내는 값."""


@dataclass(frozen=True)
class Sequence:
    r"""영상 하나. 프레임 ``t``\ 개, 아이템(ID) ``k``\ 개.

    아래 배열 모양의 ``t``\ 는 프레임 수, ``k``\ 는 아이템 수(:attr:`num_items`), ``h``\ 와 ``w``\ 는
    캔버스의 높이와 너비입니다. 아이템의 ID는 ``0``\ 부터 ``k - 1``\ 까지이고, 배열의 아이템 축의
    순서와 같습니다.

    Attributes
    ----------
    frames : numpy.ndarray, shape (t, h, w)
        프레임 이미지. 아이템 패치와 같은 dtype입니다.
    id_maps : numpy.ndarray of int16, shape (t, h, w)
        픽셀마다 맨 위에 보이는 아이템의 ID. 배경은 -1.
    boxes : numpy.ndarray of float32, shape (t, k, 4)
        ``(x_min, y_min, x_max, y_max)``. 캔버스 안에 픽셀이 없는 아이템은 0.
    visibility : numpy.ndarray of float32, shape (t, k)
        보이는 픽셀 수 / 아이템의 0이 아닌 픽셀 수.
    offsets : numpy.ndarray of int64, shape (t, k, 2)
        아이템 패치의 왼쪽 위 ``(y, x)``.
    alive : numpy.ndarray of bool, shape (t, k)
        그 프레임에 아이템을 그렸는지(아직 들어오기 전이거나 이미 나간 아이템은 False).
    depth : numpy.ndarray of int64, shape (k,)
        그리는 순서(작을수록 먼저 그려 아래에 놓임).
    labels : numpy.ndarray of int64, shape (k,)
        아이템의 클래스. 모르면 -1.
    item_indices : numpy.ndarray of int64, shape (k,)
        아이템이 입력 이미지 배열의 몇 번째인지. 모르면 -1.
    patches : tuple of numpy.ndarray
        아이템 패치(0이 아닌 픽셀을 꼭 맞게 감싼 이미지).
    min_visibility : float
        정답에 드는 최소 보이는 정도(:attr:`present`).
    """

    frames: np.ndarray
    id_maps: np.ndarray
    boxes: np.ndarray
    visibility: np.ndarray
    offsets: np.ndarray
    alive: np.ndarray
    depth: np.ndarray
    labels: np.ndarray
    item_indices: np.ndarray
    patches: tuple[np.ndarray, ...]
    min_visibility: float

    def __len__(self) -> int:
        return len(self.frames)

    @property
    def num_items(self) -> int:
        """아이템(ID) 수."""
        return self.boxes.shape[1]

    @property
    def canvas_shape(self) -> tuple[int, int]:
        """캔버스의 (높이, 너비)."""
        return self.frames.shape[1], self.frames.shape[2]

    @property
    def present(self) -> np.ndarray:
        r"""shape ``(t, k)``\ 의 bool 배열: 그 프레임의 정답에 드는 아이템.

        보이는 정도가 ``min_visibility`` 이상이면 True입니다(모듈 설명의 규칙).
        """
        return self.visibility >= self.min_visibility

    def objects(self, frame: int) -> tuple[np.ndarray, np.ndarray]:
        r"""프레임 하나의 정답 ``(ids, boxes)``: :attr:`present` 인 아이템의 ID와 상자."""
        frame = list_index(frame, len(self), "frame", "프레임")
        ids = np.flatnonzero(self.present[frame])
        return ids, self.boxes[frame, ids].copy()

    def ground_truth(self) -> list[tuple[np.ndarray, np.ndarray]]:
        r"""모든 프레임의 :meth:`objects`.

        :func:`cnn_vision.tracking.evaluate_tracking` 에 그대로 넣습니다.
        """
        return [self.objects(frame) for frame in range(len(self))]


@dataclass(frozen=True)
class Detections:
    r"""영상 하나의 탐지 결과(모든 프레임을 이어 붙인 표).

    Attributes
    ----------
    frame : numpy.ndarray of int64, shape (n,)
        탐지가 나온 프레임 번호(오름차순).
    boxes : numpy.ndarray of float32, shape (n, 4)
        ``(x_min, y_min, x_max, y_max)``.
    object_ids : numpy.ndarray of int64, shape (n,)
        탐지를 만든 정답 아이템의 ID. 거짓 양성은 -1. **추적기는 이 값을 쓰면 안 됩니다**
        (분석과 테스트용).
    num_frames : int
        영상의 프레임 수(탐지가 하나도 없는 프레임도 셉니다).
    """

    frame: np.ndarray
    boxes: np.ndarray
    object_ids: np.ndarray
    num_frames: int

    def __len__(self) -> int:
        return len(self.frame)

    def in_frame(self, frame: int) -> np.ndarray:
        r"""프레임 하나의 탐지 상자, shape ``(m, 4)``."""
        frame = list_index(frame, self.num_frames, "frame", "프레임")
        return self.boxes[self.frame == frame]

    def indices(self, frame: int) -> np.ndarray:
        r"""프레임 하나의 탐지가 표의 몇 번째 행인지(:meth:`in_frame` 과 같은 순서)."""
        frame = list_index(frame, self.num_frames, "frame", "프레임")
        return np.flatnonzero(self.frame == frame)


# --- 그리기 ---------------------------------------------------------------------------------------


def render_sequence(
    patches: SequenceType[npt.ArrayLike],
    offsets: npt.ArrayLike,
    *,
    canvas_size: int | tuple[int, int],
    alive: npt.ArrayLike | None = None,
    depth: npt.ArrayLike | None = None,
    labels: npt.ArrayLike | None = None,
    min_visibility: float = 0.25,
) -> Sequence:
    r"""주어진 궤적대로 아이템 패치를 그려 영상 하나를 만듭니다.

    Parameters
    ----------
    patches : sequence of array_like, 각 shape (h, w)
        아이템 이미지. 배경은 0이고, 0이 아닌 픽셀이 하나 이상 있어야 합니다. 패치는 0이 아닌
        픽셀을 꼭 맞게 감싸도록 잘라서 씁니다(위치는 잘라 낸 패치의 왼쪽 위 기준).
    offsets : array_like of int, shape (t, k, 2)
        프레임마다 아이템 패치(잘라 낸 뒤)의 왼쪽 위 ``(y, x)``. ``t``\ 는 프레임 수, ``k``\ 는
        아이템 수입니다.
    canvas_size : int or (int, int)
        캔버스 크기. 정수 하나면 정사각형, 두 개면 (높이, 너비).
    alive : array_like of bool, shape (t, k), optional
        그 프레임에 아이템을 그릴지. 기본은 모두 True.
    depth : array_like of int, shape (k,), optional
        그리는 순서(작을수록 아래). 서로 달라야 합니다. 기본은 ``0, 1, 2, ...``.
    labels : array_like of int, shape (k,), optional
        아이템의 클래스(기록만 합니다). 기본은 모두 -1.
    min_visibility : float, default 0.25
        정답에 드는 최소 보이는 정도(0 초과 1 이하).

    Returns
    -------
    Sequence

    Raises
    ------
    ValueError
        인자가 잘못되었을 때. 메시지에 인자 이름과 값이 들어갑니다.
    """
    height, width = canvas_shape(canvas_size)
    if isinstance(patches, np.ndarray) and patches.ndim == 3:
        patches = list(patches)
    if isinstance(patches, (str, bytes)) or not isinstance(patches, (SequenceType, np.ndarray)) \
            or len(patches) == 0:
        raise ValueError(f"patches는 아이템 이미지 하나 이상의 목록이어야 합니다: patches={patches!r}")
    cropped = []
    for index, patch in enumerate(patches):
        array = np.asarray(patch)
        if array.ndim != 2 or not (np.issubdtype(array.dtype, np.integer)
                                   or np.issubdtype(array.dtype, np.floating)):
            raise ValueError(
                f"patches[{index}]는 숫자로 된 2차원 이미지여야 합니다: shape={array.shape}, "
                f"dtype={array.dtype}"
            )
        mask = array != 0
        if not mask.any():
            raise ValueError(f"patches[{index}]에 0이 아닌 픽셀이 하나도 없습니다: shape={array.shape}")
        rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
        cropped.append(array[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1])
    dtypes = {patch.dtype for patch in cropped}
    if len(dtypes) != 1:
        raise ValueError(f"patches의 dtype이 서로 다릅니다: {sorted(str(d) for d in dtypes)}")
    num_items = len(cropped)

    positions = np.asarray(offsets)
    if positions.ndim != 3 or positions.shape[1:] != (num_items, 2) or positions.shape[0] == 0:
        raise ValueError(
            f"offsets는 (프레임 수, 아이템 수 {num_items}, 2) 배열이어야 합니다: "
            f"offsets.shape={positions.shape}"
        )
    if not np.issubdtype(positions.dtype, np.integer):
        if np.issubdtype(positions.dtype, np.floating) and np.isfinite(positions).all() \
                and (positions == np.round(positions)).all():
            positions = positions.astype(np.int64)
        else:
            raise ValueError(f"offsets는 정수 배열이어야 합니다: offsets.dtype={positions.dtype}")
    positions = positions.astype(np.int64)
    num_frames = positions.shape[0]

    if alive is None:
        drawn = np.ones((num_frames, num_items), dtype=bool)
    else:
        drawn = np.asarray(alive)
        if drawn.shape != (num_frames, num_items) or drawn.dtype != bool:
            raise ValueError(
                f"alive는 ({num_frames}, {num_items}) 크기의 bool 배열이어야 합니다: "
                f"shape={drawn.shape}, dtype={drawn.dtype}"
            )
    if depth is None:
        order = np.arange(num_items, dtype=np.int64)
    else:
        order = np.asarray(depth)
        if order.shape != (num_items,) or not np.issubdtype(order.dtype, np.integer) \
                or len(np.unique(order)) != num_items:
            raise ValueError(f"depth는 서로 다른 정수 {num_items}개여야 합니다: depth={depth!r}")
        order = order.astype(np.int64)
    if labels is None:
        classes = np.full(num_items, -1, dtype=np.int64)
    else:
        classes = np.asarray(labels)
        if classes.shape != (num_items,) or not np.issubdtype(classes.dtype, np.integer):
            raise ValueError(f"labels는 정수 {num_items}개여야 합니다: labels={labels!r}")
        classes = classes.astype(np.int64)
    threshold = bounded_number(min_visibility, "min_visibility", low=0.0, high=1.0)
    if threshold == 0:
        raise ValueError(f"min_visibility는 0보다 커야 합니다: min_visibility={min_visibility!r}")

    return _render(cropped, positions, drawn, order, classes, np.full(num_items, -1, dtype=np.int64),
                   (height, width), threshold)


def _render(patches, positions, drawn, order, classes, item_indices, canvas, threshold) -> Sequence:
    height, width = canvas
    num_frames, num_items = drawn.shape
    dtype = patches[0].dtype
    frames = np.zeros((num_frames, height, width), dtype=dtype)
    id_maps = np.full((num_frames, height, width), BACKGROUND_ID, dtype=np.int16)
    boxes = np.zeros((num_frames, num_items, 4), dtype=np.float32)
    totals = np.array([np.count_nonzero(patch) for patch in patches], dtype=np.float64)
    row_any = [(patch != 0).any(axis=1) for patch in patches]
    col_any = [(patch != 0).any(axis=0) for patch in patches]
    back_to_front = np.argsort(order, kind="stable")
    for t in range(num_frames):
        for k in back_to_front:
            if not drawn[t, k]:
                continue
            patch = patches[k]
            top, left = (int(v) for v in positions[t, k])
            r0, r1 = max(top, 0), min(top + patch.shape[0], height)
            c0, c1 = max(left, 0), min(left + patch.shape[1], width)
            if r0 >= r1 or c0 >= c1:
                continue
            piece = patch[r0 - top:r1 - top, c0 - left:c1 - left]
            rows = np.flatnonzero(row_any[k][r0 - top:r1 - top] & (piece != 0).any(axis=1))
            cols = np.flatnonzero(col_any[k][c0 - left:c1 - left] & (piece != 0).any(axis=0))
            if rows.size == 0:  # 캔버스 안의 부분이 모두 0
                continue
            boxes[t, k] = (c0 + cols[0], r0 + rows[0], c0 + cols[-1] + 1, r0 + rows[-1] + 1)
            on = piece != 0
            frames[t, r0:r1, c0:c1][on] = piece[on]
            id_maps[t, r0:r1, c0:c1][on] = k
    counts = np.stack([(id_maps == k).reshape(num_frames, -1).sum(axis=1) for k in range(num_items)],
                      axis=1)
    visibility = (counts / totals[None, :]).astype(np.float32)
    return Sequence(
        frames=frames, id_maps=id_maps, boxes=boxes, visibility=visibility,
        offsets=positions.copy(), alive=drawn.copy(), depth=order.copy(), labels=classes.copy(),
        item_indices=item_indices.copy(), patches=tuple(patches), min_visibility=threshold,
    )


# --- 무작위 영상 ----------------------------------------------------------------------------------


def make_sequences(
    images: npt.ArrayLike,
    labels: npt.ArrayLike,
    num_sequences: int,
    *,
    num_frames: int = 40,
    canvas_size: int | tuple[int, int] = 128,
    num_objects: tuple[int, int] = (3, 6),
    scale_range: tuple[float, float] = (0.8, 1.2),
    speed_range: tuple[float, float] = (1.0, 3.0),
    velocity_noise: float = 0.15,
    entering: float = 0.5,
    min_visibility: float = 0.25,
    seed: int | np.random.Generator | None = 0,
) -> list[Sequence]:
    r"""움직이는 패션 MNIST 아이템의 영상 ``num_sequences``\ 개를 만듭니다.

    영상마다 아이템 수를 ``num_objects`` 범위에서 고르게 고르고, 아이템(중복 허용)과 배율을
    :func:`cnn_vision.scenes.make_scenes` 로 고릅니다. 아이템마다

    - 첫 프레임부터 캔버스 안에 있거나(확률 ``1 - entering``), 나중 프레임(영상의 앞쪽 60% 안)에
      캔버스 가장자리 바로 바깥에서 시작해 들어옵니다(확률 ``entering``).
    - 출발점에서 캔버스 가운데 절반 영역의 무작위 점을 향하는 속도(크기는 ``speed_range``, 픽셀/프레임)로
      움직입니다. 그래서 아이템의 길이 자주 엇갈립니다.
    - 프레임마다 속도에 평균 0, 표준 편차 ``velocity_noise``\ 인 정규 잡음을 더합니다(등속 + 잡음).
      위치는 실수로 움직이고 그릴 때 반올림합니다.

    깊이 순서는 무작위이고, 그리기·상자·보이는 정도·들어오고 나가기는 모듈 설명의 규칙을 따릅니다.

    Parameters
    ----------
    images : array_like, shape (m, h, w)
        아이템 이미지(예: 패션 MNIST의 ``uint8`` 28×28). 배경은 0이어야 합니다.
    labels : array_like of int, shape (m,)
        아이템마다의 클래스.
    num_sequences : int
        만들 영상 수(1 이상).
    num_frames : int, default 40
        영상마다 프레임 수(2 이상).
    canvas_size : int or (int, int), default 128
        캔버스 크기.
    num_objects : (int, int), default (3, 6)
        영상마다 아이템 수의 최솟값과 최댓값(양 끝 포함, 1 이상).
    scale_range : (float, float), default (0.8, 1.2)
        아이템 배율 범위(:func:`cnn_vision.scenes.make_scenes` 와 같은 뜻).
    speed_range : (float, float), default (1.0, 3.0)
        처음 속력의 범위(픽셀/프레임, 0 이상).
    velocity_noise : float, default 0.15
        프레임마다 속도의 x, y 성분에 더하는 잡음의 표준 편차(0 이상).
    entering : float, default 0.5
        아이템이 나중에 캔버스 밖에서 들어올 확률(0 이상 1 이하).
    min_visibility : float, default 0.25
        정답에 드는 최소 보이는 정도(0 초과 1 이하).
    seed : int or numpy.random.Generator or None, default 0
        난수 시드.

    Returns
    -------
    list of Sequence

    Raises
    ------
    ValueError
        인자가 잘못되었을 때. 메시지에 인자 이름과 값이 들어갑니다.
    """
    count = positive_int(num_sequences, "num_sequences")
    frames = positive_int(num_frames, "num_frames", minimum=2)
    height, width = canvas_shape(canvas_size)
    min_objects, max_objects = number_pair(num_objects, "num_objects", integer=True, low=1)
    scales = number_pair(scale_range, "scale_range", low=0.0)
    speeds = number_pair(speed_range, "speed_range", low=0.0)
    noise = bounded_number(velocity_noise, "velocity_noise", low=0.0)
    enter_probability = bounded_number(entering, "entering", low=0.0, high=1.0)
    threshold = bounded_number(min_visibility, "min_visibility", low=0.0, high=1.0)
    if threshold == 0:
        raise ValueError(f"min_visibility는 0보다 커야 합니다: min_visibility={min_visibility!r}")
    rng = random_generator(seed)

    item_counts = rng.integers(min_objects, max_objects + 1, size=count)
    total = int(item_counts.sum())
    # 아이템 하나짜리 장면을 아이템 수만큼 만들어, 크기를 바꾼 진짜 아이템을 얻습니다.
    # images, labels, scale_range의 확인도 make_scenes가 합니다.
    scenes = make_scenes(images, labels, total, canvas_size=(height, width), num_objects=(1, 1),
                         scale_range=scales, seed=rng)
    sequences = []
    start = 0
    for sequence_index in range(count):
        num_items = int(item_counts[sequence_index])
        slots = range(start, start + num_items)
        start += num_items
        patches = []
        for scene in slots:
            x_min, y_min, x_max, y_max = scenes.boxes[scene, 0].astype(int)
            patches.append(scenes.item_image(scene, 0)[y_min:y_max, x_min:x_max])
        positions, drawn = _trajectories(patches, frames, (height, width), speeds, noise,
                                         enter_probability, rng)
        depth = rng.permutation(num_items).astype(np.int64)
        sequences.append(_render(
            patches, positions, drawn, depth,
            scenes.labels[list(slots), 0].astype(np.int64),
            scenes.item_indices[list(slots), 0].astype(np.int64),
            (height, width), threshold,
        ))
    return sequences


def _trajectories(patches, num_frames, canvas, speeds, noise, enter_probability, rng):
    height, width = canvas
    num_items = len(patches)
    sizes = np.array([patch.shape for patch in patches], dtype=np.float64)  # (h, w)
    positions = np.zeros((num_frames, num_items, 2), dtype=np.int64)
    drawn = np.zeros((num_frames, num_items), dtype=bool)
    for k in range(num_items):
        h, w = sizes[k]
        # 캔버스 가운데 절반 영역의 목표점(아이템 중심이 향하는 곳).
        target = np.array([rng.uniform(height / 4, 3 * height / 4), rng.uniform(width / 4, 3 * width / 4)])
        if rng.random() < enter_probability:
            first = int(rng.integers(1, max(2, int(0.6 * num_frames))))
            edge = int(rng.integers(4))  # 0 위, 1 아래, 2 왼쪽, 3 오른쪽
            along_y, along_x = rng.uniform(0, height - h), rng.uniform(0, width - w)
            top = {0: -h, 1: float(height), 2: along_y, 3: along_y}[edge]
            left = {0: along_x, 1: along_x, 2: -w, 3: float(width)}[edge]
        else:
            first = 0
            top, left = rng.uniform(0, height - h), rng.uniform(0, width - w)
        position = np.array([top, left])
        direction = target - (position + sizes[k] / 2)
        direction /= max(np.linalg.norm(direction), 1e-9)
        velocity = direction * rng.uniform(*speeds)
        entered = False
        for t in range(first, num_frames):
            if t > first:
                velocity = velocity + rng.normal(0.0, noise, size=2)
                position = position + velocity
            offset = np.rint(position).astype(np.int64)
            inside = (offset[0] < height and offset[0] + h > 0 and offset[1] < width and offset[1] + w > 0)
            if entered and not inside:
                break  # 나간 아이템은 다시 들어오지 않습니다
            entered = entered or inside
            positions[t, k] = offset
            drawn[t, k] = True
    return positions, drawn


# --- 공개 탐지 ------------------------------------------------------------------------------------


def make_detections(
    sequence: Sequence,
    *,
    position_noise: float = 0.0,
    miss_rate: float = 0.0,
    false_positives: float = 0.0,
    seed: int | np.random.Generator | None = 0,
) -> Detections:
    r"""정답 상자를 흐트러뜨려 탐지기 출력을 흉내 냅니다("공개 탐지", public detections).

    추적 벤치마크는 모든 참가자에게 같은 탐지 결과를 주고(public detections) 연결하는 방법만
    겨루게 합니다. 이 함수도 탐지기 대신 정답에서 탐지를 만들어, 추적기의 데이터 연관만 따로 볼 수
    있게 합니다. 프레임마다

    - 정답에 드는(:attr:`Sequence.present`) 아이템 하나하나를 확률 ``miss_rate``\ 로 놓칩니다.
    - 놓치지 않은 아이템의 상자는 중심 x, y와 너비, 높이에 각각 평균 0, 표준 편차
      ``position_noise``\ (픽셀)인 정규 잡음을 더한 것입니다(너비와 높이는 1픽셀 이상).
    - 평균 ``false_positives``\ 개(포아송 분포)의 거짓 양성 상자를 캔버스 안 무작위 위치에
      만듭니다. 크기는 그 영상의 정답 상자 크기 범위에서 고릅니다.

    Parameters
    ----------
    sequence : Sequence
        :func:`make_sequences` 나 :func:`render_sequence` 의 결과.
    position_noise : float, default 0.0
        상자 잡음의 표준 편차(픽셀, 0 이상).
    miss_rate : float, default 0.0
        놓칠 확률(0 이상 1 미만).
    false_positives : float, default 0.0
        프레임마다 거짓 양성 수의 평균(0 이상).
    seed : int or numpy.random.Generator or None, default 0
        난수 시드.

    Returns
    -------
    Detections
        프레임 순서로 정렬된 탐지. 한 프레임 안의 순서는 섞여 있습니다(정답 ID 순서가 새지 않도록).

    Raises
    ------
    ValueError
        인자가 잘못되었을 때. 메시지에 인자 이름과 값이 들어갑니다.
    """
    if not isinstance(sequence, Sequence):
        raise ValueError(f"sequence는 cnn_vision.sequences.Sequence여야 합니다: {type(sequence).__name__}")
    sigma = bounded_number(position_noise, "position_noise", low=0.0)
    miss = bounded_number(miss_rate, "miss_rate", low=0.0, high=1.0, high_open=True)
    clutter = bounded_number(false_positives, "false_positives", low=0.0)
    rng = random_generator(seed)
    height, width = sequence.canvas_shape
    present = sequence.present
    sizes = sequence.boxes[..., 2:] - sequence.boxes[..., :2]
    if present.any():
        size_low, size_high = sizes[present].min(axis=0), sizes[present].max(axis=0)
    else:
        size_low, size_high = np.array([8.0, 8.0]), np.array([28.0, 28.0])
    frames, boxes, ids = [], [], []
    for t in range(len(sequence)):
        found = np.flatnonzero(present[t] & (rng.random(sequence.num_items) >= miss))
        truth = sequence.boxes[t, found].astype(np.float64)
        center = (truth[:, :2] + truth[:, 2:]) / 2 + rng.normal(0.0, sigma, size=(len(found), 2))
        size = np.maximum(truth[:, 2:] - truth[:, :2] + rng.normal(0.0, sigma, size=(len(found), 2)), 1.0)
        detected = np.concatenate([center - size / 2, center + size / 2], axis=1)
        extra = int(rng.poisson(clutter))
        extra_size = rng.uniform(size_low, size_high, size=(extra, 2))
        corner = rng.uniform(0, 1, size=(extra, 2)) * (np.array([width, height]) - extra_size)
        fake = np.concatenate([corner, corner + extra_size], axis=1)
        shuffle = rng.permutation(len(found) + extra)
        boxes.append(np.concatenate([detected, fake])[shuffle])
        ids.append(np.concatenate([found, np.full(extra, -1)])[shuffle])
        frames.append(np.full(len(found) + extra, t))
    return Detections(
        frame=np.concatenate(frames).astype(np.int64),
        boxes=np.concatenate(boxes).reshape(-1, 4).astype(np.float32),
        object_ids=np.concatenate(ids).astype(np.int64),
        num_frames=len(sequence),
    )
