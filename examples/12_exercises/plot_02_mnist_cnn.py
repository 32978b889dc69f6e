r"""
=================================================
연습 문제 9: MNIST에서 높은 정확도를 내는 CNN
=================================================

연습 문제 9는 직접 CNN을 만들어 MNIST(손글씨 숫자 28×28 흑백 이미지 7만 장)에서 될 수 있는 한
높은 :term:`정확도`\ 를 내 보라는 문제입니다. 책의 답은 :term:`합성곱 층` 두 개, :term:`최대 풀링` 층 하나,
:term:`드롭아웃` 25%, :term:`밀집 층`, 드롭아웃 50%, :term:`출력층`\ 으로 이루어진 작은 모델이고, 10
:term:`에포크`\ 를 훈련하면 :term:`테스트 세트`\ 에서 약 99.2%의 정확도를 냅니다.

그보다 더(99.5~99.7%) 올리려면 :term:`데이터 증식`, :term:`배치 정규화`, 1사이클 같은 :term:`학습률 스케줄`,
여러 모델의 :term:`앙상블`\ 을 함께 써야 합니다. 이 페이지는 책의 모델을 훈련한 다음, 그중 세 가지(배치
정규화, 1사이클 스케줄, 두 모델의 앙상블)를 실제로 적용하고 같은 조건에서 잰 결과를 비교합니다.

이 페이지에서 배우는 것:

- 책의 MNIST 모델을 케라스 3로 만들고 훈련·평가하는 방법
- 1사이클 학습률 스케줄을 ``LearningRateSchedule``\ 로 직접 만드는 방법
- 배치 정규화(batch normalization)를 넣은 변형과 확률을 평균하는 앙상블
- MNIST를 구할 수 없는 컴퓨터에서 이 페이지가 무엇을 대신 쓰고, 그 숫자를 어떻게 읽어야 하는지
"""

# sphinx_gallery_thumbnail_number = 3

# %%
# 실행 규모
# ---------
# 책의 설정은 훈련 이미지 55,000장, 배치 크기 32, 10 에포크입니다. 이 모델은 두 번째 합성곱 층이
# 28×28 크기 그대로 64개의 :term:`특성 맵`\ 을 만들기 때문에 계산이 꽤 많아서, 이 사이트를 빌드하는 2코어
# CPU에서는 초당 약 280장을 훈련합니다. 책의 설정이면 모델 하나에 30분이 넘게 걸립니다.
#
# 그래서 ``docs`` 프로필은 훈련 이미지를 4,000장으로, 에포크를 3으로, 에포크마다 보는 검증
# 이미지를 1,000장으로 줄이고, 테스트는 10,000장 전부로 합니다. 두 모델을 훈련해도 몇 분이면
# 끝나지만, 정확도는 책보다 낮게 나옵니다. ``full`` 프로필은 책과 같은 규모(55,000장, 10 에포크)로
# 두 모델을 훈련하며 GPU에서 돌리기를 권합니다. ``smoke`` 프로필은 코드가 끝까지 도는지만 보는
# 점검용이라 그 숫자는 의미가 없습니다. 이 규모에서는 훈련 단계를 그래프로 바꾸는(트레이싱)
# 시간이 훈련보다 길어서 즉시 실행(``run_eagerly=True``)으로 돌립니다. 계산 결과는 같습니다.
import time

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import mnist, plotting, profile

# 데이터를 먼저 확인합니다(아래 "데이터 불러오기"에서 설명합니다). MNIST가 없어 대체 데이터로
# 계속하면 그 알림이 이 스크립트의 첫 출력이 됩니다.
mnist_data = mnist.load_mnist()

plotting.set_book_style()
print(profile.describe())

N_TRAIN = profile.pick(smoke=64, docs=4_000, full=None)  # None: 55,000장 전부
N_VALID = profile.pick(smoke=64, docs=1_000, full=None)  # None: 5,000장 전부
N_TEST = profile.pick(smoke=128, docs=None, full=None)  # None: 10,000장 전부
EPOCHS = profile.pick(smoke=1, docs=3, full=10)
RUN_EAGERLY = profile.pick(smoke=True, docs=False, full=False)
BATCH_SIZE = 32  # 책과 같습니다(fit()의 기본값)

