"""DepthPool을 tf.nn.max_pool과 비교하고, 잘못된 인자를 확인합니다."""

import numpy as np
import pytest
import tensorflow as tf

from cnn_vision.layers import DepthPool, ResidualUnit


@pytest.mark.parametrize("channels, pool_size", [(3, 3), (6, 3), (8, 2), (12, 4), (5, 1)])
def test_depth_pool_matches_tf_nn_max_pool(channels, pool_size):
    rng = np.random.default_rng(channels * 10 + pool_size)
    x = rng.normal(size=(2, 7, 9, channels)).astype(np.float32)
    with tf.device("/cpu:0"):
        expected = tf.nn.max_pool(x, ksize=(1, 1, 1, pool_size), strides=(1, 1, 1, pool_size),
                                  padding="VALID")
    actual = DepthPool(pool_size=pool_size)(x)
    assert actual.shape == expected.shape == (2, 7, 9, channels // pool_size)
    np.testing.assert_array_equal(actual.numpy(), expected.numpy())


def test_depth_pool_keeps_the_max_of_each_channel_group():
    x = np.array([1, 5, 2, 9, 3, 4], dtype=np.float32).reshape(1, 1, 1, 6)
    assert DepthPool(pool_size=3)(x).numpy().ravel().tolist() == [5, 9]


def test_depth_pool_works_inside_a_model_with_unknown_batch_and_size():
    model = tf.keras.Sequential([
        tf.keras.Input(shape=[None, None, 3]),
        tf.keras.layers.Conv2D(12, 3, padding="same"),
        DepthPool(pool_size=4),
    ])
    assert model.output_shape == (None, None, None, 3)
    assert model(np.zeros([3, 5, 6, 3], np.float32)).shape == (3, 5, 6, 3)


def test_depth_pool_survives_save_and_load(tmp_path):
    model = tf.keras.Sequential([tf.keras.Input(shape=[4, 4, 6]), DepthPool(pool_size=2)])
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = tf.keras.models.load_model(path)  # safe_mode 기본값(True)으로
    x = np.random.default_rng(0).normal(size=(1, 4, 4, 6)).astype(np.float32)
    np.testing.assert_array_equal(model(x), loaded(x))
    assert loaded.layers[-1].pool_size == 2


@pytest.mark.parametrize("pool_size", [0, -2, 1.5, "3", True, None])
def test_depth_pool_rejects_bad_pool_size_at_construction(pool_size):
    with pytest.raises(ValueError, match="pool_size") as info:
        DepthPool(pool_size=pool_size)
    assert repr(pool_size) in str(info.value)


def test_depth_pool_rejects_indivisible_channels_when_the_model_is_built():
    with pytest.raises(ValueError, match=r"채널 수\(3\).*pool_size\(2\)"):
        tf.keras.Sequential([tf.keras.Input(shape=[8, 8, 3]), DepthPool(pool_size=2)])


def test_depth_pool_rejects_unknown_channel_count():
    with pytest.raises(ValueError, match="채널 수"):
        tf.keras.Sequential([tf.keras.Input(shape=[8, 8, None]), DepthPool(pool_size=2)])


def test_residual_unit_with_strides_2_halves_size_and_uses_1x1_skip():
    unit = ResidualUnit(16, strides=2)
    y = unit(np.zeros([1, 8, 8, 4], np.float32))
    assert y.shape == (1, 4, 4, 16)
    skip_conv = unit.skip_layers[0]
    assert skip_conv.kernel_size == (1, 1) and skip_conv.strides == (2, 2)


def test_residual_unit_with_strides_1_adds_the_input_unchanged():
    unit = ResidualUnit(4, strides=1)
    assert unit.skip_layers == []
    x = np.random.default_rng(0).normal(size=(1, 5, 5, 4)).astype(np.float32)
    y = unit(x)
    # 주 경로의 가중치를 0으로 만들면 출력은 relu(입력)이어야 합니다.
    for layer in unit.main_layers:
        if isinstance(layer, tf.keras.layers.Conv2D):
            layer.set_weights([np.zeros_like(w) for w in layer.get_weights()])
    np.testing.assert_allclose(unit(x), np.maximum(x, 0), atol=1e-6)
    assert y.shape == x.shape


@pytest.mark.parametrize("kwargs", [{"filters": 0}, {"filters": 8, "strides": 0}])
def test_residual_unit_rejects_non_positive_arguments(kwargs):
    with pytest.raises(ValueError):
        ResidualUnit(**kwargs)
