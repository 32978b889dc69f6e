r"""
==================================
전치 합성곱을 숫자로 이해하기
==================================

합성곱 층과 풀링 층은 특성 맵을 줄입니다. :term:`의미 분할`\ 처럼 입력과 같은 크기의 출력이 필요하면 줄어든
특성 맵을 다시 키워야 합니다. 책은 이때 쓰는 :term:`전치 합성곱 층`\ (transposed convolutional layer,
케라스의 ``Conv2DTranspose``)을 "입력의 픽셀 사이에 0을 채워 늘린 다음 보통의 합성곱을 하는 층"으로
설명합니다.

이 페이지에서는 아주 작은 입력과 커널로

1. 전치 합성곱의 정의(입력 픽셀마다 커널을 그 값만큼 곱해 출력의 ``스트라이드`` 칸 간격 위치에
   더하기)를 넘파이로 직접 계산하고 ``Conv2DTranspose`` 의 출력과 숫자로 비교합니다.
2. :term:`스트라이드`\ 와 패딩(``"valid"``, ``"same"``)이 출력 크기를 어떻게 정하는지 확인합니다.
3. 이름에 '전치'가 붙은 이유, 즉 합성곱을 행렬로 쓰면 전치 합성곱은 그 **전치 행렬** 을 곱하는
   것임을 보입니다.

훈련하지 않으므로 모든 프로필에서 같은 계산을 합니다.
"""

# sphinx_gallery_thumbnail_number = 1

# %%
# 작은 입력과 커널
# ----------------
# 2×2 입력과 3×3 커널을 씁니다. 값은 손으로 따라가기 쉬운 정수로 정했습니다.
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import plotting, profile

plotting.set_book_style()
print(profile.describe())

inputs = np.array([[1, 2],
                   [3, 4]], dtype=np.float32)
kernel = np.array([[1, 0, 1],
                   [0, 1, 0],
                   [1, 0, 2]], dtype=np.float32)
print("입력:\n", inputs.astype(int))
print("커널:\n", kernel.astype(int))

# %%
# 정의대로 계산하기
# -----------------
# 전치 합성곱은 입력 픽셀 하나하나를 커널 크기의 '도장'으로 바꿔 찍습니다. 입력의 (i, j) 픽셀은
# 커널 전체에 자기 값을 곱한 것을 출력의 (스트라이드 × i, 스트라이드 × j)에서 시작하는 자리에
# 더합니다. 스트라이드가 커널보다 작으면 도장이 겹치고, 겹친 곳은 더해집니다. 이것이 책의 설명
# ("픽셀 사이에 스트라이드 - 1개의 0을 넣고 합성곱")과 같은 계산입니다.
#
# 패딩이 ``"valid"``\ 이면 찍힌 도장 전체가 출력입니다. 크기는 ``(n - 1) × 스트라이드 +
# max(커널, 스트라이드)`` 입니다. ``"same"`` 이면 출력을 정확히 ``n × 스트라이드`` 로 맞추려고
# 가장자리를 잘라 냅니다. 잘라 낼 양 ``커널 - 스트라이드`` 를 두 쪽에 나누는데, 홀수면 오른쪽(아래)을
# 한 칸 더 자릅니다.


def transposed_conv_by_definition(image, kernel, stride, padding):
    n, k = image.shape[0], kernel.shape[0]
    full = np.zeros(((n - 1) * stride + max(k, stride),) * 2, dtype=np.float32)
    for i in range(n):
        for j in range(n):
            full[i * stride:i * stride + k, j * stride:j * stride + k] += image[i, j] * kernel
    if padding == "valid":
        return full
    start = max(k - stride, 0) // 2
    return full[start:start + n * stride, start:start + n * stride]


def keras_transposed_conv(image, kernel, stride, padding):
    layer = tf.keras.layers.Conv2DTranspose(filters=1, kernel_size=kernel.shape[0], strides=stride,
                                            padding=padding, use_bias=False)
    layer.build((1, *image.shape, 1))
    layer.set_weights([kernel[:, :, np.newaxis, np.newaxis]])  # (높이, 너비, 출력 채널, 입력 채널)
    return layer(image[np.newaxis, :, :, np.newaxis]).numpy()[0, :, :, 0]


