"""『핸즈온 머신러닝』 3판 14장 예제가 함께 쓰는 작은 라이브러리.

모듈마다 한 가지 일을 합니다.

- :mod:`cnn_vision.profile`: 실행 규모(smoke / docs / full)
- :mod:`cnn_vision.plotting`: 한글 글꼴과 그림 도우미
- :mod:`cnn_vision.conv_math`: 합성곱 출력 크기 계산
- :mod:`cnn_vision.data`: 패션 MNIST를 케라스 캐시에 준비(오프라인)
- :mod:`cnn_vision.models`: 페이지 밖(벤치마크)에서도 쓰는 책의 모델
- :mod:`cnn_vision.pretrained`: ImageNet 가중치(오프라인이면 알림 후 무작위 가중치)
- :mod:`cnn_vision.flowers`: tf_flowers(오프라인이면 알림 후 모의 데이터)
- :mod:`cnn_vision.mnist`: MNIST(오프라인이면 알림 후 패션 MNIST로 대체)
- :mod:`cnn_vision.detection`: IoU, 탐지 짝짓기, 정밀도/재현율, 평균 정밀도
"""

__version__ = "0.1.0"
