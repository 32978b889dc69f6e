r"""사이트를 빌드할 때 Sphinx-Gallery가 잰 예제 페이지별 실행 시간을 모아 기록합니다.

Sphinx-Gallery는 예제를 실행할 때마다 걸린 시간을 생성 폴더(``docs/auto_examples/<갤러리>/``)의
``plot_*.cost.json``\ 에 남기고(페이지 맨 아래의 실행 시간), 이 사이트의 실행 기록 확장
(``docs/_ext/example_runs.py``)은 같은 자리의 ``plot_*.run.json``\ 에 그때의 실행 프로필, 장치, 날짜를
남깁니다. 이 스크립트는 빌드하지 않고 그 두 파일만 읽어 ``benchmarks/results/page_times.json``\ 과
같은 이름의 ``.md`` 표를 씁니다. 문서의 "빌드 성능" 페이지가 이 표를 그대로 넣습니다.

실행::

    make clean html                 # docs 프로필로 모든 예제를 실행하는 빌드
    make bench-page-times           # 그 빌드가 잰 시간을 기록
    python benchmarks/bench_page_times.py --source /tmp/docs-copy/docs --note "부하 2.1~3.0"

실행하지 않은 예제(시간 기록이 없음)는 표에서 빠지고, 표 위에 몇 개를 쟀는지 적습니다.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results" / "page_times.json"
GALLERY_DIR = "auto_examples"


def page_title(script: Path) -> str:
    """예제 스크립트의 제목(모듈 문서 문자열에서 밑줄 위의 줄)."""
    docstring = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    lines = [line.strip() for line in docstring.splitlines()]
    for index, line in enumerate(lines[:-1]):
        if line and lines[index + 1] and set(lines[index + 1]) == {"="}:
            return line
    return script.stem


def collect(source: Path, examples: Path = EXAMPLES) -> dict:
    """``source``\\ (Sphinx 소스 폴더)의 생성 폴더에서 예제마다 시간과 빌드 정보를 읽습니다."""
    gallery = source / GALLERY_DIR
    if not gallery.is_dir():
        raise FileNotFoundError(f"{gallery}가 없습니다. 먼저 사이트를 빌드하세요(make html): source={source}")
    scripts = sorted(examples.glob("*/plot_*.py"))
    pages = []
    for script in scripts:
        folder = gallery / script.parent.name
        cost_file = folder / f"{script.stem}.cost.json"
        run_file = folder / f"{script.stem}.run.json"
        if not cost_file.is_file():
            continue
        seconds = float(json.loads(cost_file.read_text(encoding="utf-8"))["time"])
        if seconds <= 0:
            continue
        run = json.loads(run_file.read_text(encoding="utf-8")) if run_file.is_file() else {}
        info = run.get("build", {})
        pages.append({"page": f"{script.parent.name}/{script.stem}", "title": page_title(script),
                      "seconds": round(seconds, 1), "profile": info.get("profile", "알 수 없음"),
                      "device": info.get("device", "알 수 없음"), "date": info.get("date", "")})
    return {"benchmark": "page_times", "examples_total": len(scripts), "pages": pages}


def render_markdown(document: dict) -> str:
    """결과 JSON을 Markdown 표로 바꿉니다(숫자는 모두 JSON에서 옵니다)."""
    pages = sorted(document["pages"], key=lambda page: -page["seconds"])
    total = sum(page["seconds"] for page in pages)
    devices = sorted({page["device"] for page in pages})
    dates = sorted({page["date"] for page in pages if page["date"]})
    profiles = sorted({page["profile"] for page in pages})
    period = f"{dates[0]}~{dates[-1]}" if len(dates) > 1 else (dates[0] if dates else "알 수 없음")
    lines = [
        "<!-- benchmarks/bench_page_times.py가 만든 파일입니다. 손으로 고치지 마세요. -->",
        "",
        f"예제 {document['examples_total']}개 가운데 실행 시간이 기록된 {len(pages)}개, "
        f"프로필: {', '.join(profiles)}. 장치: {'; '.join(devices)}. 실행한 날: {period}.",
        "",
        "| 페이지 | 프로필 | 실행 시간 | 기록된 페이지 합계 중 |",
        "|--------|--------|----------:|---------------------:|",
    ]
    for page in pages:
        gallery, name = page["page"].split("/")
        link = f"{{doc}}`{page['title']} </auto_examples/{gallery}/{name}>`"
        lines.append(f"| {link} | {page['profile']} | {page['seconds']:.0f}초 | "
                     f"{page['seconds'] / total:.0%} |")
    lines.append(f"| 합계 | | {total:.0f}초 | 100% |")
    if document.get("note"):
        lines += ["", document["note"]]
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT / "docs",
                        help="빌드한 Sphinx 소스 폴더(기본 docs; 그 안의 auto_examples를 읽습니다)")
    parser.add_argument("--note", default="",
                        help="표 아래에 적을 한 줄(예: 빌드하는 동안의 부하)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="결과 JSON 파일(기본 benchmarks/results/page_times.json); 같은 이름의 .md에 표")
    parser.add_argument("--render", action="store_true",
                        help="읽지 않고 --output의 JSON에서 표만 다시 만듭니다")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if args.render:
        document = json.loads(args.output.read_text(encoding="utf-8"))
    else:
        try:
            document = collect(args.source)
        except FileNotFoundError as error:
            print(f"오류: {error}", file=sys.stderr)
            return 1
        if not document["pages"]:
            print(f"오류: {args.source / GALLERY_DIR}에 실행 시간이 기록된 예제가 없습니다", file=sys.stderr)
            return 1
        document["note"] = args.note
        document["recorded"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    from bench_common import write_results

    print(write_results(args.output, document, render_markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
