"""cnn_vision.models: 책의 모델이 책과 같은 크기이고, 페이지에 적힌 모델과 같은 구조인지 확인합니다.

페이지의 모델 코드는 스크립트 전체를 실행하지 않고, 스크립트에서 import 문과 모델을 만드는
대입문만 골라(ast) 실행해서 얻습니다.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from cnn_vision import models
from cnn_vision.layers import ResidualUnit

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "03_architectures"


def page_namespace(script: str, names: set[str]) -> dict:
    """예제 스크립트에서 import 문과 ``names`` 에 대입하거나 ``.add()`` 를 부르는 문장만 실행합니다."""
    tree = ast.parse((EXAMPLES / script).read_text(encoding="utf-8"))
    keep = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            keep.append(node)
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in names for t in node.targets
        ):
            keep.append(node)
        elif (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr == "add"
            and isinstance(node.value.func.value, ast.Name)
            and node.value.func.value.id in names
        ):
            keep.append(node)  # model.add(...)
        elif isinstance(node, ast.For) and any(
            isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr == "add" and isinstance(n.func.value, ast.Name)
            and n.func.value.id in names
            for n in ast.walk(node)
        ):
            keep.append(node)  # model.add(...)를 부르는 for 문(ResNet-34)
    namespace: dict = {}
    exec(compile(ast.Module(body=keep, type_ignores=[]), script, "exec"), namespace)
    return namespace


def architecture(model: tf.keras.Model) -> list[tuple]:
    """층마다 (종류, 구조를 정하는 설정, 파라미터 수). 이름과 dtype 정책은 뺍니다."""
    keys = ("filters", "kernel_size", "strides", "padding", "activation", "units", "rate",
            "pool_size", "kernel_initializer", "use_bias")
    summary = []
    for layer in model.layers:
        config = layer.get_config()
        picked = {k: config[k] for k in keys if k in config}
        if "kernel_initializer" in picked:
            picked["kernel_initializer"] = picked["kernel_initializer"]["class_name"]
        summary.append((type(layer).__name__, picked, layer.count_params()))
    return summary


# --- 패션 MNIST CNN ---------------------------------------------------------------------------


def test_book_fashion_cnn_has_1_413_834_parameters():
    assert models.book_fashion_cnn().count_params() == 1_413_834


def test_book_fashion_cnn_maps_28x28_images_to_10_probabilities():
    model = models.book_fashion_cnn()
    probabilities = model(np.zeros((2, 28, 28, 1), np.float32)).numpy()
    assert probabilities.shape == (2, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_fashion_page_model_is_the_book_fashion_cnn():
    namespace = page_namespace("plot_01_fashion_mnist_cnn.py", {"DefaultConv2D", "model"})
    page_model = namespace["model"]
    assert page_model.count_params() == 1_413_834
    assert architecture(page_model) == architecture(models.book_fashion_cnn())


def test_book_fashion_cnn_float32_output_layer_under_mixed_policy_keeps_parameter_count():
    model = models.book_fashion_cnn(output_dtype="float32")
    assert model.layers[-1].dtype_policy.compute_dtype == "float32"
    assert model.count_params() == 1_413_834


@pytest.mark.parametrize(
    ("kwargs", "bad"),
    [({"input_shape": (28, 28)}, "(28, 28)"), ({"num_classes": 1}, "1"),
     ({"input_shape": (28, 0, 1)}, "(28, 0, 1)")],
)
def test_book_fashion_cnn_rejects_bad_arguments_naming_the_value(kwargs, bad):
    with pytest.raises(ValueError, match=bad.replace("(", r"\(").replace(")", r"\)")):
        models.book_fashion_cnn(**kwargs)


# --- LeNet-5 ----------------------------------------------------------------------------------


def test_lenet5_has_61_706_parameters():
    # C1 6·(25+1) + C3 16·(6·25+1) + C5 120·(16·25+1) + F6 84·(120+1) + 출력 10·(84+1)
    assert models.lenet5().count_params() == 156 + 2_416 + 48_120 + 10_164 + 850 == 61_706


def test_lenet5_feature_map_sizes_match_the_paper_table():
    model = models.lenet5()
    sizes = [tuple(layer.output.shape[1:]) for layer in model.layers]
    # 입력 32×32(패딩 뒤) → C1 28×28×6 → S2 14×14×6 → C3 10×10×16 → S4 5×5×16 → C5 1×1×120
    assert sizes[:6] == [(32, 32, 1), (28, 28, 6), (14, 14, 6), (10, 10, 16), (5, 5, 16),
                         (1, 1, 120)]
    assert sizes[-2:] == [(84,), (10,)]


def test_lenet5_page_model_is_models_lenet5():
    page_model = page_namespace("plot_02_lenet5.py", {"lenet5"})["lenet5"]
    assert architecture(page_model) == architecture(models.lenet5())


# --- ResNet-34 --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def resnet34_224():
    return models.resnet34()  # 만드는 데 몇 초 걸리므로 이 모듈에서 한 번만 만듭니다


def test_resnet34_has_21_306_826_parameters(resnet34_224):
    assert resnet34_224.count_params() == 21_306_826


def test_resnet34_stages_use_strides_2_only_where_filters_change():
    stages = models.resnet34_stages()
    assert len(stages) == 16
    assert [s for _, s in stages].count(2) == 3
    assert stages[3] == (128, 2) and stages[7] == (256, 2) and stages[13] == (512, 2)


def test_resnet34_halves_224_input_five_times_to_7x7x512(resnet34_224):
    assert tuple(resnet34_224.layers[-4].output.shape[1:]) == (7, 7, 512)  # 마지막 잔차 유닛


def test_resnet34_page_model_matches_models_resnet34(resnet34_224):
    names = {"model", "prev_filters", "IMAGE_SIZE"}
    page_model = page_namespace("plot_03_resnet34.py", names)["model"]
    assert page_model.count_params() == 21_306_826
    # 층 설정과 층별 파라미터 수는 입력 크기와 상관없으므로 224×224 모델과 견줍니다.
    assert architecture(page_model) == architecture(resnet34_224)


def test_residual_unit_with_strides_2_has_1x1_conv_on_skip_path():
    unit = ResidualUnit(128, strides=2)
    output = unit(tf.zeros((1, 56, 56, 64)))
    assert output.shape == (1, 28, 28, 128)
    kernels = [layer.kernel_size for layer in unit.skip_layers if hasattr(layer, "kernel_size")]
    assert kernels == [(1, 1)]
    assert ResidualUnit(64).skip_layers == []


def test_residual_unit_with_zero_main_path_passes_input_through_relu():
    # 주 경로의 마지막 배치 정규화가 0을 내면 출력은 relu(입력)이어야 합니다(스킵 연결).
    unit = ResidualUnit(4)
    inputs = tf.random.normal((1, 5, 5, 4), seed=1)
    unit(inputs)
    last_bn = unit.main_layers[-1]
    last_bn.gamma.assign(tf.zeros_like(last_bn.gamma))
    last_bn.beta.assign(tf.zeros_like(last_bn.beta))
    np.testing.assert_allclose(unit(inputs, training=False), tf.nn.relu(inputs), atol=1e-6)
