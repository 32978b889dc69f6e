r"""자료 얻기: 이 장의 데이터와 가중치를 캐시 → 로컬 사본 → 접속 확인 → 내려받기 → 확인 → 대체물의
순서로 준비합니다.

모듈마다 한 가지 일을 합니다.

- :mod:`~cnn_vision.assets.registry`: 자료 표(주소, 해시, 크기, 놓일 곳). 데이터만 담습니다.
- :mod:`~cnn_vision.assets.paths`: 캐시 폴더(케라스·TFDS의 규칙)와 환경 변수 스위치.
- :mod:`~cnn_vision.assets.verify`: 해시, gzip 안의 IDX 헤더와 길이(흘려 읽기).
- :mod:`~cnn_vision.assets.fetch`: 접속 확인, 임시 이름으로 받기, 신호 처리, 남은 임시 파일 정리.
- :mod:`~cnn_vision.assets.local_copies`: 로컬 사본(환경 변수의 폴더, 데비안 패키지).
- :mod:`~cnn_vision.assets.tfds_check`: TFDS 샤드·체크섬 검사, 자식 프로세스에서의 준비와 정리.
- :mod:`~cnn_vision.assets.standin`: 결과 형식(:class:`Resource`)과 대체물 알림.
- :mod:`~cnn_vision.assets.errors`: 한국어 오류.
- :mod:`~cnn_vision.assets.target`: :class:`Target`, 얻는 순서가 적힌 유일한 곳.

불러오기 함수(:mod:`cnn_vision.fashion_mnist`, :mod:`cnn_vision.mnist`, :mod:`cnn_vision.flowers`,
:mod:`cnn_vision.pretrained`)와 명령행(``python -m cnn_vision``)은 :class:`Target` 만 부릅니다.
새 파일을 받게 하려면 :data:`~cnn_vision.assets.registry.DEFAULT` 에 한 줄을 더하면 됩니다.
"""

from cnn_vision.assets.errors import (
    DataFileError,
    DownloadError,
    NetworkUnavailableError,
    ResourceError,
    SettingError,
    StandInRefusedError,
)
from cnn_vision.assets.registry import DEFAULT, Registry, RemoteFile
from cnn_vision.assets.standin import FETCH_COMMAND, NOTICE_END, NOTICE_MARKER, Resource, StandIn
from cnn_vision.assets.target import Target

__all__ = [
    "DEFAULT",
    "FETCH_COMMAND",
    "NOTICE_END",
    "NOTICE_MARKER",
    "DataFileError",
    "DownloadError",
    "NetworkUnavailableError",
    "Registry",
    "RemoteFile",
    "Resource",
    "ResourceError",
    "SettingError",
    "StandIn",
    "StandInRefusedError",
    "Target",
]
