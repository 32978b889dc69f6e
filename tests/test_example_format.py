"""예제 스크립트가 Sphinx-Gallery 페이지가 될 수 있는 모양인지 빠르게 확인합니다.

전체 사이트 빌드(test_docs_build)도 같은 문제를 잡지만, 여기서는 몇 초 만에 파일과 줄을 짚어 줍니다.
"""

import ast
import re
import unicodedata
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES_DIR.glob("*/plot_*.py"))
HEADERS = sorted(EXAMPLES_DIR.glob("**/GALLERY_HEADER.rst"))
UNDERLINE = re.compile(r"^(?:# )?([=\-~^])\1{2,}\s*$")


def display_width(text: str) -> int:
    # docutils는 한글처럼 넓은 글자를 두 칸으로 셉니다.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def short_underlines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = []
    for number, line in enumerate(lines[1:], start=2):
        if not UNDERLINE.match(line):
            continue
        prefix = "# " if line.startswith("# ") else ""
        title_line = lines[number - 2]
        if prefix and not title_line.startswith("# "):
            continue
        title = title_line[len(prefix):].rstrip()
        if not title or UNDERLINE.match(title_line) or title.startswith('"""'):
            continue
        if len(line.rstrip()) - len(prefix) < display_width(title):
            problems.append(f"{path.name}:{number}: '{title}'")
    return problems


@pytest.mark.parametrize("path", SCRIPTS + HEADERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rest_heading_underlines_cover_the_korean_title_width(path):
    assert short_underlines(path) == []


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_starts_with_a_titled_docstring_and_ends_with_a_summary(script):
    source = script.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring, "Sphinx-Gallery 페이지 제목이 될 모듈 docstring이 없습니다"
    assert re.match(r"^=+\n.+\n=+\n", docstring), "docstring이 reST 제목으로 시작해야 합니다"
    assert "# 정리\n# ----" in source, "마무리 '정리' 절이 없습니다"


@pytest.mark.parametrize("folder", sorted(p for p in EXAMPLES_DIR.iterdir() if p.is_dir()),
                         ids=lambda p: p.name)
def test_every_gallery_folder_has_a_header(folder):
    assert (folder / "GALLERY_HEADER.rst").is_file()


def test_the_checker_flags_a_short_korean_underline(tmp_path):
    sample = tmp_path / "plot_sample.py"
    sample.write_text("# 한글 제목\n# -----\n", encoding="utf-8")
    assert short_underlines(sample) == ["plot_sample.py:2: '한글 제목'"]
