"""사이트 전체를 smoke 프로필, 경고=오류(-W)로 빌드한 결과(conftest.py의 smoke_site)를 확인합니다."""

import re
import sys
from pathlib import Path

import pytest

from cnn_vision.assets import NOTICE_MARKER, Target

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from gallery_pages import example_docname, example_scripts  # noqa: E402

EXAMPLES = example_scripts(ROOT / "examples")

# 대체물을 쓸 수 있는 페이지 → 그 페이지가 쓰는 자료(없으면 대체물). 오프라인 smoke 빌드에서 알림을 낸
# 페이지가 이 목록과 맞는지 아래 테스트가 확인합니다.
STANDIN_PAGES = {
    "04_pretrained/plot_01_resnet50": ["resnet50", "imagenet-class-index"],
    "05_transfer_learning/plot_01_flowers_pipeline": ["flowers"],
    "05_transfer_learning/plot_02_fine_tuning": ["flowers", "xception-notop"],
    "06_localization/plot_01_classification_localization": ["flowers", "xception-notop"],
    "11_explainability/plot_01_grad_cam": ["resnet50", "imagenet-class-index"],
    "12_exercises/plot_02_mnist_cnn": ["mnist"],
    "12_exercises/plot_03_transfer_learning_workflow": ["flowers", "xception-notop"],
    "12_exercises/plot_04_style_transfer": ["vgg19-notop"],
}
FIGURE_LABELS = {"flowers": "[모의 데이터]", "xception-notop": "[훈련되지 않은 가중치]",
                 "vgg19-notop": "[훈련되지 않은 가중치]", "mnist": "[대체 데이터: 패션 MNIST]"}


def _missing(key: str) -> bool:
    """빌드가 이 자료 대신 대체물을 쓰는지(테스트는 오프라인이므로 캐시에 없으면 대체물)."""
    return not all(state.ok for state in Target(key).check())


def check_standin_admonitions(html: Path) -> None:
    """대체물을 쓴 페이지마다 알림 상자가 하나, 제목 바로 아래(첫 출력보다 위)에 있는지 봅니다.

    목록에 없는 예제 페이지에는 알림 상자가 없어야 합니다(목록이 예제와 어긋나면 여기서 드러납니다).
    """
    for script in EXAMPLES:
        page = script.relative_to(ROOT / "examples").with_suffix("").as_posix()
        if page not in STANDIN_PAGES:
            text = (html / f"{example_docname(script, ROOT / 'examples')}.html").read_text(encoding="utf-8")
            assert "standin-notice" not in text, f"{page}: STANDIN_PAGES에 없는데 대체물 알림이 있습니다"
    for page, keys in STANDIN_PAGES.items():
        text = (html / "auto_examples" / f"{page}.html").read_text(encoding="utf-8")
        missing = [key for key in keys if _missing(key)]
        if not missing:
            assert "standin-notice" not in text, page
            continue
        assert text.count("standin-notice") == 1, page
        box = text.index("standin-notice")
        assert text.index("<h1") < box < text.index("sphx-glr-script-out"), page
        # 알림은 모두 상자 안에 있고, 출력 블록에는 남지 않습니다.
        assert text.count(NOTICE_MARKER) == len(missing), page
        assert text.rindex(NOTICE_MARKER) < text.index("sphx-glr-script-out"), page
        # 대체물로 그린 그림은 표시를 그대로 가집니다(Sphinx-Gallery는 그림 제목을 alt에 넣습니다).
        alts = re.findall(r'alt="([^"]*)"', text)
        for label in {FIGURE_LABELS[key] for key in missing if key in FIGURE_LABELS}:
            assert any(label in alt for alt in alts), (page, label)


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
    # 페이지가 링크하는 예외와 상수도 API 페이지에 나옵니다.
    api = (html / "api" / "generated" / "cnn_vision.fashion_mnist.html").read_text()
    assert 'id="cnn_vision.fashion_mnist.FashionMnistDataError"' in api
    assert 'id="cnn_vision.fashion_mnist.FASHION_MNIST_CLASS_NAMES_KO"' in api
    check_standin_admonitions(html)


