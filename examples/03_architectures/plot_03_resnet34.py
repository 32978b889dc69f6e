r"""
==================================
케라스로 ResNet-34 구현하기
==================================

ResNet(잔차 네트워크, residual network)은 2015년 ILSVRC 이미지 분류 대회에서 우승한 구조로,
:term:`스킵 연결`\ (skip connection)을 써서 아주 깊은 네트워크도 훈련할 수 있게 만들었습니다. 이
페이지에서는 :term:`잔차 유닛`\ (residual unit)이 어떻게 생겼는지 확인하고, 그 유닛 16개를 쌓아
ResNet-34를 만든 다음, 단계마다 :term:`특성 맵`\ 의 크기와 채널 수가 어떻게 바뀌는지 표와 그림으로 봅니다.
모델은 훈련하지 않고 이미지 한 장을 통과시켜 출력 모양만 확인합니다.
"""

# %%
# 준비
# ----
# 입력 크기는 책과 같은 224×224이고, 빠른 점검용 smoke 프로필에서만 더 작은 이미지를 씁니다
# (:term:`파라미터` 수는 입력 크기와 상관없습니다).
import time

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import plotting, profile

plotting.set_book_style()
print(profile.describe())

IMAGE_SIZE = profile.pick(smoke=64, docs=224, full=224)
print("입력 이미지 크기:", IMAGE_SIZE)

# %%
# 스킵 연결과 잔차 학습
# ---------------------
# :term:`신경망`\ 으로 어떤 함수 :math:`h(\mathbf{x})` 를 모델링하려 할 때, :term:`층` 묶음의 입력
# :math:`\mathbf{x}` 를 그 출력에 그대로 더하면(스킵 연결) 층 묶음은 :math:`h(\mathbf{x})`
# 대신 차이 :math:`f(\mathbf{x}) = h(\mathbf{x}) - \mathbf{x}` 만 배우면 됩니다. 이것을 :term:`잔차 학습`
# (residual learning)이라고 합니다.
#
# - :term:`가중치`\ 가 0 근처에서 시작하는 보통의 네트워크는 처음에 0에 가까운 값을 출력하지만, 잔차
#   유닛은 처음부터 입력을 거의 그대로 내보냅니다(항등 함수에 가까움). 목표 함수가 항등 함수와
#   비슷한 경우가 많아서 훈련 초기부터 빠르게 나아집니다.
# - 스킵 연결이 많으면 아직 배우기 시작하지 못한 층이 있어도 신호와 :term:`그레이디언트`\ 가 그 층을
#   건너뛰어 네트워크 전체로 퍼집니다. 그래서 층이 수십, 수백 개여도 훈련이 됩니다.
#
# 잔차 유닛 하나는 3×3 :term:`합성곱` 두 개(각각 :term:`배치 정규화`\ 가 뒤따름)와 스킵 연결로 되어 있습니다.
# 책처럼 :term:`합성곱 층`\ 의 기본값을 ``partial``\ 로 묶어 ``DefaultConv2D``\ 라고 부릅니다. 배치 정규화가
# 뒤따르므로 :term:`편향`\ 은 쓰지 않습니다.
from functools import partial

DefaultConv2D = partial(tf.keras.layers.Conv2D, kernel_size=3, strides=1,
                        padding="same", kernel_initializer="he_normal",
                        use_bias=False)

# %%
# ``ResidualUnit`` 층
# -------------------
# 생성자는 주 경로의 층 목록(``main_layers``)과 스킵 경로의 층 목록(``skip_layers``)을 만들고,
# ``call()``\ 은 입력을 두 경로에 통과시켜 더한 뒤 :term:`활성화 함수`\ 를 적용합니다. 여기까지는 책의
# 코드와 같습니다. 다른 점은 다음과 같습니다.
#
# - 책은 주 경로 목록에 활성화 함수(``self.activation``)를 그대로 넣지만, 여기서는
#   ``Activation`` 층으로 감쌉니다. 목록의 모든 항목이 층이어야 ``build()``\ 에서 층마다
#   ``build()``\ 와 ``compute_output_shape()``\ 를 부를 수 있기 때문입니다. 계산은 같습니다.
# - ``build()``: 안쪽 층의 가중치를 입력 크기에 맞춰 만듭니다. 이 메서드가 없으면 저장한 모델을
#   다시 불러올 때 케라스가 "``build()``\ 가 구현되지 않았다"는 경고를 냅니다. 또 여기서 스킵
#   경로의 모양을 미리 확인합니다. ``strides=1``\ 인 유닛은 입력을 그대로 더하므로 입력의 채널
#   수가 ``filters``\ 와 같아야 합니다. 다르면 덧셈에서 알아보기 어려운 텐서플로 오류가 나는
#   대신, 무엇이 맞지 않고 어떻게 고치는지 한국어로 알려 줍니다.
# - ``get_config()``\ 와 ``register_keras_serializable()``: 저장한 모델을 다시 불러올 때 같은
#   설정으로 유닛을 다시 만들 수 있게 합니다.
# - 생성자에서 ``filters``\ 와 ``strides``\ 가 양의 정수인지 확인합니다.
import numbers


