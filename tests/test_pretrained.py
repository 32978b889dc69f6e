"""cnn_vision.pretrained: 가중치 표, 오프라인 대처, 클래스 번호 출력, 페이지가 기대는 케라스 동작.

네트워크는 쓰지 않습니다. "인터넷 있음"은 localhost의 가짜 서버이고, 시험은 주소와 해시를 그
서버의 작은 내용으로 바꾼 자료 표를 ``registry=``\\ 로 넘깁니다.
"""

from __future__ import annotations

import hashlib
import inspect
import time

import numpy as np
import pytest
import tensorflow as tf

from cnn_vision import pretrained
from cnn_vision.assets import DEFAULT, NOTICE_END, NOTICE_MARKER, StandInRefusedError, paths

pytestmark = pytest.mark.tf


def small(key: str, content: bytes, registry=DEFAULT):
    """표의 ``key`` 항목을 작은 내용과 그 MD5로 바꾼 표(이름과 폴더는 그대로)."""
    return registry.replace_file(key, digest=hashlib.md5(content).hexdigest())


# -- 표가 케라스와 같은 파일을 가리키는지 ---------------------------------------------


def test_weight_table_matches_keras_resnet_file_names_urls_and_hashes():
    from keras.src.applications import resnet

    top_hash, notop_hash = resnet.WEIGHTS_HASHES["resnet50"]
    top = DEFAULT.file(pretrained.WEIGHT_FILES[("resnet50", True)])
    notop = DEFAULT.file(pretrained.WEIGHT_FILES[("resnet50", False)])
    assert top.digest == top_hash and notop.digest == notop_hash
    assert top.url == resnet.BASE_WEIGHTS_PATH + top.fname
    assert notop.url == resnet.BASE_WEIGHTS_PATH + notop.fname


def test_weight_table_matches_keras_xception_file_names_urls_and_hashes():
    from keras.src.applications import xception

    source = inspect.getsource(xception)
    top = DEFAULT.file(pretrained.WEIGHT_FILES[("xception", True)])
    notop = DEFAULT.file(pretrained.WEIGHT_FILES[("xception", False)])
    assert top.url == xception.WEIGHTS_PATH and notop.url == xception.WEIGHTS_PATH_NO_TOP
    for remote in (top, notop):
        assert f'"{remote.fname}"' in source
        assert f'file_hash="{remote.digest}"' in source


def test_class_index_file_matches_keras_decode_predictions():
    from keras.src.applications import imagenet_utils

    remote = DEFAULT.file("imagenet-class-index")
    assert remote.url == imagenet_utils.CLASS_INDEX_PATH
    source = inspect.getsource(imagenet_utils.decode_predictions)
    assert f'"{remote.fname}"' in source
    assert f'file_hash="{remote.digest}"' in source


def test_weights_live_in_models_under_keras_home(asset_dirs):
    for key in pretrained.WEIGHT_FILES.values():
        assert paths.location(DEFAULT.file(key)).parent == asset_dirs.keras_home / "models"


# -- 가중치가 없을 때 -----------------------------------------------------------------


def test_missing_weights_offline_fall_back_to_random_init_with_korean_notice(asset_dirs, capsys):
    start = time.perf_counter()
    weights = pretrained.imagenet_weights("ResNet50")
    elapsed = time.perf_counter() - start

    assert elapsed < 5
    assert weights.standin is True and weights.source == "standin"
    assert weights.weights is None
    assert weights.label == pretrained.UNTRAINED_LABEL
    expected = asset_dirs.keras_home / "models" / "resnet50_weights_tf_dim_ordering_tf_kernels.h5"
    assert weights.path == expected
    notice = capsys.readouterr().out
    lines = notice.strip().splitlines()
    assert lines[0].startswith(NOTICE_MARKER) and lines[-1] == NOTICE_END
    assert "ResNet50" in notice and str(expected) in notice
    assert "python -m cnn_vision fetch weights" in notice
    assert "weights=None" in notice


def test_notop_weights_notice_names_the_notop_file(asset_dirs, capsys):
    weights = pretrained.imagenet_weights("xception", include_top=False)
    assert weights.path.name == "xception_weights_tf_dim_ordering_tf_kernels_notop.h5"
    assert 'Xception(weights="imagenet", include_top=False)' in capsys.readouterr().out