# %%
# 데이터 불러오기
# ---------------
# 책은 ``tf.keras.datasets.mnist.load_data()``\ 로 MNIST를 불러옵니다. 이 함수는 케라스 캐시
# (``~/.keras/datasets/mnist.npz``)에서 파일을 찾고, 없으면 약 11MB를 내려받습니다. 인터넷이 없으면
# 바로 실패하고, MNIST를 담아 주는 시스템 패키지도 없습니다.
#
# :func:`cnn_vision.mnist.load_mnist` 는 케라스와 같은 파일을 같은 SHA-256으로 확인해서 같은 방법
# (``np.load``)으로 읽고, 같은 모양의 배열을 돌려줍니다. 파일이 없고 인터넷에도 접속되지 않으면
# 알림을 출력한 뒤 **대체 데이터**\ 로 진짜 패션 MNIST(Fashion-MNIST)를 불러옵니다. 이미지 크기
# (28×28 흑백)와 클래스 수(10개)가 같아서 아래 코드는 한 줄도 바뀌지 않지만, 옷과 신발 사진이라
# 숫자보다 훨씬 어려운 문제입니다. 그래서 출력에는 데이터셋 이름이, 그림에는
# ``[대체 데이터: 패션 MNIST]`` 표시가 붙고, 그 숫자는 책의 99.2%와 비교할 수 없습니다.
(X_train_full, y_train_full), (X_test, y_test) = mnist_data.arrays
label = mnist_data.label
class_names = mnist_data.class_names
print(f"데이터셋: {mnist_data.dataset_name}", "(MNIST 대신 쓰는 대체 데이터)" if mnist_data.standin else "")
print("훈련+검증:", X_train_full.shape, X_train_full.dtype, " 테스트:", X_test.shape)

# %%
# 책처럼 픽셀 값을 0~1로 바꾸고, 채널 축(흑백이라 1)을 붙이고, :term:`훈련 세트`\ 의 마지막 5,000장을
# :term:`검증 세트`\ 로 떼어 둡니다. 그다음 실행 규모에 맞게 앞에서부터 잘라 씁니다.
X_train_full = X_train_full[..., np.newaxis].astype(np.float32) / 255
X_test = X_test[..., np.newaxis].astype(np.float32) / 255
X_train, X_valid = X_train_full[:-5000], X_train_full[-5000:]
y_train, y_valid = y_train_full[:-5000], y_train_full[-5000:]

X_train, y_train = X_train[:N_TRAIN], y_train[:N_TRAIN]
X_valid, y_valid = X_valid[:N_VALID], y_valid[:N_VALID]
X_test, y_test = X_test[:N_TEST], y_test[:N_TEST]
print(f"이 실행에서 쓰는 이미지: 훈련 {len(X_train):,}장, 검증 {len(X_valid):,}장, "
      f"테스트 {len(X_test):,}장")

# %%
# 책의 모델
# ---------
# 3×3 합성곱 층 두 개(32개, 64개 :term:`필터`, ``"same"`` 패딩, ReLU, He 초기화) 뒤에 2×2 최대 풀링을
# 한 번 하고, 펼친 다음 드롭아웃 25%, 뉴런 128개의 밀집 층, 드롭아웃 50%, 10개 클래스의
# :term:`소프트맥스` 출력층을 놓습니다. 풀링이 한 번뿐이라 펼친 벡터가 14×14×64 = 12,544차원이고,
# :term:`파라미터` 대부분(약 160만 개)이 이 밀집 층에 있습니다. 케라스 3에서는 ``Sequential``\ 을
# ``tf.keras.Input``\ 으로 시작해 입력 크기를 정해 둡니다.
tf.keras.backend.clear_session()
tf.random.set_seed(42)
np.random.seed(42)

book_model = tf.keras.Sequential([
    tf.keras.Input(shape=(28, 28, 1)),
    tf.keras.layers.Conv2D(32, kernel_size=3, padding="same", activation="relu",
                           kernel_initializer="he_normal"),
    tf.keras.layers.Conv2D(64, kernel_size=3, padding="same", activation="relu",
                           kernel_initializer="he_normal"),
    tf.keras.layers.MaxPool2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dropout(0.25),
    tf.keras.layers.Dense(128, activation="relu", kernel_initializer="he_normal"),
    tf.keras.layers.Dropout(0.5),
    tf.keras.layers.Dense(10, activation="softmax"),
])
book_model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam",
                   metrics=["accuracy"], run_eagerly=RUN_EAGERLY)
print(f"책의 모델: 파라미터 {book_model.count_params():,}개")

