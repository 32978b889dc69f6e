r"""
============================================
꽃 데이터셋의 입력 파이프라인과 데이터 증식
============================================

:term:`전이 학습`\ (transfer learning)의 첫 단계는 :term:`사전 훈련된 모델`\ 이 기대하는 모양으로 데이터를
준비하는 것입니다. 이 페이지에서는 텐서플로 :term:`데이터셋`\ (TensorFlow Datasets, TFDS)의 꽃 사진
데이터셋 tf_flowers를 불러와 Xception에 맞게 전처리하고, 배치로 묶고, :term:`데이터 증식`\ (data
augmentation)으로 훈련 이미지를 조금씩 바꾸는 :term:`입력 파이프라인`\ 을 만듭니다. 모델 훈련은
:ref:`다음 페이지 <sphx_glr_auto_examples_05_transfer_learning_plot_02_fine_tuning.py>` 에서
합니다.

이 페이지에서 배우는 것:

- ``tfds.load()``\ 로 데이터셋과 그 정보를 불러오고 훈련/검증/:term:`테스트 세트`\ 로 나누는 방법
- ``Resizing`` :term:`층`\ 과 Xception의 전처리를 저장했다가 다시 불러올 수 있는 형태로 만드는 방법
- 섞기(shuffle), 배치, :term:`프리페치`\ (prefetch)로 효율적인 ``tf.data`` 파이프라인을 만드는 방법
- 무작위 뒤집기, 회전, 대비 조정으로 하는 데이터 증식
"""

# %%
# 데이터셋 불러오기
# -----------------
# 책은 ``tfds.load("tf_flowers", ...)``\ 를 두 번 부릅니다. 한 번은 ``with_info=True``\ 로
# 데이터셋 정보를 얻고, 또 한 번은 ``split=``\ 으로 세트를 나눕니다. tf_flowers에는
# ``"train"`` 분할 하나만 있으므로 처음 10%를 테스트 세트, 다음 15%를 :term:`검증 세트`, 나머지 75%를
# :term:`훈련 세트`\ 로 씁니다.
#
# :func:`cnn_vision.flowers.load_tf_flowers` 는 같은 ``tfds.load()`` 호출을 한 번에 합니다
# (``as_supervised=True``, ``with_info=True``). 처음 실행하면 약 220MB를 내려받아
# ``~/tensorflow_datasets``\ (환경 변수 ``TFDS_DATA_DIR``\ 로 바꿀 수 있음)에 저장합니다.
# 인터넷이 없으면 ``tfds.load()``\ 는 몇 분 동안 재시도하다 실패하는데, 이 함수는 데이터가 없고
# 접속도 안 된다는 것을 몇 초 안에 확인한 뒤 알림을 출력하고 ``tfds.testing.mock_data``\ 로 만든
# **모의 데이터** 로 계속합니다. 모의 데이터의 데이터셋 정보(이미지 수, 클래스 이름)는 진짜와
# 같지만 이미지는 무작위 잡음이므로, 알림은 이 스크립트의 첫 출력(문서 사이트에서는 페이지 맨
# 위)에 나오고 그 데이터로 그린 그림에는 ``[모의 데이터]`` 표시가 붙습니다.
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import flowers, plotting, profile

flowers_data = flowers.load_tf_flowers(
    split=["train[:10%]", "train[10%:25%]", "train[25%:]"],
)
test_set_raw, valid_set_raw, train_set_raw = flowers_data.splits
info = flowers_data.info

plotting.set_book_style()
print(profile.describe())
print("모의 데이터 사용:", flowers_data.standin)

# %%
# 데이터셋 정보
# -------------
# 이미지는 3,670장이고 클래스는 다섯 개입니다. :term:`레이블`\ 은 ``class_names``\ 의 순서를 따르는
# 0~4의 정수입니다.
dataset_size = info.splits["train"].num_examples
class_names = info.features["label"].names
n_classes = info.features["label"].num_classes
print("이미지 수:", dataset_size)
print("클래스 이름:", class_names)
print("한국어 이름:", flowers_data.korean_class_names)
print("클래스 수:", n_classes)
split_sizes = [info.splits[split].num_examples
               for split in ("train[:10%]", "train[10%:25%]", "train[25%:]")]
