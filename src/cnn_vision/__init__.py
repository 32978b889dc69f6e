"""『핸즈온 머신러닝』 3판 14장 예제가 함께 쓰는 작은 라이브러리.

모듈마다 한 가지 일을 합니다.

- :mod:`cnn_vision.profile`: 실행 규모(smoke / docs / full)
- :mod:`cnn_vision.plotting`: 한글 글꼴과 그림 도우미
- :mod:`cnn_vision.conv_math`: 합성곱 출력 크기 계산
- :mod:`cnn_vision.layers`: 책에 나오는 사용자 정의 층
"""

__version__ = "0.1.0"
