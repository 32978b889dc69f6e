"""cnn_vision.mnist: 캐시에 있을 때, 손상되었을 때, 내려받을 때, 없을 때(패션 MNIST로 대체).

진짜 ``mnist.npz`` 대신 작은 가짜 파일과 그 파일의 SHA-256을 담은 자료 표를 ``registry=``\\ 로
넘깁니다. 대체물(패션 MNIST)도 같은 표의 작은 가짜 파일을 패션 MNIST 불러오기 모듈의 공개 함수로
읽습니다. "인터넷"은 localhost의 가짜 서버입니다.
"""

from __future__ import annotations

import gzip
import hashlib
import inspect
import io
import time

import numpy as np
import pytest
import tensorflow as tf

from cnn_vision import mnist
from cnn_vision.assets import DEFAULT, NOTICE_END, NOTICE_MARKER, StandInRefusedError, paths
from test_fashion_mnist import fake_contents, fake_registry

pytestmark = pytest.mark.tf


def fake_npz_bytes(seed: int = 0) -> bytes:
    rng = np.random.default_rng(seed)
    buffer = io.BytesIO()
    np.savez(
        buffer,
        x_train=rng.integers(0, 256, size=(6, 28, 28), dtype=np.uint8),
        y_train=rng.integers(0, 10, size=6, dtype=np.uint8),
        x_test=rng.integers(0, 256, size=(4, 28, 28), dtype=np.uint8),
        y_test=rng.integers(0, 10, size=4, dtype=np.uint8),
    )
    return buffer.getvalue()


FAKE_NPZ = fake_npz_bytes()


@pytest.fixture
def registry(asset_dirs, tmp_path):
    """가짜 mnist.npz의 SHA-256과, 캐시에 이미 있는 작은 가짜 패션 MNIST(대체물)를 담은 표."""
    contents = fake_contents(seed=1)
    cache = asset_dirs.keras_home / "datasets" / "fashion-mnist"
    cache.mkdir(parents=True)
    for name, content in contents.items():
        (cache / name).write_bytes(gzip.compress(content))
    table = fake_registry(contents, tmp_path / "no-debian-package")
    return table.replace_file("mnist", digest=hashlib.sha256(FAKE_NPZ).hexdigest())


def put_in_cache(asset_dirs, content: bytes):
    path = asset_dirs.keras_home / "datasets" / "mnist.npz"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


# -- 케라스와 같은 파일 ---------------------------------------------------------------


def test_file_name_url_and_sha256_match_keras_mnist_load_data():
    from keras.src.datasets import mnist as keras_mnist

    source = inspect.getsource(keras_mnist.load_data)
    assert 'path="mnist.npz"' in source and mnist.MNIST_FNAME == "mnist.npz"
    assert f'"{mnist.MNIST_SHA256}"' in source
    folder, fname = mnist.MNIST_URL.rsplit("/", 1)
    assert f'"{folder}/"' in source and fname == "mnist.npz"
    assert DEFAULT.file("mnist").subdir == "datasets"


def test_mnist_path_is_datasets_mnist_npz_under_keras_home(asset_dirs):
    assert mnist.mnist_path() == asset_dirs.keras_home / "datasets" / "mnist.npz"


# -- 캐시에 있을 때 -------------------------------------------------------------------


def test_cached_mnist_with_matching_sha256_is_read_without_network(asset_dirs, registry, http_server,
                                                                  capsys):
    path = put_in_cache(asset_dirs, FAKE_NPZ)
    result = mnist.load_mnist(registry=http_server.registry(registry, {"mnist": FAKE_NPZ}))
    assert http_server.requests == []
    assert result.standin is False and result.source == "cache" and result.path == path
    assert result.label == "" and result.dataset_name == "MNIST"
    assert result.class_names == tuple(str(d) for d in range(10))
    (X_train, y_train), (X_test, y_test) = result.arrays
    with np.load(io.BytesIO(FAKE_NPZ)) as expected:
        np.testing.assert_array_equal(X_train, expected["x_train"])
        np.testing.assert_array_equal(y_test, expected["y_test"])
    assert capsys.readouterr().out == ""


def test_cached_mnist_is_read_exactly_as_keras_load_data_reads_it(asset_dirs, registry, monkeypatch):
    from keras.src.datasets import mnist as keras_mnist

    path = put_in_cache(asset_dirs, FAKE_NPZ)
    # 케라스의 get_file만 바꿔 끼워 같은 파일을 가리키게 하고, 나머지는 케라스 코드 그대로입니다.
    monkeypatch.setattr(keras_mnist, "get_file", lambda **kwargs: str(path))
    by_keras = tf.keras.datasets.mnist.load_data()
    ours = mnist.load_mnist(registry=registry).arrays
    for keras_pair, our_pair in zip(by_keras, ours, strict=True):
        for keras_array, our_array in zip(keras_pair, our_pair, strict=True):
            assert keras_array.dtype == our_array.dtype
            np.testing.assert_array_equal(keras_array, our_array)


