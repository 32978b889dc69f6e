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
2. 책의 설명(0을 채운 다음 보통의 합성곱)이 정의와 같아지려면 커널을 180° 돌리고 가장자리에 0을
   더 채워야 한다는 것을 확인합니다.
3. :term:`스트라이드`\ 와 패딩(``"valid"``, ``"same"``)이 출력 크기를 어떻게 정하는지 확인합니다.
4. 이름에 '전치'가 붙은 이유, 즉 합성곱을 행렬로 쓰면 전치 합성곱은 그 **전치 행렬** 을 곱하는
   것임을 보입니다.
5. 도장이 고르게 겹치지 않아 생기는 :term:`체커보드 무늬`\ 와 흔히 쓰는 해결책을 봅니다.

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
# 더합니다. 스트라이드가 커널보다 작으면 도장이 겹치고, 겹친 곳은 더해집니다. 책의 설명("픽셀
# 사이에 스트라이드 - 1개의 0을 넣고 합성곱")과 어떻게 같은지는 다음 절에서 확인합니다.
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
# 0을 채운 다음 합성곱: 커널을 180° 돌려야 같습니다
# --------------------------------------------------
# 책의 설명대로 입력 픽셀 사이에 ``스트라이드 - 1``\ 개의 0을 넣고(2×2 → 3×3), 합성곱 층이 하는
# 계산(커널을 옮기며 겹친 값을 곱해 더하기)을 하려면 두 가지가 더 필요합니다.
#
# - 가장자리에 ``커널 - 1``\ 개(여기서는 2개)의 0을 더 채워, 커널이 입력의 가장자리 픽셀 하나만
#   걸치는 위치에서도 출력을 냅니다(3×3 → 7×7, 합성곱 뒤 5×5).
# - 커널을 **180° 돌립니다** (위아래, 좌우를 모두 뒤집기). 도장은 입력 픽셀 (i, j)의 값을 커널의
#   (a, b) 칸을 거쳐 출력 (2i + a, 2j + b)로 보내는데, 출력 위치에서 입력을 바라보며 곱하는 합성곱
#   층에서는 같은 짝이 커널의 반대쪽 칸에서 만나기 때문입니다.
#
# 이 커널은 대칭이 아니므로(오른쪽 아래가 2), 돌리지 않은 커널로 같은 계산을 하면 도장마다 커널이
# 뒤집혀 찍힌 것과 같아져 결과가 달라집니다. 둘 다 계산해서 비교합니다.
def zero_insert_then_convolve(image, kernel, stride):
    n, k = image.shape[0], kernel.shape[0]
    spread = np.zeros(((n - 1) * stride + 1,) * 2, dtype=np.float32)
    spread[::stride, ::stride] = image  # 픽셀 사이에 스트라이드 - 1개의 0
    padded = np.pad(spread, k - 1)  # 가장자리에 커널 - 1개의 0
    return tf.nn.conv2d(padded[np.newaxis, :, :, np.newaxis], kernel[:, :, np.newaxis, np.newaxis],
                        strides=1, padding="VALID").numpy()[0, :, :, 0]


rotated_kernel = np.rot90(kernel, 2)
with_rotation = zero_insert_then_convolve(inputs, rotated_kernel, stride=2)
without_rotation = zero_insert_then_convolve(inputs, kernel, stride=2)
print("180° 돌린 커널:\n", rotated_kernel.astype(int))
print("0을 채운 다음 돌린 커널로 합성곱:\n", with_rotation.astype(int))
print("0을 채운 다음 돌리지 않은 커널로 합성곱:\n", without_rotation.astype(int))
print("돌린 커널 = 정의:", np.array_equal(with_rotation, by_definition),
      "| 돌리지 않은 커널 = 정의:", np.array_equal(without_rotation, by_definition))
