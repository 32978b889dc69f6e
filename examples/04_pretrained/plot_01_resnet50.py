r"""
======================================
ResNet50으로 샘플 이미지 분류하기
======================================

케라스에 들어 있는 :term:`사전 훈련된 모델`\ (pretrained model)은 직접 구현하지 않아도 한 줄로 만들
수 있습니다. 이 페이지에서는 ImageNet으로 훈련된 ResNet50으로 사이킷런의 샘플 이미지 두 장을
분류합니다.

이 페이지에서 배우는 것:

- ``tf.keras.applications``\ 로 모델을 만들고 ImageNet :term:`가중치`\ 를 불러오는 방법
- 모델이 기대하는 크기(224×224)로 이미지를 자르고 크기를 바꾸는 방법
- 모델마다 다른 전처리 함수 ``preprocess_input()``\ 과 예측을 읽기 쉽게 바꾸는
  ``decode_predictions()``
- 인터넷이 없어 가중치를 받을 수 없을 때 이 사이트가 하는 일
"""

# %%
# 가중치 파일 확인
# ----------------
# ``tf.keras.applications.ResNet50(weights="imagenet")``\ 은 ImageNet 가중치 파일(약 100MB)을
# 케라스 캐시(``~/.keras/models/``, 환경 변수 ``KERAS_HOME``\ 으로 바꿀 수 있음)에서 찾고, 없으면
# 인터넷에서 내려받습니다. 인터넷이 없으면 바로 오류가 나고 페이지가 멈춥니다.
#
# 그래서 모델을 만들기 전에 :func:`cnn_vision.pretrained.imagenet_weights` 로 먼저 확인합니다.
# 캐시에 올바른 파일이 있으면 그대로 쓰고, 없으면 몇 초 안에 접속을 확인해 내려받습니다. 둘 다
# 안 되면 무엇이 없고 어떻게 받을 수 있는지 알림을 출력하고, 가중치를 무작위로 초기화한 모델
# (``weights=None``)로 계속합니다. 그런 모델의 예측은 의미가 없으므로, 알림이 이 스크립트의 첫
# 출력이 되도록 확인을 맨 앞에서 하고, 문서 사이트는 그 알림을 페이지 맨 위에 보여 줍니다.
import time

import tensorflow as tf

from cnn_vision import plotting, pretrained, profile

start = time.perf_counter()
weights = pretrained.imagenet_weights("resnet50")
class_index = pretrained.imagenet_class_index()  # decode_predictions()가 쓰는 파일(아래에서 씀)
plotting.set_book_style()
print(profile.describe())
print(f"확인에 걸린 시간: {time.perf_counter() - start:.1f}초")
print("ImageNet 가중치:", "없음 (무작위 초기화로 계속)" if weights.standin else "사용")
print("weights 인자:", repr(weights.weights))

# %%
# 모델 만들기
# -----------
# 가중치가 준비되었으면 ``weights.weights``\ 는 ``"imagenet"``\ 이므로 아래 줄은 책의
# ``tf.keras.applications.ResNet50(weights="imagenet")``\ 과 똑같습니다. 모델 구조(:term:`층`\ 과
# :term:`파라미터` 수)는 가중치와 상관없이 같습니다.
model = tf.keras.applications.ResNet50(weights=weights.weights)
print("입력 크기:", model.input_shape)
print("출력 크기:", model.output_shape, "← ImageNet의 1,000개 클래스")
print(f"파라미터 수: {model.count_params():,}")

