r"""
=======================================================
연습 문제 10: 내 사진 폴더로 하는 전이 학습의 전 과정
=======================================================

연습 문제 10은 :term:`전이 학습`\ (transfer learning)으로 이미지 분류기를 처음부터 끝까지 만들어 보는
문제입니다. 네 단계를 따릅니다.

1. 클래스마다 이미지가 100장 이상 있는 :term:`훈련 세트`\ 를 만듭니다(예: 해변·산·도심 같은 장소별로
   모은 자신의 사진).
2. 훈련 세트, :term:`검증 세트`, :term:`테스트 세트`\ 로 나눕니다.
3. 전처리와 :term:`데이터 증식`\ (data augmentation)을 하는 :term:`입력 파이프라인`\ 을 만듭니다.
4. :term:`사전 훈련된 모델`\ 을 이 :term:`데이터셋`\ 으로 :term:`미세 튜닝`\ (fine-tuning)합니다.

자신의 사진은 보통 클래스마다 하위 폴더 하나씩인 폴더에 들어 있습니다. 이 페이지는 그런 폴더를
tf_flowers의 꽃 사진으로 직접 만들고(JPEG 파일로 저장), 그 폴더에서
``tf.keras.utils.image_dataset_from_directory()``\ 로 데이터셋을 만들어 네 단계를 따라갑니다.
Xception을 고정하고 훈련한 뒤 미세 튜닝하는 이유와 자세한 설명은
:ref:`Xception 전이 학습 페이지 <sphx_glr_auto_examples_05_transfer_learning_plot_02_fine_tuning.py>`
에 있고, 이 페이지는 폴더에서 시작하는 작업 흐름에 집중합니다.
"""

# sphinx_gallery_thumbnail_number = 3

# %%
# 실행 규모
# ---------
# 책의 전이 학습 설정은 224×224 이미지, :term:`기반 모델`\ 을 고정한 훈련 3 :term:`에포크`\ 와 미세 튜닝 10
# 에포크입니다. 2코어 CPU에서는 이 설정이 1시간 가까이 걸리므로 ``docs`` 프로필은 클래스마다
# 100장(연습 문제가 요구하는 최소)만 폴더에 쓰고, 이미지를 96×96으로 줄이고, 에포크를 2+1로
# 줄입니다(미세 튜닝 한 에포크가 가장 오래 걸립니다). ``full`` 프로필은 tf_flowers의 사진
# 3,670장을 모두 폴더에 쓰고 책과 같은 크기와 에포크로 훈련합니다(GPU 권장). ``smoke`` 프로필은
# 폴더는 똑같이 만들지만 Xception이 받는 가장 작은 크기(71×71)로 배치 하나씩만 즉시 실행
# (``run_eagerly=True``)으로 훈련합니다. 그 숫자는 의미가 없습니다.
import shutil
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
import tensorflow as tf

from cnn_vision import flowers, plotting, pretrained, profile

# 데이터와 가중치를 먼저 확인합니다(1단계와 4단계에서 씁니다). 없어서 대체물로 계속하면 그
# 알림이 이 스크립트의 첫 출력이 됩니다.
flowers_data = flowers.load_tf_flowers(split="train", mock_examples=1000)
weights = pretrained.imagenet_weights("xception", include_top=False)

plotting.set_book_style()
print(profile.describe())

MIN_IMAGES_PER_CLASS = 100  # 연습 문제의 조건
IMAGES_PER_CLASS = profile.pick(smoke=100, docs=100, full=None)  # None: 있는 사진 전부
IMAGE_SIZE = profile.pick(smoke=71, docs=96, full=224)
BATCH_SIZE = profile.pick(smoke=8, docs=32, full=32)
BATCHES_PER_EPOCH = profile.pick(smoke=1, docs=None, full=None)  # None: 세트 전체
EPOCHS_FROZEN = profile.pick(smoke=1, docs=2, full=3)
EPOCHS_FINE_TUNING = profile.pick(smoke=1, docs=1, full=10)
RUN_EAGERLY = profile.pick(smoke=True, docs=False, full=False)

