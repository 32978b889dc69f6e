"""사이트 전체를 smoke 프로필, 경고=오류(-W)로 임시 폴더에 빌드합니다."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_whole_site_builds_with_warnings_as_errors(tmp_path):
    env = {**os.environ, "CNN_VISION_PROFILE": "smoke", "MPLBACKEND": "Agg"}
    # Sphinx-Gallery는 소스 폴더 안에 auto_examples를 만들고, 바뀌지 않은 예제는 다시 실행하지
    # 않습니다. smoke 결과가 docs/에 남아 make html에 섞이지 않도록 docs/를 복사해서 빌드합니다.
    source = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", source, ignore=shutil.ignore_patterns(
        "_build", "auto_examples", "gen_modules", "generated", "sg_execution_times.rst"))
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html",
         "-d", str(tmp_path / "doctrees"), str(source), str(tmp_path / "html")],
        capture_output=True, text=True, env=env, timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    html = tmp_path / "html"
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
