"""conv_output_size를 텐서플로가 실제로 만드는 출력 크기와 비교합니다."""

import itertools

import numpy as np
import pytest
import tensorflow as tf

from cnn_vision.conv_math import conv_output_size

pytestmark = pytest.mark.tf


def test_book_example_same_padding_stride_2():
    output, padded = conv_output_size(np.array([70, 120]), kernel_size=7, strides=2, padding="same")
    assert output.tolist() == [35, 60]
    assert padded.tolist() == [5, 5]


def test_scalar_inputs_give_python_ints():
    result = conv_output_size(70, 7, 2, "same")
    assert result == (35, 5)
    assert all(type(v) is int for v in result)


def test_valid_padding_counts_ignored_rows():
    # 10개 중 커널 3, 스트라이드 3: 0-2, 3-5, 6-8 위치 → 출력 3, 마지막 1행 무시
    assert conv_output_size(10, 3, 3, "valid") == (3, 1)


SIZES = [1, 5, 7, 28, 31, 70, 120]
KERNELS = [1, 2, 3, 5, 7]
STRIDES = [1, 2, 3, 4]


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv_output_size_matches_tf_shapes(padding):
    checked = 0
    for height, width, kernel, stride in itertools.product(SIZES, SIZES[2:], KERNELS, STRIDES):
        if padding == "valid" and (kernel > height or kernel > width):
            continue
        layer = tf.keras.layers.Conv2D(1, kernel_size=kernel, strides=stride, padding=padding)
        actual = layer.compute_output_shape((1, height, width, 1))[1:3]
        predicted, _ = conv_output_size([height, width], kernel, stride, padding)
        assert list(actual) == predicted.tolist(), (height, width, kernel, stride, padding)
        checked += 1
    assert checked > 300


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv_output_size_matches_real_conv2d_run(padding):
    # compute_output_shape만이 아니라 실제 계산 결과의 크기도 확인합니다.
    rng = np.random.default_rng(0)
    for height, kernel, stride in [(70, 7, 2), (31, 5, 3), (28, 3, 1), (9, 4, 4)]:
        x = rng.random((1, height, height + 5, 2), dtype=np.float32)
        y = tf.keras.layers.Conv2D(1, kernel, strides=stride, padding=padding)(x)
        predicted, _ = conv_output_size([height, height + 5], kernel, stride, padding)
        assert list(y.shape[1:3]) == predicted.tolist()


def test_same_padding_amount_matches_tf_nn_explicit_padding():
    # 'same'으로 패딩된 행 수만큼 명시적으로 패딩하고 'VALID'로 계산하면 결과가 같아야 합니다.
    rng = np.random.default_rng(1)
    for size, kernel, stride in [(70, 7, 2), (120, 7, 2), (10, 3, 3), (11, 4, 2)]:
        x = rng.random((1, size, size, 1), dtype=np.float32)
        k = rng.random((kernel, kernel, 1, 1), dtype=np.float32)
        _, padded = conv_output_size(size, kernel, stride, "same")
        top, bottom = padded // 2, padded - padded // 2  # TF는 남는 한 줄을 아래/오른쪽에 둡니다
        explicit = tf.nn.conv2d(x, k, stride, padding=[[0, 0], [top, bottom], [top, bottom], [0, 0]])
        same = tf.nn.conv2d(x, k, stride, padding="SAME")
        np.testing.assert_allclose(explicit, same, rtol=1e-5)


@pytest.mark.parametrize("padding", ["full", "SAMEISH", "", None, 3])
def test_unknown_padding_is_rejected_with_its_value(padding):
    with pytest.raises(ValueError, match="padding") as info:
        conv_output_size(10, 3, 1, padding)
    assert repr(padding) in str(info.value)


def test_padding_is_case_insensitive_like_keras():
    assert conv_output_size(10, 3, 1, "SAME") == conv_output_size(10, 3, 1, "same")


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"input_size": 0, "kernel_size": 3}, "input_size"),
        ({"input_size": [10, -4], "kernel_size": 3}, "input_size"),
        ({"input_size": 10, "kernel_size": 0}, "kernel_size"),
        ({"input_size": 10, "kernel_size": 3, "strides": -1}, "strides"),
        ({"input_size": 10, "kernel_size": 3, "strides": 0}, "strides"),
        ({"input_size": 10.5, "kernel_size": 3}, "input_size"),
        ({"input_size": [], "kernel_size": 3}, "input_size"),
    ],
)
def test_non_positive_or_non_integer_sizes_are_rejected(kwargs, name):
    with pytest.raises(ValueError, match=name):
        conv_output_size(**kwargs)


def test_valid_padding_with_kernel_larger_than_input_is_rejected():
    with pytest.raises(ValueError, match="kernel_size"):
        conv_output_size(5, 7, 1, "valid")
    # 'same'은 커널이 더 커도 출력이 있습니다(TF와 같게).
    assert conv_output_size(5, 7, 1, "same")[0] == 5


def test_sizes_beyond_exact_integers_are_rejected_as_too_large_not_as_non_positive():
    assert conv_output_size(2**53, 1, 2**52, "valid") == (2, 2**52 - 1)  # 가장 큰 값은 받습니다
    for too_large in (1e20, 2**53 + 2, float(2**60), [10, 10**30]):
        with pytest.raises(ValueError, match="너무 큽니다") as caught:
            conv_output_size(too_large, 3)
        assert "input_size" in str(caught.value) and "양수" not in str(caught.value)
