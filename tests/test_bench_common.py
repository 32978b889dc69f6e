"""benchmarks/bench_common.py(벤치마크가 함께 쓰는 것, 텐서플로 없이)와 bench_test_time.py의 표."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cnn_vision import runtime

pytestmark = pytest.mark.unit

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench_common  # noqa: E402
import bench_test_time  # noqa: E402


def test_shared_code_imports_without_tensorflow():
    import subprocess

    code = ("import sys; sys.path.insert(0, sys.argv[1]); import bench_common, bench_test_time; "
            "print('tensorflow' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(BENCHMARKS)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "False", result.stderr[-2000:]


def test_shared_code_describes_the_cpu_through_runtime():
    assert bench_common.cpu_description() == runtime.cpu_info()
    assert bench_common.cpu_flags() == set(runtime.cpu_info()["flags"])


def test_write_results_writes_json_and_the_table_rendered_from_it(tmp_path):
    path = tmp_path / "results" / "x.json"
    table = bench_common.write_results(path, {"a": 1, "이름": "값"},
                                       lambda document: f"| {document['a']} |\n")
    assert json.loads(path.read_text(encoding="utf-8")) == {"a": 1, "이름": "값"}
    assert bench_common.markdown_path(path).read_text(encoding="utf-8") == table == "| 1 |\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.json", "x.md"]  # 임시 파일이 남지 않습니다


def test_a_failing_render_leaves_the_previous_table(tmp_path):
    path = tmp_path / "x.json"
    bench_common.write_results(path, {"a": 1}, lambda document: "옛 표\n")

    def broken(document):
        raise KeyError("없는 열")

    with pytest.raises(KeyError):
        bench_common.write_results(path, {"a": 2}, broken)
    assert bench_common.markdown_path(path).read_text(encoding="utf-8") == "옛 표\n"


def test_pytest_durations_and_summary_are_parsed():
    output = (
        "....\n============================= slowest 3 durations =============================\n"
        "200.51s setup    tests/test_docs_build.py::test_whole_site_builds_with_warnings_as_errors\n"
        "12.02s call     tests/test_notebooks.py::test_light_notebook_runs\n"
        "0.50s teardown tests/test_x.py::test_y[a-b]\n"
        "========== 700 passed, 2 skipped in 290.12s (0:04:50) ==========\n"
    )
    parsed = bench_test_time.parse_pytest_output(output)
    assert parsed["summary"] == "700 passed, 2 skipped"
    assert parsed["pytest_seconds"] == 290.12
    assert [(item["seconds"], item["when"]) for item in parsed["slowest"]] == [
        (200.51, "setup"), (12.02, "call"), (0.5, "teardown")]
    assert parsed["slowest"][2]["test"] == "tests/test_x.py::test_y[a-b]"
    quiet = ("....\nFAILED tests/test_a.py::test_b[x] - AssertionError: 틀림\n"
             "1 failed, 415 passed, 1 skipped, 366 deselected, 1 warning in 55.00s\n")
    parsed = bench_test_time.parse_pytest_output(quiet)
    assert parsed["summary"] == "1 failed, 415 passed, 1 skipped, 366 deselected, 1 warning"
    assert parsed["failed"] == ["tests/test_a.py::test_b[x]"]
    assert parsed["pytest_seconds"] == 55.0
    assert bench_test_time.parse_pytest_output("make: *** [test] Error 2\n")["pytest_seconds"] is None


def test_checked_in_test_time_table_is_rendered_from_its_json():
    path = BENCHMARKS / "results" / "test_time.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    rendered = bench_test_time.render_markdown(document)
    assert bench_common.markdown_path(path).read_text(encoding="utf-8") == rendered
    assert {run["tier"] for run in document["runs"]} == {"unit", "all", "ci"}
