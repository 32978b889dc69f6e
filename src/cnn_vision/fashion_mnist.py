r"""패션 MNIST: 책의 ``tf.keras.datasets.fashion_mnist.load_data()``\ 가 인터넷 없이도 동작하게 합니다.

케라스의 ``fashion_mnist.load_data()``\ 는 케라스 캐시(:func:`fashion_mnist_cache_dir`)에서 gzip
파일 네 개를 찾고, 없으면 인터넷에서 내려받습니다. 파일의 해시는 확인하지 않습니다.
:func:`ensure_fashion_mnist` 는 그 전에 :class:`cnn_vision.assets.target.Target` 의 순서로 캐시를 채웁니다.

1. 캐시에 이미 있는 파일은 내용까지 확인합니다(IDX 헤더와 압축을 푼 내용의 SHA-256).
2. 빠졌거나 손상된 파일은 로컬 사본에서 가져옵니다: 환경 변수 ``CNN_VISION_FASHION_MNIST_DIR``\ 가
   가리키는 폴더, 없으면 데비안/우분투 패키지 ``dataset-fashion-mnist``\ 가 설치하는
   ``/usr/share/datasets/fashion-mnist``. 복사한 바이트를 모두 확인한 뒤에야 캐시에 넣습니다.
3. 로컬 사본이 없으면 짧은 접속 확인 뒤 케라스와 같은 주소에서 내려받아 확인합니다.

데비안 패키지의 gzip 파일은 다시 압축한 것이라 압축 파일 자체의 해시는 원본과 다르므로, 압축을 푼
내용의 해시를 고정해 둡니다(:data:`FASHION_MNIST_FILES`). 명령행에서 미리 준비하려면
``python -m cnn_vision fetch fashion-mnist``\ 를 실행합니다.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np

from cnn_vision.assets import DEFAULT, DataFileError, Registry, RemoteFile, Resource, Target
from cnn_vision.assets.verify import verify_file

__all__ = [
    "FASHION_MNIST_ENV_VAR",
    "DEBIAN_FASHION_MNIST_DIR",
    "FASHION_MNIST_FILES",
    "FASHION_MNIST_CLASS_NAMES_KO",
    "FashionMnistDataError",
    "fashion_mnist_cache_dir",
    "verify_fashion_mnist_file",
    "ensure_fashion_mnist",
    "load_fashion_mnist",
]

TARGET = "fashion-mnist"
_SPEC = DEFAULT.spec(TARGET)

FASHION_MNIST_ENV_VAR = _SPEC.local.env_var
"""로컬 사본이 든 폴더를 알려 주는 환경 변수 이름(``CNN_VISION_FASHION_MNIST_DIR``)."""

DEBIAN_FASHION_MNIST_DIR = _SPEC.local.system_dir
r"""데비안 패키지 ``dataset-fashion-mnist``\ 가 파일을 설치하는 폴더."""

FASHION_MNIST_FILES: dict[str, RemoteFile] = {remote.fname: remote for remote in DEFAULT.files_of(TARGET)}
"""케라스가 찾는 파일 이름 → 그 파일의 주소, IDX 헤더, 압축을 푼 내용의 SHA-256."""

FASHION_MNIST_CLASS_NAMES_KO: tuple[str, ...] = _SPEC.class_names
"""레이블 0~9의 한국어 클래스 이름(케라스 문서의 T-shirt/top, Trouser, ... 순서)."""


class FashionMnistDataError(DataFileError):
    """패션 MNIST 파일이 없거나, 손상되었거나, 잘렸을 때 나는 오류.

    메시지는 한국어이고 문제의 파일 경로와 고치는 방법을 담습니다
    (:class:`cnn_vision.assets.errors.DataFileError`).
    """

    dataset = "패션 MNIST"


def fashion_mnist_cache_dir(*, registry: Registry | None = None) -> Path:
    r"""``load_data()``\ 가 파일을 찾는 폴더(``<케라스 캐시>/datasets/fashion-mnist``).

    케라스 캐시는 :func:`cnn_vision.assets.paths.keras_cache_dir` 의 규칙을 따릅니다.
    """
    return Target(TARGET, registry).location


def verify_fashion_mnist_file(path: os.PathLike | str, *, registry: Registry | None = None) -> Path:
    r"""패션 MNIST gzip 파일 하나를 확인합니다(파일 이름으로 기대값을 찾습니다).

    확인 순서: gzip으로 풀리는가 → IDX 매직 넘버 → 헤더의 차원 크기 → 내용 길이(잘리지
    않았는가, 남는 데이터가 없는가) → 압축을 푼 내용의 SHA-256.

    Parameters
    ----------
    path : path-like
        확인할 파일. 이름이 :data:`FASHION_MNIST_FILES` 의 키 중 하나여야 합니다.
    registry : Registry, optional
        자료 표(기본: :data:`cnn_vision.assets.registry.DEFAULT`).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        파일 이름이 패션 MNIST의 파일 이름이 아닐 때.
    FashionMnistDataError
        파일이 없거나 확인을 통과하지 못할 때. 메시지에 파일 경로와 기대값·실제값이 들어갑니다.
    """
    path = Path(path)
    files = {remote.fname: remote for remote in Target(TARGET, registry).files}
    if path.name not in files:
        raise ValueError(
            f"패션 MNIST 파일 이름이 아닙니다: path={str(path)!r} "
            f"(가능한 이름: {', '.join(files)})"
        )
    return verify_file(files[path.name], path, error=FashionMnistDataError)


def ensure_fashion_mnist(
    *, verify_cache: bool = True, timeout: float = 2.0, registry: Registry | None = None
) -> Resource:
    r"""케라스 캐시에 올바른 패션 MNIST 파일 네 개가 있게 합니다(있으면 확인만 합니다).

    이 함수 다음에 책의 ``tf.keras.datasets.fashion_mnist.load_data()``\ 를 그대로 부르면 됩니다.

    Parameters
    ----------
    verify_cache : bool, default True
        캐시에 이미 있는 파일도 확인할지(네 파일에 1초 안팎). ``False``\ 면 파일이 있는지만 봅니다.
    timeout : float, default 2.0
        로컬 사본이 없을 때 접속 확인에 기다릴 최대 시간(초).
    registry : Registry, optional
        자료 표(기본: :data:`cnn_vision.assets.registry.DEFAULT`).

    Returns
    -------
    cnn_vision.assets.standin.Resource
        ``source``\ 는 ``"cache"``, ``"env"``, ``"debian"``, ``"download"`` 중 하나입니다.
        패션 MNIST에는 대체물이 없으므로 ``standin``\ 은 늘 ``False``\ 입니다.

    Raises
    ------
    FashionMnistDataError
        로컬 사본이나 캐시의 파일이 손상되었을 때(캐시는 그대로 둡니다).
    cnn_vision.assets.errors.NetworkUnavailableError
        캐시에도 로컬 사본에도 없고 인터넷도 안 될 때.

    Examples
    --------
    >>> from cnn_vision.fashion_mnist import ensure_fashion_mnist
    >>> status = ensure_fashion_mnist()  # doctest: +SKIP
    >>> (X_train, y_train), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()  # doctest: +SKIP
    """
    if not isinstance(verify_cache, bool):
        raise ValueError(f"verify_cache는 True 또는 False여야 합니다: verify_cache={verify_cache!r}")
    target = Target(TARGET, registry)
    if not verify_cache and all(target.path_of(remote).is_file() for remote in target.files):
        return Resource(name=target.name, path=target.location, source="cache")
    return target.obtain(timeout=timeout, error=FashionMnistDataError)


def _read_idx(path: Path, offset: int) -> np.ndarray:
    with gzip.open(path, "rb") as stream:
        return np.frombuffer(stream.read(), np.uint8, offset=offset)


def load_fashion_mnist(*, timeout: float = 2.0, registry: Registry | None = None):
    r""":func:`ensure_fashion_mnist` 로 준비한 파일을 ``load_data()``\ 와 같은 배열로 읽습니다.

    케라스의 ``fashion_mnist.load_data()``\ 와 같은 방법(IDX 헤더 뒤의 바이트를 ``uint8``\ 로)으로
    읽으므로 결과가 같습니다. 다른 불러오기 모듈(:mod:`cnn_vision.mnist` 의 대체물)이 씁니다.

    Returns
    -------
    tuple
        ``((X_train, y_train), (X_test, y_test))``: 28×28 ``uint8`` 이미지와 0~9 레이블.

    Raises
    ------
    FashionMnistDataError, cnn_vision.assets.errors.NetworkUnavailableError
        :func:`ensure_fashion_mnist` 와 같습니다.
    """
    folder = ensure_fashion_mnist(timeout=timeout, registry=registry).path
    arrays = []
    for part in ("train", "t10k"):
        labels = _read_idx(folder / f"{part}-labels-idx1-ubyte.gz", 8)
        images = _read_idx(folder / f"{part}-images-idx3-ubyte.gz", 16).reshape(len(labels), 28, 28)
        arrays.append((images, labels))
    return tuple(arrays)