@tf.keras.utils.register_keras_serializable()
class ResidualUnit(tf.keras.layers.Layer):
    def __init__(self, filters, strides=1, activation="relu", **kwargs):
        super().__init__(**kwargs)
        for name, value in (("filters", filters), ("strides", strides)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
                raise ValueError(f"{name}는 양의 정수여야 합니다: {value!r}")
        self.filters = int(filters)
        self.strides = int(strides)
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

    def build(self, input_shape):
        if len(input_shape) != 4 or input_shape[-1] is None:
            raise ValueError(
                "ResidualUnit의 입력은 채널 수를 아는 4차원 텐서(배치, 높이, 너비, 채널)여야 "
                f"합니다: 입력 크기 {tuple(input_shape)}"
            )
        channels = input_shape[-1]
        if not self.skip_layers and channels != self.filters:
            raise ValueError(
                f"ResidualUnit(filters={self.filters}, strides=1): 스킵 경로는 입력을 그대로 "
                f"더하므로 입력 채널 수({channels})가 filters({self.filters})와 같아야 합니다. "
                f"앞에 필터가 {self.filters}개인 합성곱 층을 두어 채널 수를 맞추거나"
                "(ResNet-34의 첫 7×7 합성곱처럼), 유닛의 filters를 입력 채널 수와 같게 하세요. "
                "strides가 1보다 크면 스킵 경로의 1×1 합성곱이 채널 수를 맞춥니다."
            )
        for layers in (self.main_layers, self.skip_layers):
            shape = input_shape
            for layer in layers:
                layer.build(shape)
                shape = layer.compute_output_shape(shape)

    def call(self, inputs):
        Z = inputs
        for layer in self.main_layers:
            Z = layer(Z)
        skip_Z = inputs
        for layer in self.skip_layers:
            skip_Z = layer(skip_Z)
        return self.activation(Z + skip_Z)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "strides": self.strides,
            "activation": tf.keras.activations.serialize(self.activation),
        }


# %%
# 채널 수가 맞지 않는 입력을 넣어 봅니다. RGB 이미지(채널 3개)에 ``ResidualUnit(64)``\ 를 바로
# 적용하면 스킵 경로의 채널 수(3)가 주 경로의 채널 수(64)와 달라 더할 수 없습니다.
try:
    ResidualUnit(64)(tf.zeros([1, 32, 32, 3]))
except ValueError as error:
    print("오류:", error)

# %%
# 스트라이드가 2일 때 스킵 경로의 1×1 합성곱
# ------------------------------------------
# 주 경로의 첫 합성곱이 ``strides=2``\ 이면 특성 맵의 높이와 너비가 절반이 되고, :term:`필터` 수도 보통
# 두 배가 됩니다. 그러면 입력을 출력에 그대로 더할 수 없습니다. 크기가 다른 두 텐서는 더할 수
# 없기 때문입니다.
main_output = tf.zeros([1, 28, 28, 128])  # 주 경로의 출력: 절반 크기, 채널 두 배
unit_input = tf.zeros([1, 56, 56, 64])  # 유닛의 입력
try:
    main_output + unit_input
except (tf.errors.InvalidArgumentError, ValueError) as error:
    print("그대로 더하면 오류가 납니다:", type(error).__name__)

# %%
# 그래서 ``strides > 1``\ 인 유닛은 스킵 경로에 **스트라이드가 같은 1×1 합성곱** 과 배치
# 정규화를 둡니다. 1×1 합성곱은 공간 방향으로는 아무것도 섞지 않고 픽셀마다 채널을 선형 조합하므로,
# 스트라이드 2로 위치를 하나 건너 하나씩 고르면서(공간 크기 절반) 채널 수를 필터 수에 맞추는
# 가장 값싼 방법입니다. 실제 유닛으로 확인해 봅니다.
unit = ResidualUnit(128, strides=2)
print("입력:", unit_input.shape, "→ 출력:", unit(unit_input).shape)
for path_name, layers in (("주 경로", unit.main_layers), ("스킵 경로", unit.skip_layers)):
    names = [
        f"{type(layer).__name__}({layer.kernel_size[0]}×{layer.kernel_size[1]}, "
        f"strides={layer.strides[0]})" if hasattr(layer, "kernel_size") else type(layer).__name__
        for layer in layers
    ]
    print(f"{path_name}: {' → '.join(names)}")
