r"""
=====================================================
U-Net 스타일 인코더-디코더로 의미 분할하기
=====================================================

:term:`의미 분할`\ (semantic segmentation)은 이미지의 픽셀마다 클래스를 예측합니다. 책이 소개하는 방법은
이렇습니다. CNN(인코더)이 풀링으로 특성 맵을 줄이며 '무엇'을 알아내고, 전치 합성곱 층(디코더)이
특성 맵을 다시 키워 '어디'를 되살립니다. 줄이는 동안 잃은 세밀한 위치 정보는 인코더의 같은 크기
특성 맵을 디코더에 이어 붙이는 :term:`스킵 연결`\ (skip connection)로 보충합니다. U-Net이 이 구조입니다.

이 페이지에서는 패션 MNIST 장면의 정확한 픽셀 마스크(배경 + 10개 클래스)로 작은 U-Net 스타일
모델을 훈련하고, 훈련에 쓰지 않은 장면에서 클래스별 IoU와 평균 IoU(mean IoU)를 잽니다. docs 프로필은
2코어 CPU에 맞춰 훈련 장면과 에포크를 줄였습니다(끝에서 정리합니다).
"""

# sphinx_gallery_thumbnail_number = 2

# %%
# 장면과 픽셀 마스크
# ------------------
# :func:`cnn_vision.scenes.make_scenes` 가 돌려주는 ``class_maps``\ 는 픽셀마다 0(배경) 또는
# 아이템의 클래스 + 1을 담은 96×96 배열입니다. 아이템의 0이 아닌 픽셀이 곧 그 아이템의 마스크라서
# 사람이 칠한 레이블과 달리 경계까지 정확합니다. 아이템 안에서 값이 0인 픽셀(아주 어두운 무늬)은
# 정의대로 배경입니다. 훈련 장면은 패션 MNIST 훈련 세트의 아이템으로,
# 평가 장면은 테스트 세트의 아이템으로 만듭니다.
import time

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import distribute, plotting, profile
from cnn_vision.fashion_mnist import FASHION_MNIST_CLASS_NAMES_KO, ensure_fashion_mnist
from cnn_vision.scenes import make_scenes

plotting.set_book_style()
print(profile.describe())
print(ensure_fashion_mnist().describe())

(X_train_full, y_train_full), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
segment_names = ["배경", *FASHION_MNIST_CLASS_NAMES_KO]
NUM_SEGMENT_CLASSES = len(segment_names)  # 배경 + 10

NUM_TRAIN_SCENES = profile.pick(smoke=96, docs=6_000, full=60_000)
NUM_VALID_SCENES = profile.pick(smoke=32, docs=500, full=5_000)
NUM_TEST_SCENES = profile.pick(smoke=32, docs=1_000, full=5_000)
EPOCHS = profile.pick(smoke=1, docs=4, full=20)

train_scenes = make_scenes(X_train_full[:-5000], y_train_full[:-5000], NUM_TRAIN_SCENES, seed=11)
valid_scenes = make_scenes(X_train_full[-5000:], y_train_full[-5000:], NUM_VALID_SCENES, seed=12)
test_scenes = make_scenes(X_test, y_test, NUM_TEST_SCENES, seed=13)


def as_inputs(scenes):
    return scenes.images[..., np.newaxis].astype(np.float32) / 255


X_train, X_valid, X_test_scenes = (as_inputs(s) for s in (train_scenes, valid_scenes, test_scenes))
M_train, M_valid, M_test = (s.class_maps for s in (train_scenes, valid_scenes, test_scenes))
pixel_share = np.bincount(M_train.ravel(), minlength=NUM_SEGMENT_CLASSES) / M_train.size
print(f"훈련 장면 {len(X_train):,}개, 배경 픽셀 비율 {pixel_share[0]:.1%}")

# %%
# 클래스마다 색을 정해 마스크를 그립니다. 배경은 검정입니다.
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

segment_colors = ListedColormap(["black", *plt.get_cmap("tab10").colors])


def show_mask(ax, mask, title):
    ax.imshow(mask, cmap=segment_colors, vmin=-0.5, vmax=NUM_SEGMENT_CLASSES - 0.5,
              interpolation="nearest")
    ax.set_title(title, fontsize=12)
    ax.axis("off")