# %%
# 이미지를 224×224로 맞추기
# -------------------------
# ResNet50은 224×224 이미지를 기대합니다. 샘플 이미지는 427×640이라 그대로 크기만 바꾸면
# 가로로 눌린 모양이 됩니다. ``Resizing`` 층에 ``crop_to_aspect_ratio=True``\ 를 주면 먼저
# 목표와 같은 가로세로 비율(1:1)이 되도록 가운데를 잘라 낸 뒤(427×427) 크기를 바꿉니다.
#
# 책과 한 가지 다른 점이 있습니다. 샘플 이미지는 ``uint8`` 배열인데, 케라스 3의 ``Resizing``
# 층은 입력의 자료형을 그대로 유지해서 ``uint8``\ 을 돌려줍니다(텐서플로 2.x의 케라스 2는
# ``float32``\ 를 돌려주었습니다). 이 차이가 다음 단계에서 문제를 일으키므로(아래에서 확인합니다)
# 이미지를 먼저 ``float32``\ 로 바꿉니다.
from pathlib import Path

import numpy as np
from sklearn.datasets import load_sample_images

samples = load_sample_images()
images = np.asarray(samples["images"], dtype=np.float32)
file_names = [Path(name).name for name in samples["filenames"]]
images_resized = tf.keras.layers.Resizing(
    height=224, width=224, crop_to_aspect_ratio=True
)(images)
print("원래 크기:", [image.shape for image in images])
print("바꾼 크기:", images_resized.shape)

# %%
# 잘라 내고 크기를 바꾼 두 이미지입니다. ``Resizing`` 층은 실수(0~255)를 돌려주므로 그릴 때는
# 255로 나눕니다.
import matplotlib.pyplot as plt

plotting.plot_image_grid(
    images_resized.numpy() / 255,
    [f"이미지 #{index} ({name})" for index, name in enumerate(file_names)],
    ncols=2,
    image_size=5,
    suptitle="224×224로 자르고 크기를 바꾼 샘플 이미지",
)
plt.show()

# %%
# 모델에 맞는 전처리
# ------------------
# 사전 훈련된 모델은 훈련할 때와 같은 방식으로 전처리한 입력을 받아야 합니다. 모델마다 방식이
# 달라서 각 모델의 모듈에 ``preprocess_input()`` 함수가 있습니다. ResNet50의 함수는 0~255
# 범위의 RGB 이미지를 BGR 순서로 바꾸고 ImageNet :term:`훈련 세트`\ 의 채널별 평균을 뺍니다(크기 조정은
# 하지 않습니다). 그래서 값의 범위가 대략 -124~152로 바뀝니다.
inputs = tf.keras.applications.resnet50.preprocess_input(images_resized)
print(f"전처리 전: {float(tf.reduce_min(images_resized)):.1f} ~ "
      f"{float(tf.reduce_max(images_resized)):.1f}")
print(f"전처리 후: {float(tf.reduce_min(inputs)):.1f} ~ {float(tf.reduce_max(inputs)):.1f}")

# %%
# 앞에서 ``float32``\ 로 바꾸지 않았다면 어떻게 될까요? ``uint8`` 이미지에 같은 함수를 적용하면
# 평균(약 104~124)도 ``uint8``\ 로 바뀌어 더해지므로, 평균보다 어두운 픽셀은 음수가 되는 대신
# 256을 돌아 큰 값이 됩니다. 오류 없이 잘못된 입력이 만들어지므로 예측이 조용히 나빠집니다.
resized_uint8 = tf.keras.layers.Resizing(
    height=224, width=224, crop_to_aspect_ratio=True
)(samples["images"])
wrong_inputs = tf.keras.applications.resnet50.preprocess_input(resized_uint8)
print("uint8로 크기를 바꾼 결과의 자료형:", resized_uint8.dtype.name)
print(f"uint8에 전처리한 값의 범위: {int(tf.reduce_min(wrong_inputs))} ~ "
      f"{int(tf.reduce_max(wrong_inputs))} (음수가 없습니다)")
wrapped = np.mean(np.abs(wrong_inputs.numpy() - inputs.numpy()) > 100)
print(f"256을 돌아 엉뚱한 값이 된 원소의 비율: {wrapped:.1%}")

# %%
# 예측
# ----
# ``predict()``\ 는 이미지마다 1,000개 클래스의 추정 확률을 담은 행렬을 돌려줍니다. 행마다 합은
# 1입니다.
Y_proba = model.predict(inputs, verbose=0)
print("Y_proba 크기:", Y_proba.shape)
print("행마다의 합:", Y_proba.sum(axis=1).round(4))

