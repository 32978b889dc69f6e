r"""가중치의 지수 이동 평균(EMA)의 모멘텀에 따라 테스트 정확도가 어떻게 달라지는지 잽니다.

``bench_fashion_cnn.py``\ 의 ``improved`` 레시피에서 EMA만 뺀 방법(배치 128, 워밍업 + 코사인,
레이블 스무딩 0.1)으로 시드마다 한 번 훈련하면서, 스텝마다 여러 모멘텀의 평균 가중치를 콜백으로
함께 계산합니다. 케라스 옵티마이저의 ``use_ema=True``\ 와 같은 식입니다(첫 스텝에서는 평균 =
가중치, 그 뒤로 ``평균 ← m × 평균 + (1 − m) × 가중치``). EMA는 훈련 경로를 바꾸지 않으므로 한 번의
훈련으로 "평균 없음"과 모든 모멘텀을 같은 경로 위에서 비교할 수 있습니다. 시드와 이미지 순서는
``bench_fashion_cnn.py``\ 와 같으므로, 모멘텀 0.995의 값은 그 벤치마크의 ``improved``\ 와 같은
훈련을 다시 잰 것입니다.

실행::

    make bench-ema                                   # 시드 3개(2코어에서 30분~1시간)
    python benchmarks/bench_ema_momentum.py --images 1024 --epochs 1 --seeds 1 --output /tmp/e.json
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_fashion_cnn as bench  # noqa: E402  (환경 기본값을 적용한 뒤 텐서플로를 import)
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from bench_common import cpu_description, write_json, write_results  # noqa: E402

DEFAULT_OUTPUT = bench.RESULTS_DIR / "ema_momentum.json"
RECIPE = dataclasses.replace(bench.RECIPES["improved"], name="smoothing", label="레이블 스무딩만",
                             ema_momentum=None)


class WeightAverages(tf.keras.callbacks.Callback):
    """스텝마다 모멘텀별 가중치의 지수 이동 평균을 넘파이로 계산합니다."""

    def __init__(self, momenta: list[float]):
        super().__init__()
        self.momenta = momenta
        self.averages: dict[float, list[np.ndarray]] | None = None

    def on_train_batch_end(self, batch, logs=None):
        weights = [variable.numpy() for variable in self.model.trainable_variables]
        if self.averages is None:
            self.averages = {m: [w.copy() for w in weights] for m in self.momenta}
            return
        for momentum, averages in self.averages.items():
            for average, weight in zip(averages, weights):
                average *= momentum
                average += (1 - momentum) * weight


def run_seed(seed: int, splits, *, epochs: int, images: int, momenta: list[float]) -> dict:
    (X_train, y_train), (X_valid, y_valid), (X_test, y_test) = splits
    chunks = bench.epoch_chunks(images, len(X_train), epochs, 1, seed)
    total_steps = sum(bench.steps_per_epoch(epoch, RECIPE.batch_size) for epoch in chunks)
    tf.keras.backend.clear_session()
    model = bench.build_model(RECIPE, total_steps, seed)
    tracker = WeightAverages(momenta)
    start = time.perf_counter()
    for (order,) in chunks:
        dataset = (tf.data.Dataset.from_tensor_slices(
            (X_train[order], bench.encode_labels(RECIPE, y_train[order])))
            .batch(RECIPE.batch_size).prefetch(tf.data.AUTOTUNE))
        model.fit(dataset, epochs=1, shuffle=False, verbose=0, callbacks=[tracker])
    seconds = time.perf_counter() - start
    variables = model.trainable_variables
    last = [variable.numpy() for variable in variables]
    record = {"seed": seed, "train_seconds": round(seconds, 1),
              "last_weights": {"valid": round(bench.accuracy(model, X_valid, y_valid), 4),
                               "test": round(bench.accuracy(model, X_test, y_test), 4)},
              "ema": {}}
    for momentum, averages in tracker.averages.items():
        for variable, average in zip(variables, averages):
            variable.assign(average)
        record["ema"][str(momentum)] = {"valid": round(bench.accuracy(model, X_valid, y_valid), 4),
                                        "test": round(bench.accuracy(model, X_test, y_test), 4)}
    for variable, weight in zip(variables, last):
        variable.assign(weight)
    return record


def render_markdown(document: dict) -> str:
    """결과 JSON을 Markdown 표로 바꿉니다(숫자는 모두 JSON에서 옵니다)."""
    runs, cpu = document["runs"], document["cpu"]
    columns = [("마지막 가중치(평균 없음)", lambda run: run["last_weights"])] + [
        (f"EMA {momentum}", lambda run, m=momentum: run["ema"][m]) for momentum in document["momenta"]]
    lines = [
        "<!-- benchmarks/bench_ema_momentum.py가 만든 파일입니다. 손으로 고치지 마세요. -->",
        "",
        f"{RECIPE.describe()}, {document['epochs']} 에포크 × {document['images']:,}장, 시드 "
        f"{', '.join(str(run['seed']) for run in runs)}, {document['precision']}. CPU: {cpu['model']} "
        f"{cpu['count']}개, 텐서플로 {document['tensorflow']}, 측정 {document['started'][:10]}.",
        "",
        "| 가중치 | 평균 검증 정확도 | 평균 테스트 정확도 | 최소 테스트 정확도 |",
        "|--------|-----------------:|-------------------:|-------------------:|",
    ]
    for label, pick in columns:
        valid = [pick(run)["valid"] for run in runs]
        test = [pick(run)["test"] for run in runs]
        lines.append(f"| {label} | {np.mean(valid):.2%} | {np.mean(test):.2%} | {np.min(test):.2%} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3", help="쉼표로 나눈 시드(기본 1,2,3)")
    parser.add_argument("--momenta", default="0.99,0.995,0.999",
                        help="쉼표로 나눈 EMA 모멘텀(기본 0.99,0.995,0.999)")
    parser.add_argument("--epochs", type=int, default=3, help="에포크 수(기본 3)")
    parser.add_argument("--images", type=int, default=55_000, help="에포크마다 훈련할 이미지 수")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="결과 JSON 파일(기본 benchmarks/results/ema_momentum.json)")
    args = parser.parse_args(argv)
    try:
        seeds = [int(seed) for seed in args.seeds.split(",")]
        momenta = [float(m) for m in args.momenta.split(",")]
    except ValueError:
        parser.error("--seeds는 정수, --momenta는 실수를 쉼표로 나눠 주세요: "
                     f"{args.seeds!r}, {args.momenta!r}")
    if not all(0 < m < 1 for m in momenta):
        parser.error(f"--momenta는 0과 1 사이여야 합니다: {args.momenta}")
    if args.epochs < 1 or not 1 <= args.images <= 55_000:
        parser.error(f"--epochs는 1 이상, --images는 1~55000이어야 합니다: {args.epochs}, {args.images}")

    tf.keras.mixed_precision.set_global_policy("float32")
    splits = bench.load_fashion_mnist()
    document = {"benchmark": "ema_momentum", "recipe": dataclasses.asdict(RECIPE),
                "momenta": [str(m) for m in momenta], "epochs": args.epochs, "images": args.images,
                "precision": "float32", "cpu": cpu_description(), "tensorflow": tf.__version__,
                "TF_ENABLE_ONEDNN_OPTS": os.environ.get("TF_ENABLE_ONEDNN_OPTS"),
                "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "runs": []}
    for seed in seeds:
        record = run_seed(seed, splits, epochs=args.epochs, images=args.images, momenta=momenta)
        document["runs"].append(record)
        print(f"시드 {seed}: 마지막 가중치 {record['last_weights']['test']:.2%}, "
              + ", ".join(f"EMA {m} {v['test']:.2%}" for m, v in record["ema"].items()), flush=True)
        write_json(args.output, document)
    print(write_results(args.output, document, render_markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
