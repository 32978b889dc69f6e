r"""tf_flowers 데이터셋(꽃 사진 3,670장, 5개 클래스)을 불러오고, 없을 때 대신할 모의 데이터.

책은 ``tfds.load("tf_flowers", ...)``\ 로 데이터를 받습니다. 인터넷이 없으면 이 호출은 내려받기를
여러 번 다시 시도하느라 몇 분(이 프로젝트의 컴퓨터에서 약 205초)을 기다린 뒤에야 실패합니다.
:func:`load_tf_flowers` 는 그 전에 스스로 확인합니다.

1. TFDS 데이터 폴더(``data_dir`` 인자 → 환경 변수 ``TFDS_DATA_DIR`` →
   ``~/tensorflow_datasets`` 순서)에 준비된 데이터가 있으면 ``download=False``\ 로 읽습니다.
2. 없으면 짧은 시간 안에 파일 서버에 접속되는지 보고, 되면 ``tfds.load``\ 가 평소처럼
   내려받습니다.
3. 둘 다 안 되면 한국어 알림을 출력하고 ``tfds.testing.mock_data``\ 로 **모의 데이터**\ 를
   만듭니다. 데이터셋 정보(이미지 3,670장, 클래스 이름 5개, 분할 크기)는 진짜와 같지만 이미지는
   무작위 잡음(한 변이 5~49픽셀)이고 레이블도 무작위입니다. 세 분할은 같은 모의 이미지에서
   시작합니다. 이 데이터로 얻은 숫자에는 ``"[모의 데이터] "`` 표시를 붙여야 합니다.

어느 경우에도 TFDS가 ``$TMPDIR``\ 에 남기는 빈 ``tmp*tfds`` 폴더는 지웁니다.
인터넷이 되는 곳에서 ``python -m cnn_vision.flowers``\ 를 한 번 실행하면 데이터를 받아 둡니다.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cnn_vision import pretrained

__all__ = [
    "DATASET_NAME",
    "SEED_SPLITS",
    "NUM_EXAMPLES",
    "CLASS_NAMES",
    "KOREAN_CLASS_NAMES",
    "MOCK_LABEL",
    "FlowersData",
    "tfds_data_dir",
    "korean_class_name",
    "load_tf_flowers",
]

DATASET_NAME = "tf_flowers"
#: 책의 분할: 테스트 10%, 검증 15%, 훈련 75%.
SEED_SPLITS = ("train[:10%]", "train[10%:25%]", "train[25%:]")
#: tf_flowers의 이미지 수(분할은 ``train`` 하나).
NUM_EXAMPLES = 3670
#: tf_flowers의 클래스 이름(레이블 0~4의 순서).
CLASS_NAMES = ("dandelion", "daisy", "tulips", "sunflowers", "roses")
#: 그림에 쓰는 한국어 클래스 이름.
KOREAN_CLASS_NAMES = {
    "dandelion": "민들레",
    "daisy": "데이지",
    "tulips": "튤립",
    "sunflowers": "해바라기",
    "roses": "장미",
}
#: 모의 데이터에서 나온 숫자 앞에 붙이는 표시.
MOCK_LABEL = "[모의 데이터] "
#: tf_flowers 원본 파일의 주소(TFDS가 내려받는 곳).
DOWNLOAD_URL = (
    "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz"
)


def tfds_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """TFDS 데이터 폴더를 정합니다: ``data_dir`` → ``$TFDS_DATA_DIR`` → ``~/tensorflow_datasets``.

    Parameters
    ----------
    data_dir : str or path-like, optional
        직접 지정할 폴더.

    Returns
    -------
    pathlib.Path
    """
    if data_dir:
        return Path(data_dir).expanduser()
    env = os.environ.get("TFDS_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path("~/tensorflow_datasets").expanduser()


def korean_class_name(name: str) -> str:
    """tf_flowers의 영어 클래스 이름을 한국어로 바꿉니다(예: ``"roses"`` → ``"장미"``).

    Parameters
    ----------
    name : str or bytes
        :data:`CLASS_NAMES` 중 하나.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        모르는 이름일 때. 메시지에 그 이름과 쓸 수 있는 이름이 들어갑니다.
    """
    key = name.decode() if isinstance(name, bytes) else str(name)
    if key not in KOREAN_CLASS_NAMES:
        raise ValueError(
            f"tf_flowers의 클래스 이름이 아닙니다: {name!r}. "
            f"쓸 수 있는 이름: {', '.join(CLASS_NAMES)}"
        )
    return KOREAN_CLASS_NAMES[key]


@dataclass(frozen=True)
class FlowersData:
    r""":func:`load_tf_flowers` 의 결과.

    Attributes
    ----------
    splits : tuple of tf.data.Dataset
        요청한 분할 순서대로의 데이터셋. ``as_supervised=True``\ 면 ``(이미지, 레이블)``
        쌍을 냅니다.
    info : tfds.core.DatasetInfo
        데이터셋 정보. 모의 데이터일 때도 진짜 정보(3,670장, 클래스 이름)입니다.
    mock : bool
        모의 데이터이면 ``True``.
    data_dir : pathlib.Path
        TFDS 데이터 폴더(모의 데이터일 때는 진짜 데이터가 있어야 할 곳).
    reason : str
        모의 데이터를 쓴 이유(진짜 데이터면 빈 문자열).
    """

    splits: tuple
    info: object
    mock: bool
    data_dir: Path
    reason: str = ""

    @property
    def label(self) -> str:
        """이 데이터로 얻은 숫자 앞에 붙일 표시. 진짜 데이터면 빈 문자열입니다."""
        return MOCK_LABEL if self.mock else ""

    @property
    def class_names(self) -> list[str]:
        """영어 클래스 이름(레이블 순서)."""
        return list(self.info.features["label"].names)

    @property
    def korean_class_names(self) -> list[str]:
        """한국어 클래스 이름(레이블 순서). 그림 제목에 씁니다."""
        return [korean_class_name(name) for name in self.class_names]


@contextlib.contextmanager
def _removing_new_tfds_tmp_dirs() -> Iterator[None]:
    r"""이 블록 안에서 새로 생긴 빈 ``tmp*tfds`` 폴더를 지웁니다.

    TFDS는 준비되지 않은 데이터셋의 빌더를 만들 때마다 ``tempfile.mkdtemp("tfds")``\ 로 빈 폴더를
    만들고 지우지 않습니다. 다른 프로세스가 쓰는 폴더를 건드리지 않도록, 블록 전에 없던 **빈**
    폴더만 지웁니다.
    """
    root = Path(tempfile.gettempdir())
    before = set(root.glob("tmp*tfds"))
    try:
        yield
    finally:
        for folder in set(root.glob("tmp*tfds")) - before:
            with contextlib.suppress(OSError):
                folder.rmdir()  # 비어 있을 때만 성공합니다.


def _notice(data_dir: Path, version: str, reason: str) -> None:
    lines = [
        "[알림] tf_flowers 데이터셋을 쓸 수 없습니다.",
        f"  이유: {reason}.",
        f"  저장 위치: {data_dir / DATASET_NAME / version} (TFDS_DATA_DIR로 바꿀 수 있습니다)",
        "  인터넷이 되는 곳에서 한 번 실행하면 위치에 저장됩니다(약 220MB):",
        "    python -m cnn_vision.flowers   "
        "(또는 파이썬에서 tensorflow_datasets.load(\"tf_flowers\"))",
        "  이 페이지는 tfds.testing.mock_data로 만든 모의 데이터로 계속합니다. 데이터셋 정보"
        "(3,670장, 5개 클래스)는 진짜와 같지만 이미지는 무작위 잡음이고 레이블도 무작위입니다.",
        f"  이 데이터로 얻은 숫자에는 '{MOCK_LABEL.strip()}' 표시가 붙으며 의미가 없습니다.",
    ]
    print("\n".join(lines), flush=True)


def _load_mock(splits: list[str], as_supervised: bool, mock_examples: int | None):
    import tensorflow as tf

    # 모의 데이터를 만드는 TFDS 코드가 내는 텐서플로 사용 중단 경고는 독자와 상관이 없습니다.
    logger = tf.get_logger()
    level = logger.level
    logger.setLevel("ERROR")
    try:
        return _load_mock_quietly(splits, as_supervised, mock_examples)
    finally:
        logger.setLevel(level)


def _load_mock_quietly(splits: list[str], as_supervised: bool, mock_examples: int | None):
    import tensorflow_datasets as tfds

    with tempfile.TemporaryDirectory(prefix="cnn_vision_tf_flowers_") as metadata_dir:
        # 패키지에는 분할 정보가 없으므로 진짜 크기로 데이터셋 정보를 써 둡니다.
        builder = tfds.builder(DATASET_NAME, data_dir=metadata_dir)
        info = builder.info
        train = tfds.core.SplitInfo(
            name="train", shard_lengths=[NUM_EXAMPLES], num_bytes=0, filename_template=None
        )
        info.set_splits(tfds.core.SplitDict([train]))
        Path(builder.data_dir).mkdir(parents=True, exist_ok=True)
        info.write_to_directory(builder.data_dir)
        datasets = []
        for split in splits:
            size = info.splits[split].num_examples
            if mock_examples is not None:
                size = min(size, mock_examples)
            with tfds.testing.mock_data(
                num_examples=size,
                policy=tfds.testing.MockPolicy.USE_FILES,
                data_dir=metadata_dir,
            ):
                dataset, info = tfds.load(
                    DATASET_NAME, split=split, as_supervised=as_supervised, with_info=True
                )
            datasets.append(dataset)
    return tuple(datasets), info


def load_tf_flowers(
    split: str | Sequence[str] = SEED_SPLITS,
    *,
    data_dir: str | os.PathLike | None = None,
    as_supervised: bool = True,
    mock_examples: int | None = None,
    timeout: float = 2.0,
) -> FlowersData:
    r"""tf_flowers를 ``tfds.load(..., with_info=True)``\ 로 불러옵니다(없으면 모의 데이터).

    진짜 데이터가 있거나 내려받을 수 있으면 책과 같은 ``tfds.load`` 호출을 합니다. 데이터가 없고
    인터넷에도 ``timeout`` 초 안에 접속되지 않으면 TFDS의 재시도를 기다리지 않고 바로 알림을
    출력한 뒤 모의 데이터를 돌려줍니다(1초 안팎).

    Parameters
    ----------
    split : str or sequence of str, default :data:`SEED_SPLITS`
        TFDS 분할 표기(예: ``"train[:10%]"``). 책의 기본값은 테스트/검증/훈련 순서입니다.
    data_dir : str or path-like, optional
        TFDS 데이터 폴더. 주지 않으면 ``$TFDS_DATA_DIR``, 그다음 ``~/tensorflow_datasets``.
    as_supervised : bool, default True
        ``True``\ 면 ``(이미지, 레이블)`` 쌍을 냅니다.
    mock_examples : int, optional
        모의 데이터일 때 분할마다 만들 최대 이미지 수. 주지 않으면 진짜 분할 크기(예: 367, 551,
        2,752장)만큼 만듭니다. 진짜 데이터에는 영향이 없습니다.
    timeout : float, default 2.0
        접속 확인에 기다릴 최대 시간(초).

    Returns
    -------
    FlowersData
        ``splits``\ 는 항상 튜플입니다(분할을 문자열 하나로 주어도 길이 1).

    Raises
    ------
    ValueError
        ``split``\ 이 비었거나 ``mock_examples``\ 가 양의 정수가 아닐 때.
    """
    splits = [split] if isinstance(split, str) else list(split)
    if not splits or not all(isinstance(s, str) and s for s in splits):
        raise ValueError(f"split은 분할 이름(문자열) 또는 그 목록이어야 합니다: {split!r}")
    if mock_examples is not None and (
        isinstance(mock_examples, bool) or not isinstance(mock_examples, int) or mock_examples < 1
    ):
        raise ValueError(f"mock_examples는 양의 정수여야 합니다: {mock_examples!r}")
    import tensorflow_datasets as tfds

    root = tfds_data_dir(data_dir)
    with _removing_new_tfds_tmp_dirs():
        builder = tfds.builder(DATASET_NAME, data_dir=str(root))
        version = str(builder.version)
        if builder.is_prepared():
            datasets, info = tfds.load(
                DATASET_NAME,
                split=splits,
                as_supervised=as_supervised,
                with_info=True,
                data_dir=str(root),
                download=False,
            )
            return FlowersData(tuple(datasets), info, mock=False, data_dir=root)
        reason = f"{root}에 준비된 데이터가 없습니다"
        if pretrained.network_available(timeout=timeout):
            try:
                datasets, info = tfds.load(
                    DATASET_NAME,
                    split=splits,
                    as_supervised=as_supervised,
                    with_info=True,
                    data_dir=str(root),
                    download=True,
                )
                return FlowersData(tuple(datasets), info, mock=False, data_dir=root)
            except Exception as error:  # 내려받기 실패의 종류가 많습니다.
                reason += f". 내려받기에 실패했습니다: {type(error).__name__}: {error}"
        else:
            reason += (
                f". 인터넷({pretrained.PROBE_HOST})에도 {timeout:g}초 안에 접속하지 못했습니다"
            )
        _notice(root, version, reason)
        datasets, info = _load_mock(splits, as_supervised, mock_examples)
    return FlowersData(datasets, info, mock=True, data_dir=root, reason=reason)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cnn_vision.flowers [데이터 폴더]``: tf_flowers를 내려받아 준비합니다."""
    args = list(sys.argv[1:] if argv is None else argv)
    import tensorflow_datasets as tfds

    root = tfds_data_dir(args[0] if args else None)
    _, info = tfds.load(DATASET_NAME, data_dir=str(root), with_info=True, download=True)
    print(f"준비됨: {root / DATASET_NAME} ({info.splits['train'].num_examples}장)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
