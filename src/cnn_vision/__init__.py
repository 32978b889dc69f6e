r"""『핸즈온 머신러닝』 3판 14장 예제가 함께 쓰는 작은 라이브러리.

모듈마다 한 가지 일을 합니다. 아래 지도는 ``tests/test_package_map.py``\ 가 파일과 맞춰 봅니다(모듈을
더하면 여기와 ``docs/api/index.rst``\ 에 적으세요).

- :mod:`cnn_vision.profile`: 실행 규모(smoke / docs / full)
- :mod:`cnn_vision.plotting`: 한글 글꼴과 그림 도우미
- :mod:`cnn_vision.conv_math`: 합성곱 출력 크기 계산
- :mod:`cnn_vision.models`: 페이지 밖(벤치마크)에서도 쓰는 책의 모델
- :mod:`cnn_vision.detection`: IoU, 탐지 짝짓기(COCO 방식), 정밀도/재현율, 평균 정밀도
- :mod:`cnn_vision.scenes`: 패션 MNIST 물건을 큰 캔버스에 놓은 장면(정확한 상자, 마스크)
- :mod:`cnn_vision.sequences`: 움직이는 패션 MNIST 아이템의 영상(정확한 상자, ID, 가림)과 공개 탐지 흉내
- :mod:`cnn_vision.tracking`: 다중 객체 추적 지표(MOTA, MOTP, IDF1, ID 전환)
- :mod:`cnn_vision.distribute`: 실행 프로필에 맞는 ``tf.distribute`` 전략

데이터와 가중치는 자료 패키지 위에 자료마다 얇은 불러오기 모듈이 있습니다. 불러오기 모듈은
:mod:`cnn_vision.assets` 와 다른 불러오기 모듈의 공개 함수만 씁니다.

- :mod:`cnn_vision.assets`: 자료 표, 캐시 폴더, 확인, 접속 확인과 내려받기, 로컬 사본, TFDS 검사,
  대체물 알림. 얻는 순서는 :class:`cnn_vision.assets.target.Target` 한 곳에 있습니다
- :mod:`cnn_vision.fashion_mnist`: 패션 MNIST를 케라스 캐시에 준비(로컬 사본, 오프라인)
- :mod:`cnn_vision.mnist`: MNIST(없으면 알림 후 패션 MNIST로 대체)
- :mod:`cnn_vision.flowers`: tf_flowers(손상 검사, 없으면 알림 후 모의 데이터)
- :mod:`cnn_vision.pretrained`: ImageNet 가중치(없으면 알림 후 무작위 가중치)

그 밖에 :mod:`cnn_vision.checks` (인자 확인), :mod:`cnn_vision.runtime` (텐서플로·matplotlib
환경 기본값, CPU 정보)이 있고, 명령행 도구 ``python -m cnn_vision fetch|check`` 가 자료를 미리 받아 두고
내용을 확인합니다.
"""

__version__ = "0.1.0"
