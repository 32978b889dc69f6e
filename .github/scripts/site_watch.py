#!/usr/bin/env python3
"""호스팅 사이트 점검(.github/workflows/site-watch.yml)의 일: 노트북 실행, 실패 목록, 이슈 하나 관리.

예약 워크플로가 매주(그리고 손으로) 부릅니다. 깃허브에 닿는 일(gh 명령)은 한 함수(:func:`sync_issue`)에만
있고, 나머지(결과 읽기, 실패 목록, 이슈 본문)는 파일만 다루므로 테스트가 네트워크 없이 확인합니다
(tests/test_site_watch.py).

명령:
    run-notebook NOTEBOOK --commit SHA --out RESULT.json [--timeout 초]
        노트북 하나를 nbclient로 처음부터 끝까지 실행하고 결과를 JSON으로 씁니다. 실행 전에 첫 코드
        셀이 SHA의 이 패키지를 설치하는지 봅니다(사이트를 빌드한 커밋과 같은 코드로 도는지).
    report --run-url URL --commit SHA --build OUTCOME [--build-log 파일] [--linkcheck output.json]
           [--linkcheck-outcome OUTCOME] [--notebooks 폴더] [--expected-notebooks N] --out BODY.md
        모든 결과를 모아 실패 목록과 이슈 본문을 씁니다. 실패 수를 출력합니다.
    sync-issue --body BODY.md --failures N [--repo 소유자/이름]
        실패가 있으면 열린 점검 이슈를 고치거나 새로 열고, 없으면 열린 이슈를 닫습니다(gh 명령).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

#: 점검 이슈를 알아보는 표시(본문 첫 줄)와 레이블, 제목
MARKER = "<!-- site-watch -->"
LABEL = "site-watch"
TITLE = "호스팅 사이트 점검 실패"
#: linkcheck가 실패로 보는 상태(working, redirected, ignored, unchecked, local은 실패가 아님)
LINK_FAILURES = ("broken", "timeout")
#: 빌드 로그에서 뽑는 줄(Sphinx의 경고와 오류, 예제의 예외)
_LOG_PROBLEM = re.compile(r"(: (?:WARNING|ERROR|CRITICAL): |Traceback|Error: |StandinRefused|대체물)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Failure:
    """실패 하나: 어느 단계(kind), 무엇(what), 자세한 내용(detail, 여러 줄)."""

    kind: str
    what: str
    detail: str = ""


# -- 노트북 실행 ------------------------------------------------------------------------------------


def pinned_commit(notebook: dict, commit: str) -> bool:
    """첫 코드 셀이 ``commit``\\ 의 이 패키지를 설치하는지(``...@<commit>`` 주소)."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            source = "".join(cell.get("source", ""))
            return re.search(rf"@{re.escape(commit)}\b", source) is not None
    return False


def run_notebook(path: Path, commit: str, timeout: int = 3600) -> dict:
    """노트북을 새 커널에서 실행하고 결과(사전)를 돌려줍니다. 실패해도 예외 대신 결과에 적습니다.

    Parameters
    ----------
    path : pathlib.Path
        실행할 ``.ipynb``.
    commit : str
        첫 셀이 설치해야 하는 커밋(사이트를 빌드한 커밋). 빈 문자열이면 확인하지 않습니다.
    timeout : int
        셀 하나에 허용하는 최대 시간(초).

    Returns
    -------
    dict
        ``notebook``(경로), ``ok``, ``seconds``, ``error``(실패한 까닭, 성공이면 빈 문자열).
    """
    import nbformat
    from nbclient import NotebookClient

    started = time.perf_counter()
    result = {"notebook": str(path), "ok": False, "seconds": 0.0, "error": ""}
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:  # 읽을 수 없는 파일도 결과로 남깁니다
        result["error"] = f"노트북을 읽지 못했습니다: {error}"
        return result
    if commit and not pinned_commit(notebook, commit):
        result["error"] = f"첫 코드 셀이 사이트를 빌드한 커밋({commit})의 패키지를 설치하지 않습니다."
        return result
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
        result["ok"] = True
    except Exception as error:
        result["error"] = _ANSI.sub("", str(error))[-4000:]
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


# -- 결과 모으기 -----------------------------------------------------------------------------------


