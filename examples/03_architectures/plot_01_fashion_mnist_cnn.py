r"""
==================================
CNN으로 패션 MNIST 분류하기
==================================

책의 CNN으로 진짜 패션 MNIST(Fashion-MNIST)를 분류합니다. 28×28 흑백 옷 이미지 7만 장(훈련
6만 장, 테스트 1만 장)을 10개 클래스로 나누는 문제입니다. 데이터를 준비하고,
:term:`합성곱 층`\ 과 :term:`최대 풀링` 층을 번갈아 쌓은 모델을 만들어 훈련한 뒤,
:term:`테스트 세트`\ 로 평가하고 새 이미지의 클래스를 예측해 봅니다.

책은 이 모델을 10 :term:`에포크` 훈련해 테스트 :term:`정확도` 91.17%를 얻습니다. 이 페이지(docs
프로필)는 모델 구조는 그대로 두고 훈련을 10분의 3(3 에포크)으로 줄입니다. 그 대신 훈련 방법 두
가지(워밍업 + 코사인 :term:`학습률 스케줄`, :term:`레이블 스무딩`)를 바꾸고, 속도를 위해 배치를 키워
책의 정확도에 닿습니다. 흔히 함께 쓰는 :term:`가중치`\ 의 :term:`지수 이동 평균`\ 이 여기서는 왜 도움이
되지 않는지도 봅니다. 무엇을 바꿨는지와 책의 결과와 어떻게 다른지는 페이지 끝에서 정리합니다.
"""

# %%
# 데이터 준비
# -----------
# 책은 ``tf.keras.datasets.fashion_mnist.load_data()``\ 로 데이터를 내려받습니다. 인터넷이 없는
# 곳에서도 이 줄이 그대로 동작하도록, :func:`~cnn_vision.fashion_mnist.ensure_fashion_mnist` 가 먼저
# 케라스 캐시를 확인하고 비어 있으면 로컬 사본(환경 변수 ``CNN_VISION_FASHION_MNIST_DIR`` 의
# 폴더나 데비안 패키지 ``dataset-fashion-mnist``)을 SHA-256으로 확인해서 넣어 둡니다. 로컬
# 사본이 없으면 아무것도 하지 않으므로 케라스가 평소처럼 내려받습니다.
import time

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import plotting, profile
from cnn_vision.fashion_mnist import FASHION_MNIST_CLASS_NAMES_KO, ensure_fashion_mnist

plotting.set_book_style()
print(profile.describe())
print(ensure_fashion_mnist().describe())

# %%
# 여기부터는 책의 코드입니다. 이미지에 채널 축을 추가하고(흑백이라 채널 하나), 픽셀 값을
# 0~1 범위로 바꾸고, :term:`훈련 세트`\ 의 마지막 5,000장을 :term:`검증 세트`\ 로 떼어 둡니다.
fashion_mnist = tf.keras.datasets.fashion_mnist.load_data()
(X_train_full, y_train_full), (X_test, y_test) = fashion_mnist
X_train_full = np.expand_dims(X_train_full, axis=-1).astype(np.float32) / 255
X_test = np.expand_dims(X_test.astype(np.float32), axis=-1) / 255
X_train, X_valid = X_train_full[:-5000], X_train_full[-5000:]
y_train, y_valid = y_train_full[:-5000], y_train_full[-5000:]
print("훈련:", X_train.shape, " 검증:", X_valid.shape, " 테스트:", X_test.shape)

# %%
# 클래스 이름은 한국어로 붙입니다(:data:`cnn_vision.fashion_mnist.FASHION_MNIST_CLASS_NAMES_KO`).
class_names = FASHION_MNIST_CLASS_NAMES_KO
plotting.plot_image_grid(
    X_train[:10, :, :, 0], titles=[class_names[label] for label in y_train[:10]],
    ncols=5, cmap="binary", image_size=2.4,
)
plt.show()

