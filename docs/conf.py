"""Sphinx 설정: 한국어 사이트, myst-parser, sphinx-book-theme, Sphinx-Gallery."""

from __future__ import annotations

import sys
from pathlib import Path

# 이 프로젝트의 작은 Sphinx 확장(docs/_ext)
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))
# 설치하지 않고 빌드할 때도 cnn_vision을 찾도록 저장소의 src/를 경로에 넣습니다.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

# 텐서플로·matplotlib 환경 기본값과 경고 필터는 한 곳(cnn_vision.runtime)에서 정합니다.
# 텐서플로를 import하기 전에 불러야 합니다.
from cnn_vision import runtime  # noqa: E402

runtime.apply_defaults()

import cnn_vision  # noqa: E402
from cnn_vision import __version__, profile  # noqa: E402

# 예제 폴더는 패키지 위치로 찾습니다. 그래서 테스트가 docs/를 임시 폴더에 복사해 빌드해도
# (smoke 결과가 docs/auto_examples에 남아 make html의 결과를 덮지 않도록) 같은 예제를 씁니다.
ROOT = Path(cnn_vision.__file__).resolve().parents[2]
EXAMPLES_DIR = ROOT / "examples"

project = "합성곱 신경망을 사용한 컴퓨터 비전: 실행 가능한 예제"
author = "cnn-vision-ko 기여자"
copyright = "2026, cnn-vision-ko 기여자"  # noqa: A001
version = release = __version__
language = "ko"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "sphinx_gallery.gen_gallery",
    "korean_gallery",
    "standin_notice",
    "korean_search",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/sg_execution_times.rst"]
templates_path = ["_templates"]

myst_enable_extensions = ["colon_fence", "deflist", "dollarmath", "substitution"]
myst_substitutions = {"build_profile": profile.current()}
myst_heading_anchors = 3

autosummary_generate = True
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "description"
napoleon_numpy_docstring = True
napoleon_google_docstring = False
# keras 층의 상속 멤버 문서에는 경고가 섞이므로 우리 클래스의 멤버만 보입니다.
autodoc_inherit_docstrings = False

html_theme = "sphinx_book_theme"
html_title = "CNN으로 하는 컴퓨터 비전 (핸즈온 머신러닝 14장)"
html_static_path = ["_static"]
html_css_files = ["korean.css"]
# 한국어 검색: 형태소 분석기(Kiwi)로 색인하고 브라우저에서 조사·어미를 뗍니다(docs/_ext/korean_search.py).
html_search_language = "ko"
html_theme_options = {
    "show_toc_level": 2,
    "navigation_with_keys": False,
}

# -- Sphinx-Gallery --------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": str(EXAMPLES_DIR),
    "gallery_dirs": "auto_examples",
    # plot_ 으로 시작하는 스크립트를 모두 실행합니다.
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py",
    # 주제 폴더 이름이 번호(01_, 02_, ...)로 시작하므로 이름순이 곧 책의 순서입니다.
    "within_subsection_order": "FileNameSortKey",
    # Sphinx-Gallery는 예제마다 matplotlib을 초기화하므로, 그 뒤 한글 글꼴을 다시 적용합니다.
    "reset_modules": ("matplotlib", "cnn_vision.plotting.reset_matplotlib"),
    "doc_module": ("cnn_vision",),
    "backreferences_dir": "gen_modules/backreferences",
    "reference_url": {"cnn_vision": None},
    "download_all_examples": True,
    "show_memory": False,
    "remove_config_comments": True,
    "capture_repr": ("_repr_html_", "__repr__"),
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
}

# 어느 프로필로 빌드했는지 모든 페이지 아래에 남깁니다.
rst_epilog = f"""
.. |build_profile| replace:: {profile.current()}
"""
