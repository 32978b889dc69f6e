r"""examples/ 아래의 모든 스크립트를 smoke 프로필로 끝까지 실행합니다.

Sphinx-Gallery가 하는 것처럼 스크립트를 같은 프로세스에서 ``runpy``\ 로 실행하고, 매번
matplotlib을 초기화한 뒤(``plt.rcdefaults()``) 한글 글꼴 설정을 다시 적용합니다. 만들어진
그림은 모두 실제로 그려 보아(``savefig``) 글꼴에 없는 글자가 있으면 실패합니다.
"""

from __future__ import annotations

import io
import logging
import runpy
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from cnn_vision import plotting

pytestmark = pytest.mark.site

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*/plot_*.py"))


def test_examples_were_found():
    # 갤러리 폴더가 비어 있으면 아래 매개변수화 테스트가 하나도 돌지 않으므로 따로 확인합니다.
    assert len(EXAMPLES) >= 4, EXAMPLES


def _is_glyph_warning(message: str) -> bool:
    # matplotlib의 두 가지 문구: "Glyph 8722 (...) missing from font(s) ..." 와
    # "Font 'default' does not have a glyph for '\u2212' [U+2212] ..." (수식 글꼴)
    return "glyph" in message.lower()


class _GlyphLogHandler(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if _is_glyph_warning(message):
            self.messages.append(message)


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_runs_in_smoke_profile(script, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CNN_VISION_PROFILE", "smoke")
    plt.close("all")
    plotting.reset_matplotlib()  # Sphinx-Gallery의 reset_modules와 같은 동작

    glyph_log = _GlyphLogHandler()
    mpl_logger = logging.getLogger("matplotlib")
    mpl_logger.addHandler(glyph_log)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            runpy.run_path(str(script), run_name="__main__")
            figures = [plt.figure(n) for n in plt.get_fignums()]
            for figure in figures:
                figure.savefig(io.BytesIO(), format="png")
    finally:
        mpl_logger.removeHandler(glyph_log)
        plt.close("all")

    missing = [str(w.message) for w in caught if _is_glyph_warning(str(w.message))]
    missing += glyph_log.messages
    assert not missing, f"그림에 글꼴에 없는 글자가 있습니다: {missing[:3]}"
