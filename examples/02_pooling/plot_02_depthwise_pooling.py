r"""
==================================
깊이별 풀링
==================================

깊이별 풀링(depthwise pooling)은 공간 방향이 아니라 깊이(채널) 방향으로 풀링합니다. 예를 들어
같은 패턴을 여러 각도로 감지하는 필터들의 출력 가운데 가장 큰 값만 남기면, 회전과 같은 변화에
덜 민감한 특성을 얻을 수 있습니다.

케라스에는 깊이별 풀링 층이 없습니다. 저수준 연산 ``tf.nn.max_pool()``\ 로 하는 방법과, 이
프로젝트의 :class:`cnn_vision.layers.DepthPool` 층으로 하는 방법을 비교합니다.
"""

# sphinx_gallery_thumbnail_number = 1

# %%
# 입력 이미지 준비
# ----------------
# 두 샘플 이미지의 가운데 70×120 부분을 0~1 범위로 준비합니다. 채널은 RGB 세 개입니다.
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_sample_images

from cnn_vision import plotting

plotting.set_book_style()

images = load_sample_images()["images"]
images = tf.keras.layers.CenterCrop(height=70, width=120)(images)
images = tf.keras.layers.Rescaling(scale=1 / 255)(images)
print("입력 크기:", images.shape)

# %%
# ``tf.nn.max_pool()``\ 로 깊이별 풀링하기
# ----------------------------------------
# ``ksize``\ 와 ``strides``\ 는 ``[배치, 높이, 너비, 채널]`` 축마다의 값입니다. 높이와 너비는
# 1로 두고 채널 축만 3으로 하면, 채널 세 개씩 묶어 최댓값을 남깁니다. 이 연산은 CPU에서만
# 구현되어 있어 GPU에서 실행하면 오류가 납니다. 그래서 CPU 장치를 명시해서 실행합니다.
with tf.device("/cpu:0"):
    depth_output = tf.nn.max_pool(images, ksize=(1, 1, 1, 3), strides=(1, 1, 1, 3),
                                  padding="VALID")
print("tf.nn.max_pool 출력 크기:", depth_output.shape)

# %%
# ``DepthPool`` 층
# ----------------
# 모델 안에서 어느 장치에서나 쓰려면 채널 축을 ``[채널 ÷ pool_size, pool_size]``\ 로 바꾼 뒤
# 마지막 축의 최댓값을 구하면 됩니다. :class:`cnn_vision.layers.DepthPool` 이 이렇게 동작합니다.
# 같은 결과를 내는지 확인합니다.
from cnn_vision.layers import DepthPool

depth_pool = DepthPool(pool_size=3)
layer_output = depth_pool(images)
print("DepthPool 출력 크기:", layer_output.shape)
print("tf.nn.max_pool과의 최대 차이:", float(tf.reduce_max(tf.abs(layer_output - depth_output))))
assert np.array_equal(layer_output.numpy(), depth_output.numpy())

# %%
# 채널 수가 ``pool_size``\ 로 나누어떨어지지 않으면 묶음을 만들 수 없습니다. ``DepthPool``\ 은
# 모델을 구성하는 시점에 채널 수와 ``pool_size``\ 를 밝힌 오류를 냅니다.
try:
    DepthPool(pool_size=2)(images)
except ValueError as error:
    print("오류:", error)

# %%
# 모델 안에서 쓰기
# ----------------
# 보통은 합성곱 층 뒤에 둡니다. 32개의 필터를 4개씩 묶어 최댓값을 남기면 특성 맵이 8개가
# 됩니다.
model = tf.keras.Sequential([
    tf.keras.Input(shape=[70, 120, 3]),
    tf.keras.layers.Conv2D(32, kernel_size=3, padding="same", activation="relu"),
    DepthPool(pool_size=4),
])
print("모델 출력 크기:", model.output_shape)

# %%
# 결과 그림
# ---------
# RGB 세 채널의 최댓값만 남았으므로 출력은 채널이 하나인 흑백 이미지입니다. 어느 채널이든
# 밝은 곳은 밝게 남습니다.
fig, axes = plt.subplots(2, 2, figsize=(12, 7))
for image_idx in (0, 1):
    axes[image_idx, 0].imshow(images[image_idx])
    axes[image_idx, 0].set_title(f"입력 {image_idx} (채널 3개)")
    axes[image_idx, 1].imshow(layer_output[image_idx, :, :, 0], cmap="gray")
    axes[image_idx, 1].set_title(f"깊이별 풀링 출력 {image_idx} (채널 1개)")
for ax in axes.flat:
    ax.axis("off")
fig.tight_layout()
plt.show()

# %%
# 정리
# ----
# - 깊이별 풀링은 채널 방향으로 묶어 최댓값을 남깁니다. 높이와 너비는 그대로입니다.
# - ``tf.nn.max_pool()``\ 의 채널 방향 풀링은 CPU에서만 동작합니다.
# - :class:`~cnn_vision.layers.DepthPool` 은 같은 결과를 내면서 모델 안에서 어느 장치에서나
#   동작하고, 채널 수가 맞지 않으면 모델을 만들 때 바로 알려 줍니다.
