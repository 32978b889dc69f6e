r"""
=================================================
연습 문제 1~8: 개념 문제를 코드로 확인하기
=================================================

14장 끝의 연습 문제 1번부터 8번까지는 개념을 묻는 문제이고, 책은 답을 부록에 싣습니다. 이 페이지는
문제마다 답을 몇 문장으로 정리하고, 그 내용이 실제로 돌아가는 이 사이트의 페이지로 연결합니다.
코드 몇 줄로 확인할 수 있는 주장은 이 자리에서 확인합니다. 특히 2번(:term:`파라미터` 수와 메모리)은
케라스로 신경망을 만들어 계산하고, 4번(:term:`최대 풀링`\ 과 :term:`스트라이드` 2 합성곱)은 파라미터 수와
연산량을 잽니다.

문제는 책의 문제를 우리말로 간추린 것입니다.
"""

# %%
# 1. CNN이 밀집 층만 쌓은 신경망보다 이미지 분류에 나은 점
# --------------------------------------------------------
# **문제.** 이미지를 분류할 때 :term:`밀집 층`\ 만 쌓은 심층 신경망보다 :term:`합성곱 신경망`\ 이 나은 점은
# 무엇인가요?
#
# **답.** 세 가지입니다.
#
# - :term:`합성곱 층`\ 의 뉴런은 입력의 작은 영역에만 연결되고, 같은 :term:`필터`\ 를 모든 위치에서
#   나눠 씁니다. 그래서 파라미터가 훨씬 적습니다. 훈련이 빠르고, 과대적합 위험이 작고,
#   데이터가 덜 필요합니다.
# - 한 위치에서 배운 패턴을 다른 모든 위치에서도 찾습니다. 입력에서 객체가 옮겨 가면 :term:`특성 맵`\ 의
#   반응도 그만큼 옮겨 갈 뿐입니다. 밀집 층은 위치마다 따로 배워야 합니다.
# - 층을 쌓을수록 작은 특성(선, 모서리)을 조합해 큰 특성(무늬, 부품, 객체)을 만듭니다. 이미지가 원래 그런
#   계층 구조를 가지므로 이 사전 지식이 잘 맞습니다.
#
# 앞의 두 가지를 몇 줄로 확인합니다. 200×300 RGB 이미지에서 뉴런(필터) 100개짜리 밀집 층과
# 3×3 합성곱 층의 파라미터 수를 비교하고, 이미지를 옮기면 특성 맵도 똑같이 옮겨 가는지 봅니다.
# 합성곱 층이 특성 맵을 만드는 과정은 :ref:`sphx_glr_auto_examples_01_convolution_plot_02_conv_layer.py`
# 에, 합성곱 층을 쌓은 분류 모델은 :ref:`sphx_glr_auto_examples_03_architectures_plot_01_fashion_mnist_cnn.py`
# 에 있습니다.
import time

import numpy as np
import tensorflow as tf

from cnn_vision import profile

print(profile.describe())
page_start = time.perf_counter()

dense = tf.keras.layers.Dense(100)
dense.build((None, 200 * 300 * 3))
conv = tf.keras.layers.Conv2D(100, 3, padding="same")
conv.build((None, 200, 300, 3))
print(f"밀집 층(뉴런 100개): 파라미터 {dense.count_params():,}개")
print(f"3×3 합성곱 층(필터 100개): 파라미터 {conv.count_params():,}개 "
      f"({dense.count_params() / conv.count_params():,.0f}분의 1)")

tf.random.set_seed(42)
image = tf.random.uniform([1, 200, 300, 3])
shifted = tf.roll(image, shift=[10, 20], axis=[1, 2])  # 아래로 10, 오른쪽으로 20픽셀
maps, maps_of_shifted = conv(image), conv(shifted)
# 가장자리(제로 패딩과 roll이 넘긴 부분)를 빼고 비교합니다.
difference = np.abs(maps_of_shifted[0, 11:-1, 21:-1] - maps[0, 1:-11, 1:-21]).max()
print(f"옮긴 이미지의 특성 맵과 옮긴 특성 맵의 최대 차이: {difference:.1e}")
assert difference < 1e-5
assert dense.count_params() > 1000 * conv.count_params()