print("세트별 이미지 수 (테스트, 검증, 훈련):", split_sizes)

# %%
# 검증 세트의 처음 9개 이미지
# ---------------------------
# 사진마다 크기가 다릅니다. 그림 제목에는 한국어 클래스 이름을 씁니다. 모의 데이터라면 작은
# 무작위 잡음 이미지가 보입니다.
korean_names = flowers_data.korean_class_names
images, titles = [], []
for image, label in valid_set_raw.take(9):
    images.append(image.numpy())
    titles.append(f"{korean_names[label]} ({class_names[label]})")
plotting.plot_image_grid(images, titles, ncols=3,
                         suptitle=f"{flowers_data.label}검증 세트의 처음 9개 이미지")
plt.show()

# %%
# 전처리: 크기 맞추기와 Xception의 입력 범위
# ------------------------------------------
# 이미지를 배치로 묶으려면 크기가 같아야 하므로 ``Resizing`` 층으로 224×224로 맞춥니다
# (``crop_to_aspect_ratio=True``\ 로 가운데를 정사각형으로 자른 뒤). 그리고 Xception이 훈련될 때
# 쓴 입력 범위 -1~1로 바꿔야 합니다.
#
# 책은 이 변환을 ``tf.keras.layers.Lambda(tf.keras.applications.xception.preprocess_input)``\ 로
# 넣습니다. 이 코드는 케라스 3에서도 그대로 동작합니다. ``Sequential`` 모델은 입력을 먼저
# ``float32``\ 로 바꾸므로, ``uint8`` 사진을 넣어도 ``Resizing`` 층과 ``preprocess_input()``\ 은
# ``float32``\ 를 받습니다. 한 장씩 바로 호출해도, ``tf.data``\ 의 ``map()`` 안에서 불러도 같습니다.
tf.keras.backend.clear_session()  # 층 이름 번호를 처음부터 다시 매깁니다

book_preprocess = tf.keras.Sequential([
    tf.keras.layers.Resizing(height=224, width=224, crop_to_aspect_ratio=True),
    tf.keras.layers.Lambda(tf.keras.applications.xception.preprocess_input),
])
sample_image, _ = next(iter(valid_set_raw))
eager_output = book_preprocess(sample_image)
print(f"책의 전처리, 바로 호출: 입력 {sample_image.dtype.name} → 출력 {eager_output.dtype.name} "
      f"{tuple(eager_output.shape)}, 값 {float(tf.reduce_min(eager_output)):.2f} ~ "
      f"{float(tf.reduce_max(eager_output)):.2f}")
mapped_output, _ = next(iter(valid_set_raw.map(lambda X, y: (book_preprocess(X), y))))
print(f"책의 전처리, tf.data의 map() 안: 출력 {mapped_output.dtype.name} "
      f"{tuple(mapped_output.shape)}, 바로 호출과의 최대 차이 "
      f"{float(tf.reduce_max(tf.abs(mapped_output - eager_output)))}")

# %%
# 문제는 저장한 모델을 다시 불러올 때 생깁니다. ``Lambda`` 층은 파이썬 함수를 감싼 것이라
# ``.keras`` 파일에는 함수의 이름만 들어가고, 케라스는 불러올 때 그 이름의 함수를 찾지 못합니다
# (안전하지 않은 역직렬화를 허용하는 ``safe_mode=False``\ 로도 마찬가지입니다). 전처리를 모델에
# 넣어 함께 저장하거나 배포하려면 ``Lambda``\ 를 쓰지 않는 편이 낫습니다.
#
# ``xception.preprocess_input()``\ 이 하는 일은 ``x / 127.5 - 1`` 하나뿐입니다. 케라스의
# ``Rescaling`` 층은 ``x * scale + offset``\ 을 계산하므로 ``Rescaling(scale=1 / 127.5,
# offset=-1)``\ 이 같은 일을 하는 보통의 층이고, 저장과 불러오기도 문제없습니다. 먼저 0~255의
# 모든 픽셀 값에서 둘이 같은지 확인합니다.
pixels = tf.range(256, dtype=tf.float32)
by_function = tf.keras.applications.xception.preprocess_input(pixels)
by_layer = tf.keras.layers.Rescaling(scale=1 / 127.5, offset=-1)(pixels)
print("최대 차이:", float(tf.reduce_max(tf.abs(by_function - by_layer))))
assert np.allclose(by_function, by_layer, atol=1e-6)

