"""사이트 전체를 smoke 프로필, 경고=오류(-W)로 임시 폴더에 빌드합니다."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cnn_vision import resources

ROOT = Path(__file__).resolve().parents[1]

# 대체물을 쓸 수 있는 페이지 → 그 페이지가 쓰는 자료(없으면 대체물). tests/test_standin_notice.py가
# 이 목록이 예제의 불러오기 호출과 맞는지 확인합니다.
STANDIN_PAGES = {
    "04_pretrained/plot_01_resnet50": ["resnet50", "imagenet-class-index"],
    "05_transfer_learning/plot_01_flowers_pipeline": ["flowers"],
    "05_transfer_learning/plot_02_fine_tuning": ["flowers", "xception-notop"],
    "06_localization/plot_01_classification_localization": ["flowers", "xception-notop"],
    "08_exercises/plot_01_mnist_cnn": ["mnist"],
    "08_exercises/plot_02_transfer_learning_workflow": ["flowers", "xception-notop"],
    "08_exercises/plot_03_style_transfer": ["vgg19-notop"],
}
FIGURE_LABELS = {"flowers": "[모의 데이터]", "xception-notop": "[훈련되지 않은 가중치]",
                 "vgg19-notop": "[훈련되지 않은 가중치]", "mnist": "[대체 데이터: 패션 MNIST]"}


def _missing(key: str) -> bool:
    """빌드가 이 자료 대신 대체물을 쓰는지(테스트는 오프라인이므로 캐시에 없으면 대체물)."""
    if key == "flowers":
        return not resources.check_tfds_dataset(resources.TF_FLOWERS.dataset_dir()).ok
    return resources.file_problem(resources.REMOTE_FILES[key]) is not None


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
        assert text.count(resources.NOTICE_MARKER) == len(missing), page
        assert text.rindex(resources.NOTICE_MARKER) < text.index("sphx-glr-script-out"), page
        # 대체물로 그린 그림은 표시를 그대로 가집니다(Sphinx-Gallery는 그림 제목을 alt에 넣습니다).
        alts = re.findall(r'alt="([^"]*)"', text)
        for label in {FIGURE_LABELS[key] for key in missing if key in FIGURE_LABELS}:
            assert any(label in alt for alt in alts), (page, label)


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
    # 페이지가 링크하는 예외와 상수도 API 페이지에 나옵니다.
    api = (html / "api" / "generated" / "cnn_vision.fashion_mnist.html").read_text()
    assert 'id="cnn_vision.fashion_mnist.FashionMnistDataError"' in api
    assert 'id="cnn_vision.fashion_mnist.FASHION_MNIST_CLASS_NAMES_KO"' in api
    check_standin_admonitions(html)
