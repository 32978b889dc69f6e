r"""
==================================
LeNet-5를 케라스로 다시 만들기
==================================

LeNet-5는 얀 르쿤(Yann LeCun)이 1998년에 발표한, 손글씨 숫자(MNIST)를 인식하는 CNN입니다.
:term:`합성곱 층`\ 과 :term:`풀링 층`\ 을 번갈아 쌓고 마지막에 :term:`밀집 층`\ 을 두는, 지금도 쓰이는 CNN
구조의 원형입니다. 이 페이지에서는 논문의 :term:`층` 구성을 표로 정리하고, 요즘 케라스로 옮길 때 무엇을
바꾸는지 설명한 다음, 그 모델을 패션 MNIST에 훈련해 테스트 :term:`정확도`\ 를 봅니다.
"""

# %%
# LeNet-5의 층 구성
# -----------------
# 표는 위에서부터 출력 쪽, 아래로 갈수록 입력 쪽입니다(논문의 그림 순서를 뒤집은 것).
#
# .. list-table::
#    :header-rows: 1
#    :widths: 8 22 10 12 14 12 12
#
#    * - 층
#      - 종류
#      - 맵 수
#      - 크기
#      - :term:`커널` 크기
#      - :term:`스트라이드`
#      - :term:`활성화 함수`
#    * - Out
#      - 밀집 층(fully connected)
#      - –
#      - 10
#      - –
#      - –
#      - RBF
#    * - F6
#      - 밀집 층
#      - –
#      - 84
#      - –
#      - –
#      - tanh
#    * - C5
#      - :term:`합성곱`\ (convolution)
#      - 120
#      - 1×1
#      - 5×5
#      - 1
#      - tanh
#    * - S4
#      - :term:`평균 풀링`\ (average pooling)
#      - 16
#      - 5×5
#      - 2×2
#      - 2
#      - tanh
#    * - C3
#      - 합성곱
#      - 16
#      - 10×10
#      - 5×5
#      - 1
#      - tanh
#    * - S2
#      - 평균 풀링
#      - 6
#      - 14×14
#      - 2×2
#      - 2
#      - tanh
#    * - C1
#      - 합성곱
#      - 6
#      - 28×28
#      - 5×5
#      - 1
#      - tanh
#    * - In
#      - 입력
#      - 1
#      - 32×32
#      - –
#      - –
#      - –
#
# 논문의 세부 사항 가운데 지금은 잘 쓰지 않는 것들이 있습니다.
#
# - **입력 크기**: MNIST 이미지는 28×28이지만, 네트워크에 넣기 전에 둘레를 0으로 채워 32×32로
#   만들고 정규화합니다. 그 뒤로는 어느 층도 패딩을 하지 않으므로, 층을 지날 때마다 :term:`특성 맵`\ 이
#   작아져 C5에서 1×1이 됩니다.
# - **풀링 층**: S2와 S4는 평균을 낸 뒤, 맵마다 하나씩 있는 학습 가능한 계수를 곱하고 맵마다
#   하나씩 있는 학습 가능한 :term:`편향`\ 을 더한 다음 활성화 함수를 적용합니다. 케라스의
#   ``AveragePooling2D``\ 는 평균만 냅니다.
# - **C3의 연결**: C3의 맵 대부분은 S2의 여섯 맵 전부가 아니라 서너 개 맵에만 연결됩니다
#   (`원본 논문 <https://homl.info/lenet5>`_ 8쪽의 표 1). 보통의 ``Conv2D``\ 는 모든 입력 맵에
#   연결됩니다.
# - **출력층**: 입력과 :term:`가중치`\ 를 곱하는 대신, 출력 뉴런마다 입력 벡터와 자신의 가중치 벡터
#   사이의 유클리드 거리의 제곱을 냅니다(RBF, radial basis function). 값이 작을수록 그 클래스에
#   가깝다는 뜻입니다.
#
# 케라스로 옮기기
# ---------------
# 층의 크기와 순서는 위 표를 그대로 따르고, 위의 세부 사항은 요즘 방식으로 바꿉니다.
#
# - ``ZeroPadding2D(2)``\ 로 28×28을 32×32로 만듭니다. 정규화는 픽셀 값을 255로 나눠 0~1
#   범위로 만드는 것으로 대신합니다.
# - 풀링 층은 평범한 ``AveragePooling2D``\ 입니다(계수, 편향, 활성화 함수 없음).
# - C3는 S2의 모든 맵에 연결합니다. :term:`파라미터`\ 가 조금 늘지만 구현이 단순해집니다.
# - 출력층은 RBF 대신 **소프트맥스** 를 쓰고 :term:`크로스 엔트로피`\ (cross entropy) 손실로 훈련합니다.
#   RBF 출력은 거리라서 확률로 읽을 수 없지만, 소프트맥스 출력은 합이 1인 클래스별 확률입니다.
#   크로스 엔트로피는 틀린 답을 확신할수록 손실이 훨씬 커지므로 :term:`그레이디언트`\ 가 크고 수렴이
#   빠릅니다. 그래서 지금은 분류 모델의 출력층으로 거의 항상 소프트맥스를 씁니다.
#
# C5는 표대로 **합성곱 층** 으로 둡니다. 입력이 5×5이고 커널도 5×5라서 출력이 1×1이 되므로 완전
# 연결 층과 계산은 같지만, 더 큰 이미지가 들어오면 1×1보다 큰 특성 맵을 내는 합성곱으로
# 동작합니다. 합성곱 층과 F6의 활성화 함수는 표대로 tanh입니다.
import time

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import plotting, profile
from cnn_vision.fashion_mnist import FASHION_MNIST_CLASS_NAMES_KO, ensure_fashion_mnist

