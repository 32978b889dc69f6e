r"""책의 층과 모델은 페이지에 적혀 있습니다. 여기서는 페이지에서 그 코드를 꺼내 확인합니다.

- ``DepthPool``\ (02_pooling/plot_02)과 ``ResidualUnit``\ (03_architectures/plot_03)은 페이지를
  smoke 프로필로 ``runpy.run_path``\ 로 실행해 그 전역 이름 공간에서 꺼냅니다. 라이브러리에는
  사본이 없습니다.
- LeNet-5(03_architectures/plot_02)는 페이지 전체가 훈련까지 하므로, import 문과 모델을 만드는
  대입문만 골라(ast) 실행합니다.

확인하는 진실: ``DepthPool``\ 은 ``tf.nn.max_pool``\ 의 채널 방향 풀링과 같고, 잔차 유닛은 스킵
연결을 하며, ResNet-34와 LeNet-5는 책과 논문대로의 파라미터 수와 특성 맵 크기를 갖고, 두 층을 쓴
모델은 ``.keras``\ 로 저장했다가 경고 없이 다시 불러옵니다.
"""

from __future__ import annotations

import ast
import os
import runpy
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
import tensorflow as tf

pytestmark = pytest.mark.tf

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEPTHWISE_PAGE = EXAMPLES / "02_pooling" / "plot_02_depthwise_pooling.py"
LENET_PAGE = EXAMPLES / "03_architectures" / "plot_02_lenet5.py"
RESNET_PAGE = EXAMPLES / "03_architectures" / "plot_03_resnet34.py"


def run_page(path: Path, workdir: Path) -> dict:
    """페이지를 smoke 프로필로 끝까지 실행하고 그 전역 이름 공간을 돌려줍니다."""
    assert os.environ["CNN_VISION_PROFILE"] == "smoke"  # conftest.py가 정합니다
    previous = Path.cwd()
    os.chdir(workdir)
    try:
        return runpy.run_path(str(path), run_name="__main__")
    finally:
        os.chdir(previous)
        plt.close("all")


@pytest.fixture(scope="module")
def depthwise_page(tmp_path_factory) -> dict:
    return run_page(DEPTHWISE_PAGE, tmp_path_factory.mktemp("depthwise"))


@pytest.fixture(scope="module")
def resnet_page(tmp_path_factory) -> dict:
    return run_page(RESNET_PAGE, tmp_path_factory.mktemp("resnet"))


@pytest.fixture
def DepthPool(depthwise_page):  # noqa: N802 (클래스를 돌려주는 픽스처)
    return depthwise_page["DepthPool"]


@pytest.fixture
def ResidualUnit(resnet_page):  # noqa: N802
    return resnet_page["ResidualUnit"]


def test_the_library_no_longer_ships_the_lesson_layers():
    # 페이지가 유일한 원본입니다. 라이브러리에 사본이 다시 생기면 이 파일에 '같다'는 테스트가
    # 있어야 하므로, 사본이 없다는 것 자체를 확인합니다.
    import cnn_vision

    package = Path(cnn_vision.__file__).parent
    assert not (package / "layers.py").exists()
    sources = "\n".join(p.read_text(encoding="utf-8") for p in package.glob("*.py"))
    assert "class DepthPool" not in sources and "class ResidualUnit" not in sources


# --- DepthPool ------------------------------------------------------------------------------