# %%
# 1단계: 클래스마다 하위 폴더가 있는 사진 폴더
# --------------------------------------------
# ``image_dataset_from_directory()``\ 가 읽는 폴더는 이런 모양입니다. 하위 폴더의 이름이 곧
# 클래스 이름이고, 파일 이름은 상관없습니다(JPEG, PNG, BMP, GIF를 읽습니다)::
#
#     내_사진/
#         daisy/      0000.jpg  0001.jpg  ...
#         dandelion/  0000.jpg  ...
#         ...
#
# 여기서는 맨 앞 셀에서 :func:`cnn_vision.flowers.load_tf_flowers` 로 불러온 tf_flowers의
# ``train`` 분할의 사진을 클래스별 하위 폴더에 JPEG 파일로 씁니다. 클래스마다
# ``IMAGES_PER_CLASS``\ 장이 차면 멈춥니다. tf_flowers가 없고 인터넷도 안 되면 모의 데이터(작은
# 무작위 잡음 이미지, 무작위 :term:`레이블`)가 폴더에 쓰이고, 그 그림에는 ``[모의 데이터]`` 표시가
# 붙습니다.
#
# 자신의 사진으로 하려면 ``photos_dir``\ 를 그 폴더로 바꾸고 이 셀의 나머지는 건너뛰면 됩니다.
photos_dir = Path(tempfile.mkdtemp(prefix="my_photos_"))

(all_photos,) = flowers_data.splits
flower_names = flowers_data.class_names  # tf_flowers의 레이블 순서
written = dict.fromkeys(flower_names, 0)

start = time.perf_counter()
for image, label in all_photos:
    name = flower_names[int(label)]
    if IMAGES_PER_CLASS is not None and written[name] >= IMAGES_PER_CLASS:
        if min(written.values()) >= IMAGES_PER_CLASS:
            break  # 모든 클래스가 찼습니다
        continue
    class_dir = photos_dir / name
    class_dir.mkdir(exist_ok=True)
    jpeg = tf.io.encode_jpeg(image, quality=95)
    tf.io.write_file(str(class_dir / f"{written[name]:04d}.jpg"), jpeg)
    written[name] += 1
print(f"사진 {sum(written.values()):,}장을 {photos_dir}에 썼습니다 "
      f"({time.perf_counter() - start:.1f}초)")

# %%
# 클래스마다 100장 이상인지 확인하기
# ----------------------------------
# 폴더를 직접 세어 봅니다. 케라스가 읽는 확장자만 셉니다. 사진이 너무 적은 클래스가 있으면 그
# 클래스는 제대로 배우지 못하고, 검증·테스트 세트에 몇 장밖에 남지 않아 점수도 믿기 어렵습니다.
# 그런 클래스가 있으면 여기서 멈춥니다.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".gif"}
image_counts = {
    class_dir.name: sum(1 for path in class_dir.iterdir() if path.suffix.lower() in IMAGE_SUFFIXES)
    for class_dir in sorted(photos_dir.iterdir()) if class_dir.is_dir()
}
print(f"클래스별 사진 수 (최소 {MIN_IMAGES_PER_CLASS}장):")
for name, count in image_counts.items():
    status = "충분" if count >= MIN_IMAGES_PER_CLASS else "부족"
    print(f"  {name:<11} {flowers.korean_class_name(name)}: {count:5,}장  {status}")
too_few = [name for name, count in image_counts.items() if count < MIN_IMAGES_PER_CLASS]
if too_few:
    raise ValueError(f"사진이 {MIN_IMAGES_PER_CLASS}장보다 적은 클래스가 있습니다: {too_few}")

# %%
# 2단계: 훈련·검증·테스트 세트로 나누기
# -------------------------------------
# ``image_dataset_from_directory()``\ 는 파일 목록을 ``seed``\ 로 섞은 뒤 ``validation_split``\ 의
# 비율만큼 떼어 냅니다. ``subset="both"``\ 로 부르면 두 부분을 한 번에 겹치지 않게 돌려줍니다.
# 이미지를 읽으면서 ``image_size``\ 로 크기를 맞추는데, ``crop_to_aspect_ratio=True``\ 면 가운데를
# 정사각형으로 잘라 비율이 찌그러지지 않습니다. 클래스 번호는 폴더 이름의 알파벳 순서로 매겨지므로
# tf_flowers의 레이블 순서와 다릅니다. 이름은 ``class_names`` 속성에 있습니다.
#
# 훈련에 70%, 나머지 30%를 배치 단위로 반씩 나눠 검증 세트와 테스트 세트로 씁니다. 케라스는
# 검증 쪽을 섞지 않고 파일 목록(``file_paths``) 순서대로 읽으므로, 앞의 배치와 뒤의 배치로 잘라도
# 서로 겹치지 않습니다. 배치 단위로 자르면 세트의 배치 수도 케라스가 미리 압니다.
train_set_raw, holdout_set = tf.keras.utils.image_dataset_from_directory(
    photos_dir, validation_split=0.3, subset="both", seed=42,
    image_size=(IMAGE_SIZE, IMAGE_SIZE), crop_to_aspect_ratio=True, batch_size=BATCH_SIZE,
)
class_names = train_set_raw.class_names
korean_names = [flowers.korean_class_name(name) for name in class_names]
n_valid_batches = int(holdout_set.cardinality()) // 2
valid_set_raw = holdout_set.take(n_valid_batches)
test_set_raw = holdout_set.skip(n_valid_batches)
n_valid = n_valid_batches * BATCH_SIZE  # 검증 세트의 파일 수