# %%
# 책의 모델 훈련하기
# ------------------
# 책과 같이 ``nadam``\ 의 기본 학습률(0.001)로 훈련합니다. 테스트 정확도는 확률을 한 번 예측해
# 두고 계산합니다. 같은 확률을 아래의 앙상블에서 다시 씁니다.
start = time.perf_counter()
book_history = book_model.fit(X_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE,
                              validation_data=(X_valid, y_valid), verbose=2)
book_seconds = time.perf_counter() - start
book_proba = book_model.predict(X_test, verbose=0)
book_accuracy = np.mean(book_proba.argmax(axis=1) == y_test)
print(f"훈련 시간: {book_seconds:.0f}초")
print(f"책의 모델, {mnist_data.dataset_name} 테스트 정확도: {book_accuracy:.2%}")

# %%
# 더 높이려면
# -----------
# 99.2%에서 99.5~99.7%로 가려면 여러 기법을 함께 써야 합니다.
#
# - **데이터 증식**\ (data augmentation): 숫자를 조금씩 이동·회전·확대한 이미지로 훈련하면
#   모델이 위치와 기울기에 덜 민감해집니다. 손글씨 숫자는 좌우로 뒤집으면 다른 글자가 되므로
#   뒤집기는 쓰지 않습니다. 효과를 보려면 에포크가 많이 필요해서 이 페이지에서는 하지 않습니다.
#   증식 :term:`층`\ 을 파이프라인에 넣는 방법은 :ref:`꽃 데이터셋의 입력 파이프라인
#   <sphx_glr_auto_examples_05_transfer_learning_plot_01_flowers_pipeline.py>` 에 있습니다.
# - **배치 정규화**: 층마다 입력의 분포를 정규화해서 큰 학습률로도 안정적으로, 더 빨리 훈련되게
#   합니다.
# - **1사이클 학습률 스케줄**\ (1cycle schedule): 학습률을 처음에 올렸다가 내리고, 마지막에
#   아주 작게 줄입니다. 같은 에포크에서 고정 학습률보다 빨리, 더 좋은 곳에 수렴하는 경우가
#   많습니다.
# - **앙상블**\ (ensemble): 따로 훈련한 모델 여러 개의 예측 확률을 평균하면 모델마다 다른 실수가
#   서로 상쇄됩니다.
#
# 캐글의 MNIST 경연대회(Digit Recognizer) 순위표에는 99.79%보다 높은 점수도 있지만, 이런 점수는
# 공개된 MNIST 테스트 :term:`레이블`\ 로 훈련해서 얻었을 가능성이 높아 걸러서 봐야 한다는 것이 이 대회에서
# 널리 알려진 분석입니다(Chris Deotte의 토론 글). 책의 모델도 그런 점수를 빼고 보면 상위 20위 안에
# 드는 수준입니다.
#
# 아래에서는 배치 정규화, 1사이클 스케줄, 앙상블을 실제로 적용합니다.

# %%
# 1사이클 학습률 스케줄
# ---------------------
# 11장의 1사이클 스케줄을 스텝 단위의 ``LearningRateSchedule``\ 로 만듭니다. 전체 스텝의 앞쪽
# 45% 동안 학습률을 ``max_rate / 10``\ 에서 ``max_rate``\ 까지 직선으로 올리고, 다음 45% 동안
# 다시 ``max_rate / 10``\ 으로 내린 뒤, 마지막 10% 동안 ``max_rate / 1000``\ 까지 내립니다.
# :term:`옵티마이저`\ 는 스텝마다 이 객체를 불러 학습률을 얻습니다. ``get_config()``\ 가 있으면 모델을
# 저장하고 다시 불러올 수 있습니다.
class OneCycleSchedule(tf.keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self, max_rate, total_steps, last_fraction=0.1):
        self.max_rate = max_rate
        self.total_steps = total_steps
        self.last_fraction = last_fraction

    def __call__(self, step):
        step = tf.cast(step, tf.float32)
        start_rate, last_rate = self.max_rate / 10, self.max_rate / 1000
        half = (1 - self.last_fraction) * self.total_steps / 2
        rising = start_rate + (self.max_rate - start_rate) * step / half
        falling = self.max_rate - (self.max_rate - start_rate) * (step - half) / half
        final_steps = max(self.total_steps - 2 * half, 1)
        final = start_rate - (start_rate - last_rate) * (step - 2 * half) / final_steps
        final = tf.maximum(final, last_rate)
        return tf.where(step < half, rising, tf.where(step < 2 * half, falling, final))

    def get_config(self):
        return {"max_rate": self.max_rate, "total_steps": self.total_steps,
                "last_fraction": self.last_fraction}


