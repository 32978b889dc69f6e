r"""docs/_ext/example_runs.py: 진짜 Sphinx-Gallery 빌드에서 예제마다 실행 기록이 맞게 남는지.

텐서플로 없는 작은 갤러리(예제 셋)를 빌드합니다. 그림 둘과 파이썬 경고를 내는 예제, 글꼴에 없는 글자를
그리는 예제, 중간에 실패하는 예제. 조용한 2코어에서 몇 초.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

# 일부러 그리는 글꼴에 없는 글자(태국 문자)의 경고는 기록만 확인하고 pytest 요약에는 넣지 않습니다.
pytestmark = [pytest.mark.unit, pytest.mark.filterwarnings("ignore:Glyph 3585:UserWarning")]

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
sys.path.insert(0, str(EXT))

import example_runs  # noqa: E402

EXAMPLES = {
    "plot_01_figures.py": '''"""
그림 둘
=======

그림 둘을 그리고 경고를 하나 냅니다.
"""

import warnings

import matplotlib.pyplot as plt

plt.plot([1, 2, 3])
plt.title("한글 제목 −1")
plt.show()
warnings.warn("페이지에 보이는 경고", UserWarning)
plt.figure()
plt.plot([3, 2, 1])
plt.show()
''',
    "plot_02_glyph.py": '''"""
없는 글자
=========

글꼴에 없는 글자를 그립니다.
"""

import matplotlib.pyplot as plt

plt.title("\\u0e01 태국 글자")
plt.show()
''',
    "plot_03_fails.py": '''"""
실패하는 예제
=============

두 번째 셀에서 실패합니다.
"""

print("첫 셀")

# %%
# 나누기
# ------

result = 1 / 0
''',
}


@pytest.fixture(scope="module")
def tiny_gallery(tmp_path_factory) -> Path:
    from sphinx.cmd.build import build_main

    root = tmp_path_factory.mktemp("tiny_gallery")
    examples = root / "examples" / "01_topic"
    examples.mkdir(parents=True)
    (root / "examples" / "GALLERY_HEADER.rst").write_text("예제\n====\n", encoding="utf-8")
    (examples / "GALLERY_HEADER.rst").write_text("주제\n----\n", encoding="utf-8")
    for name, code in EXAMPLES.items():
        (examples / name).write_text(code, encoding="utf-8")
    source = root / "docs"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXT)!r})\n"
        "extensions = ['sphinx_gallery.gen_gallery', 'example_runs']\n"
        "language = 'ko'\n"
        "sphinx_gallery_conf = {\n"
        f"    'examples_dirs': {str(root / 'examples')!r}, 'gallery_dirs': 'auto_examples',\n"
        "    'filename_pattern': '/plot_', 'show_memory': False, 'show_signature': False,\n"
        "    'reset_modules': ('matplotlib', 'cnn_vision.plotting.reset_matplotlib', 'example_runs.record_run'),\n"
        "    'reset_modules_order': 'both', 'only_warn_on_example_error': True,\n"
        "}\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text("작은 갤러리\n==========\n\n.. toctree::\n\n   auto_examples/index\n",
                                      encoding="utf-8")
    build_main(["-q", "-b", "html", str(source), str(root / "html")])
    return source / "auto_examples"


def record(gallery: Path, stem: str) -> dict:
    return json.loads((gallery / "01_topic" / f"{stem}{example_runs.RECORD_SUFFIX}").read_text(encoding="utf-8"))


def test_each_example_gets_a_record_with_its_page_name_and_build(tiny_gallery):
    for name in EXAMPLES:
        data = record(tiny_gallery, Path(name).stem)
        assert data["page"] == f"auto_examples/01_topic/{Path(name).stem}"
        assert data["build"]["profile"] == "smoke" and data["seconds"] >= 0


def test_figures_and_shown_python_warnings_are_recorded(tiny_gallery):
    data = record(tiny_gallery, "plot_01_figures")
    assert data["error"] is None and data["figures"] == 2
    assert [(item["category"], item["message"]) for item in data["warnings"]] == [("UserWarning", "페이지에 보이는 경고")]
    assert data["glyph_warnings"] == []  # 한글과 마이너스 기호는 글꼴에 있습니다


def test_glyphs_missing_from_the_font_are_recorded(tiny_gallery):
    data = record(tiny_gallery, "plot_02_glyph")
    assert data["figures"] == 1
    assert data["glyph_warnings"] and all("3585" in message
                                          for message in data["glyph_warnings"])


def test_a_failing_example_records_its_traceback(tiny_gallery):
    data = record(tiny_gallery, "plot_03_fails")
    assert data["error"].startswith("Traceback (most recent call last):")
    assert "result = 1 / 0" in data["error"] and data["error"].endswith("ZeroDivisionError: division by zero")


def test_warning_filters_and_formatter_are_restored_after_each_example(tiny_gallery):
    import warnings

    assert warnings.formatwarning.__module__ == "warnings"
    assert not any(action == "always" and pattern is not None and "glyph" in pattern.pattern
                   for action, pattern, *_rest in warnings.filters)