# %%
# 이 페이지는 ``Lambda`` 대신 ``Rescaling`` 층을 씁니다. 책과 다른 곳은 이 한 줄입니다.
preprocess = tf.keras.Sequential([
    tf.keras.layers.Resizing(height=224, width=224, crop_to_aspect_ratio=True),
    tf.keras.layers.Rescaling(scale=1 / 127.5, offset=-1),
])
print("책의 전처리와의 최대 차이:",
      float(tf.reduce_max(tf.abs(preprocess(sample_image) - eager_output))))

# %%
# 두 전처리 모델을 저장했다가 다시 불러와 봅니다.
import tempfile
from pathlib import Path

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "preprocess.keras"
    preprocess.save(path)
    reloaded = tf.keras.models.load_model(path)
    difference = tf.reduce_max(tf.abs(reloaded(sample_image) - preprocess(sample_image)))
    print("Rescaling 버전: 다시 불러옴, 최대 차이", float(difference))

    lambda_path = Path(folder) / "book_preprocess.keras"
    book_preprocess.save(lambda_path)
    for safe_mode in (True, False):
        try:
            tf.keras.models.load_model(lambda_path, safe_mode=safe_mode)
            print(f"Lambda 버전(safe_mode={safe_mode}): 다시 불러옴")
        except Exception as error:
            message = str(error).split("Exception encountered: ")[-1].splitlines()[0]
            print(f"Lambda 버전(safe_mode={safe_mode}): 불러오지 못함 →",
                  type(error).__name__, message.split(". ")[0])

# %%
# 입력 파이프라인
# ---------------
# 세 세트에 같은 전처리를 적용하고 32개씩 배치로 묶습니다. 훈련 세트는 :term:`에포크`\ 마다 순서가 바뀌도록
# 섞고(버퍼 1,000개), 모델이 한 배치를 처리하는 동안 다음 배치를 준비하도록 프리페치합니다.
batch_size = 32
train_set = train_set_raw.map(lambda X, y: (preprocess(X), y))
train_set = train_set.shuffle(1000, seed=42).batch(batch_size).prefetch(1)
valid_set = valid_set_raw.map(lambda X, y: (preprocess(X), y)).batch(batch_size)
test_set = test_set_raw.map(lambda X, y: (preprocess(X), y)).batch(batch_size)
print(valid_set.element_spec)

# %%
# 전처리한 검증 세트의 처음 9개 이미지입니다. 모두 224×224이고 값은 -1~1이므로 그릴 때는
# ``(X + 1) / 2``\ 로 0~1 범위로 되돌립니다.
X_batch, y_batch = next(iter(valid_set))
print(f"배치 크기: {X_batch.shape}, "
      f"값의 범위: {float(tf.reduce_min(X_batch)):.2f} ~ {float(tf.reduce_max(X_batch)):.2f}")
plotting.plot_image_grid(
    (X_batch[:9].numpy() + 1) / 2,
    [korean_names[label] for label in y_batch[:9]],
    ncols=3,
    suptitle=f"{flowers_data.label}전처리한 검증 이미지 (224×224)",
)
plt.show()

