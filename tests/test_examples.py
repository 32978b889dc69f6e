r"""예제마다 smoke 사이트 빌드에서 한 번 실행한 기록을 확인합니다(예제를 다시 실행하지 않습니다).

``make test``\ 에서 예제는 smoke 사이트 빌드(``conftest.py``\ 의 ``smoke_build``)가 한 번씩 실행합니다.
그동안 ``docs/_ext/example_runs.py``\ 가 예제마다 오류 추적, 보인 경고, 글꼴에 없는 글자 경고, 그림 수를
``auto_examples/<주제>/<예제>.run.json``\ 에 남기고, 이 테스트가 그 기록을 읽습니다. 실패한 예제는 그
페이지의 이름과 오류 추적으로 실패합니다(사이트 빌드가 실패해도 이 테스트는 기록을 읽습니다).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from example_runs import read_record  # noqa: E402
from gallery_pages import example_docname, example_scripts  # noqa: E402

EXAMPLES_DIR = ROOT / "examples"
EXAMPLES = example_scripts(EXAMPLES_DIR)


def page_id(script: Path) -> str:
    return f"{script.parent.name}/{script.name}"


@pytest.mark.unit
def test_examples_were_found():
    # 갤러리 폴더가 비어 있으면 아래 매개변수화 테스트가 하나도 돌지 않으므로 따로 확인합니다.
    assert len(EXAMPLES) >= 4, EXAMPLES


def run_record(smoke_build, script: Path) -> dict:
    docname = example_docname(script, EXAMPLES_DIR)
    record = read_record(smoke_build.source, docname)
    if record is None:
        pytest.fail(f"{docname}: 실행 기록이 없습니다. smoke 빌드가 이 예제를 실행하지 않았습니다"
                    f"(빌드 로그: {smoke_build.log}).", pytrace=False)
    return record


def calls_plt_show(script: Path) -> bool:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "show"
               and isinstance(node.func.value, ast.Name) and node.func.value.id == "plt"
               for node in ast.walk(tree))


@pytest.mark.parametrize("script", EXAMPLES, ids=page_id)
def test_example_ran_to_the_end_in_the_smoke_build(smoke_build, script):
    record = run_record(smoke_build, script)
    if record["error"]:
        pytest.fail(f"{record['page']} 예제가 실패했습니다:\n\n{record['error']}", pytrace=False)


@pytest.mark.parametrize("script", EXAMPLES, ids=page_id)
def test_example_figures_have_every_glyph_and_the_page_shows_no_python_warning(smoke_build, script):
    """그림의 글자가 모두 한글 글꼴에 있고, 페이지 출력에 파이썬 경고(영어)가 섞이지 않았습니다."""
    record = run_record(smoke_build, script)
    assert not record["glyph_warnings"], f"{record['page']}: 글꼴에 없는 글자 {record['glyph_warnings'][:3]}"
    shown = [f"{item['filename']}:{item['lineno']}: {item['category']}: {item['message']}"
             for item in record["warnings"]]
    assert not shown, f"{record['page']}: 페이지 출력에 나온 경고 {shown[:3]}"


@pytest.mark.parametrize("script", EXAMPLES, ids=page_id)
def test_example_that_shows_figures_has_them_on_its_page(smoke_site, smoke_build, script):
    record = run_record(smoke_build, script)
    if calls_plt_show(script):
        assert record["figures"] >= 1, f"{record['page']}: plt.show()를 부르는데 그림이 없습니다"
    html = (smoke_site / f"{record['page']}.html").read_text(encoding="utf-8")
    assert html.count(f'src="../../_images/sphx_glr_{script.stem}_') == record["figures"], record["page"]


@pytest.mark.unit
def test_a_failing_example_names_its_page_and_shows_its_traceback(monkeypatch, tmp_path):
    """실패한 예제의 기록은 테스트 출력에 페이지 이름과 오류 추적을 보입니다(기록을 직접 써서 확인).

    진짜 Sphinx-Gallery 빌드에서 실패한 예제가 이런 기록을 남기는지는 test_example_runs.py가 봅니다.
    """
    import json

    import example_runs

    from conftest import SiteBuild

    page = tmp_path / "auto_examples" / "01_a" / "plot_x"
    page.parent.mkdir(parents=True)
    record = {"page": "auto_examples/01_a/plot_x", "error": "Traceback (most recent call last):\nZeroDivisionError",
              "glyph_warnings": [], "warnings": [], "log_warnings": [], "figures": 0}
    example_runs.record_path(page).write_text(json.dumps(record), encoding="utf-8")
    fake = SiteBuild(1, tmp_path, tmp_path / "html", tmp_path / "build.log")
    script = tmp_path / "examples" / "01_a" / "plot_x.py"
    monkeypatch.setattr(sys.modules[__name__], "EXAMPLES_DIR", tmp_path / "examples")
    with pytest.raises(pytest.fail.Exception) as failure:
        test_example_ran_to_the_end_in_the_smoke_build(fake, script)
    assert "auto_examples/01_a/plot_x 예제가 실패했습니다" in str(failure.value)
    assert "ZeroDivisionError" in str(failure.value)
