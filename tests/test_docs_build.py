"""사이트 전체를 smoke 프로필, 경고=오류(-W)로 빌드한 결과(conftest.py의 smoke_site)를 확인합니다."""

import re
from pathlib import Path

import pytest

from cnn_vision.assets import NOTICE_MARKER, Target

ROOT = Path(__file__).resolve().parents[1]

# 대체물을 쓸 수 있는 페이지 → 그 페이지가 쓰는 자료(없으면 대체물). tests/test_standin_notice.py가
# 이 목록이 예제의 불러오기 호출과 맞는지 확인합니다.
STANDIN_PAGES = {
    "04_pretrained/plot_01_resnet50": ["resnet50", "imagenet-class-index"],
    "05_transfer_learning/plot_01_flowers_pipeline": ["flowers"],
    "05_transfer_learning/plot_02_fine_tuning": ["flowers", "xception-notop"],
    "06_localization/plot_01_classification_localization": ["flowers", "xception-notop"],
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
    """대체물을 쓴 페이지마다 알림 상자가 하나, 제목 바로 아래(첫 출력보다 위)에 있는지 봅니다."""
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
    # 페이지가 링크하는 예외와 상수도 API 페이지에 나옵니다.
    api = (html / "api" / "generated" / "cnn_vision.fashion_mnist.html").read_text()
    assert 'id="cnn_vision.fashion_mnist.FashionMnistDataError"' in api
    assert 'id="cnn_vision.fashion_mnist.FASHION_MNIST_CLASS_NAMES_KO"' in api
    check_standin_admonitions(html)


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
