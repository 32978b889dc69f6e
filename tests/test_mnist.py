"""cnn_vision.mnist: 캐시에 있을 때, 손상되었을 때, 내려받을 때, 없을 때(패션 MNIST로 대체).

네트워크는 쓰지 않습니다. "인터넷 없음/있음"은 ``resources.network_problem``\\ 과
``resources._urlopen``\\ 을 바꿔 끼워 흉내 내고, 진짜 ``mnist.npz`` 대신 작은 가짜 파일과 그
파일의 SHA-256을 씁니다. 케라스 캐시는 시험마다 새 ``KERAS_HOME``\\ 입니다.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import io
import time

import numpy as np
import pytest
import tensorflow as tf

from cnn_vision import mnist, resources

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


@pytest.fixture
def fake_mnist(monkeypatch):
    """가짜 mnist.npz의 내용. 표의 SHA-256을 이 내용의 것으로 바꿔 끼웁니다."""
    content = fake_npz_bytes()
    remote = resources.REMOTE_FILES["mnist"]
    monkeypatch.setitem(resources.REMOTE_FILES, "mnist", dataclasses.replace(
        remote, digest=hashlib.sha256(content).hexdigest()))
    return content


def _must_not(what):
    def fail(*args, **kwargs):
        raise AssertionError(what)

    return fail


@pytest.fixture
def no_network(monkeypatch):
    """접속 확인도 내려받기도 불리면 실패합니다."""
    monkeypatch.setattr(resources, "network_problem", _must_not("네트워크를 확인했습니다"))
    monkeypatch.setattr(resources, "_urlopen", _must_not("내려받으려 했습니다"))


@pytest.fixture
def fake_fashion(keras_home, monkeypatch):
    """대체물 경로: 패션 MNIST가 캐시에 있다고 하고, load_data()는 작은 가짜 배열을 돌려줍니다."""
    rng = np.random.default_rng(1)
    arrays = (
        (rng.integers(0, 256, size=(5, 28, 28), dtype=np.uint8), np.arange(5, dtype=np.uint8)),
        (rng.integers(0, 256, size=(3, 28, 28), dtype=np.uint8), np.arange(3, dtype=np.uint8)),
    )
    cache_dir = keras_home / "datasets" / "fashion-mnist"
    monkeypatch.setattr(resources, "ensure_group", lambda group, **kwargs: resources.Resource(
        name=group.name, path=cache_dir, source="cache"))
    monkeypatch.setattr(tf.keras.datasets.fashion_mnist, "load_data", lambda: arrays)
    return arrays


def put_in_cache(keras_home, content: bytes):
    path = keras_home / "datasets" / "mnist.npz"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


class _Response(io.BytesIO):
    headers = {}


# -- 케라스와 같은 파일 ---------------------------------------------------------------


def test_file_name_url_and_sha256_match_keras_mnist_load_data():
    from keras.src.datasets import mnist as keras_mnist

    source = inspect.getsource(keras_mnist.load_data)
    assert 'path="mnist.npz"' in source and mnist.MNIST_FNAME == "mnist.npz"
    assert f'"{mnist.MNIST_SHA256}"' in source
    folder, fname = mnist.MNIST_URL.rsplit("/", 1)
    assert f'"{folder}/"' in source and fname == "mnist.npz"
    assert resources.REMOTE_FILES["mnist"].subdir == "datasets"


def test_mnist_path_is_datasets_mnist_npz_under_keras_home(keras_home):
    assert mnist.mnist_path() == keras_home / "datasets" / "mnist.npz"


# -- 캐시에 있을 때 -------------------------------------------------------------------


def test_cached_mnist_with_matching_sha256_is_read_without_network(
    keras_home, fake_mnist, no_network, capsys
):
    path = put_in_cache(keras_home, fake_mnist)
    result = mnist.load_mnist()
    assert result.standin is False and result.source == "cache" and result.path == path
    assert result.label == "" and result.dataset_name == "MNIST"
    assert result.class_names == tuple(str(d) for d in range(10))
    (X_train, y_train), (X_test, y_test) = result.arrays
    with np.load(io.BytesIO(fake_mnist)) as expected:
        np.testing.assert_array_equal(X_train, expected["x_train"])
        np.testing.assert_array_equal(y_test, expected["y_test"])
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


def test_corrupt_cached_mnist_is_reported_with_path_and_fix_then_the_standin_is_used(
    keras_home, fake_fashion, capsys
):
    path = put_in_cache(keras_home, b"PK\x03\x04 half of a zip file")
    result = mnist.load_mnist()
    assert result.standin and result.label == mnist.STANDIN_LABEL
    notice = capsys.readouterr().out
    assert str(path) in notice and "손상" in notice and "SHA-256" in notice
    assert "python -m cnn_vision fetch mnist" in notice
    assert path.read_bytes() == b"PK\x03\x04 half of a zip file"  # 지우거나 덮어쓰지 않습니다


def test_real_mnist_hash_rejects_a_file_that_is_not_the_real_mnist(keras_home):
    path = put_in_cache(keras_home, fake_npz_bytes())
    with pytest.raises(mnist.MnistDataError, match="SHA-256") as caught:
        mnist.verify_mnist_npz(path)
    assert str(path) in str(caught.value) and "fetch mnist" in str(caught.value)


# -- 없고 인터넷도 없을 때 ------------------------------------------------------------


def test_offline_without_mnist_falls_back_to_named_fashion_mnist_with_korean_notice(
    keras_home, offline, fake_fashion, capsys
):
    start = time.perf_counter()
    result = mnist.load_mnist()
    assert time.perf_counter() - start < 5
    assert result.standin is True and result.source == "standin"
    assert result.label == "[대체 데이터: 패션 MNIST] " and result.dataset_name == "패션 MNIST"
    assert result.class_names == resources.FASHION_MNIST.class_names
    assert result.arrays is fake_fashion
    expected = keras_home / "datasets" / "mnist.npz"
    assert result.path == expected and not expected.exists()
    notice = capsys.readouterr().out
    lines = notice.strip().splitlines()
    assert lines[0].startswith(resources.NOTICE_MARKER) and lines[-1] == resources.NOTICE_END
    assert str(expected) in notice and "KERAS_HOME" in notice
    assert "python -m cnn_vision fetch mnist" in notice and mnist.MNIST_URL in notice
    assert "패션 MNIST" in notice and "MNIST의 결과가 아니며" in notice
    assert "인터넷" in result.reason


def test_quiet_fallback_prints_nothing_but_keeps_the_standin_label(
    keras_home, offline, fake_fashion, capsys
):
    result = mnist.load_mnist(verbose=False)
    assert result.standin and result.label == mnist.STANDIN_LABEL
    assert capsys.readouterr().out == ""


def test_strict_switch_turns_the_fallback_into_an_error_naming_what_is_missing(
    keras_home, offline, fake_fashion, monkeypatch, capsys
):
    monkeypatch.setenv(resources.REQUIRE_REAL_ENV, "1")
    with pytest.raises(resources.StandInRefusedError) as caught:
        mnist.load_mnist()
    message = str(caught.value)
    assert "mnist.npz" in message and "fetch mnist" in message
    assert "CNN_VISION_REQUIRE_REAL=1" in message
    assert capsys.readouterr().out == ""


def test_offline_without_mnist_or_fashion_mnist_raises_error_naming_both(
    keras_home, offline, monkeypatch
):
    def no_fashion(group, **kwargs):
        raise resources.NetworkUnavailableError("패션 MNIST: 케라스 캐시에 파일이 없습니다.")

    monkeypatch.setattr(resources, "ensure_group", no_fashion)
    monkeypatch.setattr(tf.keras.datasets.fashion_mnist, "load_data",
                        _must_not("패션 MNIST가 없는데 load_data()를 불렀습니다"))
    with pytest.raises(mnist.MnistDataError) as caught:
        mnist.load_mnist(verbose=False)
    message = str(caught.value)
    assert str(keras_home / "datasets" / "mnist.npz") in message
    assert "패션 MNIST" in message and "dataset-fashion-mnist" in message


# -- 인터넷이 될 때 -------------------------------------------------------------------


def test_online_download_is_verified_then_moved_into_the_keras_cache(
    keras_home, fake_mnist, fake_fashion, monkeypatch
):
    calls = []
    monkeypatch.setattr(resources, "network_problem", lambda timeout=2.0: "")
    monkeypatch.setattr(resources, "_urlopen",
                        lambda url, timeout: calls.append(url) or _Response(fake_mnist))
    result = mnist.load_mnist()
    assert calls == [mnist.MNIST_URL]
    assert result.standin is False and result.source == "download"
    datasets_dir = keras_home / "datasets"
    assert (datasets_dir / "mnist.npz").read_bytes() == fake_mnist
    assert sorted(p.name for p in datasets_dir.iterdir()) == ["mnist.npz"]  # 임시 파일 없음


def test_download_with_wrong_content_leaves_nothing_in_the_cache_and_falls_back(
    keras_home, fake_mnist, fake_fashion, monkeypatch, capsys
):
    monkeypatch.setattr(resources, "network_problem", lambda timeout=2.0: "")
    monkeypatch.setattr(resources, "_urlopen", lambda url, timeout: _Response(b"truncated"))
    result = mnist.load_mnist()
    assert result.standin is True and "확인을 통과하지 못했습니다" in result.reason
    assert list((keras_home / "datasets").iterdir()) == []
    assert "확인을 통과하지 못했습니다" in capsys.readouterr().out
