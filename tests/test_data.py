"""cnn_vision.data: 패션 MNIST를 케라스 캐시에 안전하게 준비하는지 확인합니다.

대부분의 테스트는 작은 가짜 IDX 파일과 그 파일에 맞춘 사양(``FASHION_MNIST_FILES``)을 써서
데비안 패키지 없이도 돕니다. 진짜 파일로 하는 테스트는 ``dataset-fashion-mnist``가 설치되어
있을 때만 돕니다(``.ci/run``과 ``make data``가 설치합니다).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from cnn_vision import data

NAMES = list(data.FASHION_MNIST_FILES)
REAL_DIR = Path("/usr/share/datasets/fashion-mnist")
HAVE_REAL = all((REAL_DIR / name).is_file() for name in NAMES)


def idx_bytes(magic: int, shape: tuple[int, ...], payload: bytes) -> bytes:
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in shape)
    return header + payload


def fake_contents(seed: int = 0) -> dict[str, bytes]:
    """작은 가짜 패션 MNIST: 훈련 6장, 테스트 4장(압축 전 IDX 내용)."""
    rng = np.random.default_rng(seed)
    sizes = {"train": 6, "t10k": 4}
    contents = {}
    for name in NAMES:
        count = sizes[name.split("-")[0]]
        if "images" in name:
            pixels = rng.integers(0, 256, size=(count, 28, 28), dtype=np.uint8)
            contents[name] = idx_bytes(0x0803, (count, 28, 28), pixels.tobytes())
        else:
            labels = rng.integers(0, 10, size=count, dtype=np.uint8)
            contents[name] = idx_bytes(0x0801, (count,), labels.tobytes())
    return contents


@pytest.fixture
def fake_specs(monkeypatch):
    """가짜 파일에 맞춘 사양으로 바꿔 끼우고, 그 내용을 돌려줍니다."""
    contents = fake_contents()
    specs = {}
    for name, content in contents.items():
        magic = int.from_bytes(content[:4], "big")
        ndim = 3 if magic == 0x0803 else 1
        shape = tuple(int.from_bytes(content[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
        specs[name] = data.IdxSpec(magic, shape, hashlib.sha256(content).hexdigest())
    monkeypatch.setattr(data, "FASHION_MNIST_FILES", specs)
    return contents


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """빈 KERAS_HOME, 환경 변수 없음, 데비안 폴더 없음에서 시작합니다."""
    keras_home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(keras_home))
    monkeypatch.delenv(data.FASHION_MNIST_ENV_VAR, raising=False)
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST_DIR", tmp_path / "no-debian-package")
    return keras_home / "datasets" / "fashion-mnist"


def write_source(directory: Path, contents: dict[str, bytes], *, skip: str | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in contents.items():
        if name != skip:
            (directory / name).write_bytes(gzip.compress(content))
    return directory


def cache_listing(cache_dir: Path) -> list[str]:
    """캐시 폴더의 모든 항목(숨은 임시 파일 포함)."""
    return sorted(os.listdir(cache_dir)) if cache_dir.exists() else []


# --- 캐시 위치 -------------------------------------------------------------------------------


def test_cache_dir_follows_keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    assert data.fashion_mnist_cache_dir() == tmp_path / "kh" / "datasets" / "fashion-mnist"


def test_cache_dir_defaults_to_dot_keras_in_home(tmp_path, monkeypatch):
    monkeypatch.delenv("KERAS_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data.fashion_mnist_cache_dir() == tmp_path / ".keras" / "datasets" / "fashion-mnist"


# --- 로컬 사본을 캐시에 넣기 -------------------------------------------------------------------


def test_env_var_source_is_verified_and_copied_byte_for_byte(fake_specs, isolated, tmp_path,
                                                             monkeypatch):
    source = write_source(tmp_path / "src", fake_specs)
    monkeypatch.setenv(data.FASHION_MNIST_ENV_VAR, str(source))

    status = data.ensure_fashion_mnist()

    assert status.source == "env" and status.source_dir == source
    assert sorted(status.copied) == sorted(NAMES)
    assert cache_listing(isolated) == sorted(NAMES)  # 임시 파일이 남지 않음
    for name in NAMES:
        assert (isolated / name).read_bytes() == (source / name).read_bytes()


def test_debian_dir_is_used_when_env_var_is_unset(fake_specs, isolated, tmp_path, monkeypatch):
    debian = write_source(tmp_path / "debian", fake_specs)
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST_DIR", debian)

    status = data.ensure_fashion_mnist()

    assert status.source == "debian" and status.available_offline
    assert cache_listing(isolated) == sorted(NAMES)


def test_second_call_finds_files_in_cache_and_copies_nothing(fake_specs, isolated, tmp_path,
                                                             monkeypatch):
    monkeypatch.setenv(data.FASHION_MNIST_ENV_VAR, str(write_source(tmp_path / "s", fake_specs)))
    data.ensure_fashion_mnist()
    status = data.ensure_fashion_mnist()
    assert status.source == "cache" and status.copied == []


def test_only_the_missing_cache_file_is_copied(fake_specs, isolated, tmp_path, monkeypatch):
    write_source(isolated, fake_specs, skip="t10k-labels-idx1-ubyte.gz")
    monkeypatch.setenv(data.FASHION_MNIST_ENV_VAR, str(write_source(tmp_path / "s", fake_specs)))
    status = data.ensure_fashion_mnist()
    assert status.copied == ["t10k-labels-idx1-ubyte.gz"]


def test_without_any_local_copy_nothing_is_written_and_keras_downloads(fake_specs, isolated):
    status = data.ensure_fashion_mnist()
    assert status.source == "download" and not status.available_offline
    assert "내려받" in status.describe()
    assert cache_listing(isolated) == []


# --- 잘못된 파일: 분명한 한국어 오류, 캐시는 그대로 ----------------------------------------------


def _corrupt_and_ensure(fake_specs, isolated, tmp_path, monkeypatch, name, corrupted_gz):
    source = write_source(tmp_path / "src", fake_specs)
    (source / name).write_bytes(corrupted_gz)
    monkeypatch.setenv(data.FASHION_MNIST_ENV_VAR, str(source))
    with pytest.raises(data.FashionMnistDataError) as caught:
        data.ensure_fashion_mnist()
    message = str(caught.value)
    assert str(source / name) in message  # 어느 파일인지
    assert "고치는 방법" in message  # 어떻게 고치는지
    assert cache_listing(isolated) == []  # 다른 파일도, 임시 파일도 쓰지 않음
    return message


# 마지막에 확인되는 파일을 망가뜨려, 앞의 세 파일도 캐시에 쓰이지 않았음을 함께 확인합니다.
LAST = "t10k-labels-idx1-ubyte.gz"


def test_truncated_gzip_file_raises_korean_error_and_leaves_cache_empty(
    fake_specs, isolated, tmp_path, monkeypatch
):
    truncated = gzip.compress(fake_specs[LAST])[:-12]
    message = _corrupt_and_ensure(fake_specs, isolated, tmp_path, monkeypatch, LAST, truncated)
    assert "gzip" in message and "잘렸" in message


def test_non_gzip_file_raises_korean_error(fake_specs, isolated, tmp_path, monkeypatch):
    message = _corrupt_and_ensure(
        fake_specs, isolated, tmp_path, monkeypatch, LAST, b"<html>404 Not Found</html>"
    )
    assert "gzip 압축을 풀 수 없습니다" in message


def test_wrong_idx_magic_number_raises_korean_error(fake_specs, isolated, tmp_path, monkeypatch):
    bad = bytearray(fake_specs[LAST])
    bad[3] = 0x03  # 레이블 파일에 이미지 파일의 매직 넘버
    message = _corrupt_and_ensure(
        fake_specs, isolated, tmp_path, monkeypatch, LAST, gzip.compress(bytes(bad))
    )
    assert "매직 넘버가 0x0803" in message and "0x0801" in message


def test_wrong_item_count_in_header_raises_korean_error(fake_specs, isolated, tmp_path,
                                                        monkeypatch):
    content = fake_specs[LAST]
    bad = content[:4] + (3).to_bytes(4, "big") + content[8:]  # 4개여야 하는데 3개라고 적힘
    message = _corrupt_and_ensure(
        fake_specs, isolated, tmp_path, monkeypatch, LAST, gzip.compress(bad)
    )
    assert "헤더의 크기가 (3,)" in message


def test_content_shorter_than_header_says_truncated(fake_specs, isolated, tmp_path, monkeypatch):
    name = "train-images-idx3-ubyte.gz"
    short = fake_specs[name][:-28]  # 올바른 gzip이지만 마지막 한 줄(28바이트)이 없음
    message = _corrupt_and_ensure(
        fake_specs, isolated, tmp_path, monkeypatch, name, gzip.compress(short)
    )
    assert "잘렸습니다" in message


def test_same_size_but_different_pixels_fails_sha256(fake_specs, isolated, tmp_path, monkeypatch):
    name = "t10k-images-idx3-ubyte.gz"
    bad = bytearray(fake_specs[name])
    bad[-1] ^= 0xFF  # 픽셀 하나만 바꿈: 모양 검사는 통과하고 해시에서 걸려야 함
    message = _corrupt_and_ensure(
        fake_specs, isolated, tmp_path, monkeypatch, name, gzip.compress(bytes(bad))
    )
    assert "SHA-256" in message


def test_env_dir_missing_a_file_names_that_file(fake_specs, isolated, tmp_path, monkeypatch):
    source = write_source(tmp_path / "src", fake_specs, skip="train-labels-idx1-ubyte.gz")
    monkeypatch.setenv(data.FASHION_MNIST_ENV_VAR, str(source))
    with pytest.raises(data.FashionMnistDataError, match="train-labels-idx1-ubyte.gz"):
        data.ensure_fashion_mnist()
    assert cache_listing(isolated) == []


def test_env_var_naming_a_missing_folder_is_an_error_not_a_silent_download(
    fake_specs, isolated, tmp_path, monkeypatch
):
    missing = tmp_path / "typo"
    monkeypatch.setenv(data.FASHION_MNIST_ENV_VAR, str(missing))
    with pytest.raises(data.FashionMnistDataError, match="폴더가 없습니다") as caught:
        data.ensure_fashion_mnist()
    assert caught.value.path == missing


def test_partial_debian_install_is_reported_with_reinstall_hint(fake_specs, isolated, tmp_path,
                                                                monkeypatch):
    debian = write_source(tmp_path / "debian", fake_specs, skip="t10k-images-idx3-ubyte.gz")
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST_DIR", debian)
    with pytest.raises(data.FashionMnistDataError, match="--reinstall dataset-fashion-mnist"):
        data.ensure_fashion_mnist()


def test_corrupt_cache_file_is_replaced_from_verified_source(fake_specs, isolated, tmp_path,
                                                             monkeypatch):
    write_source(isolated, fake_specs)
    (isolated / LAST).write_bytes(b"half a download")
    monkeypatch.setenv(data.FASHION_MNIST_ENV_VAR, str(write_source(tmp_path / "s", fake_specs)))
    status = data.ensure_fashion_mnist()
    assert status.copied == [LAST]
    assert gzip.decompress((isolated / LAST).read_bytes()) == fake_specs[LAST]


def test_corrupt_cache_file_without_source_raises_and_is_left_for_the_user(fake_specs, isolated):
    write_source(isolated, fake_specs)
    (isolated / LAST).write_bytes(b"half a download")
    with pytest.raises(data.FashionMnistDataError, match="지우고 다시 실행") as caught:
        data.ensure_fashion_mnist()
    assert caught.value.path == isolated / LAST
    assert (isolated / LAST).read_bytes() == b"half a download"


def test_failed_rename_leaves_no_temporary_file(tmp_path, monkeypatch):
    def failing_replace(src, dst):
        raise OSError("디스크가 가득 찼다고 가정")

    monkeypatch.setattr(data.os, "replace", failing_replace)
    with pytest.raises(OSError):
        data._write_atomically(tmp_path / "train-images-idx3-ubyte.gz", b"x" * 1000)
    assert os.listdir(tmp_path) == []


def test_verify_idx_gz_rejects_unknown_file_name(tmp_path):
    with pytest.raises(ValueError, match="'mnist.npz'"):
        data.verify_idx_gz(tmp_path / "mnist.npz")


# --- 명령행 ------------------------------------------------------------------------------------


def test_check_exits_3_when_no_copy_exists_and_0_when_one_does(fake_specs, isolated, tmp_path,
                                                               monkeypatch):
    assert data.main(["--check"]) == 3
    monkeypatch.setenv(data.FASHION_MNIST_ENV_VAR, str(write_source(tmp_path / "s", fake_specs)))
    assert data.main(["--check"]) == 0
    assert cache_listing(isolated) == []  # --check는 아무것도 쓰지 않음


def test_cli_returns_1_and_prints_korean_error_for_corrupt_source(fake_specs, isolated, tmp_path,
                                                                  monkeypatch, capsys):
    source = write_source(tmp_path / "s", fake_specs)
    (source / LAST).write_bytes(b"garbage")
    monkeypatch.setenv(data.FASHION_MNIST_ENV_VAR, str(source))
    assert data.main([]) == 1
    assert "오류: 패션 MNIST 파일" in capsys.readouterr().err


# --- 진짜 데이터(데비안 패키지) --------------------------------------------------------------------

needs_real = pytest.mark.skipif(not HAVE_REAL, reason="dataset-fashion-mnist가 설치되어 있지 않음")


@needs_real
@pytest.mark.parametrize("name", NAMES)
def test_debian_files_match_pinned_idx_header_and_sha256(name):
    raw = data.verify_idx_gz(REAL_DIR / name)
    assert raw == (REAL_DIR / name).read_bytes()


@needs_real
def test_book_load_data_call_works_offline_after_ensure(tmp_path):
    """책의 줄 ``fashion_mnist.load_data()``를 새 프로세스에서, 내려받기를 막고 부릅니다."""
    keras_home = tmp_path / "keras_home"
    script = textwrap.dedent(
        """
        from cnn_vision.data import ensure_fashion_mnist
        print(ensure_fashion_mnist().source)
        import keras.src.utils.file_utils as file_utils

        def no_network(*args, **kwargs):
            raise AssertionError("내려받으려 했습니다")

        file_utils.urlretrieve = no_network
        import tensorflow as tf
        (X_train, y_train), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
        print(X_train.shape, y_train.shape, X_test.shape, y_test.shape, y_train[:5].tolist())
        """
    )
    env = {**os.environ, "KERAS_HOME": str(keras_home), "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop(data.FASHION_MNIST_ENV_VAR, None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "debian"
    # 첫 다섯 레이블(앵클 부츠, 티셔츠/탑, 티셔츠/탑, 드레스, 티셔츠/탑)은 잘 알려진 값입니다.
    assert lines[-1] == "(60000, 28, 28) (60000,) (10000, 28, 28) (10000,) [9, 0, 0, 3, 0]"