print("strides=1인 유닛의 스킵 경로 층 수:", len(ResidualUnit(64).skip_layers))

# %%
# 저장했다가 다시 불러오기
# ------------------------
# 유닛 두 개짜리 작은 모델을 ``.keras`` 파일로 저장했다가 다시 불러옵니다. 케라스는
# ``get_config()``\ 의 설정으로 유닛을 다시 만들고, ``build()``\ 로 안쪽 층의 가중치를 만든 뒤
# 저장된 값을 채워 넣습니다. 그래서 경고 없이 같은 출력을 냅니다.
import tempfile
import warnings
from pathlib import Path

small_model = tf.keras.Sequential([
    tf.keras.Input(shape=[16, 16, 64]),
    ResidualUnit(64),
    ResidualUnit(128, strides=2),
])
sample = tf.random.normal([1, 16, 16, 64], seed=42)
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "residual_units.keras"
    small_model.save(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reloaded = tf.keras.models.load_model(path)
print("불러올 때 나온 경고 수:", len(caught))
print("출력이 같은가:", np.allclose(small_model(sample), reloaded(sample), atol=1e-5))

# %%
# ResNet-34 만들기
# ----------------
# 이름의 34는 합성곱 층과 :term:`밀집 층`\ 의 수입니다. 처음 7×7 합성곱(스트라이드 2)과 최대
# 풀링(스트라이드 2)으로 크기를 4분의 1로 줄인 뒤, 64개 필터의 잔차 유닛 3개, 128개 4개,
# 256개 6개, 512개 3개를 쌓습니다. 필터 수가 바뀌는 유닛만 스트라이드 2를 씁니다. 마지막에는
# :term:`전역 평균 풀링`\ (global average pooling)과 10개 클래스의 :term:`소프트맥스` :term:`출력층`\ 을
# 둡니다.
#
# 케라스 3에서는 첫 층에 ``input_shape``\ 를 주는 대신 ``tf.keras.Input``\ 으로 시작합니다.
tf.random.set_seed(42)  # 재현성을 위해

start = time.perf_counter()
model = tf.keras.Sequential([
    tf.keras.Input(shape=[IMAGE_SIZE, IMAGE_SIZE, 3]),
    DefaultConv2D(64, kernel_size=7, strides=2),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Activation("relu"),
    tf.keras.layers.MaxPool2D(pool_size=3, strides=2, padding="same"),
])
prev_filters = 64
for filters in [64] * 3 + [128] * 4 + [256] * 6 + [512] * 3:
    strides = 1 if filters == prev_filters else 2
    model.add(ResidualUnit(filters, strides=strides))
    prev_filters = filters

model.add(tf.keras.layers.GlobalAvgPool2D())
model.add(tf.keras.layers.Flatten())
model.add(tf.keras.layers.Dense(10, activation="softmax"))
print(f"모델을 만드는 데 {time.perf_counter() - start:.1f}초 걸렸습니다.")

# %%
model.summary()

# %%
print(f"전체 파라미터 수: {model.count_params():,}")

# %%
# 단계별 필터 수, 스트라이드, 출력 크기
# -------------------------------------
# 층마다 필터 수(filters), 스트라이드(strides), 출력 크기(output)와 스킵 경로(skip)의 종류를
# 모아 표로 봅니다. 잔차 유닛(``ResidualUnit``)이 16개이고, 스트라이드 2인 유닛(단계의 첫
# 유닛)에서만 스킵 경로에 1×1 합성곱이 있습니다.
rows = []
for layer in model.layers:
    height, width = layer.output.shape[1:3] if len(layer.output.shape) == 4 else (None, None)
    if isinstance(layer, ResidualUnit):
        kind = type(layer).__name__
        filters, strides = layer.filters, layer.strides
        skip = "1×1 합성곱" if layer.skip_layers else "항등"
    else:
        kind = type(layer).__name__
        filters = getattr(layer, "filters", None)
        strides = getattr(layer, "strides", (None,))[0] if hasattr(layer, "strides") else None
        skip = ""
    size = f"{height}×{width}×{layer.output.shape[-1]}" if height else str(layer.output.shape[-1])
    rows.append((kind, filters, strides, size, skip))

print(f"{'layer':<24}{'filters':>8}{'strides':>9}  {'output':<13}skip")
for kind, filters, strides, size, skip in rows:
    print(f"{kind:<24}{filters or '':>8}{strides or '':>9}  {size:<13}{skip}")

# %%
# 그림으로 보면 공간 크기가 줄어드는 만큼 채널 수가 늘어나는 모습이 드러납니다. 단계가 바뀔
# 때마다 높이·너비는 절반, 필터 수는 두 배이므로 유닛 하나의 계산량은 단계와 상관없이 거의
# 같습니다.
unit_layers = [layer for layer in model.layers if isinstance(layer, ResidualUnit)]
unit_numbers = np.arange(1, len(unit_layers) + 1)
unit_filters = [layer.filters for layer in unit_layers]
unit_sizes = [layer.output.shape[1] for layer in unit_layers]
downsampling = [layer.strides > 1 for layer in unit_layers]

fig, ax_filters = plt.subplots(figsize=(11, 5))
colors = ["tab:orange" if down else "tab:blue" for down in downsampling]
ax_filters.bar(unit_numbers, unit_filters, color=colors)
ax_filters.set_xlabel("잔차 유닛 번호")
ax_filters.set_ylabel("필터 수 (막대)")
ax_filters.set_xticks(unit_numbers)
ax_filters.set_xlim(0.3, len(unit_layers) + 0.7)
ax_size = ax_filters.twinx()
ax_size.plot(unit_numbers, unit_sizes, "ko-", label="출력 높이·너비")
ax_size.set_ylabel("출력 높이·너비 (선)", rotation=270, labelpad=20)
handles = [
    plt.Rectangle((0, 0), 1, 1, color="tab:orange"),
    plt.Rectangle((0, 0), 1, 1, color="tab:blue"),
    *ax_size.get_legend_handles_labels()[0],
]
labels = ["strides=2: 스킵 경로에 1×1 합성곱", "strides=1: 항등 스킵 연결", "출력 높이·너비"]
fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=12)
ax_filters.set_title(f"ResNet-34의 잔차 유닛 ({IMAGE_SIZE}×{IMAGE_SIZE} 입력)")
fig.tight_layout(rect=(0, 0.08, 1, 1))
plt.show()