# %%
# 2. 파라미터 수와 메모리
# -----------------------
# **문제.** 3×3 커널, 스트라이드 2, ``"same"`` 패딩을 쓰는 합성곱 층 세 개로 된 CNN이 있습니다.
# 특성 맵은 차례로 100개, 200개, 400개이고, 입력은 200×300 크기의 RGB 이미지입니다. 이 CNN의 파라미터는
# 모두 몇 개인가요? 32비트 실수를 쓸 때 이미지 한 장을 예측하려면 RAM이 적어도 얼마나 필요한가요?
# 이미지 50장의 미니배치로 훈련할 때는요?
#
# **파라미터 수.** 케라스로 만들어 ``count_params()``\ 로 세고, 손으로도 셉니다. 필터 하나는 입력 채널마다
# 3×3개의 가중치와 편향 하나를 가지므로 층의 파라미터는 ``(3 × 3 × 입력 채널 + 1) × 필터 수``\ 입니다.
from cnn_vision.conv_math import conv_output_size

cnn = tf.keras.Sequential([
    tf.keras.Input(shape=[200, 300, 3]),
    tf.keras.layers.Conv2D(100, 3, strides=2, padding="same", activation="relu"),
    tf.keras.layers.Conv2D(200, 3, strides=2, padding="same", activation="relu"),
    tf.keras.layers.Conv2D(400, 3, strides=2, padding="same", activation="relu"),
])

channels = [3, 100, 200, 400]
params_by_hand = [(3 * 3 * c_in + 1) * c_out for c_in, c_out in zip(channels[:-1], channels[1:])]
for layer, by_hand in zip(cnn.layers, params_by_hand):
    print(f"{layer.name:10} 출력 {layer.output.shape[1:]}, 파라미터 {layer.count_params():>7,}개 "
          f"(손으로 {by_hand:,})")
    assert layer.count_params() == by_hand
total_params = cnn.count_params()
print(f"모두 {total_params:,}개 = 손으로 센 {' + '.join(f'{n:,}' for n in params_by_hand)}")
assert total_params == sum(params_by_hand)

# %%
# **출력 크기.** ``"same"`` 패딩에 스트라이드 2이면 출력의 높이와 너비는 입력의 절반을 올림한 값입니다
# (:func:`cnn_vision.conv_math.conv_output_size`). 케라스가 만든 출력 모양과 같은지 확인합니다.
size = [200, 300]
shapes = []
for layer, filters in zip(cnn.layers, channels[1:]):
    size = [int(n) for n in conv_output_size(size, 3, strides=2, padding="same")[0]]
    shapes.append((*size, filters))
    assert tuple(layer.output.shape[1:]) == shapes[-1]
print("층마다의 출력(높이, 너비, 특성 맵 수):", shapes)

# %%
# **예측할 때의 메모리.** 32비트 실수 하나는 4바이트입니다. 층의 출력이 차지하는 메모리는 출력 모양의
# 곱 × 4바이트입니다. 예측할 때는 다음 층을 계산하고 나면 앞 층의 출력을 버릴 수 있으므로, 가장 잘
# 짠 구현이라도 한순간에 들고 있어야 하는 것은 **이웃한 두 층의 출력**\ (입력 이미지도 하나의 '층'으로
# 칩니다)과 모든 파라미터입니다. 그중 가장 큰 경우가 예측에 필요한 최소 메모리입니다.
BYTES = 4  # float32
MB = 1e6

