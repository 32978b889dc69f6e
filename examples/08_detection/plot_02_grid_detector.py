r"""
=====================================================
격자 기반 객체 탐지 모델 훈련하기: NMS와 mAP
=====================================================

책은 YOLO 같은 한 단계(one-stage) :term:`객체 탐지` 모델을 이렇게 설명합니다. 이미지를 격자로
나누고, 격자의 칸(cell)마다 '여기에 :term:`객체`\ 의 중심이 있는가'(:term:`객체성 점수`, objectness), 그
객체의 :term:`경계 상자`\ (bounding box), 클래스를 한꺼번에 예측합니다. 같은 객체를 여러 칸이
찾으면 :term:`비최대 억제`\ (non-max suppression, NMS)로 겹치는 상자를 지우고, 모델은 :term:`평균 정밀도`\ 의
평균(:term:`mAP`)으로 평가합니다.

이 페이지는 그 전 과정을 인터넷 없이 진짜 이미지로 실행합니다.

1. 진짜 패션 MNIST 아이템 1~4개를 96×96 캔버스에 놓은 **패션 MNIST 장면** 을 만듭니다. 어디에
   무엇을 놓았는지 알기 때문에 상자와 클래스가 정확합니다.
2. 12×12 격자의 칸마다 객체성, 상자, 클래스를 예측하는 작은 CNN을 훈련합니다.
3. NMS를 직접 구현하고 설명합니다.
4. 훈련에 쓰지 않은 장면(패션 MNIST 테스트 세트의 아이템)에서 COCO 방식으로 클래스별 AP@0.5,
   mAP, AP@[.50:.95]를 재고, 정밀도-재현율 곡선과 예측 상자를 그립니다.

mAP를 손으로 계산하는 과정은 앞 페이지
:ref:`sphx_glr_auto_examples_08_detection_plot_01_mean_average_precision.py` 에 있습니다. docs
프로필은 2코어 CPU에서 몇 분 안에 끝나도록 훈련 장면과 에포크를 줄였습니다(끝에서 정리합니다).
"""

# sphinx_gallery_thumbnail_number = 5

# %%
# 패션 MNIST 장면
# ---------------
# 아이템은 패션 MNIST에서 가져옵니다. 훈련 장면은 훈련 세트의 이미지로, 평가 장면은 테스트 세트의
# 이미지로만 만들어서 평가할 때 모델이 처음 보는 옷이 나오게 합니다.
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
NUM_CLASSES = len(class_names)

# %%
# :func:`cnn_vision.scenes.make_scenes` 는 장면마다 아이템 수(1~4개), 아이템(중복 허용), 배율
# (0.75~1.5배, 최근접 이웃 보간), 위치를 무작위로 고릅니다. 상자는 아이템의 0이 아닌 픽셀을 꼭
# 맞게 감싸는 ``(x_min, y_min, x_max, y_max)`` 픽셀 좌표이고, 기본 설정에서는 상자끼리 겹치지
# 않습니다. 장면을 만드는 데 걸리는 시간은 훈련에 비하면 아주 짧습니다(:doc:`빌드 성능
# </performance>` 페이지에 잰 값이 있습니다).
from cnn_vision.scenes import make_scenes

NUM_TRAIN_SCENES = profile.pick(smoke=128, docs=12_000, full=60_000)
NUM_VALID_SCENES = profile.pick(smoke=32, docs=1_000, full=5_000)
NUM_TEST_SCENES = profile.pick(smoke=64, docs=1_000, full=5_000)

train_scenes = make_scenes(X_train_full[:-5000], y_train_full[:-5000], NUM_TRAIN_SCENES, seed=1)
valid_scenes = make_scenes(X_train_full[-5000:], y_train_full[-5000:], NUM_VALID_SCENES, seed=2)
test_scenes = make_scenes(X_test, y_test, NUM_TEST_SCENES, seed=3)
print(f"훈련 장면 {len(train_scenes):,}개, 검증 장면 {len(valid_scenes):,}개, "
      f"테스트 장면 {len(test_scenes):,}개(객체 {test_scenes.num_objects.sum():,}개)")

