r"""
==========================================
밀집 층을 합성곱 층으로 바꾸기(FCN)
==========================================

책은 :term:`완전 합성곱 신경망`\ (fully convolutional network, FCN)을 이렇게 설명합니다. CNN 위쪽의
:term:`밀집 층`\ 은 그 아래 :term:`특성 맵` 전체를 덮는 :term:`커널`\ 을 쓴
:term:`합성곱 층`\ (``"valid"`` 패딩)과 같은 계산을 하므로, 가중치의 모양만 바꿔 옮기면 똑같은
출력을 냅니다. 그런데 합성곱 층은 입력 크기를 가리지 않으므로,
이렇게 바꾼 신경망은 더 큰 이미지를 받아 **위치마다의 클래스 점수 지도** 를 냅니다. 작은
이미지로 훈련한 분류기를 큰 이미지 위에서 한 번에 '밀어 보는' 셈입니다.

이 페이지에서는

1. 책의 패션 MNIST CNN을 짧게 훈련하고,
2. 밀집 층 세 개를 가중치를 옮긴 합성곱 층으로 바꿔 28×28 입력에서 출력이 같음을 숫자로 확인한
   다음,
3. 바꾼 신경망을 96×96 '패션 MNIST 장면' 전체에 한 번 적용해 클래스 점수 지도를 그립니다.

docs 프로필은 책의 CNN 구조를 그대로 두고 훈련만 줄입니다(무엇을 줄였는지는 끝에서 정리합니다).
"""

# sphinx_gallery_thumbnail_number = 2

# %%
# 데이터와 책의 CNN
# -----------------
# 패션 MNIST는 다른 페이지처럼 책의 ``load_data()``\ 로 읽습니다(인터넷이 없으면
# :func:`~cnn_vision.fashion_mnist.ensure_fashion_mnist` 가 로컬 사본을 케라스 캐시에 넣어 둡니다).
import time

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import plotting, profile
from cnn_vision.fashion_mnist import FASHION_MNIST_CLASS_NAMES_KO, ensure_fashion_mnist

plotting.set_book_style()
print(profile.describe())
print(ensure_fashion_mnist().describe())

(X_train_full, y_train_full), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
class_names = FASHION_MNIST_CLASS_NAMES_KO

TRAIN_SIZE = profile.pick(smoke=256, docs=30_000, full=55_000)
EPOCHS = profile.pick(smoke=1, docs=1, full=10)
BATCH_SIZE = profile.pick(smoke=64, docs=128, full=32)
CHECK_SIZE = profile.pick(smoke=64, docs=1_000, full=10_000)

X_train = X_train_full[:TRAIN_SIZE, :, :, np.newaxis].astype(np.float32) / 255
y_train = y_train_full[:TRAIN_SIZE]
X_check = X_test[:CHECK_SIZE, :, :, np.newaxis].astype(np.float32) / 255

# %%
# 모델은 :ref:`sphx_glr_auto_examples_03_architectures_plot_01_fashion_mnist_cnn.py` 의 책
# 모델과 같은 구조입니다. 7×7 합성곱 하나와 3×3 합성곱 네 개, 최대 풀링 세 개 뒤에 밀집 층
# 세 개(128, 64, 10)가 있습니다. 나중에 밀집 층을 찾기 쉽도록 이름을 붙여 둡니다.
from functools import partial