input_bytes = 200 * 300 * 3 * BYTES
layer_bytes = [int(np.prod(shape)) * BYTES for shape in shapes]
param_bytes = total_params * BYTES
for shape, nbytes in zip(shapes, layer_bytes):
    print(f"출력 {shape}: {nbytes / MB:.2f} MB")
print(f"입력 이미지 한 장: {input_bytes / MB:.2f} MB, 파라미터: {param_bytes / MB:.2f} MB")

outputs_in_order = [input_bytes] + layer_bytes
peak_pair = max(a + b for a, b in zip(outputs_in_order[:-1], outputs_in_order[1:]))
inference_bytes = peak_pair + param_bytes
print(f"이웃한 두 층 출력의 최대 {peak_pair / MB:.2f} MB + 파라미터 {param_bytes / MB:.2f} MB "
      f"= 예측에 적어도 {inference_bytes / MB:.2f} MB")

# %%
# **훈련할 때의 메모리.** 역전파는 정방향에서 계산한 모든 층의 출력을 역방향 계산이 끝날 때까지
# 들고 있어야 합니다. 그래서 이미지 한 장의 모든 층 출력의 합에 배치 크기 50을 곱하고, 입력 이미지
# 50장과 파라미터를 더합니다.
BATCH = 50
activations = BATCH * sum(layer_bytes)
inputs = BATCH * input_bytes
training_bytes = activations + inputs + param_bytes
print(f"층 출력 {activations / MB:.1f} MB + 입력 {inputs / MB:.1f} MB + 파라미터 "
      f"{param_bytes / MB:.2f} MB = 훈련에 적어도 {training_bytes / MB:.1f} MB")

# %%
# **'적어도'가 빼놓은 것.** 위의 수는 아무것도 낭비하지 않는 구현의 바닥입니다. 실제로는 다음이 더
# 듭니다.
#
# - **그레이디언트**: 파라미터마다 :term:`그레이디언트`\ 가 하나씩 있습니다(파라미터와 같은 크기). 역전파
#   중에는 층 출력에 대한 그레이디언트도 한 층씩 생깁니다.
# - **옵티마이저 상태**: 모멘텀은 파라미터마다 값 하나, Adam은 두 개(1차·2차 모멘트)를 더 둡니다.
# - **프레임워크와 연산의 부담**: 텐서플로 런타임과 GPU 드라이버(CUDA 컨텍스트)가 기본으로 수백 MB를
#   쓰고, 합성곱 알고리즘이 쓰는 작업 공간, 메모리 할당기의 조각남, 활성화 함수 앞뒤의 값을 따로 두는
#   구현도 있습니다.
#
# 그레이디언트가 파라미터와 같은 모양이라는 것과 Adam이 파라미터마다 두 값을 더 둔다는 것은 바로
# 확인할 수 있습니다. 이미지 두 장으로 한 단계를 훈련해 봅니다(메모리를 보려는 것이라 작은 배치로
# 충분합니다).
images = tf.random.uniform([2, 200, 300, 3])
with tf.GradientTape() as tape:
    loss = tf.reduce_mean(cnn(images, training=True) ** 2)
gradients = tape.gradient(loss, cnn.trainable_variables)
gradient_values = sum(int(np.prod(g.shape)) for g in gradients)
optimizer = tf.keras.optimizers.Adam()
optimizer.apply_gradients(zip(gradients, cnn.trainable_variables))
slot_values = sum(int(np.prod(v.shape)) for v in optimizer.variables
                  if "momentum" in v.path or "velocity" in v.path)
print(f"그레이디언트 값 {gradient_values:,}개({gradient_values * BYTES / MB:.2f} MB), "
      f"Adam 상태 값 {slot_values:,}개({slot_values * BYTES / MB:.2f} MB)")
assert gradient_values == total_params and slot_values == 2 * total_params
print(f"이것만 더해도 훈련에 {(training_bytes + (gradient_values + slot_values) * BYTES) / MB:.1f} MB")

