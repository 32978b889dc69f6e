r"""CPU 설정(oneDNN, 스레드 수, 계산 정밀도)에 따른 훈련 속도를 잽니다.

책의 패션 MNIST CNN(:func:`cnn_vision.models.book_fashion_cnn`)을 배치 크기 128로 몇 스텝
훈련해 초당 이미지 수를 잽니다. 속도는 픽셀 값에 따라 달라지지 않으므로 무작위 이미지를 씁니다.
``TF_ENABLE_ONEDNN_OPTS``\ 는 텐서플로를 import하기 전에 정해야 하므로 설정마다 새 프로세스를
띄우고, 다른 작업의 부하가 모든 설정에 고르게 걸리도록 설정을 번갈아 ``--repeats`` 번 돌립니다.

설정:

``float32``
    빌드 설정 그대로(oneDNN 켬, 스레드 수는 텐서플로 기본값, float32). 페이지가 쓰는 설정입니다.
``float32_onednn_off``
    oneDNN 끔(``TF_ENABLE_ONEDNN_OPTS=0``).
``float32_1_thread``
    연산 하나에 스레드 하나(``intra_op_parallelism_threads=1``).
``mixed_bfloat16``
    ``mixed_bfloat16`` 정책(계산은 bfloat16, 가중치와 출력층은 float32). CPU에 ``avx512_bf16``\ 이나
    ``amx_bf16`` 플래그가 없으면 흉내 내야 해서 느리므로 재지 않고 "건너뜀"으로 적습니다.
``float32_smoothing_ema``
    빌드 설정에 패션 MNIST 페이지의 레이블 스무딩(0.1)과 가중치 EMA(모멘텀 0.995)를 더한 것.
    두 방법이 스텝마다 더하는 비용을 봅니다.

실행::

    make bench-speed                                         # 2코어에서 15분 안팎
    python benchmarks/bench_training_speed.py --steps 5 --repeats 1 --output /tmp/speed.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_OUTPUT = RESULTS_DIR / "training_speed.json"
BATCH_SIZE = 128
BF16_FLAGS = ("avx512_bf16", "amx_bf16")
CEILING_TOLERANCE = 0.01  # 중앙값이 가장 빠른 설정과 이만큼 안에 있으면 "같은 속도"로 봅니다

CONFIGS: dict[str, dict] = {
    "float32": {"label": "float32, oneDNN 켬(빌드 설정)", "onednn": "1", "threads": 0,
                "policy": "float32"},
    "float32_onednn_off": {"label": "float32, oneDNN 끔", "onednn": "0", "threads": 0,
                           "policy": "float32"},
    "float32_1_thread": {"label": "float32, oneDNN 켬, 연산당 스레드 1개", "onednn": "1",
                         "threads": 1, "policy": "float32"},
    "mixed_bfloat16": {"label": "mixed_bfloat16, oneDNN 켬", "onednn": "1", "threads": 0,
                       "policy": "mixed_bfloat16"},
    "float32_smoothing_ema": {"label": "float32, oneDNN 켬, 레이블 스무딩 + 가중치 EMA", "onednn": "1",
                              "threads": 0, "policy": "float32", "improved": True},
}


def worker(config_name: str, steps: int, warmup: int) -> dict:
    """한 설정으로 ``warmup`` 스텝(재지 않음) 뒤 ``steps`` 스텝을 훈련하고 속도를 돌려줍니다."""
    config = CONFIGS[config_name]
    import numpy as np
    import tensorflow as tf

    from cnn_vision.models import book_fashion_cnn

    if config["threads"]:
        tf.config.threading.set_intra_op_parallelism_threads(config["threads"])
    tf.keras.mixed_precision.set_global_policy(config["policy"])
    tf.keras.utils.set_random_seed(0)
    model = book_fashion_cnn(output_dtype="float32")
    rng = np.random.default_rng(0)
    X = rng.random((BATCH_SIZE * (warmup + steps), 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, len(X))
    if config.get("improved"):
        model.compile(loss=tf.keras.losses.CategoricalCrossentropy(label_smoothing=0.1),
                      optimizer=tf.keras.optimizers.Nadam(use_ema=True, ema_momentum=0.995))
        y = np.eye(10, dtype=np.float32)[y]
    else:
        model.compile(loss="sparse_categorical_crossentropy", optimizer=tf.keras.optimizers.Nadam())
    model.fit(X[: BATCH_SIZE * warmup], y[: BATCH_SIZE * warmup], batch_size=BATCH_SIZE,
              epochs=1, verbose=0)
    start = time.perf_counter()
    model.fit(X[BATCH_SIZE * warmup:], y[BATCH_SIZE * warmup:], batch_size=BATCH_SIZE,
              epochs=1, shuffle=False, verbose=0)
    seconds = time.perf_counter() - start
    return {"config": config_name, "seconds": round(seconds, 3),
            "images_per_second": round(steps * BATCH_SIZE / seconds, 1),
            "tensorflow": tf.__version__, "load_average_1min": round(os.getloadavg()[0], 2)}


def run_worker(config_name: str, steps: int, warmup: int) -> dict:
    config = CONFIGS[config_name]
    env = dict(os.environ, TF_ENABLE_ONEDNN_OPTS=config["onednn"],
               TF_CPP_MIN_LOG_LEVEL=os.environ.get("TF_CPP_MIN_LOG_LEVEL", "3"))
    completed = subprocess.run(
        [sys.executable, __file__, "--worker", config_name, "--steps", str(steps),
         "--warmup", str(warmup)],
        env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"설정 {config_name}의 측정이 실패했습니다(종료 코드 {completed.returncode}):\n"
                           f"{completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def render_markdown(document: dict) -> str:
    """결과 JSON을 Markdown 표로 바꿉니다(숫자는 모두 JSON에서 옵니다)."""
    rows = document["summary"]
    base = next((row for row in rows if row["config"] == "float32" and row.get("images_per_second")),
                None)
    cpu = document["cpu"]
    lines = [
        "<!-- benchmarks/bench_training_speed.py가 만든 파일입니다. 손으로 고치지 마세요. -->",
        "",
        f"책의 패션 MNIST CNN, 배치 크기 {document['batch_size']}, 설정마다 {document['steps']} 스텝"
        f"({document['steps'] * document['batch_size']:,}장)을 {document['repeats']}번 잰 중앙값. "
        f"CPU: {cpu['model']} {cpu['count']}개(플래그: {', '.join(cpu['flags']) or '없음'}), "
        f"텐서플로 {document['tensorflow']}, 측정 {document['started'][:10]}.",
        "",
        "| 설정 | 초당 이미지(중앙값) | 범위(최소~최대) | 빌드 설정 대비 |",
        "|------|--------------------:|----------------:|---------------:|",
    ]
    measured = [row for row in rows if not row.get("skipped")]
    for row in rows:
        if row.get("skipped"):
            lines.append(f"| {row['label']} | 건너뜀: {row['skipped']} | | |")
            continue
        ratio = f"{row['images_per_second'] / base['images_per_second']:.2f}배" if base else ""
        speeds = row["all_images_per_second"]
        lines.append(f"| {row['label']} | {row['images_per_second']:.0f} | "
                     f"{min(speeds):.0f}~{max(speeds):.0f} | {ratio} |")
    loads = [run["load_average_1min"] for run in document["runs"]]
    if loads:
        lines += ["", f"측정하는 동안의 1분 평균 부하: 최소 {min(loads):.1f}, 최대 {max(loads):.1f}"
                  f"(CPU {cpu['count']}개). 부하가 CPU 수보다 크면 시간은 상한으로 읽어야 합니다. "
                  "설정을 번갈아 재므로 설정 사이의 비율은 부하의 영향을 덜 받습니다."]
    top = max((row["images_per_second"] for row in measured), default=0)
    tied = [row["label"] for row in measured if row["images_per_second"] >= (1 - CEILING_TOLERANCE) * top]
    if len(tied) >= 2:
        lines.append(
            f"설정 {len(tied)}개({', '.join(tied)})의 중앙값이 {CEILING_TOLERANCE:.0%} 안에서 같습니다. "
            "계산량이 다른 설정이 같은 속도에서 멈췄다면 가상 머신이 CPU 시간을 제한하는 등의 천장이 있는 "
            "것이므로, 이 측정으로는 그 천장보다 빠른 설정의 이득을 가릴 수 없습니다.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=60, help="설정마다 잴 스텝 수(기본 60)")
    parser.add_argument("--warmup", type=int, default=3, help="재기 전에 돌릴 스텝 수(기본 3)")
    parser.add_argument("--repeats", type=int, default=5, help="설정을 번갈아 잴 횟수(기본 5)")
    parser.add_argument("--configs", default=",".join(CONFIGS),
                        help=f"쉼표로 나눈 설정 이름(있는 것: {', '.join(CONFIGS)})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="결과 JSON 파일(기본 benchmarks/results/training_speed.json)")
    parser.add_argument("--render", action="store_true",
                        help="재지 않고 --output의 JSON에서 표만 다시 만듭니다")
    parser.add_argument("--worker", choices=list(CONFIGS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.render:
        document = json.loads(args.output.read_text(encoding="utf-8"))
        args.output.with_suffix(".md").write_text(render_markdown(document), encoding="utf-8")
        print(f"표를 다시 만들었습니다: {args.output.with_suffix('.md')}")
        return 0
    for name in ("steps", "warmup", "repeats"):
        if getattr(args, name) < 1:
            parser.error(f"--{name}는 1 이상이어야 합니다: {getattr(args, name)}")
    if args.worker:
        print(json.dumps(worker(args.worker, args.steps, args.warmup)))
        return 0
    names = [name.strip() for name in args.configs.split(",")]
    unknown = [name for name in names if name not in CONFIGS]
    if unknown:
        parser.error(f"--configs에 모르는 설정이 있습니다: {', '.join(unknown)}")

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_common import cpu_description, cpu_flags, write_results

    flags = cpu_flags()
    skipped = {}
    if "mixed_bfloat16" in names and not flags & set(BF16_FLAGS):
        skipped["mixed_bfloat16"] = "CPU에 avx512_bf16/amx_bf16 플래그가 없음(흉내 내면 느림)"
    document = {"benchmark": "training_speed", "cpu": cpu_description(), "batch_size": BATCH_SIZE,
                "steps": args.steps, "warmup": args.warmup, "repeats": args.repeats,
                "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                "tensorflow": None, "runs": [], "summary": []}
    for repeat in range(args.repeats):
        for name in names[repeat % len(names):] + names[: repeat % len(names)]:
            if name in skipped:
                continue
            run = run_worker(name, args.steps, args.warmup)
            run["repeat"] = repeat
            document["runs"].append(run)
            document["tensorflow"] = run["tensorflow"]
            print(f"  {repeat + 1}/{args.repeats} {CONFIGS[name]['label']}: "
                  f"초당 이미지 {run['images_per_second']:.0f}장 (부하 {run['load_average_1min']})",
                  flush=True)
    for name in names:
        row = {"config": name, "label": CONFIGS[name]["label"]}
        if name in skipped:
            row["skipped"] = skipped[name]
        else:
            speeds = sorted(run["images_per_second"] for run in document["runs"] if run["config"] == name)
            row["images_per_second"] = speeds[len(speeds) // 2]
            row["all_images_per_second"] = speeds
        document["summary"].append(row)
    document["finished"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    print(write_results(args.output, document, render_markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
