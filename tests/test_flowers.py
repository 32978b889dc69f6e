"""cnn_vision.flowers: tf_flowers가 있을 때, 손상되었을 때, 내려받을 때, 없을 때(모의 데이터).

네트워크는 쓰지 않습니다(conftest가 ``CNN_VISION_OFFLINE=1``\\ 을 켭니다). "인터넷 있음"은
``resources.network_problem``\\ 을 바꿔 끼우고, TFDS의 내려받기는 작은 가짜 원본(20장짜리
``flower_photos.tgz``)을 돌려주게 합니다. 그러면 TFDS의 진짜 tf_flowers 빌더가 작은 데이터셋을
준비하므로, 준비된 폴더의 구조(샤드, ``dataset_info.json``)는 진짜와 같습니다.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
import tensorflow_datasets as tfds

from cnn_vision import flowers, resources

pytestmark = pytest.mark.tf

N_TINY = 20


def _tiny_archive(path: Path) -> Path:
    rng = np.random.default_rng(0)
    with tarfile.open(path, "w:gz") as tar:
        for index in range(N_TINY):
            pixels = rng.integers(0, 256, size=(30, 40, 3), dtype=np.uint8)
            data = tf.io.encode_jpeg(pixels).numpy()
            member = tarfile.TarInfo(f"flower_photos/{flowers.CLASS_NAMES[index % 5]}/image{index}.jpg")
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return path


@pytest.fixture(scope="module")
def tiny_archive(tmp_path_factory):
    return _tiny_archive(tmp_path_factory.mktemp("archive") / "flower_photos.tgz")


@pytest.fixture(scope="module")
def prepared_template(tmp_path_factory, tiny_archive):
    """진짜 tf_flowers 빌더로 준비한 작은 데이터 폴더(시험마다 복사해서 씁니다)."""
    root = tmp_path_factory.mktemp("prepared")
    original = tfds.download.DownloadManager.download
    tfds.download.DownloadManager.download = lambda self, url: tiny_archive
    try:
        with resources.tfds_cleanup(root, "tf_flowers"):
            tfds.builder("tf_flowers", data_dir=str(root)).download_and_prepare()
    finally:
        tfds.download.DownloadManager.download = original
    return root


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """TFDS와 이 모듈이 만드는 임시 폴더가 이 시험의 폴더에만 생기게 합니다."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "tensorflow_datasets"
    monkeypatch.setenv("TFDS_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def prepared(prepared_template, data_dir):
    shutil.copytree(prepared_template, data_dir)
    return resources.TF_FLOWERS.dataset_dir(data_dir)


def _shards(folder: Path) -> list[Path]:
    return sorted(folder.glob("tf_flowers-train.tfrecord-*"))


def _tfds_debris(folder: Path) -> list[str]:
    """임시 폴더에 남은 TFDS의 것(``tmp*tfds``, ``cnn_vision_tf_flowers_*``).

    텐서플로의 autograph가 그 자리에 두는 ``__autograph_generated_file*.py``\\ 는 세지 않습니다
    (텐서플로가 프로세스를 끝낼 때 지웁니다).
    """
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("__autograph"))


def _must_not(what):
    def fail(*args, **kwargs):
        raise AssertionError(what)

    return fail


# -- 표가 설치된 TFDS와 같은지 --------------------------------------------------------


def test_table_entry_matches_the_installed_tfds_builder():
    from tensorflow_datasets.datasets.tf_flowers import tf_flowers_dataset_builder as module

    assert str(module.Builder.VERSION) == resources.TF_FLOWERS.version
    assert module._URL == resources.TF_FLOWERS.url


# -- 없고 인터넷도 없을 때 ------------------------------------------------------------


def test_missing_dataset_offline_gives_mock_data_with_real_info(data_dir, private_tmp, capsys):
    start = time.perf_counter()
    result = flowers.load_tf_flowers()
    assert time.perf_counter() - start < 30  # TFDS의 재시도(약 205초)를 기다리지 않습니다
    assert result.standin is True and result.label == flowers.MOCK_LABEL
    assert result.path == data_dir / "tf_flowers" / "3.0.1" and result.data_dir == data_dir
    assert result.info.splits["train"].num_examples == 3670
    assert result.class_names == ["dandelion", "daisy", "tulips", "sunflowers", "roses"]
    assert [int(ds.cardinality()) for ds in result.splits] == [367, 551, 2752]
    image, label = next(iter(result.splits[1]))
    assert image.dtype == tf.uint8 and image.shape[-1] == 3 and 0 <= int(label) < 5
    notice = capsys.readouterr().out
    lines = notice.strip().splitlines()
    assert lines[0].startswith(resources.NOTICE_MARKER) and lines[-1] == resources.NOTICE_END
    assert "mock_data" in notice and str(result.path) in notice
    assert "python -m cnn_vision fetch flowers" in notice
    assert _tfds_debris(private_tmp) == []  # TFDS가 남기는 빈 tmp*tfds 폴더도 지웠습니다
    assert not data_dir.exists()  # 데이터 폴더에는 아무것도 만들지 않습니다