# %%
# 이 계산은 :ref:`sphx_glr_auto_examples_03_architectures_plot_03_resnet34.py` 의 파라미터 수 세기와,
# :ref:`sphx_glr_auto_examples_01_convolution_plot_02_conv_layer.py` 의 출력 크기 계산으로 이어집니다.
#
# 3. GPU 메모리가 모자랄 때 해 볼 다섯 가지
# -----------------------------------------
# **문제.** CNN을 훈련하다 GPU 메모리가 부족하다는 오류가 났습니다. 해 볼 수 있는 방법 다섯 가지는?
#
# **답.**
#
# 1. 미니배치 크기를 줄입니다.
# 2. 앞쪽 층 하나 이상에서 스트라이드를 키워 특성 맵의 크기를 줄입니다.
# 3. 층을 하나 이상 뺍니다.
# 4. 32비트 대신 16비트 실수를 씁니다(혼합 정밀도).
# 5. 모델이나 배치를 여러 장치에 나눕니다(예: 배치를 나누는 ``tf.distribute.MirroredStrategy``\ 는
#    :ref:`sphx_glr_auto_examples_05_transfer_learning_plot_02_fine_tuning.py` 에 있습니다).
#
# 2번 문제의 계산으로 앞의 네 가지가 훈련 메모리의 바닥을 얼마나 줄이는지 봅니다. 빠진 항목(그레이디언트
# 등)이 있으니 실제로 줄어드는 양은 이와 다를 수 있습니다. 혼합 정밀도를 이 사이트가
# CPU에서 어떻게 다루는지는 :doc:`/performance` 에 있습니다.


def training_memory(filters=(100, 200, 400), strides=(2, 2, 2), batch=50, bytes_per_value=4):
    size, c_in, values, activation_values = [200, 300], 3, 0, 0
    for c_out, stride in zip(filters, strides):
        values += (3 * 3 * c_in + 1) * c_out
        size = [int(n) for n in conv_output_size(size, 3, strides=stride, padding="same")[0]]
        activation_values += size[0] * size[1] * c_out
        c_in = c_out
    inputs = 200 * 300 * 3
    return (batch * (activation_values + inputs) + values) * bytes_per_value


baseline = training_memory()
assert abs(baseline - training_bytes) < 1  # 2번 문제와 같은 계산입니다
variants = {
    "그대로": baseline,
    "1. 배치 50 → 25": training_memory(batch=25),
    "2. 첫 층의 스트라이드 2 → 4": training_memory(strides=(4, 2, 2)),
    "3. 세 번째 층 빼기": training_memory(filters=(100, 200), strides=(2, 2)),
    "4. 16비트 실수": training_memory(bytes_per_value=2),
}
for name, nbytes in variants.items():
    print(f"{name:24} {nbytes / MB:7.1f} MB ({nbytes / baseline:.0%})")
assert all(nbytes < baseline for name, nbytes in variants.items() if name != "그대로")

# %%
# 4. 같은 스트라이드의 합성곱 층 대신 최대 풀링 층을 쓰는 이유
# ------------------------------------------------------------
# **문제.** 스트라이드가 같은 합성곱 층이 아니라 최대 풀링 층을 넣는 이유는?
#
# **답.** 최대 풀링 층에는 파라미터가 하나도 없고 계산도 훨씬 적습니다. 창 안의 최댓값을 고를 뿐이라
# 곱셈이 없고, 채널마다 따로 계산하므로 채널 수에 비례해서만 늘어납니다. 같은 창과 스트라이드의 합성곱
# 층은 출력 값마다 창 × 입력 채널 수만큼 곱하고 더해야 하고, 그만큼의 가중치를 배워야 합니다. 또 최대
# 풀링은 작은 이동에 덜 민감해집니다(:term:`이동 불변성`).
#
# 2번 문제의 첫 층 출력과 같은 100×150×100 입력에서 2×2 최대 풀링과, 창이 같은(2×2, 스트라이드 2)
# 필터 100개의 합성곱 층을 잽니다. 연산량(FLOPs)은 텐서플로의 프로파일러가 그래프의 연산마다 세는
# 부동소수점 연산 수이고, 시간은 이미지 8장을 여러 번 통과시킨 평균입니다.
pool_input_shape = (1, 100, 150, 100)
max_pool = tf.keras.layers.MaxPool2D(pool_size=2)
strided_conv = tf.keras.layers.Conv2D(100, kernel_size=2, strides=2)
max_pool.build(pool_input_shape)
strided_conv.build(pool_input_shape)