assert np.array_equal(with_rotation, by_definition)
assert not np.array_equal(without_rotation, by_definition)

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
print("입력  커널  스트라이드  패딩   출력 크기  식으로 계산  최대 절대 차이")
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
              f"{difference:.1e}")

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
# 행렬을 그려 보면 :math:`C` 의 각 행은 커널이 입력 위를 스트라이드 2로 옮겨 다니며 놓이는 자리입니다.
# :math:`C^\top` 의 열 j는 전치 합성곱의 **입력** 픽셀 j(2×2 가운데 하나, 합성곱에서는 출력 픽셀
# j)가 4×4 출력에 찍는 '도장'입니다. 그림의 축 이름은 전치 합성곱의 입력과 출력을 기준으로 붙였습니다.
fig, axes = plt.subplots(1, 2, figsize=(13, 5), gridspec_kw={"width_ratios": [3, 1]})
for ax, matrix, cmap, title, xlabel, ylabel in [
    (axes[0], conv_matrix, "Blues", "합성곱 행렬 C (4 × 16)", "합성곱의 입력 픽셀(4×4를 펼친 번호)",
     "합성곱의 출력 픽셀(2×2)"),
    (axes[1], conv_matrix.T, "Oranges", "전치 합성곱 Cᵀ (16 × 4)",
     "전치 합성곱의 입력 픽셀(2×2)\n열 = 그 픽셀의 도장", "전치 합성곱의 출력 픽셀(4×4)"),
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
# 체커보드 무늬
# -------------
# 앞의 그림에서 도장은 고르게 겹치지 않았습니다. 가운데 줄과 열만 두 번, 가운데 칸은 네 번
# 더해졌습니다. 커널 크기가 스트라이드의 배수가 아니면 출력 픽셀마다 겹치는 도장의 수가 규칙적으로
# 달라지고, 그래서 입력과 커널이 고르더라도 출력에 격자 모양의 얼룩이 생깁니다. 이것을 체커보드
# 무늬(checkerboard artifact)라고 합니다. 훈련으로 가중치가 이를 얼마간 메울 수는 있지만, 이미지를
# 만드는 모델의 출력에서 자주 보고된 무늬입니다.
#
# 모든 값이 1인 6×6 입력과 모든 값이 1인 커널로 확인합니다. 그러면 출력의 각 값은 그 픽셀에
# 겹친 도장(과 커널 칸)의 수입니다.
#
# - **커널 3, 스트라이드 2**: 3은 2의 배수가 아니어서 출력 안쪽에 1, 2, 4가 격자로 번갈아 나옵니다.
# - **커널 4, 스트라이드 2**: 4는 2의 배수라서 가장자리를 빼면 모든 픽셀에 같은 수의 도장이
#   겹칩니다.
# - **크기 조정 + 합성곱**: 흔히 쓰는 해결책은 전치 합성곱 대신 먼저 크기를 키우고
#   (``UpSampling2D``, 최근접 이웃이나 쌍선형 보간) 보통의 합성곱(스트라이드 1)을 하는 것입니다.
#   모든 출력 픽셀이 같은 방식으로 계산되므로 가장자리를 빼면 고릅니다.
#
# 다음 페이지의 U-Net은 커널 3, 스트라이드 2의 전치 합성곱을 쓰므로 이 무늬가 생길 수 있는 조합입니다.
ones = np.ones((6, 6), dtype=np.float32)


def transposed_conv_of_ones(kernel_size, stride):
    layer = tf.keras.layers.Conv2DTranspose(1, kernel_size, strides=stride, padding="same",
                                            use_bias=False, kernel_initializer="ones")
    return layer(ones[np.newaxis, :, :, np.newaxis]).numpy()[0, :, :, 0]


def resize_then_convolve(image):
    upsample = tf.keras.layers.UpSampling2D(2, interpolation="nearest")
    upsampled = upsample(image[np.newaxis, :, :, np.newaxis])
    conv = tf.keras.layers.Conv2D(1, 3, padding="same", use_bias=False, kernel_initializer="ones")
    return conv(upsampled).numpy()[0, :, :, 0]


upsampled_outputs = {
    "Conv2DTranspose(커널 3, 스트라이드 2)": transposed_conv_of_ones(3, 2),
    "Conv2DTranspose(커널 4, 스트라이드 2)": transposed_conv_of_ones(4, 2),
    "UpSampling2D(2) + Conv2D(커널 3)": resize_then_convolve(ones),
}
fig, axes = plt.subplots(1, 3, figsize=(15, 5.8), layout="constrained")
for ax, (title, output) in zip(axes, upsampled_outputs.items()):
    inner = output[2:-2, 2:-2]  # 가장자리 두 줄을 뺀 안쪽
    print(f"{title}: 출력 {output.shape[0]}×{output.shape[1]}, "
          f"안쪽의 값 {sorted(set(inner.ravel().tolist()))}")
    ax.imshow(output, cmap="gray", vmin=0)
    ax.set_title(f"{title}\n안쪽 값의 종류 {len(np.unique(inner))}개", fontsize=12)
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("모든 값이 1인 6×6 입력을 12×12로 키운 결과(밝을수록 많이 겹침)")
plt.show()
inner_values = {title: np.unique(output[2:-2, 2:-2]).size for title, output in upsampled_outputs.items()}
assert list(inner_values.values()) == [3, 1, 1]  # 커널 3만 안쪽이 고르지 않습니다

# %%
# 정리
# ----
# - 전치 합성곱은 입력 픽셀마다 커널에 그 값을 곱한 '도장'을 스트라이드 간격으로 찍어 더합니다.
#   스트라이드 2면 특성 맵이 약 두 배로 커집니다.
# - 책의 설명처럼 픽셀 사이에 0을 넣고 합성곱으로 계산하려면, 가장자리에 ``커널 - 1``\ 개의 0을
#   더 채우고 커널을 180° 돌려야 합니다. 돌리지 않으면 도장마다 커널이 뒤집혀 결과가 달라집니다.
# - ``"valid"`` 패딩은 찍힌 전체(``(n - 1) × 스트라이드 + max(커널, 스트라이드)``), ``"same"``
#   패딩은 가장자리를 잘라 ``n × 스트라이드`` 를 냅니다. 위 표는 모든 경우에 정의대로 계산한 값과
#   ``Conv2DTranspose`` 의 최대 절대 차이를 출력하고, 코드가 그 차이가 1e-5 미만인지 확인합니다.
# - 합성곱을 행렬 :math:`C` 로 쓰면 같은 커널의 전치 합성곱은 :math:`C^\top` 입니다. 이름의
#   '전치'가 여기서 왔습니다.
# - 커널 크기가 스트라이드의 배수가 아니면 도장이 고르게 겹치지 않아 체커보드 무늬가 생깁니다.
#   크기를 먼저 키우고 보통의 합성곱을 하면 피할 수 있습니다.
# - 다음 페이지 :ref:`sphx_glr_auto_examples_10_segmentation_plot_02_unet_segmentation.py` 에서는 이
#   층으로 특성 맵을 키우는 U-Net 스타일 모델을 훈련해 픽셀마다 클래스를 예측합니다.
