"""모든 테스트가 smoke 프로필, Agg 백엔드로 돌도록 합니다."""

import os

os.environ["CNN_VISION_PROFILE"] = "smoke"
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")  # 텐서플로를 import하기 전에

import matplotlib  # noqa: E402

matplotlib.use("Agg", force=True)


import pytest  # noqa: E402


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    """빈 케라스 캐시 폴더(KERAS_HOME). 사용자의 ~/.keras를 건드리지 않습니다."""
    home = tmp_path / "keras_home"
    home.mkdir()
    monkeypatch.setenv("KERAS_HOME", str(home))
    return home


@pytest.fixture
def offline(monkeypatch):
    """네트워크가 없는 상황: 접속 확인은 실패하고, 케라스의 내려받기는 불리면 테스트가 실패합니다."""
    import tensorflow as tf

    from cnn_vision import pretrained

    monkeypatch.setattr(pretrained, "network_available", lambda *args, **kwargs: False)

    def no_download(*args, **kwargs):
        raise AssertionError("오프라인인데 get_file이 불렸습니다")

    monkeypatch.setattr(tf.keras.utils, "get_file", no_download)