def count_flops(layer, input_shape):
    graph = tf.function(layer).get_concrete_function(
        tf.TensorSpec(input_shape, tf.float32)).graph
    options = tf.compat.v1.profiler.ProfileOptionBuilder.float_operation()
    options["output"] = "none"
    # 텐서플로 1 시절의 API라 사용 중단 안내를 로그로 남기므로, 세는 동안만 로그를 줄입니다.
    logger, level = tf.get_logger(), tf.get_logger().level
    logger.setLevel("ERROR")
    try:
        return tf.compat.v1.profiler.profile(graph=graph, options=options).total_float_ops
    finally:
        logger.setLevel(level)


def mean_seconds(layer, inputs, repeats):
    call = tf.function(layer)
    call(inputs)  # 그래프를 만드는 첫 호출은 빼고 잽니다
    start = time.perf_counter()
    for _ in range(repeats):
        call(inputs).numpy()
    return (time.perf_counter() - start) / repeats


REPEATS = profile.pick(smoke=2, docs=10, full=30)
batch_of_maps = tf.random.uniform([8, 100, 150, 100])
measured = {}
for name, layer in [("최대 풀링 2×2", max_pool), ("합성곱 2×2, 스트라이드 2", strided_conv)]:
    measured[name] = (layer.count_params(), count_flops(layer, pool_input_shape),
                      mean_seconds(layer, batch_of_maps, REPEATS))
    params, flops, seconds = measured[name]
    print(f"{name:24} 파라미터 {params:>6,}개, 이미지 한 장에 {flops / 1e6:8.2f} MFLOPs, "
          f"8장에 {seconds * 1000:6.1f} ms")
(pool_params, pool_flops, pool_seconds), (conv_params, conv_flops, conv_seconds) = measured.values()
print(f"합성곱 층은 연산이 {conv_flops / pool_flops:.0f}배, 이 컴퓨터에서 시간은 "
      f"{conv_seconds / pool_seconds:.1f}배입니다.")
assert pool_params == 0 and conv_params == 2 * 2 * 100 * 100 + 100
assert conv_flops > 100 * pool_flops

# %%
# 프로파일러의 수는 손으로 센 값과 같습니다. 최대 풀링은 출력 값마다 창의 네 값을 보고, 합성곱은 출력
# 값마다 곱셈과 덧셈을 2×2×100번씩 하고 편향을 더합니다.
outputs = 50 * 75 * 100
assert pool_flops == 4 * outputs
assert conv_flops == 2 * (2 * 2 * 100) * outputs + outputs
print(f"출력 값 {outputs:,}개: 풀링 4 × {outputs:,}, 합성곱 (2 × 400 + 1) × {outputs:,}")