def test_standin_notice_is_the_first_output_of_each_page_that_uses_a_standin(smoke_build, smoke_site):
    """대체물 알림은 그 페이지 스크립트의 첫 출력입니다: 내려받은 스크립트를 실행해도 알림이 먼저 보입니다.

    Sphinx-Gallery가 만든 reST(사이트가 알림을 맨 위로 옮기기 전)의 첫 출력 블록을 봅니다.
    """
    checked = 0
    for page, keys in STANDIN_PAGES.items():
        if not any(_missing(key) for key in keys):
            continue
        generated = (smoke_build.source / "auto_examples" / f"{page}.rst").read_text(encoding="utf-8")
        first_output = generated.split(".. rst-class:: sphx-glr-script-out", 1)[1].split("\n.. ", 1)[0]
        assert NOTICE_MARKER in first_output, f"{page}: 첫 출력이 대체물 알림이 아닙니다"
        checked += 1
    assert checked > 0  # 오프라인 smoke 빌드에서는 가중치 없는 페이지가 늘 있습니다


def test_example_pages_offer_colab_and_downloads_in_the_right_sidebar(smoke_site):
    """예제 페이지마다 오른쪽 사이드바에 코랩, .ipynb, .py 링크가 있고 내려받기는 실제 파일을 가리킵니다."""
    for script in EXAMPLES:
        docname = example_docname(script, ROOT / "examples")
        page = smoke_site / f"{docname}.html"
        text = page.read_text(encoding="utf-8")
        sidebar = text[text.find('class="bd-sidebar-secondary'):]
        links = re.search(r'<nav class="cnn-example-links".*?</nav>', sidebar, re.S)
        assert links, f"{docname}: 오른쪽 사이드바에 이 예제의 링크가 없습니다"
        hrefs = re.findall(r'href="([^"]+)"', links.group(0))
        colab = [href for href in hrefs if href.startswith("https://colab.research.google.com/github/")]
        assert len(colab) == 1 and colab[0].endswith(f"/{docname}.ipynb"), hrefs
        downloads = [href for href in hrefs if "_downloads/" in href]
        assert sorted(Path(href).suffix for href in downloads) == [".ipynb", ".py"], hrefs
        for href in downloads:
            assert (page.parent / href).resolve().is_file(), href
        # 본문의 코랩 링크(맨 위 안내, 맨 아래 내려받기 줄)도 그대로 있습니다.
        assert text.count(f'href="{colab[0]}"') == 3, docname
    # 예제가 아닌 페이지에는 이 틀이 없습니다.
    assert "cnn-example-links" not in (smoke_site / "data.html").read_text(encoding="utf-8")


def _pages(html: Path) -> list[Path]:
    skip = {"_static", "_downloads", "_images", "_sources", "notebooks"}
    return [path for path in sorted(html.rglob("*.html")) if path.relative_to(html).parts[0] not in skip]


def test_every_page_states_profile_tensorflow_version_and_device(smoke_site):
    from importlib import metadata

    tensorflow = metadata.version("tensorflow")
    for page in _pages(smoke_site):
        text = page.read_text(encoding="utf-8")
        info = re.search(r'<p class="cnn-build-info">(.*?)</p>', text, re.S)
        assert info, f"{page}: 빌드 정보가 없습니다"
        line = re.sub(r"<[^>]+>", "", info.group(1))
        assert "smoke" in line and f"텐서플로 {tensorflow}" in line and ("CPU" in line or "GPU" in line), line


def test_edit_links_point_to_files_in_this_repository(smoke_site):
    """테마의 편집 버튼과 페이지 아래의 링크 모두(테마의 edit_page_url_template 하나로 만듦)."""
    checked = 0
    for page in _pages(smoke_site):
        text = page.read_text(encoding="utf-8")
        footer = re.findall(r'class="cnn-edit-link" href="([^"]+)"', text)
        every = re.findall(r'href="(https://github\.com/[^"]+/edit/main/[^"]+)"', text)
        assert set(footer) <= set(every) and len(set(every)) <= 1, (page, every)
        for url in every:
            path = url.split("/edit/main/", 1)[1]
            assert (ROOT / path).is_file(), (page, url)
            checked += 1
    # 예제 페이지는 만들어진 reST가 아니라 examples/의 스크립트를 고치게 합니다.
    example = (smoke_site / "auto_examples" / "01_convolution" / "plot_02_conv_layer.html").read_text()
    assert "/edit/main/examples/01_convolution/plot_02_conv_layer.py" in example
    assert checked > 30


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
