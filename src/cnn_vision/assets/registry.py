r"""자료 표: 이 장이 받는 파일과 데이터셋의 주소, 해시, 크기, 놓일 곳. 데이터만 담습니다.

파일 하나를 새로 받게 하려면 :data:`DEFAULT` 의 ``files``\ 에 :class:`RemoteFile` 한 줄을 더합니다.
그 파일의 ``target``\ 이 명령행의 대상 이름이고(``python -m cnn_vision fetch <대상>``), 받기·확인·
알림은 :class:`cnn_vision.assets.target.Target` 이 표를 읽어서 합니다. 대상의 한국어 이름, 로컬 사본,
TFDS 준비처럼 파일 하나로 말할 수 없는 것만 :class:`TargetSpec` 에 적습니다.

이 모듈은 아무것도 읽거나 쓰지 않습니다. 경로는 :mod:`cnn_vision.assets.paths` 가 정합니다.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "RemoteFile",
    "LocalCopies",
    "TfdsDataset",
    "TargetSpec",
    "Registry",
    "DEFAULT",
]


@dataclass(frozen=True)
class RemoteFile:
    r"""원격 파일 하나: 어디서 받고, 무엇으로 확인하고, 어디에 놓는지.

    Attributes
    ----------
    key : str
        표 안의 이름. 명령행에서 ``fetch <key>``\ 로 이 파일만 받을 수도 있습니다.
    target : str or None
        이 파일이 속한 명령행 대상(``"weights"`` 등). ``None``\ 이면 ``fetch all``\ 에 들지 않고,
        불러오기 함수가 부를 때나 ``fetch <key>``\ 로만 받습니다.
    fname : str
        캐시 안의 파일 이름(케라스가 쓰는 이름과 같아야 케라스가 찾습니다).
    url : str
        내려받을 주소. 접속 확인도 이 주소의 호스트와 포트로 합니다.
    root : {"keras", "tfds"}
        놓이는 캐시: 케라스 캐시(``KERAS_HOME``) 또는 TFDS 데이터 폴더(``TFDS_DATA_DIR``).
    subdir : str
        ``root`` 아래의 폴더(``"models"``, ``"datasets/fashion-mnist"`` 등).
    digest : str
        해시(16진수). ``gzip=True``\ 면 압축을 푼 내용의 해시입니다.
    algorithm : {"md5", "sha256"}
        해시 종류.
    approx_mb : float
        대략의 크기(MB). 도움말과 알림에 쓰고, ``size``\ 가 없을 때 내려받기의 상한을 정합니다.
    description : str
        알림에 쓰는 한국어 이름.
    gzip : bool, default False
        gzip 파일이고 압축을 푼 내용으로 확인하는지(데비안의 패션 MNIST는 다시 압축한 파일이라
        압축 파일 자체의 해시가 원본과 다릅니다).
    idx : tuple, optional
        ``(매직 넘버, 차원 크기)``: 압축을 푼 내용이 IDX 파일이면 그 헤더.
    size : int, optional
        정확한 바이트 수(알 때만). 서버가 보낸 크기가 다르면 받지 않습니다.
    """

    key: str
    target: str | None
    fname: str
    url: str
    root: str
    subdir: str
    digest: str
    algorithm: str
    approx_mb: float
    description: str
    gzip: bool = False
    idx: tuple[int, tuple[int, ...]] | None = None
    size: int | None = None

    @property
    def content_size(self) -> int | None:
        """압축을 푼 내용의 정확한 바이트 수(IDX 헤더로 알 수 있을 때), 모르면 ``None``."""
        if self.idx is None:
            return None
        _, shape = self.idx
        count = 1
        for dim in shape:
            count *= dim
        return 4 + 4 * len(shape) + count

    @property
    def max_bytes(self) -> int:
        """내려받을 때 받아들이는 최대 바이트 수(정확한 크기, 없으면 대략의 크기의 두 배 + 1MB)."""
        if self.size is not None:
            return self.size
        return int(self.approx_mb * 2_000_000) + (1 << 20)


@dataclass(frozen=True)
class LocalCopies:
    """대상의 로컬 사본이 있을 수 있는 곳(환경 변수가 가리키는 폴더, 시스템 패키지의 폴더).

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
class TfdsDataset:
    r"""TFDS가 준비하는 데이터셋 하나(원본 압축 파일은 표의 :class:`RemoteFile`).

    Attributes
    ----------
    name, version : str
        TFDS의 데이터셋 이름과 버전(준비된 폴더는 ``<데이터 폴더>/<이름>/<버전>``).
    archive : str
        원본 압축 파일의 표 안 이름(:attr:`RemoteFile.key`). 이 패키지가 받아 해시를 확인한 뒤
        TFDS에 건넵니다(TFDS가 직접 받지 않습니다).
    num_examples : int
        전체 예제 수.
    """

    name: str
    version: str
    archive: str
    num_examples: int


