"""cnn_vision.pretrained: 가중치 표, 오프라인 대처, 클래스 번호 출력, 페이지가 기대는 케라스 동작.

네트워크는 쓰지 않습니다. "인터넷 없음/있음"은 ``resources.network_problem``\\ 과
``resources._urlopen``\\ 을 바꿔 끼워 흉내 냅니다.
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

from cnn_vision import pretrained, resources

pytestmark = pytest.mark.tf


def _small_remote(monkeypatch, key: str, content: bytes) -> resources.RemoteFile:
    """표의 ``key`` 항목을 작은 내용과 그 MD5로 바꿔 끼웁니다(이름과 폴더는 그대로)."""
    remote = dataclasses.replace(resources.REMOTE_FILES[key],
                                 digest=hashlib.md5(content).hexdigest(),
                                 url=f"https://example.invalid/{key}.h5")
    monkeypatch.setitem(resources.REMOTE_FILES, key, remote)
    return remote


def _must_not(what):
    def fail(*args, **kwargs):
        raise AssertionError(what)

    return fail


class _Response(io.BytesIO):
    headers = {}


# -- 표가 케라스와 같은 파일을 가리키는지 ---------------------------------------------


def test_weight_table_matches_keras_resnet_file_names_urls_and_hashes():
    from keras.src.applications import resnet

    top_hash, notop_hash = resnet.WEIGHTS_HASHES["resnet50"]
    top = resources.REMOTE_FILES[pretrained.WEIGHT_FILES[("resnet50", True)]]
    notop = resources.REMOTE_FILES[pretrained.WEIGHT_FILES[("resnet50", False)]]
    assert top.digest == top_hash and notop.digest == notop_hash
    assert top.url == resnet.BASE_WEIGHTS_PATH + top.fname
    assert notop.url == resnet.BASE_WEIGHTS_PATH + notop.fname


def test_weight_table_matches_keras_xception_file_names_urls_and_hashes():
    from keras.src.applications import xception

    source = inspect.getsource(xception)
    top = resources.REMOTE_FILES[pretrained.WEIGHT_FILES[("xception", True)]]
    notop = resources.REMOTE_FILES[pretrained.WEIGHT_FILES[("xception", False)]]
    assert top.url == xception.WEIGHTS_PATH and notop.url == xception.WEIGHTS_PATH_NO_TOP
    for remote in (top, notop):
        assert f'"{remote.fname}"' in source
        assert f'file_hash="{remote.digest}"' in source


def test_class_index_file_matches_keras_decode_predictions():
    from keras.src.applications import imagenet_utils

    remote = resources.REMOTE_FILES["imagenet-class-index"]
    assert remote.url == imagenet_utils.CLASS_INDEX_PATH
    source = inspect.getsource(imagenet_utils.decode_predictions)
    assert f'"{remote.fname}"' in source
    assert f'file_hash="{remote.digest}"' in source


def test_weights_live_in_models_under_keras_home(keras_home):
    for key in pretrained.WEIGHT_FILES.values():
        assert resources.REMOTE_FILES[key].path.parent == keras_home / "models"


# -- 가중치가 없을 때 -----------------------------------------------------------------


def test_missing_weights_offline_fall_back_to_random_init_with_korean_notice(
    keras_home, offline, capsys
):
    start = time.perf_counter()
    weights = pretrained.imagenet_weights("ResNet50")
    elapsed = time.perf_counter() - start

    assert elapsed < 5
    assert weights.standin is True and weights.source == "standin"
    assert weights.weights is None
    assert weights.label == pretrained.UNTRAINED_LABEL
    expected = keras_home / "models" / "resnet50_weights_tf_dim_ordering_tf_kernels.h5"
    assert weights.path == expected
    notice = capsys.readouterr().out
    lines = notice.strip().splitlines()
    assert lines[0].startswith(resources.NOTICE_MARKER) and lines[-1] == resources.NOTICE_END
    assert "ResNet50" in notice and str(expected) in notice
    assert "python -m cnn_vision fetch weights" in notice
    assert "weights=None" in notice


def test_notop_weights_notice_names_the_notop_file(keras_home, offline, capsys):
    weights = pretrained.imagenet_weights("xception", include_top=False)
    assert weights.path.name == "xception_weights_tf_dim_ordering_tf_kernels_notop.h5"
    assert 'Xception(weights="imagenet", include_top=False)' in capsys.readouterr().out


def test_weights_check_is_bounded_when_connecting_hangs(keras_home, monkeypatch):
    import socket

    def hanging_connection(*args, **kwargs):
        time.sleep(6)  # timeout(0.5초)과 검사 한도(5초)보다 길게
        raise TimeoutError("테스트: 접속이 끝내 되지 않음")

    monkeypatch.delenv(resources.OFFLINE_ENV)
    monkeypatch.setattr(socket, "create_connection", hanging_connection)
    start = time.perf_counter()
    weights = pretrained.imagenet_weights("xception", include_top=False, timeout=0.5,
                                          verbose=False)
    assert time.perf_counter() - start < 5
    assert weights.standin is True and "0.5초" in weights.reason


def test_cached_weights_with_matching_hash_are_used_without_network(keras_home, monkeypatch,
                                                                    capsys):
    content = b"pretend these are weights"
    remote = _small_remote(monkeypatch, "resnet50", content)
    (keras_home / "models").mkdir()
    (keras_home / "models" / remote.fname).write_bytes(content)
    monkeypatch.setattr(resources, "network_problem", _must_not("캐시에 있는데 네트워크를 확인했습니다"))
    weights = pretrained.imagenet_weights("resnet50")
    assert weights.standin is False and weights.source == "cache"
    assert weights.weights == "imagenet" and weights.label == ""
    assert capsys.readouterr().out == ""


def test_corrupt_cached_weights_are_reported_with_path_and_not_trusted(keras_home, offline,
                                                                       monkeypatch, capsys):
    remote = _small_remote(monkeypatch, "resnet50", b"the real content")
    (keras_home / "models").mkdir()
    (keras_home / "models" / remote.fname).write_bytes(b"half-written")
    weights = pretrained.imagenet_weights("resnet50")
    assert weights.standin is True
    notice = capsys.readouterr().out
    assert "MD5" in weights.reason and "손상" in notice and str(remote.path) in notice


def test_online_download_is_verified_and_lands_in_keras_home(keras_home, monkeypatch):
    content = b"downloaded weights"
    remote = _small_remote(monkeypatch, "xception-notop", content)
    calls = []
    monkeypatch.setattr(resources, "network_problem", lambda timeout=2.0: "")
    monkeypatch.setattr(resources, "_urlopen",
                        lambda url, timeout: calls.append(url) or _Response(content))
    weights = pretrained.imagenet_weights("xception", include_top=False)
    assert calls == [remote.url]
    assert weights.standin is False and weights.source == "download"
    assert weights.path == keras_home / "models" / remote.fname
    assert sorted(p.name for p in (keras_home / "models").iterdir()) == [remote.fname]


def test_failed_download_falls_back_to_random_init(keras_home, monkeypatch, capsys):
    import urllib.error

    def refused(url, timeout):
        raise urllib.error.URLError("refused")

    monkeypatch.setattr(resources, "network_problem", lambda timeout=2.0: "")
    monkeypatch.setattr(resources, "_urlopen", refused)
    weights = pretrained.imagenet_weights("resnet50")
    assert weights.standin is True and weights.weights is None
    assert "refused" in weights.reason and "refused" in capsys.readouterr().out
    assert list((keras_home / "models").iterdir()) == []


def test_strict_switch_refuses_random_weights(keras_home, offline, monkeypatch):
    monkeypatch.setenv(resources.REQUIRE_REAL_ENV, "1")
    with pytest.raises(resources.StandInRefusedError, match="ResNet50"):
        pretrained.imagenet_weights("resnet50")


def test_unknown_model_name_is_rejected_by_name():
    with pytest.raises(ValueError, match="'vgg16'.*resnet50, vgg19, xception"):
        pretrained.imagenet_weights("vgg16")


def test_missing_class_index_offline_is_reported(keras_home, offline, capsys):
    class_index = pretrained.imagenet_class_index()
    assert class_index.standin is True and class_index.label == pretrained.CLASS_NUMBERS_LABEL
    assert class_index.path == keras_home / "models" / "imagenet_class_index.json"
    notice = capsys.readouterr().out
    assert "imagenet_class_index.json" in notice and "클래스 번호" in notice


# -- 클래스 이름 없이 상위 k개 --------------------------------------------------------


def test_top_k_indices_ranks_like_keras_decode_predictions(monkeypatch):
    from keras.src.applications import imagenet_utils

    fake_index = {str(i): (f"n{i:08d}", f"class_{i}") for i in range(1000)}
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX", fake_index)
    rng = np.random.default_rng(42)
    logits = rng.normal(size=(3, 1000))
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    by_keras = tf.keras.applications.resnet50.decode_predictions(probabilities, top=3)
    ours = pretrained.top_k_indices(probabilities, top=3)
    for keras_row, our_row in zip(by_keras, ours, strict=True):
        assert [f"인덱스 {int(cid[1:])}" for cid, _, _ in keras_row] == [c for c, _, _ in our_row]
        np.testing.assert_allclose([p for _, _, p in keras_row], [p for _, _, p in our_row])
        assert all(name == "(이름 없음)" for _, name, _ in our_row)


def test_top_k_indices_rejects_bad_shapes_and_top():
    with pytest.raises(ValueError, match=r"shape=\(5,\)"):
        pretrained.top_k_indices(np.ones(5) / 5, top=1)
    with pytest.raises(ValueError, match="0"):
        pretrained.top_k_indices(np.ones((1, 5)) / 5, top=0)
    with pytest.raises(ValueError, match="6"):
        pretrained.top_k_indices(np.ones((1, 5)) / 5, top=6)


# -- 페이지가 기대는 케라스 3의 동작 ----------------------------------------------------


def test_rescaling_layer_equals_xception_preprocess_input_on_every_pixel_value():
    pixels = tf.range(256, dtype=tf.float32)
    by_function = tf.keras.applications.xception.preprocess_input(pixels)
    by_layer = tf.keras.layers.Rescaling(scale=1 / 127.5, offset=-1)(pixels)
    np.testing.assert_allclose(by_layer.numpy(), by_function.numpy(), atol=1e-6)


def test_preprocessing_model_reloads_in_safe_mode_with_identical_output(tmp_path):
    preprocess = tf.keras.Sequential([
        tf.keras.layers.Resizing(height=80, width=80, crop_to_aspect_ratio=True),
        tf.keras.layers.Rescaling(scale=1 / 127.5, offset=-1),
    ])
    image = np.random.default_rng(0).integers(0, 256, size=(60, 90, 3)).astype(np.uint8)
    expected = preprocess(image)
    preprocess.save(tmp_path / "preprocess.keras")
    reloaded = tf.keras.models.load_model(tmp_path / "preprocess.keras", safe_mode=True)
    np.testing.assert_array_equal(reloaded(image).numpy(), expected.numpy())
    assert float(tf.reduce_min(expected)) >= -1 and float(tf.reduce_max(expected)) <= 1


def test_keras_resizing_keeps_uint8_which_breaks_resnet_preprocess_input():
    # 04 페이지가 이미지를 먼저 float32로 바꾸는 이유입니다. 케라스가 바뀌면 페이지 설명도 고칩니다.
    image = np.full((1, 10, 10, 3), 50, dtype=np.uint8)
    resized = tf.keras.layers.Resizing(8, 8)(image)
    assert resized.dtype == tf.uint8
    wrong = tf.keras.applications.resnet50.preprocess_input(resized)
    right = tf.keras.applications.resnet50.preprocess_input(tf.cast(resized, tf.float32))
    assert float(tf.reduce_min(right)) < 0 <= float(tf.reduce_min(tf.cast(wrong, tf.float32)))


def test_known_model_with_unavailable_include_top_names_the_usable_value():
    with pytest.raises(ValueError, match="include_top=True.*include_top=False"):
        pretrained.imagenet_weights("vgg19", include_top=True)
