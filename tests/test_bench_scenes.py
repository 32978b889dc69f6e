"""benchmarks/bench_scenes.py: 장면 만드는 속도를 재고 JSON과 그 표를 쓰는지 작은 크기로 확인합니다."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def bench():
    spec = importlib.util.spec_from_file_location("bench_scenes", ROOT / "benchmarks" / "bench_scenes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def random_items(count: int = 50):
    rng = np.random.default_rng(0)
    items = np.zeros((count, 28, 28), dtype=np.uint8)
    items[:, 6:22, 8:20] = rng.integers(1, 256, size=(count, 16, 12))
    return items, rng.integers(0, 10, size=count)


def test_main_measures_each_config_in_turn_and_writes_the_table_from_the_json(bench, monkeypatch, tmp_path):
    monkeypatch.setattr(bench, "load_items", random_items)
    output = tmp_path / "scenes.json"
    assert bench.main(["--scenes", "40", "--repeats", "2", "--output", str(output)]) == 0
    document = json.loads(output.read_text(encoding="utf-8"))
    assert [(run["repeat"], run["config"]) for run in document["runs"]] == [
        (0, "multi"), (0, "single"), (1, "single"), (1, "multi")]
    assert all(run["scenes"] == 40 and run["wall_seconds"] > 0 for run in document["runs"])
    # 아이템 1개 설정은 장면마다 객체가 정확히 하나입니다.
    assert all(run["objects"] == 40 for run in document["runs"] if run["config"] == "single")
    assert output.with_suffix(".md").read_text(encoding="utf-8") == bench.render_markdown(document)


@pytest.mark.parametrize("argv", [["--scenes", "0"], ["--repeats", "0"], ["--configs", "multi,nope"]])
def test_bad_arguments_exit_with_usage_error(bench, argv):
    with pytest.raises(SystemExit) as excinfo:
        bench.parse_args(argv)
    assert excinfo.value.code == 2