@pytest.mark.parametrize("channels, pool_size", [(3, 3), (6, 3), (8, 2), (12, 4), (5, 1), (60, 3)])
def test_depth_pool_matches_tf_nn_max_pool(DepthPool, channels, pool_size):
    rng = np.random.default_rng(channels * 10 + pool_size)
    x = rng.normal(size=(2, 7, 9, channels)).astype(np.float32)
    with tf.device("/cpu:0"):
        expected = tf.nn.max_pool(x, ksize=(1, 1, 1, pool_size), strides=(1, 1, 1, pool_size),
                                  padding="VALID")
    actual = DepthPool(pool_size=pool_size)(x)
    assert actual.shape == expected.shape == (2, 7, 9, channels // pool_size)
    np.testing.assert_array_equal(actual.numpy(), expected.numpy())


def test_depth_pool_keeps_the_max_of_each_channel_group(DepthPool):
    x = np.array([1, 5, 2, 9, 3, 4], dtype=np.float32).reshape(1, 1, 1, 6)
    assert DepthPool(pool_size=3)(x).numpy().ravel().tolist() == [5, 9]


def test_depth_pool_page_compared_the_books_60_channel_maps(depthwise_page):
    # 책처럼 채널 60개인 무작위 특성 맵을 tf.nn.max_pool과 비교했는지(3채널 이미지가 아니라)
    assert depthwise_page["fmaps"].shape == (2, 70, 120, 60)
    assert depthwise_page["depth_output"].shape == (2, 70, 120, 20)


def test_depth_pool_works_inside_a_model_with_unknown_batch_and_size(DepthPool):
    model = tf.keras.Sequential([
        tf.keras.Input(shape=[None, None, 3]),
        tf.keras.layers.Conv2D(12, 3, padding="same"),
        DepthPool(pool_size=4),
    ])
    assert model.output_shape == (None, None, None, 3)
    assert model(np.zeros([3, 5, 6, 3], np.float32)).shape == (3, 5, 6, 3)


@pytest.mark.parametrize("pool_size", [0, -2, 1.5, "3", True, None])
def test_depth_pool_rejects_bad_pool_size_naming_it(DepthPool, pool_size):
    with pytest.raises(ValueError, match="pool_size") as info:
        DepthPool(pool_size=pool_size)
    assert repr(pool_size) in str(info.value)


def test_depth_pool_accepts_a_numpy_integer_pool_size(DepthPool):
    layer = DepthPool(pool_size=np.int64(3))
    assert layer.pool_size == 3 and type(layer.get_config()["pool_size"]) is int


def test_depth_pool_explains_indivisible_channels_in_korean(DepthPool):
    with pytest.raises(ValueError, match=r"입력 채널 수\(3\)가 pool_size\(2\)로 나누어떨어지지"):
        tf.keras.Sequential([tf.keras.Input(shape=[8, 8, 3]), DepthPool(pool_size=2)])


def test_depth_pool_rejects_unknown_channel_count(DepthPool):
    with pytest.raises(ValueError, match="채널 수"):
        tf.keras.Sequential([tf.keras.Input(shape=[8, 8, None]), DepthPool(pool_size=2)])


# --- ResidualUnit -------------------------------------------------------------------------


def test_residual_unit_with_strides_2_halves_size_and_uses_1x1_skip(ResidualUnit):
    unit = ResidualUnit(128, strides=2)
    y = unit(np.zeros([1, 56, 56, 64], np.float32))
    assert y.shape == (1, 28, 28, 128)
    kernels = [(layer.kernel_size, layer.strides) for layer in unit.skip_layers
               if isinstance(layer, tf.keras.layers.Conv2D)]
    assert kernels == [((1, 1), (2, 2))]


def test_residual_unit_with_zero_main_path_passes_input_through_relu(ResidualUnit):
    # 주 경로의 마지막 배치 정규화가 0을 내면 출력은 relu(입력)이어야 합니다(항등 스킵 연결).
    unit = ResidualUnit(4)
    assert unit.skip_layers == []
    inputs = tf.random.normal((1, 5, 5, 4), seed=1)
    unit(inputs)
    last_bn = unit.main_layers[-1]
    last_bn.gamma.assign(tf.zeros_like(last_bn.gamma))
    last_bn.beta.assign(tf.zeros_like(last_bn.beta))
    np.testing.assert_allclose(unit(inputs, training=False), tf.nn.relu(inputs), atol=1e-6)


def test_residual_unit_explains_a_skip_channel_mismatch_in_korean(ResidualUnit):
    # 책의 유닛에 RGB 이미지를 바로 넣으면 텐서플로의 덧셈 오류가 납니다. 페이지의 유닛은
    # 스킵 경로의 채널 수가 맞지 않는다는 것과 고치는 방법을 알려 줍니다.
    with pytest.raises(ValueError) as info:
        ResidualUnit(64)(tf.zeros([1, 8, 8, 3]))
    message = str(info.value)
    assert "스킵 경로" in message and "입력 채널 수(3)" in message and "filters(64)" in message
    assert "합성곱 층을 두어" in message  # 고치는 방법


@pytest.mark.parametrize("kwargs", [{"filters": 0}, {"filters": 8, "strides": 0},
                                    {"filters": 8.0}, {"filters": True}])
def test_residual_unit_rejects_non_positive_integer_arguments(ResidualUnit, kwargs):
    name = "strides" if "strides" in kwargs else "filters"
    with pytest.raises(ValueError, match=name):
        ResidualUnit(**kwargs)


def test_model_with_both_layers_round_trips_through_keras_file_without_warnings(
        DepthPool, ResidualUnit, tmp_path):
    def save_and_load(model, name):
        path = tmp_path / f"{name}.keras"
        with warnings.catch_warnings(record=True) as saving:
            warnings.simplefilter("always")
            model.save(path)
        with warnings.catch_warnings(record=True) as loading:
            warnings.simplefilter("always")
            loaded = tf.keras.models.load_model(path)  # safe_mode 기본값(True)으로
        return loaded, {(w.category, str(w.message)) for w in saving}, [
            f"{w.category.__name__}: {w.message}" for w in loading]

    model = tf.keras.Sequential([
        tf.keras.Input(shape=[8, 8, 16]),
        ResidualUnit(16),
        ResidualUnit(32, strides=2),
        DepthPool(pool_size=4),
    ])
    loaded, saving, loading = save_and_load(model, "lesson")
    assert loading == []
    # 저장할 때는 케라스 자신이 내는 경고(넘파이 2의 DeprecationWarning)가 있을 수 있습니다.
    # 기본 층만 쓴 모델이 내는 것 말고는 없어야 합니다.
    baseline = tf.keras.Sequential([tf.keras.Input(shape=[8, 8, 16]),
                                    tf.keras.layers.Conv2D(4, 3)])
    _, baseline_saving, _ = save_and_load(baseline, "baseline")
    assert saving <= baseline_saving, saving - baseline_saving

    x = np.random.default_rng(0).normal(size=(2, 8, 8, 16)).astype(np.float32)
    np.testing.assert_allclose(loaded(x, training=False), model(x, training=False), atol=1e-6)
    assert [type(layer).__name__ for layer in loaded.layers] == [
        "ResidualUnit", "ResidualUnit", "DepthPool"]
    assert loaded.layers[1].strides == 2 and loaded.layers[2].pool_size == 4


# --- ResNet-34 (페이지의 모델) ---------------------------------------------------------------


def test_resnet34_page_model_has_21_306_826_parameters(resnet_page):
    assert resnet_page["model"].count_params() == 21_306_826


def test_resnet34_page_stacks_16_units_with_strides_2_where_filters_change(resnet_page):
    units = [layer for layer in resnet_page["model"].layers
             if type(layer).__name__ == "ResidualUnit"]
    assert [unit.filters for unit in units] == [64] * 3 + [128] * 4 + [256] * 6 + [512] * 3
    assert [index for index, unit in enumerate(units) if unit.strides == 2] == [3, 7, 13]
    assert [index for index, unit in enumerate(units) if unit.skip_layers] == [3, 7, 13]


def test_resnet34_page_model_halves_the_input_five_times(resnet_page):
    size = resnet_page["IMAGE_SIZE"]
    last_unit = resnet_page["model"].layers[-4]
    assert type(last_unit).__name__ == "ResidualUnit"
    assert tuple(last_unit.output.shape[1:]) == (size // 32, size // 32, 512)


def test_resnet34_page_shows_the_reloaded_units_gave_no_warning(resnet_page):
    assert resnet_page["caught"] == []


# --- LeNet-5 (페이지의 모델, 훈련 없이) -----------------------------------------------------


@pytest.fixture(scope="module")
def lenet5():
    tree = ast.parse(LENET_PAGE.read_text(encoding="utf-8"))
    keep = [node for node in tree.body
            if isinstance(node, (ast.Import, ast.ImportFrom))
            or (isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "lenet5" for t in node.targets))]
    namespace: dict = {}
    exec(compile(ast.Module(body=keep, type_ignores=[]), str(LENET_PAGE), "exec"), namespace)
    return namespace["lenet5"]


def test_lenet5_page_model_has_61_706_parameters(lenet5):
    # C1 6·(25+1) + C3 16·(6·25+1) + C5 120·(16·25+1) + F6 84·(120+1) + 출력 10·(84+1)
    assert lenet5.count_params() == 156 + 2_416 + 48_120 + 10_164 + 850 == 61_706


def test_lenet5_page_feature_map_sizes_match_the_paper_table(lenet5):
    sizes = [tuple(layer.output.shape[1:]) for layer in lenet5.layers]
    # 입력 32×32(패딩 뒤) → C1 28×28×6 → S2 14×14×6 → C3 10×10×16 → S4 5×5×16 → C5 1×1×120
    assert sizes[:6] == [(32, 32, 1), (28, 28, 6), (14, 14, 6), (10, 10, 16), (5, 5, 16),
                         (1, 1, 120)]
    assert sizes[-2:] == [(84,), (10,)]
    activations = [layer.get_config().get("activation") for layer in lenet5.layers]
    assert activations.count("tanh") == 4 and activations[-1] == "softmax"
