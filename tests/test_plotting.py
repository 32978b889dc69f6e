import io
import logging
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pytest

from cnn_vision import plotting

pytestmark = pytest.mark.unit


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _draw(fig):
    """그림을 실제로 그리고, 글꼴에 없는 글자 경고(warnings와 logging 모두)를 돌려줍니다."""
    collector = _Collect()
    logging.getLogger("matplotlib").addHandler(collector)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(io.BytesIO(), format="png")
    finally:
        logging.getLogger("matplotlib").removeHandler(collector)
        plt.close(fig)
    messages = [str(w.message) for w in caught] + collector.messages
    return [m for m in messages if "glyph" in m.lower()]


def test_a_korean_font_file_is_found():
    path = plotting.find_korean_font()
    assert path is not None and path.is_file()


def test_korean_text_and_negative_ticks_render_without_missing_glyphs_after_rcdefaults():
    plt.rcdefaults()  # Sphinx-Gallery가 예제마다 하는 일
    plotting.reset_matplotlib()
    fig, ax = plt.subplots()
    ax.plot([-3, -1, 2], [-2, 0, 1], label="범례")
    ax.set_title("한글 제목")
    ax.set_xlabel("가로축")
    ax.legend()
    assert _draw(fig) == []


def test_without_the_korean_font_glyphs_are_reported_missing():
    # 위 테스트가 의미 있으려면, 글꼴이 없을 때 경고가 실제로 나와야 합니다.
    plt.rcdefaults()
    fig, ax = plt.subplots()
    ax.set_title("한글 제목")
    assert _draw(fig)
    plotting.reset_matplotlib()


def test_set_book_style_sets_sizes_and_a_korean_fallback_after_dejavu():
    plt.rcdefaults()
    name = plotting.set_book_style() or plotting.use_korean_font()
    assert matplotlib.rcParams["font.size"] == 14
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", name]
    assert name.startswith("Nanum")


def test_plot_image_grid_rejects_mismatched_titles():
    with pytest.raises(ValueError, match="titles"):
        plotting.plot_image_grid([[[0.0]]] * 2, titles=["하나"])


def test_plot_learning_curves_draws_train_and_validation():
    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8],
               "val_accuracy": [0.4, 0.7]}
    fig = plotting.plot_learning_curves(history)
    assert len(fig.axes) == 2
    assert len(fig.axes[0].lines) == 2
    assert _draw(fig) == []


def test_plot_learning_curves_rejects_unknown_metric():
    with pytest.raises(ValueError, match="'auc'"):
        plotting.plot_learning_curves({"loss": [1.0]}, metrics=["auc"])


def test_plot_feature_maps_draws_one_row_per_image_and_one_column_per_map():
    import numpy as np

    fmaps = np.random.default_rng(0).random((2, 5, 8, 4))
    fig = plotting.plot_feature_maps(fmaps, fmap_indices=[3, 1], fmap_names=["셋", "하나"])
    assert len(fig.axes) == 4
    assert fig.axes[1].get_title() == "이미지 0, 하나"
    np.testing.assert_array_equal(fig.axes[2].images[0].get_array(), fmaps[1, :, :, 3])
    assert _draw(fig) == []


def test_plot_feature_maps_rejects_missing_channel():
    import numpy as np

    with pytest.raises(ValueError, match=r"\[7\]"):
        plotting.plot_feature_maps(np.zeros((1, 4, 4, 2)), fmap_indices=[0, 7])


def test_log_axis_negative_exponents_render_without_missing_glyphs():
    # 로그 축 눈금(10^-2)은 수식 글꼴로 그려져 U+2212 경고가 나기 쉽습니다.
    plotting.reset_matplotlib()
    fig, ax = plt.subplots()
    ax.semilogy([1, 2, 3], [1e-3, 1e-2, 1e-1])
    ax.set_title("로그 축")
    assert _draw(fig) == []
