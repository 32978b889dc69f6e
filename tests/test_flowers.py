"""cnn_vision.flowers: tf_flowers가 있을 때, 내려받을 때, 없을 때(모의 데이터).

네트워크는 쓰지 않습니다. "인터넷 없음"은 ``pretrained.network_available``\\ 을 바꿔 끼워 흉내
내고, 진짜 데이터가 있는 경우는 ``tfds.builder``\\ 와 ``tfds.load``\\ 를 기록용 가짜로 바꿔 어떤
인자로 불리는지 확인합니다.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
import tensorflow_datasets as tfds

from cnn_vision import flowers, pretrained


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
def offline(monkeypatch):
    monkeypatch.setattr(pretrained, "network_available", lambda *args, **kwargs: False)


class _FakeBuilder:
    def __init__(self, prepared: bool):
        self._prepared = prepared
        self.version = "3.0.1"

    def is_prepared(self) -> bool:
        return self._prepared


def _recording_load(calls: list, n_splits: int = 3):
    def fake_load(name, **kwargs):
        calls.append((name, kwargs))
        datasets = [tf.data.Dataset.range(1) for _ in range(n_splits)]
        return datasets, "info"

    return fake_load


def test_missing_dataset_offline_gives_mock_data_with_real_info(data_dir, private_tmp,
                                                                offline, capsys):
    start = time.perf_counter()
    result = flowers.load_tf_flowers()
    elapsed = time.perf_counter() - start

    assert elapsed < 30  # TFDS의 재시도(약 205초)를 기다리지 않습니다
    assert result.mock is True and result.label == flowers.MOCK_LABEL
    assert result.data_dir == data_dir
    assert result.info.splits["train"].num_examples == 3670
    assert result.class_names == ["dandelion", "daisy", "tulips", "sunflowers", "roses"]
    assert result.info.features["label"].num_classes == 5
    assert [int(ds.cardinality()) for ds in result.splits] == [367, 551, 2752]
    image, label = next(iter(result.splits[1]))
    assert image.dtype == tf.uint8 and image.shape[-1] == 3
    assert 0 <= int(label) < 5
    notice = capsys.readouterr().out
    assert "[알림]" in notice and "mock_data" in notice
    assert str(data_dir / "tf_flowers" / "3.0.1") in notice
    assert "python -m cnn_vision.flowers" in notice


def test_mock_examples_caps_the_mock_split_sizes(data_dir, private_tmp, offline):
    result = flowers.load_tf_flowers(split=["train[:10%]", "train[25%:]"], mock_examples=5)
    assert [int(ds.cardinality()) for ds in result.splits] == [5, 5]
    assert len(list(result.splits[1])) == 5


def test_single_split_string_gives_a_one_element_tuple(data_dir, private_tmp, offline):
    result = flowers.load_tf_flowers(split="train[25%:]", mock_examples=2)
    assert isinstance(result.splits, tuple) and len(result.splits) == 1


def test_no_temporary_folders_are_left_behind(data_dir, private_tmp, offline):
    flowers.load_tf_flowers(mock_examples=2)
    assert list(private_tmp.iterdir()) == []


def test_tmp_tfds_cleanup_leaves_other_folders_alone(private_tmp):
    existing = private_tmp / "tmpkeepmetfds"
    existing.mkdir()
    not_empty = private_tmp / "tmpbusytfds"
    with flowers._removing_new_tfds_tmp_dirs():
        (private_tmp / "tmpnewtfds").mkdir()
        not_empty.mkdir()
        (not_empty / "file").write_text("x")
    assert sorted(p.name for p in private_tmp.iterdir()) == ["tmpbusytfds", "tmpkeepmetfds"]


def test_prepared_tiny_dataset_is_loaded_for_real_without_network(tmp_path, private_tmp,
                                                                 monkeypatch):
    # tf_flowers의 진짜 빌더로 작은 데이터셋(20장, 30×40)을 준비합니다. 원본 파일을 내려받는 대신
    # 같은 구조(flower_photos/<클래스>/*.jpg)의 작은 tgz를 건넵니다.
    archive = tmp_path / "flower_photos.tgz"
    rng = np.random.default_rng(0)
    with tarfile.open(archive, "w:gz") as tar:
        for index in range(20):
            class_name = flowers.CLASS_NAMES[index % 5]
            pixels = rng.integers(0, 256, size=(30, 40, 3), dtype=np.uint8)
            data = tf.io.encode_jpeg(pixels).numpy()
            member = tarfile.TarInfo(f"flower_photos/{class_name}/image{index}.jpg")
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    monkeypatch.setattr(tfds.download.DownloadManager, "download", lambda self, url: archive)
    root = tmp_path / "prepared"
    with flowers._removing_new_tfds_tmp_dirs():
        tfds.builder("tf_flowers", data_dir=str(root)).download_and_prepare()

    def must_not_probe(*args, **kwargs):
        raise AssertionError("데이터가 있는데 네트워크를 확인했습니다")

    monkeypatch.setattr(pretrained, "network_available", must_not_probe)
    result = flowers.load_tf_flowers(data_dir=root)
    assert result.mock is False and result.label == ""
    assert result.info.splits["train"].num_examples == 20
    assert [int(ds.cardinality()) for ds in result.splits] == [2, 3, 15]
    image, label = next(iter(result.splits[2].take(1)))
    assert image.shape == (30, 40, 3) and image.dtype == tf.uint8
    assert 0 <= int(label) < 5
    assert list(private_tmp.iterdir()) == []


def test_prepared_dataset_is_read_without_download(data_dir, monkeypatch):
    calls: list = []
    monkeypatch.setattr(tfds, "builder", lambda name, data_dir: _FakeBuilder(prepared=True))
    monkeypatch.setattr(tfds, "load", _recording_load(calls))

    def must_not_probe(*args, **kwargs):
        raise AssertionError("데이터가 있는데 네트워크를 확인했습니다")

    monkeypatch.setattr(pretrained, "network_available", must_not_probe)
    result = flowers.load_tf_flowers()
    assert result.mock is False and result.label == ""
    assert calls == [("tf_flowers", {
        "split": ["train[:10%]", "train[10%:25%]", "train[25%:]"],
        "as_supervised": True,
        "with_info": True,
        "data_dir": str(data_dir),
        "download": False,
    })]


def test_explicit_data_dir_wins_over_environment(data_dir, tmp_path, monkeypatch):
    calls: list = []
    monkeypatch.setattr(tfds, "builder", lambda name, data_dir: _FakeBuilder(prepared=True))
    monkeypatch.setattr(tfds, "load", _recording_load(calls, n_splits=1))
    elsewhere = tmp_path / "elsewhere"
    flowers.load_tf_flowers(split=["train"], data_dir=elsewhere)
    assert calls[0][1]["data_dir"] == str(elsewhere)


def test_missing_dataset_online_is_downloaded_by_tfds_load(data_dir, monkeypatch):
    calls: list = []
    monkeypatch.setattr(tfds, "builder", lambda name, data_dir: _FakeBuilder(prepared=False))
    monkeypatch.setattr(tfds, "load", _recording_load(calls))
    monkeypatch.setattr(pretrained, "network_available", lambda *args, **kwargs: True)
    result = flowers.load_tf_flowers()
    assert result.mock is False
    assert [kwargs["download"] for _, kwargs in calls] == [True]


def test_failed_download_falls_back_to_mock_data(data_dir, private_tmp, monkeypatch, capsys):
    original_load = tfds.load

    def load_failing_to_download(name, **kwargs):
        if kwargs.get("download"):
            raise ConnectionError("연결이 거부되었습니다")
        return original_load(name, **kwargs)

    monkeypatch.setattr(tfds, "load", load_failing_to_download)
    monkeypatch.setattr(pretrained, "network_available", lambda *args, **kwargs: True)
    result = flowers.load_tf_flowers(mock_examples=2)
    assert result.mock is True
    assert "ConnectionError" in result.reason
    assert "연결이 거부되었습니다" in capsys.readouterr().out


def test_tfds_data_dir_prefers_argument_then_environment_then_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path / "env"))
    assert flowers.tfds_data_dir(tmp_path / "arg") == tmp_path / "arg"
    assert flowers.tfds_data_dir() == tmp_path / "env"
    monkeypatch.delenv("TFDS_DATA_DIR")
    assert flowers.tfds_data_dir() == Path("~/tensorflow_datasets").expanduser()


def test_korean_class_names_cover_all_five_classes():
    assert [flowers.korean_class_name(n) for n in flowers.CLASS_NAMES] == [
        "민들레", "데이지", "튤립", "해바라기", "장미"
    ]
    assert flowers.korean_class_name(b"roses") == "장미"


def test_unknown_class_name_is_rejected_by_name():
    with pytest.raises(ValueError, match="'lily'"):
        flowers.korean_class_name("lily")


def test_bad_split_and_mock_examples_are_rejected_by_value():
    with pytest.raises(ValueError, match=r"\[\]"):
        flowers.load_tf_flowers(split=[])
    with pytest.raises(ValueError, match="0"):
        flowers.load_tf_flowers(mock_examples=0)