# %%
# 장면 몇 개를 실제 상자와 함께 봅니다.
from matplotlib.patches import Rectangle


def draw_boxes(ax, boxes, labels, *, color="lime", scores=None, linestyle="-", text_below=False):
    for index, ((x_min, y_min, x_max, y_max), label) in enumerate(zip(boxes, labels)):
        ax.add_patch(Rectangle((x_min - 0.5, y_min - 0.5), x_max - x_min, y_max - y_min,
                               fill=False, edgecolor=color, linewidth=2, linestyle=linestyle))
        text = class_names[label] if scores is None else f"{class_names[label]} {scores[index]:.2f}"
        y, va = (y_max + 0.5, "top") if text_below else (y_min - 1.5, "bottom")
        ax.text(x_min - 0.5, y, text, color=color, fontsize=9, va=va,
                bbox={"facecolor": "black", "alpha": 0.6, "pad": 1, "edgecolor": "none"})


fig, axes = plt.subplots(2, 4, figsize=(12, 6.4))
for index, ax in enumerate(axes.flat):
    ax.imshow(train_scenes.images[index], cmap="gray")
    draw_boxes(ax, *train_scenes.objects(index))
    ax.axis("off")
fig.suptitle("훈련 장면과 실제 상자")
fig.tight_layout()
plt.show()

# %%
# 격자로 타깃 만들기
# ------------------
# 96×96 이미지를 12×12 격자(칸 하나가 8×8 픽셀)로 나눕니다. 객체마다 **상자 중심이 들어 있는 칸**
# 하나가 그 객체를 책임집니다. 그 칸의 타깃은 다음 여섯 값입니다.
#
# - 객체성 1 (나머지 칸은 0)
# - 칸 안에서 중심의 위치 ``(t_x, t_y)``: 칸의 왼쪽 위가 0, 오른쪽 아래가 1
# - 상자 크기 ``(t_w, t_h) = (log(w / 24), log(h / 24))``: 기준 크기 24픽셀에 대한 로그 배율.
#   로그를 쓰면 작은 상자와 큰 상자의 오차가 비율로 비교됩니다.
# - 클래스 번호
#
# 두 객체의 중심이 한 칸에 들어가면 한 칸이 객체 하나만 예측할 수 있으므로 나중 객체만 남깁니다.
# 이런 객체는 모델이 찾을 수 없습니다. 얼마나 자주 일어나는지 세어 둡니다.
GRID = 12
CELL = 96 // GRID
ANCHOR = 24.0


