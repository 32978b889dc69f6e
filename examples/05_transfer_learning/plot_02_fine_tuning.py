r"""
===============================================
Xception으로 꽃 분류하기: 전이 학습과 미세 튜닝
===============================================

ImageNet으로 훈련된 Xception의 :term:`합성곱` 부분(:term:`기반 모델`)을 가져와 그 위에 꽃 다섯 종류를 구분하는
새 :term:`출력층`\ 을 얹습니다. 먼저 기반 모델을 고정(freeze)한 채 새 :term:`층`\ 만 훈련하고, 새 층이 어느
정도 자리를 잡으면 기반 모델의 윗부분을 풀어 작은 :term:`학습률`\ 로 함께 훈련하는
:term:`미세 튜닝`\ (fine-tuning)을 합니다. 마지막으로 책에서 하지 않는 :term:`테스트 세트` 평가까지 합니다.

이 페이지에서 배우는 것:

- ``include_top=False``\ 로 분류 층을 뺀 :term:`사전 훈련된 모델`\ 에 새 출력층을 붙이는 방법
- 층을 고정하고 푸는 방법(``layer.trainable``)과 그때마다 다시 컴파일하는 이유
- :term:`데이터 증식`\ 을 실제 훈련에 넣는 방법
- 여러 GPU에서 훈련하는 ``tf.distribute.MirroredStrategy``
"""

# %%
# 실행 규모
# ---------
# 책의 설정은 224×224 이미지, 훈련 이미지 2,752장 전부, 기반 모델을 고정한 훈련 3 :term:`에포크`\ 와
# 미세 튜닝 10 에포크입니다. 이 사이트를 빌드하는 2코어 CPU에서는 이 설정이 1시간쯤 걸립니다
# (224×224에서 고정한 상태로 초당 약 18장, 미세 튜닝 때 초당 약 9장). 그래서 ``docs`` 프로필은
# 이미지 크기를 96×96으로, 세트마다 이미지를 64장으로, 에포크를 2+2로 줄입니다. ``full``
# 프로필은 책과 같은 규모로 돌며, GPU에서 돌리기를 권합니다.
#
# ``smoke`` 프로필은 코드가 끝까지 도는지만 보는 점검용이라 Xception이 받는 가장 작은 크기
# (71×71)와 이미지 8장만 씁니다. 이 규모에서는 훈련 단계를 그래프로 바꾸는(트레이싱) 시간이
# 훈련 자체보다 길어서 즉시 실행(``run_eagerly=True``)으로 돌립니다. 계산 결과는 같습니다.
import time

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import flowers, plotting, pretrained, profile

# 데이터와 가중치를 먼저 확인합니다. 없어서 대체물로 계속하면 그 알림이 이 스크립트의 첫 출력이
# 됩니다. label은 대체물로 그린 그림의 제목 앞에 붙는 표시입니다(진짜면 빈 문자열).
flowers_data = flowers.load_tf_flowers(
    split=["train[:10%]", "train[10%:25%]", "train[25%:]"],
)
weights = pretrained.imagenet_weights("xception", include_top=False)
label = weights.label + flowers_data.label

plotting.set_book_style()
print(profile.describe())

IMAGE_SIZE = profile.pick(smoke=71, docs=96, full=224)
BATCH_SIZE = profile.pick(smoke=8, docs=32, full=32)  # GPU 하나당
N_IMAGES_PER_SET = profile.pick(smoke=8, docs=64, full=None)  # None: 세트 전체
EPOCHS_FROZEN = profile.pick(smoke=1, docs=2, full=3)
EPOCHS_FINE_TUNING = profile.pick(smoke=1, docs=2, full=10)
RUN_EAGERLY = profile.pick(smoke=True, docs=False, full=False)
USE_MIRRORED_STRATEGY = profile.pick(smoke=False, docs=False, full=True)

# %%
# 분산 전략
# ---------
# 텐서플로의 분산 전략(distribution strategy)은 같은 모델 코드를 여러 장치에서 돌리게 해 줍니다.
# ``MirroredStrategy``\ 는 GPU마다 모델의 복사본을 두고, 배치를 GPU 수만큼 나눠 각자 :term:`그레이디언트`\ 를
# 계산한 뒤 평균(올-리듀스, all-reduce)을 내서 모든 복사본을 똑같이 갱신합니다. 모델과 :term:`옵티마이저`\ 는
# ``strategy.scope()`` 안에서 만들어야 변수가 모든 GPU에 복사됩니다. 배치는 GPU 하나당
# ``BATCH_SIZE``\ 장이 되도록 전체 배치를 GPU 수만큼 키웁니다.
#
# ``full`` 프로필에서 GPU가 두 개 이상 보이면 ``MirroredStrategy``\ 를 씁니다. 그 밖의 경우에는
# 기본 전략(장치 하나, 아무것도 바꾸지 않음)을 씁니다. 기본 전략의 ``scope()``\ 도 그대로 쓸 수
# 있으므로 아래 코드는 어느 경우에나 같습니다.
gpus = tf.config.list_physical_devices("GPU")
if USE_MIRRORED_STRATEGY and len(gpus) > 1:
    strategy = tf.distribute.MirroredStrategy()