legend_handles = [Patch(color=segment_colors(i), label=name) for i, name in enumerate(segment_names)]
fig, axes = plt.subplots(2, 4, figsize=(13, 6.6))
for column in range(4):
    axes[0, column].imshow(train_scenes.images[column], cmap="gray")
    axes[0, column].set_title("장면", fontsize=12)
    axes[0, column].axis("off")
    show_mask(axes[1, column], M_train[column], "픽셀 마스크")
fig.legend(handles=legend_handles, loc="center right", fontsize=10)
fig.tight_layout(rect=(0, 0, 0.86, 1))
plt.show()

# %%
# U-Net 스타일 모델
# -----------------
# - **인코더**: 합성곱 블록(3×3 합성곱 + 배치 정규화 + ReLU)과 최대 풀링을 세 번 되풀이해
#   96 → 48 → 24 → 12로 줄이면서 필터를 8, 16, 32로 늘리고, 가장 작은 12×12에서 96개 필터의
#   합성곱 블록을 두 번 지납니다. 계산이 싼 작은 특성 맵에서 깊이를 얻는 설계입니다. 풀링 직전의
#   특성 맵을 스킵 연결용으로 남겨 둡니다.
# - **디코더**: ``Conv2DTranspose(스트라이드 2, "same")``\ 로 12 → 24 → 48 → 96으로 키웁니다
#   (:ref:`sphx_glr_auto_examples_10_segmentation_plot_01_transposed_convolution.py`). 키울 때마다
#   인코더의 같은 크기 특성 맵을 채널 축으로 이어 붙이고(``Concatenate``) 합성곱 블록을 지납니다.
#   ResNet의 스킵 연결은 두 텐서를 더하므로(``Add``) 채널 수가 그대로지만, 이어 붙이면 두 텐서의
#   채널이 모두 남아 다음 합성곱 층이 둘을 어떻게 섞을지 배웁니다.
#   배치 정규화는 짧은 훈련에 맞춰 ``momentum=0.9``\ 입니다(이유는 Grad-CAM 페이지
#   :ref:`sphx_glr_auto_examples_11_explainability_plot_01_grad_cam.py` 에 있습니다).
# - **출력**: 1×1 합성곱과 소프트맥스로 픽셀마다 11개 클래스의 확률을 냅니다. 클래스가 11개이므로
#   그 바로 앞의 디코더 블록은 필터를 16개로 둡니다. 출력층은 이 블록의 채널을 픽셀마다 섞을
#   뿐이라, 채널이 클래스 수보다 적은 좁은 통로가 되지 않게 하려는 설계입니다(8개로 줄인 모델과
#   나란히 재 보지는 않았습니다).
#
# 모델은 탐지 페이지처럼 :func:`cnn_vision.distribute.pick_strategy` 가 고른 전략 안에서 만들고,
# 복사본이 둘 이상이면 배치 정규화를 동기화합니다(:doc:`여러 GPU로 훈련하기 </multi_gpu>`).
strategy = distribute.pick_strategy()
print(distribute.describe_strategy(strategy))
SYNC_BATCH_NORM = strategy.num_replicas_in_sync > 1


def conv_block(x, filters):
    x = tf.keras.layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = tf.keras.layers.BatchNormalization(momentum=0.9, synchronized=SYNC_BATCH_NORM)(x)
    return tf.keras.layers.ReLU()(x)


def build_unet():
    inputs = tf.keras.Input(shape=[96, 96, 1])
    skips = []
    x = inputs
    for filters in (8, 16, 32):
        x = conv_block(x, filters)
        skips.append(x)  # 96×96×8, 48×48×16, 24×24×32
        x = tf.keras.layers.MaxPool2D()(x)
    x = conv_block(x, 96)  # 12×12×96: 계산이 싼 가장 작은 특성 맵에서 깊이를 얻습니다
    x = conv_block(x, 96)
    for filters, skip in zip((32, 16, 16), reversed(skips)):
        x = tf.keras.layers.Conv2DTranspose(filters, 3, strides=2, padding="same")(x)
        x = tf.keras.layers.Concatenate()([x, skip])
        x = conv_block(x, filters)
    outputs = tf.keras.layers.Conv2D(NUM_SEGMENT_CLASSES, 1, activation="softmax")(x)
    return tf.keras.Model(inputs, outputs, name="small_unet")


