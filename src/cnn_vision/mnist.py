r"""MNIST(손글씨 숫자 70,000장)를 불러오고, 없을 때는 이름을 밝힌 대체 데이터(패션 MNIST)로 계속합니다.

책은 ``tf.keras.datasets.mnist.load_data()``\ 로 MNIST를 불러옵니다. 이 함수는 케라스 캐시
(``$KERAS_HOME/datasets/mnist.npz``, 환경 변수가 없으면 ``~/.keras/datasets/mnist.npz``)에서 파일을
찾아 SHA-256을 확인하고 ``np.load``\ 로 읽으며, 파일이 없으면 인터넷에서 내려받습니다. 인터넷이 없으면
``Exception: URL fetch failure``\ 로 멈추고, MNIST를 담은 시스템 패키지도 없습니다.
:func:`load_mnist` 는 같은 확인을 먼저 합니다.

1. 캐시에 ``mnist.npz``\ 가 있으면 케라스와 같은 SHA-256을 확인하고, 케라스와 같은 방법으로
   읽습니다(네트워크를 쓰지 않습니다). 해시가 다르면 그 파일을 밝힌 한국어 오류를 냅니다.
2. 없으면 짧은 시간 안에 파일 서버에 접속되는지 보고(:func:`cnn_vision.pretrained.network_available`),
   되면 케라스의 ``get_file``\ 로 임시 이름에 내려받아 확인한 뒤 캐시로 옮깁니다.
3. 둘 다 안 되면 무엇이 없고 어디에 두어야 하며 인터넷이 될 때 무엇을 실행하면 되는지 한국어로
   알리고, **대체 데이터**\ 로 진짜 패션 MNIST(같은 28×28 흑백 이미지, 10개 클래스)를
   :mod:`cnn_vision.data` 와 ``tf.keras.datasets.fashion_mnist.load_data()``\ 로 불러옵니다.
   이때 나온 숫자에는 ``"[대체 데이터: 패션 MNIST] "`` 표시를 붙여야 하며, MNIST의 결과가 아닙니다.

인터넷이 되는 곳에서 ``python -m cnn_vision.mnist``\ 를 한 번 실행하면 파일을 캐시에 받아 둡니다.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cnn_vision import data, pretrained

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

#: 케라스 캐시의 ``datasets/`` 안에서 쓰는 파일 이름.
MNIST_FNAME = "mnist.npz"
#: 케라스가 내려받는 주소.
MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
#: 케라스의 ``mnist.load_data()``\ 가 확인하는 SHA-256.
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
#: MNIST의 클래스 이름(레이블 0~9가 곧 숫자입니다).
MNIST_CLASS_NAMES = tuple(str(digit) for digit in range(10))
#: 대체 데이터에서 나온 숫자 앞에 붙이는 표시.
STANDIN_LABEL = "[대체 데이터: 패션 MNIST] "

_NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")
_COMMAND = "python -m cnn_vision.mnist"


class MnistDataError(data.DataFileError):
    """MNIST 파일이 손상되었거나, MNIST도 대체 데이터도 쓸 수 없을 때 나는 오류.

    메시지는 한국어이고, 문제의 파일 경로와 고치는 방법을 담습니다(:class:`cnn_vision.data.DataFileError`).
    """

    dataset = "MNIST"


def mnist_path() -> Path:
    r"""``load_data()``\ 가 MNIST를 찾는 위치(``<케라스 캐시>/datasets/mnist.npz``)를 돌려줍니다.

    케라스 캐시는 :func:`cnn_vision.data.keras_cache_dir` 와 같은 규칙(``$KERAS_HOME``, 없으면
    ``~/.keras``)으로 정합니다. 파일이 아직 없을 수도 있습니다.

    Returns
    -------
    pathlib.Path
    """
    return data.keras_cache_dir() / "datasets" / MNIST_FNAME


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_mnist_npz(path: str | os.PathLike) -> None:
    r"""``mnist.npz``\ 가 케라스가 기대하는 파일인지 SHA-256으로 확인합니다.

    Parameters
    ----------
    path : path-like
        확인할 파일.

    Raises
    ------
    MnistDataError
        파일이 아니거나 SHA-256이 :data:`MNIST_SHA256` 과 다를 때. 메시지에 파일 경로,
        기대값과 실제값, 고치는 방법이 들어갑니다.
    """
    path = Path(path)
    how_to_fix = (
        f"고치는 방법: 이 파일을 지우고 인터넷이 되는 곳에서 '{_COMMAND}'를 실행하거나 "
        f"{MNIST_URL} 을 받아 같은 위치에 두세요."
    )
    if not path.is_file():
        raise MnistDataError(path, "파일이 아닙니다(없거나 폴더입니다).", how_to_fix)
    digest = _sha256(path)
    if digest != MNIST_SHA256:
        raise MnistDataError(
            path,
            f"SHA-256이 {digest}입니다({MNIST_SHA256}이어야 합니다). 파일이 잘렸거나 손상되었거나 "
            "다른 파일입니다. 케라스의 load_data()도 이 파일을 쓰지 않고 다시 내려받으려 합니다.",
            how_to_fix,
        )


def _read_npz(path: Path):
    # 케라스의 mnist.load_data()와 같은 방법으로 읽습니다(allow_pickle=False, 같은 키).
    with np.load(path, allow_pickle=False) as npz:
        missing = [key for key in _NPZ_KEYS if key not in npz.files]
        if missing:
            raise MnistDataError(
                path,
                f"npz 파일에 {', '.join(missing)} 배열이 없습니다(있는 것: {', '.join(npz.files)}).",
                "고치는 방법: 이 파일을 지우고 다시 받으세요.",
            )
        return (npz["x_train"], npz["y_train"]), (npz["x_test"], npz["y_test"])


def _download(target: Path) -> str:
    r"""케라스의 ``get_file``\ 로 임시 폴더에 받아 확인한 뒤 ``target``\ 으로 옮깁니다.

    실패하면 그 이유를, 성공하면 빈 문자열을 돌려줍니다.
    """
    import tensorflow as tf  # 내려받을 때만 필요합니다.

    target.parent.mkdir(parents=True, exist_ok=True)
    # 같은 파일 시스템의 임시 폴더에 받아야 이름 바꾸기(os.replace)가 한 번에 끝납니다.
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".mnist-download-") as folder:
        try:
            downloaded = Path(
                tf.keras.utils.get_file(
                    MNIST_FNAME, MNIST_URL, file_hash=MNIST_SHA256, cache_dir=folder,
                    cache_subdir="",
                )
            )
            verify_mnist_npz(downloaded)
        except Exception as error:  # 케라스는 네트워크 오류를 일반 Exception으로 냅니다.
            return f"내려받기에 실패했습니다: {type(error).__name__}: {error}"
        os.replace(downloaded, target)
    return ""


def _resolve(timeout: float) -> tuple[str, str]:
    r"""캐시 확인 → 접속 확인 → 내려받기. ``(출처, 이유)``\ 를 돌려줍니다. 출처가 ``"missing"``\ 이면 없음."""
    path = mnist_path()
    if path.exists():
        verify_mnist_npz(path)  # 손상된 파일은 조용히 넘기지 않습니다.
        return "cache", ""
    reason = "케라스 캐시에 파일이 없습니다"
    if not pretrained.network_available(timeout=timeout):
        reason += f". 인터넷({pretrained.PROBE_HOST})에도 {timeout:g}초 안에 접속하지 못했습니다"
        return "missing", reason
    problem = _download(path)
    if problem:
        return "missing", f"{reason}. {problem}"
    return "download", ""


def _notice(path: Path, reason: str) -> None:
    lines = [
        "[알림] MNIST 데이터셋(mnist.npz, 약 11MB)을 쓸 수 없습니다.",
        f"  이유: {reason}.",
        f"  저장 위치: {path} (환경 변수 KERAS_HOME으로 바꿀 수 있습니다)",
        "  인터넷이 되는 곳에서 한 번 실행하면 위치에 저장됩니다:",
        f"    {_COMMAND}   (또는 파이썬에서 tf.keras.datasets.mnist.load_data())",
        f"  또는 {MNIST_URL} 을 받아 위 위치에 두세요(SHA-256 {MNIST_SHA256[:12]}...).",
        "  이 페이지는 대신 패션 MNIST(같은 28×28 흑백 이미지, 10개 클래스의 옷과 신발 사진)로 계속합니다.",
        f"  이때 나온 숫자에는 '{STANDIN_LABEL.strip()}' 표시가 붙으며 MNIST의 결과가 아닙니다.",
    ]
    print("\n".join(lines), flush=True)


@dataclass(frozen=True)
class MnistData:
    r""":func:`load_mnist` 의 결과.

    Attributes
    ----------
    arrays : tuple
        ``load_data()``\ 와 같은 모양: ``((X_train, y_train), (X_test, y_test))``.
        훈련 60,000장, 테스트 10,000장의 28×28 ``uint8`` 이미지와 0~9 레이블.
    standin : bool
        MNIST 대신 패션 MNIST이면 ``True``.
    path : pathlib.Path
        ``mnist.npz``\ 가 있는(또는 있어야 할) 위치.
    source : str
        ``"cache"``\ (이미 있었음), ``"download"``\ (방금 받음), ``"standin"``\ (대체 데이터).
    reason : str
        대체 데이터를 쓴 이유(MNIST면 빈 문자열).
    """

    arrays: tuple
    standin: bool
    path: Path
    source: str
    reason: str = ""

    @property
    def label(self) -> str:
        """이 데이터로 얻은 숫자 앞에 붙일 표시. MNIST면 빈 문자열입니다."""
        return STANDIN_LABEL if self.standin else ""

    @property
    def name(self) -> str:
        """데이터셋 이름: ``"MNIST"`` 또는 ``"패션 MNIST"``. 출력과 그림 제목에 씁니다."""
        return "패션 MNIST" if self.standin else "MNIST"

    @property
    def class_names(self) -> list[str]:
        """레이블 0~9의 이름(MNIST는 숫자, 패션 MNIST는 한국어 옷 이름)."""
        names = data.FASHION_MNIST_CLASS_NAMES_KO if self.standin else MNIST_CLASS_NAMES
        return list(names)


def _load_standin(path: Path, reason: str):
    status = data.ensure_fashion_mnist()
    if not status.available_offline:
        raise MnistDataError(
            path,
            f"MNIST를 쓸 수 없고({reason}), 대신 쓸 패션 MNIST도 이 컴퓨터에 없습니다 "
            f"({status.describe()}).",
            f"고치는 방법: 인터넷이 되는 곳에서 '{_COMMAND}'를 실행하거나, 루트 권한으로 "
            f"'apt-get install {data.DEBIAN_PACKAGE}'를 실행하세요.",
        )
    import tensorflow as tf

    return tf.keras.datasets.fashion_mnist.load_data()


def load_mnist(*, timeout: float = 2.0, verbose: bool = True) -> MnistData:
    r"""MNIST를 불러옵니다. 없고 인터넷도 안 되면 알림을 출력하고 패션 MNIST로 대신합니다.

    캐시에 올바른 ``mnist.npz``\ 가 있으면 네트워크를 쓰지 않습니다. 없으면 ``timeout`` 초 안에
    파일 서버에 접속되는지 보고, 되면 케라스와 같은 위치로 내려받습니다. 둘 다 안 되면 한국어
    알림을 출력하고 ``standin=True``\ 인 결과를 돌려줍니다. 그 숫자에는 ``label`` 속성을 붙여
    출력해야 합니다. 오프라인일 때 이 확인은 ``timeout``\ 을 넘기지 않습니다.

    Parameters
    ----------
    timeout : float, default 2.0
        접속 확인에 기다릴 최대 시간(초).
    verbose : bool, default True
        ``False``\ 면 알림을 출력하지 않습니다.

    Returns
    -------
    MnistData

    Raises
    ------
    MnistDataError
        캐시의 ``mnist.npz``\ 가 손상되었을 때(파일 경로가 메시지에 들어갑니다), 또는 MNIST도
        패션 MNIST도 쓸 수 없을 때.

    Examples
    --------
    >>> mnist_data = load_mnist()  # doctest: +SKIP
    >>> (X_train_full, y_train_full), (X_test, y_test) = mnist_data.arrays  # doctest: +SKIP
    """
    path = mnist_path()
    source, reason = _resolve(timeout)
    if source != "missing":
        return MnistData(_read_npz(path), standin=False, path=path, source=source)
    if verbose:
        _notice(path, reason)
    arrays = _load_standin(path, reason)
    return MnistData(arrays, standin=True, path=path, source="standin", reason=reason)


def main(argv: Sequence[str] | None = None) -> int:
    r"""``python -m cnn_vision.mnist``: MNIST를 케라스 캐시에 받아 둡니다. 준비되면 0, 아니면 1."""
    del argv  # 인자가 없습니다.
    try:
        source, reason = _resolve(timeout=5.0)
    except MnistDataError as error:
        print(f"오류: {error}", file=sys.stderr)
        return 1
    if source == "missing":
        print(f"없음: {mnist_path()} ({reason})")
        return 1
    print(f"준비됨: {mnist_path()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
