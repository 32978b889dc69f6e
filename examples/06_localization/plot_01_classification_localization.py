r"""
==========================================
분류와 위치 추정을 함께 하는 두 출력 모델
==========================================

:term:`객체`\ 의 :term:`위치 추정`\ (localization)은 회귀 문제입니다. 객체를 둘러싼
:term:`경계 상자`\ (bounding box)를 숫자 네 개로 나타내고, 모델이 클래스와 함께 이 네 숫자를 예측하게 하면
됩니다. 이 페이지에서는 사전 훈련된 Xception 위에 클래스 출력과 상자 출력을 나란히 붙인 모델을 만들고
훈련합니다.

이 페이지에서 배우는 것:

- 출력이 두 개인 모델을 함수형 API로 만들고, 출력마다 손실과 가중치, 지표를 정하는 방법
- 경계 상자를 숫자 네 개로 나타내는 방법
- 예측한 상자와 :term:`타깃` 상자를 그림으로 비교하고 :term:`IoU`\ 로 재는 방법

.. warning::

   tf_flowers에는 경계 상자가 없습니다. 이 페이지의 타깃 상자는 책처럼 **무작위로 만든 가짜
   상자** 입니다. 모델은 이미지와 아무 상관 없는 숫자를 맞히도록 훈련되므로, 상자 예측과 IoU는
   코드가 어떻게 동작하는지 보여 줄 뿐 아무 의미가 없습니다. 진짜로 훈련하려면 사람이 이미지마다
   상자를 그려 넣은 데이터가 필요합니다.
"""

# %%
# 실행 규모
# ---------
# 책의 코드는 224×224 이미지의 배치 5개를 두 번 반복해(:term:`에포크`\ 마다 스텝 10개) 2 에포크 훈련하도록
# 되어 있습니다(노트북에서는 ``fit()`` 줄이 주석 처리되어 있어 실제로 훈련하지는 않습니다).
# ``full`` 프로필은 이 설정 그대로입니다. ``docs`` 프로필은 이미지 크기를 96×96으로, 배치를
# 1개로(에포크마다 스텝 2개) 줄입니다. 이 모델은 :term:`기반 모델`\ 까지 모두 훈련하므로 2코어 CPU에서는
# 96×96 이미지 32장짜리 스텝 하나에 10초쯤 걸립니다. ``smoke`` 프로필은 71×71 이미지 8장짜리
# 배치 하나(두 번 반복)로 1 에포크만 돌고, 트레이싱 시간을 아끼려고 즉시 실행
# (``run_eagerly=True``)으로 훈련합니다.
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import detection, flowers, plotting, pretrained, profile

# 데이터와 가중치를 먼저 확인합니다. 없어서 대체물로 계속하면 그 알림이 이 스크립트의 첫 출력이
# 됩니다. label은 대체물로 그린 그림의 제목 앞에 붙는 표시입니다(진짜면 빈 문자열).
flowers_data = flowers.load_tf_flowers(split="train[25%:]")
weights = pretrained.imagenet_weights("xception", include_top=False)
label = weights.label + flowers_data.label

plotting.set_book_style()
print(profile.describe())

IMAGE_SIZE = profile.pick(smoke=71, docs=96, full=224)
BATCH_SIZE = profile.pick(smoke=8, docs=32, full=32)
N_BATCHES = profile.pick(smoke=1, docs=1, full=5)
EPOCHS = profile.pick(smoke=1, docs=2, full=2)
RUN_EAGERLY = profile.pick(smoke=True, docs=False, full=False)

# %%
# 데이터
# ------
# :ref:`전이 학습 페이지 <sphx_glr_auto_examples_05_transfer_learning_plot_01_flowers_pipeline.py>`
# 와 같이 tf_flowers의 :term:`훈련 세트`\ (뒤쪽 75%)를 Xception에 맞게 전처리하고 배치로 묶습니다. 데이터는
# 맨 앞 셀에서 불러왔습니다(없으면 모의 데이터).
tf.keras.backend.clear_session()

(train_set_raw,) = flowers_data.splits
n_classes = flowers_data.info.features["label"].num_classes

preprocess = tf.keras.Sequential([
    tf.keras.layers.Resizing(height=IMAGE_SIZE, width=IMAGE_SIZE, crop_to_aspect_ratio=True),
    tf.keras.layers.Rescaling(scale=1 / 127.5, offset=-1),  # xception.preprocess_input과 같음
])
train_set = train_set_raw.take(N_BATCHES * BATCH_SIZE).map(lambda X, y: (preprocess(X), y))
train_set = train_set.shuffle(1000, seed=42).batch(BATCH_SIZE).prefetch(1)