else:
    strategy = tf.distribute.get_strategy()
global_batch_size = BATCH_SIZE * strategy.num_replicas_in_sync
print(f"GPU {len(gpus)}개, 전략: {type(strategy).__name__}, "
      f"복사본 {strategy.num_replicas_in_sync}개, 전체 배치 크기 {global_batch_size}")

# %%
# 데이터 준비
# -----------
# :ref:`앞 페이지 <sphx_glr_auto_examples_05_transfer_learning_plot_01_flowers_pipeline.py>` 의
# :term:`입력 파이프라인`\ 을 그대로 만듭니다. :term:`훈련 세트`\ 에는 데이터 증식을 배치마다 적용합니다. 책은
# 증식 모델을 정의만 하고 훈련에 쓰지 않지만, 여기서는 실제로 씁니다. 데이터는 맨 앞 셀에서
# 불러왔습니다(없으면 모의 데이터).
tf.keras.backend.clear_session()  # 층 이름 번호를 처음부터 다시 매깁니다

test_set_raw, valid_set_raw, train_set_raw = flowers_data.splits
n_classes = flowers_data.info.features["label"].num_classes
if N_IMAGES_PER_SET is not None:
    test_set_raw = test_set_raw.take(N_IMAGES_PER_SET)
    valid_set_raw = valid_set_raw.take(N_IMAGES_PER_SET)
    train_set_raw = train_set_raw.take(N_IMAGES_PER_SET)

preprocess = tf.keras.Sequential([
    tf.keras.layers.Resizing(height=IMAGE_SIZE, width=IMAGE_SIZE, crop_to_aspect_ratio=True),
    tf.keras.layers.Rescaling(scale=1 / 127.5, offset=-1),  # xception.preprocess_input과 같음
])
data_augmentation = tf.keras.Sequential([
    tf.keras.layers.RandomFlip(mode="horizontal", seed=42),
    tf.keras.layers.RandomRotation(factor=0.05, seed=42),
    tf.keras.layers.RandomContrast(factor=0.2, seed=42),
])

train_set = train_set_raw.map(lambda X, y: (preprocess(X), y))
train_set = train_set.shuffle(1000, seed=42).batch(global_batch_size)
train_set = train_set.map(
    lambda X, y: (data_augmentation(X, training=True), y),
    num_parallel_calls=tf.data.AUTOTUNE,
).prefetch(1)
valid_set = valid_set_raw.map(lambda X, y: (preprocess(X), y)).batch(global_batch_size)
test_set = test_set_raw.map(lambda X, y: (preprocess(X), y)).batch(global_batch_size)

# %%
# 사전 훈련된 기반 모델과 새 출력층
# ---------------------------------
# ``include_top=False``\ 로 Xception을 불러오면 맨 위의 :term:`전역 평균 풀링` 층과 1,000개 클래스의
# 출력층이 빠집니다. 그 자리에 전역 평균 풀링(global average pooling) 층과 클래스 다섯 개의
# :term:`소프트맥스` 출력층을 새로 붙입니다. :term:`가중치` 파일은
# :ref:`ResNet50 페이지 <sphx_glr_auto_examples_04_pretrained_plot_01_resnet50.py>` 와 같은
# 방법으로 맨 앞 셀에서 확인했습니다. 파일을 쓸 수 없으면 기반 모델은 무작위로 초기화됩니다.
with strategy.scope():
    tf.random.set_seed(42)
    base_model = tf.keras.applications.xception.Xception(weights=weights.weights,
                                                         include_top=False)
    avg = tf.keras.layers.GlobalAveragePooling2D()(base_model.output)
    output = tf.keras.layers.Dense(n_classes, activation="softmax")(avg)
    model = tf.keras.Model(inputs=base_model.input, outputs=output)
print(f"기반 모델의 층: {len(base_model.layers)}개, 파라미터 {base_model.count_params():,}개")
print(f"새 출력층의 파라미터: {model.count_params() - base_model.count_params():,}개")

# %%
# 기반 모델을 고정하고 훈련하기
# -----------------------------
# 새 출력층의 가중치는 무작위로 시작하므로 처음에는 큰 그레이디언트가 흐릅니다. 이것이 기반
# 모델까지 내려가면 사전 훈련된 :term:`특성`\ 이 망가질 수 있으니, 처음 몇 에포크는 기반 모델의 층을 모두
# 고정(``trainable = False``)하고 새 층만 훈련합니다. ``trainable``\ 을 바꾼 뒤에는 반드시
# 컴파일해야 적용됩니다.
for layer in base_model.layers:
    layer.trainable = False

