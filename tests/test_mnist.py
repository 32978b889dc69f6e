"""cnn_vision.mnist: 캐시에 있을 때, 손상되었을 때, 내려받을 때, 없을 때(패션 MNIST로 대체).

네트워크는 쓰지 않습니다. "인터넷 없음/있음"은 ``pretrained.network_available``\\ 과 케라스의
``get_file``\\ 을 바꿔 끼워 흉내 내고, 진짜 ``mnist.npz`` 대신 작은 가짜 파일과 그 파일의 SHA-256을
씁니다. 케라스 캐시는 시험마다 새 ``KERAS_HOME``\\ 입니다.
"""

from __future__ import annotations

import hashlib
import inspect
import io
import socket
import time
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from cnn_vision import data, mnist, pretrained


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


@pytest.fixture
def fake_mnist(monkeypatch):
    """가짜 mnist.npz의 내용. 모듈이 기대하는 SHA-256을 이 내용의 것으로 바꿔 끼웁니다."""
    content = fake_npz_bytes()
    monkeypatch.setattr(mnist, "MNIST_SHA256", hashlib.sha256(content).hexdigest())
    return content


@pytest.fixture
def no_network(monkeypatch):
    """접속 확인도 내려받기도 불리면 실패합니다."""

    def must_not_probe(*args, **kwargs):
        raise AssertionError("네트워크를 확인했습니다")

    def must_not_download(*args, **kwargs):
        raise AssertionError("get_file이 불렸습니다")

    monkeypatch.setattr(pretrained, "network_available", must_not_probe)
    monkeypatch.setattr(tf.keras.utils, "get_file", must_not_download)


@pytest.fixture
def offline(monkeypatch):
    probes = []

    def unreachable(*args, **kwargs):
        probes.append(kwargs)
        return False

    def must_not_download(*args, **kwargs):
        raise AssertionError("오프라인인데 get_file이 불렸습니다")

    monkeypatch.setattr(pretrained, "network_available", unreachable)
    monkeypatch.setattr(tf.keras.utils, "get_file", must_not_download)
    return probes


@pytest.fixture
def fake_fashion(keras_home, monkeypatch):
    """대체 데이터 경로: 패션 MNIST가 캐시에 있다고 하고, load_data()는 작은 가짜 배열을 돌려줍니다."""
    rng = np.random.default_rng(1)
    arrays = (
        (rng.integers(0, 256, size=(5, 28, 28), dtype=np.uint8), np.arange(5, dtype=np.uint8)),
        (rng.integers(0, 256, size=(3, 28, 28), dtype=np.uint8), np.arange(3, dtype=np.uint8)),
    )
    cache_dir = keras_home / "datasets" / "fashion-mnist"
    monkeypatch.setattr(data, "ensure_fashion_mnist",
                        lambda **kwargs: data.FashionMnistStatus(cache_dir, "cache"))
    monkeypatch.setattr(tf.keras.datasets.fashion_mnist, "load_data", lambda: arrays)
    return arrays


def put_in_cache(keras_home, content: bytes):
    path = keras_home / "datasets" / "mnist.npz"
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


def test_mnist_path_is_datasets_mnist_npz_under_keras_home(keras_home):
    assert mnist.mnist_path() == keras_home / "datasets" / "mnist.npz"


# -- 캐시에 있을 때 -------------------------------------------------------------------


def test_cached_mnist_with_matching_sha256_is_read_without_network(
    keras_home, fake_mnist, no_network, capsys
):
    path = put_in_cache(keras_home, fake_mnist)
    result = mnist.load_mnist()
    assert result.standin is False and result.source == "cache" and result.path == path
    assert result.label == "" and result.name == "MNIST"
    assert result.class_names == [str(d) for d in range(10)]
    (X_train, y_train), (X_test, y_test) = result.arrays
    with np.load(io.BytesIO(fake_mnist)) as expected:
        np.testing.assert_array_equal(X_train, expected["x_train"])
        np.testing.assert_array_equal(y_test, expected["y_test"])
    assert X_train.shape == (6, 28, 28) and X_test.shape == (4, 28, 28)
    assert capsys.readouterr().out == ""


