r"""인자 확인: 양의 정수, 양수, 숫자 배열(신뢰도, 0~1 값, 클래스 번호)을 한 곳에서 같은 규칙으로 확인합니다.

라이브러리의 공개 함수는 잘못된 인자를 조용히 고쳐 쓰지 않고, 인자 이름과 값을 밝힌 한국어
오류를 냅니다. 정수 자리에는 파이썬 ``int``\ 와 NumPy 정수(``np.int64(3)`` 등)를 똑같이 받고,
``bool``\ 은 받지 않습니다(``True``\ 가 1로 조용히 쓰이지 않도록).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "MAX_EXACT_INT",
    "positive_int",
    "positive_int_array",
    "positive_number",
    "float_array",
    "finite_vector",
    "unit_interval_vector",
    "label_vector",
    "list_index",
    "bounded_number",
    "number_pair",
    "canvas_shape",
    "random_generator",
]


def _is_integer(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _is_finite_real(value) -> bool:
    return (isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
            and math.isfinite(float(value)))


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
            raise ValueError(f"{name}의 값이 너무 큽니다({MAX_EXACT_INT:,} 이하여야 합니다): "
                             f"{name}={value!r}")
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
    if not _is_finite_real(value) or float(value) <= 0:
        raise ValueError(f"{name}는 0보다 큰 유한한 수여야 합니다: {name}={value!r}")
    return float(value)


def float_array(values, name: str) -> np.ndarray:
    r"""``values``\ 를 실수 배열로 바꿉니다. 숫자가 아닌 값이 있으면 인자 이름을 밝혀 알립니다.

    Raises
    ------
    ValueError
        문자열이거나 숫자로 바꿀 수 없는 값이 있을 때.
    """
    if isinstance(values, (str, bytes)):
        raise ValueError(f"{name}는 숫자 배열이어야 합니다: {name}={values!r}")
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name}는 숫자 배열이어야 합니다({error}): {name}={values!r}") from None
    if array.dtype == object:
        raise ValueError(f"{name}는 숫자 배열이어야 합니다: {name}={values!r}")
    return array


def finite_vector(values, name: str) -> np.ndarray:
    """NaN·무한대가 없는 1차원 실수 배열(예: 탐지의 신뢰도). 빈 배열도 받습니다.

    Raises
    ------
    ValueError
        1차원이 아니거나 유한하지 않은 값이 있을 때. 메시지에 그 위치와 값이 들어갑니다.
    """
    array = float_array(values, name)
    if array.ndim != 1:
        raise ValueError(f"{name}는 1차원 배열이어야 합니다: shape={array.shape}")
    bad = ~np.isfinite(array)
    if bad.any():
        index = int(np.argmax(bad))
        raise ValueError(f"{name}에 유한하지 않은 값(NaN, inf)이 있습니다: {name}[{index}]={array[index]}")
    return array


def unit_interval_vector(values, name: str) -> np.ndarray:
    """0~1 사이의 값만 있는, 비어 있지 않은 1차원 실수 배열(예: 정밀도, 재현율, IoU 임곗값).

    Raises
    ------
    ValueError
        비었거나, 1차원이 아니거나, 0~1 밖의 값(NaN 포함)이 있을 때.
    """
    array = float_array(values, name)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name}는 비어 있지 않은 1차원 배열이어야 합니다: {values!r}")
    if np.any(~np.isfinite(array)) or np.any(array < 0) or np.any(array > 1):
        raise ValueError(f"{name}의 값은 0~1 사이여야 합니다: {values!r}")
    return array


def label_vector(values, name: str, num_classes: int) -> np.ndarray:
    """클래스 번호의 1차원 정수 배열(``int64``): 0 이상 ``num_classes`` 미만. 빈 배열도 받습니다.

    실수(``1.0``, ``1.5``, NaN)와 불리언은 받지 않습니다. 조용히 버리거나 다른 클래스로 세지 않도록.

    Raises
    ------
    ValueError
        1차원이 아니거나, 정수 배열이 아니거나, 범위 밖의 클래스가 있을 때.
    """
    if isinstance(values, (str, bytes)):
        raise ValueError(f"{name}는 정수 클래스 번호의 1차원 배열이어야 합니다: {name}={values!r}")
    array = np.asarray(values)
    if array.ndim == 1 and array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if array.ndim != 1:
        raise ValueError(f"{name}는 1차원 배열이어야 합니다: shape={array.shape}")
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        raise ValueError(
            f"{name}는 정수 클래스 번호여야 합니다(실수·NaN·불리언은 받지 않습니다): "
            f"dtype={array.dtype}, {name}={array.tolist()!r}"
        )
    if array.min() < 0 or array.max() >= num_classes:
        raise ValueError(
            f"{name}에 0~{num_classes - 1} 밖의 클래스가 있습니다: {sorted(set(array.tolist()))}"
        )
    return array.astype(np.int64)


def list_index(value, length: int, name: str, what: str) -> int:
    r"""``value``\ 가 길이 ``length``\ 인 목록의 번호(음수는 끝에서부터)인지 확인합니다.

    Parameters
    ----------
    value : int or numpy.integer
        확인할 번호.
    length : int
        목록의 길이.
    name : str
        오류 메시지에 쓸 인자 이름(예: ``"frame"``).
    what : str
        목록에 든 것의 이름(예: ``"프레임"``). 범위 오류에 ``(프레임 50개)``\ 처럼 씁니다.

    Returns
    -------
    int
        0 이상 ``length`` 미만의 번호.

    Raises
    ------
    TypeError
        정수가 아닐 때(``bool`` 포함).
    IndexError
        범위 밖일 때.
    """
    if not _is_integer(value):
        raise TypeError(f"{name}는 정수여야 합니다: {name}={value!r}")
    if not -length <= int(value) < length:
        raise IndexError(f"{name}가 범위 밖입니다({what} {length}개): {name}={value!r}")
    return int(value) % length


def bounded_number(value, name: str, *, low: float, high: float | None = None,
                   high_open: bool = False) -> float:
    r"""``value``\ 가 ``low`` 이상(``high`` 이하, ``high_open``\ 이면 미만)의 유한한 실수인지 확인합니다.

    Parameters
    ----------
    value : int, float or numpy number
        확인할 값. ``bool``, NaN, 무한대는 받지 않습니다.
    name : str
        오류 메시지에 쓸 인자 이름.
    low : float
        허용하는 가장 작은 값.
    high : float, optional
        허용하는 가장 큰 값(없으면 위로 제한 없음).
    high_open : bool, default False
        ``True``\ 면 ``high``\ 자체는 받지 않습니다.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        수가 아니거나 범위 밖일 때. 메시지에 범위와 인자 이름, 값이 들어갑니다.
    """
    ok = _is_finite_real(value) and float(value) >= low
    if ok and high is not None:
        ok = float(value) < high if high_open else float(value) <= high
    if not ok:
        if high is None:
            rule = f"{low:g} 이상의 유한한 수"
        else:
            rule = f"{low:g} 이상 {high:g} {'미만' if high_open else '이하'}의 수"
        raise ValueError(f"{name}는 {rule}여야 합니다: {name}={value!r}")
    return float(value)


def number_pair(value, name: str, *, integer: bool = False, low: float | None = None) -> tuple:
    r"""``(최솟값, 최댓값)`` 두 수인지 확인합니다.

    Parameters
    ----------
    value : tuple
        확인할 두 값.
    name : str
        오류 메시지에 쓸 인자 이름.
    integer : bool, default False
        ``True``\ 면 두 값 모두 정수(``bool`` 제외)여야 하고 ``int``\ 로 돌려줍니다.
    low : float, optional
        두 값이 모두 이 값 이상이어야 할 때.

    Returns
    -------
    tuple
        ``(최솟값, 최댓값)``: ``integer``\ 면 ``int`` 둘, 아니면 ``float`` 둘.

    Raises
    ------
    ValueError
        두 값이 아니거나, 수가 아니거나, ``low``\ 보다 작거나, 최솟값이 최댓값보다 클 때.
        메시지에 인자 이름과 값 전체가 들어갑니다.
    """
    try:
        first, second = value
    except (TypeError, ValueError):
        raise ValueError(f"{name}는 (최솟값, 최댓값) 두 수여야 합니다: {name}={value!r}") from None
    for number in (first, second):
        ok = _is_integer(number) if integer else _is_finite_real(number)
        if not ok:
            what = "정수" if integer else "유한한 수"
            raise ValueError(f"{name}의 두 값은 {what}여야 합니다: {name}={value!r}")
        if low is not None and number < low:
            raise ValueError(f"{name}의 두 값은 {low:g} 이상이어야 합니다: {name}={value!r}")
    if first > second:
        raise ValueError(f"{name}의 최솟값이 최댓값보다 큽니다: {name}={value!r}")
    cast = int if integer else float
    return cast(first), cast(second)


def canvas_shape(value, name: str = "canvas_size") -> tuple[int, int]:
    r"""캔버스 크기: 정수 하나(정사각형)나 ``(높이, 너비)`` 두 양의 정수를 ``(높이, 너비)``\ 로 돌려줍니다.

    Raises
    ------
    ValueError
        양의 정수 하나나 둘이 아닐 때. 메시지에 인자 이름과 값이 들어갑니다.
    """
    if _is_integer(value):
        size = positive_int(value, name)
        return size, size
    try:
        height, width = value
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}는 정수 하나나 (높이, 너비) 두 정수여야 합니다: {name}={value!r}"
        ) from None
    if not (_is_integer(height) and _is_integer(width) and height >= 1 and width >= 1):
        raise ValueError(f"{name}는 1 이상의 정수 하나나 둘이어야 합니다: {name}={value!r}")
    return int(height), int(width)


def random_generator(seed, name: str = "seed") -> np.random.Generator:
    r"""``seed``\ (0 이상의 정수, ``numpy.random.Generator``, ``None``)로 난수 생성기를 돌려줍니다.

    생성기를 받으면 그대로 돌려주므로 호출한 쪽의 난수 흐름이 이어집니다.

    Raises
    ------
    ValueError
        ``bool``, 실수, 음수 같은 다른 값일 때. 메시지에 인자 이름과 값이 들어갑니다.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and not _is_integer(seed):
        raise ValueError(f"{name}는 정수, numpy.random.Generator, None 중 하나여야 합니다: {name}={seed!r}")
    if seed is not None and seed < 0:
        raise ValueError(f"{name}는 0 이상의 정수여야 합니다: {name}={seed!r}")
    return np.random.default_rng(seed)