@dataclass(frozen=True)
class TargetSpec:
    r"""명령행 대상 하나에 대해 파일 표만으로는 말할 수 없는 것.

    Attributes
    ----------
    key : str
        명령행의 이름(``fetch <key>``).
    name : str
        한국어 이름.
    local : LocalCopies or None
        로컬 사본을 찾을 곳(있으면 내려받기보다 먼저 봅니다).
    tfds : TfdsDataset or None
        TFDS가 준비하는 데이터셋이면 그 정보. 이때 캐시는 준비된 폴더입니다.
    class_names : tuple of str
        레이블 순서의 한국어 클래스 이름(있을 때).
    """

    key: str
    name: str
    local: LocalCopies | None = None
    tfds: TfdsDataset | None = None
    class_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    """자료 표 전체: 원격 파일과 대상 설명. 바꾼 사본을 만드는 메서드만 있습니다(읽기·쓰기 없음).

    Attributes
    ----------
    files : tuple of RemoteFile
        모든 원격 파일.
    targets : tuple of TargetSpec
        설명이 있는 대상(``fetch all``\\ 은 이 순서로 받고, 설명 없이 파일의 ``target``\\ 에만 나오는
        대상이 그 뒤에 옵니다).
    """

    files: tuple[RemoteFile, ...]
    targets: tuple[TargetSpec, ...] = ()

    def file(self, key: str) -> RemoteFile:
        """표 안의 이름으로 파일을 찾습니다. 없으면 :class:`KeyError`."""
        for remote in self.files:
            if remote.key == key:
                return remote
        raise KeyError(key)

    def target_keys(self) -> tuple[str, ...]:
        """명령행 대상의 이름(``fetch all``\\ 이 받는 순서)."""
        keys = [spec.key for spec in self.targets]
        keys += [r.target for r in self.files if r.target is not None and r.target not in keys]
        return tuple(dict.fromkeys(keys))

    def spec(self, key: str) -> TargetSpec:
        """대상의 설명. 설명이 없는 대상은 이름만 있는 설명을 돌려줍니다."""
        for spec in self.targets:
            if spec.key == key:
                return spec
        if key in self.target_keys():
            return TargetSpec(key=key, name=key)
        raise KeyError(key)

    def files_of(self, target: str) -> tuple[RemoteFile, ...]:
        """대상에 속한 파일(표의 순서)."""
        return tuple(remote for remote in self.files if remote.target == target)

    def with_file(self, remote: RemoteFile) -> Registry:
        """``remote``\\ 를 더한(같은 이름이 있으면 바꾼) 새 표."""
        others = tuple(r for r in self.files if r.key != remote.key)
        return dataclasses.replace(self, files=(*others, remote))

    def replace_file(self, key: str, **changes) -> Registry:
        """파일 하나의 속성을 바꾼 새 표(예: 시험용 주소와 해시)."""
        return self.with_file(dataclasses.replace(self.file(key), **changes))

    def replace_target(self, key: str, **changes) -> Registry:
        """대상 설명 하나의 속성을 바꾼 새 표."""
        specs = tuple(dataclasses.replace(s, **changes) if s.key == key else s for s in self.targets)
        return dataclasses.replace(self, targets=specs)


# -- 이 장의 자료 ---------------------------------------------------------------------------------

_APPLICATIONS = "https://storage.googleapis.com/tensorflow/keras-applications/"
_KERAS_DATASETS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def _weights(key: str, target: str | None, fname: str, folder: str, md5: str, approx_mb: float,
             what: str) -> RemoteFile:
    return RemoteFile(key, target, fname, _APPLICATIONS + folder + "/" + fname, "keras", "models",
                      md5, "md5", approx_mb, what)


def _fashion(fname: str, magic: int, shape: tuple[int, ...], sha256: str, approx_mb: float) -> RemoteFile:
    part = ("훈련" if fname.startswith("train") else "테스트") + (
        " 이미지" if magic == 0x0803 else " 레이블")
    return RemoteFile(f"fashion-mnist/{fname.split('-idx')[0]}", "fashion-mnist", fname,
                      _KERAS_DATASETS + fname, "keras", "datasets/fashion-mnist", sha256, "sha256",
                      approx_mb, f"패션 MNIST {part}({fname})", gzip=True, idx=(magic, shape))