tf.random.set_seed(42)
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
    tf.keras.layers.Dense(units=128, activation="relu", kernel_initializer="he_normal",
                          name="dense_128"),
    tf.keras.layers.Dropout(0.5),
    tf.keras.layers.Dense(units=64, activation="relu", kernel_initializer="he_normal",
                          name="dense_64"),
    tf.keras.layers.Dropout(0.5),
    tf.keras.layers.Dense(units=10, activation="softmax", name="dense_10"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam", metrics=["accuracy"])

start = time.perf_counter()
model.fit(X_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE, verbose=2)
train_seconds = time.perf_counter() - start
test_accuracy = model.evaluate(X_check, y_test[:CHECK_SIZE], verbose=0)[1]
print(f"훈련 {train_seconds:.0f}초, 테스트 이미지 {CHECK_SIZE:,}장의 정확도 {test_accuracy:.2%}")

# %%
# 밀집 층은 어떤 합성곱 층과 같을까
# ---------------------------------
# 마지막 최대 풀링의 출력은 3×3×256 특성 맵입니다. ``Flatten``\ 은 이것을 (행, 열, 채널) 순서로
# 2,304개 숫자로 펼치고, ``Dense(128)``\ 은 2,304×128 가중치 행렬을 곱합니다. 출력 뉴런 하나는
# 특성 맵의 모든 위치, 모든 채널에 가중치를 하나씩 두고 더하는 셈이므로, **3×3 커널에 입력 채널
# 256개, 필터 128개인 합성곱 층** 과 같습니다. 커널이 특성 맵 전체를 덮으니 ``"valid"`` 패딩으로
# 한 위치에서만 계산하면 출력은 1×1×128입니다. 그 위의 ``Dense(64)``\ 와 ``Dense(10)``\ 은 1×1
# 특성 맵을 받으므로 1×1 합성곱과 같습니다.
#
# 가중치는 모양만 바꿔 옮깁니다. 케라스 ``Conv2D``\ 의 커널 모양은
# (커널 높이, 커널 너비, 입력 채널, 필터 수)이고, ``Flatten``\ 의 펼치는 순서(행, 열, 채널)가
# 바로 이 앞쪽 세 축을 펼치는 순서와 같아서 ``reshape`` 하나로 충분합니다.
flatten_index = next(i for i, layer in enumerate(model.layers)
                     if isinstance(layer, tf.keras.layers.Flatten))
feature_layers = model.layers[:flatten_index]
feature_map_shape = model.layers[flatten_index].input.shape[1:]
print("밀집 층에 들어가는 특성 맵:", tuple(feature_map_shape))

dense_128, dense_64, dense_10 = (model.get_layer(name) for name in ("dense_128", "dense_64",
                                                                     "dense_10"))
height, width, channels = feature_map_shape
conv_128 = tf.keras.layers.Conv2D(128, kernel_size=(height, width), activation="relu")
conv_64 = tf.keras.layers.Conv2D(64, kernel_size=1, activation="relu")
conv_10 = tf.keras.layers.Conv2D(10, kernel_size=1, activation="softmax")

# %%
# 입력 크기를 ``None``\ 으로 두어 어떤 크기의 이미지든 받는 모델을 만듭니다. 합성곱·풀링 층은
# 훈련한 모델의 층 객체를 그대로 다시 부르므로 가중치를 공유합니다. 드롭아웃은 훈련할 때만 뉴런을
# 끄고 예측할 때는 아무것도 하지 않으므로 뺍니다.
inputs = tf.keras.Input(shape=[None, None, 1])
z = inputs
for layer in feature_layers:
    z = layer(z)
outputs = conv_10(conv_64(conv_128(z)))
fcn = tf.keras.Model(inputs, outputs)

for dense, conv in [(dense_128, conv_128), (dense_64, conv_64), (dense_10, conv_10)]:
    kernel, bias = dense.get_weights()
    conv.set_weights([kernel.reshape(conv.kernel.shape), bias])
    print(f"{dense.name}: 가중치 {kernel.shape} → 합성곱 커널 {tuple(conv.kernel.shape)}")

# %%
# 28×28 입력에서 두 모델의 출력 비교
# ----------------------------------
# 28×28 이미지를 넣으면 FCN의 출력은 1×1×10입니다. 이것을 원래 모델의 출력(10개 클래스의 확률)과
# 비교합니다. 계산 순서가 달라 생기는 부동소수점 반올림 차이만 남아야 합니다.
dense_output = model.predict(X_check, verbose=0)
conv_output = fcn.predict(X_check, verbose=0)
print("FCN 출력 모양:", conv_output.shape)
max_difference = np.abs(conv_output[:, 0, 0, :] - dense_output).max()
print(f"테스트 이미지 {len(X_check):,}장에서 두 출력의 최대 절댓값 차이: {max_difference:.2e}")
print("예측 클래스가 모두 같은가:",
      bool((conv_output[:, 0, 0, :].argmax(-1) == dense_output.argmax(-1)).all()))
assert max_difference < 1e-5

# %%
# 큰 이미지에 적용하기: 패션 MNIST 장면
# -------------------------------------
# :func:`cnn_vision.scenes.make_scenes` 는 진짜 패션 MNIST 이미지 몇 개를 96×96 캔버스의 무작위
# 위치에 놓은 장면을 만듭니다. 어디에 무엇을 놓았는지 알기 때문에 경계 상자와 클래스가
# 정확합니다. 여기서는 분류기가 본 것과 같은 크기로 보이도록 아이템 크기를 바꾸지 않고
# (``scale_range=(1, 1)``) 테스트 세트의 이미지만 씁니다.
from matplotlib.patches import Patch, Rectangle

from cnn_vision.scenes import make_scenes

scenes = make_scenes(X_test, y_test, 20, num_objects=(3, 4), scale_range=(1, 1), seed=7)
scene_index = int(np.argmax(scenes.num_objects))
scene = scenes.images[scene_index].astype(np.float32) / 255
true_boxes, true_labels = scenes.objects(scene_index)


def draw_boxes(ax, boxes, labels, color="lime"):
    for (x_min, y_min, x_max, y_max), label in zip(boxes, labels):
        ax.add_patch(Rectangle((x_min - 0.5, y_min - 0.5), x_max - x_min, y_max - y_min,
                               fill=False, edgecolor=color, linewidth=2))
        ax.text(x_min - 0.5, y_min - 1.5, class_names[label], color=color, fontsize=11,
                bbox={"facecolor": "black", "alpha": 0.6, "pad": 1, "edgecolor": "none"})


fig, ax = plt.subplots(figsize=(5, 5))
ax.imshow(scene, cmap="gray")
draw_boxes(ax, true_boxes, true_labels)
ax.set_title("96×96 패션 MNIST 장면과 실제 상자")
ax.axis("off")
plt.show()

# %%
# 같은 FCN에 96×96 장면을 통째로 넣습니다. 최대 풀링 세 번으로 특성 맵은 12×12가 되고, 3×3
# ``"valid"`` 합성곱을 지나면 10×10 위치마다 클래스 10개의 확률이 나옵니다. 출력 위치 (i, j)는
# 입력에서 왼쪽 위가 (8i, 8j)인 28×28 창(window)을 본 분류기의 답에 해당합니다(풀링 세 번의
# 스트라이드가 2×2×2 = 8입니다).
score_map = fcn.predict(scene[np.newaxis, :, :, np.newaxis], verbose=0)[0]
print("클래스 점수 지도의 모양:", score_map.shape)

# %%
# 장면에 있는 클래스마다 그 클래스의 확률 지도를 그립니다. 지도의 칸 (i, j)는 그 창의 가운데
# (8i + 14, 8j + 14)에 놓이도록 그립니다. 아이템이 창 한가운데 오는 위치에서 그 클래스의 확률이
# 높게 나옵니다.
present = list(dict.fromkeys(true_labels.tolist()))
fig, axes = plt.subplots(1, len(present), figsize=(3.6 * len(present) + 1, 4.4), squeeze=False,
                         layout="constrained")
extent = [10 - 0.5, 90 - 0.5, 90 - 0.5, 10 - 0.5]  # 칸 중심 14, 22, ..., 86 (간격 8)
for ax, label in zip(axes.flat, present):
    ax.imshow(scene, cmap="gray")
    shown = ax.imshow(score_map[:, :, label], cmap="inferno", alpha=0.6, vmin=0, vmax=1,
                      extent=extent)
    draw_boxes(ax, true_boxes[true_labels == label], true_labels[true_labels == label])
    ax.set_xlim(-0.5, 95.5)
    ax.set_ylim(95.5, -0.5)
    ax.set_title(f"'{class_names[label]}' 확률")
    ax.axis("off")
fig.colorbar(shown, ax=axes.ravel().tolist(), shrink=0.8, label="확률")
fig.suptitle("FCN이 한 번에 계산한 클래스 점수 지도")
plt.show()

# %%
# 아무것도 없는 창에서는 어떨까요? 이 분류기는 '배경' 클래스를 배운 적이 없어 빈 창에도 10개
# 클래스 중 하나를 고릅니다. 칸마다 가장 높은 확률의 클래스를 색으로 칠해 보면 빈 곳에도 답이
# 있습니다.
# 탐지 모델이 클래스와 별도로 '여기에 객체가 있는가'(객체성 점수, objectness)를 예측하는 이유입니다
# (:ref:`sphx_glr_auto_examples_08_detection_plot_02_grid_detector.py`).
best_class = score_map.argmax(axis=-1)
best_probability = score_map.max(axis=-1)
class_colors = plt.get_cmap("tab10").colors
overlay = np.zeros((*best_class.shape, 4))
overlay[..., :3] = np.array(class_colors)[best_class]
overlay[..., 3] = 0.75 * best_probability  # 확신이 낮을수록 투명하게
fig, ax = plt.subplots(figsize=(7.5, 5.6), layout="constrained")
ax.imshow(scene, cmap="gray")
ax.imshow(overlay, extent=extent)
ax.set_xlim(-0.5, 95.5)
ax.set_ylim(95.5, -0.5)
ax.axis("off")
ax.set_title("칸마다 가장 높은 클래스(진할수록 확률이 높음)")
shown_classes = np.unique(best_class)
ax.legend(handles=[Patch(color=class_colors[c], label=class_names[c]) for c in shown_classes],
          loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=10)
plt.show()
print(f"확률이 0.9를 넘는 칸: {(best_probability > 0.9).sum()}개 / {best_probability.size}개")

# %%
# 창을 하나씩 잘라 분류하는 것과 비교
# -----------------------------------
# FCN의 출력은 28×28 창 100개를 하나씩 잘라 원래 CNN에 넣은 것과 같을까요? 거의 같지만 완전히
# 같지는 않습니다. 잘라 낸 창의 가장자리에서 CNN은 ``"same"`` 패딩의 0을 보지만, FCN 안에서는 그
# 자리에 실제 이웃 픽셀(과 그 특성)이 있기 때문입니다. 마지막 창들은 캔버스 밖으로 4픽셀 나가므로
# 0으로 채워 자릅니다. 계산량은 크게 다릅니다. FCN은 겹치는 창들의 합성곱을 한 번만 계산합니다.
padded = np.pad(scene, ((0, 4), (0, 4)))
windows = np.stack([padded[8 * i:8 * i + 28, 8 * j:8 * j + 28]
                    for i in range(score_map.shape[0]) for j in range(score_map.shape[1])])
start = time.perf_counter()
window_scores = model.predict(windows[..., np.newaxis], verbose=0).reshape(score_map.shape)
window_seconds = time.perf_counter() - start
start = time.perf_counter()
fcn.predict(scene[np.newaxis, :, :, np.newaxis], verbose=0)
fcn_seconds = time.perf_counter() - start
agree = (window_scores.argmax(-1) == best_class).mean()
print(f"창 100개를 따로 분류: {window_seconds * 1000:.0f}ms, FCN 한 번: {fcn_seconds * 1000:.0f}ms")
print(f"두 방법의 확률 차이: 평균 {np.abs(window_scores - score_map).mean():.3f}, "
      f"최대 {np.abs(window_scores - score_map).max():.3f}; 가장 높은 클래스가 같은 칸 {agree:.0%}")

# %%
# 실행 규모
# ---------
# 모델 구조는 책과 같고, 줄인 것은 훈련뿐입니다. 변환이 정확한지(최대 차이 < 1e-5)는 훈련량과
# 상관없이 성립합니다. 점수 지도가 얼마나 깔끔한지는 분류기가 얼마나 잘 훈련되었는지에 달려
# 있습니다.
print(f"이번 실행({profile.current()} 프로필): 훈련 이미지 {TRAIN_SIZE:,}장 × {EPOCHS} 에포크, "
      f"배치 {BATCH_SIZE}; 책은 55,000장 × 10 에포크, 배치 32입니다(full 프로필).")
if profile.is_smoke():
    print("(smoke 프로필: 아주 잠깐 훈련했으므로 정확도와 점수 지도는 의미가 없습니다)")

# %%
# 정리
# ----
# - 특성 맵 전체를 덮는 밀집 층은 커널 크기가 특성 맵 크기인 ``"valid"`` 합성곱 층과 같고, 그
#   뒤의 밀집 층은 1×1 합성곱과 같습니다. 가중치는 ``reshape``\ 만으로 옮겨집니다.
# - 28×28 입력에서 두 모델의 출력 차이는 부동소수점 반올림 수준(1e-5 미만)입니다.
# - 바꾼 신경망(FCN)은 큰 이미지에서 위치마다 클래스 점수를 한 번에 계산합니다. 창을 하나씩 잘라
#   분류하는 것과 거의 같은 답을 훨씬 적은 계산으로 냅니다.
# - 분류기는 '배경'을 모르므로 빈 곳에도 클래스를 답합니다. 탐지 모델은 객체성 점수와 상자를 함께
#   예측해 이 문제를 풉니다. 다음 갤러리에서는 전치 합성곱으로 이런 지도를 다시 입력 크기로 키워
#   픽셀마다 클래스를 예측합니다(의미 분할).
