"""cnn_vision.pretrained의 VGG19 항목(스타일 전이 페이지가 씁니다). 네트워크는 쓰지 않습니다."""

from __future__ import annotations

import inspect

import pytest

from cnn_vision import pretrained
from cnn_vision.assets import DEFAULT

pytestmark = pytest.mark.unit


def test_vgg19_notop_entry_matches_keras_file_name_url_and_md5():
    from keras.src.applications import vgg19

    remote = DEFAULT.file(pretrained.WEIGHT_FILES[("vgg19", False)])
    assert remote.url == vgg19.WEIGHTS_PATH_NO_TOP
    assert remote.url.endswith("/" + remote.fname)
    source = inspect.getsource(vgg19)
    # 케라스는 get_file 호출에 파일 이름과 해시를 문자열로 적어 둡니다(파일 이름은 주소 문자열에도
    # 한 번 나옵니다). 분류 층이 있는 파일의 해시와 섞이지 않도록, 마지막으로 나오는 파일 이름
    # (get_file의 인자) 바로 다음의 해시가 이 표의 것인지 봅니다.
    after_name = source.rsplit(f'"{remote.fname}"', 1)[1]
    assert after_name.split("file_hash=", 1)[1].startswith(f'"{remote.digest}"')


def test_vgg19_with_top_is_not_in_the_table_and_is_rejected():
    assert ("vgg19", True) not in pretrained.WEIGHT_FILES
    with pytest.raises(ValueError, match="include_top=True.*include_top=False"):
        pretrained.imagenet_weights("vgg19", include_top=True, verbose=False)


def test_missing_vgg19_weights_offline_give_notice_with_the_keras_call(asset_dirs, capsys):
    weights = pretrained.imagenet_weights("VGG19", include_top=False)
    assert weights.standin is True and weights.weights is None
    assert weights.label == pretrained.UNTRAINED_LABEL
    expected = asset_dirs.keras_home / "models" / "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5"
    assert weights.path == expected
    notice = capsys.readouterr().out
    assert str(expected) in notice
    assert "python -m cnn_vision fetch weights" in notice
    assert 'tf.keras.applications.VGG19(weights="imagenet", include_top=False)' in notice


def test_cached_vgg19_weights_with_matching_md5_are_used_without_network(asset_dirs, http_server, capsys):
    content = b"pretend these are VGG19 weights"
    registry = http_server.registry(DEFAULT, {"vgg19-notop": content})
    (asset_dirs.keras_home / "models").mkdir()
    (asset_dirs.keras_home / "models" / registry.file("vgg19-notop").fname).write_bytes(content)
    weights = pretrained.imagenet_weights("vgg19", include_top=False, registry=registry)
    assert http_server.requests == []
    assert weights.standin is False and weights.weights == "imagenet"
    assert capsys.readouterr().out == ""
