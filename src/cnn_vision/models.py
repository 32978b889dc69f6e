r"""14장에 나오는 모델을 만드는 함수.

예제 페이지는 모델 코드를 페이지 안에 그대로 적습니다(독자가 코드를 직접 보도록).
여기 있는 함수는 같은 구조를 한 곳에 모아 둔 것으로, 단위 테스트(파라미터 수, 페이지의 모델과
같은 구조인지)와 벤치마크(``benchmarks/bench_fashion_cnn.py``)가 씁니다.

- :func:`book_fashion_cnn`: 패션 MNIST용 CNN(1,413,834개 파라미터)
- :func:`lenet5`: LeNet-5를 케라스로 옮긴 것(출력층은 RBF 대신 소프트맥스)
- :func:`resnet34`: ResNet-34(224×224×3 입력, 10개 클래스에서 21,306,826개 파라미터)
- :func:`resnet34_stages`: ResNet-34의 단계별 필터 수와 스트라이드
"""

from __future__ import annotations

from functools import partial

import tensorflow as tf

from cnn_vision.layers import DefaultConv2D as ResNetConv2D
from cnn_vision.layers import ResidualUnit

__all__ = ["book_fashion_cnn", "lenet5", "resnet34", "resnet34_stages", "RESNET34_FILTERS"]

RESNET34_FILTERS: tuple[int, ...] = (64,) * 3 + (128,) * 4 + (256,) * 6 + (512,) * 3
"""ResNet-34의 잔차 유닛 16개의 필터 수(64×3, 128×4, 256×6, 512×3)."""


def _check_shape(name: str, shape, ndim: int) -> tuple[int, ...]:
    shape = tuple(shape)
    if len(shape) != ndim or any(
        isinstance(d, bool) or not isinstance(d, int) or d < 1 for d in shape
    ):
        raise ValueError(f"{name}는 양의 정수 {ndim}개여야 합니다: {shape!r}")
    return shape


def _check_classes(num_classes) -> int:
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 2:
        raise ValueError(f"num_classes는 2 이상의 정수여야 합니다: {num_classes!r}")
    return num_classes


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
    num_classes = _check_classes(num_classes)
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


def lenet5(num_classes: int = 10) -> tf.keras.Sequential:
    """LeNet-5(르쿤 외, 1998)를 케라스로 옮긴 모델을 만듭니다(컴파일하지 않음).

    28×28×1 이미지를 받아 32×32로 제로 패딩한 뒤 C1(6@5×5) → S2(평균 풀링) → C3(16@5×5) →
    S4(평균 풀링) → C5(120@5×5, 합성곱) → F6(84) → 출력(소프트맥스)으로 이어집니다. 활성화는
    모두 tanh입니다. 원래 논문과 다른 점: 풀링 층에 학습 가능한 계수와 편향이 없고, C3가 S2의
    모든 맵에 연결되며, 출력층이 RBF 대신 소프트맥스입니다.

    Parameters
    ----------
    num_classes : int, default 10
        클래스 수.

    Returns
    -------
    tf.keras.Sequential
        10개 클래스에서 파라미터 61,706개.
    """
    num_classes = _check_classes(num_classes)
    return tf.keras.Sequential(
        [
            tf.keras.Input(shape=(28, 28, 1)),
            tf.keras.layers.ZeroPadding2D(padding=2),
            tf.keras.layers.Conv2D(6, kernel_size=5, activation="tanh"),
            tf.keras.layers.AveragePooling2D(pool_size=2, strides=2),
            tf.keras.layers.Conv2D(16, kernel_size=5, activation="tanh"),
            tf.keras.layers.AveragePooling2D(pool_size=2, strides=2),
            tf.keras.layers.Conv2D(120, kernel_size=5, activation="tanh"),
            tf.keras.layers.Flatten(),
            tf.keras.layers.Dense(84, activation="tanh"),
            tf.keras.layers.Dense(num_classes, activation="softmax"),
        ],
        name="lenet5",
    )


def resnet34_stages() -> list[tuple[int, int]]:
    r"""ResNet-34의 잔차 유닛마다 ``(필터 수, 스트라이드)``\ 를 돌려줍니다.

    필터 수가 앞 유닛과 달라지는 유닛(두 번째 단계부터 각 단계의 첫 유닛)만 스트라이드 2입니다.

    Returns
    -------
    list of tuple of int
        16개 항목.
    """
    stages = []
    prev_filters = 64
    for filters in RESNET34_FILTERS:
        stages.append((filters, 1 if filters == prev_filters else 2))
        prev_filters = filters
    return stages


def resnet34(
    input_shape: tuple[int, int, int] = (224, 224, 3), num_classes: int = 10
) -> tf.keras.Sequential:
    """책의 ResNet-34를 만듭니다(컴파일하지 않음).

    7×7 합성곱(64, 스트라이드 2) → 배치 정규화 → ReLU → 3×3 최대 풀링(스트라이드 2) →
    :class:`~cnn_vision.layers.ResidualUnit` 16개(:func:`resnet34_stages`) → 전역 평균 풀링 →
    ``Dense(num_classes, softmax)``.

    Parameters
    ----------
    input_shape : tuple of int, default (224, 224, 3)
        입력 이미지 크기. 전역 평균 풀링 덕분에 파라미터 수는 입력 크기와 무관합니다.
    num_classes : int, default 10
        클래스 수.

    Returns
    -------
    tf.keras.Sequential
        10개 클래스에서 파라미터 21,306,826개.
    """
    input_shape = _check_shape("input_shape", input_shape, 3)
    num_classes = _check_classes(num_classes)
    model = tf.keras.Sequential(
        [
            tf.keras.Input(shape=input_shape),
            ResNetConv2D(64, kernel_size=7, strides=2),
            tf.keras.layers.BatchNormalization(),
            tf.keras.layers.Activation("relu"),
            tf.keras.layers.MaxPool2D(pool_size=3, strides=2, padding="same"),
        ],
        name="resnet34",
    )
    for filters, strides in resnet34_stages():
        model.add(ResidualUnit(filters, strides=strides))
    model.add(tf.keras.layers.GlobalAvgPool2D())
    model.add(tf.keras.layers.Flatten())
    model.add(tf.keras.layers.Dense(num_classes, activation="softmax"))
    return model
