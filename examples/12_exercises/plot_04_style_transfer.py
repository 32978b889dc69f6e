r"""
========================================
연습 문제 11: 신경 스타일 전이
========================================

연습 문제 11은 텐서플로의 스타일 전이 튜토리얼을 살펴보고 딥러닝으로 재미있는 그림을 만들어
보라는 문제입니다. 이 페이지는 그 기법인 :term:`신경 스타일 전이`\ (neural style transfer, Gatys 외,
2015)를 처음부터 구현합니다. 한 사진(내용 이미지)의 구도는 그대로 두고, 다른 그림(스타일
이미지)의 색과 질감을 입힌 새 이미지를 만듭니다.

핵심 아이디어는 모델을 훈련하는 것이 아니라 **이미지 자체를 최적화**\ 하는 것입니다.
ImageNet으로 훈련된 VGG19를 고정해 두고 :term:`특성` 추출기로만 씁니다.

- 내용 손실(content loss): 깊은 :term:`층`\ 의 :term:`특성 맵`\ 이 내용 이미지의 것과 비슷하면 작아집니다.
- 스타일 손실(style loss): 여러 층에서 특성 맵끼리의 상관관계(:term:`그람 행렬`, Gram matrix)가 스타일
  이미지의 것과 비슷하면 작아집니다. 상관관계는 위치와 상관없는 통계라 구도는 빠지고 질감과 색만
  남습니다.
- 총 변이 손실(total variation loss): 이웃 픽셀끼리의 차이가 작으면 작아져 잡음을 줄입니다.

이 세 손실의 가중 합을 이미지 픽셀에 대해 경사 하강법으로 줄입니다. 내용 이미지와 스타일
이미지는 사이킷런에 들어 있는 두 사진(중국 사원, 꽃)을 씁니다.
"""

# %%
# 실행 규모
# ---------
# 텐서플로 튜토리얼은 긴 변이 512픽셀인 이미지를 1,000 스텝(100 스텝씩 10번) 최적화합니다. 한
# 스텝마다 VGG19를 앞으로 한 번, 뒤로 한 번 통과하므로 2코어 CPU에서는 이 설정이 한 시간 가까이
# 걸립니다. ``docs`` 프로필은 긴 변을 192픽셀로, 스텝을 150번으로 줄여 2분 안팎에 끝냅니다.
# ``full`` 프로필은 튜토리얼과 같은 규모입니다(GPU 권장). ``smoke`` 프로필은 코드가 끝까지 도는지만
# 보는 점검용이라 결과 그림에 의미가 없습니다.
import time

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from matplotlib import ticker
from sklearn.datasets import load_sample_images

from cnn_vision import plotting, pretrained, profile

# VGG19 가중치를 먼저 확인합니다(아래 "VGG19 특성 추출기"에서 설명합니다). 없어서 무작위 가중치로
# 계속하면 그 알림이 이 스크립트의 첫 출력이 됩니다.
weights = pretrained.imagenet_weights("vgg19", include_top=False)

plotting.set_book_style()
print(profile.describe())

MAX_DIM = profile.pick(smoke=48, docs=192, full=512)  # 긴 변의 픽셀 수
N_STEPS = profile.pick(smoke=2, docs=150, full=1000)

# %%
# 내용 이미지와 스타일 이미지
# ---------------------------
# 두 사진은 427×640 크기의 ``uint8`` 배열입니다. 0~1 범위의 ``float32``\ 로 바꾸고, 긴 변이
# ``MAX_DIM``\ 이 되도록 비율을 지키며 줄인 뒤 배치 축을 붙입니다.
china, flower = load_sample_images().images


def prepare(image, max_dim):
    image = tf.image.convert_image_dtype(image, tf.float32)
    height, width = image.shape[:2]
    scale = max_dim / max(height, width)
    new_size = (round(height * scale), round(width * scale))
    return tf.image.resize(image, new_size)[tf.newaxis]


content_image = prepare(china, MAX_DIM)
style_image = prepare(flower, MAX_DIM)
print("내용 이미지:", content_image.shape, " 스타일 이미지:", style_image.shape)

