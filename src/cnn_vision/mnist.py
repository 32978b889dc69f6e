r"""MNIST(손글씨 숫자 70,000장)를 불러오고, 없을 때는 이름을 밝힌 대체물(패션 MNIST)로 계속합니다.

책은 ``tf.keras.datasets.mnist.load_data()``\ 로 MNIST를 불러옵니다. 이 함수는 케라스 캐시의
``datasets/mnist.npz``\ 를 SHA-256으로 확인해 읽고, 없으면 내려받습니다. 인터넷이 없으면
``Exception: URL fetch failure``\ 로 멈추고, MNIST를 담은 시스템 패키지도 없습니다.
:func:`load_mnist` 는 같은 일을 먼저 합니다(:class:`cnn_vision.assets.target.Target` 의 순서).

1. 캐시에 올바른 ``mnist.npz``\ 가 있으면 케라스와 같은 방법으로 읽습니다(네트워크를 쓰지 않음).
2. 없으면 짧은 접속 확인 뒤 내려받습니다(임시 이름으로 받아 확인한 뒤 캐시로).
3. 둘 다 안 되거나 캐시의 파일이 손상되었으면 무엇이 없고 어떻게 받는지 한국어 알림을 출력하고,
   **대체물**\ 로 진짜 패션 MNIST(같은 28×28 흑백 이미지, 10개 클래스)를 패션 MNIST 불러오기
   모듈의 공개 함수(:func:`cnn_vision.fashion_mnist.load_fashion_mnist`)로 읽습니다. 그 숫자는
   MNIST의 결과가 아닙니다.

인터넷이 되는 곳에서 ``python -m cnn_vision fetch mnist``\ 를 한 번 실행하면 파일을 받아 둡니다.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cnn_vision import fashion_mnist
from cnn_vision.assets import (
    DEFAULT,
    FETCH_COMMAND,
    DataFileError,
    NetworkUnavailableError,
    Registry,
    Resource,
    StandIn,
    Target,
)
from cnn_vision.assets.verify import verify_file

__all__ = [
    "MNIST_FNAME",
    "MNIST_URL",
    "MNIST_SHA256",
    "MNIST_CLASS_NAMES",
    "STANDIN_LABEL",
    "MnistDataError",
    "MnistData",
    "mnist_path",
    "verify_mnist_npz",
    "load_mnist",
]

TARGET = "mnist"
_REMOTE = DEFAULT.file(TARGET)

MNIST_FNAME = _REMOTE.fname
"""케라스 캐시의 ``datasets/`` 안에서 쓰는 파일 이름(``mnist.npz``)."""
MNIST_URL = _REMOTE.url
"""케라스가 내려받는 주소."""
MNIST_SHA256 = _REMOTE.digest
"""케라스의 ``mnist.load_data()``\\ 가 확인하는 SHA-256."""
MNIST_CLASS_NAMES = tuple(str(digit) for digit in range(10))
"""MNIST의 클래스 이름(레이블 0~9가 곧 숫자입니다)."""
STANDIN_LABEL = "[대체 데이터: 패션 MNIST] "
"""대체물(패션 MNIST)로 만든 그림의 제목 앞에 붙는 표시."""

_STANDIN = StandIn(
    what="진짜 패션 MNIST(같은 28×28 흑백 이미지, 10개 클래스의 옷과 신발 사진)",
    label=STANDIN_LABEL,
    consequence="대체물로 얻은 숫자는 MNIST의 결과가 아니며 책의 숫자와 비교할 수 없습니다.",
)


class MnistDataError(DataFileError):
    """MNIST도, 대신 쓸 패션 MNIST도 쓸 수 없을 때 나는 오류(메시지에 경로와 고치는 방법)."""

    dataset = "MNIST"


def mnist_path(*, registry: Registry | None = None) -> Path:
    r"""``load_data()``\ 가 MNIST를 찾는 위치(``<케라스 캐시>/datasets/mnist.npz``).

    케라스 캐시는 :func:`cnn_vision.assets.paths.keras_cache_dir` 의 규칙을 따릅니다. 파일이 아직
    없을 수도 있습니다.
    """
    return Target(TARGET, registry).location


def verify_mnist_npz(path=None, *, registry: Registry | None = None) -> Path:
    r"""``mnist.npz``\ 가 케라스가 기대하는 파일인지 SHA-256으로 확인합니다.

    Parameters
    ----------
    path : path-like, optional
        확인할 파일(기본: :func:`mnist_path`).
    registry : Registry, optional
        자료 표(기본: :data:`cnn_vision.assets.registry.DEFAULT`).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    MnistDataError
        파일이 없거나 SHA-256이 :data:`MNIST_SHA256` 과 다를 때.
    """
    target = Target(TARGET, registry)
    return verify_file(
        target.files[0], target.location if path is None else path, error=MnistDataError,
        how_to_fix=f"고치는 방법: 인터넷이 되는 곳에서 '{FETCH_COMMAND} mnist'를 "
                   "실행하세요(확인된 새 파일로 바꿉니다).",
    )


def _read_npz(path: Path):
    # 케라스의 mnist.load_data()와 같은 방법으로 읽습니다(allow_pickle=False, 같은 키).
    with np.load(path, allow_pickle=False) as npz:
        return (npz["x_train"], npz["y_train"]), (npz["x_test"], npz["y_test"])


@dataclass(frozen=True, kw_only=True)
class MnistData(Resource):
    r""":func:`load_mnist` 의 결과(:class:`cnn_vision.assets.standin.Resource` 에 배열을 더한 것).

    Attributes
    ----------
    arrays : tuple
        ``load_data()``\ 와 같은 모양: ``((X_train, y_train), (X_test, y_test))``.
        훈련 60,000장, 테스트 10,000장의 28×28 ``uint8`` 이미지와 0~9 레이블.
    class_names : tuple of str
        레이블 0~9의 이름(MNIST는 숫자, 대체물은 한국어 옷 이름).
    """

    arrays: tuple
    class_names: tuple[str, ...] = MNIST_CLASS_NAMES

    @property
    def dataset_name(self) -> str:
        """실제로 쓴 데이터셋: ``"MNIST"`` 또는 ``"패션 MNIST"``. 출력과 그림 제목에 씁니다."""
        return "패션 MNIST" if self.standin else "MNIST"


def load_mnist(*, timeout: float = 2.0, verbose: bool = True, registry: Registry | None = None) -> MnistData:
    r"""MNIST를 불러옵니다. 없고 받을 수도 없으면 알림을 출력하고 패션 MNIST로 대신합니다.

    캐시에 올바른 ``mnist.npz``\ 가 있으면 네트워크를 쓰지 않습니다. 오프라인일 때 이 확인은
    ``timeout``\ 을 넘기지 않습니다. 캐시의 파일이 손상되었으면 그 경로와 고치는 방법을 알림에
    적고 대체물로 계속합니다(파일은 지우지 않습니다).

    Parameters
    ----------
    timeout : float, default 2.0
        접속 확인에 기다릴 최대 시간(초).
    verbose : bool, default True
        ``False``\ 면 알림을 출력하지 않습니다.
    registry : Registry, optional
        자료 표(기본: :data:`cnn_vision.assets.registry.DEFAULT`). 대체물의 패션 MNIST도 이 표에서 찾습니다.

    Returns
    -------
    MnistData

    Raises
    ------
    MnistDataError
        MNIST도 패션 MNIST도 쓸 수 없을 때.
    cnn_vision.assets.errors.StandInRefusedError
        대체물이 필요한데 ``CNN_VISION_REQUIRE_REAL=1``\ 일 때.

    Examples
    --------
    >>> mnist_data = load_mnist()  # doctest: +SKIP
    >>> (X_train_full, y_train_full), (X_test, y_test) = mnist_data.arrays  # doctest: +SKIP
    """
    result = Target(TARGET, registry).obtain_or_standin(_STANDIN, timeout=timeout, verbose=verbose)
    if not result.standin:
        return result.extend(MnistData, arrays=_read_npz(result.path))
    try:
        arrays = fashion_mnist.load_fashion_mnist(timeout=timeout, registry=registry)
    except (DataFileError, NetworkUnavailableError) as error:
        raise MnistDataError(
            result.path,
            f"MNIST를 쓸 수 없고({result.reason}), 대신 쓸 패션 MNIST도 준비할 수 없습니다: {error}",
            f"고치는 방법: 인터넷이 되는 곳에서 '{FETCH_COMMAND} mnist'를 실행하거나, 위의 패션 "
            "MNIST 안내를 따르세요.",
        ) from error
    return result.extend(MnistData, arrays=arrays, class_names=fashion_mnist.FASHION_MNIST_CLASS_NAMES_KO)