# %%
# 경계 상자의 표현
# ------------------
# 상자는 보통 객체 중심의 가로·세로 좌표와 상자의 너비·높이로 나타냅니다. 이미지 크기로 나눠
# 모두 0~1 범위로 맞추면 이미지 크기가 달라도 같은 방식으로 예측할 수 있습니다. 그래서 상자
# :term:`출력층`\ 은 유닛 네 개짜리 ``Dense`` :term:`층`\ 이고, 손실은 평균 제곱 오차(MSE)입니다. 이 페이지의
# 모든 상자는 ``(중심 x, 중심 y, 너비, 높이)``\ 이고, x는 오른쪽으로, y는 아래쪽으로 커집니다
# (:mod:`cnn_vision.detection` 의 ``"center"`` 표기).
#
# 책은 작은 상자의 오차가 큰 상자의 같은 오차보다 더 중요하다는 점을 반영하려고 너비와 높이
# 대신 그 제곱근을 예측하는 방법도 소개합니다. 여기서는 책의 코드대로 네 값을 그대로 예측합니다.
#
# 가짜 타깃 상자
# --------------
# 책의 코드대로 배치마다 ``tf.random.uniform()``\ 으로 0~1 사이의 숫자 네 개를 만들어 상자로
# 씁니다. 이 상자는 이미지 밖으로 나갈 수도 있고, ``map()``\ 이 반복마다 다시 실행되므로
# 에포크마다 다른 숫자가 나옵니다. 타깃은 ``(레이블, 상자)`` 쌍이 되어 두 출력에 하나씩 대응합니다.
def add_random_bounding_boxes(images, labels):
    fake_bboxes = tf.random.uniform([tf.shape(images)[0], 4])
    return images, (labels, fake_bboxes)


fake_train_set = train_set.take(N_BATCHES).repeat(2).map(add_random_bounding_boxes)
print(fake_train_set.element_spec)

# %%
# 두 출력 모델
# ------------
# 기반 모델의 :term:`전역 평균 풀링` 출력에 두 층을 나란히 연결합니다. 하나는 클래스 확률을 내는
# :term:`소프트맥스` 층이고, 다른 하나는 상자 좌표 네 개를 내는 선형 층입니다. 훈련 기록에서 알아보기 쉽도록
# 두 층에 이름을 붙입니다(책에는 없습니다). ImageNet 가중치는
# :func:`cnn_vision.pretrained.imagenet_weights` 로 맨 앞 셀에서 확인했습니다(없으면 무작위 초기화).

tf.random.set_seed(42)
base_model = tf.keras.applications.xception.Xception(weights=weights.weights,
                                                     include_top=False)
avg = tf.keras.layers.GlobalAveragePooling2D()(base_model.output)
class_output = tf.keras.layers.Dense(n_classes, activation="softmax", name="class_output")(avg)
loc_output = tf.keras.layers.Dense(4, name="box_output")(avg)
model = tf.keras.Model(inputs=base_model.input, outputs=[class_output, loc_output])
print("출력 크기:", [tuple(output.shape) for output in model.outputs])

# %%
# 출력마다 손실, 가중치, 지표
# ---------------------------
# 손실은 출력마다 하나씩 줍니다. 분류에는 ``sparse_categorical_crossentropy``, 상자에는 ``mse``\ 를
# 씁니다. 케라스는 두 손실의 가중 합을 최소화합니다. 가중치 0.8과 0.2는 무엇을 더 중요하게
# 여기는지에 따라 고르는 값입니다.
#
# 케라스 3에서 달라진 점이 두 가지 있습니다.
#
# - 노트북은 이 자리에 옛 :term:`옵티마이저` ``tf.keras.optimizers.legacy.SGD``\ 를 쓰라는 주석을 남겨
#   두었지만, 케라스 3에는 ``legacy`` 옵티마이저가 없어 ``ImportError``\ 가 납니다. 보통의
#   ``tf.keras.optimizers.SGD``\ 를 이 모델을 위해 새로 만들어 씁니다.
# - ``metrics=["accuracy"]``\ 처럼 지표를 하나만 주면 출력 두 개와 짝이 맞지 않아 ``ValueError``\ 가
#   납니다. 출력마다 지표 목록을 따로 줍니다. 분류에는 :term:`정확도`, 상자에는 평균 절대 오차(MAE)를
#   씁니다.
optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
model.compile(loss=["sparse_categorical_crossentropy", "mse"],
              loss_weights=[0.8, 0.2],
              optimizer=optimizer,
              metrics=[["accuracy"], ["mae"]],
              run_eagerly=RUN_EAGERLY)

# %%
# 훈련
# ----
# 기록에는 전체 손실과 함께 출력마다의 손실과 지표가 나옵니다. 타깃 상자가 가짜이므로 상자 손실이
# 줄어들 이유가 없습니다.
FAKE_BOX_LABEL = "[가짜 상자] "
history = model.fit(fake_train_set, epochs=EPOCHS, verbose=2)
for name, values in history.history.items():
    print(f"{FAKE_BOX_LABEL}{name}: {values[-1]:.3f}")

# %%
# 예측한 상자와 타깃 상자
# -----------------------
# 가짜 :term:`데이터셋`\ 에서 배치 하나를 꺼내 두 출력을 예측합니다. ``predict()``\ 는 출력 순서대로 클래스
# 확률과 상자 좌표를 돌려줍니다.
X_batch, (y_batch, target_boxes) = next(iter(fake_train_set))
class_proba, predicted_boxes = model.predict(X_batch, verbose=0)
print("클래스 확률:", class_proba.shape, " 상자:", predicted_boxes.shape)
print(f"{FAKE_BOX_LABEL}처음 세 이미지의 예측 상자 (중심 x, 중심 y, 너비, 높이):")
print(np.round(predicted_boxes[:3], 3))

