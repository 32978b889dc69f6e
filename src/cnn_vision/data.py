r"""데이터 준비: 책의 ``fashion_mnist.load_data()``\ 가 인터넷 없이도 동작하게 합니다.

케라스의 :func:`tf.keras.datasets.fashion_mnist.load_data` 는 캐시 폴더
(``$KERAS_HOME/datasets/fashion-mnist/``, 환경 변수가 없으면 ``~/.keras/datasets/fashion-mnist/``)
에서 gzip 파일 네 개를 찾고, 없으면 인터넷에서 내려받습니다. :func:`ensure_fashion_mnist` 는
그 캐시가 비어 있을 때 다음 순서로 로컬 사본을 찾아 캐시에 넣습니다.

1. 환경 변수 ``CNN_VISION_FASHION_MNIST_DIR``\ 가 가리키는 폴더
2. 데비안/우분투 패키지 ``dataset-fashion-mnist``\ 가 설치하는 ``/usr/share/datasets/fashion-mnist``

넣기 전에 파일마다 IDX 매직 넘버, 이미지·레이블 수, 이미지 크기(28×28), 압축을 푼 내용의
SHA-256을 확인합니다. 데비안 패키지의 gzip 파일은 다시 압축된 것이라 압축 파일 자체의 해시는
원본과 다르므로, 압축을 푼 내용의 해시를 고정해 둡니다. 파일은 캐시 폴더 안의 임시 이름으로 쓴 다음
이름을 바꾸므로(``os.replace``), 도중에 실패해도 반쯤 쓰인 파일이 캐시에 남지 않습니다.

로컬 사본이 어디에도 없으면 아무것도 하지 않습니다. 그러면 케라스가 평소처럼 내려받습니다.

명령행에서도 쓸 수 있습니다(``make data``\ 가 부릅니다)::

    python -m cnn_vision.data          # 캐시를 준비하고 무엇을 했는지 출력
    python -m cnn_vision.data --check  # 로컬에서 구할 수 있으면 종료 코드 0, 아니면 3
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "FASHION_MNIST_ENV_VAR",
    "DEBIAN_FASHION_MNIST_DIR",
    "FASHION_MNIST_FILES",
    "FASHION_MNIST_CLASS_NAMES_KO",
    "DataFileError",
    "FashionMnistDataError",
    "FashionMnistStatus",
    "IdxSpec",
    "keras_cache_dir",
    "fashion_mnist_cache_dir",
    "find_fashion_mnist_source",
    "verify_idx_gz",
    "ensure_fashion_mnist",
]

FASHION_MNIST_ENV_VAR = "CNN_VISION_FASHION_MNIST_DIR"
"""로컬 사본이 들어 있는 폴더를 알려 주는 환경 변수 이름."""

DEBIAN_FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")
r"""데비안 패키지 ``dataset-fashion-mnist``\ 가 파일을 설치하는 폴더."""

DEBIAN_PACKAGE = "dataset-fashion-mnist"

FASHION_MNIST_CLASS_NAMES_KO = (
    "티셔츠/탑",
    "바지",
    "스웨터",
    "드레스",
    "코트",
    "샌들",
    "셔츠",
    "스니커즈",
    "가방",
    "앵클 부츠",
)
"""레이블 0~9의 한국어 클래스 이름(케라스 문서의 T-shirt/top, Trouser, ... 순서)."""


@dataclass(frozen=True)
class IdxSpec:
    """IDX 파일 하나가 가져야 할 모양과 내용.

    Attributes
    ----------
    magic : int
        헤더 첫 4바이트의 매직 넘버(``0x0801``: 1차원 ``uint8`` 레이블, ``0x0803``: 3차원
        ``uint8`` 이미지).
    shape : tuple of int
        헤더에 적힌 차원 크기(예: ``(60000, 28, 28)``).
    sha256 : str
        gzip 압축을 푼 내용 전체(헤더 포함)의 SHA-256.
    """

    magic: int
    shape: tuple[int, ...]
    sha256: str

    @property
    def header_size(self) -> int:
        return 4 + 4 * len(self.shape)

    @property
    def size(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return self.header_size + count


# 데비안 dataset-fashion-mnist 0.0~git20200523.55506a9-1의 파일에서 잰 값입니다(압축을 푼 내용).
FASHION_MNIST_FILES: dict[str, IdxSpec] = {
    "train-images-idx3-ubyte.gz": IdxSpec(
        0x0803, (60000, 28, 28), "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"
    ),
    "train-labels-idx1-ubyte.gz": IdxSpec(
        0x0801, (60000,), "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"
    ),
    "t10k-images-idx3-ubyte.gz": IdxSpec(
        0x0803, (10000, 28, 28), "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"
    ),
    "t10k-labels-idx1-ubyte.gz": IdxSpec(
        0x0801, (10000,), "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"
    ),
}
"""케라스가 찾는 파일 이름과, 각 파일이 가져야 할 IDX 헤더·SHA-256."""

_HOW_TO_FIX = (
    f"고치는 방법: 루트 권한으로 'apt-get install --reinstall {DEBIAN_PACKAGE}'를 실행하거나, "
    f"올바른 파일 네 개가 있는 폴더를 환경 변수 {FASHION_MNIST_ENV_VAR}로 알려 주세요. "
    "인터넷이 되면 캐시의 파일을 지우고 케라스가 다시 내려받게 해도 됩니다."
)


class DataFileError(RuntimeError):
    """데이터 파일이 없거나, 손상되었거나, 잘렸을 때 나는 오류의 공통 부모.

    메시지는 한국어이고, 문제의 파일 경로와 고치는 방법을 담습니다.

    Attributes
    ----------
    path : pathlib.Path
        문제가 된 파일.
    problem : str
        무엇이 문제인지(고치는 방법을 뺀 부분).
    """

    dataset = "데이터"

    def __init__(self, path: Path, problem: str, how_to_fix: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.dataset} 파일 {self.path}: {problem} {how_to_fix}")


class FashionMnistDataError(DataFileError):
    """패션 MNIST 파일이 없거나, 손상되었거나, 잘렸을 때 나는 오류."""

    dataset = "패션 MNIST"

    def __init__(self, path: Path, problem: str, how_to_fix: str = _HOW_TO_FIX):
        super().__init__(path, problem, how_to_fix)


@dataclass
class FashionMnistStatus:
    r""":func:`ensure_fashion_mnist` 가 한 일.

    Attributes
    ----------
    cache_dir : pathlib.Path
        케라스가 파일을 찾는 폴더.
    source : str
        ``"cache"``\ (이미 캐시에 있었음), ``"env"``\ (환경 변수의 폴더에서 복사),
        ``"debian"``\ (데비안 패키지에서 복사), ``"download"``\ (로컬 사본이 없어 케라스가
        내려받게 둠) 중 하나.
    source_dir : pathlib.Path or None
        복사해 온 폴더.
    copied : list of str
        이번에 캐시에 넣은 파일 이름.
    """

    cache_dir: Path
    source: str
    source_dir: Path | None = None
    copied: list[str] = field(default_factory=list)

    @property
    def available_offline(self) -> bool:
        """캐시에 네 파일이 모두 있어 인터넷 없이 읽을 수 있으면 ``True``."""
        return self.source != "download"

    def describe(self) -> str:
        """한 줄짜리 한국어 설명."""
        if self.source == "cache":
            return f"패션 MNIST: 케라스 캐시({self.cache_dir})에 이미 있습니다."
        if self.source == "download":
            return (
                "패션 MNIST: 로컬 사본이 없습니다(환경 변수 "
                f"{FASHION_MNIST_ENV_VAR}도, {DEBIAN_FASHION_MNIST_DIR}도 없음). "
                "load_data()가 인터넷에서 내려받습니다."
            )
        names = ", ".join(self.copied) if self.copied else "없음"
        return (
            f"패션 MNIST: {self.source_dir}에서 확인한 파일을 케라스 캐시({self.cache_dir})에 "
            f"넣었습니다: {names}"
        )


def keras_cache_dir() -> Path:
    r"""케라스가 데이터와 가중치를 두는 폴더를 케라스와 같은 규칙으로 돌려줍니다.

    ``$KERAS_HOME``\ 이 있으면 그 폴더, 없으면 ``~/.keras``\ 입니다(홈에 쓸 수 없으면
    ``/tmp/.keras``). 그 폴더에 쓸 수 없으면 케라스처럼 ``/tmp/.keras``\ 를 씁니다. 케라스는
    ``KERAS_HOME``\ 을 import할 때 한 번 읽으므로, 환경 변수는 케라스를 import하기 전에 정하세요.

    Returns
    -------
    pathlib.Path
    """
    if "KERAS_HOME" in os.environ:
        base = Path(os.path.expanduser(os.environ["KERAS_HOME"]))
    else:
        home = Path(os.path.expanduser("~"))
        base = (home if os.access(home, os.W_OK) else Path("/tmp")) / ".keras"
    # keras.utils.get_file: 캐시 폴더가 있고 쓸 수 없으면 /tmp/.keras로 바꿉니다.
    if base.exists() and not os.access(base, os.W_OK):
        base = Path("/tmp") / ".keras"
    return base


def fashion_mnist_cache_dir() -> Path:
    r"""``load_data()``\ 가 패션 MNIST 파일을 찾는 폴더(``<케라스 캐시>/datasets/fashion-mnist``)."""
    return keras_cache_dir() / "datasets" / "fashion-mnist"


def _candidate_dirs() -> list[tuple[str, Path]]:
    candidates = []
    from_env = os.environ.get(FASHION_MNIST_ENV_VAR, "").strip()
    if from_env:
        candidates.append(("env", Path(os.path.expanduser(from_env))))
    candidates.append(("debian", DEBIAN_FASHION_MNIST_DIR))
    return candidates


def find_fashion_mnist_source() -> tuple[str, Path] | None:
    r"""로컬 사본이 있는 폴더를 찾습니다(파일 내용은 확인하지 않습니다).

    환경 변수 ``CNN_VISION_FASHION_MNIST_DIR``\ 가 있으면 그 폴더를 씁니다. 그 폴더가 없거나
    파일이 빠져 있으면 오류입니다(사용자가 직접 가리킨 곳이므로 조용히 넘어가지 않습니다).
    환경 변수가 없으면 데비안 패키지의 폴더를 봅니다.

    Returns
    -------
    tuple of (str, pathlib.Path) or None
        ``("env", 폴더)`` 또는 ``("debian", 폴더)``. 어디에도 없으면 ``None``.

    Raises
    ------
    FashionMnistDataError
        환경 변수가 가리키는 폴더가 없거나 파일이 빠져 있을 때, 또는 데비안 폴더에 파일이
        일부만 있을 때.
    """
    for kind, directory in _candidate_dirs():
        if kind == "env" and not directory.is_dir():
            raise FashionMnistDataError(
                directory,
                f"환경 변수 {FASHION_MNIST_ENV_VAR}가 가리키는 폴더가 없습니다.",
                f"고치는 방법: 폴더 경로를 고치거나 환경 변수 {FASHION_MNIST_ENV_VAR}를 지우세요.",
            )
        if not directory.is_dir():
            continue
        missing = [name for name in FASHION_MNIST_FILES if not (directory / name).is_file()]
        if not missing:
            return kind, directory
        if kind == "debian" and len(missing) == len(FASHION_MNIST_FILES):
            continue  # 빈 폴더: 패키지가 설치되지 않은 것으로 봅니다.
        where = (
            f"환경 변수 {FASHION_MNIST_ENV_VAR}가 가리키는 폴더"
            if kind == "env"
            else f"데비안 패키지 {DEBIAN_PACKAGE}의 폴더"
        )
        raise FashionMnistDataError(
            directory / missing[0],
            f"파일이 없습니다({where}에 빠진 파일: {', '.join(missing)}).",
        )
    return None


def verify_idx_gz(path: Path | str, spec: IdxSpec | None = None) -> bytes:
    r"""gzip으로 압축된 IDX 파일을 읽어 확인하고, gzip 파일의 바이트를 그대로 돌려줍니다.

    확인 순서: gzip으로 풀리는가 → 매직 넘버 → 헤더의 차원 크기 → 내용 길이(잘리지 않았는가)
    → 압축을 푼 내용의 SHA-256.

    Parameters
    ----------
    path : path-like
        확인할 파일. ``spec``\ 을 주지 않으면 파일 이름으로 :data:`FASHION_MNIST_FILES` 에서
        찾습니다.
    spec : IdxSpec, optional
        기대하는 헤더와 해시.

    Returns
    -------
    bytes
        확인을 통과한 gzip 파일의 내용(캐시에 그대로 씁니다).

    Raises
    ------
    FashionMnistDataError
        파일이 없거나, 압축이 깨졌거나, 잘렸거나, 헤더 또는 SHA-256이 다를 때.
        메시지에 파일 경로와 기대값·실제값이 들어갑니다.
    ValueError
        ``spec``\ 이 없는데 파일 이름이 패션 MNIST 파일 이름이 아닐 때.
    """
    path = Path(path)
    if spec is None:
        if path.name not in FASHION_MNIST_FILES:
            raise ValueError(
                f"패션 MNIST 파일 이름이 아닙니다: {path.name!r} "
                f"(가능한 이름: {', '.join(FASHION_MNIST_FILES)})"
            )
        spec = FASHION_MNIST_FILES[path.name]
    if not path.is_file():
        raise FashionMnistDataError(path, "파일이 없습니다.")
    raw = path.read_bytes()
    try:
        content = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as error:
        raise FashionMnistDataError(
            path, f"gzip 압축을 풀 수 없습니다(파일이 잘렸거나 손상됨: {error})."
        ) from error
    if len(content) < spec.header_size:
        raise FashionMnistDataError(
            path,
            f"IDX 헤더({spec.header_size}바이트)보다 짧습니다({len(content)}바이트). "
            "파일이 잘렸습니다.",
        )
    magic = int.from_bytes(content[:4], "big")
    if magic != spec.magic:
        raise FashionMnistDataError(
            path,
            f"IDX 매직 넘버가 {magic:#06x}입니다({spec.magic:#06x}이어야 합니다). "
            "IDX 파일이 아니거나 다른 종류의 파일입니다.",
        )
    shape = tuple(
        int.from_bytes(content[4 + 4 * i : 8 + 4 * i], "big") for i in range(len(spec.shape))
    )
    if shape != spec.shape:
        raise FashionMnistDataError(
            path,
            f"헤더의 크기가 {shape}입니다({spec.shape}이어야 합니다: "
            f"{spec.shape[0]:,}개" + (", 28×28 이미지" if len(spec.shape) == 3 else "") + ").",
        )
    if len(content) != spec.size:
        state = "잘렸습니다" if len(content) < spec.size else "뒤에 남는 데이터가 있습니다"
        raise FashionMnistDataError(
            path,
            f"압축을 푼 크기가 {len(content):,}바이트로 {spec.size:,}바이트와 다릅니다. 파일이 {state}.",
        )
    digest = hashlib.sha256(content).hexdigest()
    if digest != spec.sha256:
        raise FashionMnistDataError(
            path,
            f"압축을 푼 내용의 SHA-256이 {digest}입니다({spec.sha256}이어야 합니다). "
            "파일이 손상되었거나 다른 데이터입니다.",
        )
    return raw


def _write_atomically(target: Path, data: bytes) -> None:
    # 같은 폴더의 임시 파일에 다 쓰고(fsync) 이름을 바꿉니다. 실패하면 임시 파일을 지웁니다.
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp_file:
            temp_file.write(data)
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def ensure_fashion_mnist(*, verify_cache: bool = True) -> FashionMnistStatus:
    r"""케라스 캐시에 패션 MNIST 파일 네 개가 있게 합니다(있으면 확인만 합니다).

    캐시에 빠진 파일이 있으면 로컬 사본(환경 변수 ``CNN_VISION_FASHION_MNIST_DIR``\ 의 폴더,
    없으면 데비안 패키지 ``dataset-fashion-mnist``\ 의 폴더)에서 가져옵니다. 필요한 원본 파일을
    모두 확인(:func:`verify_idx_gz`)한 뒤에야 캐시에 쓰고, 쓰기는 임시 파일 + 이름 바꾸기로 합니다.
    캐시에 손상된 파일이 있고 확인된 로컬 사본이 있으면 그 파일을 바꿔 넣습니다.
    로컬 사본이 없으면 아무것도 쓰지 않고 ``source="download"``\ 를 돌려줍니다(케라스가
    내려받습니다).

    Parameters
    ----------
    verify_cache : bool, default True
        캐시에 이미 있는 파일도 확인할지 여부(네 파일에 1초 안팎).

    Returns
    -------
    FashionMnistStatus
        캐시 폴더, 파일의 출처, 이번에 넣은 파일.

    Raises
    ------
    FashionMnistDataError
        로컬 사본이나 캐시의 파일이 없거나, 손상되었거나, 잘렸을 때. 캐시는 그대로 둡니다.

    Examples
    --------
    >>> from cnn_vision.data import ensure_fashion_mnist
    >>> status = ensure_fashion_mnist()  # doctest: +SKIP
    >>> (X_train, y_train), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()  # doctest: +SKIP
    """
    cache_dir = fashion_mnist_cache_dir()
    needed: list[str] = []
    cache_error: FashionMnistDataError | None = None
    for name in FASHION_MNIST_FILES:
        cached = cache_dir / name
        if not cached.is_file():
            needed.append(name)
        elif verify_cache:
            try:
                verify_idx_gz(cached)
            except FashionMnistDataError as error:
                needed.append(name)
                cache_error = cache_error or error
    if not needed:
        return FashionMnistStatus(cache_dir, "cache")

    found = find_fashion_mnist_source()
    if found is None:
        if cache_error is not None:
            raise FashionMnistDataError(
                cache_error.path,
                cache_error.problem + " 케라스는 캐시에 있는 파일을 다시 내려받지 않습니다.",
                "고치는 방법: 이 파일을 지우고 다시 실행하세요(인터넷이 되면 케라스가 다시 "
                f"내려받습니다). 인터넷이 없으면 루트 권한으로 'apt-get install {DEBIAN_PACKAGE}'를 "
                f"실행하거나 올바른 파일이 있는 폴더를 환경 변수 {FASHION_MNIST_ENV_VAR}로 "
                "알려 주세요.",
            ) from cache_error
        return FashionMnistStatus(cache_dir, "download")

    kind, source_dir = found
    # 먼저 필요한 원본을 모두 확인합니다. 하나라도 틀리면 캐시에는 아무것도 쓰지 않습니다.
    verified = {name: verify_idx_gz(source_dir / name) for name in needed}
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name, data in verified.items():
        _write_atomically(cache_dir / name, data)
    return FashionMnistStatus(cache_dir, kind, source_dir, list(verified))


def main(argv: list[str] | None = None) -> int:
    r"""``python -m cnn_vision.data``\ 의 진입점. 종료 코드를 돌려줍니다."""
    parser = argparse.ArgumentParser(
        prog="python -m cnn_vision.data",
        description="케라스 캐시에 패션 MNIST를 준비합니다(인터넷 없이 load_data()가 동작하도록).",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="아무것도 쓰지 않고, 캐시나 로컬 사본에 파일이 있으면 0, 없으면 3으로 끝냅니다.",
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            cache_dir = fashion_mnist_cache_dir()
            in_cache = all((cache_dir / name).is_file() for name in FASHION_MNIST_FILES)
            return 0 if in_cache or find_fashion_mnist_source() is not None else 3
        status = ensure_fashion_mnist()
    except FashionMnistDataError as error:
        print(f"오류: {error}", file=sys.stderr)
        return 1
    print(status.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
