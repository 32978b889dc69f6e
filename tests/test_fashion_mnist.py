"""cnn_vision.fashion_mnist: 패션 MNIST를 케라스 캐시에 안전하게 준비하는지 확인합니다.

대부분의 테스트는 작은 가짜 IDX 파일과 그 파일에 맞춘 표(``resources.FASHION_MNIST``)를 써서
데비안 패키지 없이도 돕니다. 진짜 파일로 하는 테스트는 ``dataset-fashion-mnist``가 설치되어
있을 때만 돕니다(``.ci/run``과 ``make data``가 설치합니다). 네트워크는 쓰지 않습니다
(conftest가 ``CNN_VISION_OFFLINE=1``을 켜고, 내려받기는 가짜 ``_urlopen``으로 흉내 냅니다).
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from cnn_vision import fashion_mnist, resources

pytestmark = pytest.mark.tf

NAMES = [remote.fname for remote in resources.FASHION_MNIST.files]
REAL_DIR = Path("/usr/share/datasets/fashion-mnist")
HAVE_REAL = all((REAL_DIR / name).is_file() for name in NAMES)
LAST = "t10k-labels-idx1-ubyte.gz"  # 마지막에 확인되는 파일


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
def isolated(tmp_path, monkeypatch):
    """빈 KERAS_HOME, 환경 변수 없음, 데비안 폴더 없음, 가짜 파일에 맞춘 표.

    ``(캐시 폴더, 가짜 내용)``\\ 을 돌려줍니다.
    """
    contents = fake_contents()
    files = []
    for remote in resources.FASHION_MNIST.files:
        content = contents[remote.fname]
        magic = int.from_bytes(content[:4], "big")
        ndim = 3 if magic == 0x0803 else 1
        shape = tuple(int.from_bytes(content[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
        files.append(dataclasses.replace(remote, digest=hashlib.sha256(content).hexdigest(),
                                         idx=(magic, shape)))
    local = dataclasses.replace(resources.FASHION_MNIST.local,
                                system_dir=tmp_path / "no-debian-package")
    monkeypatch.setattr(resources, "FASHION_MNIST",
                        dataclasses.replace(resources.FASHION_MNIST, files=tuple(files), local=local))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.delenv(fashion_mnist.FASHION_MNIST_ENV_VAR, raising=False)
    return tmp_path / "keras_home" / "datasets" / "fashion-mnist", contents


def use_debian_dir(monkeypatch, directory: Path) -> None:
    group = resources.FASHION_MNIST
    monkeypatch.setattr(resources, "FASHION_MNIST", dataclasses.replace(
        group, local=dataclasses.replace(group.local, system_dir=directory)))


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
    assert fashion_mnist.fashion_mnist_cache_dir() == tmp_path / "kh" / "datasets" / "fashion-mnist"


def test_file_names_and_urls_match_keras_fashion_mnist_load_data():
    import inspect

    from keras.src.datasets import fashion_mnist as keras_fashion_mnist

    source = inspect.getsource(keras_fashion_mnist.load_data)
    assert 'os.path.join("datasets", "fashion-mnist")' in source
    for remote in resources.FASHION_MNIST.files:
        assert f'"{remote.fname}"' in source
        base, fname = remote.url.rsplit("/", 1)
        assert fname == remote.fname and f'base = "{base}/"' in source


# --- 로컬 사본을 캐시에 넣기 -------------------------------------------------------------------


def test_env_var_source_is_verified_and_copied_byte_for_byte(isolated, tmp_path, monkeypatch):
    cache, contents = isolated
    source = write_source(tmp_path / "src", contents)
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(source))

    status = fashion_mnist.ensure_fashion_mnist()

    assert status.source == "env" and status.origin == source and not status.standin
    assert sorted(status.copied) == sorted(NAMES)
    assert cache_listing(cache) == sorted(NAMES)  # 임시 파일이 남지 않음
    for name in NAMES:
        assert (cache / name).read_bytes() == (source / name).read_bytes()


def test_debian_dir_is_used_when_env_var_is_unset(isolated, tmp_path, monkeypatch):
    cache, contents = isolated
    use_debian_dir(monkeypatch, write_source(tmp_path / "debian", contents))
    status = fashion_mnist.ensure_fashion_mnist()
    assert status.source == "debian"
    assert cache_listing(cache) == sorted(NAMES)


def test_second_call_finds_files_in_cache_and_copies_nothing(isolated, tmp_path, monkeypatch):
    _, contents = isolated
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(write_source(tmp_path / "s", contents)))
    fashion_mnist.ensure_fashion_mnist()
    status = fashion_mnist.ensure_fashion_mnist()
    assert status.source == "cache" and status.copied == ()


def test_only_the_missing_cache_file_is_copied(isolated, tmp_path, monkeypatch):
    cache, contents = isolated
    write_source(cache, contents, skip=LAST)
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(write_source(tmp_path / "s", contents)))
    assert fashion_mnist.ensure_fashion_mnist().copied == (LAST,)


def test_without_any_copy_offline_raises_a_clear_korean_error_and_writes_nothing(isolated):
    cache, _ = isolated
    with pytest.raises(resources.NetworkUnavailableError) as caught:
        fashion_mnist.ensure_fashion_mnist()
    message = str(caught.value)
    assert str(cache) in message and "CNN_VISION_OFFLINE" in message
    assert "apt-get install" in message and fashion_mnist.FASHION_MNIST_ENV_VAR in message
    assert cache_listing(cache) == []


def _fake_server(contents_by_url: dict[str, bytes], calls: list):
    class Response(io.BytesIO):
        def __init__(self, data: bytes):
            super().__init__(data)
            self.headers = {"Content-Length": str(len(data))}

    def urlopen(url, timeout):
        calls.append(url)
        return Response(contents_by_url[url])

    return urlopen


def test_without_any_copy_online_downloads_verifies_and_renames(isolated, monkeypatch):
    cache, contents = isolated
    calls: list = []
    by_url = {r.url: gzip.compress(contents[r.fname]) for r in resources.FASHION_MNIST.files}
    monkeypatch.setattr(resources, "network_problem", lambda timeout=2.0: "")
    monkeypatch.setattr(resources, "_urlopen", _fake_server(by_url, calls))
    status = fashion_mnist.ensure_fashion_mnist()
    assert status.source == "download" and sorted(calls) == sorted(by_url)
    assert cache_listing(cache) == sorted(NAMES)


def test_download_with_wrong_content_leaves_the_cache_empty(isolated, monkeypatch):
    cache, contents = isolated
    by_url = {r.url: gzip.compress(contents[r.fname]) for r in resources.FASHION_MNIST.files}
    by_url[resources.FASHION_MNIST.files[0].url] = b"<html>proxy error</html>"
    monkeypatch.setattr(resources, "network_problem", lambda timeout=2.0: "")
    monkeypatch.setattr(resources, "_urlopen", _fake_server(by_url, []))
    with pytest.raises(fashion_mnist.FashionMnistDataError, match="gzip"):
        fashion_mnist.ensure_fashion_mnist()
    assert cache_listing(cache) == []


# --- 잘못된 파일: 분명한 한국어 오류, 캐시는 그대로 ----------------------------------------------


def _corrupt_and_ensure(isolated, tmp_path, monkeypatch, name, corrupted_gz):
    cache, contents = isolated
    source = write_source(tmp_path / "src", contents)
    (source / name).write_bytes(corrupted_gz)
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(source))
    with pytest.raises(fashion_mnist.FashionMnistDataError) as caught:
        fashion_mnist.ensure_fashion_mnist()
    message = str(caught.value)
    assert str(source / name) in message  # 어느 파일인지
    assert "고치는 방법" in message  # 어떻게 고치는지
    assert cache_listing(cache) == []  # 다른 파일도, 임시 파일도 쓰지 않음
    return message


def test_truncated_gzip_file_raises_korean_error_and_leaves_cache_empty(isolated, tmp_path,
                                                                        monkeypatch):
    truncated = gzip.compress(isolated[1][LAST])[:-12]
    message = _corrupt_and_ensure(isolated, tmp_path, monkeypatch, LAST, truncated)
    assert "gzip" in message and "잘렸" in message


def test_non_gzip_file_raises_korean_error(isolated, tmp_path, monkeypatch):
    message = _corrupt_and_ensure(isolated, tmp_path, monkeypatch, LAST, b"<html>404 Not Found</html>")
    assert "gzip 압축을 풀 수 없습니다" in message


def test_wrong_idx_magic_number_raises_korean_error(isolated, tmp_path, monkeypatch):
    bad = bytearray(isolated[1][LAST])
    bad[3] = 0x03  # 레이블 파일에 이미지 파일의 매직 넘버
    message = _corrupt_and_ensure(isolated, tmp_path, monkeypatch, LAST, gzip.compress(bytes(bad)))
    assert "매직 넘버가 0x0803" in message and "0x0801" in message


def test_wrong_item_count_in_header_raises_korean_error(isolated, tmp_path, monkeypatch):
    content = isolated[1][LAST]
    bad = content[:4] + (3).to_bytes(4, "big") + content[8:]  # 4개여야 하는데 3개라고 적힘
    message = _corrupt_and_ensure(isolated, tmp_path, monkeypatch, LAST, gzip.compress(bad))
    assert "헤더의 크기가 (3,)" in message


def test_content_shorter_than_header_says_truncated(isolated, tmp_path, monkeypatch):
    name = "train-images-idx3-ubyte.gz"
    short = isolated[1][name][:-28]  # 올바른 gzip이지만 마지막 한 줄(28바이트)이 없음
    message = _corrupt_and_ensure(isolated, tmp_path, monkeypatch, name, gzip.compress(short))
    assert "잘렸습니다" in message


def test_same_size_but_different_pixels_fails_sha256(isolated, tmp_path, monkeypatch):
    name = "t10k-images-idx3-ubyte.gz"
    bad = bytearray(isolated[1][name])
    bad[-1] ^= 0xFF  # 픽셀 하나만 바꿈: 모양 검사는 통과하고 해시에서 걸려야 함
    message = _corrupt_and_ensure(isolated, tmp_path, monkeypatch, name, gzip.compress(bytes(bad)))
    assert "SHA-256" in message


def test_env_dir_missing_a_file_names_that_file(isolated, tmp_path, monkeypatch):
    cache, contents = isolated
    source = write_source(tmp_path / "src", contents, skip="train-labels-idx1-ubyte.gz")
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(source))
    with pytest.raises(fashion_mnist.FashionMnistDataError, match="train-labels-idx1-ubyte.gz"):
        fashion_mnist.ensure_fashion_mnist()
    assert cache_listing(cache) == []


def test_env_var_naming_a_missing_folder_is_an_error_not_a_silent_download(isolated, tmp_path,
                                                                          monkeypatch):
    missing = tmp_path / "typo"
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(missing))
    with pytest.raises(fashion_mnist.FashionMnistDataError, match="폴더가 없습니다") as caught:
        fashion_mnist.ensure_fashion_mnist()
    assert caught.value.path == missing


def test_partial_debian_install_is_reported_with_reinstall_hint(isolated, tmp_path, monkeypatch):
    use_debian_dir(monkeypatch, write_source(tmp_path / "debian", isolated[1],
                                             skip="t10k-images-idx3-ubyte.gz"))
    with pytest.raises(fashion_mnist.FashionMnistDataError, match="--reinstall dataset-fashion-mnist"):
        fashion_mnist.ensure_fashion_mnist()


def test_corrupt_cache_file_is_replaced_from_verified_source(isolated, tmp_path, monkeypatch):
    cache, contents = isolated
    write_source(cache, contents)
    (cache / LAST).write_bytes(b"half a download")
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(write_source(tmp_path / "s", contents)))
    assert fashion_mnist.ensure_fashion_mnist().copied == (LAST,)
    assert gzip.decompress((cache / LAST).read_bytes()) == contents[LAST]


def test_corrupt_cache_file_without_source_offline_raises_and_is_left_for_the_user(isolated):
    cache, contents = isolated
    write_source(cache, contents)
    (cache / LAST).write_bytes(b"half a download")
    with pytest.raises(fashion_mnist.FashionMnistDataError, match="fetch fashion-mnist") as caught:
        fashion_mnist.ensure_fashion_mnist()
    assert caught.value.path == cache / LAST
    assert (cache / LAST).read_bytes() == b"half a download"


def test_verify_rejects_unknown_file_name(tmp_path):
    with pytest.raises(ValueError, match="mnist.npz"):
        fashion_mnist.verify_fashion_mnist_file(tmp_path / "mnist.npz")


# --- 진짜 데이터(데비안 패키지) --------------------------------------------------------------------

needs_real = pytest.mark.skipif(not HAVE_REAL, reason="dataset-fashion-mnist가 설치되어 있지 않음")


@needs_real
@pytest.mark.parametrize("name", NAMES)
def test_debian_files_match_pinned_idx_header_and_sha256(name):
    assert fashion_mnist.verify_fashion_mnist_file(REAL_DIR / name) == REAL_DIR / name


@needs_real
def test_book_load_data_call_works_offline_after_ensure(tmp_path):
    """책의 줄 ``fashion_mnist.load_data()``를 새 프로세스에서, 내려받기를 막고 부릅니다."""
    keras_home = tmp_path / "keras_home"
    script = textwrap.dedent(
        """
        from cnn_vision.fashion_mnist import ensure_fashion_mnist
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
    env.pop(fashion_mnist.FASHION_MNIST_ENV_VAR, None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "debian"
    # 첫 다섯 레이블(앵클 부츠, 티셔츠/탑, 티셔츠/탑, 드레스, 티셔츠/탑)은 잘 알려진 값입니다.
    assert lines[-1] == "(60000, 28, 28) (60000,) (10000, 28, 28) (10000,) [9, 0, 0, 3, 0]"
