"""cnn_vision.models: 책의 모델이 책과 같은 크기이고, 페이지에 적힌 모델과 같은 구조인지 확인합니다.

LeNet-5와 ResNet-34는 페이지에만 있습니다(tests/test_lesson_code.py).

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

pytestmark = pytest.mark.tf

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
     ({"input_shape": (28, 0, 1)}, "(28, 0, 1)"),
     ({"input_shape": (28, 28.0, 1)}, "(28, 28.0, 1)"), ({"num_classes": True}, "True")],
)
def test_book_fashion_cnn_rejects_bad_arguments_naming_the_value(kwargs, bad):
    with pytest.raises(ValueError, match=bad.replace("(", r"\(").replace(")", r"\)")):
        models.book_fashion_cnn(**kwargs)


def test_book_fashion_cnn_accepts_numpy_integers_like_python_ints():
    import numpy as np

    model = models.book_fashion_cnn(input_shape=np.array([28, 28, 1]), num_classes=np.int64(10))
    assert model.count_params() == 1_413_834
