"""benchmarks/bench_page_times.py: 빌드 폴더의 Sphinx-Gallery 시간 기록을 읽어 표로 만드는지 확인합니다."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def bench():
    spec = importlib.util.spec_from_file_location("bench_page_times",
                                                  ROOT / "benchmarks" / "bench_page_times.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def write_example(examples: Path, source: Path, name: str, title: str, seconds: float | None,
                  profile: str = "docs"):
    gallery, stem = name.split("/")
    script = examples / gallery / f"{stem}.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(f'r"""\n{"=" * 10}\n{title}\n{"=" * 10}\n\n설명.\n"""\nprint(1)\n', encoding="utf-8")
    built = source / "auto_examples" / gallery
    built.mkdir(parents=True, exist_ok=True)
    if seconds is not None:
        (built / f"{stem}.cost.json").write_text(json.dumps({"time": seconds, "memory": 0.0}))
        build = {"profile": profile, "device": "CPU 테스트 (2코어, GPU 없음)", "date": "2026-12-04"}
        (built / f"{stem}.run.json").write_text(json.dumps({"seconds": seconds, "build": build},
                                                           ensure_ascii=False), encoding="utf-8")


def test_collect_reads_times_and_build_info_and_skips_examples_that_did_not_run(bench, tmp_path):
    examples, source = tmp_path / "examples", tmp_path / "docs"
    write_example(examples, source, "01_a/plot_01_first", "첫 페이지", 12.34)
    write_example(examples, source, "02_b/plot_01_second", "둘째 페이지", 250.0)
    write_example(examples, source, "02_b/plot_02_not_run", "실행 안 함", None)
    document = bench.collect(source, examples)
    assert document["examples_total"] == 3
    assert [(page["page"], page["title"], page["seconds"]) for page in document["pages"]] == [
        ("01_a/plot_01_first", "첫 페이지", 12.3), ("02_b/plot_01_second", "둘째 페이지", 250.0)]
    table = bench.render_markdown(document)
    assert "예제 3개 가운데 실행 시간이 기록된 2개" in table
    # 오래 걸린 페이지가 먼저, 비율은 기록된 페이지의 합계에 대한 몫입니다.
    assert table.index("둘째 페이지") < table.index("첫 페이지")
    assert "| 250초 | 95% |" in table and "| 합계 | | 262초 | 100% |" in table


def test_collect_names_the_missing_build_folder(bench, tmp_path):
    with pytest.raises(FileNotFoundError, match="make html"):
        bench.collect(tmp_path / "docs", tmp_path / "examples")
