r"""캐시 폴더, 원격 파일 표, 해시, 접속 확인, 안전한 내려받기, 대체물 알림을 맡는 유일한 모듈.

이 장의 예제가 쓰는 데이터와 가중치(패션 MNIST, MNIST, tf_flowers, ImageNet 가중치)는 모두 같은
순서로 준비됩니다. 자료마다 작은 불러오기 모듈(:mod:`cnn_vision.fashion_mnist`,
:mod:`cnn_vision.mnist`, :mod:`cnn_vision.flowers`, :mod:`cnn_vision.pretrained`)이 있고, 그 모듈들은
모두 이 모듈만 씁니다(서로를 import하지 않습니다).

1. **캐시**: 케라스와 TFDS가 찾는 바로 그 폴더(:func:`keras_cache_dir`, :func:`tfds_data_dir`)에
   올바른 파일이 있으면 그대로 씁니다. "올바른"은 해시(:func:`file_problem`)나 TFDS 샤드 검사
   (:func:`check_tfds_dataset`)로 내용까지 확인했다는 뜻입니다.
2. **로컬 사본**: 패션 MNIST는 환경 변수가 가리키는 폴더나 데비안 패키지의 파일을 확인해서 캐시에
   넣습니다(:func:`ensure_group`).
3. **내려받기**: 짧은 접속 확인(:func:`network_available`)이 되면 임시 이름으로 받아 확인한 뒤에야
   이름을 바꿉니다(:func:`download`). 실패하거나 Ctrl-C로 멈추면 임시 파일을 지웁니다.
4. **대체물**: 그래도 없으면 무엇이 없고, 왜 없고, 어디에 있어야 하며, 어떻게 받는지 한국어 알림
   (:func:`standin_notice`)을 출력하고 이름을 밝힌 대체물로 계속합니다. 환경 변수
   ``CNN_VISION_REQUIRE_REAL=1``\ 이면 대체물 대신 오류(:class:`StandInRefusedError`)를 냅니다.

불러오기 함수는 모두 :class:`Resource` (또는 그 하위 클래스)를 돌려줍니다. 경로, 출처, 대체물
표시가 늘 같은 이름의 속성에 있습니다.

환경 변수
    ``KERAS_HOME``
        케라스 캐시(케라스와 같은 규칙, :func:`keras_cache_dir`).
    ``TFDS_DATA_DIR``
        TFDS 데이터 폴더(TFDS와 같은 규칙, :func:`tfds_data_dir`).
    ``CNN_VISION_REQUIRE_REAL``
        ``1``\ 이면 대체물을 쓰지 않고 오류로 멈춥니다(호스팅할 사이트를 빌드할 때).
    ``CNN_VISION_OFFLINE``
        ``1``\ 이면 인터넷에 접속하지 않습니다(캐시와 로컬 사본만 씀). 테스트가 켭니다.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
import socket
import tempfile
import threading
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cnn_vision.checks import positive_number

__all__ = [
    "REQUIRE_REAL_ENV",
    "OFFLINE_ENV",
    "PROBE_HOST",
    "NOTICE_MARKER",
    "NOTICE_END",
    "FETCH_COMMAND",
    "ResourceError",
    "DataFileError",
    "NetworkUnavailableError",
    "DownloadError",
    "StandInRefusedError",
    "RemoteFile",
    "LocalCopies",
    "FileGroup",
    "TfdsDataset",
    "TfdsCheck",
    "Resource",
    "REMOTE_FILES",
    "FASHION_MNIST",
    "TF_FLOWERS",
    "require_real",
    "offline_forced",
    "keras_cache_dir",
    "tfds_data_dir",
    "file_digest",
    "file_problem",
    "verify_file",
    "network_available",
    "network_problem",
    "atomic_path",
    "write_atomically",
    "download",
    "obtain",
    "find_local_copy",
    "ensure_group",
    "check_tfds_dataset",
    "tfds_cleanup",
    "standin_notice",
    "use_standin",
    "use_cache_standin",
]

REQUIRE_REAL_ENV = "CNN_VISION_REQUIRE_REAL"
"""이 환경 변수가 ``1``\\ 이면 대체물 대신 오류를 냅니다."""

OFFLINE_ENV = "CNN_VISION_OFFLINE"
"""이 환경 변수가 ``1``\\ 이면 인터넷에 접속하지 않습니다(접속 확인이 곧바로 실패)."""

PROBE_HOST = "storage.googleapis.com"
"""접속 확인에 쓰는 호스트. 이 장이 내려받는 파일은 모두 이 서버에 있습니다."""

NOTICE_MARKER = "[대체물 알림]"
"""대체물 알림 블록의 첫 줄이 이 문자열로 시작합니다(문서 빌드가 이 줄을 찾습니다)."""

NOTICE_END = "[대체물 알림 끝]"
"""대체물 알림 블록의 마지막 줄."""

FETCH_COMMAND = "python -m cnn_vision fetch"
"""미리 받아 두는 명령(뒤에 ``weights``, ``flowers``, ``mnist``, ``fashion-mnist``, ``all``)."""

_FALSE_VALUES = ("", "0", "false", "no", "off")
_TRUE_VALUES = ("1", "true", "yes", "on")


# -- 오류 ---------------------------------------------------------------------------------------


class ResourceError(RuntimeError):
    """이 모듈이 내는 오류의 공통 부모. 메시지는 한국어이고 고치는 방법을 담습니다."""


class DataFileError(ResourceError):
    """데이터 파일이 없거나, 손상되었거나, 잘렸을 때 나는 오류.

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
    """필요한 파일이 없고 인터넷에도 접속되지 않을 때 나는 오류(명령행의 종료 코드 3)."""


class DownloadError(ResourceError):
    """내려받기가 실패했거나 받은 파일이 확인을 통과하지 못했을 때 나는 오류(캐시는 그대로)."""


class StandInRefusedError(ResourceError):
    r"""``CNN_VISION_REQUIRE_REAL=1``\ 인데 진짜 자료가 없어 대체물을 써야 할 때 나는 오류."""


# -- 스위치 -------------------------------------------------------------------------------------


def _flag(name: str) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value in _FALSE_VALUES:
        return False
    if value in _TRUE_VALUES:
        return True
    raise ValueError(
        f"환경 변수 {name}의 값을 알 수 없습니다: {os.environ.get(name)!r}. "
        "켜려면 1, 끄려면 0을 쓰세요."
    )


def require_real() -> bool:
    r"""``CNN_VISION_REQUIRE_REAL``\ 이 켜져 있으면 ``True`` (대체물 대신 오류).

    Raises
    ------
    ValueError
        값이 ``0``/``1``\ (또는 ``true``/``false``, ``yes``/``no``, ``on``/``off``)이 아닐 때.
    """
    return _flag(REQUIRE_REAL_ENV)


