"""만들어진 smoke 사이트를 브라우저 없이, 네트워크 없이 확인합니다.

- 사이트 안의 모든 링크와 앵커가 살아 있습니다(바깥 링크는 예약 워크플로의 linkcheck가 봅니다).
- 예제 페이지의 그림마다 한국어로 된 설명(alt)이 있습니다. Sphinx-Gallery는 그림 제목이 없으면 파일
  이름("plot 02 conv layer")을 alt에 넣는데, 그런 그림이 있으면 실패합니다.
- 사이트에 함께 실은 MathJax(docs/_ext/offline_mathjax.py)와 차례 펼침 단추의 이름
  (docs/_ext/accessible_nav.py)을 확인합니다.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.site
from site_links import broken_links

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def site_prefix(site: Path) -> str:
    """사이트가 올라가는 경로(정식 주소의 경로, 예: /cnn-vision-ko/)."""
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text("utf-8"))
    return urlsplit(canonical.group(1)).path.rsplit("/", 1)[0] + "/" if canonical else "/"


# -- 내부 링크와 앵커 ------------------------------------------------------------------------------


def test_link_checker_finds_missing_files_and_anchors(tmp_path):
    """검사기가 실제로 잡아냅니다: 없는 파일, 없는 앵커, 사이트 경로의 절대 주소."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="sub/page.html#here">ok</a><a href="sub/page.html#nowhere">bad anchor</a>'
        '<a href="missing.html">missing</a><a href="#top">self</a><h1 id="top">t</h1>'
        '<a href="https://example.org/x.html">external</a><img src="sub/none.png">'
        '<a href="/site/sub/page.html">absolute ok</a><a href="/site/gone.html">absolute bad</a>',
        encoding="utf-8")
    (tmp_path / "sub" / "page.html").write_text('<p id="here">여기</p><a href="../index.html#top">back</a>',
                                                encoding="utf-8")
    problems = broken_links(tmp_path, "/site/")
    assert problems == [
        "index.html: a.href sub/page.html#nowhere (앵커 #nowhere 없음)",
        "index.html: a.href missing.html (파일 없음)",
        "index.html: img.src sub/none.png (파일 없음)",
        "index.html: a.href /site/gone.html (파일 없음)",
    ]


def test_internal_links_and_anchors_resolve(smoke_site):
    problems = broken_links(smoke_site, site_prefix(smoke_site))
    assert not problems, "\n".join(problems[:50])


# -- 그림의 설명(alt) ---------------------------------------------------------------------------------


def file_name_alt(src: str) -> str:
    """Sphinx-Gallery가 그림 제목이 없을 때 alt에 넣는 글(파일 이름에서 만든 것)."""
    stem = Path(urlsplit(src).path).stem  # sphx_glr_plot_02_conv_layer_001
    return re.sub(r"[-,_]", " ", stem[len("sphx_glr_"):-4]).strip()


def test_file_name_fallback_matches_sphinx_gallery(tmp_path):
    """위의 file_name_alt가 Sphinx-Gallery가 실제로 만드는 대체 글과 같습니다(그림 제목이 없을 때)."""
    from sphinx_gallery.scrapers import figure_rst

    figure = tmp_path / "images" / "sphx_glr_plot_02_conv_layer_001.png"
    rst = figure_rst([str(figure)], str(tmp_path), fig_titles="")
    alt = re.search(r":alt: (.*)", rst).group(1).strip()
    assert alt == file_name_alt(figure.name) == "plot 02 conv layer"
    assert not is_descriptive_korean(alt, figure.name)


def is_descriptive_korean(alt: str, src: str) -> bool:
    """그림 설명이 한국어 글(한글 두 글자 이상)이고 파일 이름으로 만든 대체 글이 아닌지."""
    alt = " ".join(alt.split())
    return len(HANGUL.findall(alt)) >= 2 and alt != file_name_alt(src)