plotting.set_book_style()
print(profile.describe())

tf.random.set_seed(42)  # 재현성을 위해
lenet5 = tf.keras.Sequential([
    tf.keras.Input(shape=[28, 28, 1]),
    tf.keras.layers.ZeroPadding2D(padding=2),                             # In: 32×32
    tf.keras.layers.Conv2D(6, kernel_size=5, activation="tanh"),          # C1: 28×28×6
    tf.keras.layers.AveragePooling2D(pool_size=2, strides=2),             # S2: 14×14×6
    tf.keras.layers.Conv2D(16, kernel_size=5, activation="tanh"),         # C3: 10×10×16
    tf.keras.layers.AveragePooling2D(pool_size=2, strides=2),             # S4: 5×5×16
    tf.keras.layers.Conv2D(120, kernel_size=5, activation="tanh"),        # C5: 1×1×120
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(84, activation="tanh"),                         # F6
    tf.keras.layers.Dense(10, activation="softmax"),                      # Out
])
lenet5.summary()

# %%
# 파라미터 수
# -----------
# 합성곱 층의 파라미터는 (커널 높이 × 너비 × 입력 맵 수 + 편향 1) × 맵 수, 밀집 층은
# (입력 수 + 1) × 뉴런 수입니다. 층마다 계산한 값과 케라스가 센 값을 나란히 봅니다.
for layer in lenet5.layers:
    if isinstance(layer, tf.keras.layers.Conv2D):
        kernel_h, kernel_w = layer.kernel_size
        in_maps = layer.input.shape[-1]
        formula = f"({kernel_h}×{kernel_w}×{in_maps} + 1) × {layer.filters}"
        by_hand = (kernel_h * kernel_w * in_maps + 1) * layer.filters
    elif isinstance(layer, tf.keras.layers.Dense):
        formula = f"({layer.input.shape[-1]} + 1) × {layer.units}"
        by_hand = (layer.input.shape[-1] + 1) * layer.units
    else:
        continue
    print(f"{layer.name:<10} {formula:<22} = {by_hand:>6,}  (케라스: {layer.count_params():,})")
print(f"전체 파라미터 수: {lenet5.count_params():,}")

# %%
# C3가 S2의 모든 맵에 연결되므로 C3의 파라미터는 논문의 1,516개보다 많은 2,416개입니다.
# 그래도 전체 모델은 6만 개 남짓으로, 앞 예제의 책의 CNN(140만 개)보다 훨씬 작습니다.
#
# 패션 MNIST 준비
# ---------------
# 책의 CNN 예제와 같은 방법으로 데이터를 준비합니다.
# :func:`~cnn_vision.fashion_mnist.ensure_fashion_mnist` 는 케라스 캐시에 파일이 없을 때 로컬 사본(데비안
# 패키지 ``dataset-fashion-mnist`` 등)을 확인해서 넣어 두므로, 인터넷이 없어도 책의 코드
# ``tf.keras.datasets.fashion_mnist.load_data()``\ 가 그대로 동작합니다.
print(ensure_fashion_mnist().describe())