by_definition = transposed_conv_by_definition(inputs, kernel, stride=2, padding="valid")
by_keras = keras_transposed_conv(inputs, kernel, stride=2, padding="valid")
print("정의대로 계산 (스트라이드 2, 'valid'):\n", by_definition.astype(int))
print("Conv2DTranspose 출력:\n", by_keras.astype(int))
print("같은가:", np.array_equal(by_definition, by_keras))

# %%
# 그림으로 보면 입력의 네 픽셀이 찍은 도장 네 개가 두 칸 간격으로 놓이고, 가운데 줄과 열에서
# 겹쳐 더해집니다. 출력의 가운데 (2, 2)에는 네 도장의 모서리 값이 모두 모입니다.
corner_terms = [(int(inputs[i, j]), int(kernel[2 - 2 * i, 2 - 2 * j])) for i in range(2)
                for j in range(2)]
print("출력 (2, 2) =", " + ".join(f"{x}×{w}" for x, w in corner_terms), "=",
      sum(x * w for x, w in corner_terms), "| Conv2DTranspose:", int(by_keras[2, 2]))
fig, axes = plt.subplots(1, 6, figsize=(16, 3.6),
                         gridspec_kw={"width_ratios": [2, 3, 5, 5, 5, 5]})
stamps = [("입력", inputs), ("커널", kernel)]
for i in range(2):
    for j in range(2):
        stamp = np.zeros_like(by_definition)
        stamp[2 * i:2 * i + 3, 2 * j:2 * j + 3] = inputs[i, j] * kernel
        stamps.append((f"입력 ({i}, {j}) = {int(inputs[i, j])}의 도장", stamp))
for ax, (title, values) in zip(axes, stamps):
    ax.imshow(values, cmap="Blues", vmin=0, vmax=max(8, values.max()))
    for (row, column), value in np.ndenumerate(values):
        ax.text(column, row, f"{int(value)}", ha="center", va="center", fontsize=11)
    ax.set_title(title, fontsize=12)
    ax.set_xticks([])
    ax.set_yticks([])
fig.tight_layout()
plt.show()

fig, ax = plt.subplots(figsize=(4, 4))
ax.imshow(by_keras, cmap="Blues")
for (row, column), value in np.ndenumerate(by_keras):
    ax.text(column, row, f"{int(value)}", ha="center", va="center", fontsize=13)
ax.set_title("네 도장의 합 = Conv2DTranspose 출력")
ax.set_xticks([])
ax.set_yticks([])
plt.show()

# %%
# 스트라이드와 패딩에 따른 출력 크기
# ----------------------------------
# 입력 크기, 커널 크기, 스트라이드, 패딩을 바꿔 가며 정의대로 계산한 값과 ``Conv2DTranspose`` 의
# 출력이 같은지, 크기가 위의 식과 맞는지 확인합니다. ``"same"`` 패딩의 출력은 늘 입력 × 스트라이드라서
# U-Net 같은 모델에서 인코더의 특성 맵 크기를 그대로 되돌리기 좋습니다.
rng = np.random.default_rng(42)
print("입력  커널  스트라이드  패딩   출력 크기  식으로 계산  최대 차이")
for n, k, stride in [(2, 3, 2), (3, 3, 1), (3, 3, 2), (3, 4, 2), (4, 5, 2), (3, 2, 3), (3, 3, 3)]:
    image = rng.integers(-3, 4, size=(n, n)).astype(np.float32)
    weights = rng.integers(-2, 3, size=(k, k)).astype(np.float32)
    for padding in ("valid", "same"):
        expected = transposed_conv_by_definition(image, weights, stride, padding)
        actual = keras_transposed_conv(image, weights, stride, padding)
        formula = (n - 1) * stride + max(k, stride) if padding == "valid" else n * stride
        assert actual.shape == expected.shape == (formula, formula)
        difference = np.abs(actual - expected).max()
        assert difference < 1e-5
        size = f"{actual.shape[0]}×{actual.shape[1]}"
        print(f"{n}×{n}   {k}×{k}   {stride:^10}  {padding:<6} {size:^9}  {f'{formula}×{formula}':^11}  "
              f"{difference:^9.0f}")

