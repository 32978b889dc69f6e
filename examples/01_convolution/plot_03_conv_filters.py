r"""
==================================
필터 가중치와 손으로 만든 필터
==================================

:term:`합성곱 층`\ 이 학습하는 :term:`가중치`\ (:term:`커널`\ 과 :term:`편향`)의 모양을 살펴보고, 같은 계산을
저수준 연산 ``tf.nn.conv2d()``\ 로 직접 해 봅니다. 마지막으로 수직선과 수평선 :term:`필터`\ 를 손으로 만들어
각각이 이미지에서 무엇을 강조하는지, 그리고 :term:`제로 패딩`\ 이 가장자리에 어떤 흔적을 남기는지 확인합니다.
"""

# sphinx_gallery_thumbnail_number = 2

# %%
# 샘플 이미지와 합성곱 층
# -----------------------
# :ref:`앞 예제 <sphx_glr_auto_examples_01_convolution_plot_02_conv_layer.py>` 와 같이 두 샘플
# 이미지의 가운데 70×120 부분을 0~1 범위로 준비하고, 7×7 필터 32개짜리 합성곱 층을
# ``padding="same"``\ 으로 만듭니다.
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_sample_images

from cnn_vision import plotting

plotting.set_book_style()

images = load_sample_images()["images"]
images = tf.keras.layers.CenterCrop(height=70, width=120)(images)
images = tf.keras.layers.Rescaling(scale=1 / 255)(images)

tf.random.set_seed(42)
conv_layer = tf.keras.layers.Conv2D(filters=32, kernel_size=7, padding="same")
fmaps = conv_layer(images)

# %%
# 가중치의 모양
# -------------
# :term:`층`\ 의 가중치는 처음 호출될 때 입력 채널 수에 맞춰 만들어집니다. 커널의 크기는
# ``[커널 높이, 커널 너비, 입력 채널 수, 필터 수]``\ 이고, 편향은 필터마다 하나입니다.
kernels, biases = conv_layer.get_weights()
print("커널 크기:", kernels.shape)
print("편향 크기:", biases.shape)
print("파라미터 수:", conv_layer.count_params(), "= 7×7×3×32 + 32")

# %%
# 입력 이미지의 크기(70×120)는 가중치 모양 어디에도 나오지 않습니다. 합성곱 층은 같은 필터를
# 모든 위치에 공유하므로, 어떤 크기의 이미지에도 같은 층을 쓸 수 있습니다. 다만 입력 채널 수는
# 고정됩니다.
#
# ``tf.nn.conv2d()``\ 로 같은 계산하기
# ------------------------------------
# ``Conv2D`` 층이 내부에서 하는 일은 저수준 연산 ``tf.nn.conv2d()``\ 에 편향을 더하는 것입니다.
# ``strides``\ 는 배치·높이·너비·채널 축마다 줄 수도 있고(``[1, 1, 1, 1]``), 정수 하나로 줄 수도
# 있습니다. ``padding``\ 은 대문자로 씁니다.
#
# 여기가 책과 다릅니다. 책은 ``tf.nn.conv2d()``\ 의 사용법만 보이려고 무작위 필터
# ``tf.random.normal([7, 7, 3, 2])``\ 와 0인 편향 두 개를 넣습니다. 이 페이지는 그 대신 위
# ``Conv2D`` 층의 커널(32개 필터)과 편향을 그대로 넣어, 두 계산이 같은 결과를 낸다는 것까지
# 확인합니다. 호출 방법은 같습니다.
manual_fmaps = tf.nn.conv2d(images, kernels, strides=1, padding="SAME") + biases
print("tf.nn.conv2d 출력 크기:", manual_fmaps.shape)
print("Conv2D 층과의 최대 차이:", float(tf.reduce_max(tf.abs(manual_fmaps - fmaps))))
assert np.allclose(manual_fmaps, fmaps, atol=1e-5)

