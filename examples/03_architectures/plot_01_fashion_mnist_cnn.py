"""
==================================
CNN으로 패션 MNIST 분류하기
==================================

책의 CNN으로 진짜 패션 MNIST(Fashion-MNIST)를 분류합니다. 28×28 흑백 옷 이미지 7만 장(훈련
6만 장, 테스트 1만 장)을 10개 클래스로 나누는 문제입니다. 데이터를 준비하고, 합성곱 층과 최대
풀링 층을 번갈아 쌓은 모델을 만들어 훈련한 뒤, 테스트 세트로 평가하고 새 이미지의 클래스를
예측해 봅니다.

2코어 CPU에서 사이트를 빌드할 수 있도록 docs 프로필은 에포크 수를 줄이고, 그 대신 배치를
키우고 학습률 스케줄을 씁니다. 무엇을 줄였는지와 책의 설정(10 에포크)으로 훈련하면 어떤지는
페이지 끝에서 정리합니다.
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
# 0~1 범위로 바꾸고, 훈련 세트의 마지막 5,000장을 검증 세트(validation set)로 떼어 둡니다.
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
# 책은 배치 크기 32, ``nadam`` 의 기본 학습률(0.001)로 10 에포크를 훈련합니다. ``full``
# 프로필은 이 설정을 그대로 따릅니다(입력 파이프라인만 아래의 ``tf.data``\ 입니다). docs
# 프로필(이 사이트)은 에포크를 줄이는 대신 두 가지를 바꿉니다.
#
# - **배치 크기 128**: CPU는 큰 행렬 연산을 한 번에 할 때 효율이 좋아서 초당 처리하는 이미지가
#   늘어납니다.
# - **워밍업 + 코사인 학습률 스케줄**: 처음 10%의 스텝 동안 학습률을 0.0003에서 0.003까지 올린
#   다음, 코사인 곡선을 따라 0까지 내립니다. 큰 배치에서는 학습률을 키워야 하는데, 처음부터 크게
#   잡으면 훈련이 불안정하므로 천천히 올립니다. 끝에서 학습률이 0에 가까워지면 적은 에포크로도
#   가중치가 안정된 곳에 자리 잡습니다.
#
# smoke 프로필은 코드가 끝까지 도는지만 보는 아주 작은 조각입니다.
EPOCHS = profile.pick(smoke=1, docs=3, full=10)
BATCH_SIZE = profile.pick(smoke=64, docs=128, full=32)
TRAIN_SIZE = profile.pick(smoke=256, docs=len(X_train), full=len(X_train))
EVAL_SIZE = profile.pick(smoke=128, docs=len(X_test), full=len(X_test))

X_train, y_train = X_train[:TRAIN_SIZE], y_train[:TRAIN_SIZE]
X_valid, y_valid = X_valid[:EVAL_SIZE], y_valid[:EVAL_SIZE]
X_test_eval, y_test_eval = X_test[:EVAL_SIZE], y_test[:EVAL_SIZE]

steps_per_epoch = -(-len(X_train) // BATCH_SIZE)  # 올림 나눗셈
total_steps = EPOCHS * steps_per_epoch
warmup_steps = max(1, total_steps // 10)
warmup_cosine = tf.keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=3e-4, warmup_target=3e-3, warmup_steps=warmup_steps,
    decay_steps=total_steps - warmup_steps)
learning_rate = profile.pick(smoke=warmup_cosine, docs=warmup_cosine,
                             full=1e-3)  # 책: optimizer="nadam"의 기본 학습률
print(f"{EPOCHS} 에포크 × {steps_per_epoch} 스텝, 배치 크기 {BATCH_SIZE}, "
      f"훈련 이미지 {len(X_train):,}장")

# %%
# CPU에서 빠르게: oneDNN과 계산 정밀도
# ------------------------------------
# 텐서플로는 인텔의 oneDNN 라이브러리로 합성곱을 빠르게 계산할 수 있지만, AVX-512 같은 최신
# 명령이 없는 CPU에서는 기본으로 꺼 둡니다. 환경 변수 ``TF_ENABLE_ONEDNN_OPTS=1``\ 을
# 텐서플로를 import하기 *전에* 설정하면 켜집니다(AVX2만 있는 CPU에서도 합성곱 훈련이 빨라지는
# 경우가 많습니다). 이 페이지를 실행한 환경의 설정은 다음과 같습니다.
import os

print("TF_ENABLE_ONEDNN_OPTS =", os.environ.get("TF_ENABLE_ONEDNN_OPTS", "(설정 안 됨)"))

# %%
# AVX512-BF16 명령을 지원하는 CPU에서는 ``mixed_bfloat16`` 정책(계산은 bfloat16, 가중치는
# float32)이 float32보다 훨씬 빠릅니다. 지원하지 않는 CPU에서는 bfloat16 계산을 흉내 내느라
# 오히려 몇 배 느려지므로 ``/proc/cpuinfo``\ 로 확인하고 float32로 돌아갑니다. 혼합 정밀도에서도
# 출력층(소프트맥스)은 수치 안정성을 위해 float32로 둡니다. 전역 정책은 모델을 만든 뒤 바로
# float32로 되돌립니다.
from pathlib import Path

cpuinfo = Path("/proc/cpuinfo")
cpu_flags = cpuinfo.read_text().split() if cpuinfo.exists() else []
use_bf16 = "avx512_bf16" in cpu_flags and not tf.config.list_physical_devices("GPU")
policy = "mixed_bfloat16" if use_bf16 else "float32"
print("CPU의 AVX512-BF16 지원:", "avx512_bf16" in cpu_flags, "→ 정책:", policy)

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
# - 마지막 특성 맵(3×3×256)을 펼쳐 밀집 층 두 개(128, 64)에 넣고, 과대적합을 줄이려고 각각
#   뒤에 50% 드롭아웃(dropout)을 둡니다. 출력층은 10개 클래스의 소프트맥스입니다.
#
# 케라스 3에서는 첫 층에 ``input_shape``\ 를 주는 대신 ``tf.keras.Input``\ 으로 시작합니다.
from functools import partial

tf.keras.mixed_precision.set_global_policy(policy)
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
    tf.keras.layers.Dense(units=10, activation="softmax", dtype="float32"),
])
tf.keras.mixed_precision.set_global_policy("float32")  # 다른 코드에 영향이 없도록 되돌림
model.summary()

# %%
# 파라미터는 140만 개 남짓입니다. 대부분이 합성곱 층(특히 256개 필터의 두 층)에 있습니다.
print(f"전체 파라미터 수: {model.count_params():,}")

# %%
# 입력 파이프라인
# ---------------
# 책은 넘파이 배열을 ``fit()``\ 에 바로 넘깁니다. 여기서는 ``tf.data``\ 로 한 번 감싸서
# 배치를 메모리에 캐시하고(``cache``), 훈련하는 동안 다음 배치를 미리 준비합니다(``prefetch``).
# 에포크마다 섞는 것(``shuffle``)은 넘파이 배열을 넘길 때 ``fit()``\ 이 하던 일인데, 이제는
# 데이터셋이 하므로 ``fit()``\ 에는 ``shuffle=False``\ 를 줍니다. 두 방법의
# 속도와 정확도를 나란히 잰 결과는 ``make bench``\ (``benchmarks/bench_fashion_cnn.py``)로 볼 수
# 있습니다.
train_set = (
    tf.data.Dataset.from_tensor_slices((X_train, y_train))
    .cache()
    .shuffle(buffer_size=10_000, seed=42)
    .batch(BATCH_SIZE)
    .prefetch(tf.data.AUTOTUNE)
)
valid_set = tf.data.Dataset.from_tensor_slices((X_valid, y_valid)).batch(500).cache()

# %%
# 훈련
# ----
# 책과 같이 희소 범주형 크로스 엔트로피 손실과 Nadam 옵티마이저를 쓰고, 에포크마다 검증 세트로
# 정확도를 잽니다.
optimizer = tf.keras.optimizers.Nadam(learning_rate=learning_rate)
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer,
              metrics=["accuracy"])

start = time.perf_counter()
history = model.fit(train_set, epochs=EPOCHS, validation_data=valid_set, shuffle=False,
                    verbose=2)
train_seconds = time.perf_counter() - start
print(f"훈련 시간: {train_seconds:.0f}초, 초당 이미지 {EPOCHS * len(X_train) / train_seconds:.0f}장")

# %%
# 테스트 세트로 평가
# ------------------
score = model.evaluate(X_test_eval, y_test_eval, batch_size=500, verbose=0)
test_accuracy = score[1]
print(f"테스트 손실: {score[0]:.4f}, 테스트 정확도: {test_accuracy:.2%}")
if profile.is_smoke():
    print("(smoke 프로필: 아주 작은 데이터로 잠깐 훈련했으므로 이 숫자는 의미가 없습니다)")

# %%
# 학습 곡선
# ---------
# 드롭아웃은 훈련할 때만 뉴런을 끄므로, 훈련 정확도(드롭아웃을 켠 채 잰 값)가 검증
# 정확도보다 낮게 나오는 것이 보통입니다.
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
# docs 프로필이 줄인 것과 책의 결과
# ---------------------------------
# 책은 GPU에서 이 모델을 10 에포크 훈련해 테스트 정확도 91.17%를 얻습니다. 이 사이트는 2코어
# CPU에서 빌드되므로 docs 프로필은 에포크 수를 줄이고 배치 크기와 학습률 스케줄을 바꿨습니다.
# 모델 구조와 데이터(훈련 55,000장 전부)는 책과 같습니다. 이번 실행의 값은 다음과 같습니다.
print(f"이번 실행({profile.current()} 프로필): {EPOCHS} 에포크, 배치 크기 {BATCH_SIZE}, "
      f"훈련 이미지 {len(X_train):,}장, 훈련 {train_seconds:.0f}초, "
      f"테스트 정확도 {test_accuracy:.2%}")
images_per_second = EPOCHS * len(X_train) / train_seconds
print(f"이 컴퓨터에서 잰 속도(초당 이미지 {images_per_second:.0f}장)로 책의 10 에포크"
      f"(55,000장 × 10)를 계산하면 약 {10 * 55_000 / images_per_second / 60:.0f}분입니다. "
      "배치 크기가 32이면 CPU에서는 이보다 느립니다.")

# %%
# 책의 설정 그대로 훈련하려면 ``CNN_VISION_PROFILE=full`` 로 이 스크립트를 실행하세요. GPU가
# 있으면 몇 분이면 끝납니다.
#
# 정리
# ----
# - :func:`~cnn_vision.fashion_mnist.ensure_fashion_mnist` 덕분에 책의 ``load_data()``\ 가 인터넷 없이도
#   동작합니다.
# - 책의 CNN은 7×7 합성곱 하나와 3×3 합성곱 네 개, 최대 풀링 세 개, 드롭아웃을 둔 밀집 층
#   두 개로 된 140만 파라미터 모델입니다. 풀링으로 크기를 줄일 때마다 필터 수를 두 배로 늘립니다.
# - CPU에서는 ``tf.data``\ 의 캐시·프리페치와 큰 배치가 훈련을 빠르게 하고, 워밍업 + 코사인
#   학습률 스케줄이 적은 에포크로도 높은 정확도에 닿게 돕습니다.
#
# 다음 예제 :ref:`sphx_glr_auto_examples_03_architectures_plot_02_lenet5.py` 에서는 CNN의
# 원형인 LeNet-5를 같은 데이터에 훈련합니다.