fashion_mnist = tf.keras.datasets.fashion_mnist.load_data()
(X_train_full, y_train_full), (X_test, y_test) = fashion_mnist
X_train_full = np.expand_dims(X_train_full, axis=-1).astype(np.float32) / 255
X_test = np.expand_dims(X_test, axis=-1).astype(np.float32) / 255
X_train, X_valid = X_train_full[:-5000], X_train_full[-5000:]
y_train, y_valid = y_train_full[:-5000], y_train_full[-5000:]

# %%
# 훈련 규모는 실행 프로필이 정합니다. smoke 프로필은 코드가 도는지만 보는 아주 작은 조각이고,
# docs 프로필(이 사이트)은 :term:`훈련 세트` 전체로 몇 :term:`에포크`\ 만 훈련합니다.
EPOCHS = profile.pick(smoke=1, docs=5, full=20)
TRAIN_SIZE = profile.pick(smoke=512, docs=len(X_train), full=len(X_train))
EVAL_SIZE = profile.pick(smoke=256, docs=len(X_test), full=len(X_test))
X_train, y_train = X_train[:TRAIN_SIZE], y_train[:TRAIN_SIZE]
X_valid, y_valid = X_valid[:EVAL_SIZE], y_valid[:EVAL_SIZE]
X_test, y_test = X_test[:EVAL_SIZE], y_test[:EVAL_SIZE]
print(f"훈련 {len(X_train):,}개, 검증 {len(X_valid):,}개, 테스트 {len(X_test):,}개, "
      f"{EPOCHS} 에포크")

# %%
# 훈련과 평가
# -----------
# 모델이 작아 한 스텝의 계산보다 스텝마다 드는 고정 비용이 커지므로, 배치를 책의 기본값(32)보다
# 큰 128로 잡습니다.
lenet5.compile(loss="sparse_categorical_crossentropy", optimizer="nadam",
               metrics=["accuracy"])
start = time.perf_counter()
history = lenet5.fit(X_train, y_train, epochs=EPOCHS, batch_size=128,
                     validation_data=(X_valid, y_valid), verbose=2)
train_seconds = time.perf_counter() - start
test_loss, test_accuracy = lenet5.evaluate(X_test, y_test, verbose=0)
print(f"훈련 시간: {train_seconds:.0f}초 ({EPOCHS} 에포크)")
print(f"LeNet-5 테스트 정확도: {test_accuracy:.2%}")
if profile.is_smoke():
    print("(smoke 프로필: 아주 작은 데이터로 잠깐 훈련했으므로 이 숫자는 의미가 없습니다)")

# %%
plotting.plot_learning_curves(history, title="LeNet-5 학습 곡선 (패션 MNIST)",
                              metrics=["loss", "accuracy"])
plt.show()

# %%
# C1이 본 것
# ----------
# 훈련된 C1의 여섯 :term:`필터`\ 가 테스트 이미지 한 장에서 만든 특성 맵입니다. 28×28 이미지를 32×32로
# 패딩한 뒤 패딩 없이 5×5 합성곱을 했으므로 특성 맵은 다시 28×28입니다.
class_names = FASHION_MNIST_CLASS_NAMES_KO
c1_model = tf.keras.Model(lenet5.inputs[0], lenet5.layers[1].output)
c1_maps = c1_model(X_test[:1]).numpy()[0]
images = [X_test[0, :, :, 0]] + [c1_maps[:, :, index] for index in range(6)]
titles = [f"입력: {class_names[y_test[0]]}"] + [f"C1 맵 {index}" for index in range(6)]
plotting.plot_image_grid(images, titles=titles, ncols=7, cmap="gray", image_size=2.2)
plt.show()

# %%
# 정리
# ----
# - LeNet-5는 합성곱(C1, C3, C5)과 평균 풀링(S2, S4)을 번갈아 쌓고 밀집 층(F6)과 출력층으로
#   끝나는, 파라미터 6만여 개의 작은 CNN입니다.
# - 케라스로 옮길 때 입력을 ``ZeroPadding2D``\ 로 32×32로 만들고, 풀링의 학습 가능한 계수와
#   C3의 부분 연결은 빼고, RBF 출력층을 소프트맥스 + 크로스 엔트로피로 바꿨습니다.
# - 앞 예제 :ref:`sphx_glr_auto_examples_03_architectures_plot_01_fashion_mnist_cnn.py` 의
#   더 깊은 CNN(ReLU, :term:`최대 풀링`, :term:`드롭아웃`)과 테스트 정확도를 견주어 보세요. 다음 예제
#   :ref:`sphx_glr_auto_examples_03_architectures_plot_03_resnet34.py` 에서는 훨씬 깊은
#   ResNet-34를 만듭니다.
