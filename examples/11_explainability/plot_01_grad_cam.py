r"""
=====================================================
Grad-CAM: CNN은 이미지의 어디를 보았을까
=====================================================

.. note::

   **책을 넘어서는 내용입니다.** 14장은 Grad-CAM을 다루지 않습니다. 책의 합성곱 층, 전역 평균
   풀링, 사전 훈련된 모델을 이어서, 모델이 무엇을 보고 답했는지 묻는 방법으로 덧붙였습니다.

분류 모델이 "가방"이라고 답했을 때, 정말 가방을 보고 그렇게 답했을까요? Grad-CAM(gradient-weighted
class activation mapping)은 마지막 합성곱 층의 특성 맵과 그 :term:`그레이디언트`\ 로 :term:`클래스 활성화 맵`
(히트맵)을 만들어, 모델이 그 클래스를 고를 때 이미지의 어느 부분이 근거가 되었는지 보여 줍니다.

이 페이지에서는

1. 96×96 패션 MNIST 장면(아이템 하나가 무작위 위치에 있음)을 분류하는 작은 CNN을 훈련하고,
2. Grad-CAM을 직접 구현해 히트맵을 이미지에 겹쳐 그리고, 전역 평균 풀링 뒤에 밀집 층 하나가 있는
   모델에서는 Grad-CAM이 CAM과 같다는 것을 확인하고,
3. 상자를 정확히 아는 장면이므로 히트맵의 최댓값이 실제로 아이템의 상자 안에 떨어지는지
   (:term:`포인팅 게임`) 재고,
4. 두 아이템이 있는 장면에서 클래스를 바꾸면 히트맵도 그 클래스의 아이템으로 옮겨 가는지 보고,
5. 같은 함수를 ``keras.applications``\ 의 사전 훈련된 모델(ResNet50)에 쓰는 법을 봅니다.

docs 프로필은 2코어 CPU에 맞춰 훈련 장면과 에포크를 줄였습니다(끝에서 정리합니다).
"""

# sphinx_gallery_thumbnail_number = 1

# %%
# 데이터: 아이템이 하나인 장면
# ----------------------------
# 분류기는 아이템이 하나뿐인 장면을 보고 그 아이템의 클래스를 맞힙니다. 아이템의 위치와 크기가
# 장면마다 다르므로 모델은 위치와 상관없이 옷을 알아봐야 합니다.
import time

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import distribute, plotting, pretrained, profile
from cnn_vision.fashion_mnist import FASHION_MNIST_CLASS_NAMES_KO, ensure_fashion_mnist
from cnn_vision.scenes import make_scenes

# 끝의 "사전 훈련된 모델에 쓰기"에서 쓸 ResNet50 가중치와 클래스 이름 파일을 먼저 확인합니다(없으면
# 알림을 출력하고 무작위 가중치, 클래스 번호로 계속합니다).
resnet_weights = pretrained.imagenet_weights("resnet50")
class_index = pretrained.imagenet_class_index()
plotting.set_book_style()
print(profile.describe())
print(ensure_fashion_mnist().describe())

(X_train_full, y_train_full), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
class_names = FASHION_MNIST_CLASS_NAMES_KO

NUM_TRAIN_SCENES = profile.pick(smoke=128, docs=10_000, full=55_000)
NUM_TEST_SCENES = profile.pick(smoke=64, docs=1_000, full=10_000)
EPOCHS = profile.pick(smoke=1, docs=3, full=15)

single = {"num_objects": (1, 1)}
train_scenes = make_scenes(X_train_full[:-5000], y_train_full[:-5000], NUM_TRAIN_SCENES, seed=21,
                           **single)
valid_scenes = make_scenes(X_train_full[-5000:], y_train_full[-5000:], 500, seed=22, **single)
test_scenes = make_scenes(X_test, y_test, NUM_TEST_SCENES, seed=23, **single)


def as_inputs(scenes):
    return scenes.images[..., np.newaxis].astype(np.float32) / 255


