"""Sphinx 설정: 한국어 사이트, myst-parser, sphinx-book-theme, Sphinx-Gallery."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

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

# -- 호스팅 주소(이 한 곳에서 정합니다) ------------------------------------------------------
# 깃허브 저장소 "소유자/이름" 하나에서 사이트 주소(Open Graph, 사이트맵, 404 페이지), "이 페이지
# 고치기" 링크, 코랩 링크, 노트북 첫 셀의 설치 주소를 모두 만듭니다. GitHub Actions에서는
# GITHUB_REPOSITORY가 채웁니다. 다른 곳에서 빌드할 때는 환경 변수 CNN_VISION_REPOSITORY로 주거나
# 아래 기본값을 고치세요. 자체 도메인에 올리면 CNN_VISION_SITE_URL로 사이트 주소를 알려 줍니다.
DEFAULT_REPOSITORY = "cnn-vision-ko/cnn-vision-ko"
REPOSITORY = (
    os.environ.get("CNN_VISION_REPOSITORY") or os.environ.get("GITHUB_REPOSITORY") or DEFAULT_REPOSITORY
)
_owner, _name = REPOSITORY.split("/")
SITE_URL = os.environ.get("CNN_VISION_SITE_URL") or f"https://{_owner.lower()}.github.io/{_name}/"
SITE_URL = SITE_URL.rstrip("/") + "/"
# 노트북 첫 셀이 설치할 커밋: 사이트를 빌드한 커밋(GitHub Actions의 GITHUB_SHA), 그 밖에서는 main 가지
SOURCE_REF = os.environ.get("GITHUB_SHA") or "main"
# 코랩이 노트북을 읽는 가지: docs 워크플로가 빌드한 노트북(<출력>/notebooks/)을 이 가지에 올립니다.
NOTEBOOK_BRANCH = "notebooks"

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
    "offline_mathjax",
    "sphinx.ext.viewcode",
    "sphinx_gallery.gen_gallery",
    "sphinx.ext.githubpages",
    "sphinx_copybutton",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    # 이 프로젝트의 확장(docs/_ext): 한 가지 일씩
    "gallery_pages",  # Sphinx-Gallery 페이지의 구조와 예제 페이지 고치기(한국어, 대체물 알림, 코랩)
    "gallery_notebooks",  # 내려받는 노트북(첫 셀, GPU, 상호 참조, 코랩용 모음)
    "example_runs",  # 예제마다 실행 기록(경고, 글리프, 그림, 오류)
    "build_info",  # 페이지 아래의 빌드 정보
    "site_urls",  # 편집 링크의 원본 파일, robots.txt
    "korean_chrome",  # 테마와 Sphinx의 화면 문구
    "korean_search",  # 한국어 검색 색인
    "accessible_nav",  # 차례 펼침 단추의 접근 가능한 이름
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
# sg_execution_times: 실행 시간은 예제 페이지마다 나오고, 이 표 페이지는 외부 CDN(DataTables)을 읽습니다.
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "sg_execution_times.rst", "**/sg_execution_times.rst"]
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
# copybutton.js 다음에 읽혀 복사 버튼 문구를 한국어로 바꿉니다(html_js_files는 확장의 파일보다 늦게 읽힘).
html_js_files = ["copybutton_ko.js"]
html_baseurl = SITE_URL
html_favicon = "_static/favicon.svg"
# pydata 테마의 색 모드 기본값(비어 있으면 첫 방문 때 콘솔 오류를 냅니다).
# "이 페이지 고치기" 링크: 테마가 문서로 밝힌 edit_page_url_template. 만들어진 페이지(예제, API)는
# 그 원본 파일을 가리키도록 site_urls 확장이 문맥에 넣는 cnn_source_path를 씁니다.
html_context = {
    "default_mode": "auto",
    "edit_page_provider_name": "GitHub",
    "edit_page_url_template": (
        f"https://github.com/{REPOSITORY}/edit/main/"
        "{{ cnn_source_path if cnn_source_path else doc_path ~ file_name }}"
    ),
}
# 만들어진 reST(예제 페이지)를 "소스"로 내려받게 하지 않습니다: 예제는 .py와 .ipynb로 내려받습니다.
html_copy_source = False
html_show_sourcelink = False
# 한국어 검색: 형태소 분석기(Kiwi)로 색인하고 브라우저에서 조사·어미를 뗍니다(docs/_ext/korean_search.py).
html_search_language = "ko"
html_theme_options = {
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "repository_url": f"https://github.com/{REPOSITORY}",
    "repository_branch": "main",
    "path_to_docs": "docs",
    "use_repository_button": True,
    "use_edit_page_button": True,
    "use_issues_button": False,
    # 페이지 소스(.rst) 내려받기와 PDF 인쇄 버튼: 예제 페이지에는 Sphinx-Gallery의 내려받기가 있습니다.
    "use_download_button": False,
    "search_bar_text": "사이트 검색…",
    # 작성자 줄("By ...")은 한국어 카탈로그의 번역이 어색해서 빼고, 빌드 정보를 넣습니다.
    "footer_content_items": ["copyright.html", "build-info.html", "last-updated.html"],
    # 오른쪽 사이드바: 페이지 차례 아래에 예제의 내려받기(.py, .ipynb)와 코랩 링크(예제 페이지에만;
    # 다른 페이지에서는 이 틀이 비어 테마가 빼 버립니다).
    "secondary_sidebar_items": ["page-toc", "cnn-example-links"],
}
# 화면 문구의 한국어 카탈로그(docs/locale/ko/LC_MESSAGES/sphinx.po): Sphinx가 컴파일해 먼저 찾습니다.
locale_dirs = ["locale"]
gettext_compact = False

# -- 독자를 위한 것: 복사 버튼, Open Graph, 사이트맵, 404, 코랩 ----------------------------------

copybutton_exclude = ".linenos, .gp, .go"
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True

ogp_site_url = SITE_URL
ogp_site_name = html_title
ogp_type = "article"
# 예제 갤러리의 썸네일(합성곱 층 페이지의 특성 맵 그림)
ogp_image = SITE_URL + "_images/sphx_glr_plot_02_conv_layer_thumb.png"
ogp_image_alt = "합성곱 신경망이 이미지에서 특성 맵을 만드는 예제 그림"
ogp_social_cards = {"enable": False}
ogp_custom_meta_tags = ['<meta property="og:locale" content="ko_KR" />']

sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "py-modindex.html", "404.html"]

_SITE_PATH = urlsplit(SITE_URL).path  # 예: /cnn-vision-ko/ (깊은 주소의 404에서도 맞는 절대 경로)
notfound_urls_prefix = _SITE_PATH
notfound_context = {
    "title": "페이지를 찾을 수 없습니다",
    "body": (
        "<h1>페이지를 찾을 수 없습니다 (404)</h1>"
        "<p>찾으시는 페이지가 없습니다. 주소가 바뀌었거나 잘못 입력되었을 수 있습니다.</p>"
        f'<ul><li><a href="{_SITE_PATH}index.html">첫 페이지</a>에서 시작하거나</li>'
        f'<li><a href="{_SITE_PATH}auto_examples/index.html">예제 갤러리</a>에서 주제를 고르거나</li>'
        f'<li><a href="{_SITE_PATH}search.html">검색</a>해 보세요.</li></ul>'
    ),
}

cnn_repository = REPOSITORY
cnn_source_ref = SOURCE_REF
cnn_notebook_branch = NOTEBOOK_BRANCH

# -- Sphinx-Gallery --------------------------------------------------------

from gallery_notebooks import first_notebook_cell  # noqa: E402  (docs/_ext)
from gallery_pages import FILENAME_PATTERN, GALLERY_DIR  # noqa: E402

sphinx_gallery_conf = {
    "examples_dirs": str(EXAMPLES_DIR),
    "gallery_dirs": GALLERY_DIR,
    # plot_ 으로 시작하는 스크립트를 모두 실행합니다(어느 파일이 예제인지는 gallery_pages가 정합니다).
    "filename_pattern": FILENAME_PATTERN,
    "ignore_pattern": r"__init__\.py",
    # 주제 폴더 이름이 번호(01_, 02_, ...)로 시작하므로 이름순이 곧 책의 순서입니다.
    "within_subsection_order": "FileNameSortKey",
    # Sphinx-Gallery는 예제마다 matplotlib을 초기화하므로, 그 뒤 한글 글꼴을 다시 적용합니다.
    # 실행 뒤에는 example_runs가 그 예제의 실행 기록(경고, 글리프, 그림, 오류)을 씁니다.
    "reset_modules": ("matplotlib", "cnn_vision.plotting.reset_matplotlib", "example_runs.record_run"),
    "reset_modules_order": "both",
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
    # Sphinx-Gallery 광고 줄은 끕니다(영어 문구).
    "show_signature": False,
    # 내려받은 노트북: 첫 셀이 새 커널에 이 패키지와 한글 글꼴을 준비하고(gallery_notebooks.py),
    # 글 셀의 reST는 pandoc과 Lua 필터로 깨끗한 마크다운이 됩니다(notebook_markdown.lua).
    "first_notebook_cell": first_notebook_cell(REPOSITORY, SOURCE_REF),
    "pypandoc": {
        "extra_args": [
            "--to=markdown-header_attributes-fenced_divs-bracketed_spans-native_divs-native_spans"
            "-link_attributes-inline_code_attributes-raw_attribute-simple_tables-multiline_tables"
            "-grid_tables-smart",
            "--wrap=preserve",
        ],
        "filters": [str(Path(__file__).resolve().parent / "_ext" / "notebook_markdown.lua")],
    },
}

# 어느 프로필로 빌드했는지 모든 페이지 아래에 남깁니다.
rst_epilog = f"""
.. |build_profile| replace:: {profile.current()}
"""