def test_mock_examples_caps_the_mock_split_sizes(data_dir, private_tmp):
    result = flowers.load_tf_flowers(split=["train[:10%]", "train[25%:]"], mock_examples=np.int64(5))
    assert [int(ds.cardinality()) for ds in result.splits] == [5, 5]
    assert len(list(result.splits[1])) == 5


def test_single_split_string_gives_a_one_element_tuple(data_dir, private_tmp):
    result = flowers.load_tf_flowers(split="train[25%:]", mock_examples=2, verbose=False)
    assert isinstance(result.splits, tuple) and len(result.splits) == 1


def test_strict_switch_refuses_mock_data(data_dir, private_tmp, monkeypatch):
    monkeypatch.setenv(resources.REQUIRE_REAL_ENV, "1")
    with pytest.raises(resources.StandInRefusedError, match="tf_flowers"):
        flowers.load_tf_flowers(mock_examples=2)
    assert _tfds_debris(private_tmp) == []


# -- 준비된 데이터 --------------------------------------------------------------------


def test_prepared_dataset_is_checked_and_loaded_for_real_without_network(prepared, private_tmp,
                                                                        monkeypatch, capsys):
    assert resources.check_tfds_dataset(prepared).ok
    monkeypatch.setattr(resources, "network_problem", _must_not("데이터가 있는데 네트워크를 확인했습니다"))
    result = flowers.load_tf_flowers()
    assert result.standin is False and result.label == "" and result.source == "cache"
    assert result.info.splits["train"].num_examples == N_TINY
    assert [int(ds.cardinality()) for ds in result.splits] == [2, 3, 15]
    image, label = next(iter(result.splits[2].take(1)))
    assert image.shape == (30, 40, 3) and image.dtype == tf.uint8 and 0 <= int(label) < 5
    assert capsys.readouterr().out == ""
    assert _tfds_debris(private_tmp) == []


def test_explicit_data_dir_wins_over_environment(prepared_template, data_dir, private_tmp):
    result = flowers.load_tf_flowers(split="train", data_dir=prepared_template, verbose=False)
    assert result.standin is False and result.data_dir == prepared_template
    assert not data_dir.exists()


def _expect_damage(prepared, capsys, words):
    result = flowers.load_tf_flowers(mock_examples=2)
    assert result.standin is True and "손상" in result.reason
    notice = capsys.readouterr().out
    assert str(prepared) in notice and "fetch flowers" in notice and "지우고" in notice
    for word in words:
        assert word in notice
    return result


def test_missing_shard_is_found_before_use_and_the_page_continues_on_mock_data(
    prepared, private_tmp, capsys
):
    shard = _shards(prepared)[0]
    shard.unlink()
    _expect_damage(prepared, capsys, ["샤드 파일이 없습니다", shard.name])


def test_truncated_shard_is_found_before_use(prepared, private_tmp, capsys):
    shard = _shards(prepared)[0]
    shard.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])
    _expect_damage(prepared, capsys, ["잘렸습니다", shard.name])


