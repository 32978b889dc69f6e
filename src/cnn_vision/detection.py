r"""바운딩 박스를 다루는 도구: 지금은 IoU(교집합/합집합)만 있습니다.

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

import numpy as np

__all__ = ["BOX_FORMATS", "iou"]

#: :func:`iou` 가 받는 상자 표기.
BOX_FORMATS = ("center", "corners")


def _where(array: np.ndarray, bad: np.ndarray) -> str:
    """잘못된 첫 상자의 위치와 값을 메시지용 문자열로 만듭니다."""
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    place = f"위치 {index}, " if index else ""
    return f"{place}상자 {array[index].tolist()}"


def _as_corners(boxes, box_format: str, name: str) -> np.ndarray:
    array = np.asarray(boxes, dtype=np.float64)
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
        return np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=-1)
    x_min, y_min, x_max, y_max = np.moveaxis(array, -1, 0)
    bad = (x_max < x_min) | (y_max < y_min)
    if bad.any():
        raise ValueError(
            f"{name}에 최댓값이 최솟값보다 작은 상자가 있습니다(표기 'corners' = "
            f"(x_min, y_min, x_max, y_max)): {_where(array, bad)}"
        )
    return array


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
        최댓값이 최솟값보다 작은 상자가 있을 때. 메시지에 잘못된 값과 그 위치가 들어갑니다.

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
    inter_w = np.clip(np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0]), 0, None)
    inter_h = np.clip(np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1]), 0, None)
    intersection = inter_w * inter_h
    area_a = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
    area_b = (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    union = area_a + area_b - intersection
    result = np.divide(intersection, union, out=np.zeros_like(intersection), where=union > 0)
    if result.ndim == 0:
        return float(result)
    return result
