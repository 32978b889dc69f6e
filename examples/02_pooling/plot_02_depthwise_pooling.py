r"""
==================================
깊이별 풀링
==================================

:term:`깊이별 풀링`\ (depthwise pooling)은 공간 방향이 아니라 깊이(채널) 방향으로 풀링합니다.
예를 들어 같은 패턴을 여러 각도로 감지하는 :term:`필터`\ 들의 출력 가운데 가장 큰 값만 남기면, 회전과
같은 변화에 덜 민감한 :term:`특성`\ 을 얻을 수 있습니다.

케라스에는 깊이별 :term:`풀링 층`\ 이 없습니다. 책처럼 저수준 연산 ``tf.nn.max_pool()``\ 로 먼저 해 보고,
같은 일을 하는 사용자 정의 :term:`층` ``DepthPool``\ 을 이 페이지에서 직접 만듭니다. 책의 ``DepthPool``\ 에
두 가지를 더합니다. 채널 수가 맞지 않으면 무엇이 왜 틀렸는지 알려 주는 ``build()``\ 와, 모델을
``.keras`` 파일로 저장했다가 다시 불러올 수 있게 하는 ``get_config()``\ 입니다(생성자에서
``pool_size``\ 도 확인합니다).
"""

# sphinx_gallery_thumbnail_number = 1

# %%
# 입력 준비
# ---------
# 책과 같이 채널이 60개인 무작위 :term:`특성 맵` 두 장(70×120)을 만듭니다. 결과를 그림으로 볼
# 때는 두 샘플 이미지의 가운데 70×120 부분(채널은 RGB 세 개)을 씁니다.
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_sample_images

from cnn_vision import plotting

plotting.set_book_style()

np.random.seed(42)
fmaps = np.random.rand(2, 70, 120, 60)
print("무작위 특성 맵 크기:", fmaps.shape)

images = load_sample_images()["images"]
images = tf.keras.layers.CenterCrop(height=70, width=120)(images)
images = tf.keras.layers.Rescaling(scale=1 / 255)(images)
print("이미지 크기:", images.shape)

# %%
# ``tf.nn.max_pool()``\ 로 깊이별 풀링하기
# ----------------------------------------
# ``ksize``\ 와 ``strides``\ 는 ``[배치, 높이, 너비, 채널]`` 축마다의 값입니다. 높이와 너비는
# 1로 두고 채널 축만 3으로 하면, 채널을 세 개씩 묶어 최댓값을 남깁니다. 60개 채널이 20개가
# 됩니다. 이 연산은 CPU에서만 구현되어 있어 GPU에서 실행하면 오류가 납니다. 그래서 CPU 장치를
# 명시해서 실행합니다.
with tf.device("/cpu:0"):
    output = tf.nn.max_pool(fmaps, ksize=(1, 1, 1, 3), strides=(1, 1, 1, 3),
                            padding="VALID")
print("tf.nn.max_pool 출력 크기:", output.shape)

# %%
# ``DepthPool`` 층
# ----------------
# 모델 안에서 어느 장치에서나 쓰려면 채널 축을 ``[채널 ÷ pool_size, pool_size]`` 두 축으로 나눈
# 뒤(``tf.reshape``) 마지막 축의 최댓값을 구하면 됩니다(``tf.reduce_max``). ``call()``\ 은 책의
# 코드 그대로입니다. 책의 코드에 더한 메서드는 다음과 같습니다.
#
# - 생성자: ``pool_size``\ 가 양의 정수가 아니면 그 값을 밝힌 오류를 냅니다.
# - ``build()``: 층이 처음 입력을 받을 때(모델을 구성할 때) 한 번 불립니다. 채널 수가
#   ``pool_size``\ 로 나누어떨어지지 않으면 묶음을 만들 수 없으므로, 여기서 채널 수와
#   ``pool_size``\ 를 밝히고 고치는 방법을 알려 주는 오류를 냅니다. 책의 층은 이런 모델도 오류
#   없이 만들어지고, 데이터를 넣을 때에야 ``tf.reshape``\ 가 원소 수가 맞지 않는다는 오류를
#   냅니다.
# - ``get_config()``\ 와 ``register_keras_serializable()``: 저장한 모델을 다시 불러올 때 케라스가
#   이 클래스를 찾아 같은 ``pool_size``\ 로 다시 만들 수 있게 합니다.
import numbers


