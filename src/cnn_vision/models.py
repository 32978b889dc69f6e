r"""책의 모델 가운데 여러 곳이 함께 쓰는 것.

예제 페이지는 모델 코드를 페이지 안에 그대로 적습니다(독자가 코드를 직접 보도록). 여기에는
페이지 밖(벤치마크 ``benchmarks/bench_fashion_cnn.py``)에서도 쓰는 모델만 둡니다. 페이지의 모델과
같은 구조인지는 테스트(``tests/test_models.py``)가 확인합니다.

- :func:`book_fashion_cnn`: 패션 MNIST용 CNN(1,413,834개 파라미터)
"""

from __future__ import annotations

from functools import partial

import tensorflow as tf

from .checks import positive_int

__all__ = ["book_fashion_cnn"]


def _check_shape(name: str, shape, ndim: int) -> tuple[int, ...]:
    try:
        dims = tuple(shape)
    except TypeError:
        raise ValueError(f"{name}는 양의 정수 {ndim}개여야 합니다: {name}={shape!r}") from None
    try:
        if len(dims) != ndim:
            raise ValueError
        return tuple(positive_int(d, f"{name}[{i}]") for i, d in enumerate(dims))
    except ValueError:
        raise ValueError(f"{name}는 양의 정수 {ndim}개여야 합니다: {name}={shape!r}") from None


def book_fashion_cnn(
    input_shape: tuple[int, int, int] = (28, 28, 1),
    num_classes: int = 10,
    *,
    output_dtype: str | None = None,
) -> tf.keras.Sequential:
    r"""책의 패션 MNIST용 CNN을 만듭니다(컴파일하지 않음).

    64개의 7×7 필터 → 최대 풀링 → 128, 128 → 최대 풀링 → 256, 256 → 최대 풀링 →
    ``Flatten`` → ``Dense(128)`` → ``Dropout(0.5)`` → ``Dense(64)`` → ``Dropout(0.5)`` →
    ``Dense(num_classes, softmax)``. 합성곱 층은 3×3, ``"same"`` 패딩, ReLU, He 초기화가 기본입니다.

    Parameters
    ----------
    input_shape : tuple of int, default (28, 28, 1)
        이미지 하나의 크기(높이, 너비, 채널).
    num_classes : int, default 10
        클래스 수.
    output_dtype : str, optional
        출력층의 dtype(혼합 정밀도에서 출력층만 ``"float32"``\ 로 둘 때).

    Returns
    -------
    tf.keras.Sequential
        28×28×1 입력, 10개 클래스에서 파라미터 1,413,834개.

    Raises
    ------
    ValueError
        ``input_shape``\ 나 ``num_classes``\ 가 잘못되었을 때(값을 메시지에 담습니다).
    """
    input_shape = _check_shape("input_shape", input_shape, 3)
    num_classes = positive_int(num_classes, "num_classes", minimum=2)
    DefaultConv2D = partial(
        tf.keras.layers.Conv2D,
        kernel_size=3,
        padding="same",
        activation="relu",
        kernel_initializer="he_normal",
    )
    return tf.keras.Sequential(
        [
            tf.keras.Input(shape=input_shape),
            DefaultConv2D(filters=64, kernel_size=7),
            tf.keras.layers.MaxPool2D(),
            DefaultConv2D(filters=128),
            DefaultConv2D(filters=128),
            tf.keras.layers.MaxPool2D(),
            DefaultConv2D(filters=256),
            DefaultConv2D(filters=256),
            tf.keras.layers.MaxPool2D(),
            tf.keras.layers.Flatten(),
            tf.keras.layers.Dense(units=128, activation="relu", kernel_initializer="he_normal"),
            tf.keras.layers.Dropout(0.5),
            tf.keras.layers.Dense(units=64, activation="relu", kernel_initializer="he_normal"),
            tf.keras.layers.Dropout(0.5),
            tf.keras.layers.Dense(units=num_classes, activation="softmax", dtype=output_dtype),
        ],
        name="book_fashion_cnn",
    )