def build_failures(outcome: str, log: str = "") -> list[Failure]:
    """빌드 단계의 실패: 결과가 success가 아니면 로그에서 경고·오류 줄을 뽑아 붙입니다."""
    if outcome == "success":
        return []
    lines = [_ANSI.sub("", line).rstrip() for line in log.splitlines()]
    problems = [line for line in lines if _LOG_PROBLEM.search(line)]
    detail = "\n".join(problems[:40] or lines[-40:])
    return [Failure("빌드", f"사이트 빌드(make html, 대체물 금지): {outcome}", detail)]


def link_failures(lines: Iterable[str], outcome: str = "success") -> list[Failure]:
    """Sphinx linkcheck의 ``output.json``\\ (한 줄에 JSON 하나)에서 깨진 바깥 링크를 뽑습니다."""
    failures = []
    seen = set()
    for line in lines:
        line = line.strip()
        if not line:
            continue
        entry = json.loads(line)
        if entry.get("status") not in LINK_FAILURES:
            continue
        key = (entry.get("uri"), entry.get("status"))
        if key in seen:
            continue
        seen.add(key)
        where = f"{entry.get('filename', '?')}:{entry.get('lineno', '?')}"
        failures.append(Failure("바깥 링크", entry.get("uri", "?"),
                                f"{entry.get('status')} ({where}): {entry.get('info', '')}".strip()))
    if not failures and outcome not in ("success", "skipped"):
        failures.append(Failure("바깥 링크", f"linkcheck 실행: {outcome}", "linkcheck가 결과를 남기지 못했습니다."))
    return failures


def notebook_failures(results: Iterable[dict], expected: int | None = None) -> list[Failure]:
    """노트북 실행 결과들에서 실패를 뽑습니다. 결과가 기대한 수보다 적으면 그것도 실패입니다."""
    results = list(results)
    failures = [Failure("노트북", Path(result["notebook"]).name,
                        f"{result.get('seconds', 0)} s\n{result.get('error', '')}".strip())
                for result in results if not result.get("ok")]
    if expected is not None and len(results) < expected:
        failures.append(Failure("노트북", f"결과가 {expected}개 가운데 {len(results)}개뿐입니다",
                                "실행하지 못했거나 시간 안에 끝나지 않은 노트북이 있습니다."))
    return failures


def read_notebook_results(folder: Path) -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(Path(folder).rglob("*.json"))]


# -- 이슈 본문 ------------------------------------------------------------------------------------


def render_body(failures: list[Failure], run_url: str, commit: str, checked: dict[str, int | str]) -> str:
    """점검 이슈의 본문(마크다운). 실패가 없으면 "모두 통과" 본문을 돌려줍니다.

    ``checked``\\ 는 단계마다 확인한 것(예: ``{"노트북": 24, "바깥 링크": "linkcheck"}``)입니다.
    """
    lines = [MARKER, f"## {TITLE}" if failures else "## 호스팅 사이트 점검: 모두 통과", ""]
    lines.append(f"- 실행: {run_url}")
    lines.append(f"- 커밋: `{commit}`")
    lines.append("- 확인한 것: " + ", ".join(f"{kind} {value}" for kind, value in checked.items()))
    lines.append("")
    if not failures:
        lines.append("실패가 없습니다.")
        return "\n".join(lines) + "\n"
    lines.append(f"실패 {len(failures)}건. 다음 예약 실행이 모두 통과하면 이 이슈는 저절로 닫힙니다.")
    for kind in dict.fromkeys(failure.kind for failure in failures):
        group = [failure for failure in failures if failure.kind == kind]
        lines += ["", f"### {kind} ({len(group)}건)", ""]
        for failure in group:
            lines.append(f"- **{_inline(failure.what)}**")
            if failure.detail:
                detail = failure.detail if len(failure.detail) < 3000 else "…" + failure.detail[-3000:]
                lines += ["", "  <details><summary>자세히</summary>", "", "  ```text"]
                lines += ["  " + line.replace("```", "ʼʼʼ") for line in detail.splitlines()]
                lines += ["  ```", "", "  </details>"]
    return "\n".join(lines) + "\n"


def _inline(text: str) -> str:
    return text.replace("\n", " ").replace("*", r"\*").replace("_", r"\_").replace("<", "&lt;")


# -- 이슈 하나 관리 ---------------------------------------------------------------------------------

Gh = Callable[[list[str]], str]