# %%
# 옵티마이저는 탐지 페이지와 같이 Adam에 워밍업 + 코사인 학습률 스케줄입니다. 끝에서 학습률이 0에
# 가까워지면 배치 정규화의 이동 평균 통계(예측할 때 씀)가 마지막 가중치와 잘 맞습니다. 배치 크기는
# 복사본 하나에 32이고, ``fit()``\ 에는 복사본 수를 곱한 전역 배치를 줍니다.
BATCH_SIZE_PER_REPLICA = 32
BATCH_SIZE = BATCH_SIZE_PER_REPLICA * strategy.num_replicas_in_sync
total_steps = EPOCHS * -(-len(X_train) // BATCH_SIZE)
schedule = tf.keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=3e-4, warmup_target=3e-3, warmup_steps=max(1, total_steps // 10),
    decay_steps=max(1, total_steps - total_steps // 10))

tf.random.set_seed(42)
with strategy.scope():
    unet = build_unet()
    unet.compile(loss="sparse_categorical_crossentropy",
                 optimizer=tf.keras.optimizers.Adam(learning_rate=schedule), metrics=["accuracy"])
print(f"파라미터 {unet.count_params():,}개, 출력 모양 {unet.output_shape}")

# %%
# 훈련
# ----
# 손실은 픽셀마다의 희소 범주형 크로스 엔트로피의 평균입니다. 픽셀의 대부분이 배경이라 그대로
# 두면 배경을 맞히는 데 훈련이 쏠리므로, ``fit()``\ 의 ``sample_weight``\ 에 픽셀마다의 가중치를
# 주어 아이템 픽셀의 손실을 배경의 세 배로 셉니다. 검증 손실(``val_loss``)에도 같은 규칙의 가중치를
# 주어야 두 손실을 같은 눈금으로 비교할 수 있으므로, 검증 데이터를 ``(이미지, 마스크, 가중치)``
# 세 값으로 넘깁니다. 픽셀 정확도(``accuracy``)는 가중치 없이 모든 픽셀을 똑같이 세는데, 배경만
# 맞혀도 높게 나오므로 평가는 아래의 IoU로 합니다.
OBJECT_PIXEL_WEIGHT = 3.0


def pixel_weights(masks):
    return np.where(masks > 0, OBJECT_PIXEL_WEIGHT, 1.0).astype(np.float32)


start = time.perf_counter()
history = unet.fit(X_train, M_train, sample_weight=pixel_weights(M_train), batch_size=BATCH_SIZE,
                   epochs=EPOCHS, validation_data=(X_valid, M_valid, pixel_weights(M_valid)),
                   verbose=2)
train_seconds = time.perf_counter() - start
print(f"훈련 시간: {train_seconds:.0f}초(장면 {len(X_train):,}개 × {EPOCHS} 에포크)")

# %%
# 평가: 클래스별 IoU와 평균 IoU
# -----------------------------
# 클래스 c의 IoU는 (예측도 c, 정답도 c인 픽셀 수) / (예측이 c이거나 정답이 c인 픽셀 수)입니다.
# 모든 테스트 장면의 픽셀을 모아 혼동 행렬을 만든 다음 클래스마다 계산합니다. 평균 IoU는 배경을
# 포함한 11개 클래스의 평균입니다(PASCAL VOC의 방식). 배경을 뺀 10개 옷 클래스의 평균도 함께
# 출력합니다.
predicted_masks = unet.predict(X_test_scenes, batch_size=64, verbose=0).argmax(axis=-1)
confusion = np.bincount(M_test.ravel().astype(int) * NUM_SEGMENT_CLASSES + predicted_masks.ravel(),
                        minlength=NUM_SEGMENT_CLASSES ** 2).reshape(NUM_SEGMENT_CLASSES, -1)
true_positive = np.diag(confusion)
union = confusion.sum(axis=0) + confusion.sum(axis=1) - true_positive
class_iou = true_positive / np.maximum(union, 1)
mean_iou = class_iou.mean()
for name, value in zip(segment_names, class_iou):
    print(f"  {name:<8} IoU = {value:.3f}")
print(f"평균 IoU(11개 클래스) = {mean_iou:.3f}, 옷 10개 클래스만 = {class_iou[1:].mean():.3f}, "
      f"픽셀 정확도 = {true_positive.sum() / confusion.sum():.3f}")

# %%
# 케라스의 ``tf.keras.metrics.MeanIoU`` 로도 같은 값이 나오는지 확인합니다.
keras_mean_iou = tf.keras.metrics.MeanIoU(num_classes=NUM_SEGMENT_CLASSES)
keras_mean_iou.update_state(M_test.ravel(), predicted_masks.ravel())
print(f"tf.keras.metrics.MeanIoU = {float(keras_mean_iou.result()):.3f}")

# %%
# 막대그래프로 보면 어떤 클래스가 어려운지 보입니다. 이번 실행에서 IoU가 가장 낮은 세 클래스와,
# 혼동 행렬에서 옷 픽셀이 다른 옷 클래스로 칠해진 가장 흔한 (정답 → 예측) 쌍을 출력합니다(비율은
# 그 정답 클래스 픽셀 가운데의 몫).
print("IoU가 가장 낮은 클래스:", ", ".join(
    f"{segment_names[c]}({class_iou[c]:.2f})" for c in np.argsort(class_iou)[:3]))
clothes = confusion[1:, 1:] * (1 - np.eye(NUM_SEGMENT_CLASSES - 1, dtype=confusion.dtype))
top_pairs = np.argsort(clothes, axis=None)[::-1][:3]
print("다른 옷으로 칠해진 픽셀이 가장 많은 쌍:", ", ".join(
    f"{segment_names[1 + actual]} → {segment_names[1 + predicted]} "
    f"{clothes[actual, predicted] / max(confusion[1 + actual].sum(), 1):.1%}"
    for actual, predicted in zip(*np.unravel_index(top_pairs, clothes.shape))))
fig, ax = plt.subplots(figsize=(10, 4.2))
ax.bar(range(NUM_SEGMENT_CLASSES), class_iou, color=[segment_colors(i) for i in
                                                     range(NUM_SEGMENT_CLASSES)],
       edgecolor="gray")
ax.axhline(mean_iou, color="red", linestyle="--", label=f"평균 IoU {mean_iou:.3f}")
ax.set_xticks(range(NUM_SEGMENT_CLASSES))
ax.set_xticklabels(segment_names, rotation=30, fontsize=11)
ax.set_ylim(0, 1)
ax.set_ylabel("IoU")
ax.set_title("테스트 장면의 클래스별 IoU")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# 테스트 장면의 이미지, 정답 마스크, 예측 마스크를 나란히 그립니다.
fig, axes = plt.subplots(4, 3, figsize=(9.5, 13))
for row, index in enumerate(range(4)):
    axes[row, 0].imshow(test_scenes.images[index], cmap="gray")
    axes[row, 0].set_title("이미지", fontsize=12)
    axes[row, 0].axis("off")
    show_mask(axes[row, 1], M_test[index], "정답")
    show_mask(axes[row, 2], predicted_masks[index], "예측")
fig.legend(handles=legend_handles, loc="lower center", ncol=6, fontsize=10)
fig.tight_layout(rect=(0, 0.06, 1, 1))
plt.show()

# %%
# 실행 규모
# ---------
# full 프로필은 훈련 장면 60,000개로 20 에포크를 훈련하고 평가 장면도 5,000개로 늘립니다(GPU용).
print(f"이번 실행({profile.current()} 프로필): 훈련 장면 {len(X_train):,}개 × {EPOCHS} 에포크, "
      f"훈련 {train_seconds:.0f}초, 테스트 장면 {len(X_test_scenes):,}개에서 평균 IoU {mean_iou:.3f}")
if profile.is_smoke():
    print("(smoke 프로필: 아주 잠깐 훈련했으므로 이 숫자는 의미가 없습니다)")

# %%
# 정리
# ----
# - 의미 분할 모델은 인코더로 특성 맵을 줄여 '무엇'을, 전치 합성곱 디코더로 다시 키워 '어디'를
#   예측합니다. 스킵 연결이 줄이는 동안 잃은 세밀한 위치를 디코더에 건네줍니다.
# - 픽셀마다 소프트맥스로 클래스 확률을 내고 희소 범주형 크로스 엔트로피로 훈련합니다.
# - 배경이 대부분인 문제에서는 픽셀 정확도보다 클래스별 IoU와 평균 IoU가 모델을 잘 보여 줍니다.
# - 패션 MNIST 장면은 마스크가 정확하므로 예측의 오류가 레이블의 잡음이 아니라 모델의 한계입니다.