@tf.keras.utils.register_keras_serializable()
class DepthPool(tf.keras.layers.Layer):
    def __init__(self, pool_size=2, **kwargs):
        super().__init__(**kwargs)
        if (isinstance(pool_size, bool) or not isinstance(pool_size, numbers.Integral)
                or pool_size < 1):
            raise ValueError(f"pool_size는 양의 정수여야 합니다: {pool_size!r}")
        self.pool_size = int(pool_size)

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(
                "DepthPool은 입력의 채널 수(마지막 축)를 미리 알아야 합니다: "
                f"입력 크기 {tuple(input_shape)}"
            )
        if channels % self.pool_size != 0:
            raise ValueError(
                f"DepthPool(pool_size={self.pool_size}): 입력 채널 수({channels})가 "
                f"pool_size({self.pool_size})로 나누어떨어지지 않아 채널을 {self.pool_size}개씩 묶을 "
                f"수 없습니다. 앞 층의 필터 수를 {self.pool_size}의 배수로 바꾸거나, "
                f"{channels}의 약수를 pool_size로 쓰세요."
            )

    def call(self, inputs):
        shape = tf.shape(inputs)  # shape[-1]이 채널 수입니다
        groups = shape[-1] // self.pool_size  # 채널 묶음의 수
        new_shape = tf.concat([shape[:-1], [groups, self.pool_size]], axis=0)
        return tf.reduce_max(tf.reshape(inputs, new_shape), axis=-1)

    def get_config(self):
        return {**super().get_config(), "pool_size": self.pool_size}


# %%
# 책처럼 ``tf.nn.max_pool()``\ 의 결과와 같은지 확인합니다. 둘 다 같은 값 가운데 최댓값을 고를
# 뿐이므로 차이가 없어야 합니다.
depth_output = DepthPool(pool_size=3)(fmaps)
print("DepthPool 출력 크기:", depth_output.shape)
print("tf.nn.max_pool과의 최대 차이:", float(np.abs(depth_output - output).max()))
assert np.allclose(depth_output, output)

# %%
# 채널 수가 맞지 않을 때
# ----------------------
# 이미지의 채널은 세 개이므로 두 개씩 묶을 수 없습니다. ``build()``\ 가 채널 수와 고치는 방법을
# 알려 줍니다.
try:
    DepthPool(pool_size=2)(images)
except ValueError as error:
    print("오류:", error)

# %%
# 모델 안에서 쓰고, 저장했다가 다시 불러오기
# ------------------------------------------
# 보통은 :term:`합성곱 층` 뒤에 둡니다. 32개의 필터를 4개씩 묶어 최댓값을 남기면 특성 맵이 8개가
# 됩니다. 입력의 높이와 너비는 정하지 않아도(``None``) 됩니다.
model = tf.keras.Sequential([
    tf.keras.Input(shape=[None, None, 3]),
    tf.keras.layers.Conv2D(32, kernel_size=3, padding="same", activation="relu"),
    DepthPool(pool_size=4),
])
print("모델 출력 크기:", model.output_shape)

# %%
# ``.keras`` 파일로 저장했다가 다시 불러오면 ``get_config()``\ 에 적은 ``pool_size``\ 로 층이 다시
# 만들어지고, 같은 입력에 같은 출력을 냅니다.
import tempfile
from pathlib import Path

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "depth_pool_model.keras"
    model.save(path)
    reloaded = tf.keras.models.load_model(path)
print("다시 불러온 층:", type(reloaded.layers[-1]).__name__,
      "pool_size =", reloaded.layers[-1].pool_size)
print("출력이 같은가:", np.array_equal(model(images), reloaded(images)))

# %%
# 결과 그림
# ---------
# 책처럼 이미지에 ``DepthPool(pool_size=3)``\ 을 적용합니다. RGB 세 채널의 최댓값만 남았으므로
# 출력은 채널이 하나인 흑백 이미지입니다. 어느 채널이든 밝은 곳은 밝게 남습니다.
image_output = DepthPool(pool_size=3)(images)
fig, axes = plt.subplots(2, 2, figsize=(12, 7))
for image_idx in (0, 1):
    axes[image_idx, 0].imshow(images[image_idx])
    axes[image_idx, 0].set_title(f"입력 {image_idx} (채널 3개)")
    axes[image_idx, 1].imshow(image_output[image_idx, :, :, 0], cmap="gray")
    axes[image_idx, 1].set_title(f"깊이별 풀링 출력 {image_idx} (채널 1개)")
for ax in axes.flat:
    ax.axis("off")
fig.tight_layout()
plt.show()

# %%
# 정리
# ----
# - 깊이별 풀링은 채널을 몇 개씩 묶어 최댓값을 남깁니다. 높이와 너비는 그대로입니다.
# - ``tf.nn.max_pool()``\ 의 깊이별 풀링은 CPU에서만 동작합니다.
# - ``DepthPool``\ 은 ``tf.reshape``\ 와 ``tf.reduce_max``\ 로 같은 결과를 내면서 모델 안에서
#   어느 장치에서나 동작합니다. ``build()``\ 는 채널 수가 맞지 않으면 모델을 만들 때 바로
#   알려 주고, ``get_config()``\ 는 저장한 모델을 다시 불러올 수 있게 합니다.
