r"""
==================================
케라스로 합성곱 층 구현하기
==================================

사이킷런에 들어 있는 두 장의 샘플 이미지에 케라스의 ``Conv2D`` :term:`층`\ 을 적용해 :term:`특성 맵`\ (feature
map)을 만들어 봅니다. 그다음 :term:`제로 패딩`\ (zero padding)과 :term:`스트라이드`\ (stride)가 출력 크기를
어떻게 바꾸는지 확인하고, 그 크기를 미리 계산하는 함수
:func:`cnn_vision.conv_math.conv_output_size` 를 실제 층의 출력과 비교합니다.
"""

# sphinx_gallery_thumbnail_number = 2

# %%
# 샘플 이미지 준비
# ----------------
# ``load_sample_images()``\ 는 427×640 크기의 컬러 이미지 두 장(중국의 사원, 꽃)을 돌려줍니다.
# 인터넷 없이도 동작합니다. ``CenterCrop`` 층으로 가운데 70×120 부분만 잘라 내고,
# ``Rescaling`` 층으로 0~255의 픽셀 값을 0~1 범위로 바꿉니다.
import matplotlib.pyplot as plt
import tensorflow as tf
from sklearn.datasets import load_sample_images

from cnn_vision import plotting

plotting.set_book_style()

images = load_sample_images()["images"]
images = tf.keras.layers.CenterCrop(height=70, width=120)(images)
images = tf.keras.layers.Rescaling(scale=1 / 255)(images)
print("이미지 배치 크기:", images.shape)

# %%
# 크기가 ``[배치, 높이, 너비, 채널]``\ 인 4D 텐서입니다. 이미지 두 장, 70×120 픽셀, 채널 셋(RGB)입니다.
plotting.plot_image_grid(
    images.numpy(), titles=["샘플 이미지 0 (사원)", "샘플 이미지 1 (꽃)"], ncols=2
)
plt.show()

# %%
# 합성곱 층 만들기
# ----------------
# 7×7 :term:`필터` 32개를 쓰는 :term:`합성곱 층`\ 을 만들어 두 이미지에 적용합니다. 기본값은
# ``padding="valid"``\ (패딩 없음), ``strides=1``\ 입니다.
tf.random.set_seed(42)  # 재현성을 위해
conv_layer = tf.keras.layers.Conv2D(filters=32, kernel_size=7)
fmaps = conv_layer(images)
print("특성 맵 크기:", fmaps.shape)

# %%
# 출력의 높이와 너비가 6씩 줄었습니다(70 → 64, 120 → 114). 패딩이 없으면 7×7 필터의 중심이
# 이미지 가장자리 3픽셀 안쪽에서만 움직일 수 있기 때문입니다. 채널 축에는 필터마다 하나씩,
# 32개의 특성 맵이 생겼습니다.
#
# 아직 훈련하지 않은 층이라 필터는 무작위로 초기화되어 있습니다. 두 이미지의 처음 두 특성 맵을
# 그려 봅니다. 행은 이미지, 열은 특성 맵입니다(:func:`cnn_vision.plotting.plot_feature_maps`).
plotting.plot_feature_maps(fmaps, fmap_indices=[0, 1],
                           suptitle="무작위 7×7 필터로 만든 특성 맵 (padding='valid')")
plt.show()

# %%
# 무작위로 초기화된 필터도 이미지의 경계(:term:`에지`)를 찾아내는 경우가 많습니다. 에지 검출은 이미지
# 처리에서 쓸모가 많아, 합성곱 층은 대개 이런 필터에서 출발해 훈련하면서 문제에 맞는 패턴을
# 인식하는 필터로 점점 바뀌어 갑니다.
#
# 제로 패딩
# ---------
# ``padding="same"``\ 으로 지정하면 입력 둘레를 0으로 채워서, 스트라이드가 1일 때 출력의
# 높이와 너비가 입력과 같아집니다.
conv_layer = tf.keras.layers.Conv2D(filters=32, kernel_size=7, padding="same")
fmaps = conv_layer(images)
print("padding='same' 특성 맵 크기:", fmaps.shape)

# %%
# 스트라이드
# ----------
# ``strides=2``\ 이면 필터를 두 칸씩 옮기므로 출력의 높이와 너비가 대략 절반이 됩니다.
conv_layer = tf.keras.layers.Conv2D(filters=32, kernel_size=7, padding="same", strides=2)
fmaps = conv_layer(images)
print("padding='same', strides=2 특성 맵 크기:", fmaps.shape)

# %%
# 출력 크기 미리 계산하기
# -----------------------
# 입력 크기를 :math:`n`, :term:`커널` 크기를 :math:`k`, 스트라이드를 :math:`s` 라고 하면
#
# - ``"valid"``: 출력 크기는 :math:`\lfloor (n - k) / s \rfloor + 1` 입니다. 마지막 위치 뒤에
#   남아 필터가 닿지 않는 행·열은 **무시** 됩니다.
# - ``"same"``: 출력 크기는 :math:`\lceil n / s \rceil` 입니다. 그 출력을 만들기에 모자란 만큼
#   행·열이 **제로 패딩** 됩니다(위·아래 또는 왼쪽·오른쪽에 나누어, 남는 하나는 아래·오른쪽).
#
# :func:`cnn_vision.conv_math.conv_output_size` 가 이 계산을 하고, 출력 크기와 함께 무시되거나
# 패딩된 행·열의 수를 돌려줍니다. 정수와 NumPy 배열을 모두 받습니다.
from cnn_vision.conv_math import conv_output_size

output_size, num_padded = conv_output_size([70, 120], kernel_size=7, strides=2, padding="same")
print("출력 크기:", output_size, " 제로 패딩된 행/열 수:", num_padded)

# %%
# 바로 위에서 ``Conv2D``\ 가 만든 특성 맵의 높이와 너비(35, 60)와 같습니다. 여러 설정에서
# 계산값과 실제 층의 출력 크기를 나란히 비교해 봅니다.
for padding in ("valid", "same"):
    for strides in (1, 2, 3):
        predicted, extra = conv_output_size([70, 120], kernel_size=7, strides=strides,
                                            padding=padding)
        layer = tf.keras.layers.Conv2D(filters=1, kernel_size=7, strides=strides,
                                       padding=padding)
        actual = layer(images).shape[1:3]
        extra_name = "무시" if padding == "valid" else "패딩"
        print(f"padding={padding!r:8} strides={strides}: 계산 {predicted.tolist()}, "
              f"Conv2D {list(actual)}, {extra_name}된 행/열 {extra.tolist()}")
        assert list(actual) == predicted.tolist()

# %%
# 정리
# ----
# - ``Conv2D(filters, kernel_size)``\ 는 4D 이미지 배치를 받아 필터마다 하나의 특성 맵을 만듭니다.
# - ``padding="same"``\ 은 제로 패딩으로 크기를 유지하고, ``strides``\ 는 출력을 줄입니다.
# - :func:`~cnn_vision.conv_math.conv_output_size` 로 층을 만들기 전에 출력 크기를 알 수 있습니다.
#
# 다음 예제 :ref:`sphx_glr_auto_examples_01_convolution_plot_03_conv_filters.py` 에서는 필터의
# :term:`가중치`\ 를 직접 들여다보고, 손으로 만든 필터를 적용해 봅니다.
