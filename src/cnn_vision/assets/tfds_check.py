r"""TFDS 데이터셋: 준비된 폴더의 샤드·체크섬 검사, 이 프로세스만의 준비와 정리.

- :func:`check_tfds_dataset` 는 TFDS를 부르지 않고 ``dataset_info.json``\ 이 말하는 샤드가 모두
  있는지, 레코드 수와 바이트 수, 레코드의 체크섬(CRC32C)이 맞는지 봅니다. 손으로 고친
  ``dataset_info.json``\ 의 샤드 이름 틀(``filepathTemplate``)이 데이터 폴더 밖을 가리키거나 읽을 수
  없으면 손상으로 알립니다.
- :func:`prepare_dataset` 는 이 패키지가 받아 확인한 원본으로 **자식 프로세스**\ 에서 TFDS의 준비를
  돌립니다. 준비는 데이터 폴더 안의 이 프로세스만의 임시 폴더에서 하고, 검사를 통과해야 제자리로
  옮깁니다. Ctrl-C나 SIGTERM이 오면 자식 프로세스를 끝내고 그 임시 폴더만 지웁니다. 다른
  프로세스(동시에 도는 빌드, 테스트, 다른 사용자)가 만든 것은 건드리지 않습니다.
- :func:`private_tempdir` 는 같은 프로세스 안에서 부르는 TFDS가 임시 폴더에 남기는 ``tmp*tfds``\ 를
  이 프로세스만의 폴더에 모았다가 지웁니다.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import string
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cnn_vision.assets.registry import TfdsDataset

__all__ = [
    "TfdsCheck",
    "check_tfds_dataset",
    "prepare_dataset",
    "install_dataset",
    "private_tempdir",
]


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
_TEMPLATE_FIELDS = ("DATASET", "SPLIT", "FILEFORMAT", "SHARD_INDEX", "NUM_SHARDS", "SHARD_X_OF_Y")


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


def _template_problem(template: object) -> str:
    """샤드 이름 틀이 TFDS의 이름 칸만 쓰는 단순한 틀인지(서식 지정·속성 접근 없음)."""
    if not isinstance(template, str):
        return f"filepathTemplate이 문자열이 아닙니다: {template!r}"
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as error:
        return f"filepathTemplate {template!r}을 읽을 수 없습니다(중괄호가 맞지 않음: {error})"
    for _, field, spec, conversion in fields:
        if field is None:
            continue
        if field not in _TEMPLATE_FIELDS or spec or conversion:
            return (f"filepathTemplate {template!r}에 알 수 없는 칸 {{{field}}}이 있습니다"
                    f"(쓸 수 있는 칸: {', '.join(_TEMPLATE_FIELDS)})")
    return ""


def _shard_name(template: str, dataset: str, split: str, file_format: str, index: int, total: int) -> str:
    width = max(len(str(total)), 5)
    return template.format(
        DATASET=dataset,
        SPLIT=split,
        FILEFORMAT=file_format,
        SHARD_INDEX=f"{index:0{width}d}",
        NUM_SHARDS=f"{total:0{width}d}",
        SHARD_X_OF_Y=f"{index:0{width}d}-of-{total:0{width}d}",
    )


def _import_tensorflow():
    """텐서플로를 import합니다. 처음 import할 때 C++ 로그(oneDNN, CUDA 없음)가 화면에 나오지 않게 합니다."""
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    sys.stderr.flush()
    with tempfile.TemporaryFile() as capture:
        saved = os.dup(2)
        os.dup2(capture.fileno(), 2)
        try:
            import tensorflow as tf
        except BaseException:
            os.dup2(saved, 2)
            capture.seek(0)
            sys.stderr.write(capture.read().decode("utf-8", "replace"))
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    return tf


_DEEP_CHECKED: dict[tuple, str] = {}


def _deep_problem(shards: list[Path]) -> str:
    """텐서플로로 모든 레코드를 읽어 내용의 CRC까지 확인합니다(한 프로세스에서 한 번)."""
    key = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in shards)
    if key in _DEEP_CHECKED:
        return _DEEP_CHECKED[key]
    tf = _import_tensorflow()
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
    파일은 한 번만). 샤드 이름 틀이 데이터 폴더 밖을 가리키면 읽지 않고 손상으로 알립니다.

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
        file_format = str(info.get("fileFormat", "tfrecord"))
        dataset = str(info["name"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        return damaged(f"dataset_info.json을 읽을 수 없습니다({type(error).__name__}: {error})")
    if not splits or not isinstance(splits, list):
        return damaged("dataset_info.json에 분할 정보가 없습니다")
    shards: list[Path] = []
    real_folder = folder.resolve()
    for split in splits:
        try:
            name = str(split["name"])
            lengths = [int(n) for n in split.get("shardLengths", [])]
            num_bytes = int(split.get("numBytes", 0))
            template = split.get("filepathTemplate") or _DEFAULT_TEMPLATE
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            return damaged(f"dataset_info.json의 분할 정보가 잘못되었습니다({type(error).__name__}: {error})")
        if not lengths:
            return damaged(f"분할 {name!r}의 샤드 정보가 없습니다")
        problem = _template_problem(template)
        if problem:
            return damaged(f"dataset_info.json의 {problem}")
        total_payload = 0
        for index, expected in enumerate(lengths):
            shard_name = _shard_name(template, dataset, name, file_format, index, len(lengths))
            shard = folder / shard_name
            if Path(shard_name).name != shard_name or shard.resolve().parent != real_folder:
                return damaged(f"dataset_info.json의 샤드 이름 {shard_name!r}이 데이터 폴더 밖을 가리킵니다"
                               "(읽지 않았습니다)")
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


# -- 이 프로세스만의 준비와 정리 ------------------------------------------------------------------


@contextlib.contextmanager
def private_tempdir() -> Iterator[Path]:
    r"""블록 안에서 파이썬의 임시 폴더를 이 프로세스만의 새 폴더로 바꾸고, 끝나면 그 폴더째 지웁니다.

    TFDS는 부를 때마다 임시 폴더에 ``tmp*tfds`` 폴더를 남깁니다. 그 폴더들이 이 안에 생기므로
    다른 프로세스의 임시 파일을 건드리지 않고 이 프로세스가 만든 것만 지울 수 있습니다. 새 폴더의
    이름은 무작위입니다(``cnn_vision-tfds-*``).
    """
    folder = tempfile.mkdtemp(prefix="cnn_vision-tfds-")
    previous = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        yield Path(folder)
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(folder, ignore_errors=True)


# 자식 프로세스가 실행하는 코드. 이 패키지가 받아 해시를 확인한 원본 파일을 TFDS의 내려받기 자리에
# 건네므로 TFDS는 인터넷에 접속하지 않습니다. 부모가 (SIGKILL로라도) 끝나면 자식도 끝납니다(리눅스).
_PREPARE = """
import ctypes, os, signal, sys
name, data_dir, archive, parent = sys.argv[1:5]
try:
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
except (OSError, AttributeError):
    pass
