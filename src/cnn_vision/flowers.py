r"""tf_flowers 데이터셋(꽃 사진 3,670장, 5개 클래스)을 불러오고, 없을 때 대신할 모의 데이터.

책은 ``tfds.load("tf_flowers", ...)``\ 로 데이터를 받습니다. 인터넷이 없으면 이 호출은 내려받기를
여러 번 다시 시도하느라 몇 분(이 프로젝트의 컴퓨터에서 약 205초)을 기다린 뒤에야 실패하고, 덜
복사되었거나 손상된 데이터 폴더는 그대로 받아들였다가 첫 배치에서야 ``NotFoundError``\ 나
``DataLossError``\ 로 멈춥니다. :func:`load_tf_flowers` 는 :class:`cnn_vision.assets.target.Target` 의
순서로 먼저 확인합니다.

1. TFDS 데이터 폴더(:func:`cnn_vision.assets.paths.tfds_data_dir`)에 준비된 데이터가 있으면 샤드가
   모두 있고 온전한지 확인한 뒤(:func:`cnn_vision.assets.tfds_check.check_tfds_dataset`)
   ``download=False``\ 로 읽습니다.
2. 없으면(또는 손상되었으면) 원본이 있는 호스트에 짧게 접속해 보고, 되면 원본을 받아 해시를 확인한
   뒤 자식 프로세스에서 TFDS로 준비하고, 검사를 통과해야 제자리로 옮깁니다. 실패하거나 Ctrl-C로
   멈추면 이 프로세스가 만든 임시 폴더만 지웁니다.
3. 어느 것도 안 되면 그 경로와 고치는 방법을 한국어 알림으로 출력하고
   ``tfds.testing.mock_data``\ 로 **모의 데이터**\ 를 만듭니다. 데이터셋 정보(이미지 3,670장, 클래스
   이름 5개, 분할 크기)는 진짜와 같지만 이미지는 무작위 잡음(한 변이 5~49픽셀)이고 레이블도
   무작위입니다.

인터넷이 되는 곳에서 ``python -m cnn_vision fetch flowers``\ 를 한 번 실행하면 데이터를 받아 둡니다.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cnn_vision.assets import DEFAULT, Registry, Resource, StandIn, Target
from cnn_vision.assets.tfds_check import private_tempdir
from cnn_vision.checks import positive_int, positive_number

__all__ = [
    "DATASET_NAME",
    "SEED_SPLITS",
    "NUM_EXAMPLES",
    "CLASS_NAMES",
    "KOREAN_CLASS_NAMES",
    "MOCK_LABEL",
    "FlowersData",
    "korean_class_name",
    "load_tf_flowers",
]

TARGET = "flowers"
_DATASET = DEFAULT.spec(TARGET).tfds

DATASET_NAME = _DATASET.name
"""TFDS의 데이터셋 이름(``"tf_flowers"``)."""
SEED_SPLITS = ("train[:10%]", "train[10%:25%]", "train[25%:]")
"""책의 분할: 테스트 10%, 검증 15%, 훈련 75%."""
NUM_EXAMPLES = _DATASET.num_examples
"""tf_flowers의 이미지 수(분할은 ``train`` 하나)."""
CLASS_NAMES = ("dandelion", "daisy", "tulips", "sunflowers", "roses")
"""tf_flowers의 클래스 이름(레이블 0~4의 순서)."""
KOREAN_CLASS_NAMES = {
    "dandelion": "민들레",
    "daisy": "데이지",
    "tulips": "튤립",
    "sunflowers": "해바라기",
    "roses": "장미",
}
"""그림에 쓰는 한국어 클래스 이름."""
MOCK_LABEL = "[모의 데이터] "
"""모의 데이터로 만든 그림의 제목 앞에 붙는 표시."""


def korean_class_name(name: str | bytes) -> str:
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
    key = name.decode() if isinstance(name, bytes) else name
    if not isinstance(key, str) or key not in KOREAN_CLASS_NAMES:
        raise ValueError(
            f"tf_flowers의 클래스 이름이 아닙니다: name={name!r}. "
            f"쓸 수 있는 이름: {', '.join(CLASS_NAMES)}"
        )
    return KOREAN_CLASS_NAMES[key]


@dataclass(frozen=True, kw_only=True)
class FlowersData(Resource):
    r""":func:`load_tf_flowers` 의 결과(:class:`cnn_vision.assets.standin.Resource` 에 데이터셋을 더한 것).

    ``path``\ 는 준비된 데이터가 있는(모의 데이터면 있어야 할) 폴더
    ``<데이터 폴더>/tf_flowers/<버전>``\ 입니다.

    Attributes
    ----------
    splits : tuple of tf.data.Dataset
        요청한 분할 순서대로의 데이터셋. ``as_supervised=True``\ 면 ``(이미지, 레이블)`` 쌍.
    info : tfds.core.DatasetInfo
        데이터셋 정보. 모의 데이터일 때도 진짜 정보(3,670장, 클래스 이름)입니다.
    """

    splits: tuple
    info: object

    @property
    def data_dir(self) -> Path:
        """TFDS 데이터 폴더(``path``\\ 의 두 단계 위)."""
        return self.path.parent.parent

    @property
    def class_names(self) -> list[str]:
        """영어 클래스 이름(레이블 순서)."""
        return list(self.info.features["label"].names)

    @property
    def korean_class_names(self) -> list[str]:
        """한국어 클래스 이름(레이블 순서). 그림 제목에 씁니다."""
        return [korean_class_name(name) for name in self.class_names]


_STANDIN = StandIn(
    what="tfds.testing.mock_data로 만든 모의 데이터(데이터셋 정보와 분할 크기는 진짜와 같고, 이미지는 "
         "무작위 잡음, 레이블도 무작위)",
    label=MOCK_LABEL,
    consequence="모의 데이터로 얻은 숫자는 의미가 없습니다.",
)


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


def _load_real(root: Path, splits: list[str], as_supervised: bool, download: bool):
    import tensorflow_datasets as tfds

    datasets, info = tfds.load(
        DATASET_NAME,
        split=splits,
        as_supervised=as_supervised,
        with_info=True,
        data_dir=str(root),
        download=download,
    )
    return tuple(datasets), info


def load_tf_flowers(
    split: str | Sequence[str] = SEED_SPLITS,
    *,
    data_dir: os.PathLike | str | None = None,
    as_supervised: bool = True,
    mock_examples: int | None = None,
    timeout: float = 2.0,
    verbose: bool = True,
    registry: Registry | None = None,
) -> FlowersData:
    r"""tf_flowers를 ``tfds.load(..., with_info=True)``\ 로 불러옵니다(없으면 모의 데이터).

    진짜 데이터가 온전히 있거나 내려받을 수 있으면 책과 같은 ``tfds.load`` 호출을 합니다. 없고
    인터넷에도 ``timeout`` 초 안에 접속되지 않으면 TFDS의 재시도를 기다리지 않고 알림을 출력한 뒤
    모의 데이터를 돌려줍니다(1초 안팎). 폴더가 덜 복사되었거나 손상되었으면 인터넷이 될 때는 새로
    받아 검사한 뒤에 바꾸고, 안 될 때는 그 경로와 고치는 방법을 알리고 모의 데이터로 계속합니다.

    Parameters
    ----------
    split : str or sequence of str, default :data:`SEED_SPLITS`
        TFDS 분할 표기(예: ``"train[:10%]"``). 책의 기본값은 테스트/검증/훈련 순서입니다.
    data_dir : path-like, optional
        TFDS 데이터 폴더. 주지 않으면 ``$TFDS_DATA_DIR``, 그다음 ``~/tensorflow_datasets``.
    as_supervised : bool, default True
        ``True``\ 면 ``(이미지, 레이블)`` 쌍을 냅니다.
    mock_examples : int, optional
        모의 데이터일 때 분할마다 만들 최대 이미지 수. 주지 않으면 진짜 분할 크기(예: 367, 551,
        2,752장)만큼 만듭니다. 진짜 데이터에는 영향이 없습니다.
    timeout : float, default 2.0
        접속 확인에 기다릴 최대 시간(초).
    verbose : bool, default True
        ``False``\ 면 알림을 출력하지 않습니다.
    registry : Registry, optional
        자료 표(기본: :data:`cnn_vision.assets.registry.DEFAULT`).

    Returns
    -------
    FlowersData
        ``splits``\ 는 항상 튜플입니다(분할을 문자열 하나로 주어도 길이 1).

    Raises
    ------
    ValueError
        ``split``\ 이 비었거나 문자열이 아닌 것이 섞였을 때, ``mock_examples``\ 가 양의 정수가
        아닐 때, ``timeout``\ 이 양수가 아닐 때.
    cnn_vision.assets.errors.SettingError
        데이터 폴더 자리에 파일이 있을 때.
    cnn_vision.assets.errors.StandInRefusedError
        모의 데이터가 필요한데 ``CNN_VISION_REQUIRE_REAL=1``\ 일 때.
    """
    splits = [split] if isinstance(split, str) else list(split) if isinstance(split, Sequence) else None
    if not splits or not all(isinstance(s, str) and s.strip() for s in splits):
        raise ValueError(f"split은 분할 이름(문자열) 또는 그 목록이어야 합니다: split={split!r}")
    if mock_examples is not None:
        mock_examples = positive_int(mock_examples, "mock_examples")
    timeout = positive_number(timeout, "timeout")
    if not isinstance(as_supervised, bool):
        raise ValueError(f"as_supervised는 True 또는 False여야 합니다: as_supervised={as_supervised!r}")

    target = Target(TARGET, registry, tfds_root=data_dir)
    result = target.obtain_or_standin(_STANDIN, timeout=timeout, verbose=verbose)
    root = result.path.parent.parent
    with private_tempdir():
        if result.standin:
            datasets, info = _load_mock(splits, as_supervised, mock_examples)
        else:
            datasets, info = _load_real(root, splits, as_supervised, download=False)
    return result.extend(FlowersData, splits=datasets, info=info)
