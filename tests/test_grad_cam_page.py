"""Grad-CAM 페이지(examples/11_explainability/plot_01_grad_cam.py)에 적힌 함수를 근거의 위치를 아는
모델로 확인합니다.

손으로 가중치를 정한 모델: 합성곱 층의 필터 0은 세로 막대, 필터 1은 가로 막대에 반응하고, 전역 평균
풀링 뒤의 밀집 층은 필터 0을 클래스 0의 점수로, 필터 1을 클래스 1의 점수로 그대로 옮깁니다. 그러면
클래스 0의 근거는 세로 막대가 있는 곳, 클래스 1의 근거는 가로 막대가 있는 곳뿐입니다.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from page_code import load_page_functions

pytestmark = pytest.mark.tf

PAGE = "11_explainability/plot_01_grad_cam.py"
SIZE = 24


@pytest.fixture(scope="module")
def make_gradcam_heatmap():
    return load_page_functions(PAGE, "make_gradcam_heatmap")["make_gradcam_heatmap"]


@pytest.fixture(scope="module")
def bar_model():
    inputs = tf.keras.Input(shape=[SIZE, SIZE, 1])
    features = tf.keras.layers.Conv2D(2, 3, padding="same", activation="relu", name="evidence")(inputs)
    pooled = tf.keras.layers.GlobalAveragePooling2D()(features)
    logits = tf.keras.layers.Dense(2, use_bias=False, name="scores")(pooled)
    model = tf.keras.Model(inputs, logits)
    vertical = np.array([[-1, 2, -1]] * 3, dtype=np.float32)
    kernel = np.stack([vertical, vertical.T], axis=-1)[:, :, np.newaxis, :]  # (3, 3, 1, 2)
    model.get_layer("evidence").set_weights([kernel, np.full(2, -1.0, dtype=np.float32)])
    model.get_layer("scores").set_weights([np.eye(2, dtype=np.float32)])
    return model


def bars_image(vertical_at, horizontal_at):
    image = np.zeros((SIZE, SIZE), dtype=np.float32)
    row, column = vertical_at
    image[row - 3:row + 4, column] = 1
    row, column = horizontal_at
    image[row, column - 3:column + 4] = 1
    return image


@pytest.mark.parametrize(("vertical_at", "horizontal_at"), [((5, 5), (18, 17)), ((17, 19), (6, 8)),
                                                            ((12, 4), (12, 18))])
def test_heatmap_peaks_where_the_class_evidence_is(make_gradcam_heatmap, bar_model, vertical_at,
                                                   horizontal_at):
    image = bars_image(vertical_at, horizontal_at)[np.newaxis, :, :, np.newaxis]
    for class_index, evidence in [(0, vertical_at), (1, horizontal_at)]:
        heatmap = make_gradcam_heatmap(bar_model, image, "evidence", class_indices=[class_index])[0]
        assert heatmap.shape == (SIZE, SIZE) and heatmap.max() == pytest.approx(1.0)
        peak = np.unravel_index(heatmap.argmax(), heatmap.shape)
        assert abs(peak[0] - evidence[0]) <= 3 and abs(peak[1] - evidence[1]) <= 3, (class_index, peak)
        # 다른 클래스의 막대가 있는 곳에는 근거가 없습니다.
        other = horizontal_at if class_index == 0 else vertical_at
        assert heatmap[other[0], other[1]] < 0.05


def test_default_class_is_the_predicted_one(make_gradcam_heatmap, bar_model):
    # 세로 막대를 둘 그리면 클래스 0의 점수가 더 커서 예측이 0이 됩니다.
    image = bars_image((5, 5), (18, 17)) + bars_image((12, 12), (18, 17))
    image = np.minimum(image, 1)[np.newaxis, :, :, np.newaxis]
    assert int(np.argmax(bar_model(image), axis=-1)[0]) == 0
    default = make_gradcam_heatmap(bar_model, image, "evidence")
    explicit = make_gradcam_heatmap(bar_model, image, "evidence", class_indices=[0])
    np.testing.assert_allclose(default, explicit)


def test_rewired_nested_base_gives_the_heatmap_of_the_flat_model(make_gradcam_heatmap):
    """페이지의 rewire_nested_base: 기반 모델을 층 하나로 넣은 모델을 다시 엮으면 안쪽 층 이름으로
    Grad-CAM을 계산할 수 있고, 같은 계산을 평평하게 만든 모델의 히트맵과 같습니다."""
    rewire_nested_base = load_page_functions(PAGE, "rewire_nested_base")["rewire_nested_base"]
    tf.keras.utils.set_random_seed(3)
    inputs = tf.keras.Input(shape=[SIZE, SIZE, 1])
    x = tf.keras.layers.Conv2D(4, 3, padding="same", activation="relu")(inputs)
    features = tf.keras.layers.Conv2D(6, 3, padding="same", activation="relu", name="inner_conv")(x)
    base = tf.keras.Model(inputs, features, name="base_model")
    pooling, dense = tf.keras.layers.GlobalAveragePooling2D(), tf.keras.layers.Dense(3)
    nested = tf.keras.Sequential([tf.keras.Input(shape=[SIZE, SIZE, 1]), base, pooling, dense])
    flat = tf.keras.Model(inputs, dense(pooling(features)))
    with pytest.raises(ValueError):
        nested.get_layer("inner_conv")
    images = np.random.default_rng(0).random((4, SIZE, SIZE, 1), dtype=np.float32)
    expected = make_gradcam_heatmap(flat, images, "inner_conv", class_indices=[0, 1, 2, 0])
    actual = make_gradcam_heatmap(rewire_nested_base(nested, "base_model"), images, "inner_conv",
                                  class_indices=[0, 1, 2, 0])
    assert expected.max() > 0  # 히트맵이 모두 0이면 비교가 헛돕니다
    np.testing.assert_allclose(actual, expected, atol=1e-6)