with strategy.scope():
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
    model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer,
                  metrics=["accuracy"], run_eagerly=RUN_EAGERLY)
trainable_count = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
print(f"훈련되는 파라미터: {trainable_count:,}개")

start = time.perf_counter()
history_frozen = model.fit(train_set, validation_data=valid_set, epochs=EPOCHS_FROZEN,
                           verbose=2)
print(f"고정한 상태의 훈련: {time.perf_counter() - start:.0f}초")

# %%
# 기반 모델의 층 목록
# -------------------
# 어디부터 풀지 고르기 위해 기반 모델의 층 이름을 네 열로 출력합니다. Xception은 입력 흐름
# (entry flow, 블록 1~4), 같은 블록을 여덟 번 반복하는 중간 흐름(middle flow, 블록 5~12), 출구
# 흐름(exit flow, 블록 13~14)으로 이루어집니다.
n_layers = len(base_model.layers)
n_rows = -(-n_layers // 4)
for row in range(n_rows):
    for index in range(row, n_layers, n_rows):
        print(f"{index:3}: {base_model.layers[index].name:22}", end="")
    print()

# %%
# 윗부분을 풀고 미세 튜닝하기
# ---------------------------
# 책을 따라 56번 층(블록 7의 시작)부터 위를 풉니다. 중간 흐름의 뒷부분과 출구 흐름이 훈련되고,
# 낮은 수준의 특성을 만드는 아래쪽 층은 고정된 채 남습니다. 학습률은 0.01로 낮춰 사전 훈련된
# 가중치가 크게 흔들리지 않게 합니다.
#
# 다시 컴파일할 때는 옵티마이저를 **새로** 만듭니다. 케라스 3의 옵티마이저는 처음 훈련한 변수
# 목록에 맞춰 상태(모멘텀 등)를 만들기 때문에, 같은 객체를 두 번째 ``compile()``\ 에 다시 주면
# 새로 풀린 변수를 만나 ``ValueError: Unknown variable``\ 로 멈춥니다.
for layer in base_model.layers[56:]:
    layer.trainable = True

with strategy.scope():
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
    model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer,
                  metrics=["accuracy"], run_eagerly=RUN_EAGERLY)
trainable_count = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
print(f"훈련되는 파라미터: {trainable_count:,}개")

start = time.perf_counter()
history_fine_tuning = model.fit(train_set, validation_data=valid_set,
                                epochs=EPOCHS_FINE_TUNING, verbose=2)
print(f"미세 튜닝: {time.perf_counter() - start:.0f}초")

# %%
# 테스트 세트로 평가하기
# ----------------------
# 책은 :term:`검증 세트`\ 의 :term:`정확도`\ 만 보고 끝납니다. 검증 세트는 훈련 중 모델과 설정을 고르는 데
# 쓰였으므로 그 점수는 조금 낙관적입니다. 한 번도 쓰지 않은 테스트 세트로 마지막에 한 번 평가합니다.
test_loss, test_accuracy = model.evaluate(test_set, verbose=0)
print(f"테스트 손실: {test_loss:.3f}, 테스트 정확도: {test_accuracy:.1%}")
if label:
    print("이 숫자는 사전 훈련된 가중치나 진짜 데이터 없이 얻은 것이라 의미가 없습니다(첫 출력의 알림).")

# %%
# 학습 곡선
# ---------
# 두 단계의 기록을 이어 붙여 그립니다. 세로 점선의 왼쪽이 기반 모델을 고정한 훈련, 오른쪽이 미세
# 튜닝입니다.
history = {
    name: history_frozen.history[name] + history_fine_tuning.history[name]
    for name in history_frozen.history
}
figure = plotting.plot_learning_curves(
    history, metrics=["loss", "accuracy"], title=f"{label}전이 학습의 학습 곡선"
)
for ax in figure.axes:
    ax.axvline(EPOCHS_FROZEN + 0.5, color="gray", linestyle=":", label="미세 튜닝 시작")
    ax.legend()
plt.show()

# %%
# 정리
# ----
# - 사전 훈련된 모델을 ``include_top=False``\ 로 불러오고 새 출력층을 붙였습니다.
# - 먼저 기반 모델을 고정하고 새 층만 훈련한 뒤(학습률 0.1), 56번 층부터 풀고 새 옵티마이저와
#   낮은 학습률(0.01)로 미세 튜닝했습니다. ``trainable``\ 을 바꿀 때마다 다시 컴파일합니다.
# - 데이터 증식은 훈련 세트의 파이프라인에서 배치마다 적용했습니다.
# - 테스트 세트로 마지막에 한 번 평가했습니다.
# - ``full`` 프로필에서 GPU가 여러 개면 ``MirroredStrategy``\ 가 같은 코드를 모든 GPU에서 돌립니다.