# %%
# 최대 풀링이 하는 일은 :ref:`sphx_glr_auto_examples_02_pooling_plot_01_max_pooling.py` 에 있습니다.
#
# 5. 지역 응답 정규화 층은 언제 쓰나
# ----------------------------------
# **문제.** :term:`지역 응답 정규화` 층은 언제 추가하나요?
#
# **답.** 지역 응답 정규화(local response normalization, LRN)는 같은 위치에서 강하게 활성화된 뉴런이
# 이웃한 특성 맵의 뉴런을 억누르게 합니다. 특성 맵들이 서로 다른 특성을 맡도록(특화되도록) 밀어 주어
# 일반화에 도움이 된다고 보고, AlexNet과 GoogLeNet이 앞쪽 층 뒤에 넣었습니다. 그런 구조를 재현하거나
# 특성 맵끼리의 경쟁을 원할 때 넣습니다. 요즘 모델은 대부분 :term:`배치 정규화`\ 를 씁니다.
#
# 텐서플로의 ``tf.nn.local_response_normalization``\ 이 책의 식
# :math:`b_i = a_i \left(k + \alpha \sum_{j} a_j^2\right)^{-\beta}` (합은 :math:`i` 주위
# ``depth_radius``\ 개의 특성 맵)와 같은지, 그리고 이웃 채널의 큰 활성화가 한 채널의 출력을 줄이는지
# 확인합니다.
RADIUS, BIAS, ALPHA, BETA = 2, 1.0, 1e-3, 0.75
activations = np.ones((1, 1, 1, 7), dtype=np.float32)
activations[..., 4] = 30.0  # 채널 4만 크게 활성화
normalized = tf.nn.local_response_normalization(activations, depth_radius=RADIUS, bias=BIAS,
                                                alpha=ALPHA, beta=BETA).numpy()[0, 0, 0]
by_formula = [activations[0, 0, 0, i] * (BIAS + ALPHA * np.sum(
    activations[0, 0, 0, max(0, i - RADIUS):i + RADIUS + 1] ** 2)) ** -BETA for i in range(7)]
assert np.allclose(normalized, by_formula, rtol=1e-5)
print("입력      ", activations[0, 0, 0])
print("LRN 출력  ", np.round(normalized, 3))
print(f"채널 4에서 2칸 안의 채널(2, 3, 5, 6)은 {normalized[2]:.3f}, 먼 채널(0)은 {normalized[0]:.3f}")
assert normalized[2] < normalized[0]

# %%
# 6. 유명한 구조들의 새로운 점
# ----------------------------
# **문제.** LeNet-5에 비해 AlexNet의 주된 혁신은? GoogLeNet, ResNet, SENet, Xception, EfficientNet의 주된
# 혁신은?
#
# **답.**
#
# - **AlexNet**: 훨씬 크고 깊으며, 풀링 층 없이 합성곱 층을 바로 겹쳐 쌓았습니다. :term:`드롭아웃`,
#   :term:`데이터 증식`, ReLU, 지역 응답 정규화를 쓰고 GPU로 훈련했습니다.
# - **GoogLeNet**: 인셉션 모듈. 1×1 합성곱으로 채널을 줄인 뒤(병목) 크기가 다른 합성곱을 나란히
#   적용해 여러 크기의 패턴을 한꺼번에 잡습니다. 훨씬 깊으면서도 파라미터는 AlexNet보다 훨씬 적습니다.
# - **ResNet**: :term:`스킵 연결`\ 로 :term:`잔차 학습`\ 을 합니다. 신호와 그레이디언트가 층을 건너뛰어
#   흐르므로 100층이 넘는 신경망도 훈련됩니다.
# - **SENet**: 인셉션 모듈이나 잔차 유닛 뒤에 SE 블록을 붙입니다. 특성 맵마다 평균을 내고(squeeze)
#   작은 밀집 층 두 개로 특성 맵마다 0~1 배율을 계산해(excitation) 특성 맵을 다시 조정합니다.
# - **Xception**: 인셉션 모듈을 :term:`깊이별 분리 합성곱 층`\ 으로 바꿉니다. 공간 패턴(채널마다의
#   합성곱)과 채널 사이의 패턴(1×1 합성곱)을 따로 배워 파라미터와 계산을 크게 줄입니다.
# - **EfficientNet**: 깊이, 너비(채널 수), 입력 해상도를 정해진 비율로 함께 키우는 복합 스케일링으로,
#   같은 계산량에서 더 정확한 모델을 만듭니다.
#
# 파라미터를 줄인다는 두 주장(1×1 병목, 깊이별 분리 합성곱)과 SE 블록이 작다는 것을 세어 봅니다.
# 입력은 채널 256개의 특성 맵입니다.
feature_maps = (None, 28, 28, 256)
counts = {}
for name, layers in {
    "3×3 합성곱(필터 256)": [tf.keras.layers.Conv2D(256, 3, padding="same")],
    "1×1 병목(64) + 3×3 합성곱(256)": [tf.keras.layers.Conv2D(64, 1),
                                      tf.keras.layers.Conv2D(256, 3, padding="same")],
    "깊이별 분리 3×3 합성곱(256)": [tf.keras.layers.SeparableConv2D(256, 3, padding="same")],
}.items():
    block = tf.keras.Sequential([tf.keras.Input(shape=feature_maps[1:]), *layers])
    counts[name] = block.count_params()
    print(f"{name:30} 파라미터 {counts[name]:>7,}개")
