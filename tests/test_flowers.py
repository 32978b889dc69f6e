"""cnn_vision.flowers: tf_flowers가 있을 때, 손상되었을 때, 내려받을 때, 없을 때(모의 데이터).

네트워크는 쓰지 않습니다. "인터넷 있음"은 localhost의 가짜 서버가 작은 가짜 원본(20장짜리
``flower_photos.tgz``)을 보내는 것이고, 시험은 원본의 주소와 해시를 그 서버의 것으로 바꾼 자료 표를
``registry=``\\ 로 넘깁니다. 받은 원본은 진짜 코드 경로(자식 프로세스의 TFDS tf_flowers 빌더)가
준비하므로, 준비된 폴더의 구조(샤드, ``dataset_info.json``)는 진짜와 같습니다.
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import time
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from cnn_vision import flowers
from cnn_vision.assets import DEFAULT, NOTICE_END, NOTICE_MARKER, StandInRefusedError, Target, paths
from cnn_vision.assets.tfds_check import _scan_tfrecord, check_tfds_dataset
from conftest import FakeServer

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
def tiny_archive(tmp_path_factory) -> bytes:
    return _tiny_archive(tmp_path_factory.mktemp("archive") / "flower_photos.tgz").read_bytes()


@pytest.fixture(scope="module")
def prepared_template(tmp_path_factory, tiny_archive):
    """진짜 코드 경로(받기 → 자식 프로세스의 TFDS 준비 → 검사 → 옮기기)로 준비한 작은 데이터 폴더."""
    root = tmp_path_factory.mktemp("prepared")
    server = FakeServer()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv(paths.OFFLINE_ENV, raising=False)
            registry = server.registry(DEFAULT, {"flowers-archive": tiny_archive})
            result = Target("flowers", registry, tfds_root=root).obtain()
    finally:
        server.close()
    assert result.source == "download"
    assert sorted(p.name for p in root.rglob("*") if p.parent == root) == ["tf_flowers"]
    return root


@pytest.fixture
def prepared(prepared_template, asset_dirs):
    shutil.rmtree(asset_dirs.tfds)
    shutil.copytree(prepared_template, asset_dirs.tfds)
    return paths.dataset_dir(DEFAULT.spec("flowers").tfds, asset_dirs.tfds)


def _shards(folder: Path) -> list[Path]:
    return sorted(folder.glob("tf_flowers-train.tfrecord-*"))


def _debris(folder: Path) -> list[str]:
    """폴더에 남은 것(텐서플로가 끝날 때 지우는 autograph 파일은 세지 않습니다)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("__autograph"))


# -- 표가 설치된 TFDS와 같은지 --------------------------------------------------------


def test_table_entry_matches_the_installed_tfds_builder_and_its_registered_checksum():
    from tensorflow_datasets.datasets.tf_flowers import tf_flowers_dataset_builder as module

    dataset = DEFAULT.spec("flowers").tfds
    archive = DEFAULT.file(dataset.archive)
    assert str(module.Builder.VERSION) == dataset.version
    assert module._URL == archive.url
    checksums = (Path(module.__file__).parent / "checksums.tsv").read_text().split()
    assert checksums[:3] == [archive.url, str(archive.size), archive.digest]
    assert archive.algorithm == "sha256"


# -- 없고 인터넷도 없을 때 ------------------------------------------------------------


def test_missing_dataset_offline_gives_mock_data_with_real_info(asset_dirs, capsys):
    start = time.perf_counter()
    result = flowers.load_tf_flowers()
    assert time.perf_counter() - start < 30  # TFDS의 재시도(약 205초)를 기다리지 않습니다
    assert result.standin is True and result.label == flowers.MOCK_LABEL
    assert result.path == asset_dirs.tfds / "tf_flowers" / "3.0.1" and result.data_dir == asset_dirs.tfds
    assert result.info.splits["train"].num_examples == 3670
    assert result.class_names == ["dandelion", "daisy", "tulips", "sunflowers", "roses"]
    assert [int(ds.cardinality()) for ds in result.splits] == [367, 551, 2752]
    image, label = next(iter(result.splits[1]))
    assert image.dtype == tf.uint8 and image.shape[-1] == 3 and 0 <= int(label) < 5
    notice = capsys.readouterr().out
    lines = notice.strip().splitlines()
    assert lines[0].startswith(NOTICE_MARKER) and lines[-1] == NOTICE_END
    assert "mock_data" in notice and str(result.path) in notice
    assert "python -m cnn_vision fetch flowers" in notice
    assert _debris(asset_dirs.tmp) == []  # TFDS가 남기는 tmp*tfds 폴더도 지웠습니다
    assert _debris(asset_dirs.tfds) == []  # 데이터 폴더에는 아무것도 만들지 않습니다