# %%
# 선형 출력층은 값의 범위를 제한하지 않으므로, 훈련이 덜 된 모델은 음수 너비나 높이를 내기도
# 합니다. 그런 값은 상자가 아니어서 :func:`cnn_vision.detection.iou` 는 오류를 냅니다. 비교하기
# 전에 너비와 높이를 0 이상으로 자릅니다.
negative = int(np.sum(predicted_boxes[:, 2:] < 0))
print(f"{FAKE_BOX_LABEL}음수인 너비·높이: {negative}개")
predicted_boxes = predicted_boxes.copy()
predicted_boxes[:, 2:] = np.clip(predicted_boxes[:, 2:], 0, None)

# %%
# IoU
# ---
# 위치 추정의 성능은 MSE보다 IoU(intersection over union)로 재는 것이 보통입니다. 두 상자가 겹치는
# 넓이를 두 상자를 합친 넓이로 나눈 값으로, 완전히 같으면 1, 겹치지 않으면 0입니다.
ious = detection.iou(target_boxes.numpy(), predicted_boxes, box_format="center")
print(f"{FAKE_BOX_LABEL}처음 8개 이미지의 IoU:", np.round(ious[:8], 2))
print(f"{FAKE_BOX_LABEL}평균 IoU: {ious.mean():.3f}")

# %%
# 타깃이 무작위이므로 이미지에서 배울 것이 없습니다. MSE를 최소로 만드는 최선의 예측은 이미지와
# 상관없이 늘 타깃의 평균, 곧 ``(0.5, 0.5, 0.5, 0.5)``\ 인 상자를 내는 것입니다. 이 상수 상자의
# IoU가 가짜 상자로 훈련한 모델이 기대할 수 있는 상한에 가깝습니다. 진짜 상자로 훈련한 모델은
# 이보다 훨씬 높아야 합니다.
mean_box_ious = detection.iou(target_boxes.numpy(), [0.5, 0.5, 0.5, 0.5])
print(f"{FAKE_BOX_LABEL}늘 평균 상자를 예측할 때의 평균 IoU: {mean_box_ious.mean():.3f}")

# %%
# 상자 그리기
# -----------
# 중심·너비·높이를 픽셀 단위의 왼쪽 위 모서리와 크기로 바꿔 그립니다. 실선은 타깃(가짜) 상자,
# 점선은 예측한 상자입니다. 이미지 밖으로 나간 부분은 잘려 보입니다.
from matplotlib.patches import Rectangle

korean_names = flowers_data.korean_class_names
n_shown = min(6, len(X_batch))
fig, axes = plt.subplots(2, 3, figsize=(12, 8.5))
for index, ax in enumerate(axes.flat):
    ax.axis("off")
    if index >= n_shown:
        continue
    ax.imshow((X_batch[index].numpy() + 1) / 2)
    for box, style, color in ((target_boxes[index].numpy(), "-", "lime"),
                              (predicted_boxes[index], "--", "red")):
        center_x, center_y, width, height = box * IMAGE_SIZE
        ax.add_patch(Rectangle((center_x - width / 2, center_y - height / 2), width, height,
                               fill=False, linestyle=style, edgecolor=color, linewidth=2))
    ax.set_xlim(0, IMAGE_SIZE)
    ax.set_ylim(IMAGE_SIZE, 0)
    predicted_class = korean_names[int(class_proba[index].argmax())]
    ax.set_title(f"예측: {predicted_class}, IoU {ious[index]:.2f}")
fig.legend(handles=[Rectangle((0, 0), 1, 1, fill=False, edgecolor="lime", label="타깃(가짜) 상자"),
                    Rectangle((0, 0), 1, 1, fill=False, edgecolor="red", linestyle="--",
                              label="예측 상자")],
           loc="lower center", ncols=2)
fig.suptitle(f"{label}{FAKE_BOX_LABEL}타깃 상자와 예측 상자")
fig.tight_layout(rect=(0, 0.05, 1, 1))
plt.show()

# %%
# 정리
# ----
# - 기반 모델 위에 분류 출력(소프트맥스)과 상자 출력(유닛 4개의 선형 층)을 나란히 붙이면 분류와
#   위치 추정을 함께 하는 모델이 됩니다.
# - ``compile()``\ 에는 출력마다 손실(``sparse_categorical_crossentropy``, ``mse``)과 손실
#   가중치(0.8, 0.2)를 주고, 케라스 3에서는 지표도 출력마다 따로 줍니다.
# - 상자는 ``(중심 x, 중심 y, 너비, 높이)``\ 를 이미지 크기로 나눈 0~1 값으로 나타냈고, 예측의
#   품질은 :func:`cnn_vision.detection.iou` 로 쟀습니다.
# - 이 페이지의 상자는 무작위로 만든 가짜이므로 상자 예측과 IoU에는 의미가 없습니다. 진짜 상자가
#   있는 데이터로 같은 코드를 쓰면 됩니다.
