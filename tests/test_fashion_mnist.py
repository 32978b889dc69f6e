"""cnn_vision.fashion_mnist: 패션 MNIST를 케라스 캐시에 안전하게 준비하는지 확인합니다.

대부분의 테스트는 작은 가짜 IDX 파일과 그 파일에 맞춘 자료 표를 만들어 ``registry=``\\ 로 넘기므로
데비안 패키지 없이도 돕니다. 진짜 파일로 하는 테스트는 ``dataset-fashion-mnist``\\ 가 설치되어
있을 때만 돕니다(``.ci/run``\\ 과 ``make data``\\ 가 설치합니다). 내려받기는 localhost의 가짜 서버로
흉내 냅니다.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from cnn_vision import fashion_mnist
from cnn_vision.assets import DEFAULT, NetworkUnavailableError

pytestmark = pytest.mark.tf

NAMES = list(fashion_mnist.FASHION_MNIST_FILES)
REAL_DIR = Path("/usr/share/datasets/fashion-mnist")
HAVE_REAL = all((REAL_DIR / name).is_file() for name in NAMES)
LAST = "t10k-labels-idx1-ubyte.gz"  # 마지막에 확인되는 파일


def idx_bytes(magic: int, shape: tuple[int, ...], payload: bytes) -> bytes:
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in shape)
    return header + payload


def fake_contents(seed: int = 0, sizes=None) -> dict[str, bytes]:
    """작은 가짜 패션 MNIST: 훈련 6장, 테스트 4장(압축 전 IDX 내용)."""
    rng = np.random.default_rng(seed)
    sizes = sizes or {"train": 6, "t10k": 4}
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


def fake_registry(contents: dict[str, bytes], system_dir: Path, registry=DEFAULT):
    """``contents``\\ 에 맞춘 해시·IDX 헤더와 ``system_dir``\\ 의 데비안 폴더를 가진 자료 표."""
    for remote in registry.files_of("fashion-mnist"):
        content = contents[remote.fname]
        magic = int.from_bytes(content[:4], "big")
        ndim = 3 if magic == 0x0803 else 1
        shape = tuple(int.from_bytes(content[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
        registry = registry.replace_file(remote.key, digest=hashlib.sha256(content).hexdigest(),
                                         idx=(magic, shape))
    local = dataclasses.replace(registry.spec("fashion-mnist").local, system_dir=system_dir)
    return registry.replace_target("fashion-mnist", local=local)


@pytest.fixture
def fake(asset_dirs, tmp_path):
    """빈 케라스 캐시, 로컬 사본 없음, 가짜 파일에 맞춘 표. 속성: ``cache``, ``contents``, ``registry``."""
    contents = fake_contents()
    return SimpleNamespace(
        cache=asset_dirs.keras_home / "datasets" / "fashion-mnist",
        contents=contents,
        registry=fake_registry(contents, tmp_path / "no-debian-package"),
    )


def write_source(directory: Path, contents: dict[str, bytes], *, skip: str | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in contents.items():
        if name != skip:
            (directory / name).write_bytes(gzip.compress(content))
    return directory


def cache_listing(cache_dir: Path) -> list[str]:
    """캐시 폴더의 모든 항목(숨은 임시 파일 포함)."""
    return sorted(os.listdir(cache_dir)) if cache_dir.exists() else []


def ensure(fake, **kwargs):
    return fashion_mnist.ensure_fashion_mnist(registry=fake.registry, **kwargs)


# --- 캐시 위치 -------------------------------------------------------------------------------


def test_cache_dir_follows_keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    assert fashion_mnist.fashion_mnist_cache_dir() == tmp_path / "kh" / "datasets" / "fashion-mnist"


def test_file_names_and_urls_match_keras_fashion_mnist_load_data():
    import inspect

    from keras.src.datasets import fashion_mnist as keras_fashion_mnist

    source = inspect.getsource(keras_fashion_mnist.load_data)
    assert 'os.path.join("datasets", "fashion-mnist")' in source
    for remote in DEFAULT.files_of("fashion-mnist"):
        assert f'"{remote.fname}"' in source
        base, fname = remote.url.rsplit("/", 1)
        assert fname == remote.fname and f'base = "{base}/"' in source


# --- 로컬 사본을 캐시에 넣기 -------------------------------------------------------------------


def test_env_var_source_is_verified_and_copied_byte_for_byte(fake, tmp_path, monkeypatch):
    source = write_source(tmp_path / "src", fake.contents)
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(source))

    status = ensure(fake)

    assert status.source == "env" and status.origin == source and not status.standin
    assert sorted(status.copied) == sorted(NAMES)
    assert cache_listing(fake.cache) == sorted(NAMES)  # 임시 파일이 남지 않음
    for name in NAMES:
        assert (fake.cache / name).read_bytes() == (source / name).read_bytes()


def test_debian_dir_is_used_when_env_var_is_unset(fake, tmp_path):
    registry = fake_registry(fake.contents, write_source(tmp_path / "debian", fake.contents))
    status = fashion_mnist.ensure_fashion_mnist(registry=registry)
    assert status.source == "debian"
    assert cache_listing(fake.cache) == sorted(NAMES)


def test_second_call_finds_files_in_cache_and_copies_nothing(fake, tmp_path, monkeypatch):
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(write_source(tmp_path / "s", fake.contents)))
    ensure(fake)
    status = ensure(fake)
    assert status.source == "cache" and status.copied == ()


def test_only_the_missing_cache_file_is_copied(fake, tmp_path, monkeypatch):
    write_source(fake.cache, fake.contents, skip=LAST)
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(write_source(tmp_path / "s", fake.contents)))
    assert ensure(fake).copied == (LAST,)


def test_without_any_copy_offline_raises_a_clear_korean_error_and_writes_nothing(fake):
    with pytest.raises(NetworkUnavailableError) as caught:
        ensure(fake)
    message = str(caught.value)
    assert str(fake.cache) in message and "CNN_VISION_OFFLINE" in message
    assert "apt-get install" in message and fashion_mnist.FASHION_MNIST_ENV_VAR in message
    assert cache_listing(fake.cache) == []


def test_without_any_copy_online_downloads_verifies_and_renames(fake, http_server):
    registry = http_server.registry(fake.registry, {
        r.key: (gzip.compress(fake.contents[r.fname]), fake.contents[r.fname])
        for r in fake.registry.files_of("fashion-mnist")})
    # 압축을 푼 내용으로 확인하므로 해시는 그대로입니다.
    key = "fashion-mnist/t10k-labels"
    assert registry.file(key).digest == fake.registry.file(key).digest
    status = fashion_mnist.ensure_fashion_mnist(registry=registry)
    assert status.source == "download" and len(http_server.requests) == 4
    assert cache_listing(fake.cache) == sorted(NAMES)


def test_download_with_wrong_content_leaves_the_cache_empty(fake, http_server):
    contents = {r.key: (gzip.compress(fake.contents[r.fname]), fake.contents[r.fname])
                for r in fake.registry.files_of("fashion-mnist")}
    first = fake.registry.files_of("fashion-mnist")[0]
    contents[first.key] = (b"<html>proxy error</html>", fake.contents[first.fname])
    registry = http_server.registry(fake.registry, contents)
    with pytest.raises(fashion_mnist.FashionMnistDataError, match="gzip"):
        fashion_mnist.ensure_fashion_mnist(registry=registry)
    assert sorted(cache_listing(fake.cache)) == sorted(n for n in NAMES if n != first.fname)


# --- 잘못된 파일: 분명한 한국어 오류, 캐시는 그대로 ----------------------------------------------


def _corrupt_and_ensure(fake, tmp_path, monkeypatch, name, corrupted_gz):
    source = write_source(tmp_path / "src", fake.contents)
    (source / name).write_bytes(corrupted_gz)
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(source))
    with pytest.raises(fashion_mnist.FashionMnistDataError) as caught:
        ensure(fake)
    message = str(caught.value)
    assert str(source / name) in message  # 어느 파일인지
    assert "고치는 방법" in message  # 어떻게 고치는지
    assert cache_listing(fake.cache) == []  # 다른 파일도, 임시 파일도 쓰지 않음
    return message


def test_truncated_gzip_file_raises_korean_error_and_leaves_cache_empty(fake, tmp_path, monkeypatch):
    truncated = gzip.compress(fake.contents[LAST])[:-12]
    message = _corrupt_and_ensure(fake, tmp_path, monkeypatch, LAST, truncated)
    assert "gzip" in message and "잘렸" in message


def test_non_gzip_file_raises_korean_error(fake, tmp_path, monkeypatch):
    message = _corrupt_and_ensure(fake, tmp_path, monkeypatch, LAST, b"<html>404 Not Found</html>")
    assert "gzip 압축을 풀 수 없습니다" in message


def test_wrong_idx_magic_number_raises_korean_error(fake, tmp_path, monkeypatch):
    bad = bytearray(fake.contents[LAST])
    bad[3] = 0x03  # 레이블 파일에 이미지 파일의 매직 넘버
    message = _corrupt_and_ensure(fake, tmp_path, monkeypatch, LAST, gzip.compress(bytes(bad)))
    assert "매직 넘버가 0x0803" in message and "0x0801" in message


def test_wrong_item_count_in_header_raises_korean_error(fake, tmp_path, monkeypatch):
    content = fake.contents[LAST]
    bad = content[:4] + (3).to_bytes(4, "big") + content[8:]  # 4개여야 하는데 3개라고 적힘
    message = _corrupt_and_ensure(fake, tmp_path, monkeypatch, LAST, gzip.compress(bad))
    assert "헤더의 크기가 (3,)" in message


def test_content_shorter_than_header_says_truncated(fake, tmp_path, monkeypatch):
    name = "train-images-idx3-ubyte.gz"
    short = fake.contents[name][:-28]  # 올바른 gzip이지만 마지막 한 줄(28바이트)이 없음
    message = _corrupt_and_ensure(fake, tmp_path, monkeypatch, name, gzip.compress(short))
    assert "잘렸습니다" in message


def test_content_longer_than_the_format_says_is_rejected(fake, tmp_path, monkeypatch):
    longer = fake.contents[LAST] + b"\x00" * 5
    message = _corrupt_and_ensure(fake, tmp_path, monkeypatch, LAST, gzip.compress(longer))
    assert "남는 데이터" in message


def test_same_size_but_different_pixels_fails_sha256(fake, tmp_path, monkeypatch):
    name = "t10k-images-idx3-ubyte.gz"
    bad = bytearray(fake.contents[name])
    bad[-1] ^= 0xFF  # 픽셀 하나만 바꿈: 모양 검사는 통과하고 해시에서 걸려야 함
    message = _corrupt_and_ensure(fake, tmp_path, monkeypatch, name, gzip.compress(bytes(bad)))
    assert "SHA-256" in message


def test_env_dir_missing_a_file_names_that_file(fake, tmp_path, monkeypatch):
    source = write_source(tmp_path / "src", fake.contents, skip="train-labels-idx1-ubyte.gz")
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(source))
    with pytest.raises(fashion_mnist.FashionMnistDataError, match="train-labels-idx1-ubyte.gz"):
        ensure(fake)
    assert cache_listing(fake.cache) == []


def test_env_var_naming_a_missing_folder_is_an_error_not_a_silent_download(fake, tmp_path, monkeypatch):
    missing = tmp_path / "typo"
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(missing))
    with pytest.raises(fashion_mnist.FashionMnistDataError, match="폴더가 없습니다") as caught:
        ensure(fake)
    assert caught.value.path == missing


def test_partial_debian_install_is_reported_with_reinstall_hint(fake, tmp_path):
    registry = fake_registry(fake.contents, write_source(tmp_path / "debian", fake.contents,
                                                         skip="t10k-images-idx3-ubyte.gz"))
    with pytest.raises(fashion_mnist.FashionMnistDataError, match="--reinstall dataset-fashion-mnist"):
        fashion_mnist.ensure_fashion_mnist(registry=registry)


def test_corrupt_cache_file_is_replaced_from_verified_source(fake, tmp_path, monkeypatch):
    write_source(fake.cache, fake.contents)
    (fake.cache / LAST).write_bytes(b"half a download")
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(write_source(tmp_path / "s", fake.contents)))
    assert ensure(fake).copied == (LAST,)
    assert gzip.decompress((fake.cache / LAST).read_bytes()) == fake.contents[LAST]


def test_corrupt_cache_file_without_source_offline_raises_and_is_left_for_the_user(fake):
    write_source(fake.cache, fake.contents)
    (fake.cache / LAST).write_bytes(b"half a download")
    with pytest.raises(fashion_mnist.FashionMnistDataError, match="fetch fashion-mnist") as caught:
        ensure(fake)
    assert caught.value.path == fake.cache / LAST
    assert (fake.cache / LAST).read_bytes() == b"half a download"


def test_verify_rejects_unknown_file_name(tmp_path):
    with pytest.raises(ValueError, match="mnist.npz"):
        fashion_mnist.verify_fashion_mnist_file(tmp_path / "mnist.npz")


# --- 확인한 바이트만 캐시에(결함 10), 흘려 읽기(결함 9) ------------------------------------------


def test_a_local_copy_that_changes_while_being_copied_never_lands_unverified_in_the_cache(
    fake, tmp_path, monkeypatch
):
    """원본이 확인과 복사 사이에 바뀌어도, 캐시에는 확인을 통과한 바이트만 놓입니다."""
    big = fake_contents(sizes={"train": 3000, "t10k": 4})  # 훈련 이미지 약 2.3MB: 확인에 시간이 걸림
    registry = fake_registry(big, tmp_path / "no-debian-package")
    name = "train-images-idx3-ubyte.gz"
    source = write_source(tmp_path / "src", big)
    good = (source / name).read_bytes()
    flipped = bytearray(big[name])
    flipped[-1] ^= 0xFF
    bad = gzip.compress(bytes(flipped), compresslevel=1)
    monkeypatch.setenv(fashion_mnist.FASHION_MNIST_ENV_VAR, str(source))
    stop = threading.Event()

    def flip():
        staging = source / ".flip"
        while not stop.is_set():
            for data in (bad, good):
                staging.write_bytes(data)
                os.replace(staging, source / name)  # 원자적으로 바꿉니다(반쯤 쓴 파일은 없음)

    flipper = threading.Thread(target=flip, daemon=True)
    flipper.start()
    landed = rejected = 0
    try:
        for _ in range(25):
            cached = fake.cache / name
            cached.unlink(missing_ok=True)
            try:
                fashion_mnist.ensure_fashion_mnist(registry=registry)
            except fashion_mnist.FashionMnistDataError:
                rejected += 1
                assert not cached.exists()
                continue
            landed += 1
            assert gzip.decompress(cached.read_bytes()) == big[name]
    finally:
        stop.set()
        flipper.join()
    assert landed + rejected == 25


def test_check_of_a_cached_gzip_bomb_uses_bounded_memory(fake):
    import tracemalloc

    fake.cache.mkdir(parents=True)
    with gzip.open(fake.cache / LAST, "wb") as stream:
        stream.write(fake.contents[LAST][:8])  # 올바른 헤더 뒤에 0이 200MB
        block = bytes(1 << 20)
        for _ in range(200):
            stream.write(block)
    tracemalloc.start()
    try:
        with pytest.raises(fashion_mnist.FashionMnistDataError, match="남는 데이터"):
            fashion_mnist.verify_fashion_mnist_file(fake.cache / LAST, registry=fake.registry)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"최대 {peak / 2**20:.0f}MB를 썼습니다"


# --- 진짜 데이터(데비안 패키지) --------------------------------------------------------------------

needs_real = pytest.mark.skipif(not HAVE_REAL, reason="dataset-fashion-mnist가 설치되어 있지 않음")


@needs_real
@pytest.mark.parametrize("name", NAMES)
def test_debian_files_match_pinned_idx_header_and_sha256(name):
    assert fashion_mnist.verify_fashion_mnist_file(REAL_DIR / name) == REAL_DIR / name


@needs_real
def test_book_load_data_call_works_offline_after_ensure_and_equals_load_fashion_mnist(tmp_path):
    """책의 줄 ``fashion_mnist.load_data()``\\ 를 새 프로세스에서, 내려받기를 막고 부릅니다."""
    keras_home = tmp_path / "keras_home"
    script = textwrap.dedent(
        """
        import numpy as np
        from cnn_vision.fashion_mnist import ensure_fashion_mnist, load_fashion_mnist
        print(ensure_fashion_mnist().source)
        import keras.src.utils.file_utils as file_utils

        def no_network(*args, **kwargs):
            raise AssertionError("내려받으려 했습니다")

        file_utils.urlretrieve = no_network
        import tensorflow as tf
        (X_train, y_train), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
        ours = load_fashion_mnist()
        same = all(np.array_equal(a, b) and a.dtype == b.dtype for pair_a, pair_b in
                   zip(((X_train, y_train), (X_test, y_test)), ours) for a, b in zip(pair_a, pair_b))
        print(same)
        print(X_train.shape, y_train.shape, X_test.shape, y_test.shape, y_train[:5].tolist())
        """
    )
    env = {**os.environ, "KERAS_HOME": str(keras_home), "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop(fashion_mnist.FASHION_MNIST_ENV_VAR, None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "debian" and lines[1] == "True"
    # 첫 다섯 레이블(앵클 부츠, 티셔츠/탑, 티셔츠/탑, 드레스, 티셔츠/탑)은 잘 알려진 값입니다.
    assert lines[-1] == "(60000, 28, 28) (60000,) (10000, 28, 28) (10000,) [9, 0, 0, 3, 0]"