# %%
# VGG19 특성 추출기
# -----------------
# 분류 층이 없는 VGG19(``include_top=False``)를 불러와 고정하고, 원하는 층의 출력을 돌려주는
# 모델을 만듭니다. 스타일은 다섯 블록의 첫 :term:`합성곱 층`\ 에서, 내용은 다섯 번째 블록의
# 두 번째 합성곱 층에서 봅니다. 얕은 층의 통계는 색과 붓질 같은 세밀한 질감을, 깊은 층의 통계는 더 큰 무늬를
# 담습니다.
#
# :term:`가중치` 파일(약 80MB)은 맨 앞 셀에서 :func:`cnn_vision.pretrained.imagenet_weights` 로
# 확인했습니다. 파일이 없고 인터넷도 안 되면 알림을 출력하고 **무작위로 초기화한** VGG19로
# 계속합니다. 무작위 특성으로도 코드는 끝까지 돌지만 그 특성에는 내용도 스타일도 담기지 않으므로,
# 결과 그림은 의미가 없고 ``[훈련되지 않은 가중치]`` 표시가 붙습니다.
label = weights.label

tf.keras.backend.clear_session()
tf.random.set_seed(42)
vgg = tf.keras.applications.VGG19(include_top=False, weights=weights.weights)
vgg.trainable = False

style_layers = ["block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1", "block5_conv1"]
content_layers = ["block5_conv2"]
feature_extractor = tf.keras.Model(
    inputs=vgg.input,
    outputs=[vgg.get_layer(name).output for name in style_layers + content_layers],
)


def extract_features(image):
    r"""0~1 범위의 이미지에서 (스타일 특성 목록, 내용 특성 목록)을 돌려줍니다."""
    # VGG19는 0~255 범위의 BGR 이미지에서 ImageNet 평균을 뺀 입력으로 훈련되었습니다.
    preprocessed = tf.keras.applications.vgg19.preprocess_input(image * 255)
    features = feature_extractor(preprocessed)
    return features[:len(style_layers)], features[len(style_layers):]


# %%
# 그람 행렬
# ---------
# 특성 맵의 크기가 높이 :math:`H`, 너비 :math:`W`, 채널 :math:`C`\ 일 때, 위치마다의 :math:`C`\ 차원
# 특성 벡터를 모아 채널끼리 내적한 :math:`C \times C` 행렬이 그람 행렬입니다. 원소 :math:`(c, d)`\ 는
# 채널 :math:`c`\ 와 :math:`d`\ 가 같은 곳에서 함께 켜지는 정도입니다. 위치 수 :math:`HW`\ 로 나눠
# 이미지 크기와 상관없는 값으로 만듭니다.
def gram_matrix(features):
    gram = tf.einsum("bijc,bijd->bcd", features, features)
    n_positions = tf.cast(tf.shape(features)[1] * tf.shape(features)[2], tf.float32)
    return gram / n_positions


style_targets = [gram_matrix(features) for features in extract_features(style_image)[0]]
content_targets = extract_features(content_image)[1]
for name, gram in zip(style_layers, style_targets):
    print(f"{name}: 그람 행렬 {gram.shape[1]}×{gram.shape[2]}")

# %%
# 손실 함수
# ---------
# 스타일 손실은 층마다 그람 행렬의 평균 제곱 오차를 평균한 것이고, 내용 손실은 특성 맵의 평균 제곱
# 오차입니다. 총 변이 손실은 ``tf.image.total_variation()``\ 이 계산하는 이웃 픽셀 차이의 절댓값
# 합입니다. 세 손실의 크기가 매우 다르므로 가중치로 균형을 맞춥니다. 가중치는 텐서플로 튜토리얼과
# 같은 값(스타일 0.01, 내용 10,000, 총 변이 30)입니다. 스타일 가중치를 키우면 질감이 강해지고
# 구도가 흐려집니다.
STYLE_WEIGHT = 1e-2
CONTENT_WEIGHT = 1e4
TOTAL_VARIATION_WEIGHT = 30


def compute_losses(image):
    style_outputs, content_outputs = extract_features(image)
    style_loss = tf.add_n([
        tf.reduce_mean((gram_matrix(output) - target) ** 2)
        for output, target in zip(style_outputs, style_targets)
    ]) / len(style_layers)
    content_loss = tf.add_n([
        tf.reduce_mean((output - target) ** 2)
        for output, target in zip(content_outputs, content_targets)
    ]) / len(content_layers)
    variation_loss = tf.reduce_sum(tf.image.total_variation(image))
    return {
        "스타일": STYLE_WEIGHT * style_loss,
        "내용": CONTENT_WEIGHT * content_loss,
        "총 변이": TOTAL_VARIATION_WEIGHT * variation_loss,
    }


