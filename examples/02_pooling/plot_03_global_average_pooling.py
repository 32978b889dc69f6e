r"""
==================================
전역 평균 풀링
==================================

:term:`전역 평균 풀링` 층(global average pooling layer)은 :term:`특성 맵` 하나 전체의 평균을 구해 숫자 하나로
만듭니다. 정보를 아주 많이 버리지만, CNN의 :term:`출력층` 바로 앞에서 분류에 쓰기 좋은 요약이 됩니다.
케라스의 ``GlobalAvgPool2D`` :term:`층`\ 과, ``tf.reduce_mean()``\ 으로 같은 계산을 하는 층이 같은 값을
내는지 확인합니다.
"""

# %%
# 입력 준비
# ---------
# 두 샘플 이미지의 가운데 70×120 부분을 0~1 범위로 준비합니다.
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_sample_images

from cnn_vision import plotting

plotting.set_book_style()

images = load_sample_images()["images"]
images = tf.keras.layers.CenterCrop(height=70, width=120)(images)
images = tf.keras.layers.Rescaling(scale=1 / 255)(images)

# %%
# ``GlobalAvgPool2D``
# -------------------
# 이미지마다, 채널마다 평균 하나가 나오므로 출력 크기는 ``[배치, 채널]``\ 입니다.
global_avg_pool = tf.keras.layers.GlobalAvgPool2D()
pooled = global_avg_pool(images)
print("출력 크기:", pooled.shape)
print(pooled.numpy())

# %%
# ``reduce_mean``\ 으로 같은 계산하기
# -----------------------------------
# 높이와 너비 축(1과 2)에 대해 평균을 구하면 같습니다. ``Lambda`` 층으로 감싸면 모델 안에서도
# 쓸 수 있습니다. (``Lambda`` 층은 파이썬 함수를 담고 있어서 저장한 모델을 다시 불러올 때
# ``safe_mode=False``\ 가 필요합니다. 실제 모델에는 ``GlobalAvgPool2D``\ 를 쓰세요.)
mean_layer = tf.keras.layers.Lambda(lambda X: tf.reduce_mean(X, axis=[1, 2]))
mean_pooled = mean_layer(images)
print(mean_pooled.numpy())
assert np.allclose(pooled, mean_pooled)

# %%
# 그림으로 보기
# -------------
# 각 이미지가 채널마다 숫자 하나, 즉 평균 색 하나로 요약됩니다. 사원 이미지는 회색에 가깝고,
# 꽃 이미지는 붉은 주황색에 가깝습니다.
fig, axes = plt.subplots(2, 2, figsize=(10, 6), gridspec_kw={"width_ratios": [3, 1]})
for image_idx in (0, 1):
    axes[image_idx, 0].imshow(images[image_idx])
    axes[image_idx, 0].set_title(f"입력 {image_idx}")
    axes[image_idx, 1].imshow(np.ones([1, 1, 3]) * pooled[image_idx].numpy())
    axes[image_idx, 1].set_title("전역 평균 (RGB)")
for ax in axes.flat:
    ax.axis("off")
fig.tight_layout()
plt.show()

# %%
# 정리
# ----
# - ``GlobalAvgPool2D``\ 는 특성 맵마다 평균 하나를 남겨 ``[배치, 높이, 너비, 채널]``\ 을
#   ``[배치, 채널]``\ 로 바꿉니다.
# - ``tf.reduce_mean(X, axis=[1, 2])``\ 와 같은 계산입니다.
# - ResNet, Xception 같은 현대 CNN은 출력층 앞에서 큰 :term:`밀집 층` 대신 이 층을 씁니다.