# %%
# 실행 규모
# ---------
# 책은 배치 크기 32, ``nadam``\ 의 기본 :term:`학습률`\ (0.001)로 10 에포크를 훈련합니다. ``full``
# 프로필은 이 설정을 그대로 따릅니다(입력 파이프라인만 아래의 ``tf.data``\ 입니다). docs
# 프로필(이 사이트)은 에포크를 3으로 줄이고, 아래 "책의 정확도를 10분의 3의 훈련으로"에서 설명하는
# 방법을 씁니다. smoke 프로필은 코드가 끝까지 도는지만 보는 아주 작은 조각입니다.
EPOCHS = profile.pick(smoke=1, docs=3, full=10)
BATCH_SIZE = profile.pick(smoke=64, docs=128, full=32)
TRAIN_SIZE = profile.pick(smoke=256, docs=len(X_train), full=len(X_train))
EVAL_SIZE = profile.pick(smoke=128, docs=len(X_test), full=len(X_test))

X_train, y_train = X_train[:TRAIN_SIZE], y_train[:TRAIN_SIZE]
X_valid, y_valid = X_valid[:EVAL_SIZE], y_valid[:EVAL_SIZE]
X_test_eval, y_test_eval = X_test[:EVAL_SIZE], y_test[:EVAL_SIZE]