def offline_forced() -> bool:
    r"""``CNN_VISION_OFFLINE``\ 이 켜져 있으면 ``True`` (인터넷에 접속하지 않음)."""
    return _flag(OFFLINE_ENV)


# -- 캐시 폴더 ----------------------------------------------------------------------------------


def _tmp_keras_dir() -> Path:
    return Path("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()) / ".keras"


def keras_cache_dir() -> Path:
    r"""케라스가 데이터와 가중치를 내려받고 찾는 폴더를 케라스 3와 같은 규칙으로 돌려줍니다.

    케라스 3.15의 규칙(``keras/src/backend/config.py``\ 와 ``keras.utils.get_file``)은 이렇습니다.

    1. 환경 변수 ``KERAS_HOME``\ 이 **있으면**\ (빈 문자열이어도) 그 값, 없으면 홈 폴더에 쓸 수
       있을 때 ``~/.keras``, 없을 때 ``/tmp/.keras``\ 입니다. 케라스는 import할 때 이 폴더를
       만들어 둡니다.
    2. 내려받을 때 그 폴더(``~``\ 를 풀어 쓴 경로)에 쓸 수 없으면 ``/tmp/.keras``\ 를 씁니다.
       ``KERAS_HOME=""``\ 은 빈 경로라 쓸 수 없으므로 ``/tmp/.keras``\ 가 됩니다(현재 폴더가
       아닙니다).

    이 함수도 1의 폴더를 케라스처럼 만들어 보고(만들 수 없으면 넘어감) 2의 규칙을 적용하므로,
    케라스를 import하기 전이든 후든 케라스가 쓰는 폴더와 같습니다. 케라스는 ``KERAS_HOME``\ 을
    import할 때 한 번 읽으므로 이 환경 변수는 텐서플로를 import하기 전에 정하세요.

    Returns
    -------
    pathlib.Path
        절대 경로. 그 아래 ``datasets/``\ 와 ``models/``\ 에 파일이 놓입니다.
    """
    if "KERAS_HOME" in os.environ:
        configured = os.environ["KERAS_HOME"]
    else:
        home = os.path.expanduser("~")
        configured = os.path.join(home if os.access(home, os.W_OK) else "/tmp", ".keras")
    expanded = os.path.expanduser(configured)
    # 케라스는 import할 때 (~를 풀지 않은) 이 경로를 만듭니다. ~가 든 경로는 현재 폴더 아래에
    # 엉뚱한 '~' 폴더가 생기므로 만들지 않습니다. 그 경우 케라스도 풀어 쓴 경로를 만들지 않습니다.
    if configured and expanded == configured and not os.path.exists(configured):
        with contextlib.suppress(OSError):
            os.makedirs(configured)
    if not os.access(expanded, os.W_OK):
        return _tmp_keras_dir()
    return Path(os.path.abspath(expanded))


def tfds_data_dir(data_dir: os.PathLike | str | None = None) -> Path:
    r"""TFDS 데이터 폴더를 TFDS와 같은 규칙으로 돌려줍니다.

    ``data_dir``\ 를 주면 그 폴더, 아니면 환경 변수 ``TFDS_DATA_DIR``\ 이 **있을 때**\ (빈
    문자열이어도) 그 값, 없으면 ``~/tensorflow_datasets``\ 입니다. TFDS는 ``TFDS_DATA_DIR=""``\ 을
    빈 경로, 곧 현재 폴더로 씁니다(``tensorflow_datasets.core.constants``). 그래서 이 함수도 그때는
    현재 폴더를 돌려줍니다.

    Parameters
    ----------
    data_dir : path-like, optional
        직접 지정할 폴더.

    Returns
    -------
    pathlib.Path
        절대 경로(``~``\ 는 풀어 씀). 아직 없을 수도 있습니다.
    """
    if data_dir is not None:
        value = os.fspath(data_dir)
    elif "TFDS_DATA_DIR" in os.environ:
        value = os.environ["TFDS_DATA_DIR"]
    else:
        value = os.path.join(os.path.expanduser("~"), "tensorflow_datasets")
    return Path(os.path.abspath(os.path.expanduser(value)))


# -- 원격 파일 표 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteFile:
    r"""케라스 캐시에 놓이는 원격 파일 하나.

    Attributes
    ----------
    key : str
        표(:data:`REMOTE_FILES`) 안의 이름.
    fname : str
        캐시 안의 파일 이름(케라스가 쓰는 이름과 같아야 케라스가 찾습니다).
    url : str
        내려받을 주소(케라스 소스의 주소와 같습니다).
    subdir : str
        케라스 캐시 아래의 폴더(``"models"``, ``"datasets"``, ``"datasets/fashion-mnist"``).
    digest : str
        해시(16진수). ``gzip=True``\ 면 압축을 푼 내용의 해시입니다.
    algorithm : {"md5", "sha256"}
        해시 종류(케라스가 검사하는 것과 같음).
    approx_mb : float
        대략의 크기(MB). 알림에 씁니다. 확인은 해시로 합니다.
    description : str
        알림에 쓰는 한국어 이름.
    gzip : bool, default False
        gzip 파일이고 압축을 푼 내용으로 확인하는지. 데비안의 패션 MNIST는 다시 압축한 파일이라
        압축 파일 자체의 해시가 원본과 다르므로 내용으로 확인합니다.
    idx : tuple, optional
        ``(매직 넘버, 차원 크기)``: 압축을 푼 내용이 IDX 파일이면 그 헤더. 헤더와 내용 길이를
        해시보다 먼저 확인해서 무엇이 틀렸는지(다른 파일, 잘림) 알려 줍니다.
    """

    key: str
    fname: str
    url: str
    subdir: str
    digest: str
    algorithm: str
    approx_mb: float
    description: str
    gzip: bool = False
    idx: tuple[int, tuple[int, ...]] | None = None

    @property
    def path(self) -> Path:
        """케라스 캐시 안의 위치(지금의 ``KERAS_HOME``\\ 으로 정함)."""
        return keras_cache_dir() / self.subdir / self.fname

    @property
    def content_size(self) -> int | None:
        """내용의 정확한 바이트 수(IDX 헤더로 알 수 있을 때), 모르면 ``None``."""
        if self.idx is None:
            return None
        _, shape = self.idx
        count = 1
        for dim in shape:
            count *= dim
        return 4 + 4 * len(shape) + count


@dataclass(frozen=True)
class LocalCopies:
    """원격 파일 묶음의 로컬 사본이 있을 수 있는 곳.

    Attributes
    ----------
    env_var : str
        사본이 든 폴더를 알려 주는 환경 변수 이름.
    system_dir : pathlib.Path
        시스템 패키지가 파일을 설치하는 폴더.
    package : str
        그 데비안/우분투 패키지 이름.
    """

    env_var: str
    system_dir: Path
    package: str


@dataclass(frozen=True)
class FileGroup:
    """함께 있어야 쓸 수 있는 원격 파일 묶음(예: 패션 MNIST의 gzip 파일 네 개).

    Attributes
    ----------
    key : str
        명령행의 이름(``fashion-mnist``).
    name : str
        한국어 이름.
    files : tuple of RemoteFile
        묶음의 파일. 모두 같은 ``subdir``\\ 에 놓입니다.
    local : LocalCopies or None
        로컬 사본을 찾을 곳.
    class_names : tuple of str
        레이블 순서의 한국어 클래스 이름.
    """

    key: str
    name: str
    files: tuple[RemoteFile, ...]
    local: LocalCopies | None
    class_names: tuple[str, ...] = ()

    @property
    def cache_dir(self) -> Path:
        """묶음이 놓이는 케라스 캐시 안의 폴더."""
        return keras_cache_dir() / self.files[0].subdir


@dataclass(frozen=True)
class TfdsDataset:
    """TFDS가 내려받고 준비하는 데이터셋 하나.

    Attributes
    ----------
    name, version : str
        TFDS의 데이터셋 이름과 버전(준비된 폴더는 ``<데이터 폴더>/<이름>/<버전>``).
    url : str
        TFDS가 내려받는 원본 파일의 주소.
    approx_mb : float
        원본 파일의 대략의 크기(MB).
    num_examples : int
        전체 예제 수.
    description : str
        알림에 쓰는 한국어 이름.
    """

    name: str
    version: str
    url: str
    approx_mb: float
    num_examples: int
    description: str

    def dataset_dir(self, data_dir: os.PathLike | str | None = None) -> Path:
        """준비된 데이터가 있어야 할 폴더(``<데이터 폴더>/<이름>/<버전>``)."""
        return tfds_data_dir(data_dir) / self.name / self.version


_APPLICATIONS = "https://storage.googleapis.com/tensorflow/keras-applications/"
_KERAS_DATASETS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def _weights(key: str, fname: str, folder: str, md5: str, approx_mb: float, what: str) -> RemoteFile:
    return RemoteFile(key, fname, _APPLICATIONS + folder + "/" + fname, "models", md5, "md5",
                      approx_mb, what)


def _fashion(fname: str, magic: int, shape: tuple[int, ...], sha256: str, approx_mb: float) -> RemoteFile:
    part = ("훈련" if fname.startswith("train") else "테스트") + (
        " 이미지" if magic == 0x0803 else " 레이블")
    return RemoteFile(f"fashion-mnist/{fname.split('-idx')[0]}", fname, _KERAS_DATASETS + fname,
                      "datasets/fashion-mnist", sha256, "sha256", approx_mb,
                      f"패션 MNIST {part}({fname})", gzip=True, idx=(magic, shape))


REMOTE_FILES: dict[str, RemoteFile] = {
    remote.key: remote
    for remote in (
        # 이름, 주소, MD5는 케라스 소스(keras/src/applications/*.py)의 것과 같습니다(테스트가 확인).
        _weights("resnet50", "resnet50_weights_tf_dim_ordering_tf_kernels.h5", "resnet",
                 "2cb95161c43110f7111970584f804107", 100,
                 "ResNet50의 ImageNet 가중치(분류 층 포함, 약 100MB)"),
        _weights("resnet50-notop", "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5", "resnet",
                 "4d473c1dd8becc155b73f8504c6f6626", 90,
                 "ResNet50의 ImageNet 가중치(분류 층 제외, 약 90MB)"),
        _weights("xception", "xception_weights_tf_dim_ordering_tf_kernels.h5", "xception",
                 "0a58e3b7378bc2990ea3b43d5981f1f6", 90,
                 "Xception의 ImageNet 가중치(분류 층 포함, 약 90MB)"),
        _weights("xception-notop", "xception_weights_tf_dim_ordering_tf_kernels_notop.h5", "xception",
                 "b0042744bf5b25fce3cb969f33bebb97", 80,
                 "Xception의 ImageNet 가중치(분류 층 제외, 약 80MB)"),
        _weights("vgg19-notop", "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5", "vgg19",
                 "253f8cb515780f3b799900260a226db6", 80,
                 "VGG19의 ImageNet 가중치(분류 층 제외, 약 80MB)"),
        RemoteFile(
            "imagenet-class-index", "imagenet_class_index.json",
            "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json",
            "models", "c2c37ea517e94d9795004a39431a14cb", "md5", 0.035,
            "ImageNet 클래스 이름 파일(decode_predictions용, 약 35KB)",
        ),
        # 케라스의 mnist.load_data()가 확인하는 SHA-256과 같습니다(테스트가 확인).
        RemoteFile(
            "mnist", "mnist.npz", _KERAS_DATASETS + "mnist.npz", "datasets",
            "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1", "sha256", 11,
            "MNIST 데이터셋(mnist.npz, 약 11MB)",
        ),
        # 데비안 dataset-fashion-mnist 0.0~git20200523.55506a9-1의 파일에서 잰 값(압축을 푼 내용).
        _fashion("train-images-idx3-ubyte.gz", 0x0803, (60000, 28, 28),
                 "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 26),
        _fashion("train-labels-idx1-ubyte.gz", 0x0801, (60000,),
                 "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 0.03),
        _fashion("t10k-images-idx3-ubyte.gz", 0x0803, (10000, 28, 28),
                 "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 4.4),
        _fashion("t10k-labels-idx1-ubyte.gz", 0x0801, (10000,),
                 "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 0.005),
    )
}
"""표 안의 이름 → :class:`RemoteFile`. 이 장이 케라스 캐시에 두는 파일 전부입니다."""

FASHION_MNIST = FileGroup(
    key="fashion-mnist",
    name="패션 MNIST",
    files=tuple(remote for key, remote in REMOTE_FILES.items() if key.startswith("fashion-mnist/")),
    local=LocalCopies(
        env_var="CNN_VISION_FASHION_MNIST_DIR",
        system_dir=Path("/usr/share/datasets/fashion-mnist"),
        package="dataset-fashion-mnist",
    ),
    class_names=("티셔츠/탑", "바지", "스웨터", "드레스", "코트", "샌들", "셔츠", "스니커즈", "가방",
                 "앵클 부츠"),
)
"""패션 MNIST: 케라스의 ``fashion_mnist.load_data()``\\ 가 찾는 gzip 파일 네 개와 로컬 사본의 위치."""

TF_FLOWERS = TfdsDataset(
    name="tf_flowers",
    version="3.0.1",
    url="http://download.tensorflow.org/example_images/flower_photos.tgz",
    approx_mb=220,
    num_examples=3670,
    description="tf_flowers 데이터셋(꽃 사진 3,670장, 약 220MB)",
)
"""tf_flowers: TFDS가 내려받아 준비하는 데이터셋(버전은 설치된 TFDS의 것과 같습니다)."""


# -- 해시와 확인 --------------------------------------------------------------------------------

_HASH_NAMES = {"md5": "MD5", "sha256": "SHA-256"}


def _new_hash(algorithm: str):
    if algorithm not in _HASH_NAMES:
        raise ValueError(f"algorithm은 md5 또는 sha256이어야 합니다: algorithm={algorithm!r}")
    if algorithm == "md5":
        return hashlib.md5(usedforsecurity=False)
    return hashlib.sha256()


def file_digest(path: os.PathLike | str, algorithm: str = "sha256") -> str:
    """파일의 해시를 1MB씩 읽으며 계산합니다.

    Parameters
    ----------
    path : path-like
        파일.
    algorithm : {"md5", "sha256"}, default "sha256"

    Returns
    -------
    str
        16진수 해시.
    """
    digest = _new_hash(algorithm)
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _content_problem(remote: RemoteFile, raw: bytes) -> str | None:
    try:
        content = gzip.decompress(raw) if remote.gzip else raw
    except (OSError, EOFError, zlib.error) as error:
        return f"gzip 압축을 풀 수 없습니다(파일이 잘렸거나 손상됨: {error})."
    if remote.idx is not None:
        magic, shape = remote.idx
        header_size = 4 + 4 * len(shape)
        if len(content) < header_size:
            return (f"IDX 헤더({header_size}바이트)보다 짧습니다({len(content)}바이트). "
                    "파일이 잘렸습니다.")
        found = int.from_bytes(content[:4], "big")
        if found != magic:
            return (f"IDX 매직 넘버가 {found:#06x}입니다({magic:#06x}이어야 합니다). "
                    "IDX 파일이 아니거나 다른 종류의 파일입니다.")
        dims = tuple(int.from_bytes(content[4 + 4 * i: 8 + 4 * i], "big") for i in range(len(shape)))
        if dims != shape:
            return f"헤더의 크기가 {dims}입니다({shape}이어야 합니다)."
        expected = remote.content_size
        if len(content) != expected:
            state = "잘렸습니다" if len(content) < expected else "뒤에 남는 데이터가 있습니다"
            return (f"압축을 푼 크기가 {len(content):,}바이트로 {expected:,}바이트와 다릅니다. "
                    f"파일이 {state}.")
    digest = _new_hash(remote.algorithm)
    digest.update(content)
    return _digest_problem(remote, digest.hexdigest())


def _digest_problem(remote: RemoteFile, found: str) -> str | None:
    if found == remote.digest:
        return None
    what = "압축을 푼 내용의 " if remote.gzip else ""
    return (f"{what}{_HASH_NAMES[remote.algorithm]}이 {found}입니다({remote.digest}이어야 합니다). "
            "파일이 잘렸거나 손상되었거나 다른 파일입니다.")


def file_problem(remote: RemoteFile, path: os.PathLike | str | None = None) -> str | None:
    r"""파일이 표의 해시(와 IDX 헤더)에 맞는지 확인하고, 틀리면 무엇이 틀렸는지 돌려줍니다.

    Parameters
    ----------
    remote : RemoteFile
        기대하는 파일.
    path : path-like, optional
        확인할 파일. 주지 않으면 캐시 안의 위치(``remote.path``)입니다.

    Returns
    -------
    str or None
        문제가 없으면 ``None``, 있으면 한국어 설명(파일이 없음, gzip이 깨짐, 헤더가 다름,
        잘림, 해시가 다름).
    """
    path = Path(remote.path if path is None else path)
    if not path.is_file():
        return "파일이 없습니다(또는 파일이 아닙니다)."
    if remote.gzip:
        return _content_problem(remote, path.read_bytes())
    return _digest_problem(remote, file_digest(path, remote.algorithm))


def verify_file(
    remote: RemoteFile,
    path: os.PathLike | str | None = None,
    *,
    error: type[DataFileError] = DataFileError,
    how_to_fix: str = "",
) -> Path:
    """:func:`file_problem` 과 같지만, 문제가 있으면 파일 경로를 밝힌 오류를 냅니다.

    Parameters
    ----------
    remote : RemoteFile
    path : path-like, optional
        확인할 파일(기본: 캐시 안의 위치).
    error : type, default DataFileError
        낼 오류의 종류(:class:`DataFileError` 의 하위 클래스).
    how_to_fix : str
        메시지 끝에 붙일 고치는 방법.

    Returns
    -------
    pathlib.Path
        확인한 파일.

    Raises
    ------
    DataFileError
        파일이 없거나 확인을 통과하지 못할 때.
    """
    path = Path(remote.path if path is None else path)
    problem = file_problem(remote, path)
    if problem is not None:
        raise error(path, problem, how_to_fix)
    return path


# -- 접속 확인 ----------------------------------------------------------------------------------


def network_available(host: str = PROBE_HOST, port: int = 443, timeout: float = 2.0) -> bool:
    r"""``host:port``\ 에 TCP로 접속되는지 ``timeout`` 초 안에 확인합니다.

    이름 풀이(DNS)가 멈춰 있어도 기다리지 않도록 별도 스레드에서 접속해 보고, 제한 시간이 지나면
    ``False``\ 입니다. 아무 데이터도 보내지 않습니다. ``CNN_VISION_OFFLINE=1``\ 이면 접속하지 않고
    곧바로 ``False``\ 입니다.

    Parameters
    ----------
    host : str
        접속해 볼 호스트 이름.
    port : int, default 443
        포트 번호.
    timeout : float, default 2.0
        최대 대기 시간(초). 0보다 커야 합니다.

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        ``timeout``\ 이 0보다 큰 유한한 수가 아닐 때.
    """
    timeout = positive_number(timeout, "timeout")
    if offline_forced():
        return False
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, name="cnn_vision-network-probe", daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def network_problem(timeout: float = 2.0) -> str:
    """인터넷을 쓸 수 있으면 빈 문자열, 없으면 그 이유(한국어 한 문장, 마침표 없음)."""
    if offline_forced():
        return f"환경 변수 {OFFLINE_ENV}=1이라 인터넷에 접속하지 않았습니다"
    if network_available(timeout=timeout):
        return ""
    return f"인터넷({PROBE_HOST})에 {timeout:g}초 안에 접속하지 못했습니다"


# -- 안전한 쓰기와 내려받기 ---------------------------------------------------------------------


@contextlib.contextmanager
def atomic_path(target: os.PathLike | str) -> Iterator[Path]:
    r"""``target``\ 과 같은 폴더의 임시 파일 경로를 주고, 블록이 끝나면 ``target``\ 으로 바꿉니다.

    블록 안에서 예외(Ctrl-C의 ``KeyboardInterrupt`` 포함)가 나면 임시 파일을 지우고 다시 냅니다.
    그래서 ``target``\ 에는 다 쓴 파일만 놓이고, 반쯤 쓴 파일은 어디에도 남지 않습니다. 폴더는
    이미 있어야 합니다.

    Yields
    ------
    pathlib.Path
        쓸 임시 파일(``.<이름>.<무작위>.part``, 빈 파일로 만들어 둠).
    """
    target = Path(target)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomically(target: os.PathLike | str, data: bytes) -> Path:
    """``data``\\ 를 임시 파일에 다 쓰고(fsync) ``target``\\ 으로 이름을 바꿉니다."""
    target = Path(target)
    with atomic_path(target) as temp, open(temp, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return target


def _urlopen(url: str, timeout: float):
    # 테스트가 바꿔 끼우는 자리입니다(테스트는 네트워크를 쓰지 않습니다).
    return urllib.request.urlopen(url, timeout=timeout)  # noqa: S310 (https 주소만 표에 있음)


def download(
    remote: RemoteFile,
    *,
    timeout: float = 30.0,
    progress: Callable[[int, int | None], None] | None = None,
) -> Path:
    r"""``remote``\ 를 캐시 안의 위치로 내려받습니다: 임시 이름으로 받고 → 확인하고 → 이름 바꾸기.

    확인(해시, IDX 헤더)을 통과해야만 캐시의 파일이 생기거나 바뀝니다. 실패하거나 Ctrl-C로 멈추면
    임시 파일을 지우고, 캐시에 있던 파일은 그대로 둡니다.

    Parameters
    ----------
    remote : RemoteFile
        받을 파일.
    timeout : float, default 30.0
        접속과 읽기에 기다릴 최대 시간(초, 한 번의 읽기마다).
    progress : callable, optional
        ``progress(받은 바이트, 전체 바이트 또는 None)``. 1MB마다 불립니다.

    Returns
    -------
    pathlib.Path
        캐시 안의 파일.

    Raises
    ------
    DownloadError
        접속, 읽기, 확인 중 하나가 실패했을 때. 메시지에 주소와 이유가 들어갑니다.
    """
    timeout = positive_number(timeout, "timeout")
    target = remote.path
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as temp:
        try:
            with _urlopen(remote.url, timeout) as response, open(temp, "wb") as stream:
                total = response.headers.get("Content-Length") if response.headers else None
                total = int(total) if total and str(total).isdigit() else None
                received = 0
                for chunk in iter(lambda: response.read(1 << 20), b""):
                    stream.write(chunk)
                    received += len(chunk)
                    if progress is not None:
                        progress(received, total)
                stream.flush()
                os.fsync(stream.fileno())
        except (OSError, urllib.error.URLError, ValueError) as error:
            raise DownloadError(
                f"{remote.url} 을 내려받지 못했습니다: {type(error).__name__}: {error}"
            ) from error
        problem = file_problem(remote, temp)
        if problem is not None:
            raise DownloadError(f"{remote.url} 에서 받은 파일이 확인을 통과하지 못했습니다: {problem}")
    return target


# -- 결과 형식 ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Resource:
    r"""자료 하나를 준비한 결과: 어디에 있고, 어디서 왔고, 대체물인지.

    불러오기 함수(:func:`cnn_vision.fashion_mnist.ensure_fashion_mnist`,
    :func:`cnn_vision.mnist.load_mnist`, :func:`cnn_vision.flowers.load_tf_flowers`,
    :func:`cnn_vision.pretrained.imagenet_weights`, ...)가 이 형식(또는 데이터를 더 담은 하위
    클래스)을 돌려줍니다.

    Attributes
    ----------
    name : str
        자료의 한국어 이름.
    path : pathlib.Path
        진짜 자료가 있는(대체물이면 있어야 할) 위치.
    source : str
        ``"cache"``\ (이미 캐시에 있었음), ``"env"``\ (환경 변수의 폴더에서 복사), ``"debian"``
        (시스템 패키지에서 복사), ``"download"``\ (방금 내려받음), ``"standin"``\ (대체물).
    standin_label : str
        대체물이면 그림 제목 앞에 붙일 표시(예: ``"[모의 데이터] "``), 진짜면 빈 문자열.
    reason : str
        대체물을 쓴 이유(진짜면 빈 문자열).
    origin : pathlib.Path or None
        로컬 사본에서 복사했으면 그 폴더.
    copied : tuple of str
        이번에 캐시에 넣은 파일 이름.
    """

    name: str
    path: Path
    source: str
    standin_label: str = ""
    reason: str = ""
    origin: Path | None = None
    copied: tuple[str, ...] = ()

    @property
    def standin(self) -> bool:
        """대체물이면 ``True``."""
        return self.source == "standin"

    @property
    def label(self) -> str:
        """:attr:`standin_label` 과 같습니다. 그림 제목에 ``f"{data.label}제목"``\\ 처럼 씁니다."""
        return self.standin_label

    def describe(self) -> str:
        """한 줄짜리 한국어 설명."""
        if self.source == "cache":
            return f"{self.name}: 캐시({self.path})에 있습니다."
        if self.source in ("env", "debian"):
            names = ", ".join(self.copied) if self.copied else "없음"
            return f"{self.name}: {self.origin}에서 확인한 파일을 캐시({self.path})에 넣었습니다: {names}"
        if self.source == "download":
            return f"{self.name}: 내려받아 확인한 뒤 {self.path}에 두었습니다."
        return f"{self.name}: 없어서 대체물을 씁니다({self.reason})."


def obtain(remote: RemoteFile, *, timeout: float = 2.0) -> tuple[Path | None, str, str]:
    r"""캐시 확인 → 접속 확인 → 내려받기. ``(경로 또는 None, 출처, 없을 때의 이유)``\ 를 돌려줍니다.

    캐시의 파일은 해시로 확인합니다. 손상된 파일은 쓰지 않고(그 사실이 이유에 들어갑니다),
    내려받기에 성공하면 확인된 새 파일로 바뀝니다.

    Parameters
    ----------
    remote : RemoteFile
    timeout : float, default 2.0
        접속 확인에 기다릴 최대 시간(초).

    Returns
    -------
    tuple
        ``(path, source, reason)``. ``source``\ 는 ``"cache"``, ``"download"``, ``"missing"``.
    """
    timeout = positive_number(timeout, "timeout")
    path = remote.path
    problem = "케라스 캐시에 파일이 없습니다"
    if path.exists():
        bad = file_problem(remote, path)
        if bad is None:
            return path, "cache", ""
        problem = (f"케라스 캐시의 파일이 손상되었습니다({bad.rstrip('.')}). "
                   f"'{FETCH_COMMAND}'가 확인된 새 파일로 바꿉니다")
    offline = network_problem(timeout)
    if offline:
        return None, "missing", f"{problem}. {offline}"
    try:
        download(remote)
    except DownloadError as error:
        return None, "missing", f"{problem}. {error}"
    return path, "download", ""


# -- 로컬 사본(패션 MNIST) ---------------------------------------------------------------------


def find_local_copy(
    group: FileGroup, *, error: type[DataFileError] = DataFileError
) -> tuple[str, Path] | None:
    r"""묶음의 로컬 사본이 있는 폴더를 찾습니다(파일 내용은 아직 확인하지 않습니다).

    환경 변수(``group.local.env_var``)가 있으면 그 폴더만 봅니다. 사용자가 직접 가리킨 곳이므로
    폴더가 없거나 파일이 빠져 있으면 조용히 넘어가지 않고 오류입니다. 환경 변수가 없으면 시스템
    패키지의 폴더를 봅니다(폴더가 없거나 비었으면 패키지가 없는 것으로 봅니다).

    Returns
    -------
    tuple of (str, pathlib.Path) or None
        ``("env", 폴더)`` 또는 ``("debian", 폴더)``. 어디에도 없으면 ``None``.

    Raises
    ------
    DataFileError
        환경 변수의 폴더가 없거나 파일이 빠졌을 때, 시스템 패키지에 파일이 일부만 있을 때.
    """
    local = group.local
    if local is None:
        return None
    names = [remote.fname for remote in group.files]
    from_env = os.environ.get(local.env_var, "").strip()
    if from_env:
        directory = Path(os.path.expanduser(from_env))
        if not directory.is_dir():
            raise error(
                directory,
                f"환경 변수 {local.env_var}가 가리키는 폴더가 없습니다.",
                f"고치는 방법: 폴더 경로를 고치거나 환경 변수 {local.env_var}를 지우세요.",
            )
        candidates = [("env", directory)]
    else:
        candidates = [("debian", local.system_dir)]
    for kind, directory in candidates:
        if not directory.is_dir():
            continue
        missing = [name for name in names if not (directory / name).is_file()]
        if not missing:
            return kind, directory
        if kind == "debian" and len(missing) == len(names):
            continue
        where = (f"환경 변수 {local.env_var}가 가리키는 폴더" if kind == "env"
                 else f"데비안 패키지 {local.package}의 폴더")
        raise error(directory / missing[0], f"파일이 없습니다({where}에 빠진 파일: {', '.join(missing)}).",
                    _local_fix(local))
    return None


def _local_fix(local: LocalCopies) -> str:
    return (f"고치는 방법: 루트 권한으로 'apt-get install --reinstall {local.package}'를 실행하거나, "
            f"올바른 파일이 있는 폴더를 환경 변수 {local.env_var}로 알려 주세요. 인터넷이 되면 "
            f"'{FETCH_COMMAND} <이름>'이 내려받습니다.")


def ensure_group(
    group: FileGroup,
    *,
    error: type[DataFileError] = DataFileError,
    verify_cache: bool = True,
    timeout: float = 2.0,
) -> Resource:
    r"""묶음의 파일이 모두 케라스 캐시에 있게 합니다: 캐시 → 로컬 사본 → 내려받기.

    캐시의 파일은 확인하고(``verify_cache``), 빠졌거나 손상된 파일만 채웁니다. 로컬 사본은 필요한
    파일을 **모두** 확인한 뒤에야 캐시에 쓰고(하나라도 틀리면 아무것도 쓰지 않음), 쓰기는 임시
    이름 + 이름 바꾸기로 합니다. 로컬 사본이 없으면 짧은 접속 확인 뒤 내려받습니다.

    Parameters
    ----------
    group : FileGroup
    error : type, default DataFileError
        파일 문제에 낼 오류의 종류.
    verify_cache : bool, default True
        캐시에 있는 파일도 해시로 확인할지(패션 MNIST 네 파일에 1초 안팎).
    timeout : float, default 2.0
        접속 확인에 기다릴 최대 시간(초).

    Returns
    -------
    Resource
        ``source``\ 는 ``"cache"``, ``"env"``, ``"debian"``, ``"download"``.

    Raises
    ------
    DataFileError
        로컬 사본이 손상되었을 때, 또는 내려받은 파일이 확인을 통과하지 못했을 때.
    NetworkUnavailableError
        캐시에도 로컬 사본에도 없고 인터넷도 안 될 때.
    """
    timeout = positive_number(timeout, "timeout")
    cache_dir = group.cache_dir
    needed: list[RemoteFile] = []
    cache_problem: tuple[Path, str] | None = None
    for remote in group.files:
        cached = cache_dir / remote.fname
        if not cached.is_file():
            needed.append(remote)
        elif verify_cache:
            problem = file_problem(remote, cached)
            if problem is not None:
                needed.append(remote)
                cache_problem = cache_problem or (cached, problem)
    if not needed:
        return Resource(name=group.name, path=cache_dir, source="cache")

    found = find_local_copy(group, error=error)
    if found is not None:
        kind, source_dir = found
        verified = {}
        for remote in needed:  # 먼저 모두 확인하고, 하나라도 틀리면 캐시에는 쓰지 않습니다.
            source_path = source_dir / remote.fname
            verify_file(remote, source_path, error=error, how_to_fix=_local_fix(group.local))
            verified[remote.fname] = source_path.read_bytes()
        cache_dir.mkdir(parents=True, exist_ok=True)
        for fname, data in verified.items():
            write_atomically(cache_dir / fname, data)
        return Resource(name=group.name, path=cache_dir, source=kind, origin=source_dir,
                        copied=tuple(verified))

    offline = network_problem(timeout)
    if offline:
        if cache_problem is not None:
            path, problem = cache_problem
            raise error(
                path,
                f"{problem} 확인된 로컬 사본도 없고 {offline}.",
                f"고치는 방법: 인터넷이 되면 '{FETCH_COMMAND} {group.key}'를 실행하세요(확인된 새 "
                f"파일로 바꿉니다). 인터넷이 없으면 {_local_fix(group.local).split(': ', 1)[1]}",
            )
        where = ""
        if group.local is not None:
            where = (f" 환경 변수 {group.local.env_var}도 없고 {group.local.system_dir}에도 "
                     "파일이 없습니다.")
        raise NetworkUnavailableError(
            f"{group.name}: 케라스 캐시({cache_dir})에 파일이 없습니다.{where} {offline}. "
            + (_local_fix(group.local) if group.local else
               f"고치는 방법: 인터넷이 되는 곳에서 '{FETCH_COMMAND} {group.key}'를 실행하세요.")
        )
    for remote in needed:
        try:
            download(remote)
        except DownloadError as failure:
            raise error(cache_dir / remote.fname, str(failure),
                        "고치는 방법: 잠시 뒤 다시 실행하세요. 캐시는 바뀌지 않았습니다.") from failure
    return Resource(name=group.name, path=cache_dir, source="download",
                    copied=tuple(remote.fname for remote in needed))


# -- TFDS 데이터셋 검사와 정리 -----------------------------------------------------------------


@dataclass(frozen=True)
class TfdsCheck:
    r""":func:`check_tfds_dataset` 의 결과.

    Attributes
    ----------
    dataset_dir : pathlib.Path
        검사한 폴더(``<데이터 폴더>/<이름>/<버전>``).
    status : str
        ``"ok"``\ (온전함), ``"missing"``\ (없음), ``"damaged"``\ (일부만 있거나 손상됨).
    problem : str
        손상되었을 때 무엇이 틀렸는지.
    """

    dataset_dir: Path
    status: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        """온전하면 ``True``."""
        return self.status == "ok"


_DEFAULT_TEMPLATE = "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}"


def _crc32c_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC32C_TABLE = _crc32c_table()


def _masked_crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC32C_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    crc ^= 0xFFFFFFFF
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _scan_tfrecord(path: Path) -> tuple[int, int, str]:
    r"""TFRecord 파일의 레코드 머리만 읽어 ``(레코드 수, 내용 바이트 합, 문제)``\ 를 돌려줍니다.

    레코드 하나는 ``길이(8바이트) + 길이의 CRC(4) + 내용 + 내용의 CRC(4)``\ 입니다. 길이의 CRC를
    확인하고 내용은 건너뜁니다(빠름). 잘린 파일, 뒤에 붙은 쓰레기, 깨진 길이를 찾습니다.
    """
    size = path.stat().st_size
    count = payload = 0
    position = 0
    with path.open("rb") as stream:
        while position < size:
            header = stream.read(12)
            if len(header) < 12:
                return count, payload, f"{position:,}바이트 뒤에서 레코드 머리가 잘렸습니다"
            length = int.from_bytes(header[:8], "little")
            if _masked_crc32c(header[:8]) != int.from_bytes(header[8:], "little"):
                return count, payload, f"{count + 1}번째 레코드의 길이 체크섬이 맞지 않습니다(손상)"
            position += 12 + length + 4
            if position > size:
                return count, payload, f"{count + 1}번째 레코드가 잘렸습니다(파일이 {size:,}바이트)"
            stream.seek(position)
            count += 1
            payload += length
    return count, payload, ""


def _shard_name(template: str, dataset: str, split: str, file_format: str, index: int, total: int) -> str:
    width = max(len(str(total)), 5)
    values = {
        "DATASET": dataset,
        "SPLIT": split,
        "FILEFORMAT": file_format,
        "SHARD_INDEX": f"{index:0{width}d}",
        "NUM_SHARDS": f"{total:0{width}d}",
        "SHARD_X_OF_Y": f"{index:0{width}d}-of-{total:0{width}d}",
    }
    return template.format(**values)


_DEEP_CHECKED: dict[tuple, str] = {}


def _deep_problem(shards: list[Path]) -> str:
    """텐서플로로 모든 레코드를 읽어 내용의 CRC까지 확인합니다(한 프로세스에서 한 번)."""
    key = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in shards)
    if key in _DEEP_CHECKED:
        return _DEEP_CHECKED[key]
    import tensorflow as tf

    problem = ""
    for shard in shards:
        try:
            tf.data.TFRecordDataset(str(shard)).reduce(tf.constant(0, tf.int64), lambda n, _: n + 1)
        except (tf.errors.DataLossError, tf.errors.InvalidArgumentError) as error:
            first_line = str(getattr(error, "message", error)).splitlines()[0]
            problem = f"{shard.name}: 레코드 내용의 체크섬이 맞지 않습니다(손상: {first_line})"
            break
    _DEEP_CHECKED[key] = problem
    return problem


def check_tfds_dataset(dataset_dir: os.PathLike | str, *, deep: bool = True) -> TfdsCheck:
    r"""준비된 TFDS 데이터셋 폴더가 온전한지 확인합니다(쓰기 전에, TFDS를 부르지 않고).

    ``dataset_info.json``\ 에 적힌 분할마다 샤드 파일이 모두 있는지, 샤드마다 레코드 수가 적힌
    수와 같은지, 레코드가 잘리지 않았는지, 내용 바이트의 합이 적힌 값과 같은지 봅니다.
    ``deep=True``\ 면 텐서플로로 모든 레코드의 체크섬(CRC32C)도 확인합니다(한 프로세스에서 같은
    파일은 한 번만). 덜 복사된 폴더나 손상된 파일을 쓰면 첫 배치에서야 ``NotFoundError``\ 나
    ``DataLossError``\ 가 나므로, 그 전에 찾아냅니다.

    Parameters
    ----------
    dataset_dir : path-like
        ``<데이터 폴더>/<이름>/<버전>`` 폴더.
    deep : bool, default True
        레코드 내용의 체크섬까지 확인할지.

    Returns
    -------
    TfdsCheck
    """
    folder = Path(dataset_dir)
    if not folder.is_dir() or not any(folder.iterdir()):
        return TfdsCheck(folder, "missing")

    def damaged(problem: str) -> TfdsCheck:
        return TfdsCheck(folder, "damaged", problem)

    info_path = folder / "dataset_info.json"
    if not info_path.is_file():
        return damaged("dataset_info.json이 없습니다(복사가 덜 되었거나 준비가 중간에 멈췄습니다)")
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
        splits = info["splits"]
        file_format = info.get("fileFormat", "tfrecord")
        dataset = info["name"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return damaged(f"dataset_info.json을 읽을 수 없습니다({type(error).__name__}: {error})")
    if not splits:
        return damaged("dataset_info.json에 분할 정보가 없습니다")
    shards: list[Path] = []
    for split in splits:
        try:
            name = split["name"]
            lengths = [int(n) for n in split.get("shardLengths", [])]
            num_bytes = int(split.get("numBytes", 0))
            template = split.get("filepathTemplate") or _DEFAULT_TEMPLATE
        except (KeyError, TypeError, ValueError) as error:
            return damaged(f"dataset_info.json의 분할 정보가 잘못되었습니다({error})")
        if not lengths:
            return damaged(f"분할 {name!r}의 샤드 정보가 없습니다")
        total_payload = 0
        for index, expected in enumerate(lengths):
            shard = folder / _shard_name(template, dataset, name, file_format, index, len(lengths))
            if not shard.is_file():
                return damaged(f"샤드 파일이 없습니다: {shard.name}")
            shards.append(shard)
            if file_format != "tfrecord":
                continue  # 다른 형식은 파일이 있는지만 봅니다.
            count, payload, problem = _scan_tfrecord(shard)
            if problem:
                return damaged(f"{shard.name}: {problem}")
            if count != expected:
                return damaged(f"{shard.name}: 레코드가 {count:,}개입니다({expected:,}개여야 합니다)")
            total_payload += payload
        if file_format == "tfrecord" and num_bytes and total_payload != num_bytes:
            return damaged(
                f"분할 {name!r}의 내용이 {total_payload:,}바이트입니다({num_bytes:,}바이트여야 합니다)"
            )
    if deep and file_format == "tfrecord":
        problem = _deep_problem(shards)
        if problem:
            return damaged(problem)
    return TfdsCheck(folder, "ok")


def _tfds_leftovers(root: Path, dataset: str) -> set[Path]:
    found = set(Path(tempfile.gettempdir()).glob("tmp*tfds"))
    if (root / dataset).is_dir():
        found.update((root / dataset).glob("incomplete.*"))
    downloads = root / "downloads"
    if downloads.is_dir():
        found.update(downloads.rglob("*.tmp.*"))
        found.update(downloads.rglob("incomplete.*"))
    return found


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


@contextlib.contextmanager
def tfds_cleanup(root: os.PathLike | str, dataset: str) -> Iterator[None]:
    r"""TFDS 호출을 감싸, 실패나 Ctrl-C 때 TFDS가 남긴 임시·미완성 폴더를 지웁니다.

    블록 전에 없던 것만 지웁니다: 데이터셋 폴더의 ``incomplete.*``, ``downloads/`` 아래의
    ``*.tmp.*``\ 와 ``incomplete.*``, 임시 폴더(``$TMPDIR``)의 ``tmp*tfds``, 그리고 이번에 새로
    만들어졌는데 비어 있는 폴더. 확인을 마치고 이름이 바뀐 내려받은 원본 파일은 남깁니다(다시 받지
    않도록). 성공했을 때도 TFDS가 남기는 빈 ``tmp*tfds`` 폴더는 지웁니다.

    Parameters
    ----------
    root : path-like
        TFDS 데이터 폴더.
    dataset : str
        데이터셋 이름(예: ``"tf_flowers"``).
    """
    root = Path(root)
    before = _tfds_leftovers(root, dataset)
    new_dirs = [p for p in (root, root / "downloads", root / "downloads" / "extracted", root / dataset)
                if not p.exists()]
    try:
        yield
    except BaseException:
        for path in sorted(_tfds_leftovers(root, dataset) - before, reverse=True):
            _remove(path)
        for folder in reversed(new_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()  # 비어 있을 때만 성공합니다.
        raise
    finally:
        for folder in set(Path(tempfile.gettempdir()).glob("tmp*tfds")) - before:
            with contextlib.suppress(OSError):
                folder.rmdir()


# -- 대체물 알림 -------------------------------------------------------------------------------


def standin_notice(
    *,
    missing: str,
    reason: str,
    location: os.PathLike | str,
    fetch: str,
    standin: str,
    label: str,
    url: str | None = None,
    consequence: str | None = None,
) -> str:
    r"""대체물 알림 블록(여러 줄 문자열)을 만듭니다.

    첫 줄은 :data:`NOTICE_MARKER` 로 시작하고 마지막 줄은 :data:`NOTICE_END` 입니다. 문서 빌드는
    이 두 줄 사이를 페이지 맨 위의 알림 상자로 옮깁니다(``docs/_ext/standin_notice.py``).

    Parameters
    ----------
    missing : str
        없는 자료의 한국어 이름.
    reason : str
        없는 이유(마침표 없이).
    location : path-like
        자료가 있어야 할 곳.
    fetch : str
        :data:`FETCH_COMMAND` 뒤에 붙일 대상(예: ``"weights"``).
    standin : str
        대신 쓰는 것.
    label : str
        대체물로 만든 그림의 제목에 붙는 표시. 빈 문자열이면 그림에 대한 문장을 넣지 않습니다.
    url : str, optional
        직접 받을 주소.
    consequence : str, optional
        숫자의 의미에 대한 문장(기본: 책의 결과와 비교할 수 없다는 문장).

    Returns
    -------
    str
    """
    lines = [
        f"{NOTICE_MARKER} 없는 것: {missing}",
        f"  이유: {reason}.",
        f"  있어야 할 곳: {location}",
        f"  받는 방법: 인터넷이 되는 곳에서 '{FETCH_COMMAND} {fetch}'를 한 번 실행하세요.",
    ]
    if url:
        lines.append(f"  직접 받을 주소: {url}")
    lines.append(f"  대신 쓰는 것: {standin}")
    figures = f" 그림에는 '{label.strip()}' 표시가 붙습니다." if label.strip() else ""
    lines.append(
        "  " + (consequence or "대체물로 얻은 숫자는 책의 결과가 아니며 비교할 수 없습니다.") + figures
    )
    lines.append(NOTICE_END)
    return "\n".join(lines)


def use_cache_standin(
    remote: RemoteFile,
    reason: str,
    *,
    fetch: str,
    standin: str,
    label: str,
    consequence: str | None = None,
    verbose: bool = True,
) -> None:
    r"""케라스 캐시의 원격 파일(:class:`RemoteFile`)이 없을 때 알림을 내고 대체물로 넘어갑니다.

    :func:`standin_notice` 의 없는 것, 있어야 할 곳(``KERAS_HOME``\ 으로 바꿀 수 있다는 안내 포함),
    직접 받을 주소를 ``remote``\ 에서 채운 뒤 :func:`use_standin` 을 부릅니다. 나머지 인자는
    :func:`standin_notice` 와 같습니다.

    Raises
    ------
    StandInRefusedError
        ``CNN_VISION_REQUIRE_REAL=1``\ 일 때.
    """
    use_standin(
        standin_notice(
            missing=remote.description,
            reason=reason,
            location=f"{remote.path} (환경 변수 KERAS_HOME으로 바꿀 수 있습니다)",
            fetch=fetch,
            url=remote.url,
            standin=standin,
            label=label,
            consequence=consequence,
        ),
        verbose=verbose,
    )


def use_standin(notice: str, *, verbose: bool = True) -> None:
    r"""대체물을 쓰기 직전에 부릅니다: 알림을 출력하거나, 엄격 모드면 오류를 냅니다.

    Parameters
    ----------
    notice : str
        :func:`standin_notice` 가 만든 알림.
    verbose : bool, default True
        ``False``\ 면 알림을 출력하지 않습니다(엄격 모드의 오류는 그대로 냅니다).

    Raises
    ------
    StandInRefusedError
        ``CNN_VISION_REQUIRE_REAL=1``\ 일 때. 메시지에 무엇이 없고 어떻게 받는지가 들어갑니다.
    """
    if require_real():
        body = "\n".join(line for line in notice.splitlines() if line != NOTICE_END)
        body = body.replace(NOTICE_MARKER, "진짜 자료가 없습니다.", 1)
        raise StandInRefusedError(
            f"{body}\n  환경 변수 {REQUIRE_REAL_ENV}=1이므로 대체물로 계속하지 않고 멈춥니다."
        )
    if verbose:
        print(notice, flush=True)
