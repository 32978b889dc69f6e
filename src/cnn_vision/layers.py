r"""책에 나오는 사용자 정의 케라스 층.

- :class:`DepthPool`: 깊이(채널) 방향 최대 풀링. ``tf.nn.max_pool(..., ksize=(1, 1, 1, k))``\ 와
  같은 결과를 내지만, 모델 안에서 어느 장치에서나 동작합니다.
- :class:`ResidualUnit`: ResNet의 잔차 유닛(스킵 연결).
"""

from __future__ import annotations

from functools import partial

import tensorflow as tf

__all__ = ["DepthPool", "ResidualUnit", "DefaultConv2D"]


@tf.keras.utils.register_keras_serializable(package="cnn_vision")
class DepthPool(tf.keras.layers.Layer):
    r"""깊이별 최대 풀링 층.

    채널을 ``pool_size``\ 개씩 겹치지 않게 묶어 각 묶음의 최댓값을 남깁니다. 출력 채널 수는
    ``channels // pool_size``\ 입니다. 높이와 너비는 그대로입니다.

    Parameters
    ----------
    pool_size : int, default 2
        한 묶음에 들어가는 채널 수. 양의 정수여야 합니다.
    **kwargs
        :class:`tf.keras.layers.Layer` 로 전달됩니다.

    Raises
    ------
    ValueError
        ``pool_size``\ 가 양의 정수가 아닐 때(생성 시점), 또는 입력의 채널 수를 알 수 없거나
        ``pool_size``\ 로 나누어떨어지지 않을 때(층이 만들어지는 시점, 즉 모델을 구성할 때).
        ``tf.nn.max_pool``\ 은 이 경우에 알기 어려운 오류를 내거나 실행 시점에야 실패하므로,
        여기서는 채널 수와 ``pool_size``\ 를 밝혀 미리 알려 줍니다.
    """

    def __init__(self, pool_size: int = 2, **kwargs):
        super().__init__(**kwargs)
        if isinstance(pool_size, bool) or not isinstance(pool_size, int) or pool_size < 1:
            raise ValueError(f"pool_size는 양의 정수여야 합니다: {pool_size!r}")
        self.pool_size = pool_size

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(
                "DepthPool은 채널 수(입력 크기의 마지막 축)를 미리 알아야 합니다: "
                f"input_shape={tuple(input_shape)!r}"
            )
        if channels % self.pool_size != 0:
            raise ValueError(
                f"채널 수({channels})가 pool_size({self.pool_size})로 나누어떨어지지 않습니다. "
                f"채널 수를 {self.pool_size}의 배수로 바꾸거나 pool_size를 {channels}의 약수로 "
                "고르세요."
            )
        super().build(input_shape)

    def call(self, inputs):
        channels = inputs.shape[-1]
        groups = channels // self.pool_size
        batch_and_spatial = tf.shape(inputs)[:-1]
        grouped = tf.reshape(
            inputs, tf.concat([batch_and_spatial, [groups, self.pool_size]], axis=0)
        )
        return tf.reduce_max(grouped, axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] // self.pool_size)

    def get_config(self):
        return {**super().get_config(), "pool_size": self.pool_size}


DefaultConv2D = partial(
    tf.keras.layers.Conv2D,
    kernel_size=3,
    strides=1,
    padding="same",
    kernel_initializer="he_normal",
    use_bias=False,
)
"""ResNet-34에 쓰는 합성곱 층의 기본값(3×3, 'same', He 초기화, 편향 없음)."""


@tf.keras.utils.register_keras_serializable(package="cnn_vision")
class ResidualUnit(tf.keras.layers.Layer):
    r"""ResNet의 잔차 유닛.

    주 경로는 합성곱 → 배치 정규화 → 활성화 → 합성곱 → 배치 정규화이고, 입력을 그대로
    더하는 스킵 연결이 있습니다. ``strides > 1``\ 이면 주 경로의 출력 크기와 채널 수가 입력과
    달라지므로, 스킵 경로에 스트라이드가 같은 1×1 합성곱과 배치 정규화를 두어 모양을 맞춥니다.

    Parameters
    ----------
    filters : int
        두 합성곱 층의 필터 수.
    strides : int, default 1
        첫 번째 합성곱(그리고 스킵 경로)의 스트라이드.
    activation : str or callable, default "relu"
        활성화 함수.
    """

    def __init__(self, filters: int, strides: int = 1, activation="relu", **kwargs):
        super().__init__(**kwargs)
        for name, value in (("filters", filters), ("strides", strides)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name}는 양의 정수여야 합니다: {value!r}")
        self.filters = filters
        self.strides = strides
        self.activation = tf.keras.activations.get(activation)
        self.main_layers = [
            DefaultConv2D(filters, strides=strides),
            tf.keras.layers.BatchNormalization(),
            tf.keras.layers.Activation(self.activation),
            DefaultConv2D(filters),
            tf.keras.layers.BatchNormalization(),
        ]
        self.skip_layers = []
        if strides > 1:
            self.skip_layers = [
                DefaultConv2D(filters, kernel_size=1, strides=strides),
                tf.keras.layers.BatchNormalization(),
            ]

    def call(self, inputs):
        # 케라스 3는 training 플래그를 안쪽 층(배치 정규화)에 알아서 전달합니다.
        main = inputs
        for layer in self.main_layers:
            main = layer(main)
        skip = inputs
        for layer in self.skip_layers:
            skip = layer(skip)
        return self.activation(main + skip)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "strides": self.strides,
            "activation": tf.keras.activations.serialize(self.activation),
        }

