r"""테스트 명령의 시간: ``make test-fast``, ``make test``, 새 클론에서 ``.ci/run``\ 을 그대로 돌려 잽니다.

    python benchmarks/bench_test_time.py                     # 세 가지 모두(2코어에서 15분 안팎)
    python benchmarks/bench_test_time.py --tiers unit,all    # 새 클론의 .ci/run은 빼고
    python benchmarks/bench_test_time.py --render            # JSON에서 Markdown 표만 다시 만들기

명령은 독자가 치는 그대로 돌리고(make의 준비 단계와 pytest 작업자 수도 그대로), ``PYTEST_ADDOPTS``\ 로
pytest에 ``--durations``\ 만 더합니다. 명령 전체의 벽시계 시간, pytest가 적은 시간, 1분 평균 부하, 가장
느린 단계를 ``benchmarks/results/test_time.json``\ 과 문서(``docs/performance.md``)가 넣는 같은 이름의
``.md`` 표에 씁니다. ``.ci/run``\ 은 지금 커밋(HEAD)을 임시 폴더에 새로 클론해서 돌립니다(커밋하지 않은
변경은 들어가지 않습니다). 텐서플로를 import하지 않습니다.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import cpu_description, markdown_path, write_results  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "benchmarks" / "results" / "test_time.json"
#: 단계 이름 -> 독자가 치는 명령(표에 그대로 적습니다)
TIERS = {
    "unit": "make test-fast",
    "all": "make test",
    "ci": ".ci/run",
}
DURATIONS = 15
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)s (setup|call|teardown)\s+(\S+)$", re.M)
# 마지막 요약 줄: "700 passed, 2 skipped in 290.12s" (-q), 앞뒤에 "="가 붙기도 합니다.
_SUMMARY = re.compile(r"^=* ?(\d+ (?:passed|failed|error).*?) in ([\d.]+)s", re.M)


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


_FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.M)


def parse_pytest_output(text: str) -> dict:
    """pytest 출력에서 요약 줄, 실패한 테스트(``-ra``), 가장 느린 단계(``--durations``)를 읽습니다."""
    summary = _SUMMARY.findall(text)
    slowest = [{"seconds": float(seconds), "when": when, "test": test}
               for seconds, when, test in _DURATION.findall(text)]
    return {"summary": summary[-1][0] if summary else None,
            "pytest_seconds": float(summary[-1][1]) if summary else None,
            "failed": _FAILED.findall(text), "slowest": slowest}


def run_tier(name: str) -> dict:
    r"""한 명령을 그대로 돌려 잽니다.

    ``ci``\ 는 HEAD를 임시 폴더에 클론해서 ``bash .ci/run``\ 으로 돌립니다.
    """
    env = {**os.environ, "PYTEST_ADDOPTS": f"-q -p no:cacheprovider --durations={DURATIONS}"}
    env.pop("CNN_VISION_SMOKE_SITE", None)  # 미리 빌드한 사이트를 쓰지 않습니다
    # 클론은 /tmp 밖(홈 폴더)에 둡니다: /tmp를 가리는 테스트가 클론 안의 가상 환경까지 가리지 않도록.
    with tempfile.TemporaryDirectory(prefix="bench-tests-", dir=Path.home()) as scratch:
        if name == "ci":
            clone = Path(scratch) / "repo"
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
            command, cwd = ["bash", ".ci/run"], clone
        else:
            command, cwd = TIERS[name].split(), ROOT
        before = load_average()
        start = time.perf_counter()
        completed = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        seconds = time.perf_counter() - start
    return {"tier": name, "returncode": completed.returncode, "seconds": round(seconds, 1),
            "load_average_1min": {"before": before, "after": load_average()},
            **parse_pytest_output(completed.stdout)}


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}분 {rest}초"


def render_markdown(document: dict) -> str:
    """결과 JSON을 문서에 넣을 Markdown 표로 바꿉니다(숫자는 모두 JSON에서 옵니다)."""
    cpu = document["cpu"]
    lines = [
        "<!-- benchmarks/bench_test_time.py가 만든 파일입니다. 손으로 고치지 마세요. -->",
        "",
        f"CPU: {cpu['model']} {cpu['count']}개, 측정 {document['started'][:10]}, "
        f"커밋 {document['commit'] or '알 수 없음'}.",
        "",
        "| 명령 | 결과 | 명령 전체 | 그 가운데 pytest | 1분 평균 부하(시작, 끝) |",
        "|------|------|---------:|----------------:|------------------------:|",
    ]
    for run in document["runs"]:
        load = run["load_average_1min"]
        load_text = ", ".join("?" if value is None else f"{value:.1f}"
                              for value in (load["before"], load["after"]))
        result = run["summary"] or f"종료 코드 {run['returncode']}"
        lines.append(f"| `{TIERS[run['tier']]}` | {result} | {_minutes(run['seconds'])} | "
                     f"{_minutes(run.get('pytest_seconds'))} | {load_text} |")
    for run in document["runs"]:
        if run.get("failed"):
            lines += ["", f"`{TIERS[run['tier']]}`에서 실패한 테스트: "
                      + ", ".join(f"`{test}`" for test in run["failed"])]
    for run in document["runs"]:
        if not run["slowest"]:
            continue
        lines += ["", f"`{TIERS[run['tier']]}`에서 가장 오래 걸린 단계 {len(run['slowest'])}개(초):", "",
                  "| 초 | 단계 | 테스트 |", "|---:|------|--------|"]
        lines += [f"| {item['seconds']:.1f} | {item['when']} | `{item['test']}` |" for item in run["slowest"]]
    lines += [
        "",
        f"1분 평균 부하가 CPU 수({cpu['count']}개)보다 크면 다른 작업과 CPU를 나눠 쓴 것이라 시간은 상한으로 "
        "읽어야 합니다. `make test`의 첫 단계(사이트 빌드)가 모든 예제를 한 번씩 실행합니다. `.ci/run`은 "
        "새 클론에서 가상 환경을 만들고 패키지(pip 캐시에서), axe-core, 데이터를 준비한 뒤 `make test`를 "
        "돌린 시간입니다.",
    ]
    return "\n".join(lines) + "\n"


def git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", default="unit,all,ci", help="잴 단계(쉼표로 구분): unit, all, ci")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="결과 JSON 파일")
    parser.add_argument("--render", action="store_true", help="JSON에서 Markdown 표만 다시 만듭니다")
    args = parser.parse_args(argv)
    if args.render:
        import json

        document = json.loads(args.output.read_text(encoding="utf-8"))
        markdown_path(args.output).write_text(render_markdown(document), encoding="utf-8")
        return 0
    names = [name.strip() for name in args.tiers.split(",") if name.strip()]
    unknown = [name for name in names if name not in TIERS]
    if unknown:
        parser.error(f"--tiers에 모르는 단계가 있습니다: {', '.join(unknown)} "
                     f"(쓸 수 있는 것: {', '.join(TIERS)})")
    document = {"benchmark": "test_time", "cpu": cpu_description(), "commit": git_commit(),
                "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "runs": []}
    for name in names:
        print(f">> {TIERS[name]} 시간을 잽니다...", flush=True)
        document["runs"].append(run_tier(name))
    print(write_results(args.output, document, render_markdown))
    return 0 if all(run["returncode"] == 0 for run in document["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
