"""
==================================
실행 환경 확인과 그림 설정
==================================

이 장의 예제를 실행하기 전에 파이썬, 사이킷런(scikit-learn), 텐서플로(TensorFlow)의 버전을
확인하고, 그래픽 처리 장치(GPU)가 있는지 살펴봅니다. 그리고 그림의 한글이 네모(□)로 깨지지
않도록 한글 글꼴을 설정합니다.

이 페이지에서 배우는 것:

- 책이 요구하는 최소 버전과 지금 환경의 버전
- GPU가 없을 때 무엇이 느려지고, 이 사이트는 그것을 어떻게 다루는지
- matplotlib에서 한글 글꼴과 마이너스 기호를 제대로 보이게 하는 방법
"""

# %%
# 버전 확인
# ---------
# 책의 코드는 파이썬 3.7, 사이킷런 1.0.1, 텐서플로 2.8 이상을 가정합니다. 이 사이트는
# 케라스 3(Keras 3)이 들어 있는 최신 텐서플로로 실행했습니다. 케라스 3에서 달라진 부분은
# 해당 페이지에서 따로 설명합니다.
import sys

import sklearn
import tensorflow as tf
from packaging import version

assert sys.version_info >= (3, 7)
assert version.parse(sklearn.__version__) >= version.parse("1.0.1")
assert version.parse(tf.__version__) >= version.parse("2.8.0")

print(f"파이썬      {sys.version.split()[0]}")
print(f"사이킷런    {sklearn.__version__}")
print(f"텐서플로    {tf.__version__}")
print(f"케라스      {tf.keras.__version__}")

# %%
# GPU 확인
# --------
# :term:`합성곱 신경망`\ (convolutional neural network, CNN)의 훈련은 GPU가 없으면 매우 느립니다.
# GPU가 보이지 않으면 경고를 출력합니다. 이 사이트는 CPU 두 개짜리 컴퓨터에서도 빌드되도록
# **실행 프로필** 로 훈련 규모를 정합니다. 환경 변수 ``CNN_VISION_PROFILE``\ 에
# ``smoke``\ (빠른 점검), ``docs``\ (문서 빌드용, 기본값), ``full``\ (책과 같은 규모) 중 하나를
# 지정합니다. 자세한 내용은 :mod:`cnn_vision.profile` 을 보세요.
from cnn_vision import profile

gpus = tf.config.list_physical_devices("GPU")
if not gpus:
    print("GPU가 감지되지 않았습니다. 신경망 훈련은 GPU 없이 매우 느릴 수 있습니다.")
    if "google.colab" in sys.modules:
        print("코랩에서는 '런타임 > 런타임 유형 변경'에서 GPU를 선택하세요.")
else:
    print(f"GPU {len(gpus)}개를 찾았습니다: {[gpu.name for gpu in gpus]}")
print(profile.describe())

# %%
# 한글 글꼴과 마이너스 기호
# -------------------------
# matplotlib의 기본 글꼴(DejaVu Sans)에는 한글이 없습니다. 책은 나눔바른고딕을 설치해서
# 쓰는데, 이 프로젝트는 ``pip``\ 만으로 설치되는 ``koreanize-matplotlib`` 패키지의 나눔고딕을
# 먼저 찾고, 없으면 운영 체제의 나눔 글꼴(``fonts-nanum``)을 찾습니다.
#
# 그런데 나눔 글꼴에는 유니코드 마이너스 기호(U+2212)가 없습니다. 책은
# ``axes.unicode_minus``\ 를 꺼서 음수 눈금을 하이픈(-)으로 그리지만, 로그 축의 ``10^{-2}``
# 같은 눈금은 수식 모드로 그려져서 이 설정과 상관없이 깨집니다. 그래서 이 프로젝트는 글꼴 목록을
# ``["DejaVu Sans", "NanumGothic"]``\ 으로 둡니다. 숫자와 기호는 마이너스 기호가 있는 DejaVu Sans로,
# DejaVu Sans에 없는 한글만 나눔고딕으로 그립니다(matplotlib의 글꼴 대체, font fallback).
# 이 설정과 책의 글자 크기를 :func:`cnn_vision.plotting.set_book_style` 이 한 번에 합니다. 모든
# 예제는 맨 앞에서 이 함수를 부릅니다.
import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from cnn_vision import plotting

plotting.set_book_style()
print("글꼴:", matplotlib.rcParams["font.family"])
print("글꼴 파일:", plotting.find_korean_font())
print("axes.unicode_minus:", matplotlib.rcParams["axes.unicode_minus"])

# %%
# 음수 눈금, 로그 축, 한글 제목이 있는 그림으로 설정을 확인합니다. 글자가 네모로 보이면 글꼴을
# 찾지 못한 것입니다.
x = np.linspace(-2 * np.pi, 2 * np.pi, 200)
fig, (ax_linear, ax_log) = plt.subplots(1, 2, figsize=(12, 4))
ax_linear.plot(x, np.sin(x), label="사인")
ax_linear.plot(x, np.cos(x), "--", label="코사인")
ax_linear.set_title("음수 눈금")
ax_linear.set_xlabel("각도 (라디안)")
ax_linear.set_ylabel("값")
ax_linear.legend()
ax_linear.grid(True)
epochs = np.arange(1, 11)
ax_log.semilogy(epochs, 0.5 * 0.6 ** epochs, "o-", label="손실")
ax_log.set_title("로그 축 (10의 음수 거듭제곱)")
ax_log.set_xlabel("에포크")
ax_log.legend()
ax_log.grid(True)
fig.suptitle("한글 글꼴 확인: 제목, 축 이름, 범례, 음수")
fig.tight_layout()
plt.show()

# %%
# 정리
# ----
# - 버전 조건을 확인했고, GPU가 없으면 경고를 출력합니다.
# - 훈련 규모는 실행 프로필 하나로 정합니다. 각 페이지는 줄인 내용을 밝힙니다.
# - 한글 글꼴과 마이너스 기호 설정은 :func:`cnn_vision.plotting.set_book_style` 한 줄로 끝납니다.