# %%
# 이미지 한 장 통과시키기
# -----------------------
# 사이킷런의 샘플 이미지를 입력 크기로 바꿔 모델에 넣습니다. 아직 훈련하지 않은 모델이라
# 클래스 확률은 의미가 없고, 출력 모양과 확률의 합(1)만 확인합니다.
#
# 확률이 한 클래스에 몰려 있어도 놀랄 일은 아닙니다. 추론 모드(``training=False``)의 배치
# 정규화는 훈련 중에 모은 평균과 분산을 쓰는데, 훈련 전에는 그 값이 초깃값(평균 0, 분산 1)이라
# 아무것도 정규화하지 않습니다. 그러면 잔차 유닛을 지날 때마다 스킵 연결로 값이 더해져 마지막
# 층의 입력이 커지고, 소프트맥스가 한쪽으로 쏠립니다.
from sklearn.datasets import load_sample_image

image = load_sample_image("china.jpg")
image = tf.keras.layers.Resizing(IMAGE_SIZE, IMAGE_SIZE)(image[np.newaxis] / 255)
start = time.perf_counter()
probabilities = model(image, training=False).numpy()
print(f"첫 호출 시간: {time.perf_counter() - start:.2f}초")
print("출력 크기:", probabilities.shape, " 확률의 합:", round(float(probabilities.sum()), 4))
print("클래스별 확률:", probabilities.round(3))
print("가장 큰 확률:", round(float(probabilities.max()), 3))

# %%
# 정리
# ----
# - 잔차 유닛은 입력을 출력에 더하는 스킵 연결로, 층 묶음이 입력과의 차이(잔차)만 배우게 합니다.
# - ``strides > 1``\ 이면 주 경로의 출력 크기와 채널 수가 입력과 달라지므로, 스킵 경로에 같은
#   스트라이드의 1×1 합성곱(과 배치 정규화)을 두어 모양을 맞춥니다.
# - ResNet-34는 7×7 합성곱과 :term:`최대 풀링` 뒤에 잔차 유닛 16개(64×3, 128×4, 256×6, 512×3)를 쌓고
#   전역 평균 풀링과 출력층으로 끝나며, 10개 클래스에서 파라미터가 2천만 개를 넘습니다.
#
# 실제로 이런 큰 모델을 처음부터 훈련하려면 GPU와 큰 :term:`데이터셋`\ 이 필요합니다. 다음 갤러리에서는
# ImageNet으로 :term:`사전 훈련된 모델`\ 을 케라스에서 불러 씁니다.
