r"""합성곱 층과 풀링 층의 출력 크기 계산.

케라스의 ``Conv2D``\ 가 만드는 특성 맵의 크기를 미리 계산합니다. ``padding="valid"``\ 이면
스트라이드 때문에 버려지는(무시되는) 행·열의 수를, ``padding="same"``\ 이면 제로 패딩으로
채워 넣는 행·열의 수를 함께 돌려줍니다.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from cnn_vision.checks import positive_int_array

SizeLike = int | npt.ArrayLike

PADDINGS = ("valid", "same")


def conv_output_size(
    input_size: SizeLike,
    kernel_size: SizeLike,
    strides: SizeLike = 1,
    padding: str = "valid",
) -> tuple[SizeLike, SizeLike]:
    r"""합성곱 층이 출력할 특성 맵의 크기를 계산합니다.

    Parameters
    ----------
    input_size : int or array_like of int
        입력의 높이와 너비 등, 축마다의 크기. 예: ``[70, 120]``.
    kernel_size : int or array_like of int
        커널(필터)의 크기. 축마다 다르면 배열로 줍니다.
    strides : int or array_like of int, default 1
        스트라이드.
    padding : {"valid", "same"}, default "valid"
        케라스 ``Conv2D``\ 의 ``padding`` 인자와 같은 뜻입니다(대소문자 무시).

    Returns
    -------
    output_size : int or ndarray of int
        출력 특성 맵의 크기.
    num_ignored_or_padded : int or ndarray of int
        ``"valid"``\ 이면 오른쪽·아래쪽에서 무시되는 행·열의 수,
        ``"same"``\ 이면 (위아래 또는 좌우를 합쳐) 제로 패딩되는 행·열의 수.

    입력이 모두 스칼라이면 파이썬 ``int``\ 를, 하나라도 배열이면 NumPy 배열을 돌려줍니다.

    Raises
    ------
    ValueError
        ``padding``\ 이 알 수 없는 값이거나, 크기·커널·스트라이드가 양의 정수가 아니거나 너무 클 때
        (2**53 초과), ``"valid"`` 패딩에서 커널이 입력보다 커서 출력이 없을 때. 메시지에 그 값이
        들어갑니다.

    Examples
    --------
    >>> conv_output_size(70, 7, strides=2, padding="same")
    (35, 5)
    >>> conv_output_size([70, 120], 7, 2, "same")
    (array([35, 60]), array([5, 5]))
    """
    if not isinstance(padding, str) or padding.lower() not in PADDINGS:
        raise ValueError(
            f"padding은 {' 또는 '.join(repr(p) for p in PADDINGS)}이어야 합니다: {padding!r}"
        )
    padding = padding.lower()
    size = positive_int_array(input_size, "input_size")
    kernel = positive_int_array(kernel_size, "kernel_size")
    stride = positive_int_array(strides, "strides")
    size, kernel, stride = np.broadcast_arrays(size, kernel, stride)

    if padding == "valid":
        if np.any(kernel > size):
            raise ValueError(
                f"padding='valid'에서 kernel_size({kernel_size!r})가 "
                f"input_size({input_size!r})보다 커서 출력이 없습니다"
            )
        # 커널을 처음 놓은 뒤 스트라이드만큼씩 옮길 수 있는 횟수 + 1
        output = (size - kernel) // stride + 1
        extra = size - ((output - 1) * stride + kernel)
    else:
        output = -(-size // stride)  # 올림 나눗셈: ceil(size / stride)
        needed = (output - 1) * stride + kernel
        extra = np.maximum(needed - size, 0)

    scalar = all(np.ndim(v) == 0 for v in (input_size, kernel_size, strides))
    if scalar:
        return int(output), int(extra)
    return output, extra