regular = counts["3×3 합성곱(필터 256)"]
assert all(count < regular / 3 for name, count in counts.items() if count != regular)

inputs = tf.keras.Input(shape=feature_maps[1:])
squeeze = tf.keras.layers.GlobalAveragePooling2D()(inputs)
excitation = tf.keras.layers.Dense(256 // 16, activation="relu")(squeeze)
excitation = tf.keras.layers.Dense(256, activation="sigmoid")(excitation)
outputs = inputs * excitation[:, tf.newaxis, tf.newaxis, :]
se_block = tf.keras.Model(inputs, outputs)
print(f"SE 블록(줄임 비율 16): 파라미터 {se_block.count_params():,}개 "
      f"(3×3 합성곱 층의 {se_block.count_params() / regular:.1%})")

# %%
# LeNet-5는 :ref:`sphx_glr_auto_examples_03_architectures_plot_02_lenet5.py`, ResNet은
# :ref:`sphx_glr_auto_examples_03_architectures_plot_03_resnet34.py` 와
# :ref:`sphx_glr_auto_examples_04_pretrained_plot_01_resnet50.py`, Xception은
# :ref:`sphx_glr_auto_examples_05_transfer_learning_plot_02_fine_tuning.py` 에서 실행합니다. GoogLeNet과
# Xception이 마지막에 쓰는 :term:`전역 평균 풀링`\ 은
# :ref:`sphx_glr_auto_examples_02_pooling_plot_03_global_average_pooling.py` 에 있습니다.
#
# 7. 완전 합성곱 신경망과, 밀집 층을 합성곱 층으로 바꾸는 법
# ----------------------------------------------------------
# **문제.** :term:`완전 합성곱 신경망`\ 이란? 밀집 층을 합성곱 층으로 어떻게 바꾸나요?
#
# **답.** 완전 합성곱 신경망(FCN)은 합성곱 층과 풀링 층으로만 이루어진 신경망입니다. 그래서 어떤
# 크기의 이미지든 받고, 큰 이미지에서는 위치마다의 출력(점수 지도)을 한 번에 냅니다. 특성 맵 위의 밀집
# 층은 필터 수가 뉴런 수와 같고 커널 크기가 입력 특성 맵의 크기와 같은 ``"valid"`` 합성곱 층으로 바꿉니다.
# 밀집 층의 가중치 행렬을 커널 모양으로 ``reshape`` 하기만 하면 됩니다. 그 뒤의 밀집 층은 1×1 합성곱
# 층이 됩니다.
#
# 7×7×8 특성 맵 위의 뉴런 10개짜리 밀집 층으로 확인합니다.
dense_on_maps = tf.keras.layers.Dense(10)
dense_on_maps.build((None, 7 * 7 * 8))
as_conv = tf.keras.layers.Conv2D(10, kernel_size=7, padding="valid")
as_conv.build((None, 7, 7, 8))
kernel, bias = dense_on_maps.get_weights()
as_conv.set_weights([kernel.reshape(7, 7, 8, 10), bias])

maps_7x7 = tf.random.uniform([3, 7, 7, 8])
by_dense = dense_on_maps(tf.reshape(maps_7x7, [3, -1]))
by_conv = as_conv(maps_7x7)
print(f"출력 모양: 밀집 층 {by_dense.shape}, 합성곱 층 {by_conv.shape}; 최대 차이 "
      f"{np.abs(by_dense - by_conv[:, 0, 0]).max():.1e}")
assert np.allclose(by_dense, by_conv[:, 0, 0], atol=1e-5)
print(f"더 큰 14×20 특성 맵에서는 점수 지도가 나옵니다: {as_conv(tf.zeros([1, 14, 20, 8])).shape}")

# %%
# 진짜 분류기로 같은 변환을 하고 큰 이미지에서 점수 지도를 그리는 과정은
# :ref:`sphx_glr_auto_examples_07_fully_convolutional_plot_01_dense_to_conv.py` 에 있습니다.
#
# 8. 의미 분할의 주된 기술적 어려움
# ---------------------------------
# **문제.** :term:`의미 분할`\ 의 주된 기술적 어려움은 무엇인가요?
#
# **답.** 픽셀마다 클래스를 내야 하는데, 보통의 CNN은 스트라이드가 1보다 큰 층과 풀링을 지나며 공간
# 해상도를 잃습니다. 출력이 입력보다 몇 배나 작아서, 어느 픽셀이 어느 객체인지 정확한 경계를 잃어버립니다.
# 그래서 :term:`전치 합성곱 층` 같은 업샘플링으로 출력을 다시 키우고, 앞쪽 층의 세밀한 정보를 스킵
# 연결로 가져와 경계를 되살립니다.
#
# 2번 문제의 신경망만 해도 출력의 한 칸이 입력의 몇 픽셀을 덮는지 계산해 봅니다.
height_ratio = 200 / shapes[-1][0]
width_ratio = 300 / shapes[-1][1]
print(f"입력 200×300 → 출력 {shapes[-1][0]}×{shapes[-1][1]}: 출력 한 칸이 입력의 약 "
      f"{height_ratio:.0f}×{width_ratio:.1f} 픽셀을 대표합니다")
upsample = tf.keras.layers.Conv2DTranspose(10, kernel_size=16, strides=8, padding="same")
restored = upsample(cnn(tf.zeros([1, 200, 300, 3])))
print(f"스트라이드 8의 전치 합성곱은 이 출력을 {tuple(restored.shape[1:3])} 크기로 되돌립니다")
assert tuple(restored.shape[1:3]) == (200, 304)

# %%
# 300을 8로 세 번 나누며 올림했기 때문에 너비는 304가 되어 잘라 내야 합니다. 업샘플링의 계산은
# :ref:`sphx_glr_auto_examples_10_segmentation_plot_01_transposed_convolution.py` 에, 스킵 연결로 경계를
# 되살리는 U-Net은 :ref:`sphx_glr_auto_examples_10_segmentation_plot_02_unet_segmentation.py` 에
# 있습니다.
#
# 정리
# ----
# - 합성곱 층은 연결을 지역적으로 두고 가중치를 나눠 써서, 같은 입력에 밀집 층보다 파라미터가 수천 배
#   적고, 위치가 바뀐 패턴도 같은 필터로 찾습니다.
# - 2번 문제의 CNN은 파라미터가 위에 출력한 수만큼이고, 메모리의 바닥은 출력 모양과 4바이트로
#   계산됩니다. 실제 훈련은 그레이디언트와 옵티마이저 상태, 프레임워크의 몫만큼 더 듭니다.
# - 최대 풀링은 파라미터가 없고 같은 스트라이드의 합성곱보다 연산이 백 배 넘게 적습니다(4번의 측정).
print(f"이 페이지 전체: {time.perf_counter() - page_start:.1f}초")
