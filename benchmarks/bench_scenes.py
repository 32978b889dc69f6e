r"""패션 MNIST 장면(:func:`cnn_vision.scenes.make_scenes`)을 만드는 속도를 잽니다.

탐지, 분할, Grad-CAM 페이지는 훈련하기 전에 장면 수천~수만 개를 만듭니다. 그 시간이 페이지 시간에서
얼마나 되는지 알 수 있도록, 페이지가 쓰는 설정으로 진짜 패션 MNIST 훈련 세트에서 장면을 만들어
벽시계 시간과 이 프로세스의 CPU 시간을 잽니다. 벽시계 시간은 다른 작업과 CPU를 나눠 쓰면 늘어나고,
CPU 시간은 그 영향을 덜 받습니다. 다른 작업의 부하가 모든 설정에 고르게 걸리도록 설정을 번갈아
``--repeats`` 번 재고 중앙값을 씁니다(첫 호출의 준비 시간은 빼려고 재기 전에 한 번 돌립니다).

설정:

``multi``
    아이템 1~4개, 배율 0.75~1.5, 상자끼리 겹치지 않음(탐지·분할 페이지의 기본 설정).
``single``
    아이템 1개(Grad-CAM 페이지의 분류용 장면).

결과는 ``benchmarks/results/scenes_speed.json``\ 과 같은 이름의 ``.md`` 표에 씁니다. 문서의 "빌드
성능" 페이지가 이 표를 그대로 넣습니다.

실행::

    make bench-scenes                                   # 2코어에서 1분 안팎
    python benchmarks/bench_scenes.py --scenes 1000 --repeats 1 --output /tmp/scenes.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_OUTPUT = RESULTS_DIR / "scenes_speed.json"

CONFIGS: dict[str, dict] = {
    "multi": {"label": "아이템 1~4개(탐지·분할 페이지)", "num_objects": (1, 4)},
    "single": {"label": "아이템 1개(Grad-CAM 페이지)", "num_objects": (1, 1)},
}


def load_items():
    """진짜 패션 MNIST 훈련 세트의 앞 55,000장(페이지가 훈련 장면에 쓰는 아이템)과 레이블."""
    from cnn_vision import runtime

    runtime.apply_defaults()
    import tensorflow as tf

    from cnn_vision.fashion_mnist import ensure_fashion_mnist

    ensure_fashion_mnist()
    (images, labels), _ = tf.keras.datasets.fashion_mnist.load_data()
    return images[:-5000], labels[:-5000]


def measure(items, labels, config_name: str, num_scenes: int, seed: int) -> dict:
    """설정 하나로 장면 ``num_scenes``\\ 개를 한 번 만들어 벽시계 시간과 CPU 시간을 잽니다."""
    from cnn_vision.scenes import make_scenes

    config = CONFIGS[config_name]
    start, start_cpu = time.perf_counter(), time.process_time()
    scenes = make_scenes(items, labels, num_scenes, num_objects=config["num_objects"], seed=seed)
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    return {"config": config_name, "scenes": num_scenes, "objects": int(scenes.num_objects.sum()),
            "wall_seconds": round(wall, 4), "cpu_seconds": round(cpu, 4),
            "load_average_1min": round(os.getloadavg()[0], 2)}


def summarize(document: dict) -> list[dict]:
    rows = []
    for name in document["configs"]:
        runs = [run for run in document["runs"] if run["config"] == name]
        wall = sorted(run["wall_seconds"] for run in runs)
        cpu = sorted(run["cpu_seconds"] for run in runs)
        rows.append({"config": name, "label": CONFIGS[name]["label"], "runs": len(runs),
                     "median_wall_seconds": wall[len(wall) // 2],
                     "median_cpu_seconds": cpu[len(cpu) // 2],
                     "min_wall_seconds": wall[0], "max_wall_seconds": wall[-1]})
    return rows


def render_markdown(document: dict) -> str:
    """결과 JSON을 Markdown 표로 바꿉니다(숫자는 모두 JSON에서 옵니다)."""
    cpu = document["cpu"]
    scenes = document["scenes"]
    lines = [
        "<!-- benchmarks/bench_scenes.py가 만든 파일입니다. 손으로 고치지 마세요. -->",
        "",
        f"진짜 패션 MNIST 훈련 세트의 아이템으로 96×96 장면 {scenes:,}개를 한 번에 만드는 시간, 설정마다 "
        f"{document['repeats']}번 잰 중앙값. CPU: {cpu['model']} {cpu['count']}개, 파이썬 "
        f"{document['python']}, 넘파이 {document['numpy']}, 측정 {document['started'][:10]}.",
        "",
        "| 설정 | 벽시계 시간(중앙값) | 범위(최소~최대) | CPU 시간(중앙값) | 초당 장면(벽시계) "
        "| 초당 장면(CPU 시간) |",
        "|------|-------------------:|----------------:|-----------------:|------------------:|--------------------:|",
    ]
    for row in summarize(document):
        lines.append(
            f"| {row['label']} | {row['median_wall_seconds']:.2f}초 | "
            f"{row['min_wall_seconds']:.2f}~{row['max_wall_seconds']:.2f}초 | "
            f"{row['median_cpu_seconds']:.2f}초 | {scenes / row['median_wall_seconds']:,.0f} | "
            f"{scenes / max(row['median_cpu_seconds'], 1e-9):,.0f} |")
    loads = [run["load_average_1min"] for run in document["runs"]]
    lines += ["", f"측정하는 동안의 1분 평균 부하: 최소 {min(loads):.1f}, 최대 {max(loads):.1f}"
              f"(CPU {cpu['count']}개). 부하가 CPU 수보다 크면 벽시계 시간은 상한으로 읽어야 합니다. "
              "CPU 시간은 이 프로세스가 실제로 계산한 시간이라 부하의 영향을 덜 받습니다(넘파이가 여러 "
              "스레드를 쓰면 벽시계 시간보다 클 수 있습니다)."]
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", type=int, default=12_000,
                        help="한 번에 만들 장면 수(기본 12,000 = 탐지 페이지의 docs 프로필 훈련 장면)")
    parser.add_argument("--repeats", type=int, default=5, help="설정을 번갈아 잴 횟수(기본 5)")
    parser.add_argument("--configs", default=",".join(CONFIGS),
                        help=f"쉼표로 나눈 설정 이름(있는 것: {', '.join(CONFIGS)})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="결과 JSON 파일(기본 benchmarks/results/scenes_speed.json); "
                             "같은 이름의 .md에 표")
    parser.add_argument("--render", action="store_true",
                        help="재지 않고 --output의 JSON에서 표만 다시 만듭니다")
    args = parser.parse_args(argv)
    for name in ("scenes", "repeats"):
        if getattr(args, name) < 1:
            parser.error(f"--{name}는 1 이상이어야 합니다: {getattr(args, name)}")
    args.configs = [name.strip() for name in args.configs.split(",")]
    unknown = [name for name in args.configs if name not in CONFIGS]
    if unknown:
        parser.error(f"--configs에 모르는 설정이 있습니다: {', '.join(unknown)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_common import cpu_description, write_results

    if args.render:
        document = json.loads(args.output.read_text(encoding="utf-8"))
        write_results(args.output, document, render_markdown)
        print(f"표를 다시 만들었습니다: {args.output.with_suffix('.md')}")
        return 0
    import numpy as np

    items, labels = load_items()
    document = {"benchmark": "scenes_speed", "cpu": cpu_description(),
                "python": platform.python_version(), "numpy": np.__version__,
                "scenes": args.scenes, "repeats": args.repeats, "configs": args.configs,
                "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "runs": []}
    for name in args.configs:  # 첫 호출의 준비 시간을 빼려고 한 번씩 먼저 돌립니다
        measure(items, labels, name, min(args.scenes, 100), seed=0)
    for repeat in range(args.repeats):
        names = args.configs[repeat % len(args.configs):] + args.configs[:repeat % len(args.configs)]
        for name in names:
            run = measure(items, labels, name, args.scenes, seed=repeat + 1)
            run["repeat"] = repeat
            document["runs"].append(run)
            print(f"  {repeat + 1}/{args.repeats} {CONFIGS[name]['label']}: {run['wall_seconds']:.2f}초 "
                  f"(CPU {run['cpu_seconds']:.2f}초, 부하 {run['load_average_1min']})", flush=True)
    document["finished"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    print(write_results(args.output, document, render_markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