def test_cached_mnist_is_read_exactly_as_keras_load_data_reads_it(
    keras_home, fake_mnist, no_network, monkeypatch
):
    from keras.src.datasets import mnist as keras_mnist

    path = put_in_cache(keras_home, fake_mnist)
    # 케라스의 get_file만 바꿔 끼워 같은 파일을 가리키게 하고, 나머지는 케라스 코드 그대로입니다.
    monkeypatch.setattr(keras_mnist, "get_file", lambda **kwargs: str(path))
    by_keras = tf.keras.datasets.mnist.load_data()
    ours = mnist.load_mnist().arrays
    for keras_pair, our_pair in zip(by_keras, ours, strict=True):
        for keras_array, our_array in zip(keras_pair, our_pair, strict=True):
            assert keras_array.dtype == our_array.dtype
            np.testing.assert_array_equal(keras_array, our_array)


def test_corrupt_cached_mnist_raises_korean_error_naming_the_file(
    keras_home, no_network, fake_fashion
):
    path = put_in_cache(keras_home, b"PK\x03\x04 half of a zip file")
    with pytest.raises(mnist.MnistDataError) as caught:
        mnist.load_mnist()
    message = str(caught.value)
    assert str(path) in message
    assert "SHA-256" in message and mnist.MNIST_SHA256 in message
    assert "지우고" in message and "python -m cnn_vision.mnist" in message
    assert caught.value.path == path
    assert path.read_bytes() == b"PK\x03\x04 half of a zip file"  # 지우거나 덮어쓰지 않습니다


def test_real_mnist_hash_rejects_a_file_that_is_not_the_real_mnist(keras_home, no_network):
    # 해시를 바꿔 끼우지 않은 그대로의 모듈: 가짜 npz는 진짜 MNIST가 아닙니다.
    path = put_in_cache(keras_home, fake_npz_bytes())
    with pytest.raises(mnist.MnistDataError, match="SHA-256"):
        mnist.verify_mnist_npz(path)


# -- 없고 인터넷도 없을 때 ------------------------------------------------------------


def test_offline_without_mnist_falls_back_to_named_fashion_mnist_with_korean_notice(
    keras_home, offline, fake_fashion, capsys
):
    start = time.perf_counter()
    result = mnist.load_mnist()
    assert time.perf_counter() - start < 5
    assert len(offline) == 1  # 접속 확인은 한 번, 내려받기는 없음(get_file이 불리면 실패)
    assert result.standin is True and result.source == "standin"
    assert result.label == "[대체 데이터: 패션 MNIST] " and result.name == "패션 MNIST"
    assert result.class_names == list(data.FASHION_MNIST_CLASS_NAMES_KO)
    assert result.arrays is fake_fashion
    expected = keras_home / "datasets" / "mnist.npz"
    assert result.path == expected and not expected.exists()
    notice = capsys.readouterr().out
    assert notice.startswith("[알림] MNIST")
    assert str(expected) in notice and "KERAS_HOME" in notice
    assert "python -m cnn_vision.mnist" in notice and mnist.MNIST_URL in notice
    assert "패션 MNIST" in notice and "MNIST의 결과가 아닙니다" in notice
    assert "인터넷" in result.reason


def test_quiet_fallback_prints_nothing_but_keeps_the_standin_label(
    keras_home, offline, fake_fashion, capsys
):
    result = mnist.load_mnist(verbose=False)
    assert result.standin and result.label == mnist.STANDIN_LABEL
    assert capsys.readouterr().out == ""


