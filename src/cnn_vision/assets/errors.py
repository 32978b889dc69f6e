r"""자료를 준비하다 나는 오류. 모든 층(경로, 확인, 내려받기, 로컬 사본, TFDS)이 같은 오류를 냅니다.

메시지는 모두 한국어이고, 무엇이 문제인지와(가능하면) 고치는 방법을 담습니다. 명령행
(``python -m cnn_vision``)은 오류의 종류로 종료 코드를 정합니다(:mod:`cnn_vision.__main__`).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "ResourceError",
    "DataFileError",
    "NetworkUnavailableError",
    "DownloadError",
    "StandInRefusedError",
    "SettingError",
]


class ResourceError(RuntimeError):
    """이 패키지가 내는 오류의 공통 부모. 메시지는 한국어이고 고치는 방법을 담습니다."""


class DataFileError(ResourceError):
    """데이터 파일이 없거나, 손상되었거나, 잘렸을 때 나는 오류(명령행의 종료 코드 1).

    Attributes
    ----------
    path : pathlib.Path
        문제가 된 파일(또는 폴더).
    problem : str
        무엇이 문제인지(고치는 방법을 뺀 부분).
    how_to_fix : str
        고치는 방법.
    """

    dataset = "데이터"

    def __init__(self, path: os.PathLike | str, problem: str, how_to_fix: str = ""):
        self.path = Path(path)
        self.problem = problem
        self.how_to_fix = how_to_fix
        message = f"{self.dataset} 파일 {self.path}: {problem}"
        super().__init__(f"{message} {how_to_fix}".strip())


class NetworkUnavailableError(ResourceError):
    """필요한 파일이 없고 인터넷에도 접속되지 않을 때 나는 오류(명령행의 종료 코드 3).

    Attributes
    ----------
    problem : str
        무엇이 없고 왜 받지 못했는지(자료 이름과 고치는 방법을 뺀 부분, 대체물 알림의 이유).
    """

    def __init__(self, message: str, problem: str = ""):
        super().__init__(message)
        self.problem = problem or message


class DownloadError(ResourceError):
    """내려받기가 실패했거나 받은 파일이 확인을 통과하지 못했을 때 나는 오류(캐시는 그대로)."""


class StandInRefusedError(ResourceError):
    r"""``CNN_VISION_REQUIRE_REAL=1``\ 인데 진짜 자료가 없어 대체물을 써야 할 때 나는 오류."""


class SettingError(ResourceError, ValueError):
    r"""환경 변수나 캐시 폴더 설정이 잘못되었을 때 나는 오류(명령행의 종료 코드 2).

    예: ``KERAS_HOME``\ 이 폴더가 아니라 파일일 때, ``CNN_VISION_OFFLINE=maybe``\ 일 때. 메시지에
    변수 이름과 값, 고치는 방법이 들어갑니다. :class:`ValueError` 이기도 합니다.
    """