if os.getppid() != int(parent):
    sys.exit(1)
import tensorflow_datasets as tfds
tfds.download.DownloadManager.download = lambda self, url_or_urls: archive
tfds.builder(name, data_dir=data_dir).download_and_prepare()
"""


def _stop(process: subprocess.Popen) -> None:
    """자식 프로세스(와 그 그룹)를 SIGTERM으로, 1초 안에 끝나지 않으면 SIGKILL로 끝냅니다."""
    for number, wait in ((signal.SIGTERM, 1.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, number)
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def prepare_dataset(dataset: TfdsDataset, archive: Path, staging: Path) -> tuple[Path, str]:
    r"""``archive``\ 로 ``staging`` 안에서 TFDS의 준비를 자식 프로세스로 돌립니다.

    자식 프로세스는 자기 세션에서 돌고(터미널의 Ctrl-C는 이 프로세스가 받아 자식을 끝냄), 임시
    폴더(``TMPDIR``)와 출력 기록도 ``staging`` 안에 둡니다. 이 함수가 예외(Ctrl-C 포함)로 끝나면
    자식 프로세스는 이미 끝나 있습니다.

    Parameters
    ----------
    dataset : TfdsDataset
    archive : pathlib.Path
        확인을 마친 원본 압축 파일.
    staging : pathlib.Path
        이 프로세스만의 임시 폴더(:func:`cnn_vision.assets.fetch.part_dir`).

    Returns
    -------
    tuple of (pathlib.Path, str)
        준비된 폴더(``staging/data/<이름>/<버전>``)와, 실패했으면 그 이유(성공하면 빈 문자열).
    """
    data = staging / "data"
    temp = staging / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "TF_CPP_MIN_LOG_LEVEL": "3"}
    log_path = staging / "prepare.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", _PREPARE, dataset.name, str(data), str(archive), str(os.getpid())],
            cwd=staging, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            code = process.wait()
        except BaseException:
            _stop(process)
            raise
    prepared = data / dataset.name / dataset.version
    if code != 0:
        lines = log_path.read_text("utf-8", "replace").strip().splitlines()
        last = next((line for line in reversed(lines) if line.strip()), "")
        return prepared, f"TFDS의 준비가 실패했습니다(종료 코드 {code}: {last[:300]})"
    return prepared, ""


def install_dataset(prepared: Path, destination: Path, staging: Path) -> None:
    r"""검사를 마친 ``prepared``\ 를 ``destination``\ 으로 옮깁니다(이름 바꾸기).

    ``destination``\ 에 손상된 폴더가 있으면 먼저 ``staging`` 안으로 옮겨 두었다가 ``staging``\ 과
    함께 지워지게 합니다. 그래서 새 폴더가 준비되기 전에는 옛 폴더를 지우지 않습니다.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.exists() or destination.is_symlink():
        os.replace(destination, staging / "replaced")
    os.replace(prepared, destination)