# %%
# 데이터 증식
# -----------
# 데이터 증식은 훈련 이미지를 조금씩 무작위로 바꿔 훈련 세트를 부풀리는 기법입니다. 모델이 꽃의
# 방향이나 조명 같은 우연한 차이에 덜 민감해지고 :term:`과대적합`\ 이 줄어듭니다. 여기서는 수평 뒤집기,
# 최대 ±5%(±18°) 회전, 최대 ±20% 대비 조정을 합니다.
#
# 케라스의 무작위 층은 ``training=True``\ 일 때만 이미지를 바꾸고, 검증이나 예측에서는 입력을
# 그대로 통과시킵니다.
data_augmentation = tf.keras.Sequential([
    tf.keras.layers.RandomFlip(mode="horizontal", seed=42),
    tf.keras.layers.RandomRotation(factor=0.05, seed=42),
    tf.keras.layers.RandomContrast(factor=0.2, seed=42),
])

# %%
# 같은 9개 이미지에 증식을 적용한 결과입니다. 스크립트를 여러 번 실행하거나 이 셀을 다시 실행하면
# 매번 다른 변형이 나옵니다. 대비 조정으로 값이 -1~1을 벗어날 수 있으므로 그리기 전에 0~1로
# 자릅니다.
X_batch_augmented = data_augmentation(X_batch, training=True)
plotting.plot_image_grid(
    np.clip((X_batch_augmented[:9].numpy() + 1) / 2, 0, 1),
    [korean_names[label] for label in y_batch[:9]],
    ncols=3,
    suptitle=f"{flowers_data.label}데이터 증식을 적용한 검증 이미지",
)
plt.show()

# %%
# 증식을 훈련에 쓰기
# ------------------
# 책은 ``data_augmentation``\ 을 정의하고 그림만 그린 뒤 훈련에는 쓰지 않습니다. 증식은 훈련
# 세트에만, 그리고 에포크마다 새로 적용해야 효과가 있습니다. 방법은 두 가지입니다.
#
# - 모델의 맨 앞에 층으로 넣기: 케라스가 ``fit()``\ 에서는 ``training=True``\ 로, ``evaluate()``\ 와
#   ``predict()``\ 에서는 ``training=False``\ 로 부르므로 자동으로 훈련 때만 적용됩니다.
# - 훈련 세트의 파이프라인에서 배치마다 적용하기: CPU가 증식을 하는 동안 가속기는 앞 배치를
#   훈련할 수 있고, 모델 구조는 책과 똑같이 유지됩니다.
#
# 다음 페이지에서는 두 번째 방법을 씁니다. 섞고 배치로 묶은 뒤 증식하고, 그다음 프리페치합니다.
# ``map()``\ 은 데이터셋을 반복할 때마다(즉 에포크마다) 다시 실행되므로 같은 이미지도 에포크마다
# 다르게 변형됩니다.
augmented_train_set = train_set_raw.map(lambda X, y: (preprocess(X), y))
augmented_train_set = augmented_train_set.shuffle(1000, seed=42).batch(batch_size)
augmented_train_set = augmented_train_set.map(
    lambda X, y: (data_augmentation(X, training=True), y),
    num_parallel_calls=tf.data.AUTOTUNE,
).prefetch(1)
print(augmented_train_set.element_spec)

# %%
# 정리
# ----
# - ``tfds.load()``\ 의 ``split=``\ 으로 한 분할을 테스트(10%)·검증(15%)·훈련(75%) 세트로
#   나눴습니다. 데이터가 없고 인터넷도 안 되면 :func:`cnn_vision.flowers.load_tf_flowers` 가
#   모의 데이터로 대신하고 그 사실을 표시합니다.
# - 책의 ``Lambda(xception.preprocess_input)`` 전처리는 케라스 3에서도 동작하지만, 저장한 모델을
#   다시 불러오지 못합니다. Xception의 전처리(``x / 127.5 - 1``)는 ``Rescaling(1 / 127.5,
#   offset=-1)``\ 로 넣으면 같은 결과를 내면서 저장한 모델을 다시 불러올 수 있습니다.
# - 훈련 세트는 전처리 → 섞기 → 배치 → 증식 → 프리페치 순서로, 검증·테스트 세트는 전처리 →
#   배치로 만듭니다.
# - 데이터 증식은 ``training=True``\ 일 때만 이미지를 바꿉니다. 다음 페이지에서 실제 훈련에 씁니다.