def test_weights_outside_fetch_weights_are_fetched_by_their_own_name(asset_dirs, capsys):
    weights = pretrained.imagenet_weights("resnet50", include_top=False)
    assert weights.standin and "python -m cnn_vision fetch resnet50-notop" in capsys.readouterr().out


def test_weights_check_is_bounded_when_connecting_hangs(asset_dirs, monkeypatch, hanging_port):
    monkeypatch.delenv(paths.OFFLINE_ENV)
    registry = DEFAULT.replace_file("xception-notop", url=f"http://127.0.0.1:{hanging_port}/x.h5")
    start = time.perf_counter()
    weights = pretrained.imagenet_weights("xception", include_top=False, timeout=0.5, verbose=False,
                                          registry=registry)
    assert time.perf_counter() - start < 5
    assert weights.standin is True and "0.5초" in weights.reason


def test_cached_weights_with_matching_hash_are_used_without_network(asset_dirs, http_server, capsys):
    content = b"pretend these are weights"
    registry = http_server.registry(DEFAULT, {"resnet50": content})
    remote = registry.file("resnet50")
    (asset_dirs.keras_home / "models").mkdir()
    (asset_dirs.keras_home / "models" / remote.fname).write_bytes(content)
    weights = pretrained.imagenet_weights("resnet50", registry=registry)
    assert http_server.requests == []
    assert weights.standin is False and weights.source == "cache"
    assert weights.weights == "imagenet" and weights.label == ""
    assert capsys.readouterr().out == ""


def test_corrupt_cached_weights_are_reported_with_path_and_not_trusted(asset_dirs, capsys):
    registry = small("resnet50", b"the real content")
    path = asset_dirs.keras_home / "models" / registry.file("resnet50").fname
    path.parent.mkdir()
    path.write_bytes(b"half-written")
    weights = pretrained.imagenet_weights("resnet50", registry=registry)
    assert weights.standin is True
    notice = capsys.readouterr().out
    assert "MD5" in weights.reason and "손상" in notice and str(path) in notice


def test_online_download_is_verified_and_lands_in_keras_home(asset_dirs, http_server):
    content = b"downloaded weights"
    registry = http_server.registry(DEFAULT, {"xception-notop": content})
    remote = registry.file("xception-notop")
    weights = pretrained.imagenet_weights("xception", include_top=False, registry=registry)
    assert http_server.requests == [f"/files/xception-notop/{remote.fname}"]
    assert weights.standin is False and weights.source == "download"
    assert weights.path == asset_dirs.keras_home / "models" / remote.fname
    assert sorted(p.name for p in (asset_dirs.keras_home / "models").iterdir()) == [remote.fname]


@pytest.mark.parametrize("route,word", [
    ({"status": 503}, "HTTP 503"),
    ({"cut_at": 5}, "끊겼습니다"),  # Content-Length보다 짧은 응답
    ({"cut_at": 9, "chunked": True, "chunk": 4}, "IncompleteRead"),  # http.client.IncompleteRead
    ({"raw": b"\x00\x01 not http\r\n\r\n"}, "HTTP 형식이 아닙니다"),  # 쓰레기 상태 줄
])
def test_failed_download_falls_back_to_random_init(asset_dirs, http_server, capsys, route, word):
    registry = http_server.registry(DEFAULT, {"resnet50": b"weights that never arrive"}, **route)
    weights = pretrained.imagenet_weights("resnet50", registry=registry)
    assert weights.standin is True and weights.weights is None
    assert word in weights.reason and word in capsys.readouterr().out
    assert list(asset_dirs.keras_home.rglob("*")) == []  # 이번에 만든 빈 폴더도 지웠습니다


def test_strict_switch_refuses_random_weights(asset_dirs, monkeypatch):
    monkeypatch.setenv(paths.REQUIRE_REAL_ENV, "1")
    with pytest.raises(StandInRefusedError, match="ResNet50"):
        pretrained.imagenet_weights("resnet50")


def test_unknown_model_name_is_rejected_by_name():
    with pytest.raises(ValueError, match="'vgg16'.*resnet50, vgg19, xception"):
        pretrained.imagenet_weights("vgg16")


def test_missing_class_index_offline_is_reported(asset_dirs, capsys):
    class_index = pretrained.imagenet_class_index()
    assert class_index.standin is True and class_index.label == pretrained.CLASS_NUMBERS_LABEL
    assert class_index.path == asset_dirs.keras_home / "models" / "imagenet_class_index.json"
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