steps_per_epoch = -(-len(X_train) // BATCH_SIZE)  # 올림 나눗셈
total_steps = EPOCHS * steps_per_epoch
print(f"{EPOCHS} 에포크 × {steps_per_epoch} 스텝, 배치 크기 {BATCH_SIZE}, "
      f"훈련 이미지 {len(X_train):,}장")

# %%
# 모델 만들기
# -----------
# 합성곱 층마다 같은 인자를 되풀이하지 않도록 ``functools.partial``\ 로 기본값을 정한
# ``DefaultConv2D``\ 를 만듭니다. 3×3 커널, ``"same"`` 패딩, ReLU 활성화 함수, He 초기화입니다.
#
# 구조는 책과 같습니다.
#
# - 첫 층은 큰 7×7 필터 64개를 씁니다. 입력 채널이 하나뿐이라 비용이 크지 않습니다.
# - 최대 풀링(max pooling)으로 크기를 절반으로 줄이고, 그때마다 필터 수를 두 배(128, 256)로
#   늘립니다. 위로 갈수록 저수준 특성을 조합하는 방법이 많아지기 때문입니다. 풀링 사이에는
#   합성곱 층을 두 개씩 둡니다.
# - 마지막 :term:`특성 맵`\ (3×3×256)을 펼쳐 :term:`밀집 층` 두 개(128, 64)에 넣고, :term:`과대적합`\ 을
#   줄이려고 각각 뒤에 50% :term:`드롭아웃`\ 을 둡니다. :term:`출력층`\ 은 10개 클래스의
#   :term:`소프트맥스`\ 입니다.
#
# 케라스 3에서는 첫 층에 ``input_shape``\ 를 주는 대신 ``tf.keras.Input``\ 으로 시작합니다.
# 계산은 책과 같은 float32 정밀도로 합니다.
from functools import partial

tf.random.set_seed(42)  # 재현성을 위해

DefaultConv2D = partial(tf.keras.layers.Conv2D, kernel_size=3, padding="same",
                        activation="relu", kernel_initializer="he_normal")
model = tf.keras.Sequential([
    tf.keras.Input(shape=[28, 28, 1]),
    DefaultConv2D(filters=64, kernel_size=7),
    tf.keras.layers.MaxPool2D(),
    DefaultConv2D(filters=128),
    DefaultConv2D(filters=128),
    tf.keras.layers.MaxPool2D(),
    DefaultConv2D(filters=256),
    DefaultConv2D(filters=256),
    tf.keras.layers.MaxPool2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(units=128, activation="relu", kernel_initializer="he_normal"),
    tf.keras.layers.Dropout(0.5),
    tf.keras.layers.Dense(units=64, activation="relu", kernel_initializer="he_normal"),
    tf.keras.layers.Dropout(0.5),
    tf.keras.layers.Dense(units=10, activation="softmax"),
])
model.summary()

# %%
# :term:`파라미터`\ 는 140만 개 남짓입니다. 대부분이 합성곱 층(특히 256개 필터의 두 층)에 있습니다.
print(f"전체 파라미터 수: {model.count_params():,}")

# %%
# 책의 정확도를 10분의 3의 훈련으로
# ----------------------------------
# 에포크만 10에서 3으로 줄이면 정확도도 떨어집니다. docs 프로필은 모델 구조와 데이터는 그대로
# 두고, 배치 크기와 훈련 방법 두 가지를 바꿉니다.
#
# **배치 크기: 속도를 위한 선택.** 배치 크기를 32에서 128로 키웁니다. 이것은 정확도를 올리는
# 방법이 아닙니다. 에포크 수가 같으면 배치가 네 배 큰 만큼 가중치를 갱신하는 횟수(스텝)가 4분의
# 1로 줄어듭니다. 대신 스텝마다 더 많은 이미지로 그레이디언트를 추정하므로 더 큰 학습률을 견디고,
# 스텝 하나에 더 많은 이미지를 한꺼번에 계산하므로 초당 처리하는 이미지가 늘어납니다. 많은 계산을
# 한꺼번에 하는 GPU에서는 보통 그 차이가 크지만, 코어가 두 개뿐인 CPU에서는 작습니다.
# :doc:`빌드 성능 </performance>` 페이지의 레시피 표에서 배치 128의 레시피들은 배치 32(책의
# 방법)보다 초당 이미지가 10% 미만으로만 많았습니다. 배치 크기만 바꾼 실행은 재지 않았으므로, 이
# 페이지의 정확도 가운데 얼마가 배치 크기 덕분인지는 말할 수 없습니다.
#
# **워밍업 + 코사인 학습률 스케줄.** 처음 10%의 스텝 동안 학습률을 0.0003에서 0.003까지 올린
# 다음, 코사인 곡선을 따라 0까지 내립니다. 큰 배치에는 큰 학습률이 어울리지만, 처음부터 크게
# 잡으면 무작위 초깃값에서 훈련이 불안정하므로 천천히 올립니다. 끝에서 학습률이 0에 가까워지면
# 적은 에포크로도 가중치가 안정된 곳에 자리 잡습니다.
warmup_steps = max(1, total_steps // 10)
warmup_cosine = tf.keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=3e-4, warmup_target=3e-3, warmup_steps=warmup_steps,
    decay_steps=total_steps - warmup_steps)
learning_rate = profile.pick(smoke=warmup_cosine, docs=warmup_cosine,
                             full=1e-3)  # 책: optimizer="nadam"의 기본 학습률

steps = np.arange(total_steps)
plt.figure(figsize=(6, 3.5))
if callable(learning_rate):
    plt.plot(steps, [float(learning_rate(step)) for step in steps])
    plt.axvline(warmup_steps, color="gray", linestyle=":", label="워밍업 끝")
    plt.legend()
else:  # full 프로필: 책처럼 고정된 학습률
    plt.plot(steps, np.full(total_steps, learning_rate))
plt.xlabel("스텝")
plt.ylabel("학습률")
plt.title(f"이 실행의 학습률({profile.current()} 프로필)")
plt.grid(True)
plt.show()

# %%
# **레이블 스무딩(label smoothing).** 정답을 원-핫 벡터(정답 클래스 1, 나머지 0) 그대로
# :term:`타깃`\ 으로 삼으면, 모델은 정답 확률을 1에 가깝게 만들려고 출력층이 소프트맥스에 넣는 값
# (:term:`로짓`)의 차이를 끝없이 키우며 지나치게 확신하게 됩니다. 레이블 스무딩은 타깃을 조금
# 누그러뜨립니다. 스무딩 0.1이면 타깃의 10%를 10개 클래스에 고르게 나눠, 정답 클래스의 타깃은
# 0.9 + 0.01 = 0.91, 나머지 클래스는 각각 0.01이 됩니다. 모델이 덜 확신하도록 붙잡는 일종의
# 규제라서, 훈련 세트에 과대적합하는 것을 줄여 줍니다. 이 페이지가 쓰는 케라스 3.15의
# ``SparseCategoricalCrossentropy``\ 에는 이 옵션이 없으므로(``label_smoothing`` 인자는
# ``CategoricalCrossentropy``\ 에만 있습니다) 레이블을 원-핫 벡터로 바꾸고
# ``CategoricalCrossentropy(label_smoothing=0.1)``\ 를 씁니다. 스무딩이 0이면(``full`` 프로필) 책의
# ``"sparse_categorical_crossentropy"``\ 와 같은 손실입니다.
import inspect

print("케라스 버전:", tf.keras.__version__)
assert "label_smoothing" not in inspect.signature(
    tf.keras.losses.SparseCategoricalCrossentropy).parameters  # 이 버전에서는 없습니다
LABEL_SMOOTHING = profile.pick(smoke=0.1, docs=0.1, full=0.0)
loss = tf.keras.losses.CategoricalCrossentropy(label_smoothing=LABEL_SMOOTHING)
Y_train = tf.one_hot(y_train, depth=10)
Y_valid = tf.one_hot(y_valid, depth=10)
smoothed = Y_train[0] * (1 - LABEL_SMOOTHING) + LABEL_SMOOTHING / 10
print(f"첫 훈련 이미지({class_names[y_train[0]]})의 타깃:", np.round(smoothed.numpy(), 2))

# %%
# **가중치의 지수 이동 평균은 왜 쓰지 않을까요?** 가중치는 미니배치마다 조금씩 흔들리므로, 훈련이
# 끝나는 순간의 가중치는 그 흔들림의 한 점일 뿐입니다. 가중치의 지수 이동 평균(EMA)은
# 스텝마다 ``평균 ← 0.995 × 평균 + 0.005 × 현재 가중치``\ 로 평균을 갱신합니다.
# 최근 스텝일수록 무게가 크고, 대략 마지막 1 / (1 − 0.995) = 200 스텝의 가중치가 평균의 대부분을
# 차지합니다. 학습률을 고정한 채 오래 훈련해 가중치가 최솟값 근처를 맴돌 때는 평균이 흔들림의
# 가운데에 가까워 마지막 가중치보다 정확한 경우가 많습니다. 케라스 :term:`옵티마이저`\ 에서는
# ``use_ema=True``\ 로 켜고, ``fit()``\ 이 끝날 때 평균 가중치가 모델에 복사됩니다.
#
# 이 레시피에서는 사정이 다릅니다. 3 에포크의 짧은 훈련에서 모델은 마지막까지 좋아지고 있고,
# 코사인 스케줄이 끝에서 학습률을 0 가까이 내려 마지막 가중치의 흔들림은 이미 작습니다. 그래서
# 지난 200 스텝을 섞은 평균은 덜 훈련된 가중치를 끌어들여 오히려 조금 나빠집니다. 같은 시드로
# 평균이 있을 때와 없을 때를 나란히 잰 결과(:doc:`빌드 성능 </performance>` 페이지)에서 모멘텀
# 0.995의 평균은 모든 시드에서 마지막 가중치보다 테스트 정확도가 낮았습니다. 더 짧게(약 100 스텝)
# 평균하는 모멘텀 0.99는 평균 없음과 시드 평균 0.1%p 안에서 같았고, 더 길게 평균하는 0.999는 훨씬
# 낮았습니다. 얻는 것이 없으므로 이 페이지는 평균을 끄고 둡니다. ``USE_EMA = True``\ 로 바꿔 직접
# 비교해 볼 수 있습니다.
USE_EMA = False
EMA_MOMENTUM = 0.995
print(f"가중치의 지수 이동 평균: {'켬' if USE_EMA else '끔'} (켜면 마지막 약 "
      f"{1 / (1 - EMA_MOMENTUM):.0f} 스텝을 평균, 에포크당 {steps_per_epoch} 스텝)")

# %%
# 입력 파이프라인
# ---------------
# 책은 넘파이 배열을 ``fit()``\ 에 바로 넘깁니다. 여기서는 ``tf.data``\ 로 한 번 감쌉니다.
#
# - ``cache()``\ 는 자기 앞까지 만든 원소를 첫 에포크에 메모리에 담아 두고 다음 에포크부터
#   다시 씁니다. ``batch()`` 앞에 있으므로 담기는 것은 배치가 아니라 (이미지, 타깃) 원소 하나하나입니다.
#   여기서는 원소가 이미 메모리의 배열이라 아끼는 계산이 거의 없지만, 파일을 읽거나 전처리가
#   무거운 파이프라인에서는 그 일을 에포크마다 되풀이하지 않게 해 줍니다.
# - ``shuffle()``\ 은 훈련 세트 전체 크기의 버퍼로 에포크마다 순서를 새로 섞습니다. 넘파이 배열을
#   넘길 때 ``fit()``\ 이 하던 일입니다. ``fit()``\ 의 ``shuffle`` 인자는 넘파이 배열에만 쓰이고
#   ``tf.data`` 데이터셋에는 아무 일도 하지 않습니다. 그래도 아래에서 ``shuffle=False``\ 를 주는
#   것은, 기본값 ``True``\ 를 그대로 두면 케라스 3.15가 "데이터셋이라 무시한다"는 경고를 내기
#   때문입니다. 섞는 일은 여전히 데이터셋의 ``shuffle()``\ 이 합니다.
# - ``prefetch()``\ 는 모델이 한 배치로 훈련하는 동안 다음 배치를 미리 준비합니다.
train_set = (
    tf.data.Dataset.from_tensor_slices((X_train, Y_train))
    .cache()
    .shuffle(buffer_size=len(X_train), seed=42)
    .batch(BATCH_SIZE)
    .prefetch(tf.data.AUTOTUNE)
)
valid_set = tf.data.Dataset.from_tensor_slices((X_valid, Y_valid)).batch(500).cache()

# %%
# 훈련
# ----
# 책과 같이 Nadam 옵티마이저를 쓰고, 에포크마다 검증 세트로 정확도를 잽니다.
optimizer = tf.keras.optimizers.Nadam(learning_rate=learning_rate, use_ema=USE_EMA,
                                      ema_momentum=EMA_MOMENTUM)
model.compile(loss=loss, optimizer=optimizer, metrics=["accuracy"])

start = time.perf_counter()
history = model.fit(train_set, epochs=EPOCHS, validation_data=valid_set, shuffle=False,
                    verbose=2)
train_seconds = time.perf_counter() - start
images_per_second = EPOCHS * len(X_train) / train_seconds
print(f"훈련 시간: {train_seconds:.0f}초, 초당 이미지 {images_per_second:.0f}장")

# %%
# ``USE_EMA = True``\ 로 바꿨다면 여기서 평균의 효과를 검증 세트로 볼 수 있습니다. 마지막 에포크의
# ``val_accuracy``\ 는 평균하기 전 가중치로, ``fit()``\ 이 끝난 뒤의 모델은 평균한 가중치로 잰
# 값입니다(평균을 끄면 두 값이 같습니다).
valid_accuracy = history.history["val_accuracy"][-1]
valid_after_fit = model.evaluate(valid_set, verbose=0)[1]
print(f"검증 정확도: 마지막 에포크 {valid_accuracy:.2%}, fit() 뒤의 모델 {valid_after_fit:.2%}")
assert USE_EMA or abs(valid_accuracy - valid_after_fit) < 1e-4  # 평균을 끄면 같은 가중치입니다

# %%
# 테스트 세트로 평가
# ------------------
score = model.evaluate(X_test_eval, tf.one_hot(y_test_eval, depth=10), batch_size=500, verbose=0)
test_loss, test_accuracy = score
print(f"테스트 손실: {test_loss:.4f}, 테스트 정확도: {test_accuracy:.2%}")
if profile.is_smoke():
    print("(smoke 프로필: 아주 작은 데이터로 잠깐 훈련했으므로 이 숫자는 의미가 없습니다)")

# %%
# **이 손실은 책의 손실과 비교할 수 없습니다.** 레이블 스무딩을 쓰면 손실은 스무딩한 타깃
# :math:`t` 에 대한 크로스 엔트로피 :math:`-\sum_k t_k \log p_k` 입니다. 이 값은 예측 확률
# :math:`p` 가 타깃 :math:`t` 와 똑같을 때 가장 작고, 그 최솟값은 타깃 자신의 엔트로피
# :math:`-\sum_k t_k \log t_k` 입니다. 모든 이미지를 완벽하게 맞히는 모델도 손실이 이 바닥
# 밑으로 내려가지 않습니다. 책은 스무딩 없이(바닥 0) 손실을 재므로 두 손실은 눈금이 다릅니다.
# 같은 이유로, 모델이 손실을 가장 줄이는 정답 확률은 1이 아니라 타깃의 값 0.91이라서 예측한
# 클래스의 확률은 0.91 근처에 모입니다(아래에서 중앙값을 출력하고, 0.05 안인지 확인합니다). 훈련은
# 평균 손실을 줄일 뿐 이미지마다 0.91을 지키게 하지는 않으므로 그보다 높은 이미지도 있습니다
# (최댓값). 책의 손실과 견주려면 같은 예측을 스무딩 없는 원-핫 타깃으로 다시 재야 합니다. 다만 0.91
# 근처에 모이도록 훈련한 모델이라 맞힌 이미지도 손실이 0으로 가지 않습니다.
smoothed_target = np.full(10, LABEL_SMOOTHING / 10)
smoothed_target[0] += 1 - LABEL_SMOOTHING
# 타깃의 엔트로피(0 × log 0은 0으로 셉니다: 스무딩이 없는 full 프로필의 타깃)
loss_floor = float(np.sum(smoothed_target * -np.log(np.maximum(smoothed_target, 1e-12))))
test_probabilities = model.predict(X_test_eval, batch_size=500, verbose=0)
print(f"스무딩 {LABEL_SMOOTHING}의 타깃: 정답 {smoothed_target[0]:.2f}, 나머지 각 "
      f"{smoothed_target[1]:.2f} → 손실의 바닥(타깃의 엔트로피) {loss_floor:.4f}")
print(f"테스트 손실 {test_loss:.4f} = 바닥 {loss_floor:.4f} + {test_loss - loss_floor:.4f}")
median_top_probability = float(np.median(test_probabilities.max(axis=1)))
print(f"예측한 클래스의 확률: 중앙값 {median_top_probability:.3f}, "
      f"가장 큰 값 {test_probabilities.max():.3f}")
one_hot_loss = float(tf.keras.losses.sparse_categorical_crossentropy(
    y_test_eval, test_probabilities).numpy().mean())
print(f"같은 예측을 책처럼 원-핫 타깃으로 잰 크로스 엔트로피: {one_hot_loss:.4f}")
assert test_loss >= loss_floor - 1e-3  # 어떤 모델도 바닥 밑으로 내려가지 않습니다
if not profile.is_smoke():  # smoke 프로필의 모델은 거의 훈련되지 않았습니다
    assert abs(median_top_probability - smoothed_target[0]) < 0.05

# %%
# 학습 곡선
# ---------
# 드롭아웃은 훈련할 때만 뉴런을 끄므로, 훈련 정확도(드롭아웃을 켠 채 잰 값)가 검증
# 정확도보다 낮게 나오는 것이 보통입니다. 레이블 스무딩을 쓰면 손실에는 위에서 출력한 바닥(타깃의
# 엔트로피)이 있으므로 두 손실 모두 0까지 내려가지 않습니다.
plotting.plot_learning_curves(history, title="패션 MNIST CNN 학습 곡선",
                              metrics=["loss", "accuracy"])
plt.show()

# %%
# 새 이미지 예측
# --------------
# 테스트 세트의 처음 10장을 새 이미지라고 생각하고 클래스를 예측합니다. ``predict()``\ 는
# 클래스마다의 확률을 돌려주므로 가장 큰 확률의 클래스를 고릅니다. 틀린 예측은 빨간색입니다.
X_new = X_test[:10]
y_proba = model.predict(X_new, verbose=0)
y_pred = y_proba.argmax(axis=-1)

fig, axes = plt.subplots(2, 5, figsize=(12, 6.5))
for ax, image, predicted, actual, proba in zip(axes.flat, X_new, y_pred, y_test[:10], y_proba):
    ax.imshow(image[:, :, 0], cmap="binary")
    ax.axis("off")
    color = "black" if predicted == actual else "red"
    ax.set_title(f"예측: {class_names[predicted]} ({proba[predicted]:.0%})\n"
                 f"정답: {class_names[actual]}", color=color, fontsize=12)
fig.suptitle("테스트 이미지 10장의 예측")
fig.tight_layout()
plt.show()

# %%
# 책의 결과와 비교
# ----------------
# 책은 이 모델을 10 에포크 훈련해 테스트 정확도 91.17%를 얻습니다. 이 페이지의 값을 나란히
# 놓습니다.
BOOK_TEST_ACCURACY = 0.9117  # 책: 10 에포크, 배치 크기 32, Nadam 0.001
print(f"책 (10 에포크, 배치 크기 32, Nadam 0.001):   테스트 정확도 {BOOK_TEST_ACCURACY:.2%}")
print(f"이 페이지 ({profile.current()} 프로필, {EPOCHS} 에포크, 배치 크기 {BATCH_SIZE}"
      f"{f', 레이블 스무딩 {LABEL_SMOOTHING}' if LABEL_SMOOTHING else ''}"
      f"{', 가중치 EMA' if USE_EMA else ''}): 테스트 정확도 {test_accuracy:.2%} "
      f"({100 * (test_accuracy - BOOK_TEST_ACCURACY):+.2f}%p), 훈련 {train_seconds:.0f}초")

# %%
# 차이는 세 곳에서 옵니다.
#
# - **훈련 방법.** 에포크 수(3 대 10), 배치 크기, 위의 두 가지 방법이 다릅니다. 모델 구조와 데이터(훈련
#   55,000장 전부, 같은 검증 세트와 테스트 세트)는 책과 같습니다.
# - **무작위성.** 초깃값, 드롭아웃, 데이터를 섞는 순서가 실행마다 다릅니다. 같은 방법이라도
#   시드를 바꾸면 테스트 정확도가 오르내리므로, 한 번의 실행으로는 두 방법을 가를 수
#   없습니다. 그래서 책의 방법(3 에포크), 레이블 스무딩이 없는 방법, 이 페이지의 방법, 여기에
#   가중치의 지수 이동 평균을 더한 방법을 같은 이미지와 순서로 시드 여러 개씩 훈련해 평균과 최솟값을
#   비교했습니다. 그 표와 측정한 CPU,
#   훈련 시간은 :doc:`빌드 성능 </performance>` 페이지에 있습니다(``make bench``\ 로 다시 잴 수
#   있습니다).
# - **하드웨어.** 책은 GPU에서, 이 사이트는 CPU에서 훈련합니다. 같은 float32라도 연산 순서가
#   달라 결과가 비트 단위로 같지 않습니다.
#
# 책의 설정 그대로 훈련하려면 ``CNN_VISION_PROFILE=full`` 로 이 스크립트를 실행하세요. GPU가
# 있으면 몇 분이면 끝납니다. 이 컴퓨터에서 잰 속도라면 다음과 같이 걸립니다.
print(f"이 컴퓨터의 속도(초당 이미지 {images_per_second:.0f}장, 배치 크기 {BATCH_SIZE})로 "
      f"책의 10 에포크(55,000장 × 10)를 계산하면 약 {10 * 55_000 / images_per_second / 60:.0f}분입니다.")

# %%
# 정리
# ----
# - :func:`~cnn_vision.fashion_mnist.ensure_fashion_mnist` 덕분에 책의 ``load_data()``\ 가 인터넷 없이도
#   동작합니다.
# - 책의 CNN은 7×7 합성곱 하나와 3×3 합성곱 네 개, 최대 풀링 세 개, 드롭아웃을 둔 밀집 층
#   두 개로 된 140만 파라미터 모델입니다. 풀링으로 크기를 줄일 때마다 필터 수를 두 배로 늘립니다.
# - 워밍업 + 코사인 학습률 스케줄은 적은 에포크로 빠르게 수렴하게 하고, 레이블 스무딩은 지나친
#   확신을 막습니다. 배치 128은 속도를 위한 선택입니다(스텝은 4분의 1, 2코어 CPU에서 얻는 속도는
#   작음). 이 조합으로 책의 10분의 3인 3 에포크로 책의 정확도에 닿습니다.
# - 레이블 스무딩을 쓰면 손실에 0보다 큰 바닥(타깃의 엔트로피)이 생기고, 예측한 클래스의 확률은
#   0.91 근처에 모입니다. 그래서 이 페이지의 손실은 책의 손실과 비교할 수 없습니다.
# - 가중치의 지수 이동 평균은 마지막 스텝들의 흔들림을 평균해 없애는 방법이지만, 학습률을 0까지
#   내리는 짧은 훈련에서는 얻는 것이 없었습니다. 모멘텀 0.99는 평균 없음과 시드 평균 0.1%p 안에서
#   같았고, 0.995와 0.999는 덜 훈련된 가중치를 섞어 더 낮았습니다. 널리 쓰이는 방법도 레시피마다
#   재 보고 고릅니다.
# - 한 번의 실행은 시드에 따라 흔들리므로, 방법을 비교할 때는 같은 데이터와 순서로 시드 여러
#   개의 평균과 최솟값을 봅니다.
#
# 다음 예제 :ref:`sphx_glr_auto_examples_03_architectures_plot_02_lenet5.py` 에서는 CNN의
# 원형인 LeNet-5를 같은 데이터에 훈련합니다.