def encode_targets(scenes):
    targets = np.zeros((len(scenes), GRID, GRID, 6), dtype=np.float32)
    x_min, y_min, x_max, y_max = np.moveaxis(scenes.boxes, -1, 0)
    center_x, center_y = (x_min + x_max) / 2, (y_min + y_max) / 2
    columns = np.minimum(center_x // CELL, GRID - 1).astype(int)
    rows = np.minimum(center_y // CELL, GRID - 1).astype(int)
    for slot in range(scenes.boxes.shape[1]):
        scene = np.flatnonzero(scenes.labels[:, slot] >= 0)
        row, column = rows[scene, slot], columns[scene, slot]
        targets[scene, row, column] = np.stack([
            np.ones(len(scene)),
            center_x[scene, slot] / CELL - column,
            center_y[scene, slot] / CELL - row,
            np.log((x_max - x_min)[scene, slot] / ANCHOR),
            np.log((y_max - y_min)[scene, slot] / ANCHOR),
            scenes.labels[scene, slot],
        ], axis=-1)
    return targets


Y_train = encode_targets(train_scenes)
Y_valid = encode_targets(valid_scenes)
X_train = train_scenes.images[..., np.newaxis].astype(np.float32) / 255
X_valid = valid_scenes.images[..., np.newaxis].astype(np.float32) / 255
X_test = test_scenes.images[..., np.newaxis].astype(np.float32) / 255
lost = int(train_scenes.num_objects.sum() - Y_train[..., 0].sum())
print(f"타깃 모양: {Y_train.shape}; 한 칸에 중심이 겹쳐 빠진 객체: 훈련 객체 "
      f"{train_scenes.num_objects.sum():,}개 중 {lost}개")

# %%
# 모델
# ----
# 합성곱 층과 최대 풀링으로 96×96을 12×12로 줄이는 작은 CNN입니다. 마지막에 1×1 합성곱으로 칸마다
# 1 + 4 + 10 = 15개 값(객체성 로짓, 상자 4개, 클래스 로짓 10개)을 냅니다. 밀집 층이 없는 완전
# 합성곱 신경망이라 칸마다 같은 가중치로 예측합니다
# (:ref:`sphx_glr_auto_examples_07_fully_convolutional_plot_01_dense_to_conv.py`). 12×12 칸 하나가
# 보는 입력 영역(:term:`수용장`)의 크기를 층마다 따라가며 계산해 아래에 출력합니다. 배치 정규화로
# 적은 에포크 안에 훈련되게 합니다.
#
# 모델은 :func:`cnn_vision.distribute.pick_strategy` 가 고른 분산 전략의 ``scope()`` 안에서
# 만듭니다. 이 사이트를 빌드하는 CPU에서는 기본 전략(장치 하나, 복사본 하나)이라 아무것도 바뀌지
# 않습니다. GPU가 여러 개일 때를 위해 두 가지를 복사본 수에 맞춥니다. 배치 정규화는 복사본이 둘
# 이상이면 모든 복사본의 배치로 통계를 내고(``synchronized=True``), 아래 훈련의 배치 크기는 복사본
# 수에 비례해 키웁니다. 왜 그런지는 :doc:`여러 GPU로 훈련하기 </multi_gpu>` 에 있습니다.
from cnn_vision import distribute

strategy = distribute.pick_strategy()
print(distribute.describe_strategy(strategy))
SYNC_BATCH_NORM = strategy.num_replicas_in_sync > 1


def conv_block(x, filters):
    x = tf.keras.layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = tf.keras.layers.BatchNormalization(momentum=0.9, synchronized=SYNC_BATCH_NORM)(x)
    return tf.keras.layers.ReLU()(x)


def build_detector():
    inputs = tf.keras.Input(shape=[96, 96, 1])
    x = inputs
    for filters in (16, 32, 64):
        x = conv_block(x, filters)
        x = tf.keras.layers.MaxPool2D()(x)
    x = conv_block(x, 128)
    x = conv_block(x, 128)
    outputs = tf.keras.layers.Conv2D(1 + 4 + NUM_CLASSES, 1)(x)
    return tf.keras.Model(inputs, outputs, name="grid_detector")


def receptive_field(model):
    size, jump = 1, 1  # 수용장의 크기와, 출력 한 칸이 입력에서 건너뛰는 픽셀 수
    for layer in model.layers:
        if isinstance(layer, (tf.keras.layers.Conv2D, tf.keras.layers.MaxPool2D)):
            kernel = layer.kernel_size[0] if hasattr(layer, "kernel_size") else layer.pool_size[0]
            size += (kernel - 1) * jump
            jump *= layer.strides[0]
    return size


field = receptive_field(build_detector())
print(f"출력 한 칸의 수용장: {field}×{field} 픽셀(입력 96×96, 칸 하나는 {CELL}×{CELL} 픽셀)")


# %%
# 손실 함수
# ---------
# 세 부분을 더합니다(이미지마다 칸들에 대해 합한 다음 배치 평균).
#
# - **객체성**: 모든 칸의 이진 크로스 엔트로피. 객체가 있는 칸은 1, 없는 칸은 0을 맞혀야 합니다.
# - **상자**: 객체가 있는 칸에서만, 예측한 ``(sigmoid(t_x), sigmoid(t_y), t_w, t_h)``\ 와 타깃의
#   절댓값 오차. 시그모이드로 중심이 칸 안에 머물게 합니다. 다른 항과 크기를 맞추려고 5를 곱합니다.
# - **클래스**: 객체가 있는 칸에서만 희소 범주형 크로스 엔트로피.
BOX_WEIGHT = 5.0


def detection_loss(y_true, y_pred):
    has_object = y_true[..., 0]
    objectness_loss = tf.nn.sigmoid_cross_entropy_with_logits(has_object, y_pred[..., 0])
    predicted_box = tf.concat([tf.sigmoid(y_pred[..., 1:3]), y_pred[..., 3:5]], axis=-1)
    box_loss = tf.reduce_sum(tf.abs(predicted_box - y_true[..., 1:5]), axis=-1)
    class_loss = tf.nn.sparse_softmax_cross_entropy_with_logits(
        tf.cast(y_true[..., 5], tf.int32), y_pred[..., 5:])
    per_cell = objectness_loss + has_object * (BOX_WEIGHT * box_loss + class_loss)
    return tf.reduce_sum(per_cell, axis=[1, 2])


# %%
# 훈련
# ----
# Adam 옵티마이저에 워밍업 + 코사인 학습률 스케줄을 씁니다. 에포크마다 검증 장면으로 손실을 잽니다.
# ``fit()``\ 의 배치 크기는 모든 복사본을 합친 전역 배치이므로, 복사본 하나가 받는 배치가 64가
# 되도록 복사본 수를 곱합니다(장치 하나에서는 64). 학습률은 복사본 수와 상관없이 그대로 둡니다.
EPOCHS = profile.pick(smoke=1, docs=4, full=20)
BATCH_SIZE_PER_REPLICA = 64
BATCH_SIZE = BATCH_SIZE_PER_REPLICA * strategy.num_replicas_in_sync
total_steps = EPOCHS * -(-len(X_train) // BATCH_SIZE)
schedule = tf.keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=3e-4, warmup_target=3e-3, warmup_steps=max(1, total_steps // 10),
    decay_steps=max(1, total_steps - total_steps // 10))

tf.random.set_seed(42)
with strategy.scope():
    detector = build_detector()
    detector.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=schedule),
                     loss=detection_loss)
print(f"파라미터 {detector.count_params():,}개, 출력 모양 {detector.output_shape}")

start = time.perf_counter()
history = detector.fit(X_train, Y_train, batch_size=BATCH_SIZE, epochs=EPOCHS,
                       validation_data=(X_valid, Y_valid), verbose=2)
train_seconds = time.perf_counter() - start
print(f"훈련 시간: {train_seconds:.0f}초(장면 {len(X_train):,}개 × {EPOCHS} 에포크)")

# %%
# 예측을 상자로 바꾸기
# --------------------
# 칸마다 점수 = 객체성 확률 × 가장 높은 클래스 확률로 정하고, 예측한 중심과 크기를 픽셀 좌표의
# 상자로 되돌립니다. 점수가 0.05 이하인 칸은 버립니다. 그래도 한 객체 주위의 여러 칸이 비슷한
# 상자를 냅니다.
SCORE_THRESHOLD = 0.05


def decode_predictions(outputs):
    objectness = tf.sigmoid(outputs[..., 0]).numpy()
    class_probabilities = tf.nn.softmax(outputs[..., 5:]).numpy()
    offsets = tf.sigmoid(outputs[..., 1:3]).numpy()
    sizes = ANCHOR * np.exp(outputs[..., 3:5])
    rows, columns = np.mgrid[0:GRID, 0:GRID]
    center_x = (columns + offsets[..., 0]) * CELL
    center_y = (rows + offsets[..., 1]) * CELL
    boxes = np.stack([center_x - sizes[..., 0] / 2, center_y - sizes[..., 1] / 2,
                      center_x + sizes[..., 0] / 2, center_y + sizes[..., 1] / 2], axis=-1)
    scores = objectness * class_probabilities.max(axis=-1)
    labels = class_probabilities.argmax(axis=-1)
    n = len(outputs)
    return boxes.reshape(n, -1, 4), scores.reshape(n, -1), labels.reshape(n, -1)


test_outputs = detector.predict(X_test, batch_size=256, verbose=0)
candidate_boxes, candidate_scores, candidate_labels = decode_predictions(test_outputs)

# %%
# 비최대 억제(NMS)
# ----------------
# NMS는 같은 객체를 가리키는 상자들 가운데 가장 확신하는 하나만 남깁니다.
#
# 1. 점수가 높은 순서로 상자를 줄 세웁니다.
# 2. 맨 앞의 상자를 결과에 넣습니다.
# 3. 남은 상자 가운데 방금 넣은 상자와의 IoU가 임곗값(여기서는 0.5)보다 큰 것을 모두 지웁니다.
#    같은 객체를 본 상자라고 보는 것입니다.
# 4. 상자가 남아 있으면 2로 돌아갑니다.
#
# IoU는 앞 페이지의 :func:`cnn_vision.detection.iou` 를 씁니다. 아래의
# ``non_max_suppression``\ 은 텐서플로의 ``tf.image.non_max_suppression``\ 과 같은 상자를 고릅니다
# (이 프로젝트의 테스트가 무작위 상자로 비교합니다).
from cnn_vision.detection import iou


def non_max_suppression(boxes, scores, iou_threshold=0.5, max_output_size=20):
    order = np.argsort(-scores, kind="stable")
    keep = []
    while order.size > 0 and len(keep) < max_output_size:
        best, rest = order[0], order[1:]
        keep.append(best)
        overlaps = np.atleast_1d(iou(boxes[best], boxes[rest], box_format="corners"))
        order = rest[overlaps <= iou_threshold]
    return np.array(keep, dtype=int)


# %%
# 클래스가 다른 상자끼리는 지우지 않도록 클래스마다 따로 NMS를 합니다(YOLO와 같은 방식).
def detect(boxes, scores, labels, iou_threshold=0.5, max_detections=20):
    candidates = np.flatnonzero(scores > SCORE_THRESHOLD)
    kept = []
    for label in np.unique(labels[candidates]):
        mine = candidates[labels[candidates] == label]
        kept.extend(mine[non_max_suppression(boxes[mine], scores[mine], iou_threshold)])
    kept = np.array(kept, dtype=int)
    kept = kept[np.argsort(-scores[kept], kind="stable")][:max_detections]
    return boxes[kept], scores[kept], labels[kept]


detections = [detect(*candidates) for candidates in zip(candidate_boxes, candidate_scores,
                                                         candidate_labels)]
before = (candidate_scores > SCORE_THRESHOLD).sum(axis=1).mean()
after = np.mean([len(found[0]) for found in detections])
print(f"장면당 상자: NMS 전 {before:.1f}개 → NMS 후 {after:.1f}개 "
      f"(실제 객체 {test_scenes.num_objects.mean():.1f}개)")

# %%
# NMS 전후를 한 장면에서 비교합니다. 왼쪽은 점수가 0.05를 넘는 모든 칸의 상자, 오른쪽은 NMS로
# 남은 상자입니다(초록: 실제 상자, 빨강: 예측).
scene_index = int(np.argmax(test_scenes.num_objects[:50]))
fig, axes = plt.subplots(1, 2, figsize=(11, 5.8))
all_boxes = candidate_scores[scene_index] > SCORE_THRESHOLD
panels = [
    ("NMS 전", candidate_boxes[scene_index][all_boxes], candidate_labels[scene_index][all_boxes],
     candidate_scores[scene_index][all_boxes]),
    ("NMS 후", detections[scene_index][0], detections[scene_index][2], detections[scene_index][1]),
]
for ax, (title, boxes, labels, scores) in zip(axes, panels):
    ax.imshow(test_scenes.images[scene_index], cmap="gray")
    draw_boxes(ax, *test_scenes.objects(scene_index), text_below=True)
    draw_boxes(ax, boxes, labels, color="red", scores=scores if len(boxes) < 8 else None,
               linestyle="--")
    ax.set_xlim(-0.5, 95.5)
    ax.set_ylim(95.5, -0.5)
    ax.set_title(f"{title}: 상자 {len(boxes)}개")
    ax.axis("off")
fig.tight_layout()
plt.show()

# %%
# 평가: 클래스별 AP, mAP, AP@[.50:.95]
# ------------------------------------
# :func:`cnn_vision.detection.evaluate_detections` 는 클래스와 IoU 임곗값마다, 모든 테스트 장면의
# 탐지를 신뢰도 순으로 실제 상자와 짝지어(앞 페이지의 :func:`~cnn_vision.detection.match_detections`)
# 정밀도-재현율 곡선을 만들고 AP를 계산합니다. 짝짓기와 AP 모두 COCO의 규칙입니다. 탐지는 아직 짝이
# 없는 실제 상자 가운데 IoU가 가장 큰 것과 짝지어지고, 그 IoU가 임곗값 **이상** 이면 진짜 양성입니다.
# AP는 재현율 0, 0.01, ..., 1의 101개 지점에서 최대 정밀도를 평균합니다. 이 프로젝트의 테스트가 같은
# 탐지 결과로 pycocotools의 ``COCOeval``\ 과 비교해 0.001 안에서 같은 값을 확인합니다.
#
# - **AP@0.5**: IoU 임곗값 0.5의 AP. 임곗값은 PASCAL VOC와 같지만 계산은 COCO 방식입니다. VOC의 평가
#   코드는 IoU가 0.5를 **넘어야** 하고, 이미 짝지어진 실제 상자와 가장 많이 겹친 탐지를 다른 상자와
#   짝짓지 않고 거짓 양성으로 세며, AP를 VOC 2007은 재현율 11개 지점으로, 2010부터는 곡선 아래 넓이
#   전체로 계산합니다. 그래서 같은 탐지라도 VOC의 값과 조금 다를 수 있습니다.
# - **mAP**: 클래스마다의 AP 평균.
# - **AP@[.50:.95]**: IoU 임곗값 0.50, 0.55, ..., 0.95 각각의 mAP를 다시 평균한 COCO의 주 지표.
#   상자를 정확히 맞혀야 높게 나옵니다.
from cnn_vision.detection import evaluate_detections

true_boxes, true_labels = zip(*(test_scenes.objects(i) for i in range(len(test_scenes))))
evaluation = evaluate_detections(*zip(*detections), true_boxes, true_labels,
                                 num_classes=NUM_CLASSES)
per_class_ap = evaluation.per_class(0.5)
map_50 = evaluation.mean_average_precision(0.5)
map_75 = evaluation.mean_average_precision(0.75)
map_coco = evaluation.mean_average_precision()
for name, ap in zip(class_names, per_class_ap):
    print(f"  {name:<8} AP@0.5 = {ap:.3f}")
print(f"mAP@0.5 = {map_50:.3f}, mAP@0.75 = {map_75:.3f}, AP@[.50:.95] = {map_coco:.3f}")

# %%
# 클래스마다의 정밀도-재현율 곡선(IoU 0.5)입니다. 점선은 그 곡선의 '최대 정밀도'(오른쪽에서 본
# 누적 최댓값)이고, 그 아래 넓이가 AP입니다. 어느 클래스가 어려웠는지는 이번 실행의 출력으로
# 확인합니다.
from cnn_vision.detection import maximum_precisions

print("AP@0.5가 가장 낮은 클래스:", ", ".join(
    f"{class_names[label]}({per_class_ap[label]:.2f})" for label in np.argsort(per_class_ap)[:3]))

fig, axes = plt.subplots(2, 5, figsize=(15, 6.6), sharex=True, sharey=True)
for label, ax in enumerate(axes.flat):
    precisions, recalls = evaluation.curve(label, 0.5)
    if len(precisions):
        ax.plot(recalls, precisions, color="tab:blue")
        ax.plot(recalls, maximum_precisions(precisions), "--", color="tab:orange")
    ax.set_title(f"{class_names[label]} (AP {per_class_ap[label]:.2f})", fontsize=12)
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.05)
    ax.grid(True)
for ax in axes[1]:
    ax.set_xlabel("재현율")
for ax in axes[:, 0]:
    ax.set_ylabel("정밀도")
fig.suptitle(f"테스트 장면의 정밀도-재현율 곡선 (IoU 0.5, mAP {map_50:.3f})")
fig.tight_layout()
plt.show()

# %%
# 상자가 틀렸을까, 클래스가 틀렸을까
# ----------------------------------
# IoU 임곗값을 올리면 mAP가 떨어집니다. 임곗값 0.5에서 진짜 양성이던 탐지 가운데 상자가 덜 정확한
# 것이 더 높은 임곗값에서는 거짓 양성이 되기 때문입니다. 하지만 mAP에는 클래스를 맞혔는지와 점수
# 순서도 함께 섞여 있어서, 그 감소만으로는 상자의 정확도와 분류를 나눠 볼 수 없습니다. 그래서 두
# 가지를 따로 잽니다. 클래스를 무시하고 탐지를 실제 상자와 짝지은 다음(IoU 0.5 이상, COCO 규칙),
#
# - 짝지어진 탐지의 IoU로 **상자의 정확도** 를,
# - 그 가운데 클래스가 틀린 비율과 가장 흔한 (실제 → 예측) 쌍으로 **분류의 실수** 를 봅니다.
from collections import Counter

from cnn_vision.detection import match_detections


def matches_ignoring_class(detections, scenes, iou_threshold=0.5):
    overlaps, pairs = [], []
    for index, (boxes, scores, labels) in enumerate(detections):
        truth_boxes, truth_labels = scenes.objects(index)
        if len(boxes) == 0 or len(truth_boxes) == 0:
            continue
        found = match_detections(boxes, scores, truth_boxes, iou_threshold, box_format="corners")
        # 장면의 상자는 서로 겹치지 않으므로, 짝은 IoU가 가장 큰 실제 상자입니다.
        matrix = iou(boxes[found][:, np.newaxis], truth_boxes[np.newaxis], box_format="corners")
        overlaps.extend(matrix.max(axis=1))
        pairs.extend(zip(truth_labels[matrix.argmax(axis=1)], labels[found]))
    return np.array(overlaps), np.array(pairs).reshape(-1, 2)


matched_ious, label_pairs = matches_ignoring_class(detections, test_scenes)
wrong = label_pairs[:, 0] != label_pairs[:, 1]
print(f"상자가 맞은 탐지(클래스 무시, IoU 0.5 이상) {len(matched_ious):,}개 "
      f"(실제 객체 {test_scenes.num_objects.sum():,}개)")
print(f"  상자의 정확도: 평균 IoU {matched_ious.mean():.3f}, 중앙값 {np.median(matched_ious):.3f}, "
      f"IoU 0.75 이상 {np.mean(matched_ious >= 0.75):.1%}")
print(f"  클래스가 틀린 탐지: {wrong.mean():.1%}, 가장 많은 쌍: " + (", ".join(
    f"{class_names[actual]} → {class_names[predicted]} {count}개" for (actual, predicted), count
    in Counter(map(tuple, label_pairs[wrong])).most_common(3)) or "없음"))

# %%
# IoU 임곗값에 따른 mAP입니다.
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
maps = [evaluation.mean_average_precision(t) for t in evaluation.iou_thresholds]
ax.plot(evaluation.iou_thresholds, maps, "o-")
ax.axhline(map_coco, color="gray", linestyle=":", label=f"평균 = AP@[.50:.95] = {map_coco:.3f}")
ax.set_xlabel("IoU 임곗값")
ax.set_ylabel("mAP")
ax.set_ylim(0, 1)
ax.grid(True)
ax.legend()
ax.set_title("IoU 임곗값에 따른 mAP")
plt.show()

# %%
# 테스트 장면 여덟 개의 예측(빨간 점선, 위에 클래스와 점수)과 실제 상자(초록, 아래에 클래스)입니다.
# 점수가 0.3 이상인 탐지만 그립니다.
fig, axes = plt.subplots(2, 4, figsize=(13, 7))
for index, ax in enumerate(axes.flat):
    boxes, scores, labels = detections[index]
    confident = scores >= 0.3
    ax.imshow(test_scenes.images[index], cmap="gray")
    draw_boxes(ax, *test_scenes.objects(index), text_below=True)
    draw_boxes(ax, boxes[confident], labels[confident], color="red", scores=scores[confident],
               linestyle="--")
    ax.set_xlim(-0.5, 95.5)
    ax.set_ylim(95.5, -0.5)
    ax.axis("off")
fig.suptitle("테스트 장면: 예측(빨강)과 실제(초록)")
fig.tight_layout()
plt.show()

# %%
# 실행 규모
# ---------
# docs 프로필은 2코어 CPU에서 몇 분 안에 끝나도록 줄인 규모입니다. full 프로필은 훈련 장면
# 60,000개로 20 에포크를 훈련하고 평가 장면도 5,000개로 늘립니다(GPU용).
print(f"이번 실행({profile.current()} 프로필): 훈련 장면 {len(X_train):,}개 × {EPOCHS} 에포크, "
      f"훈련 {train_seconds:.0f}초, 테스트 장면 {len(X_test):,}개에서 mAP@0.5 = {map_50:.3f}, "
      f"AP@[.50:.95] = {map_coco:.3f}")
if profile.is_smoke():
    print("(smoke 프로필: 아주 잠깐 훈련했으므로 이 숫자는 의미가 없습니다)")

# %%
# 정리
# ----
# - 한 단계 탐지 모델은 격자의 칸마다 객체성, 상자, 클래스를 한 번에 예측합니다. 객체는 상자 중심이
#   들어 있는 칸이 책임집니다.
# - 여러 칸이 같은 객체를 찾으므로 NMS로 가장 높은 점수의 상자만 남깁니다. 점수 순으로 하나를
#   고르고, 그것과 IoU가 임곗값보다 큰 상자를 지우는 일을 되풀이합니다.
# - 평가는 클래스마다 정밀도-재현율 곡선의 AP를 구해 평균한 mAP로 합니다. 여기서는 짝짓기와 AP
#   모두 COCO의 규칙을 씁니다. AP@0.5의 임곗값은 PASCAL VOC와 같지만 계산 규칙은 VOC와 다릅니다.
# - 임곗값을 올릴 때 mAP가 떨어지는 정도에는 상자의 정확도와 분류가 함께 섞여 있습니다. 클래스를
#   무시하고 탐지를 실제 상자와 짝지으면, 상자의 정확도는 짝지어진 탐지의 IoU로, 분류의 실수는 그
#   가운데 클래스가 틀린 탐지로 따로 볼 수 있습니다.
# - 모델을 분산 전략의 ``scope()`` 안에서 만들고 배치 크기를 복사본 수에 맞춰 두면 같은 코드가
#   여러 GPU에서도 돕니다(:doc:`여러 GPU로 훈련하기 </multi_gpu>`).
