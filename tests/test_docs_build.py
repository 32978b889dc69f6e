"""사이트 전체를 smoke 프로필, 경고=오류(-W)로 빌드한 결과(conftest.py의 smoke_site)를 확인합니다."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_whole_site_builds_with_warnings_as_errors(smoke_site):
    html = smoke_site
    assert (html / "index.html").is_file()
    pages = sorted((html / "auto_examples").glob("*/plot_*.html"))
    scripts = sorted((ROOT / "examples").glob("*/plot_*.py"))
    assert len(pages) == len(scripts) > 0
    # 예제 페이지에는 실행 결과 그림과 두 가지 내려받기 파일이 있어야 합니다.
    text = (html / "auto_examples" / "01_convolution" / "plot_02_conv_layer.html").read_text()
    assert "sphx-glr-single-img" in text or "sphx-glr-multi-img" in text
    assert ".ipynb" in text and ".py" in text
    # API 페이지는 그 함수를 쓰는 예제를 나열해야 합니다(미니 갤러리).
    api = (html / "api" / "generated" / "cnn_vision.conv_math.html").read_text()
    assert "plot_02_conv_layer" in api


def _pages(html: Path) -> list[Path]:
    skip = {"_static", "_downloads", "_images", "_sources", "notebooks"}
    return [path for path in sorted(html.rglob("*.html")) if path.relative_to(html).parts[0] not in skip]


@pytest.mark.slow
def test_every_page_states_profile_tensorflow_version_and_device(smoke_site):
    from importlib import metadata

    tensorflow = metadata.version("tensorflow")
    for page in _pages(smoke_site):
        text = page.read_text(encoding="utf-8")
        info = re.search(r'<p class="cnn-build-info">(.*?)</p>', text, re.S)
        assert info, f"{page}: 빌드 정보가 없습니다"
        line = re.sub(r"<[^>]+>", "", info.group(1))
        assert "smoke" in line and f"텐서플로 {tensorflow}" in line and ("CPU" in line or "GPU" in line), line


@pytest.mark.slow
def test_edit_links_point_to_files_in_this_repository(smoke_site):
    checked = 0
    for page in _pages(smoke_site):
        for url in re.findall(r'class="cnn-edit-link" href="([^"]+)"', page.read_text(encoding="utf-8")):
            path = url.split("/edit/main/", 1)[1]
            assert (ROOT / path).is_file(), (page, url)
            checked += 1
    # 예제 페이지는 만들어진 reST가 아니라 examples/의 스크립트를 고치게 합니다.
    example = (smoke_site / "auto_examples" / "01_convolution" / "plot_02_conv_layer.html").read_text()
    assert "/edit/main/examples/01_convolution/plot_02_conv_layer.py" in example
    assert checked > 30


@pytest.mark.slow
def test_open_graph_sitemap_and_robots_use_the_one_configured_address(smoke_site):
    index = (smoke_site / "index.html").read_text(encoding="utf-8")
    base = re.search(r'<link rel="canonical" href="([^"]+)index.html"', index).group(1)
    assert re.search(rf'<meta property="og:url" content="{re.escape(base)}index.html"', index)
    assert '<meta property="og:locale" content="ko_KR"' in index
    image = re.search(r'<meta property="og:image" content="([^"]+)"', index).group(1)
    assert image.startswith(base) and (smoke_site / image[len(base):]).is_file()
    sitemap = (smoke_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locations) > 30 and all(location.startswith(base) for location in locations)
    assert f"{base}auto_examples/01_convolution/plot_02_conv_layer.html" in locations
    assert not any(location.endswith(("search.html", "404.html", "genindex.html")) for location in locations)
    assert f"Sitemap: {base}sitemap.xml" in (smoke_site / "robots.txt").read_text()