def gh_cli(repo: str | None) -> Gh:
    """``gh`` 명령을 실행하고 표준 출력을 돌려주는 함수(GH_TOKEN이 필요합니다)."""

    def run(args: list[str]) -> str:
        command = ["gh", *args] + (["--repo", repo] if repo else [])
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise RuntimeError(f"gh 명령이 실패했습니다({' '.join(command[:3])}): {completed.stderr.strip()}")
        return completed.stdout

    return run


def open_issue(gh: Gh) -> int | None:
    """열려 있는 점검 이슈의 번호(레이블과 본문의 표시로 찾습니다). 없으면 None."""
    found = json.loads(gh(["issue", "list", "--state", "open", "--label", LABEL,
                           "--json", "number,body", "--limit", "50"]) or "[]")
    numbers = sorted(issue["number"] for issue in found if MARKER in (issue.get("body") or ""))
    return numbers[0] if numbers else None


def sync_issue(gh: Gh, body: str, failures: int, run_url: str = "") -> str:
    """실패가 있으면 이슈를 열거나 고치고, 없으면 닫습니다. 한 일을 한 낱말로 돌려줍니다.

    Returns
    -------
    str
        ``"created"``, ``"updated"``, ``"closed"``, ``"nothing"`` 가운데 하나.
    """
    number = open_issue(gh)
    if failures > 0:
        if number is None:
            gh(["label", "create", LABEL, "--color", "B60205", "--force",
                "--description", "예약 점검(site-watch.yml)이 관리하는 이슈"])
            gh(["issue", "create", "--title", TITLE, "--label", LABEL, "--body", body])
            return "created"
        gh(["issue", "edit", str(number), "--body", body])
        gh(["issue", "comment", str(number), "--body", f"점검을 다시 했고 실패 {failures}건이 남았습니다. {run_url}".strip()])
        return "updated"
    if number is not None:
        gh(["issue", "close", str(number), "--comment", f"점검이 모두 통과해 닫습니다. {run_url}".strip()])
        return "closed"
    return "nothing"


# -- 명령줄 ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="호스팅 사이트 점검(.github/workflows/site-watch.yml)")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run-notebook", help="노트북 하나를 실행하고 결과 JSON을 씁니다")
    run.add_argument("notebook", type=Path)
    run.add_argument("--commit", default="")
    run.add_argument("--out", type=Path, required=True)
    run.add_argument("--timeout", type=int, default=3600)

    report = commands.add_parser("report", help="결과를 모아 이슈 본문을 씁니다")
    report.add_argument("--run-url", required=True)
    report.add_argument("--commit", required=True)
    report.add_argument("--build", required=True, help="빌드 단계의 결과(success, failure, ...)")
    report.add_argument("--build-log", type=Path)
    report.add_argument("--linkcheck", type=Path, help="linkcheck의 output.json")
    report.add_argument("--linkcheck-outcome", default="success")
    report.add_argument("--notebooks", type=Path, help="노트북 결과 JSON이 든 폴더")
    report.add_argument("--expected-notebooks", type=int)
    report.add_argument("--out", type=Path, required=True)

    sync = commands.add_parser("sync-issue", help="점검 이슈를 열거나 고치거나 닫습니다")
    sync.add_argument("--body", type=Path, required=True)
    sync.add_argument("--failures", type=int, required=True)
    sync.add_argument("--repo")
    sync.add_argument("--run-url", default="")

    args = parser.parse_args(argv)
    if args.command == "run-notebook":
        result = run_notebook(args.notebook, args.commit, args.timeout)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        print(("통과" if result["ok"] else "실패") + f": {args.notebook} ({result['seconds']} s)")
        return 0
    if args.command == "report":
        log = args.build_log.read_text(encoding="utf-8", errors="replace") if args.build_log and args.build_log.exists() else ""
        failures = build_failures(args.build, log)
        links = args.linkcheck.read_text(encoding="utf-8").splitlines() if args.linkcheck and args.linkcheck.exists() else []
        failures += link_failures(links, args.linkcheck_outcome if links or args.linkcheck else "skipped")
        results = read_notebook_results(args.notebooks) if args.notebooks and args.notebooks.exists() else []
        failures += notebook_failures(results, args.expected_notebooks)
        checked = {"빌드": args.build, "바깥 링크": f"{len(links)}개", "노트북": f"{len(results)}개"}
        args.out.write_text(render_body(failures, args.run_url, args.commit, checked), encoding="utf-8")
        print(len(failures))
        return 0
    body = args.body.read_text(encoding="utf-8")
    print(sync_issue(gh_cli(args.repo), body, args.failures, args.run_url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
