r"""인자 확인: 양의 정수와 양수를 한 곳에서, 같은 규칙으로 확인합니다.

라이브러리의 공개 함수는 잘못된 인자를 조용히 고쳐 쓰지 않고, 인자 이름과 값을 밝힌 한국어
오류를 냅니다. 정수 자리에는 파이썬 ``int``\ 와 NumPy 정수(``np.int64(3)`` 등)를 똑같이 받고,
``bool``\ 은 받지 않습니다(``True``\ 가 1로 조용히 쓰이지 않도록).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["MAX_EXACT_INT", "positive_int", "positive_int_array", "positive_number"]


def _is_integer(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def positive_int(value, name: str, *, minimum: int = 1) -> int:
    r"""``value``\ 가 ``minimum`` 이상의 정수인지 확인하고 파이썬 ``int``\ 로 돌려줍니다.

    Parameters
    ----------
    value : int or numpy.integer
        확인할 값. ``bool``, 실수(``2.0`` 포함), 문자열은 받지 않습니다.
    name : str
        오류 메시지에 쓸 인자 이름.
    minimum : int, default 1
        허용하는 가장 작은 값.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        정수가 아니거나 ``minimum``\ 보다 작을 때. 메시지에 인자 이름과 값이 들어갑니다.

    Examples
    --------
    >>> positive_int(np.int64(3), "ncols")
    3
    """
    if not _is_integer(value) or int(value) < minimum:
        raise ValueError(f"{name}는 {minimum} 이상의 정수여야 합니다: {name}={value!r}")
    return int(value)


MAX_EXACT_INT = 2**53
"""정수 배열 자리에 받는 가장 큰 값. 실수로도 정확히 나타낼 수 있고, 더하거나 곱해도 ``int64`` 를
넘지 않습니다."""


def positive_int_array(value, name: str) -> np.ndarray:
    r"""``value``\ 를 양의 정수 배열(``int64``)로 바꿉니다. 정수 배열과 정수인 실수 배열을 받습니다.

    Parameters
    ----------
    value : int or array_like of int
        확인할 값(스칼라 또는 배열).
    name : str
        오류 메시지에 쓸 인자 이름.

    Returns
    -------
    numpy.ndarray of int64

    Raises
    ------
    ValueError
        비었거나, 정수가 아니거나, 0 이하인 값이 있을 때, :data:`MAX_EXACT_INT` (2**53)보다 큰 값이
        있을 때. 메시지에 인자 이름과 값이 들어갑니다.
    """
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}는 정수여야 합니다: {name}={value!r}") from None
    if array.dtype == object and array.size and all(_is_integer(v) for v in array.ravel()):
        array = array.astype(float)  # int64에 들어가지 않는 파이썬 정수: 아래에서 크기로 거절합니다.
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        if not (
            np.issubdtype(array.dtype, np.floating)
            and np.all(np.isfinite(array))
            and np.all(np.mod(array, 1) == 0)
        ):
            raise ValueError(f"{name}는 정수여야 합니다: {name}={value!r}")
        if np.any(np.abs(array) > MAX_EXACT_INT):
            raise ValueError(f"{name}의 값이 너무 큽니다({MAX_EXACT_INT:,} 이하여야 합니다): {name}={value!r}")
        array = array.astype(np.int64)
    if array.size == 0:
        raise ValueError(f"{name}가 비어 있습니다: {name}={value!r}")
    if np.any(array <= 0):
        raise ValueError(f"{name}는 양수여야 합니다: {name}={value!r}")
    if np.any(array > MAX_EXACT_INT):
        raise ValueError(f"{name}의 값이 너무 큽니다({MAX_EXACT_INT:,} 이하여야 합니다): {name}={value!r}")
    return array.astype(np.int64)


def positive_number(value, name: str) -> float:
    r"""``value``\ 가 0보다 큰 유한한 실수인지 확인하고 ``float``\ 로 돌려줍니다.

    Parameters
    ----------
    value : int, float or numpy number
        확인할 값. ``bool``, NaN, 무한대는 받지 않습니다.
    name : str
        오류 메시지에 쓸 인자 이름.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        수가 아니거나, 유한하지 않거나, 0 이하일 때.
    """
    if (
        not isinstance(value, numbers.Real)
        or isinstance(value, (bool, np.bool_))
        or not math.isfinite(float(value))
        or float(value) <= 0
    ):
        raise ValueError(f"{name}는 0보다 큰 유한한 수여야 합니다: {name}={value!r}")
    return float(value)