# %%
# 상위 3개 클래스 출력
# --------------------
# ``decode_predictions()``\ 는 이미지마다 확률이 가장 큰 ``top``\ 개 클래스를
# ``(클래스 아이디, 클래스 이름, 확률)`` 튜플로 돌려줍니다. 클래스 이름은
# ``imagenet_class_index.json`` 파일에서 읽는데, 이 파일도 처음 쓸 때 내려받습니다.
# :func:`cnn_vision.pretrained.imagenet_class_index` 가 가중치와 같은 방법으로 이 파일을
# 확인하고, 없으면 :func:`cnn_vision.pretrained.top_k_indices` 가 같은 모양의 결과를 클래스
# 번호로 만듭니다.
if not class_index.standin:
    top_K = tf.keras.applications.resnet50.decode_predictions(Y_proba, top=3)
else:
    top_K = pretrained.top_k_indices(Y_proba, top=3)

for image_index in range(len(images)):
    print(f"이미지 #{image_index}")
    for class_id, name, y_proba in top_K[image_index]:
        print(f"  {class_id} - {name:12s} {y_proba:.2%}")

# %%
# 책의 결과와 비교
# ----------------
# 진짜 ImageNet 가중치를 쓰면 이 코드는 책과 같은 결과를 냅니다. 중국 전통 건축물 사진
# (이미지 #0)의 1위는 궁전(``palace``, 약 54.7%)이고, 꽃 사진(이미지 #1)의 1위는 꽃병(``vase``,
# 약 32.7%)입니다. 사진에 꽃병은 없습니다. ImageNet의 1,000개 클래스에는 이 꽃에 딱 맞는 것이
# 없어서, 모델은 꽃과 함께 자주 찍히는 물건을 답합니다. 확률이 50% 안팎인 것도 모델이 확신하지
# 못한다는 뜻입니다.
#
# 아래 셀은 가중치와 클래스 이름 파일이 모두 있을 때만 책과 비교하고, 그렇지 않으면 비교할 수
# 없다고 출력합니다. 무작위 가중치의 예측은 책의 숫자와 아무 관계가 없습니다.
BOOK_TOP1 = [("palace", 0.547), ("vase", 0.327)]
if not weights.standin and not class_index.standin:
    for image_index, (book_name, book_proba) in enumerate(BOOK_TOP1):
        _, name, y_proba = top_K[image_index][0]
        same = "같음" if name == book_name and abs(y_proba - book_proba) < 0.02 else "다름"
        print(f"이미지 #{image_index}: 이 실행 {name} {y_proba:.1%}, "
              f"책 {book_name} {book_proba:.1%} → {same}")
else:
    print("사전 훈련된 가중치나 클래스 이름 파일이 없어 책의 결과와 비교하지 않습니다.")

# %%
# 정리
# ----
# - ``tf.keras.applications``\ 의 모델은 ``weights="imagenet"``\ 으로 사전 훈련된 가중치를
#   불러옵니다. 파일은 처음 한 번 내려받아 케라스 캐시에 저장됩니다.
# - 입력은 모델이 기대하는 크기로 맞추고(``Resizing(..., crop_to_aspect_ratio=True)``), 그
#   모델의 ``preprocess_input()``\ 으로 전처리합니다.
# - ``decode_predictions()``\ 로 상위 클래스의 이름과 확률을 읽습니다. 이 사진들에서 책의 결과는
#   궁전(약 54.7%)과 꽃병(약 32.7%)입니다.
# - 인터넷이 없으면 :mod:`cnn_vision.pretrained` 가 알림을 출력하고 무작위 가중치로 계속하며,
#   그 알림은 페이지 맨 위에 나옵니다. 인터넷이 되는 곳에서 ``python -m cnn_vision fetch weights``\ 를
#   한 번 실행하면 이 장에 필요한 파일을 모두 받아 둡니다.
