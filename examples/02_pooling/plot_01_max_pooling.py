r"""
==================================
최대 풀링
==================================

:term:`최대 풀링`\ (max pooling)은 작은 창(window) 안의 값 가운데 가장 큰 값만 남기는 풀링입니다.
케라스의 ``MaxPool2D`` :term:`층`\ 을 샘플 이미지에 적용해서, 2×2 창과 :term:`스트라이드` 2로
이미지의 높이와 너비가 절반이 되는 모습을 그림으로 확인합니다.
"""

# %%
# 입력 이미지 준비
# ----------------
# 사이킷런의 꽃 샘플 이미지에서 꽃잎이 잘 보이는 부분(70×120 픽셀)을 잘라 0~1 범위로
# 바꿉니다.
#
# 여기가 책과 다릅니다. 책은 앞 갤러리에서 만든 두 이미지의 가운데 70×120 부분
# (``CenterCrop``)에 풀링을 적용하고 첫 번째 이미지(중국 사원)를 그립니다. 이 페이지는 풀링 뒤에도
# 모양이 남는지 눈으로 보기 쉽도록, 크기는 같지만 꽃잎의 윤곽이 뚜렷한 꽃 이미지의
# ``[150:220, 130:250]`` 부분(행 150~219, 열 130~249)을 씁니다. 층과 계산은 책과 같습니다.
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_sample_images

from cnn_vision import plotting

plotting.set_book_style()

images = load_sample_images()["images"]
flower = images[1][150:220, 130:250] / 255
print("입력 크기:", flower.shape)

# %%
# ``MaxPool2D`` 적용
# ------------------
# ``pool_size=2``\ 이면 2×2 창을 쓰고, ``strides``\ 를 주지 않으면 창 크기와 같은 2가 됩니다.
# :term:`풀링 층`\ 에는 :term:`가중치`\ 가 없습니다. 창 안의 값을 모으기만 하며, 채널마다 따로 동작하므로 채널
# 수(여기서는 RGB의 3)는 그대로입니다.
max_pool = tf.keras.layers.MaxPool2D(pool_size=2)
output = max_pool(flower[np.newaxis])  # 배치 축을 더합니다
print("출력 크기:", output.shape)
print("가중치 수:", max_pool.count_params())

# %%
# 창 하나를 손으로 확인해 봅니다. 출력의 (0, 0) 위치는 입력의 왼쪽 위 2×2 창에서 채널마다
# 가장 큰 값입니다.
window = flower[0:2, 0:2]
print("왼쪽 위 2×2 창의 채널별 최댓값:", window.max(axis=(0, 1)).round(3))
print("출력 (0, 0) 위치의 값:         ", output[0, 0, 0].numpy().round(3))
assert np.allclose(window.max(axis=(0, 1)), output[0, 0, 0])

# %%
# 입력과 출력을 같은 픽셀 크기로 나란히 그립니다. 출력은 높이와 너비가 절반이어서 면적이
# 4분의 1입니다. 픽셀의 75%를 버렸지만 꽃의 모양은 대부분 남아 있습니다.
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), gridspec_kw={"width_ratios": [2, 1]})
axes[0].imshow(flower)
axes[0].set_title(f"입력 ({flower.shape[0]}×{flower.shape[1]})")
axes[1].imshow(output[0])
axes[1].set_title(f"최대 풀링 출력 ({output.shape[1]}×{output.shape[2]})")
for ax in axes:
    ax.axis("off")
fig.tight_layout()
plt.show()

# %%
# 작은 이동에 대한 불변성
# -----------------------
# 최대 풀링은 입력이 조금 움직여도 출력이 크게 바뀌지 않게 해 줍니다(작은 :term:`이동 불변성`, small
# translation invariance). 밝은 점 하나를 한 칸 옮겨도 같은 2×2 창 안에 있으면 출력은
# 그대로입니다.
spot = np.zeros([1, 4, 4, 1], dtype=np.float32)
spot[0, 0, 0, 0] = 1
shifted = np.roll(spot, shift=1, axis=2)  # 오른쪽으로 한 칸
print("원래 점의 풀링 출력:\n", max_pool(spot)[0, :, :, 0].numpy())
print("한 칸 옮긴 점의 풀링 출력:\n", max_pool(shifted)[0, :, :, 0].numpy())

# %%
# 정리
# ----
# - ``MaxPool2D(pool_size=2)``\ 는 2×2 창의 최댓값만 남겨 높이와 너비를 절반으로 줄입니다.
# - 가중치가 없고, 채널마다 따로 동작해서 채널 수는 바뀌지 않습니다.
# - 정보를 많이 버리는 대신 계산량과 메모리를 줄이고, 작은 이동에 덜 민감해집니다.
