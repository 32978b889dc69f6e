"""사이트 전체를 smoke 프로필, 경고=오류(-W)로 빌드한 결과(conftest.py의 smoke_site)를 확인합니다."""

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