train_files = set(train_set_raw.file_paths)
valid_files = set(holdout_set.file_paths[:n_valid])
test_files = set(holdout_set.file_paths[n_valid:])
assert not (train_files & valid_files or train_files & test_files or valid_files & test_files)
print("클래스 번호 순서:", class_names)
print(f"훈련 {len(train_files)}장, 검증 {len(valid_files)}장, 테스트 {len(test_files)}장 "
      "(겹치는 파일 없음)")

# %%
# 훈련 세트의 첫 배치입니다. 값은 0~255의 ``float32``\ 이고 크기는 모두 같습니다.
X_batch, y_batch = next(iter(train_set_raw))
print(f"배치: {X_batch.shape} {X_batch.dtype.name}, 값의 범위 "
      f"{float(tf.reduce_min(X_batch)):.0f}~{float(tf.reduce_max(X_batch)):.0f}")
n_shown = min(8, len(X_batch))
plotting.plot_image_grid(
    X_batch[:n_shown].numpy() / 255, [korean_names[y] for y in y_batch[:n_shown]], ncols=4,
    image_size=3.2, suptitle=f"{flowers_data.label}폴더에서 읽은 훈련 이미지 ({IMAGE_SIZE}×{IMAGE_SIZE})",
)
plt.show()

# %%
# 3단계: 전처리와 데이터 증식 파이프라인
# --------------------------------------
# Xception은 -1~1 범위의 입력으로 훈련되었으므로 ``Rescaling(1 / 127.5, offset=-1)``\ 로 바꿉니다
# (``xception.preprocess_input()``\ 과 같은 계산이며, 이유는
# :ref:`입력 파이프라인 페이지 <sphx_glr_auto_examples_05_transfer_learning_plot_01_flowers_pipeline.py>`
# 에 있습니다). 훈련 세트에만 무작위 뒤집기·회전·대비 조정을 배치마다 적용하고, 모든 세트를
# :term:`프리페치`\ 합니다. ``BATCHES_PER_EPOCH``\ 가 정해져 있으면(smoke) 세트마다 그만큼만 씁니다.
preprocess = tf.keras.layers.Rescaling(scale=1 / 127.5, offset=-1)
data_augmentation = tf.keras.Sequential([
    tf.keras.layers.RandomFlip(mode="horizontal", seed=42),
    tf.keras.layers.RandomRotation(factor=0.05, seed=42),
    tf.keras.layers.RandomContrast(factor=0.2, seed=42),
])

train_set = train_set_raw.map(
    lambda X, y: (data_augmentation(preprocess(X), training=True), y),
    num_parallel_calls=tf.data.AUTOTUNE,
)
valid_set = valid_set_raw.map(lambda X, y: (preprocess(X), y))
test_set = test_set_raw.map(lambda X, y: (preprocess(X), y))
if BATCHES_PER_EPOCH is not None:
    train_set, valid_set, test_set = (dataset.take(BATCHES_PER_EPOCH)
                                      for dataset in (train_set, valid_set, test_set))
train_set = train_set.prefetch(tf.data.AUTOTUNE)
valid_set = valid_set.prefetch(tf.data.AUTOTUNE)
test_set = test_set.prefetch(tf.data.AUTOTUNE)
print(train_set.element_spec)

# %%
# 4단계: 사전 훈련된 모델을 미세 튜닝하기
# ---------------------------------------
# ImageNet으로 훈련한 Xception을 분류 :term:`층` 없이 불러와 :term:`전역 평균 풀링`\ 과 새 :term:`출력층`\ 을
# 붙입니다. :term:`가중치` 파일은 맨 앞 셀에서 확인했습니다. 쓸 수 없으면(인터넷이 없는 컴퓨터) 기반
# 모델은 무작위로 초기화되고, 그 그림에는 ``[훈련되지 않은 가중치]`` 표시가 붙습니다.
tf.keras.backend.clear_session()
tf.random.set_seed(42)

label = weights.label + flowers_data.label
base_model = tf.keras.applications.Xception(weights=weights.weights, include_top=False)
avg = tf.keras.layers.GlobalAveragePooling2D()(base_model.output)
output = tf.keras.layers.Dense(len(class_names), activation="softmax")(avg)
model = tf.keras.Model(inputs=base_model.input, outputs=output)