# %%
# 손으로 만든 두 필터
# -------------------
# 7×7 필터 두 개를 직접 만듭니다. 첫 번째는 가운데 열만 1인 **수직선** 필터, 두 번째는
# 가운데 행만 1인 **수평선** 필터이고 나머지는 모두 0입니다. 입력의 세 채널(RGB)에 같은 값을
# 쓰므로 커널 크기는 ``[7, 7, 3, 2]``\ 입니다. 실제로는 합성곱 층이 훈련으로 필터를 학습하므로
# 이렇게 손으로 만들 일은 거의 없습니다.
hand_made_kernels = np.zeros([7, 7, 3, 2], dtype=np.float32)
hand_made_kernels[:, 3, :, 0] = 1  # 수직선
hand_made_kernels[3, :, :, 1] = 1  # 수평선
hand_made_biases = np.zeros([2], dtype=np.float32)

fig, axes = plt.subplots(1, 2, figsize=(6, 3))
for ax, fmap_idx, name in zip(axes, (0, 1), ("수직선 필터", "수평선 필터")):
    ax.imshow(hand_made_kernels[:, :, 0, fmap_idx], cmap="gray", vmin=0, vmax=1)
    ax.set_title(name)
    ax.set_xticks(range(7))
    ax.set_yticks(range(7))
fig.tight_layout()
plt.show()

# %%
# 이 필터를 ``padding="SAME"``\ 으로 적용하면 :term:`특성 맵`\ 마다 필터가 가리키는 방향의 선이
# 강조됩니다.
fmaps = tf.nn.conv2d(images, hand_made_kernels, strides=1, padding="SAME") + hand_made_biases

plotting.plot_feature_maps(fmaps, fmap_indices=[0, 1], fmap_names=["수직선 필터", "수평선 필터"],
                           suptitle="손으로 만든 필터의 특성 맵 (padding='SAME')")
plt.show()

# %%
# 가장자리의 어두운 띠
# --------------------
# 수직선 필터의 특성 맵(왼쪽 열)은 위아래 끝이, 수평선 필터의 특성 맵(오른쪽 열)은 왼쪽과
# 오른쪽 끝이 어둡습니다. 앞 예제의 무작위 필터 그림에는 없던 띠입니다. 왜 생겼을까요?
#
# 이번에는 제로 패딩(``"SAME"``)을 썼기 때문입니다. 수직선 필터가 이미지의 맨 위나 맨 아래
# 근처에 놓이면 필터의 세로줄 일부가 패딩된 0 위에 걸칩니다. 그러면 더할 픽셀이 모자라 출력이
# 작아지고(어두워지고), 끝에 가까울수록 더 어둡습니다. 수평선 필터도 마찬가지로 왼쪽과 오른쪽
# 끝에서 가로줄 일부가 0 위에 놓입니다. 앞 예제의 첫 그림은 ``padding="valid"``\ 여서 필터가
# 늘 이미지 안에만 놓였기 때문에 이런 띠가 없었습니다.
#
# 숫자로도 확인할 수 있습니다. 수직선 특성 맵의 행 평균은 가운데보다 맨 위·맨 아래 행에서
# 눈에 띄게 작습니다.
row_means = fmaps[0, :, :, 0].numpy().mean(axis=1)
print(f"수직선 특성 맵의 행 평균: 맨 위 {row_means[0]:.2f}, 가운데 {row_means[35]:.2f}, "
      f"맨 아래 {row_means[-1]:.2f}")

# %%
# 정리
# ----
# - 커널의 크기는 ``[높이, 너비, 입력 채널, 필터 수]``\ 이고, 입력 이미지의 크기와 무관합니다.
# - ``Conv2D`` 층은 ``tf.nn.conv2d()`` 에 편향을 더한 것과 같습니다.
# - 수직선·수평선 필터는 각 방향의 선을 강조하고, 제로 패딩은 가장자리에 어두운 띠를 남깁니다.