steps_per_epoch = -(-len(X_train) // BATCH_SIZE)  # 올림 나눗셈
total_steps = EPOCHS * steps_per_epoch
one_cycle = OneCycleSchedule(max_rate=4e-3, total_steps=total_steps)

steps = np.arange(total_steps)
plt.figure(figsize=(8, 3.5))
plt.plot(steps, one_cycle(steps).numpy(), "b-", label="1사이클 (최대 0.004)")
plt.axhline(1e-3, color="gray", linestyle="--", label="책: nadam 기본값 0.001")
for epoch in range(1, EPOCHS):
    plt.axvline(epoch * steps_per_epoch, color="lightgray", linewidth=1)
plt.xlabel("훈련 스텝")
plt.ylabel("학습률")
plt.title(f"{EPOCHS} 에포크({total_steps:,} 스텝) 동안의 학습률")
plt.grid(True)
plt.legend()
plt.tight_layout()
plt.show()

# %%
# 배치 정규화를 넣은 모델
# -----------------------
# 구조는 책의 모델과 같고, 합성곱 층과 은닉 밀집 층마다 :term:`활성화 함수` 앞에 배치 정규화 층을
# 넣습니다. 배치 정규화가 평균을 빼고 자체의 이동 파라미터(beta)를 더하므로, 바로 앞 층의 :term:`편향`\ 은
# 쓸모가 없어 ``use_bias=False``\ 로 뺍니다. 배치 정규화 덕분에 학습률을 책의 네 배까지 올려도
# 훈련이 안정적입니다.
#
# 이 모델은 두 가지(배치 정규화와 1사이클 스케줄)를 한꺼번에 바꿨기 때문에, 아래 비교에서
# 각각의 효과를 따로 나눌 수는 없습니다.
tf.random.set_seed(42)

improved_model = tf.keras.Sequential([
    tf.keras.Input(shape=(28, 28, 1)),
    tf.keras.layers.Conv2D(32, kernel_size=3, padding="same", use_bias=False,
                           kernel_initializer="he_normal"),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Activation("relu"),
    tf.keras.layers.Conv2D(64, kernel_size=3, padding="same", use_bias=False,
                           kernel_initializer="he_normal"),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Activation("relu"),
    tf.keras.layers.MaxPool2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dropout(0.25),
    tf.keras.layers.Dense(128, use_bias=False, kernel_initializer="he_normal"),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Activation("relu"),
    tf.keras.layers.Dropout(0.5),
    tf.keras.layers.Dense(10, activation="softmax"),
])
improved_model.compile(loss="sparse_categorical_crossentropy",
                       optimizer=tf.keras.optimizers.Nadam(learning_rate=one_cycle),
                       metrics=["accuracy"], run_eagerly=RUN_EAGERLY)
print(f"배치 정규화 모델: 파라미터 {improved_model.count_params():,}개")

start = time.perf_counter()
improved_history = improved_model.fit(X_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE,
                                      validation_data=(X_valid, y_valid), verbose=2)
improved_seconds = time.perf_counter() - start
improved_proba = improved_model.predict(X_test, verbose=0)
improved_accuracy = np.mean(improved_proba.argmax(axis=1) == y_test)
print(f"훈련 시간: {improved_seconds:.0f}초")
print(f"배치 정규화 + 1사이클, {mnist_data.dataset_name} 테스트 정확도: {improved_accuracy:.2%}")

# %%
# 두 모델의 앙상블
# ----------------
# 두 모델이 예측한 클래스별 확률을 평균하고, 가장 큰 클래스를 고릅니다. 훈련은 더 하지 않습니다.
# 두 모델의 실력 차이가 크면 약한 모델이 평균을 끌어내릴 수도 있으므로, 앙상블이 언제나
# 더 나은 것은 아닙니다. 실제로 쓸 때는 같은 구조를 다른 시드로 여러 번 훈련해서 평균합니다.
ensemble_proba = (book_proba + improved_proba) / 2
ensemble_accuracy = np.mean(ensemble_proba.argmax(axis=1) == y_test)
print(f"두 모델의 앙상블, {mnist_data.dataset_name} 테스트 정확도: {ensemble_accuracy:.2%}")

# %%
# 결과 비교
# ---------
# 같은 데이터, 같은 에포크 수로 잰 결과입니다. 테스트 세트에서 틀린 이미지 수도 함께 봅니다.
results = {
    "책의 모델 (nadam, 학습률 0.001)": book_accuracy,
    "배치 정규화 + 1사이클": improved_accuracy,
    "두 모델의 앙상블": ensemble_accuracy,
}
print(f"{mnist_data.dataset_name} 테스트 세트 {len(y_test):,}장, "
      f"훈련 {len(X_train):,}장 × {EPOCHS} 에포크")
for name, accuracy in results.items():
    errors = round((1 - accuracy) * len(y_test))
    print(f"  정확도 {accuracy:7.2%}, 틀린 이미지 {errors:5,}장: {name}")
if mnist_data.standin:
    print("위 숫자는 패션 MNIST의 것입니다. 책의 99.2%(MNIST)와 비교할 수 없습니다.")
elif N_TRAIN is not None:
    print("훈련 이미지와 에포크를 줄였으므로 책의 99.2%보다 낮은 것이 정상입니다.")

# %%
# 학습 곡선
# ---------
# 에포크마다의 검증 정확도와 검증 손실입니다. 점선이 책의 모델, 실선이 배치 정규화 + 1사이클
# 모델입니다.
figure, axes = plt.subplots(1, 2, figsize=(12, 4.5))
epochs = np.arange(1, EPOCHS + 1)
for history, style, name in [(book_history, "s--", "책의 모델"),
                             (improved_history, "o-", "배치 정규화 + 1사이클")]:
    axes[0].plot(epochs, history.history["val_accuracy"], style, label=name)
    axes[1].plot(epochs, history.history["val_loss"], style, label=name)
for ax, ylabel in zip(axes, ["검증 정확도", "검증 손실"]):
    ax.set_xlabel("에포크")
    ax.set_ylabel(ylabel)
    ax.set_xticks(epochs)
    ax.grid(True)
    ax.legend()
figure.suptitle(f"{label}{mnist_data.dataset_name}: 두 모델의 학습 곡선")
figure.tight_layout()
plt.show()

# %%
# 테스트 이미지와 예측
# --------------------
# 앙상블이 테스트 이미지를 어떻게 예측했는지 봅니다. 앞의 10장과, 틀린 이미지 중 처음 5장입니다.
# 제목은 "예측 (정답)"이고 틀린 것은 빨간색입니다.
ensemble_pred = ensemble_proba.argmax(axis=1)
wrong = np.flatnonzero(ensemble_pred != y_test)[:5]
indices = np.concatenate([np.arange(10), wrong])
titles = [f"{class_names[ensemble_pred[i]]} ({class_names[y_test[i]]})" for i in indices]
figure = plotting.plot_image_grid(X_test[indices, :, :, 0], titles, ncols=5, cmap="binary",
                                  image_size=2.4,
                                  suptitle=f"{label}{mnist_data.dataset_name} 테스트 이미지: 예측 (정답)")
for ax, index in zip(figure.axes, indices):
    if ensemble_pred[index] != y_test[index]:
        ax.title.set_color("red")
plt.show()

# %%
# 정리
# ----
# - 책의 모델(:term:`합성곱` 두 개, 최대 풀링 하나, 드롭아웃 25%, 밀집 층, 드롭아웃 50%)은 MNIST 전체로
#   10 에포크를 훈련하면 약 99.2%를 냅니다. 이 페이지의 ``docs`` 규모(4,000장, 3 에포크)에서는
#   그보다 낮습니다. ``full`` 프로필이 책의 규모입니다.
# - 배치 정규화를 넣고 1사이클 학습률 스케줄로 훈련한 변형과, 두 모델의 확률을 평균한 앙상블을
#   같은 조건에서 재어 비교했습니다.
# - 99.5~99.7%까지 가려면 여기에 데이터 증식(이동·회전·확대)과 더 많은 에포크, 같은 구조를 여러
#   번 훈련한 앙상블을 더합니다.
# - MNIST가 없고 인터넷도 안 되는 컴퓨터에서는 패션 MNIST로 대신하고, 그 숫자에는
#   그림에 ``[대체 데이터: 패션 MNIST]`` 표시가 붙습니다. MNIST의 결과와 비교하면 안 됩니다.