def test_mock_examples_caps_the_mock_split_sizes(asset_dirs):
    result = flowers.load_tf_flowers(split=["train[:10%]", "train[25%:]"], mock_examples=np.int64(5))
    assert [int(ds.cardinality()) for ds in result.splits] == [5, 5]
    assert len(list(result.splits[1])) == 5


def test_single_split_string_gives_a_one_element_tuple(asset_dirs):
    result = flowers.load_tf_flowers(split="train[25%:]", mock_examples=2, verbose=False)
    assert isinstance(result.splits, tuple) and len(result.splits) == 1


def test_strict_switch_refuses_mock_data(asset_dirs, monkeypatch):
    monkeypatch.setenv(paths.REQUIRE_REAL_ENV, "1")
    with pytest.raises(StandInRefusedError, match="tf_flowers"):
        flowers.load_tf_flowers(mock_examples=2)
    assert _debris(asset_dirs.tmp) == []


# -- 준비된 데이터 --------------------------------------------------------------------


def test_prepared_dataset_is_checked_and_loaded_for_real_without_network(prepared, asset_dirs,
                                                                        http_server, tiny_archive, capsys):
    assert check_tfds_dataset(prepared).ok
    registry = http_server.registry(DEFAULT, {"flowers-archive": tiny_archive})
    result = flowers.load_tf_flowers(registry=registry)
    assert http_server.requests == []
    assert result.standin is False and result.label == "" and result.source == "cache"
    assert result.info.splits["train"].num_examples == N_TINY
    assert [int(ds.cardinality()) for ds in result.splits] == [2, 3, 15]
    image, label = next(iter(result.splits[2].take(1)))
    assert image.shape == (30, 40, 3) and image.dtype == tf.uint8 and 0 <= int(label) < 5
    assert capsys.readouterr().out == ""
    assert _debris(asset_dirs.tmp) == []


def test_explicit_data_dir_wins_over_environment(prepared_template, asset_dirs):
    result = flowers.load_tf_flowers(split="train", data_dir=prepared_template, verbose=False)
    assert result.standin is False and result.data_dir == prepared_template
    assert _debris(asset_dirs.tfds) == []


def _expect_damage(prepared, capsys, words):
    result = flowers.load_tf_flowers(mock_examples=2)
    assert result.standin is True and "손상" in result.reason
    notice = capsys.readouterr().out
    assert str(prepared) in notice and "python -m cnn_vision fetch flowers" in notice
    for word in words:
        assert word in notice
    return result


def test_missing_shard_is_found_before_use_and_the_page_continues_on_mock_data(prepared, capsys):
    shard = _shards(prepared)[0]
    shard.unlink()
    _expect_damage(prepared, capsys, ["샤드 파일이 없습니다", shard.name])


def test_truncated_shard_is_found_before_use(prepared, capsys):
    shard = _shards(prepared)[0]
    shard.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])
    _expect_damage(prepared, capsys, ["잘렸습니다", shard.name])