X_train, X_valid, X_test_scenes = (as_inputs(s) for s in (train_scenes, valid_scenes, test_scenes))
y_train, y_valid, y_test_scenes = (s.labels[:, 0] for s in (train_scenes, valid_scenes, test_scenes))
print(f"훈련 장면 {len(X_train):,}개, 테스트 장면 {len(X_test_scenes):,}개")

# %%
# 분류기
# ------
# 합성곱 블록과 최대 풀링으로 96×96을 12×12로 줄인 다음, 마지막 합성곱 층(``last_conv``)의 특성
# 맵을 전역 평균 풀링으로 모아 밀집 층 하나로 10개 클래스의 점수(:term:`로짓`)를 냅니다. Grad-CAM은 클래스
# 점수를 소프트맥스 전의 로짓으로 쓰므로 출력층에 소프트맥스를 두지 않고, 손실에
# ``from_logits=True``\ 를 줍니다.
#
# 배치 정규화 층은 훈련하는 동안 배치의 평균과 분산으로 정규화하고, 예측할 때는 그동안 모은 이동
# 평균을 씁니다. 이동 평균은 평균 0, 분산 1에서 출발해 스텝마다 ``1 - momentum``\ 만큼만 새 값을
# 따라갑니다. 이 장면들은 대부분이 0(배경)이라 첫 합성곱 층 출력의 분산이 아주 작은데(훈련한 뒤의
# 값을 아래에서 출력합니다), 기본값 ``momentum=0.99``\ 로는 수백 스텝의 짧은 훈련 동안 초깃값 1의
# 흔적(0.99의 스텝 수 제곱)이 실제 분산보다 크게 남습니다. 그러면 예측할 때만 특성이 크게 줄어
# 정확도가 무작위 수준으로 떨어집니다(훈련 정확도는 높은데 검증 정확도만 낮은 증상). 그래서
# ``momentum=0.9``\ 로 이동 평균이 빨리 따라오게 합니다.
# 탐지와 분할 페이지의 모델도 같은 설정을 씁니다. 복사본이 둘 이상이면 배치 정규화를 동기화합니다.
strategy = distribute.pick_strategy()
SYNC_BATCH_NORM = strategy.num_replicas_in_sync > 1


def conv_block(x, filters, name=None):
    x = tf.keras.layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = tf.keras.layers.BatchNormalization(momentum=0.9, synchronized=SYNC_BATCH_NORM)(x)
    return tf.keras.layers.ReLU(name=name)(x)


def build_classifier():
    inputs = tf.keras.Input(shape=[96, 96, 1])
    x = inputs
    for filters in (16, 32, 64):
        x = conv_block(x, filters)
        x = tf.keras.layers.MaxPool2D()(x)
    x = conv_block(x, 128, name="last_conv")  # 12×12×128
    x = tf.keras.layers.GlobalAveragePooling2D()(x)
    logits = tf.keras.layers.Dense(len(class_names))(x)
    return tf.keras.Model(inputs, logits, name="scene_classifier")