# %%
# 이미지 최적화하기
# -----------------
# 생성할 이미지를 내용 이미지로 초기화한 ``tf.Variable``\ 로 만들고, 손실의 :term:`그레이디언트`\ 를
# ``GradientTape``\ 로 구해 Adam으로 픽셀을 갱신합니다. 갱신할 때마다 픽셀 값을 0~1로 자릅니다.
# ``tf.function``\ 으로 한 스텝을 그래프로 바꾸면 두 번째 스텝부터 빨라집니다. Adam의 설정(:term:`학습률`
# 0.02, ``beta_1=0.99``, ``epsilon=0.1``)은 튜토리얼의 값입니다.
generated_image = tf.Variable(content_image)
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02, beta_1=0.99, epsilon=1e-1)


@tf.function
def train_step(image):
    with tf.GradientTape() as tape:
        losses = compute_losses(image)
        total_loss = tf.add_n(list(losses.values()))
    gradients = tape.gradient(total_loss, image)
    optimizer.apply_gradients([(gradients, image)])
    image.assign(tf.clip_by_value(image, 0.0, 1.0))
    return losses


history = {name: [] for name in ("스타일", "내용", "총 변이")}
start = time.perf_counter()
for step in range(1, N_STEPS + 1):
    losses = train_step(generated_image)
    for name, value in losses.items():
        history[name].append(float(value))
    if step % max(N_STEPS // 5, 1) == 0 or step == N_STEPS:
        total = sum(values[-1] for values in history.values())
        print(f"스텝 {step:4}: 전체 손실 {total:,.0f} "
              f"({time.perf_counter() - start:.0f}초)")
print(f"스텝당 평균 {(time.perf_counter() - start) / N_STEPS:.2f}초")

# %%
# 결과
# ----
# 왼쪽부터 내용 이미지, 스타일 이미지, 만들어진 이미지입니다. 사전 훈련된 VGG19로 만들었다면
# 사원의 구도 위에 꽃 사진의 색과 질감이 입혀집니다. ``docs`` 프로필은 작은 이미지와 적은 스텝으로
# 만들었으므로 튜토리얼보다 효과가 약합니다.
result = generated_image.numpy()[0]
plotting.plot_image_grid(
    [content_image[0].numpy(), style_image[0].numpy(), result],
    ["내용 이미지", "스타일 이미지", f"{label}결과 ({N_STEPS} 스텝)"],
    ncols=3, image_size=4.5,
)
plt.show()

# %%
# 손실의 변화
# -----------
# 가중치를 곱한 세 손실이 스텝마다 어떻게 바뀌는지 로그 눈금으로 그립니다(눈금 이름은 한글
# 글꼴에 없는 수식 기호 대신 ``1e+03`` 같은 보통 글자로 씁니다). 내용 이미지에서
# 시작하므로 처음에는 내용 손실이 0이고, 스타일 손실을 줄이면서 내용 손실이 조금씩 커집니다. 두
# 손실이 서로 당기는 균형점이 결과 이미지입니다.
steps = np.arange(1, N_STEPS + 1)
plt.figure(figsize=(8, 4))
for (name, values), style in zip(history.items(), ["r-", "b--", "g:"]):
    plt.plot(steps, np.maximum(values, 1e-3), style, label=f"{name} 손실")
plt.yscale("log")
plt.gca().yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))
plt.gca().yaxis.set_minor_formatter(ticker.NullFormatter())
plt.xlabel("스텝")
plt.ylabel("가중치를 곱한 손실")
plt.title(f"{label}스타일 전이의 손실")
plt.grid(True)
plt.legend()
plt.tight_layout()
plt.show()

# %%
# 정리
# ----
# - 신경 스타일 전이는 고정된 VGG19의 특성으로 계산한 손실을 줄이도록 이미지의 픽셀을 직접
#   최적화합니다.
# - 스타일은 여러 층의 그람 행렬(채널끼리의 상관관계)로, 내용은 깊은 층의 특성 맵으로 비교하고,
#   총 변이 손실로 잡음을 줄입니다. 세 손실의 가중치가 결과의 성격을 정합니다.
# - ``docs`` 프로필은 긴 변 192픽셀, 150 스텝으로 줄였고, ``full`` 프로필은 튜토리얼과 같은 512픽셀,
#   1,000 스텝입니다.
# - 사전 훈련된 가중치가 없으면 무작위 VGG19로 계속하며, 그 결과 그림은 의미가 없습니다.