def test_bit_flip_inside_a_record_is_found_by_the_checksum(prepared, capsys):
    shard = _shards(prepared)[0]
    data = bytearray(shard.read_bytes())
    first_length = int.from_bytes(data[:8], "little")
    data[12 + first_length // 2] ^= 0x01  # 첫 레코드 내용 한가운데의 비트 하나
    shard.write_bytes(bytes(data))
    assert check_tfds_dataset(prepared, deep=False).ok  # 구조 검사로는 못 찾습니다
    _expect_damage(prepared, capsys, ["레코드 내용의 체크섬", shard.name])


def test_missing_dataset_info_is_a_half_copied_folder(prepared, capsys):
    (prepared / "dataset_info.json").unlink()
    _expect_damage(prepared, capsys, ["dataset_info.json"])


def test_record_count_different_from_dataset_info_is_damage(prepared):
    shard = _shards(prepared)[0]
    # 마지막 레코드 하나를 통째로 떼어 냅니다(남은 레코드는 모두 온전).
    count, payload, _ = _scan_tfrecord(shard)
    data = shard.read_bytes()
    position = 0
    for _ in range(count - 1):
        length = int.from_bytes(data[position:position + 8], "little")
        position += 12 + length + 4
    shard.write_bytes(data[:position])
    check = check_tfds_dataset(prepared, deep=False)
    assert check.status == "damaged" and f"{count - 1:,}개" in check.problem


def test_check_reports_missing_for_an_absent_or_empty_folder(tmp_path):
    assert check_tfds_dataset(tmp_path / "nothing").status == "missing"
    (tmp_path / "empty").mkdir()
    assert check_tfds_dataset(tmp_path / "empty").status == "missing"


@pytest.mark.parametrize("template,word", [
    ("{NOPE}-{SHARD_X_OF_Y}", "{NOPE}"),  # 모르는 칸(예전에는 KeyError)
    ("{", "중괄호"),  # 예전에는 영어 ValueError
    ("/etc/{DATASET}", "밖을 가리킵니다"),  # 절대 경로: 데이터 폴더 밖의 파일을 읽었음
    ("../../{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}", "밖을 가리킵니다"),
    ("{SHARD_INDEX:>999999999}", "{SHARD_INDEX}"),  # 서식으로 거대한 문자열 만들기
    ("{DATASET.__class__}", "{DATASET.__class__}"),
])
def test_hand_edited_shard_template_is_reported_as_damage_and_never_read(prepared, template, word):
    info_path = prepared / "dataset_info.json"
    info = json.loads(info_path.read_text())
    info["splits"][0]["filepathTemplate"] = template
    info_path.write_text(json.dumps(info))
    check = check_tfds_dataset(prepared)
    assert check.status == "damaged" and word in check.problem
    assert "dataset_info.json" in check.problem


# -- 인터넷이 될 때 -------------------------------------------------------------------


def test_damaged_dataset_online_is_downloaded_prepared_checked_and_only_then_replaced(
    prepared, asset_dirs, http_server, tiny_archive
):
    # 없을 때 받는 길은 prepared_template이 지나갑니다(Target.obtain). 여기서는 손상된 폴더를 바꿉니다.
    _shards(prepared)[0].unlink()
    registry = http_server.registry(DEFAULT, {"flowers-archive": tiny_archive})
    result = flowers.load_tf_flowers(verbose=False, registry=registry)
    assert http_server.requests == ["/files/flowers-archive/flower_photos.tgz"]
    assert result.standin is False and result.source == "download" and result.path == prepared
    assert result.info.splits["train"].num_examples == N_TINY and check_tfds_dataset(prepared).ok
    assert _debris(asset_dirs.tfds) == ["tf_flowers"]  # 원본도 임시 폴더도 남기지 않습니다
    assert _debris(asset_dirs.tfds / "tf_flowers") == ["3.0.1"]
    assert _debris(asset_dirs.tmp) == []


@pytest.mark.parametrize("route,word", [({"status": 500}, "HTTP 500"), ({"cut_at": 1000}, "끊겼습니다"),
                                        ({}, "TFDS의 준비가 실패했습니다")])
def test_failed_download_or_preparation_leaves_the_data_folder_as_it_was_and_falls_back(
    asset_dirs, http_server, capsys, route, word
):
    (asset_dirs.tfds / "keep_me.txt").write_text("사용자 파일")
    not_an_archive = b"this is not a tar.gz archive" * 100  # 해시는 맞지만 TFDS가 풀 수 없음
    registry = http_server.registry(DEFAULT, {"flowers-archive": not_an_archive}, **route)
    result = flowers.load_tf_flowers(mock_examples=2, registry=registry)
    assert result.standin is True and word in result.reason
    assert word in capsys.readouterr().out
    assert _debris(asset_dirs.tfds) == ["keep_me.txt"]
    assert _debris(asset_dirs.tmp) == []


# -- 이름과 인자 ----------------------------------------------------------------------


def test_korean_class_names_cover_all_five_classes():
    assert [flowers.korean_class_name(n) for n in flowers.CLASS_NAMES] == [
        "민들레", "데이지", "튤립", "해바라기", "장미"
    ]
    assert flowers.korean_class_name(b"roses") == "장미"


def test_unknown_class_name_is_rejected_by_name():
    with pytest.raises(ValueError, match="'lily'"):
        flowers.korean_class_name("lily")