# %%
# 탐지 페이지와 같이 Adam에 워밍업 + 코사인 학습률 스케줄을 씁니다. 끝에서 학습률이 0에 가까워지면
# 가중치가 자리를 잡아서, 배치 정규화 층이 훈련하는 동안 모은 이동 평균 통계(예측할 때 씀)와 마지막
# 가중치가 잘 맞습니다.
# 배치 크기는 복사본 하나에 64이고 ``fit()``\ 에는 복사본 수를 곱한 전역 배치를 줍니다
# (:doc:`여러 GPU로 훈련하기 </multi_gpu>`).
BATCH_SIZE_PER_REPLICA = 64
BATCH_SIZE = BATCH_SIZE_PER_REPLICA * strategy.num_replicas_in_sync
total_steps = EPOCHS * -(-len(X_train) // BATCH_SIZE)
schedule = tf.keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=3e-4, warmup_target=3e-3, warmup_steps=max(1, total_steps // 10),
    decay_steps=max(1, total_steps - total_steps // 10))

tf.random.set_seed(42)
with strategy.scope():
    classifier = build_classifier()
    classifier.compile(
        loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        optimizer=tf.keras.optimizers.Adam(learning_rate=schedule),
        metrics=["accuracy"],
    )
start = time.perf_counter()
classifier.fit(X_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS, validation_data=(X_valid, y_valid),
               verbose=2)
train_seconds = time.perf_counter() - start
test_accuracy = classifier.evaluate(X_test_scenes, y_test_scenes, verbose=0)[1]
print(f"훈련 {train_seconds:.0f}초, 테스트 장면 정확도 {test_accuracy:.2%}")
first_batch_norm = next(layer for layer in classifier.layers
                        if isinstance(layer, tf.keras.layers.BatchNormalization))
steps = EPOCHS * -(-len(X_train) // BATCH_SIZE)
print(f"첫 배치 정규화 층의 이동 분산(채널 평균): {float(np.mean(first_batch_norm.moving_variance)):.4f}; "
      f"{steps} 스텝 뒤 초깃값 1이 남기는 몫: momentum 0.99면 {0.99 ** steps:.4f}, "
      f"0.9면 {0.9 ** steps:.1e}")

# %%
# Grad-CAM 구현
# -------------
# 마지막 합성곱 층의 특성 맵을 :math:`A^k` (k번째 채널), 클래스 c의 점수(로짓)를 :math:`y^c` 라고
# 합시다.
#
# 1. **그레이디언트**: :math:`y^c` 를 특성 맵의 각 값으로 미분합니다(``tf.GradientTape``). 어떤
#    위치의 특성이 커질 때 클래스 점수가 얼마나 커지는지입니다.
# 2. **채널 가중치**: 채널마다 그 그레이디언트를 공간 전체에서 평균해 :math:`\alpha_k^c` 를
#    얻습니다. 채널 k가 클래스 c에 얼마나 중요한지를 나타냅니다.
# 3. **가중합과 ReLU**: :math:`\mathrm{ReLU}(\sum_k \alpha_k^c A^k)` 가 히트맵입니다. 클래스
#    점수를 *올리는* 쪽의 근거만 보려고 음수는 0으로 자릅니다.
# 4. 보기 좋게 최댓값으로 나눠 0~1로 맞춥니다.
#
# 히트맵은 특성 맵 크기(12×12)이므로 입력 크기로 키워서 이미지에 겹쳐 그립니다. 합성곱 층이 위치
# 정보를 간직하므로 거친 지도지만 어디를 보았는지 알 수 있습니다.


def make_gradcam_heatmap(model, images, layer_name, class_indices=None):
    grad_model = tf.keras.Model(model.inputs, [model.get_layer(layer_name).output, model.output])
    images = tf.convert_to_tensor(images, dtype=tf.float32)
    with tf.GradientTape() as tape:
        feature_maps, logits = grad_model(images, training=False)
        if class_indices is None:
            class_indices = tf.argmax(logits, axis=-1)
        class_scores = tf.gather(logits, tf.reshape(class_indices, [-1, 1]), axis=1, batch_dims=1)
    gradients = tape.gradient(class_scores, feature_maps)
    channel_weights = tf.reduce_mean(gradients, axis=(1, 2))  # α: (배치, 채널)
    heatmaps = tf.nn.relu(tf.einsum("bhwk,bk->bhw", feature_maps, channel_weights))
    heatmaps = heatmaps / (tf.reduce_max(heatmaps, axis=(1, 2), keepdims=True) + 1e-12)
    return heatmaps.numpy()


heatmaps = make_gradcam_heatmap(classifier, X_test_scenes, "last_conv")
predicted = classifier.predict(X_test_scenes, verbose=0).argmax(axis=-1)
print("히트맵 모양:", heatmaps.shape)

# %%
# Grad-CAM과 CAM
# --------------
# Grad-CAM보다 먼저 나온 CAM(class activation mapping)은 이 분류기처럼 마지막 합성곱 층 → 전역 평균
# 풀링 → 밀집 층 하나로 끝나는 모델에서만 쓸 수 있는 방법입니다. 밀집 층의 가중치 :math:`w_k^c`
# (채널 k에서 클래스 c로)를 그대로 채널 가중치로 써서 :math:`\sum_k w_k^c A^k` 를 히트맵으로 삼습니다.
#
# 이런 모델에서는 두 방법이 같습니다. 특성 맵의 위치 수를 :math:`Z` (여기서는 12 × 12 = 144)라고
# 하면 로짓은 :math:`y^c = \sum_k w_k^c \frac{1}{Z}\sum_{i,j} A^k_{ij} + b^c` 이므로, 어느 위치에서나
# :math:`\partial y^c / \partial A^k_{ij} = w_k^c / Z` 입니다. 그래서 Grad-CAM의 채널 가중치는
# :math:`\alpha_k^c = w_k^c / Z` (밀집 층 가중치를 위치 수로 나눈 값)이고, 히트맵은 CAM을 양수 :math:`Z`
# 로 나눈 것이라 최댓값으로 나누고 나면 똑같습니다. Grad-CAM은 이 관계를 그레이디언트로 일반화해서,
# 합성곱 층 뒤에 어떤 층이 오든 쓸 수 있게 한 방법입니다. 아래 코드가 두 사실을 확인합니다.
feature_model = tf.keras.Model(classifier.inputs,
                               [classifier.get_layer("last_conv").output, classifier.output])
cam_images = tf.convert_to_tensor(X_test_scenes[:16])
with tf.GradientTape() as tape:
    feature_maps, logits = feature_model(cam_images, training=False)
    class_scores = tf.gather(logits, predicted[:16, np.newaxis], axis=1, batch_dims=1)
alphas = tf.reduce_mean(tape.gradient(class_scores, feature_maps), axis=(1, 2)).numpy()
dense_kernel = classifier.layers[-1].kernel.numpy()  # (채널 128, 클래스 10)
num_positions = feature_maps.shape[1] * feature_maps.shape[2]
expected_alphas = dense_kernel[:, predicted[:16]].T / num_positions
cams = np.maximum(np.einsum("bhwk,bk->bhw", feature_maps.numpy(), dense_kernel[:, predicted[:16]].T), 0)
cams = cams / (cams.max(axis=(1, 2), keepdims=True) + 1e-12)
print(f"위치 수 Z = {num_positions}; |α − w / Z|의 최댓값 {np.abs(alphas - expected_alphas).max():.1e} "
      f"(α의 크기 {np.abs(alphas).max():.1e})")
print(f"최댓값으로 나눈 CAM과 Grad-CAM의 최대 차이: {np.abs(cams - heatmaps[:16]).max():.1e}")
assert np.allclose(alphas, expected_alphas, rtol=1e-4, atol=1e-8)
assert np.allclose(cams, heatmaps[:16], atol=1e-4)

# %%
# 히트맵 겹쳐 그리기
# ------------------
# 예측한 클래스의 히트맵을 입력 크기(96×96)로 키워 이미지 위에 반투명하게 그립니다. 초록 상자가
# 실제 아이템의 상자입니다. 틀린 예측은 제목이 빨간색입니다.
from matplotlib.patches import Rectangle


def upsample(heatmap, size=96):
    return tf.image.resize(heatmap[..., np.newaxis], (size, size), method="bilinear").numpy()[..., 0]


def draw_box(ax, box, color="lime"):
    x_min, y_min, x_max, y_max = box
    ax.add_patch(Rectangle((x_min - 0.5, y_min - 0.5), x_max - x_min, y_max - y_min, fill=False,
                           edgecolor=color, linewidth=2))


fig, axes = plt.subplots(2, 5, figsize=(14, 7.6))
for index, ax in enumerate(axes.flat):
    ax.imshow(test_scenes.images[index], cmap="gray")
    ax.imshow(upsample(heatmaps[index]), cmap="jet", alpha=0.45, vmin=0, vmax=1)
    draw_box(ax, test_scenes.boxes[index, 0])
    correct = predicted[index] == y_test_scenes[index]
    ax.set_title(f"예측: {class_names[predicted[index]]}\n정답: {class_names[y_test_scenes[index]]}",
                 fontsize=11, color="black" if correct else "red")
    ax.axis("off")
fig.suptitle("예측한 클래스의 Grad-CAM 히트맵")
fig.tight_layout()
plt.show()

# %%
# 히트맵은 객체를 가리킬까: 포인팅 게임
# -------------------------------------
# 포인팅 게임(pointing game)은 히트맵이 가장 큰 칸의 중심이 실제 상자 안에 들어가면 '맞혔다'고
# 셉니다. 히트맵 칸 (i, j)의 중심은 입력에서 (8j + 3.5, 8i + 3.5)입니다(12×12 칸 하나가 8×8 픽셀).
# 비교를 위해 두 기준을 함께 잽니다.
#
# - 무작위로 고른 점이 상자 안에 들어갈 확률(상자 넓이 / 캔버스 넓이의 평균).
# - 모델 없이, 입력을 8×8 칸마다 평균한 밝기가 가장 큰 칸. 검은 캔버스에 아이템이 하나뿐이면 밝은
#   곳은 아이템뿐이라, 이 기준도 거의 언제나 맞힙니다.
#
# 그래서 아이템이 하나인 장면의 포인팅 게임은 히트맵이 아이템 근처를 가리킨다는 것만 보여 줄 뿐,
# 모델이 *그 클래스의 근거* 를 찾았다는 증거는 되지 못합니다. 그 질문에는 다음 절의 두 아이템
# 장면이 답합니다.
cell = 96 // heatmaps.shape[1]


def brightness_map(images):
    return tf.nn.avg_pool2d(images, cell, cell, "VALID").numpy()[..., 0]



def peak_in_box(heatmaps, boxes):
    rows, columns = np.unravel_index(heatmaps.reshape(len(heatmaps), -1).argmax(axis=1),
                                     heatmaps.shape[1:])
    x, y = columns * cell + (cell - 1) / 2, rows * cell + (cell - 1) / 2
    return (x >= boxes[:, 0]) & (x < boxes[:, 2]) & (y >= boxes[:, 1]) & (y < boxes[:, 3])


hit = peak_in_box(heatmaps, test_scenes.boxes[:, 0])
x_min, y_min, x_max, y_max = np.moveaxis(test_scenes.boxes[:, 0], -1, 0)
chance = ((x_max - x_min) * (y_max - y_min) / 96 ** 2).mean()
correct = predicted == y_test_scenes
brightest_hit = peak_in_box(brightness_map(X_test_scenes), test_scenes.boxes[:, 0])
print(f"히트맵 최댓값이 상자 안: {hit.mean():.1%} (무작위 점이라면 {chance:.1%}, "
      f"모델 없이 가장 밝은 칸이라면 {brightest_hit.mean():.1%})")
assert brightest_hit.mean() > 0.9  # 아이템 하나뿐인 검은 캔버스: 밝기만으로 거의 다 맞힙니다
print(f"  맞힌 예측에서 {hit[correct].mean():.1%}, 틀린 예측에서 "
      f"{hit[~correct].mean() if (~correct).any() else float('nan'):.1%}")

# %%
# 클래스마다 다른 근거: 아이템이 둘인 장면
# ----------------------------------------
# Grad-CAM은 클래스마다 따로 계산합니다. 분류기는 아이템이 하나인 장면으로만 훈련했지만, 클래스가
# 다른 아이템 두 개를 놓고 각 클래스의 히트맵을 그려 보면 히트맵이 그 클래스의 아이템 쪽으로 옮겨
# 가는지 볼 수 있습니다. 같은 이미지라도 "무엇의 근거를 묻는가"에 따라 답이 달라집니다. 여기서는
# 밝기만으로는 맞힐 수 없습니다. 가장 밝은 칸은 클래스와 상관없이 두 아이템 가운데 하나를 가리키므로,
# 두 클래스의 상자를 모두 맞힐 수는 없습니다.
pair_scenes = make_scenes(X_test, y_test, 200, num_objects=(2, 2), seed=24)
keep = (pair_scenes.num_objects == 2) & (pair_scenes.labels[:, 0] != pair_scenes.labels[:, 1])
pair_images = as_inputs(pair_scenes)[keep]
pair_labels, pair_boxes = pair_scenes.labels[keep], pair_scenes.boxes[keep]
pair_heatmaps = [make_gradcam_heatmap(classifier, pair_images, "last_conv",
                                      class_indices=pair_labels[:, slot]) for slot in range(2)]

fig, axes = plt.subplots(3, 3, figsize=(10, 10.4))
for row in range(3):
    axes[row, 0].imshow(pair_images[row, :, :, 0], cmap="gray")
    axes[row, 0].set_title("장면", fontsize=12)
    for slot in range(2):
        ax = axes[row, slot + 1]
        ax.imshow(pair_images[row, :, :, 0], cmap="gray")
        ax.imshow(upsample(pair_heatmaps[slot][row]), cmap="jet", alpha=0.45, vmin=0, vmax=1)
        draw_box(ax, pair_boxes[row, slot])
        ax.set_title(f"'{class_names[pair_labels[row, slot]]}'의 히트맵", fontsize=12)
    for ax in axes[row]:
        ax.axis("off")
fig.suptitle("같은 장면, 두 클래스의 Grad-CAM 히트맵 (초록: 그 클래스의 상자)")
fig.tight_layout()
plt.show()

# %%
# 두 아이템의 클래스가 다른 장면 모두에서, 각 클래스의 히트맵 최댓값이 그 클래스의 아이템 상자에
# 떨어지는 비율을 셉니다.
pair_hits = np.concatenate([peak_in_box(pair_heatmaps[slot], pair_boxes[:, slot])
                            for slot in range(2)])
pair_brightest = brightness_map(pair_images)
brightest_pair_hits = np.concatenate([peak_in_box(pair_brightest, pair_boxes[:, slot])
                                      for slot in range(2)])
print(f"두 아이템 장면 {len(pair_images)}개: 클래스의 히트맵 최댓값이 그 클래스의 상자 안 "
      f"{pair_hits.mean():.1%} (모델 없이 가장 밝은 칸이라면 {brightest_pair_hits.mean():.1%})")
assert brightest_pair_hits.mean() <= 0.5 + 1e-9  # 한 장면에서 두 상자를 다 맞힐 수 없습니다
if not profile.is_smoke():  # 정리의 말: 히트맵이 밝기 기준보다 자주 그 클래스의 상자를 가리킵니다
    assert pair_hits.mean() > brightest_pair_hits.mean()

# %%
# 사전 훈련된 모델에 쓰기
# -----------------------
# 위의 ``make_gradcam_heatmap`` 은 ``keras.applications``\ 의 사전 훈련된 모델에도 쓸 수 있지만,
# 층 이름만 바꿔서는 안 되고 두 가지를 챙겨야 합니다.
#
# 1. **로짓이 필요합니다.** ``keras.applications``\ 의 분류 모델은 마지막 밀집 층에 소프트맥스가
#    들어 있어 확률을 냅니다. 확률은 다른 클래스의 점수에도 기대고, 확신이 클수록 포화되어
#    그레이디언트가 0에 가까워지므로, Grad-CAM은 소프트맥스 전의 점수(로짓)를 미분합니다.
#    모델을 만들 때 ``classifier_activation=None`` 을 주면 마지막 층이 로짓을 냅니다(이미 만든
#    모델이면 널리 쓰는 방법대로 ``model.layers[-1].activation = None``).
# 2. **층 이름은 모델마다 다릅니다.** ResNet50의 마지막 합성곱 블록의 출력은 ``"conv5_block3_out"``
#    입니다(``model.summary()`` 에서 ``GlobalAveragePooling2D`` 바로 앞 층).
#
# 분류기는 ImageNet 가중치의 ResNet50이고, 이미지는
# :ref:`sphx_glr_auto_examples_04_pretrained_plot_01_resnet50.py` 와 같은 사이킷런 샘플 이미지 두
# 장입니다. 인터넷이 없어 가중치를 받지 못한 빌드에서는 무작위
# 가중치로 계속하므로(페이지 맨 위의 알림), 그 히트맵과 클래스는 아무 의미가 없습니다. 이 절에서
# 확인하는 것은 코드가 도는지와, 아래의 두 계산이 같은지뿐입니다.
from sklearn.datasets import load_sample_images

RESNET_LAST_CONV = "conv5_block3_out"
resnet = tf.keras.applications.ResNet50(weights=resnet_weights.weights, classifier_activation=None)
print("ResNet50 출력층의 활성화 함수:", resnet.layers[-1].activation.__name__)

sample_images = np.asarray(load_sample_images().images, dtype=np.float32)
resized = tf.keras.layers.Resizing(224, 224, crop_to_aspect_ratio=True)(sample_images)
resnet_inputs = tf.keras.applications.resnet50.preprocess_input(resized)
resnet_logits = resnet.predict(resnet_inputs, verbose=0)
top_classes = resnet_logits.argmax(axis=-1)
probabilities = tf.nn.softmax(resnet_logits).numpy()
if class_index.standin:
    top1 = pretrained.top_k_indices(probabilities, top=1)
else:
    top1 = tf.keras.applications.resnet50.decode_predictions(probabilities, top=1)
resnet_heatmaps = make_gradcam_heatmap(resnet, resnet_inputs, RESNET_LAST_CONV)
print("히트맵 모양:", resnet_heatmaps.shape, "(224×224 입력의 7×7 특성 맵)")

# %%
# **중첩된 기반 모델.** 전이 학습에서는 기반 모델을 층 하나처럼 넣어
# ``Sequential([base_model, GlobalAveragePooling2D(), Dense(...)])`` 이나 ``x = base_model(inputs)``
# 로 모델을 만들기도 합니다. 그러면 바깥 모델의 층 목록에는 기반 모델이 층 하나로만 들어 있어서
# ``model.get_layer("conv5_block3_out")`` 이 실패합니다. 이때는 바깥 모델을 기반 모델의 입력에서
# 시작하도록 다시 엮으면(기반 모델의 출력 뒤에 바깥 모델의 나머지 층을 차례로 붙임) 안쪽 층 이름이
# 보이고, 같은 ``make_gradcam_heatmap`` 을 그대로 쓸 수 있습니다. 기반 모델 앞에 전처리 층이
# 있으면 그 층은 입력에 먼저 적용해 둡니다. 책의 전이 학습처럼 ``base_model.output`` 위에 층을 쌓아
# 만든 모델은 중첩되지 않았으므로 이 과정이 필요 없습니다.
#
# ResNet50을 "기반 모델(마지막 합성곱 블록까지) + 전역 평균 풀링 + 밀집 층"으로 중첩해 만들어 보고,
# 다시 엮은 모델의 히트맵이 위의 히트맵과 같은지 확인합니다.


def rewire_nested_base(model, base_name):
    base = model.get_layer(base_name)
    x = base.output
    for layer in model.layers[model.layers.index(base) + 1:]:
        x = layer(x)
    return tf.keras.Model(base.inputs, x)


resnet_base = tf.keras.Model(resnet.inputs, resnet.get_layer(RESNET_LAST_CONV).output, name="base_model")
nested = tf.keras.Sequential([tf.keras.Input(shape=[224, 224, 3]), resnet_base,
                              resnet.get_layer("avg_pool"), resnet.get_layer("predictions")])
try:
    nested.get_layer(RESNET_LAST_CONV)
except ValueError as error:
    print("중첩된 모델에서 get_layer:", type(error).__name__)
else:
    raise AssertionError("바깥 모델의 get_layer가 중첩된 기반 모델 안의 층을 찾았습니다")
nested_heatmaps = make_gradcam_heatmap(rewire_nested_base(nested, "base_model"), resnet_inputs,
                                       RESNET_LAST_CONV)
print(f"다시 엮은 모델과 원래 모델의 히트맵 최대 차이: {np.abs(nested_heatmaps - resnet_heatmaps).max():.1e}")
assert np.allclose(nested_heatmaps, resnet_heatmaps, atol=1e-4)

# %%
# 두 이미지에서 ResNet50이 가장 높은 점수를 준 클래스의 히트맵입니다.
fig, axes = plt.subplots(1, 2, figsize=(10, 5.4))
for ax, image, heatmap, (class_id, name, probability) in zip(axes, resized.numpy(), resnet_heatmaps,
                                                            (row[0] for row in top1)):
    ax.imshow(image / 255)
    ax.imshow(upsample(heatmap, size=224), cmap="jet", alpha=0.45, vmin=0, vmax=1)
    ax.set_title(f"{resnet_weights.label}{name if not class_index.standin else class_id} "
                 f"({probability:.0%})", fontsize=12)
    ax.axis("off")
fig.suptitle(f"{resnet_weights.label}ResNet50이 고른 클래스의 Grad-CAM")
fig.tight_layout()
plt.show()

# %%
# 실행 규모
# ---------
# full 프로필은 훈련 장면 55,000개로 15 에포크를 훈련합니다.
print(f"이번 실행({profile.current()} 프로필): 훈련 장면 {len(X_train):,}개 × {EPOCHS} 에포크, "
      f"훈련 {train_seconds:.0f}초, 테스트 정확도 {test_accuracy:.2%}, 포인팅 게임 {hit.mean():.1%}")
if profile.is_smoke():
    print("(smoke 프로필: 아주 잠깐 훈련했으므로 이 숫자는 의미가 없습니다)")

# %%
# 정리
# ----
# - Grad-CAM은 클래스 점수를 마지막 합성곱 층의 특성 맵으로 미분하고, 채널마다 평균한 그레이디언트를
#   가중치로 특성 맵을 더한 뒤 ReLU를 씌워 히트맵을 만듭니다.
# - 히트맵은 특성 맵의 해상도(여기서는 12×12)라 거칠지만, 모델이 이미지의 어디를 근거로 삼았는지
#   알려 줍니다. 상자를 정확히 아는 장면에서는 그 최댓값이 상자 안에 떨어지는 비율로 확인할 수
#   있습니다.
# - 전역 평균 풀링 뒤에 밀집 층 하나가 있는 모델에서 Grad-CAM은 CAM과 같습니다. 채널 가중치가 밀집
#   층의 가중치를 위치 수로 나눈 값이기 때문입니다.
# - 아이템이 하나뿐인 검은 캔버스에서는 밝기만으로도 포인팅 게임을 거의 다 맞히므로, 히트맵이 클래스의
#   근거를 찾는지는 아이템이 둘인 장면에서 클래스를 바꿔 가며 봅니다. 이 분류기의 히트맵은 그
#   장면에서 밝기 기준(많아야 50%)보다 자주 그 클래스의 상자를 가리켰습니다.
# - 사전 훈련된 ``keras.applications`` 모델에 쓰려면 로짓이 나오게 하고
#   (``classifier_activation=None``), 그 모델의 마지막 합성곱 층 이름을 찾고, 기반 모델이 중첩되어
#   있으면 안쪽 층이 보이도록 모델을 다시 엮습니다.