DEFAULT = Registry(
    files=(
        # 데비안 dataset-fashion-mnist 0.0~git20200523.55506a9-1의 파일에서 잰 값(압축을 푼 내용).
        _fashion("train-images-idx3-ubyte.gz", 0x0803, (60000, 28, 28),
                 "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 26),
        _fashion("train-labels-idx1-ubyte.gz", 0x0801, (60000,),
                 "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 0.03),
        _fashion("t10k-images-idx3-ubyte.gz", 0x0803, (10000, 28, 28),
                 "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 4.4),
        _fashion("t10k-labels-idx1-ubyte.gz", 0x0801, (10000,),
                 "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 0.005),
        # 케라스의 mnist.load_data()가 확인하는 SHA-256과 같습니다(테스트가 확인).
        RemoteFile("mnist", "mnist", "mnist.npz", _KERAS_DATASETS + "mnist.npz", "keras", "datasets",
                   "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1", "sha256", 11,
                   "MNIST 데이터셋(mnist.npz, 약 11MB)"),
        # 이름, 주소, MD5는 케라스 소스(keras/src/applications/*.py)의 것과 같습니다(테스트가 확인).
        _weights("resnet50", "weights", "resnet50_weights_tf_dim_ordering_tf_kernels.h5", "resnet",
                 "2cb95161c43110f7111970584f804107", 100,
                 "ResNet50의 ImageNet 가중치(분류 층 포함, 약 100MB)"),
        _weights("xception-notop", "weights", "xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
                 "xception", "b0042744bf5b25fce3cb969f33bebb97", 80,
                 "Xception의 ImageNet 가중치(분류 층 제외, 약 80MB)"),
        _weights("vgg19-notop", "weights", "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5", "vgg19",
                 "253f8cb515780f3b799900260a226db6", 80,
                 "VGG19의 ImageNet 가중치(분류 층 제외, 약 80MB)"),
        RemoteFile("imagenet-class-index", "weights", "imagenet_class_index.json",
                   "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json",
                   "keras", "models", "c2c37ea517e94d9795004a39431a14cb", "md5", 0.035,
                   "ImageNet 클래스 이름 파일(decode_predictions용, 약 35KB)"),
        # 페이지가 쓰지 않아 'fetch weights'에는 들지 않는 가중치('fetch <이름>'으로 받습니다).
        _weights("resnet50-notop", None, "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
                 "resnet", "4d473c1dd8becc155b73f8504c6f6626", 90,
                 "ResNet50의 ImageNet 가중치(분류 층 제외, 약 90MB)"),
        _weights("xception", None, "xception_weights_tf_dim_ordering_tf_kernels.h5", "xception",
                 "0a58e3b7378bc2990ea3b43d5981f1f6", 90,
                 "Xception의 ImageNet 가중치(분류 층 포함, 약 90MB)"),
        # tf_flowers의 원본. 주소, 크기, SHA-256은 설치된 TFDS의 checksums.tsv와 같습니다(테스트가
        # 확인). 이 파일만 https가 아닌 http 주소이고 호스트도 다르므로, 접속 확인도 이 호스트의
        # 80번 포트로 합니다. 준비한 뒤에는 지웁니다(TFDS가 준비한 폴더만 남습니다).
        RemoteFile("flowers-archive", "flowers", "flower_photos.tgz",
                   "http://download.tensorflow.org/example_images/flower_photos.tgz", "tfds",
                   "downloads/manual", "4c54ace7911aaffe13a365c34f650e71dd5bf1be0a58b464e5a7183e3e595d9c",
                   "sha256", 229, "tf_flowers 원본(flower_photos.tgz, 약 229MB)", size=228813984),
    ),
    targets=(
        TargetSpec(
            key="fashion-mnist",
            name="패션 MNIST",
            local=LocalCopies(
                env_var="CNN_VISION_FASHION_MNIST_DIR",
                system_dir=Path("/usr/share/datasets/fashion-mnist"),
                package="dataset-fashion-mnist",
            ),
            class_names=("티셔츠/탑", "바지", "스웨터", "드레스", "코트", "샌들", "셔츠", "스니커즈",
                         "가방", "앵클 부츠"),
        ),
        TargetSpec(key="mnist", name="MNIST"),
        TargetSpec(key="weights", name="ImageNet 가중치와 클래스 이름 파일"),
        TargetSpec(
            key="flowers",
            name="tf_flowers 데이터셋(꽃 사진 3,670장)",
            tfds=TfdsDataset(name="tf_flowers", version="3.0.1", archive="flowers-archive",
                             num_examples=3670),
        ),
    ),
)
"""이 장의 자료 표. 불러오기 함수와 명령행은 ``registry``\\ 인자가 없으면 이 표를 씁니다."""