def test_bit_flip_inside_a_record_is_found_by_the_checksum(prepared, private_tmp, capsys):
    shard = _shards(prepared)[0]
    data = bytearray(shard.read_bytes())
    first_length = int.from_bytes(data[:8], "little")
    data[12 + first_length // 2] ^= 0x01  # 첫 레코드 내용 한가운데의 비트 하나
    shard.write_bytes(bytes(data))
    assert resources.check_tfds_dataset(prepared, deep=False).ok  # 구조 검사로는 못 찾습니다
    _expect_damage(prepared, capsys, ["레코드 내용의 체크섬", shard.name])


def test_missing_dataset_info_is_a_half_copied_folder(prepared, private_tmp, capsys):
    (prepared / "dataset_info.json").unlink()
    _expect_damage(prepared, capsys, ["dataset_info.json"])


def test_record_count_different_from_dataset_info_is_damage(prepared):
    shard = _shards(prepared)[0]
    # 마지막 레코드 하나를 통째로 떼어 냅니다(남은 레코드는 모두 온전).
    count, payload, _ = resources._scan_tfrecord(shard)
    data = shard.read_bytes()
    position = 0
    for _ in range(count - 1):
        length = int.from_bytes(data[position:position + 8], "little")
        position += 12 + length + 4
    shard.write_bytes(data[:position])
    check = resources.check_tfds_dataset(prepared, deep=False)
    assert check.status == "damaged" and f"{count - 1:,}개" in check.problem


def test_check_reports_missing_for_an_absent_or_empty_folder(tmp_path):
    assert resources.check_tfds_dataset(tmp_path / "nothing").status == "missing"
    (tmp_path / "empty").mkdir()
    assert resources.check_tfds_dataset(tmp_path / "empty").status == "missing"


# -- 인터넷이 될 때 -------------------------------------------------------------------


def test_missing_dataset_online_is_downloaded_prepared_and_checked(data_dir, private_tmp,
                                                                   tiny_archive, monkeypatch):
    monkeypatch.setattr(resources, "network_problem", lambda timeout=2.0: "")
    monkeypatch.setattr(tfds.download.DownloadManager, "download", lambda self, url: tiny_archive)
    result = flowers.load_tf_flowers(verbose=False)
    assert result.standin is False and result.source == "download"
    assert resources.check_tfds_dataset(result.path).ok
    assert _tfds_debris(private_tmp) == []


def _leaving_debris(data_dir: Path, error: BaseException):
    """TFDS의 내려받기 중에 임시·미완성 폴더를 남기고 멈추는 가짜(끊긴 연결, Ctrl-C)."""

    def download(self, url):
        (data_dir / "downloads" / f"flower_photos.tgz.tmp.{'a' * 32}").mkdir(parents=True)
        (data_dir / "downloads" / f"flower_photos.tgz.tmp.{'a' * 32}" / "part").write_bytes(b"x")
        (data_dir / "tf_flowers" / "incomplete.ABC123_3.0.1").mkdir(parents=True)
        Path(tempfile.mkdtemp("tfds"))
        raise error

    return download


def test_failed_download_cleans_up_and_falls_back_to_mock_data(data_dir, private_tmp, monkeypatch,
                                                               capsys):
    data_dir.mkdir()
    (data_dir / "keep_me.txt").write_text("사용자 파일")
    monkeypatch.setattr(resources, "network_problem", lambda timeout=2.0: "")
    monkeypatch.setattr(tfds.download.DownloadManager, "download",
                        _leaving_debris(data_dir, ConnectionError("연결이 끊겼습니다")))
    result = flowers.load_tf_flowers(mock_examples=2)
    assert result.standin is True and "ConnectionError" in result.reason
    assert "연결이 끊겼습니다" in capsys.readouterr().out
    assert sorted(p.name for p in data_dir.iterdir()) == ["keep_me.txt"]
    assert _tfds_debris(private_tmp) == []


def test_ctrl_c_during_download_cleans_up_and_is_not_swallowed(data_dir, private_tmp, monkeypatch):
    monkeypatch.setattr(resources, "network_problem", lambda timeout=2.0: "")
    monkeypatch.setattr(tfds.download.DownloadManager, "download",
                        _leaving_debris(data_dir, KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        flowers.load_tf_flowers(mock_examples=2)
    assert not data_dir.exists()  # 이번에 만든 폴더는 비었으므로 모두 지웠습니다
    assert _tfds_debris(private_tmp) == []


def test_cleanup_leaves_folders_that_existed_before_alone(tmp_path, private_tmp):
    root = tmp_path / "root"
    old_incomplete = root / "tf_flowers" / "incomplete.OLD_3.0.1"
    old_incomplete.mkdir(parents=True)
    existing_tmp = private_tmp / "tmpkeepmetfds"
    existing_tmp.mkdir()
    with pytest.raises(RuntimeError), resources.tfds_cleanup(root, "tf_flowers"):
        (root / "tf_flowers" / "incomplete.NEW_3.0.1").mkdir()
        (private_tmp / "tmpnewtfds").mkdir()
        raise RuntimeError("실패")
    assert old_incomplete.exists() and existing_tmp.exists()
    assert sorted(os.listdir(root / "tf_flowers")) == ["incomplete.OLD_3.0.1"]
    assert sorted(os.listdir(private_tmp)) == ["tmpkeepmetfds"]


# -- 이름과 인자 ----------------------------------------------------------------------


def test_korean_class_names_cover_all_five_classes():
    assert [flowers.korean_class_name(n) for n in flowers.CLASS_NAMES] == [
        "민들레", "데이지", "튤립", "해바라기", "장미"
    ]
    assert flowers.korean_class_name(b"roses") == "장미"


def test_unknown_class_name_is_rejected_by_name():
    with pytest.raises(ValueError, match="'lily'"):
        flowers.korean_class_name("lily")
