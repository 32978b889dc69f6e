"""호스팅 사이트 점검(.github/workflows/site-watch.yml, .github/scripts/site_watch.py)을 네트워크 없이
확인합니다: 가짜 실행의 결과에서 실패 목록을 뽑고, 이슈 본문을 그리고, 이슈를 열고 고치고 닫는 결정을
가짜 gh로 봅니다. 노트북 실행은 작은 노트북 둘(통과, 실패)을 진짜 커널에서 돌려 봅니다."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "site-watch.yml"
SCRIPT = ROOT / ".github" / "scripts" / "site_watch.py"

spec = importlib.util.spec_from_file_location("site_watch", SCRIPT)
site_watch = importlib.util.module_from_spec(spec)
sys.modules["site_watch"] = site_watch  # dataclass가 모듈을 찾습니다
spec.loader.exec_module(site_watch)

COMMIT = "0123456789abcdef0123456789abcdef01234567"
RUN_URL = "https://github.com/o/r/actions/runs/1"

# 가짜 실행의 결과: linkcheck output.json(한 줄에 JSON 하나), 노트북 결과, 빌드 로그
LINKCHECK = [
    {"filename": "index.md", "lineno": 3, "status": "working", "code": 0, "uri": "https://ok.example", "info": ""},
    {"filename": "data.md", "lineno": 9, "status": "broken", "code": 404, "uri": "https://gone.example/x",
     "info": "404 Client Error: Not Found"},
    {"filename": "glossary.md", "lineno": 1, "status": "broken", "code": 404, "uri": "https://gone.example/x",
     "info": "404 Client Error: Not Found"},  # 같은 주소가 두 번: 한 번만 적습니다
    {"filename": "api.rst", "lineno": 5, "status": "timeout", "code": 0, "uri": "https://slow.example", "info": ""},
    {"filename": "index.md", "lineno": 7, "status": "redirected", "code": 301, "uri": "https://moved.example",
     "info": "https://new.example"},
    {"filename": "index.md", "lineno": 8, "status": "ignored", "code": 0, "uri": "https://skip.example", "info": ""},
]
NOTEBOOKS = [
    {"notebook": "notebooks/auto_examples/01_convolution/plot_02_conv_layer.ipynb", "ok": True, "seconds": 40.0,
     "error": ""},
    {"notebook": "notebooks/auto_examples/04_pretrained/plot_01_resnet50.ipynb", "ok": False, "seconds": 12.5,
     "error": "StandinRefused: ImageNet 가중치를 받지 못했습니다"},
]
BUILD_LOG = """Running Sphinx v9.0.4
\x1b[31m/docs/auto_examples/04_pretrained/plot_01_resnet50.rst:12: WARNING: 예제가 실패했습니다\x1b[0m
build finished with problems, 1 warning (with warnings treated as errors).
make: *** [Makefile:120: html] Error 1
"""


def fake_run(tmp_path: Path, linkcheck=LINKCHECK, notebooks=NOTEBOOKS) -> Path:
    (tmp_path / "output.json").write_text("\n".join(json.dumps(entry) for entry in linkcheck) + "\n",
                                          encoding="utf-8")
    results = tmp_path / "notebook-results"
    results.mkdir()
    for index, result in enumerate(notebooks):
        (results / f"{index}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "build.log").write_text(BUILD_LOG, encoding="utf-8")
    return tmp_path


def test_failures_from_a_fake_run(tmp_path):
    run = fake_run(tmp_path)
    build = site_watch.build_failures("failure", BUILD_LOG)
    assert len(build) == 1 and build[0].kind == "빌드"
    assert "plot_01_resnet50.rst:12: WARNING: 예제가 실패했습니다" in build[0].detail
    assert "\x1b" not in build[0].detail
    assert site_watch.build_failures("success", BUILD_LOG) == []

    links = site_watch.link_failures((run / "output.json").read_text().splitlines())
    assert [(failure.what, failure.detail.split(" ")[0]) for failure in links] == [
        ("https://gone.example/x", "broken"), ("https://slow.example", "timeout")]
    assert "data.md:9" in links[0].detail

    notebooks = site_watch.notebook_failures(site_watch.read_notebook_results(run / "notebook-results"))
    assert [failure.what for failure in notebooks] == ["plot_01_resnet50.ipynb"]
    assert "StandinRefused" in notebooks[0].detail
    # 결과가 기대한 수보다 적으면(실행되지 않은 노트북) 그것도 실패입니다.
    missing = site_watch.notebook_failures(NOTEBOOKS[:1], expected=3)
    assert [failure.what for failure in missing] == ["결과가 3개 가운데 1개뿐입니다"]
    # linkcheck가 결과 없이 실패하면 그것도 적습니다.
    assert site_watch.link_failures([], "failure")[0].what == "linkcheck 실행: failure"
    assert site_watch.link_failures([], "skipped") == []


def test_report_command_writes_the_issue_body_and_prints_the_failure_count(tmp_path, capsys):
    run = fake_run(tmp_path)
    body = tmp_path / "body.md"
    site_watch.main(["report", "--run-url", RUN_URL, "--commit", COMMIT, "--build", "failure",
                     "--build-log", str(run / "build.log"), "--linkcheck", str(run / "output.json"),
                     "--notebooks", str(run / "notebook-results"), "--expected-notebooks", "2",
                     "--out", str(body)])
    assert capsys.readouterr().out.strip() == "4"  # 빌드 1 + 링크 2 + 노트북 1
    text = body.read_text(encoding="utf-8")
    assert text.startswith(site_watch.MARKER + "\n## 호스팅 사이트 점검 실패")
    assert RUN_URL in text and f"`{COMMIT}`" in text
    assert "### 빌드 (1건)" in text and "### 바깥 링크 (2건)" in text and "### 노트북 (1건)" in text
    assert "- **https://gone.example/x**" in text and "plot\\_01\\_resnet50.ipynb" in text
    assert "바깥 링크 6개" in text and "노트북 2개" in text


def test_issue_body_when_everything_passes_and_its_markdown_stays_closed():
    body = site_watch.render_body([], RUN_URL, COMMIT, {"빌드": "success"})
    assert "모두 통과" in body and "실패가 없습니다." in body and "###" not in body
    # 자세한 내용의 ``` 은 코드 블록을 끝내지 못하게 바꾸고, 제목의 <, *, _ 는 글자로 씁니다.
    failure = site_watch.Failure("노트북", "<b>x</b>_*y*", "앞\n```\n뒤")
    body = site_watch.render_body([failure], RUN_URL, COMMIT, {})
    assert body.count("```") == 2 and "&lt;b>x&lt;/b>\\_\\*y\\*" in body


class FakeGh:
    """gh 명령을 기록하고, 열린 이슈 목록만 돌려주는 가짜."""

    def __init__(self, issues: list[dict]):
        self.issues = issues
        self.calls: list[list[str]] = []

    def __call__(self, args: list[str]) -> str:
        self.calls.append(args)
        if args[:2] == ["issue", "list"]:
            return json.dumps(self.issues)
        return ""


OPEN = [{"number": 7, "body": site_watch.MARKER + "\n## 호스팅 사이트 점검 실패"},
        {"number": 3, "body": "다른 사람이 연 이슈(표시 없음)"}]


@pytest.mark.parametrize(("issues", "failures", "action", "verbs"), [
    ([], 2, "created", [["label", "create"], ["issue", "create"]]),
    (OPEN, 2, "updated", [["issue", "edit", "7"], ["issue", "comment", "7"]]),
    (OPEN, 0, "closed", [["issue", "close", "7"]]),
    ([], 0, "nothing", []),
    (OPEN[1:], 0, "nothing", []),  # 표시 없는 이슈는 건드리지 않습니다
])
def test_one_issue_is_opened_updated_or_closed(issues, failures, action, verbs):
    gh = FakeGh(issues)
    assert site_watch.sync_issue(gh, "본문", failures, RUN_URL) == action
    assert gh.calls[0][:2] == ["issue", "list"] and "--label" in gh.calls[0]
    done = gh.calls[1:]
    assert [call[:len(verb)] for call, verb in zip(done, verbs)] == verbs and len(done) == len(verbs)
    if action == "created":
        assert done[1][done[1].index("--title") + 1] == site_watch.TITLE
        assert done[1][done[1].index("--body") + 1] == "본문"


def write_notebook(path: Path, first: str, second: str) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(first), nbformat.v4.new_code_cell(second)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def test_run_notebook_records_pass_failure_and_a_wrong_commit(tmp_path):
    """진짜 커널로 작은 노트북을 실행합니다. 첫 셀의 설치 주소가 다른 커밋이면 실행하지 않고 실패입니다."""
    first = f'SOURCE = "cnn-vision-ko @ git+https://github.com/o/r@{COMMIT}"'
    passing = write_notebook(tmp_path / "pass.ipynb", first, "print('안녕')")
    failing = write_notebook(tmp_path / "fail.ipynb", first, "raise ValueError('일부러 낸 오류')")
    stale = write_notebook(tmp_path / "stale.ipynb", first.replace(COMMIT, "main"), "print(1)")

    ok = site_watch.run_notebook(passing, COMMIT, timeout=120)
    assert ok["ok"] and ok["error"] == ""
    bad = site_watch.run_notebook(failing, COMMIT, timeout=120)
    assert not bad["ok"] and "일부러 낸 오류" in bad["error"]
    wrong = site_watch.run_notebook(stale, COMMIT, timeout=120)
    assert not wrong["ok"] and COMMIT in wrong["error"]

    out = tmp_path / "results" / "pass.json"
    assert site_watch.main(["run-notebook", str(passing), "--commit", COMMIT, "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["ok"] is True


def test_workflow_runs_weekly_and_on_demand_with_standins_refused():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert re.search(r"on:\n  schedule:\n    - cron: \"[^\"]+\"[^\n]*\n  workflow_dispatch:", text)
    assert text.count('CNN_VISION_REQUIRE_REAL: "1"') == 2  # 빌드와 노트북 모두
    assert re.search(r"make html 2>&1 \| tee build.log", text) and "CONSTRAINTS: constraints.txt" in text
    assert "-b linkcheck" in text
    assert "site_watch.py run-notebook" in text and '--commit "$GITHUB_SHA"' in text
    assert "site_watch.py report" in text and "site_watch.py sync-issue" in text
    # 이슈를 쓸 권한은 보고 작업에만 있습니다.
    assert text.count("issues: write") == 1 and text.index("issues: write") > text.index("  report:")
