"""모든 테스트가 smoke 프로필, Agg 백엔드로 돌도록 합니다."""

import os

os.environ["CNN_VISION_PROFILE"] = "smoke"
# 테스트는 네트워크를 쓰지 않습니다: 접속 확인은 곧바로 실패하고(캐시와 로컬 사본만 씀), 없는
# 자료는 이름을 밝힌 대체물로 대신합니다. 이 값은 사이트 빌드 같은 하위 프로세스에도 전해집니다.
os.environ["CNN_VISION_OFFLINE"] = "1"
os.environ.pop("CNN_VISION_REQUIRE_REAL", None)

from cnn_vision import runtime  # noqa: E402

runtime.apply_defaults()  # 텐서플로를 import하기 전에

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

    from cnn_vision import resources

    monkeypatch.setattr(resources, "network_available", lambda *args, **kwargs: False)

    def no_download(*args, **kwargs):
        raise AssertionError("오프라인인데 내려받으려 했습니다")

    monkeypatch.setattr(tf.keras.utils, "get_file", no_download)
    monkeypatch.setattr(resources, "_urlopen", no_download)