def test_offline_without_mnist_or_fashion_mnist_raises_error_naming_both(
    keras_home, offline, monkeypatch
):
    cache_dir = keras_home / "datasets" / "fashion-mnist"
    monkeypatch.setattr(data, "ensure_fashion_mnist",
                        lambda **kwargs: data.FashionMnistStatus(cache_dir, "download"))

    def must_not_load():
        raise AssertionError("패션 MNIST가 없는데 load_data()를 불렀습니다")

    monkeypatch.setattr(tf.keras.datasets.fashion_mnist, "load_data", must_not_load)
    with pytest.raises(mnist.MnistDataError) as caught:
        mnist.load_mnist(verbose=False)
    message = str(caught.value)
    assert str(keras_home / "datasets" / "mnist.npz") in message
    assert "패션 MNIST" in message and "dataset-fashion-mnist" in message


def test_check_is_bounded_when_connecting_hangs(keras_home, fake_fashion, monkeypatch):
    def hanging_connection(*args, **kwargs):
        time.sleep(6)  # timeout(0.5초)과 검사 한도(5초)보다 길게
        raise TimeoutError("테스트: 접속이 끝내 되지 않음")

    monkeypatch.setattr(socket, "create_connection", hanging_connection)
    start = time.perf_counter()
    result = mnist.load_mnist(timeout=0.5, verbose=False)
    assert time.perf_counter() - start < 5
    assert result.standin is True


# -- 인터넷이 될 때 -------------------------------------------------------------------


def _fake_get_file(content: bytes, calls: list):
    def fake_get_file(fname, origin, *, file_hash, cache_dir, cache_subdir):
        calls.append((fname, origin, file_hash))
        target = Path(cache_dir) / cache_subdir / fname
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        return str(target)

    return fake_get_file


def test_online_download_is_verified_then_moved_into_the_keras_cache(
    keras_home, fake_mnist, fake_fashion, monkeypatch
):
    calls = []
    monkeypatch.setattr(pretrained, "network_available", lambda *args, **kwargs: True)
    monkeypatch.setattr(tf.keras.utils, "get_file", _fake_get_file(fake_mnist, calls))
    result = mnist.load_mnist()
    assert calls == [("mnist.npz", mnist.MNIST_URL, mnist.MNIST_SHA256)]
    assert result.standin is False and result.source == "download"
    datasets_dir = keras_home / "datasets"
    assert (datasets_dir / "mnist.npz").read_bytes() == fake_mnist
    assert sorted(p.name for p in datasets_dir.iterdir()) == ["mnist.npz"]  # 임시 폴더 없음


def test_download_with_wrong_content_leaves_nothing_in_the_cache_and_falls_back(
    keras_home, fake_mnist, fake_fashion, monkeypatch, capsys
):
    calls = []
    monkeypatch.setattr(pretrained, "network_available", lambda *args, **kwargs: True)
    monkeypatch.setattr(tf.keras.utils, "get_file", _fake_get_file(b"truncated", calls))
    result = mnist.load_mnist()
    assert len(calls) == 1
    assert result.standin is True and "내려받기에 실패" in result.reason
    datasets_dir = keras_home / "datasets"
    assert list(datasets_dir.iterdir()) == []
    assert "내려받기에 실패" in capsys.readouterr().out


# -- 명령행 ---------------------------------------------------------------------------


def test_command_line_reports_missing_file_offline_and_exits_nonzero(keras_home, offline, capsys):
    assert mnist.main([]) == 1
    assert f"없음: {keras_home / 'datasets' / 'mnist.npz'}" in capsys.readouterr().out


def test_command_line_returns_zero_when_the_cache_is_good(
    keras_home, fake_mnist, no_network, capsys
):
    put_in_cache(keras_home, fake_mnist)
    assert mnist.main([]) == 0
    assert "준비됨" in capsys.readouterr().out


def test_command_line_exits_nonzero_on_a_corrupt_cache(keras_home, no_network, capsys):
    put_in_cache(keras_home, b"garbage")
    assert mnist.main([]) == 1
    assert "SHA-256" in capsys.readouterr().err