def test_corrupt_cached_mnist_is_reported_with_path_and_fix_then_the_standin_is_used(
    asset_dirs, registry, capsys
):
    path = put_in_cache(asset_dirs, b"PK\x03\x04 half of a zip file")
    result = mnist.load_mnist(registry=registry)
    assert result.standin and result.label == mnist.STANDIN_LABEL
    notice = capsys.readouterr().out
    assert str(path) in notice and "손상" in notice and "SHA-256" in notice
    assert "python -m cnn_vision fetch mnist" in notice
    assert path.read_bytes() == b"PK\x03\x04 half of a zip file"  # 지우거나 덮어쓰지 않습니다


def test_real_mnist_hash_rejects_a_file_that_is_not_the_real_mnist(asset_dirs):
    path = put_in_cache(asset_dirs, FAKE_NPZ)
    with pytest.raises(mnist.MnistDataError, match="SHA-256") as caught:
        mnist.verify_mnist_npz(path)
    assert str(path) in str(caught.value) and "fetch mnist" in str(caught.value)


# -- 없고 인터넷도 없을 때 ------------------------------------------------------------


def test_offline_without_mnist_falls_back_to_named_fashion_mnist_with_korean_notice(
    asset_dirs, registry, capsys
):
    start = time.perf_counter()
    result = mnist.load_mnist(registry=registry)
    assert time.perf_counter() - start < 5
    assert result.standin is True and result.source == "standin"
    assert result.label == "[대체 데이터: 패션 MNIST] " and result.dataset_name == "패션 MNIST"
    assert result.class_names == registry.spec("fashion-mnist").class_names
    (X_train, y_train), (X_test, _) = result.arrays  # 표의 가짜 패션 MNIST(훈련 6장, 테스트 4장)
    assert X_train.shape == (6, 28, 28) and X_test.shape == (4, 28, 28) and y_train.dtype == np.uint8
    expected = asset_dirs.keras_home / "datasets" / "mnist.npz"
    assert result.path == expected and not expected.exists()
    notice = capsys.readouterr().out
    lines = notice.strip().splitlines()
    assert lines[0].startswith(NOTICE_MARKER) and lines[-1] == NOTICE_END
    assert str(expected) in notice and "KERAS_HOME" in notice
    assert "python -m cnn_vision fetch mnist" in notice and mnist.MNIST_URL in notice
    assert "패션 MNIST" in notice and "MNIST의 결과가 아니며" in notice
    assert "인터넷" in result.reason


def test_quiet_fallback_prints_nothing_but_keeps_the_standin_label(asset_dirs, registry, capsys):
    result = mnist.load_mnist(verbose=False, registry=registry)
    assert result.standin and result.label == mnist.STANDIN_LABEL
    assert capsys.readouterr().out == ""


def test_strict_switch_turns_the_fallback_into_an_error_naming_what_is_missing(
    asset_dirs, registry, monkeypatch, capsys
):
    monkeypatch.setenv(paths.REQUIRE_REAL_ENV, "1")
    with pytest.raises(StandInRefusedError) as caught:
        mnist.load_mnist(registry=registry)
    message = str(caught.value)
    assert "mnist.npz" in message and "fetch mnist" in message
    assert "CNN_VISION_REQUIRE_REAL=1" in message
    assert capsys.readouterr().out == ""


def test_offline_without_mnist_or_fashion_mnist_raises_error_naming_both(asset_dirs, registry):
    for path in (asset_dirs.keras_home / "datasets" / "fashion-mnist").iterdir():
        path.unlink()
    with pytest.raises(mnist.MnistDataError) as caught:
        mnist.load_mnist(verbose=False, registry=registry)
    message = str(caught.value)
    assert str(asset_dirs.keras_home / "datasets" / "mnist.npz") in message
    assert "패션 MNIST" in message and "dataset-fashion-mnist" in message


# -- 인터넷이 될 때 -------------------------------------------------------------------


def test_online_download_is_verified_then_moved_into_the_keras_cache(asset_dirs, registry, http_server):
    online = http_server.registry(registry, {"mnist": FAKE_NPZ})
    result = mnist.load_mnist(registry=online)
    assert http_server.requests == ["/files/mnist/mnist.npz"]
    assert result.standin is False and result.source == "download"
    datasets_dir = asset_dirs.keras_home / "datasets"
    assert (datasets_dir / "mnist.npz").read_bytes() == FAKE_NPZ
    assert sorted(p.name for p in datasets_dir.iterdir()) == ["fashion-mnist", "mnist.npz"]  # 임시 파일 없음


@pytest.mark.parametrize("route,word", [
    ({}, "확인을 통과하지 못했습니다"),  # 다른 내용
    ({"cut_at": 100}, "끊겼습니다"),  # Content-Length보다 짧은 응답
    ({"cut_at": 100, "chunked": True, "chunk": 64}, "IncompleteRead"),  # http.client.IncompleteRead
    ({"raw": b"garbage\r\n\r\n"}, "HTTP 형식이 아닙니다"),  # 쓰레기 상태 줄
])
def test_failed_download_leaves_nothing_in_the_cache_and_falls_back(
    asset_dirs, registry, http_server, capsys, route, word
):
    online = http_server.registry(registry, {"mnist": FAKE_NPZ}, **route)
    if not route:
        online = online.replace_file("mnist", digest=hashlib.sha256(b"another file").hexdigest())
    result = mnist.load_mnist(registry=online)
    assert result.standin is True and word in result.reason
    assert sorted(p.name for p in (asset_dirs.keras_home / "datasets").iterdir()) == ["fashion-mnist"]
    assert word in capsys.readouterr().out