# %%
# 먼저 기반 모델을 고정하고 새 출력층만 훈련합니다.
for layer in base_model.layers:
    layer.trainable = False
model.compile(loss="sparse_categorical_crossentropy",
              optimizer=tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
              metrics=["accuracy"], run_eagerly=RUN_EAGERLY)
start = time.perf_counter()
history_frozen = model.fit(train_set, validation_data=valid_set, epochs=EPOCHS_FROZEN, verbose=2)
print(f"고정한 상태의 훈련: {time.perf_counter() - start:.0f}초")

# %%
# 그다음 56번 층부터 위를 풀고, 새 :term:`옵티마이저`\ 와 작은 :term:`학습률`\ 로 함께 훈련합니다.
for layer in base_model.layers[56:]:
    layer.trainable = True
model.compile(loss="sparse_categorical_crossentropy",
              optimizer=tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
              metrics=["accuracy"], run_eagerly=RUN_EAGERLY)
start = time.perf_counter()
history_fine_tuning = model.fit(train_set, validation_data=valid_set,
                                epochs=EPOCHS_FINE_TUNING, verbose=2)
print(f"미세 튜닝: {time.perf_counter() - start:.0f}초")

# %%
# 테스트 세트로 평가하기
# ----------------------
# 훈련과 설정 고르기에 한 번도 쓰지 않은 테스트 세트로 마지막에 한 번 평가합니다.
test_loss, test_accuracy = model.evaluate(test_set, verbose=0)
print(f"테스트 손실: {test_loss:.3f}, 테스트 정확도: {test_accuracy:.1%}")
if label:
    print("이 숫자는 사전 훈련된 가중치나 진짜 사진 없이 얻은 것이라 의미가 없습니다(첫 출력의 알림).")

# %%
# 두 단계의 :term:`학습 곡선`\ 입니다. 세로 점선의 오른쪽이 미세 튜닝입니다.
history = {name: history_frozen.history[name] + history_fine_tuning.history[name]
           for name in history_frozen.history}
figure = plotting.plot_learning_curves(history, metrics=["loss", "accuracy"],
                                       title=f"{label}내 사진 폴더로 한 전이 학습")
for ax in figure.axes:
    ax.axvline(EPOCHS_FROZEN + 0.5, color="gray", linestyle=":", label="미세 튜닝 시작")
    ax.legend()
plt.show()

# %%
# 테스트 사진의 예측
# ------------------
# 테스트 세트의 첫 배치에서 몇 장을 골라 "예측 (정답)"을 제목으로 붙입니다. 틀린 것은 빨간색입니다.
X_test_batch, y_test_batch = next(iter(test_set_raw))
predicted = model.predict(preprocess(X_test_batch), verbose=0).argmax(axis=1)
n_shown = min(8, len(X_test_batch))
titles = [f"{korean_names[p]} ({korean_names[y]})"
          for p, y in zip(predicted[:n_shown], y_test_batch[:n_shown].numpy())]
figure = plotting.plot_image_grid(X_test_batch[:n_shown].numpy() / 255, titles, ncols=4,
                                  image_size=3.2, suptitle=f"{label}테스트 사진: 예측 (정답)")
for ax, p, y in zip(figure.axes, predicted, y_test_batch.numpy()):
    if p != y:
        ax.title.set_color("red")
plt.show()

# %%
# 임시 폴더 지우기
# ----------------
# 이 페이지가 만든 사진 폴더는 임시 폴더이므로 지웁니다. 자신의 사진 폴더를 썼다면 이 셀은
# 실행하지 마세요.
shutil.rmtree(photos_dir)
print("지웠습니다:", photos_dir, "→ 남아 있음:", photos_dir.exists())

# %%
# 정리
# ----
# - 클래스마다 하위 폴더가 있는 사진 폴더를 만들고, 클래스마다 사진이 100장 이상인지 직접 세어
#   확인했습니다.
# - ``image_dataset_from_directory(validation_split=0.3, subset="both", seed=42)``\ 로 훈련 세트와
#   나머지를 겹치지 않게 나누고, 섞이지 않는 나머지를 반씩 검증·테스트 세트로 썼습니다.
# - 전처리(``Rescaling``)는 모든 세트에, 데이터 증식은 훈련 세트에만 배치마다 적용했습니다.
# - Xception을 고정하고 새 출력층을 훈련한 뒤, 윗부분을 풀어 미세 튜닝하고, 테스트 세트로
#   평가했습니다. ``docs`` 프로필은 사진 수(클래스마다 100장), 이미지 크기(96×96), 에포크(2+1)를
#   줄였습니다.