class _Figures(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "img" and {"sphx-glr-single-img", "sphx-glr-multi-img"} & set(classes):
            self.figures.append((values.get("src") or "", values.get("alt") or ""))


def test_gallery_figures_have_descriptive_korean_alt_text(smoke_site):
    """예제 페이지의 그림마다 alt가 한국어 설명입니다(파일 이름으로 만든 대체 글이 아님)."""
    figures = []
    for page in sorted((smoke_site / "auto_examples").rglob("plot_*.html")):
        parser = _Figures()
        parser.feed(page.read_text(encoding="utf-8"))
        figures += [(page.relative_to(smoke_site).as_posix(), src, alt) for src, alt in parser.figures]
    assert len(figures) > 20
    bad = [f"{page}: {src} alt={alt!r}" for page, src, alt in figures if not is_descriptive_korean(alt, src)]
    assert not bad, "\n".join(bad)


# -- 인터넷 없이 그리는 수식(docs/_ext/offline_mathjax.py) --------------------------------------------


def test_site_carries_its_own_mathjax_and_pages_point_to_it(smoke_site):
    import offline_mathjax

    bundle = smoke_site / "_static" / offline_mathjax.BUNDLE
    assert bundle.is_file() and bundle.stat().st_size > 500_000
    fonts = list((smoke_site / "_static" / "mathjax" / "output" / "chtml" / "fonts").rglob("*.woff"))
    assert len(fonts) > 10  # CHTML 글꼴(MathJax가 인터넷 없이 읽음)
    assert not (smoke_site / "_static" / "mathjax" / "tex-svg.js").exists()  # 쓰지 않는 묶음은 싣지 않음
    with_math = [page for page in smoke_site.rglob("*.html") if 'class="math' in page.read_text("utf-8")]
    assert with_math
    for page in with_math:
        text = page.read_text(encoding="utf-8")
        assert "cdn.jsdelivr.net" not in text and "mathjax@" not in text, page
        assert re.search(r'<script defer="defer" src="(\.\./)*_static/mathjax/tex-chtml\.js">', text), page


def test_offline_mathjax_replaces_only_the_cdn_default(tmp_path):
    from types import SimpleNamespace

    import offline_mathjax
    from sphinx.ext.mathjax import MATHJAX_URL

    config = SimpleNamespace(mathjax_path=MATHJAX_URL)
    offline_mathjax.use_bundled_mathjax(None, config)
    assert config.mathjax_path == offline_mathjax.BUNDLE
    config = SimpleNamespace(mathjax_path="my/mathjax.js")  # 프로젝트가 직접 고른 사이트 안 파일은 그대로
    offline_mathjax.use_bundled_mathjax(None, config)
    assert config.mathjax_path == "my/mathjax.js"


def test_offline_mathjax_copies_the_bundle_and_what_it_loads_lazily():
    import offline_mathjax

    source = offline_mathjax.mathjax_source()
    excluded = offline_mathjax._wanted(source)
    assert not excluded("./tex-chtml.js")
    assert not excluded("./output") and not excluded("./output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff")
    assert not excluded("./input/tex/extensions/boldsymbol.js") and not excluded("./a11y/assistive-mml.js")
    assert excluded("./tex-svg.js") and excluded("./output/svg") and excluded("./node-main.js")
    for folder in offline_mathjax.LAZY_DIRS:
        assert (source / folder).is_dir(), folder


def test_offline_mathjax_names_the_missing_package(monkeypatch):
    import importlib.util

    import offline_mathjax
    from sphinx.errors import ExtensionError

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ExtensionError, match="sphinx-mathjax-offline"):
        offline_mathjax.mathjax_source()


# -- 차례 펼침 단추의 이름(docs/_ext/accessible_nav.py) ----------------------------------------------

TOC = (
    '<ul class="nav bd-sidenav"><li class="toctree-l1 has-children"><a class="reference internal" '
    'href="a.html">합성곱</a><details><summary><span class="toctree-toggle" role="presentation">'
    '<i class="fa-solid fa-chevron-down"></i></span></summary><ul><li class="toctree-l2">'
    '<a class="reference internal" href="b.html">풀링</a></li></ul></details></li>'
    '<li class="has-children"><details><summary><p class="caption">갤러리</p><span class="toctree-toggle">'
    "</span></summary></details></li></ul>"
)


def test_toggles_get_a_hidden_name_from_their_item():
    from accessible_nav import label_toggles

    html = label_toggles(TOC)
    assert '<span class="visually-hidden">합성곱 하위 차례</span></summary>' in html
    # 이미 글자가 있는 단추(절 제목)는 그대로, 두 번 불러도 한 번만 붙습니다.
    assert html.count("visually-hidden") == 1
    assert label_toggles(html) == html


def test_toggles_are_labelled_in_a_beautifulsoup_tree_too():
    from accessible_nav import label_toggles
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(TOC, "html.parser")
    assert label_toggles(soup) is soup
    assert [span.get_text() for span in soup.select("summary .visually-hidden")] == ["합성곱 하위 차례"]
    with pytest.raises(TypeError, match="BeautifulSoup"):
        label_toggles(42)
