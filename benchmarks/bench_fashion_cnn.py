r"""패션 MNIST CNN의 훈련 방법(레시피)들을 같은 이미지, 같은 순서로 나란히 비교합니다.

비교하는 레시피(모델은 모두 :func:`cnn_vision.models.book_fashion_cnn`, float32, 3 에포크):

``book``
    책의 방법: 배치 크기 32, Nadam 학습률 0.001 고정, 희소 범주형 크로스 엔트로피.
``docs``
    이전 docs 프로필 페이지의 방법: 배치 크기 128, 처음 10% 스텝 동안 학습률을 0.0003에서
    0.003까지 올린 뒤 코사인으로 0까지 내리는 워밍업 + 코사인 스케줄.
``smoothing``
    ``docs`` + 레이블 스무딩 0.1. 지금 docs 프로필 페이지의 방법입니다.
``improved``
    ``smoothing`` + 가중치의 지수 이동 평균(Nadam의 ``use_ema=True``, 모멘텀 0.995, 훈련이
    끝나면 평균 가중치를 모델에 복사).

시드마다 레시피별 모델을 같은 초깃값으로 만들고, 에포크마다 시드로 정한 같은 순서의 이미지를 봅니다.
다른 작업이 CPU를 함께 쓰면 시간이 흔들리므로, 에포크를 ``--rounds`` 개의 조각(크기는 128의
배수라 배치 경계가 한 번에 훈련할 때와 같습니다)으로 나눠 레시피들을 번갈아 훈련합니다(조각마다
순서를 돌려 가며). 그래서 부하는 모든 레시피에 거의 똑같이 걸립니다. 조각을 나눠 ``fit()``\ 을 여러
번 불러도 한 번에 훈련한 것과 같도록, 케라스가 ``fit()``\ 이 끝날 때마다 하는 평균 가중치 복사는
훈련이 모두 끝난 뒤 한 번만 합니다(``tests/test_bench_fashion_cnn.py``\ 가 확인합니다).

에포크마다 검증 정확도(5,000장)를, 끝에 테스트 정확도(10,000장)를 잽니다(평가 시간은 훈련
시간에 넣지 않습니다). 시드 하나가 끝날 때마다 결과를 JSON 파일에 쓰므로 중간에 멈춰도 끝난
시드는 남습니다(``--resume``\ 으로 이어서 돌립니다). 같은 폴더에 표를 Markdown으로도 씁니다.
문서의 "빌드 성능" 페이지(``docs/performance.md``)는 이 Markdown 파일을 그대로 넣습니다.

실행::

    make bench                                     # 4 레시피 × 시드 3개 × 3 에포크(2코어에서 1~3시간)
    make bench BENCH_ARGS="--quick"                # 코드만 빠르게 점검(결과는 /tmp에)
    python benchmarks/bench_fashion_cnn.py --render   # JSON에서 Markdown 표만 다시 만들기
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import math
import os
import platform
import sys
import time
from pathlib import Path

from cnn_vision import runtime  # noqa: E402  (텐서플로를 import하기 전에)

# 빌드와 같은 환경 기본값(oneDNN 켬 등). 모든 레시피에 똑같이 적용됩니다.
runtime.apply_defaults()

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import cpu_description, markdown_path, write_results  # noqa: E402

from cnn_vision import fashion_mnist  # noqa: E402
from cnn_vision.models import book_fashion_cnn  # noqa: E402

RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_OUTPUT = RESULTS_DIR / "fashion_cnn_recipes.json"
NUM_CLASSES = 10
CHUNK_MULTIPLE = 128  # 모든 레시피의 배치 크기(32, 128)의 공배수
SCHEMA = 1


@dataclasses.dataclass(frozen=True)
class Recipe:
    r"""훈련 방법 하나. ``warmup_cosine``\ 이면 ``learning_rate``\ 가 스케줄의 최고 학습률입니다."""

    name: str
    label: str
    batch_size: int
    learning_rate: float
    warmup_cosine: bool = False
    label_smoothing: float = 0.0
    ema_momentum: float | None = None

    def describe(self) -> str:
        parts = [f"배치 {self.batch_size}"]
        if self.warmup_cosine:
            parts.append(f"Nadam 워밍업 {self.learning_rate / 10:g}→{self.learning_rate:g} + 코사인")
        else:
            parts.append(f"Nadam {self.learning_rate:g} 고정")
        if self.label_smoothing:
            parts.append(f"레이블 스무딩 {self.label_smoothing:g}")
        if self.ema_momentum is not None:
            parts.append(f"가중치 EMA {self.ema_momentum:g}")
        return ", ".join(parts)


RECIPES: dict[str, Recipe] = {
    recipe.name: recipe
    for recipe in (
        Recipe("book", "책의 방법", batch_size=32, learning_rate=1e-3),
        Recipe("docs", "이전 docs 방법", batch_size=128, learning_rate=3e-3, warmup_cosine=True),
        Recipe("smoothing", "레이블 스무딩", batch_size=128, learning_rate=3e-3, warmup_cosine=True,
               label_smoothing=0.1),
        Recipe("improved", "레이블 스무딩 + 가중치 EMA", batch_size=128, learning_rate=3e-3,
               warmup_cosine=True, label_smoothing=0.1, ema_momentum=0.995),
    )
}


def load_fashion_mnist():
    """책과 같이 나눈 패션 MNIST(훈련 55,000, 검증 5,000, 테스트 10,000)를 돌려줍니다."""
    print(fashion_mnist.ensure_fashion_mnist().describe())
    (X_train_full, y_train_full), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
    X_train_full = np.expand_dims(X_train_full, axis=-1).astype(np.float32) / 255
    X_test = np.expand_dims(X_test, axis=-1).astype(np.float32) / 255
    return ((X_train_full[:-5000], y_train_full[:-5000]),
            (X_train_full[-5000:], y_train_full[-5000:]), (X_test, y_test))


def epoch_chunks(num_images: int, train_size: int, epochs: int, rounds: int, seed: int,
                 multiple: int = CHUNK_MULTIPLE) -> list[list[np.ndarray]]:
    r"""에포크마다 섞은 인덱스를 ``rounds`` 개의 조각으로 나눕니다.

    마지막 조각을 빼면 조각 크기가 ``multiple``\ 의 배수이므로, 조각을 차례로 배치로 나누면
    한 번에 배치로 나눈 것과 배치 경계가 같습니다. 순서는 ``seed``\ 와 에포크로 정해집니다.
    """
    if not 1 <= num_images <= train_size:
        raise ValueError(f"num_images는 1~{train_size}이어야 합니다: {num_images}")
    if not 1 <= rounds <= max(1, num_images // multiple):
        raise ValueError(f"rounds는 1~{max(1, num_images // multiple)}이어야 합니다: {rounds}")
    chunks = []
    for epoch in range(epochs):
        order = np.random.default_rng([seed, epoch]).permutation(train_size)[:num_images]
        blocks = math.ceil(num_images / multiple)
        bounds = [multiple * (blocks * r // rounds) for r in range(rounds)] + [num_images]
        chunks.append([order[start:stop] for start, stop in zip(bounds[:-1], bounds[1:])])
    return chunks


def steps_per_epoch(chunks: list[np.ndarray], batch_size: int) -> int:
    return sum(math.ceil(len(chunk) / batch_size) for chunk in chunks)


def build_model(recipe: Recipe, total_steps: int, seed: int) -> tf.keras.Model:
    r"""레시피대로 컴파일한 책의 CNN. 같은 ``seed``\ 면 레시피와 상관없이 초깃값이 같습니다."""
    tf.keras.utils.set_random_seed(seed)
    model = book_fashion_cnn()
    if recipe.warmup_cosine:
        warmup_steps = max(1, total_steps // 10)
        learning_rate = tf.keras.optimizers.schedules.CosineDecay(
            initial_learning_rate=recipe.learning_rate / 10,
            warmup_target=recipe.learning_rate,
            warmup_steps=warmup_steps,
            decay_steps=max(1, total_steps - warmup_steps),
        )
    else:
        learning_rate = recipe.learning_rate
    if recipe.ema_momentum is None:
        optimizer = tf.keras.optimizers.Nadam(learning_rate=learning_rate)
    else:
        optimizer = tf.keras.optimizers.Nadam(learning_rate=learning_rate, use_ema=True,
                                              ema_momentum=recipe.ema_momentum)
        # fit()은 끝날 때마다 평균 가중치를 모델에 복사합니다. 조각마다 fit()을 부르는 이
        # 벤치마크에서는 그 복사를 미루고, 훈련이 모두 끝난 뒤 finish_training()이 한 번 합니다.
        optimizer.finalize_variable_values = lambda var_list: None
    if recipe.label_smoothing:
        loss = tf.keras.losses.CategoricalCrossentropy(label_smoothing=recipe.label_smoothing)
    else:
        loss = "sparse_categorical_crossentropy"
    model.compile(loss=loss, optimizer=optimizer)
    return model


def encode_labels(recipe: Recipe, y: np.ndarray) -> np.ndarray:
    """레이블 스무딩에는 원-핫 레이블이 필요합니다(케라스의 희소 손실에는 스무딩이 없습니다)."""
    if recipe.label_smoothing:
        return np.eye(NUM_CLASSES, dtype=np.float32)[y]
    return y


def train_chunk(model: tf.keras.Model, recipe: Recipe, X: np.ndarray, y: np.ndarray) -> float:
    """주어진 순서 그대로(섞지 않고) 한 번 훈련하고 걸린 초를 돌려줍니다."""
    start = time.perf_counter()
    dataset = (tf.data.Dataset.from_tensor_slices((X, encode_labels(recipe, y)))
               .batch(recipe.batch_size).prefetch(tf.data.AUTOTUNE))
    model.fit(dataset, epochs=1, shuffle=False, verbose=0)
    return time.perf_counter() - start


def finish_training(model: tf.keras.Model) -> None:
    r"""EMA를 쓰는 옵티마이저면 평균 가중치를 모델에 복사합니다(케라스의 ``fit()``\ 이 끝에 하는 일)."""
    optimizer = model.optimizer
    if optimizer.use_ema:
        type(optimizer).finalize_variable_values(optimizer, model.trainable_variables)


def accuracy(model: tf.keras.Model, X: np.ndarray, y: np.ndarray) -> float:
    predictions = model.predict(X, batch_size=500, verbose=0).argmax(axis=-1)
    return float(np.mean(predictions == y))


def run_seed(recipes: list[Recipe], seed: int, splits, *, epochs: int, images: int, rounds: int,
             log=print) -> list[dict]:
    """한 시드로 모든 레시피를 번갈아 훈련하고 레시피마다 결과 한 줄(dict)을 돌려줍니다."""
    (X_train, y_train), (X_valid, y_valid), (X_test, y_test) = splits
    chunks = epoch_chunks(images, len(X_train), epochs, rounds, seed)
    tf.keras.backend.clear_session()
    models = {}
    for recipe in recipes:
        total_steps = sum(steps_per_epoch(epoch, recipe.batch_size) for epoch in chunks)
        models[recipe.name] = build_model(recipe, total_steps, seed)
    seconds = dict.fromkeys(models, 0.0)
    valid_accuracy: dict[str, list[float]] = {name: [] for name in models}
    loads = [os.getloadavg()[0]]
    for epoch, epoch_chunk_list in enumerate(chunks, start=1):
        for round_index, chunk in enumerate(epoch_chunk_list):
            X_chunk, y_chunk = X_train[chunk], y_train[chunk]
            shift = (epoch * len(epoch_chunk_list) + round_index) % len(recipes)
            for recipe in recipes[shift:] + recipes[:shift]:  # 조각마다 순서를 돌립니다
                seconds[recipe.name] += train_chunk(models[recipe.name], recipe, X_chunk, y_chunk)
            loads.append(os.getloadavg()[0])
            log(f"  시드 {seed}, 에포크 {epoch}/{epochs}, 조각 {round_index + 1}/{len(epoch_chunk_list)}: "
                + ", ".join(f"{name} {seconds[name]:.0f}초" for name in models), flush=True)
        for name, model in models.items():  # 평가 시간은 훈련 시간에 넣지 않습니다
            valid_accuracy[name].append(accuracy(model, X_valid, y_valid))
        log(f"  에포크 {epoch} 검증 정확도: "
            + ", ".join(f"{name} {valid_accuracy[name][-1]:.2%}" for name in models), flush=True)
    runs = []
    for recipe in recipes:
        model = models[recipe.name]
        record = {
            "seed": seed,
            "recipe": recipe.name,
            "epochs": epochs,
            "images_per_epoch": images,
            "train_seconds": round(seconds[recipe.name], 2),
            "images_per_second": round(epochs * images / seconds[recipe.name], 1),
            "valid_accuracy": [round(v, 4) for v in valid_accuracy[recipe.name]],
        }
        if recipe.ema_momentum is not None:
            record["test_accuracy_before_ema"] = round(accuracy(model, X_test, y_test), 4)
        finish_training(model)
        record["test_accuracy"] = round(accuracy(model, X_test, y_test), 4)
        record["load_average_1min"] = {"mean": round(float(np.mean(loads)), 2),
                                       "max": round(float(np.max(loads)), 2)}
        runs.append(record)
    log(f"  시드 {seed} 테스트 정확도: "
        + ", ".join(f"{run['recipe']} {run['test_accuracy']:.2%}" for run in runs), flush=True)
    return runs


def environment() -> dict:
    return {
        "cpu": cpu_description(),
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": tf.keras.__version__ if hasattr(tf.keras, "__version__") else None,
        "TF_ENABLE_ONEDNN_OPTS": os.environ.get("TF_ENABLE_ONEDNN_OPTS"),
        "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
        "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads(),
        "precision": tf.keras.mixed_precision.global_policy().name,
    }


def summarize(document: dict) -> list[dict]:
    """레시피마다 시드에 걸친 테스트 정확도(평균, 최소, 최대)와 훈련 시간(중앙값, 최소, 최대).

    시간은 다른 작업의 부하가 잠깐 치솟은 시드에 끌려가지 않도록 중앙값을 대표값으로 씁니다.
    """
    rows = []
    for name in document["config"]["recipes"]:
        runs = [run for run in document["runs"] if run["recipe"] == name]
        if not runs:
            continue
        test = [run["test_accuracy"] for run in runs]
        seconds = [run["train_seconds"] for run in runs]
        row = {
            "recipe": name,
            "seeds": len(runs),
            "mean_test_accuracy": float(np.mean(test)),
            "min_test_accuracy": float(np.min(test)),
            "max_test_accuracy": float(np.max(test)),
            "median_train_seconds": float(np.median(seconds)),
            "min_train_seconds": float(np.min(seconds)),
            "max_train_seconds": float(np.max(seconds)),
            "median_images_per_second": float(np.median([run["images_per_second"] for run in runs])),
        }
        before = [run["test_accuracy_before_ema"] for run in runs if "test_accuracy_before_ema" in run]
        if before:
            row["mean_test_accuracy_before_ema"] = float(np.mean(before))
            row["min_test_accuracy_before_ema"] = float(np.min(before))
        rows.append(row)
    return rows


def render_markdown(document: dict) -> str:
    """결과 JSON을 문서에 넣을 Markdown 표로 바꿉니다(숫자는 모두 JSON에서 옵니다)."""
    config, env = document["config"], document["environment"]
    recipes = {name: Recipe(**spec) for name, spec in config["recipe_specs"].items()}
    rows = summarize(document)
    cpu = env["cpu"]
    lines = [
        "<!-- benchmarks/bench_fashion_cnn.py가 만든 파일입니다. 손으로 고치지 마세요. -->",
        "",
        f"레시피마다 {config['epochs']} 에포크 × {config['images']:,}장, 시드 "
        f"{', '.join(str(seed) for seed in config['seeds'])}, {env['precision']}. "
        f"CPU: {cpu['model']} {cpu['count']}개(플래그: {', '.join(cpu['flags']) or '없음'}), "
        f"텐서플로 {env['tensorflow']}, `TF_ENABLE_ONEDNN_OPTS={env['TF_ENABLE_ONEDNN_OPTS']}`, "
        f"측정 {document['started'][:10]}.",
        "",
        "| 레시피 | 설정 | 시드 수 | 평균 테스트 정확도 | 최소 | 최대 | 초당 이미지 | 훈련 시간(초) |",
        "|--------|------|--------:|-------------------:|-----:|-----:|------------:|--------------:|",
    ]
    for row in rows:
        recipe = recipes[row["recipe"]]
        lines.append(
            f"| {recipe.label} (`{recipe.name}`) | {recipe.describe()} | {row['seeds']} | "
            f"{row['mean_test_accuracy']:.2%} | {row['min_test_accuracy']:.2%} | "
            f"{row['max_test_accuracy']:.2%} | {row['median_images_per_second']:.0f} | "
            f"{row['median_train_seconds']:.0f} ({row['min_train_seconds']:.0f}~"
            f"{row['max_train_seconds']:.0f}) |"
        )
    lines += ["", "초당 이미지와 훈련 시간은 시드에 걸친 중앙값이고, 괄호 안은 최솟값~최댓값입니다."]
    for row in rows:
        if "mean_test_accuracy_before_ema" in row:
            lines.append(
                f"`{row['recipe']}`에서 평균 가중치를 복사하기 전(마지막 스텝의 가중치, 레이블 스무딩만 "
                f"쓴 것과 같은 훈련)의 테스트 정확도는 평균 {row['mean_test_accuracy_before_ema']:.2%}, "
                f"최소 {row['min_test_accuracy_before_ema']:.2%}입니다.")
    names = [name for name in config["recipes"] if any(run["recipe"] == name for run in document["runs"])]
    lines += ["", "시드별 값(테스트 정확도 / 훈련 시간):", "",
              "| 시드 | 1분 평균 부하(평균, 최대) | " + " | ".join(f"`{name}`" for name in names) + " |",
              "|-----:|------:|" + "------:|" * len(names)]
    for seed in config["seeds"]:
        runs = {run["recipe"]: run for run in document["runs"] if run["seed"] == seed}
        if not runs:
            continue
        load = next(iter(runs.values()))["load_average_1min"]
        cells = [f"{runs[name]['test_accuracy']:.2%} / {runs[name]['train_seconds']:.0f}초"
                 if name in runs else "" for name in names]
        lines.append(f"| {seed} | {load['mean']:.1f}, {load['max']:.1f} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"1분 평균 부하가 CPU 수({cpu['count']}개)보다 크면 다른 작업과 CPU를 나눠 쓴 것이라 시간은 "
        "상한으로 읽어야 합니다. 레시피를 조각마다 번갈아 훈련하므로 같은 시드 안에서 레시피 사이의 "
        "비율은 부하의 영향을 덜 받습니다.",
    ]
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipes", default="book,docs,smoothing,improved",
                        help=f"쉼표로 나눈 레시피 이름(있는 것: {', '.join(RECIPES)})")
    parser.add_argument("--seeds", default="1,2,3", help="쉼표로 나눈 시드(기본 1,2,3)")
    parser.add_argument("--epochs", type=int, default=3, help="에포크 수(기본 3)")
    parser.add_argument("--images", type=int, default=55_000,
                        help="에포크마다 훈련할 이미지 수(기본 55,000 = 훈련 세트 전체)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="에포크마다 레시피를 번갈아 훈련할 조각 수(기본 5)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="결과 JSON 파일(기본 benchmarks/results/fashion_cnn_recipes.json); "
                             "같은 이름의 .md에 표를 씁니다")
    parser.add_argument("--resume", action="store_true",
                        help="--output에 같은 설정으로 끝난 시드가 있으면 건너뜁니다")
    parser.add_argument("--quick", action="store_true",
                        help="코드 점검용: 이미지 1,024장, 1 에포크, 시드 1개, 조각 2개, 결과는 임시 폴더에")
    parser.add_argument("--render", action="store_true",
                        help="훈련하지 않고 --output의 JSON에서 표만 다시 만듭니다")
    args = parser.parse_args(argv)
    if args.quick:
        args.images, args.epochs, args.seeds, args.rounds = 1024, 1, "1", 2
        if args.output == DEFAULT_OUTPUT:
            args.output = Path(os.environ.get("TMPDIR", "/tmp")) / "fashion_cnn_recipes_quick.json"
    try:
        args.seeds = [int(seed) for seed in args.seeds.split(",")]
    except ValueError:
        parser.error(f"--seeds는 쉼표로 나눈 정수여야 합니다: {args.seeds!r}")
    args.recipes = [name.strip() for name in args.recipes.split(",")]
    unknown = [name for name in args.recipes if name not in RECIPES]
    if unknown:
        parser.error(f"--recipes에 모르는 레시피가 있습니다: {', '.join(unknown)} "
                     f"(있는 것: {', '.join(RECIPES)})")
    if args.epochs < 1:
        parser.error(f"--epochs는 1 이상이어야 합니다: {args.epochs}")
    if not 1 <= args.images <= 55_000:
        parser.error(f"--images는 1~55000이어야 합니다: {args.images}")
    if not 1 <= args.rounds <= max(1, args.images // CHUNK_MULTIPLE):
        parser.error(f"--rounds는 1~{max(1, args.images // CHUNK_MULTIPLE)}이어야 합니다"
                     f"(조각은 {CHUNK_MULTIPLE}장 이상): {args.rounds}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render:
        document = json.loads(args.output.read_text(encoding="utf-8"))
        markdown_path(args.output).write_text(render_markdown(document), encoding="utf-8")
        print(f"표를 다시 만들었습니다: {markdown_path(args.output)}")
        return 0

    tf.keras.mixed_precision.set_global_policy("float32")  # 책의 정밀도
    recipes = [RECIPES[name] for name in args.recipes]
    config = {
        "recipes": args.recipes,
        "recipe_specs": {recipe.name: dataclasses.asdict(recipe) for recipe in recipes},
        "seeds": args.seeds,
        "epochs": args.epochs,
        "images": args.images,
        "rounds": args.rounds,
    }
    document = {"schema": SCHEMA, "benchmark": "fashion_cnn_recipes", "config": config,
                "environment": environment(), "started": dt.datetime.now().astimezone().isoformat(
                    timespec="seconds"), "finished": None, "runs": []}
    if args.resume and args.output.exists():
        previous = json.loads(args.output.read_text(encoding="utf-8"))
        if previous.get("config") != config:
            print(f"오류: {args.output}의 설정이 이번 설정과 달라 이어서 돌릴 수 없습니다. "
                  "--resume 없이 새로 돌리거나 다른 --output을 주세요.", file=sys.stderr)
            return 2
        document = previous
    done = {run["seed"] for run in document["runs"]}
    env = document["environment"]
    print(f"텐서플로 {env['tensorflow']}, CPU {env['cpu']['model']} {env['cpu']['count']}개 "
          f"({', '.join(env['cpu']['flags'])}), TF_ENABLE_ONEDNN_OPTS={env['TF_ENABLE_ONEDNN_OPTS']}, "
          f"정밀도 {env['precision']}")
    for recipe in recipes:
        print(f"  {recipe.name}: {recipe.label} — {recipe.describe()}")
    splits = load_fashion_mnist()
    wall_start = time.perf_counter()
    for seed in args.seeds:
        if seed in done:
            print(f"시드 {seed}: 이미 끝났으므로 건너뜁니다({args.output})")
            continue
        document["runs"].extend(run_seed(recipes, seed, splits, epochs=args.epochs,
                                         images=args.images, rounds=args.rounds))
        write_results(args.output, document, render_markdown)
    document["finished"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    table = write_results(args.output, document, render_markdown)
    print(f"\n전체 {time.perf_counter() - wall_start:.0f}초. 결과: {args.output}\n")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
