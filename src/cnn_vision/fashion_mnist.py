r"""패션 MNIST: 책의 ``tf.keras.datasets.fashion_mnist.load_data()``\ 가 인터넷 없이도 동작하게 합니다.

케라스의 ``fashion_mnist.load_data()``\ 는 케라스 캐시(:func:`fashion_mnist_cache_dir`)에서 gzip
파일 네 개를 찾고, 없으면 인터넷에서 내려받습니다. 파일의 해시는 확인하지 않습니다.
:func:`ensure_fashion_mnist` 는 그 전에 다음 순서로 캐시를 채웁니다.

1. 캐시에 이미 있는 파일은 내용까지 확인합니다(IDX 헤더와 압축을 푼 내용의 SHA-256).
2. 빠졌거나 손상된 파일은 로컬 사본에서 가져옵니다: 환경 변수 ``CNN_VISION_FASHION_MNIST_DIR``\ 가
   가리키는 폴더, 없으면 데비안/우분투 패키지 ``dataset-fashion-mnist``\ 가 설치하는
   ``/usr/share/datasets/fashion-mnist``. 필요한 파일을 모두 확인한 뒤에야 캐시에 씁니다.
3. 로컬 사본이 없으면 짧은 접속 확인 뒤 케라스와 같은 주소에서 내려받아 확인합니다.

데비안 패키지의 gzip 파일은 다시 압축한 것이라 압축 파일 자체의 해시는 원본과 다르므로, 압축을 푼
내용의 해시를 고정해 둡니다(:data:`FASHION_MNIST_FILES`). 캐시에는 임시 이름으로 쓴 뒤 이름을
바꾸므로 반쯤 쓴 파일이 남지 않습니다. 자료의 표와 규칙은 :mod:`cnn_vision.resources` 에 있습니다.

명령행에서 미리 준비하려면 ``python -m cnn_vision fetch fashion-mnist``\ 를 실행합니다.
"""

from __future__ import annotations

import os
from pathlib import Path

from cnn_vision import resources

__all__ = [
    "FASHION_MNIST_ENV_VAR",
    "DEBIAN_FASHION_MNIST_DIR",
    "FASHION_MNIST_FILES",
    "FASHION_MNIST_CLASS_NAMES_KO",
    "FashionMnistDataError",
    "fashion_mnist_cache_dir",
    "verify_fashion_mnist_file",
    "ensure_fashion_mnist",
]

FASHION_MNIST_ENV_VAR = resources.FASHION_MNIST.local.env_var
"""로컬 사본이 든 폴더를 알려 주는 환경 변수 이름(``CNN_VISION_FASHION_MNIST_DIR``)."""

DEBIAN_FASHION_MNIST_DIR = resources.FASHION_MNIST.local.system_dir
r"""데비안 패키지 ``dataset-fashion-mnist``\ 가 파일을 설치하는 폴더."""

FASHION_MNIST_FILES: dict[str, resources.RemoteFile] = {
    remote.fname: remote for remote in resources.FASHION_MNIST.files
}
"""케라스가 찾는 파일 이름 → 그 파일의 주소, IDX 헤더, 압축을 푼 내용의 SHA-256."""

FASHION_MNIST_CLASS_NAMES_KO: tuple[str, ...] = resources.FASHION_MNIST.class_names
"""레이블 0~9의 한국어 클래스 이름(케라스 문서의 T-shirt/top, Trouser, ... 순서)."""


class FashionMnistDataError(resources.DataFileError):
    """패션 MNIST 파일이 없거나, 손상되었거나, 잘렸을 때 나는 오류.

    메시지는 한국어이고 문제의 파일 경로와 고치는 방법을 담습니다
    (:class:`cnn_vision.resources.DataFileError`).
    """

    dataset = "패션 MNIST"


def fashion_mnist_cache_dir() -> Path:
    r"""``load_data()``\ 가 파일을 찾는 폴더(``<케라스 캐시>/datasets/fashion-mnist``).

    케라스 캐시는 :func:`cnn_vision.resources.keras_cache_dir` 의 규칙을 따릅니다.
    """
    return resources.FASHION_MNIST.cache_dir


def verify_fashion_mnist_file(path: os.PathLike | str) -> Path:
    r"""패션 MNIST gzip 파일 하나를 확인합니다(파일 이름으로 기대값을 찾습니다).

    확인 순서: gzip으로 풀리는가 → IDX 매직 넘버 → 헤더의 차원 크기 → 내용 길이(잘리지
    않았는가) → 압축을 푼 내용의 SHA-256.

    Parameters
    ----------
    path : path-like
        확인할 파일. 이름이 :data:`FASHION_MNIST_FILES` 의 키 중 하나여야 합니다.

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
    files = {remote.fname: remote for remote in resources.FASHION_MNIST.files}
    if path.name not in files:
        raise ValueError(
            f"패션 MNIST 파일 이름이 아닙니다: path={str(path)!r} "
            f"(가능한 이름: {', '.join(files)})"
        )
    return resources.verify_file(files[path.name], path, error=FashionMnistDataError)


def ensure_fashion_mnist(*, verify_cache: bool = True, timeout: float = 2.0) -> resources.Resource:
    r"""케라스 캐시에 올바른 패션 MNIST 파일 네 개가 있게 합니다(있으면 확인만 합니다).

    이 함수 다음에 책의 ``tf.keras.datasets.fashion_mnist.load_data()``\ 를 그대로 부르면 됩니다.

    Parameters
    ----------
    verify_cache : bool, default True
        캐시에 이미 있는 파일도 확인할지(네 파일에 1초 안팎).
    timeout : float, default 2.0
        로컬 사본이 없을 때 접속 확인에 기다릴 최대 시간(초).

    Returns
    -------
    cnn_vision.resources.Resource
        ``source``\ 는 ``"cache"``, ``"env"``, ``"debian"``, ``"download"`` 중 하나입니다.
        패션 MNIST에는 대체물이 없으므로 ``standin``\ 은 늘 ``False``\ 입니다.

    Raises
    ------
    FashionMnistDataError
        로컬 사본이나 캐시의 파일이 손상되었을 때(캐시는 그대로 둡니다).
    cnn_vision.resources.NetworkUnavailableError
        캐시에도 로컬 사본에도 없고 인터넷도 안 될 때.

    Examples
    --------
    >>> from cnn_vision.fashion_mnist import ensure_fashion_mnist
    >>> status = ensure_fashion_mnist()  # doctest: +SKIP
    >>> (X_train, y_train), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()  # doctest: +SKIP
    """
    return resources.ensure_group(
        resources.FASHION_MNIST, error=FashionMnistDataError, verify_cache=verify_cache,
        timeout=timeout,
    )