# %%
# 왜 '전치'일까
# -------------
# 합성곱은 선형 연산이므로 행렬 곱으로 쓸 수 있습니다. 4×4 입력을 16개 숫자의 벡터로 펴면, 3×3
# 커널·스트라이드 2·``"same"`` 패딩의 합성곱은 16개를 4개(2×2 출력)로 보내는 4×16 행렬
# :math:`C` 입니다. 이 행렬은 입력에 단위 이미지(한 픽셀만 1)를 하나씩 넣어 보면 한 열씩 얻어집니다.
#
# 같은 커널의 전치 합성곱(스트라이드 2, ``"same"``)은 2×2를 4×4로 보내는데, 그 행렬이 바로
# :math:`C^\top` 입니다. 그래서 전치 합성곱은 합성곱이 한 일을 '거꾸로 펼치는' 연산이며(역연산은
# 아닙니다), 합성곱 층을 역전파할 때 입력에 대한 그레이디언트를 구하는 계산과 같습니다.
conv = tf.keras.layers.Conv2D(filters=1, kernel_size=3, strides=2, padding="same", use_bias=False)
conv.build((1, 4, 4, 1))
conv.set_weights([kernel[:, :, np.newaxis, np.newaxis]])
unit_images = np.eye(16, dtype=np.float32).reshape(16, 4, 4, 1)
conv_matrix = conv(unit_images).numpy().reshape(16, 4).T  # 열 j = 단위 이미지 j의 출력
print("합성곱 행렬 C의 모양:", conv_matrix.shape)

small = np.array([[1, 2], [3, 4]], dtype=np.float32)
transposed = keras_transposed_conv(small, kernel, stride=2, padding="same")
by_matrix = (conv_matrix.T @ small.reshape(4)).reshape(4, 4)
print("Conv2DTranspose(2×2 → 4×4):\n", transposed.astype(int))
print("C의 전치 행렬을 곱한 결과:\n", by_matrix.astype(int))
print("같은가:", np.allclose(transposed, by_matrix))
assert np.allclose(transposed, by_matrix)

# %%
# 행렬을 그려 보면 :math:`C` 의 각 행은 커널이 입력 위를 스트라이드 2로 옮겨 다니며 놓이는 자리이고,
# :math:`C^\top` 의 각 열은 출력 픽셀 하나가 퍼뜨리는 '도장'입니다.
fig, axes = plt.subplots(1, 2, figsize=(13, 5), gridspec_kw={"width_ratios": [3, 1]})
for ax, matrix, cmap, title, xlabel, ylabel in [
    (axes[0], conv_matrix, "Blues", "합성곱 행렬 C (4 × 16)", "입력 픽셀(4×4를 펼친 번호)",
     "출력 픽셀(2×2)"),
    (axes[1], conv_matrix.T, "Oranges", "전치 합성곱 Cᵀ (16 × 4)", "입력 픽셀(2×2)",
     "출력 픽셀(4×4)"),
]:
    ax.imshow(matrix, cmap=cmap, aspect="auto")
    for (row, column), value in np.ndenumerate(matrix):
        if value:
            ax.text(column, row, f"{int(value)}", ha="center", va="center", fontsize=9)
    ax.set_xticks(range(matrix.shape[1]))
    ax.set_yticks(range(matrix.shape[0]))
    ax.tick_params(labelsize=9)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
fig.tight_layout()
plt.show()

# %%
# 정리
# ----
# - 전치 합성곱은 입력 픽셀마다 커널에 그 값을 곱한 '도장'을 스트라이드 간격으로 찍어 더합니다.
#   스트라이드 2면 특성 맵이 약 두 배로 커집니다.
# - ``"valid"`` 패딩은 찍힌 전체(``(n - 1) × 스트라이드 + max(커널, 스트라이드)``), ``"same"``
#   패딩은 가장자리를 잘라 ``n × 스트라이드`` 를 냅니다. 위 표의 모든 경우에서 정의대로 계산한 값과
#   ``Conv2DTranspose`` 가 정확히 같았습니다.
# - 합성곱을 행렬 :math:`C` 로 쓰면 같은 커널의 전치 합성곱은 :math:`C^\top` 입니다. 이름의
#   '전치'가 여기서 왔습니다.
# - 다음 페이지 :ref:`sphx_glr_auto_examples_10_segmentation_plot_02_unet_segmentation.py` 에서는 이
#   층으로 특성 맵을 키우는 U-Net 스타일 모델을 훈련해 픽셀마다 클래스를 예측합니다.
