"""benchmarks/bench_fashion_cnn.py: 조각 나누기, 조각 훈련과 한 번의 fit()이 같은지, 결과 표."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.tf

ROOT = Path(__file__).resolve().parents[1]
BENCH_PATH = ROOT / "benchmarks" / "bench_fashion_cnn.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_fashion_cnn", BENCH_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def random_splits(train: int = 512, valid: int = 64, test: int = 64, seed: int = 0):
    rng = np.random.default_rng(seed)

    def split(n):
        return rng.random((n, 28, 28, 1), dtype=np.float32), rng.integers(0, 10, n).astype(np.uint8)

    return split(train), split(valid), split(test)


def test_epoch_chunks_cover_each_image_once_with_batch_aligned_boundaries(bench):
    chunks = bench.epoch_chunks(55_000, 55_000, epochs=3, rounds=5, seed=7)
    assert len(chunks) == 3
    for epoch in chunks:
        assert len(epoch) == 5
        assert sorted(np.concatenate(epoch).tolist()) == list(range(55_000))
        assert all(len(chunk) % 128 == 0 for chunk in epoch[:-1])
        # 조각마다 배치로 나눠도 한 번에 나눈 것과 스텝 수가 같습니다(batch 32와 128 모두).
        assert bench.steps_per_epoch(epoch, 128) == -(-55_000 // 128)
        assert bench.steps_per_epoch(epoch, 32) == -(-55_000 // 32)
    assert not np.array_equal(chunks[0][0], chunks[1][0])  # 에포크마다 다른 순서
    again = bench.epoch_chunks(55_000, 55_000, epochs=1, rounds=5, seed=7)
    assert all(np.array_equal(a, b) for a, b in zip(again[0], chunks[0]))  # 시드가 순서를 정합니다


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"num_images": 0}, "num_images"),
    ({"num_images": 60_001}, "num_images"),
    ({"rounds": 0}, "rounds"),
    ({"rounds": 500}, "rounds"),
])
def test_epoch_chunks_rejects_bad_sizes_naming_the_argument(bench, kwargs, name):
    arguments = {"num_images": 55_000, "train_size": 55_000, "epochs": 1, "rounds": 5, "seed": 0}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=name):
        bench.epoch_chunks(**arguments)


def test_chunked_training_with_ema_equals_one_fit_call(bench):
    """조각마다 fit()을 부르고 끝에 평균을 복사한 것 == 케라스가 fit() 한 번으로 한 것."""
    import tensorflow as tf

    (X, y), _, _ = random_splits(train=256)
    recipe = bench.RECIPES["improved"]
    chunks = bench.epoch_chunks(256, 256, epochs=2, rounds=2, seed=3)  # 조각마다 배치 하나
    total_steps = sum(bench.steps_per_epoch(epoch, recipe.batch_size) for epoch in chunks)

    chunked = bench.build_model(recipe, total_steps, seed=5)
    for epoch in chunks:
        for chunk in epoch:
            bench.train_chunk(chunked, recipe, X[chunk], y[chunk])
    before_copy = [w.numpy().copy() for w in chunked.trainable_variables]
    bench.finish_training(chunked)

    whole = bench.build_model(recipe, total_steps, seed=5)
    del whole.optimizer.finalize_variable_values  # 케라스 본래의 동작: fit()이 끝나면 복사
    order = np.concatenate([np.concatenate(epoch) for epoch in chunks])
    dataset = tf.data.Dataset.from_tensor_slices((X[order], bench.encode_labels(recipe, y[order])))
    whole.fit(dataset.batch(recipe.batch_size), epochs=1, shuffle=False, verbose=0)

    for a, b in zip(chunked.trainable_variables, whole.trainable_variables):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-4, atol=1e-5)
    # 평균 복사가 실제로 가중치를 바꿨는지(테스트가 헛돌지 않는지) 확인합니다.
    assert any(not np.allclose(w, v.numpy()) for w, v in zip(before_copy, chunked.trainable_variables))


def test_recipes_share_initial_weights_for_one_seed(bench):
    first = bench.build_model(bench.RECIPES["book"], 10, seed=11)
    second = bench.build_model(bench.RECIPES["improved"], 10, seed=11)
    for a, b in zip(first.get_weights(), second.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert first.count_params() == 1_413_834


def test_main_writes_results_and_table_in_smoke_size(bench, monkeypatch, tmp_path):
    monkeypatch.setattr(bench, "load_fashion_mnist", lambda: random_splits(train=256))
    monkeypatch.setattr(bench, "epoch_chunks", lambda num_images, train_size, epochs, rounds, seed:
                        [[np.arange(128), np.arange(128, 256)]] * epochs)
    output = tmp_path / "results.json"
    argv = ["--images", "256", "--rounds", "2", "--epochs", "1", "--recipes", "book,improved",
            "--seeds", "1", "--output", str(output)]
    assert bench.main(argv) == 0
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["environment"]["precision"] == "float32"
    assert {(run["seed"], run["recipe"]) for run in document["runs"]} == {(1, "book"), (1, "improved")}
    assert all("test_accuracy_before_ema" in run for run in document["runs"] if run["recipe"] == "improved")
    assert output.with_suffix(".md").read_text(encoding="utf-8") == bench.render_markdown(document)
    # 이어서 돌리면 끝난 시드를 건너뜁니다.
    assert bench.main(argv + ["--resume"]) == 0
    assert len(json.loads(output.read_text(encoding="utf-8"))["runs"]) == 2


def test_bench_rejects_bad_arguments(bench):
    for argv in (["--recipes", "book,nope"], ["--seeds", "a"], ["--epochs", "0"],
                 ["--images", "0"], ["--rounds", "1000"]):
        with pytest.raises(SystemExit) as excinfo:
            bench.parse_args(argv)
        assert excinfo.value.code == 2


# --- 커밋한 결과 파일과 페이지 -------------------------------------------------------------------

RESULTS = ROOT / "benchmarks" / "results"
PAGE = ROOT / "examples" / "03_architectures" / "plot_01_fashion_mnist_cnn.py"


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    return module


@pytest.mark.parametrize("script,stem", [
    ("bench_fashion_cnn", "fashion_cnn_recipes"),
    ("bench_training_speed", "training_speed"),
    ("bench_fashion_page", "fashion_cnn_page"),
    ("bench_ema_momentum", "ema_momentum"),
    ("bench_scenes", "scenes_speed"),
    ("bench_page_times", "page_times"),
])
def test_checked_in_tables_are_rendered_from_the_results_json(script, stem):
    """문서가 넣는 Markdown 표는 손으로 쓴 것이 아니라 JSON에서 만든 그대로입니다."""
    document = json.loads((RESULTS / f"{stem}.json").read_text(encoding="utf-8"))
    rendered = load_script(script).render_markdown(document)
    assert (RESULTS / f"{stem}.md").read_text(encoding="utf-8") == rendered


def test_checked_in_recipe_results_are_a_full_float32_run_with_three_seeds_per_recipe():
    document = json.loads((RESULTS / "fashion_cnn_recipes.json").read_text(encoding="utf-8"))
    config = document["config"]
    assert document["environment"]["precision"] == "float32"
    assert config["epochs"] == 3 and config["images"] == 55_000
    assert document["finished"]
    for name in ("book", "docs", "smoothing", "improved"):
        seeds = sorted(run["seed"] for run in document["runs"] if run["recipe"] == name)
        assert seeds == sorted(config["seeds"]) and len(seeds) >= 3, name


def page_settings(monkeypatch) -> dict:
    """페이지에서 훈련 설정을 정하는 대입문만 docs 프로필로 실행합니다."""
    import ast

    import tensorflow as tf

    from cnn_vision import profile

    names = {"EPOCHS", "BATCH_SIZE", "LABEL_SMOOTHING", "USE_EMA", "EMA_MOMENTUM", "warmup_cosine",
             "learning_rate"}
    tree = ast.parse(PAGE.read_text(encoding="utf-8"))
    body = [node for node in tree.body if isinstance(node, ast.Assign) and any(
        isinstance(target, ast.Name) and target.id in names for target in node.targets)]
    namespace = {"tf": tf, "profile": profile, "total_steps": 1290, "warmup_steps": 129}
    monkeypatch.setenv("CNN_VISION_PROFILE", "docs")
    exec(compile(ast.Module(body=body, type_ignores=[]), str(PAGE), "exec"), namespace)
    return namespace


def test_page_docs_profile_trains_with_the_recipe_the_benchmark_calls_smoothing(bench, monkeypatch):
    """페이지의 docs 설정이 벤치마크로 잰 레시피와 같아야 문서의 숫자가 페이지를 말합니다."""
    page = page_settings(monkeypatch)
    recipe = bench.RECIPES["smoothing"]
    document = json.loads((RESULTS / "fashion_cnn_recipes.json").read_text(encoding="utf-8"))
    assert page["EPOCHS"] == document["config"]["epochs"]
    assert page["BATCH_SIZE"] == recipe.batch_size
    assert page["LABEL_SMOOTHING"] == recipe.label_smoothing
    assert page["USE_EMA"] == (recipe.ema_momentum is not None)
    assert page["EMA_MOMENTUM"] == bench.RECIPES["improved"].ema_momentum  # 페이지가 말하는 모멘텀
    schedule = page["learning_rate"]
    assert recipe.warmup_cosine and schedule is page["warmup_cosine"]
    assert schedule.warmup_target == pytest.approx(recipe.learning_rate)
    assert schedule.initial_learning_rate == pytest.approx(recipe.learning_rate / 10)


def test_ema_benchmark_callback_matches_keras_use_ema():
    """bench_ema_momentum의 콜백이 계산한 평균 == 케라스 옵티마이저(use_ema=True)의 평균."""
    import tensorflow as tf

    ema = load_script("bench_ema_momentum")
    (X, y), _, _ = random_splits(train=256)
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.Sequential([tf.keras.Input((28, 28, 1)), tf.keras.layers.Conv2D(4, 3),
                                 tf.keras.layers.Flatten(), tf.keras.layers.Dense(10, "softmax")])
    optimizer = tf.keras.optimizers.Nadam(use_ema=True, ema_momentum=0.9)
    optimizer.finalize_variable_values = lambda var_list: None  # 비교하려고 복사를 막습니다
    model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer)
    tracker = ema.WeightAverages([0.9])
    model.fit(X, y, batch_size=32, epochs=2, shuffle=False, verbose=0, callbacks=[tracker])
    keras_averages = [v.numpy() for v in optimizer._model_variables_moving_average]
    for ours, theirs in zip(tracker.averages[0.9], keras_averages):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    last = [v.numpy() for v in model.trainable_variables]
    assert not all(np.allclose(a, b) for a, b in zip(last, keras_averages))


def test_ema_results_reproduce_the_recipe_benchmark_runs():
    """bench_ema_momentum의 "평균 없음"과 0.995 == bench_fashion_cnn의 smoothing, improved(같은 훈련)."""
    recipes = json.loads((RESULTS / "fashion_cnn_recipes.json").read_text(encoding="utf-8"))
    ema = json.loads((RESULTS / "ema_momentum.json").read_text(encoding="utf-8"))
    test = {(run["recipe"], run["seed"]): run["test_accuracy"] for run in recipes["runs"]}
    assert ema["runs"]
    for run in ema["runs"]:
        assert run["last_weights"]["test"] == pytest.approx(test["smoothing", run["seed"]], abs=0.0015)
        assert run["ema"]["0.995"]["test"] == pytest.approx(test["improved", run["seed"]], abs=0.0015)


def test_page_claim_that_weight_averaging_lowered_test_accuracy_in_every_seed_holds():
    """페이지와 문서가 하는 말("모멘텀 0.995의 평균은 모든 시드에서 더 낮았다")을 결과로 확인합니다."""
    recipes = json.loads((RESULTS / "fashion_cnn_recipes.json").read_text(encoding="utf-8"))
    test = {(run["recipe"], run["seed"]): run["test_accuracy"] for run in recipes["runs"]}
    for seed in recipes["config"]["seeds"]:
        assert test["improved", seed] < test["smoothing", seed], seed
    ema = json.loads((RESULTS / "ema_momentum.json").read_text(encoding="utf-8"))
    for run in ema["runs"]:
        assert run["ema"]["0.995"]["test"] < run["last_weights"]["test"], run["seed"]


def test_page_text_reaches_the_book_accuracy_only_if_the_results_do():
    """페이지가 "책의 정확도에 닿습니다"라고 하려면 페이지의 방법이 시드 평균 91.17% 이상이어야 합니다."""
    recipes = json.loads((RESULTS / "fashion_cnn_recipes.json").read_text(encoding="utf-8"))
    smoothing = [run["test_accuracy"] for run in recipes["runs"] if run["recipe"] == "smoothing"]
    assert "책의 정확도에 닿습니다" in PAGE.read_text(encoding="utf-8")
    assert np.mean(smoothing) >= 0.9117 and min(smoothing) >= 0.909


def median_images_per_second(recipes: dict, name: str) -> float:
    return float(np.median([run["images_per_second"] for run in recipes["runs"] if run["recipe"] == name]))


def test_page_claim_that_batch_128_was_faster_than_batch_32_by_less_than_ten_percent_holds():
    """페이지: "배치 128의 레시피들은 배치 32(책의 방법)보다 초당 이미지가 10% 미만으로만 많았습니다"."""
    recipes = json.loads((RESULTS / "fashion_cnn_recipes.json").read_text(encoding="utf-8"))
    specs = recipes["config"]["recipe_specs"]
    assert specs["book"]["batch_size"] == 32
    batch_32 = median_images_per_second(recipes, "book")
    large = [name for name, spec in specs.items() if spec["batch_size"] == 128]
    assert len(large) == 3
    for name in large:
        ratio = median_images_per_second(recipes, name) / batch_32
        assert 1.0 < ratio < 1.10, (name, ratio)
    assert "10% 미만으로만" in PAGE.read_text(encoding="utf-8")


def test_page_claim_about_ema_momenta_holds():
    """페이지: 0.99는 평균 없음과 시드 평균 0.1%p 안에서 같고, 0.995와 0.999는 더 낮았습니다."""
    ema = json.loads((RESULTS / "ema_momentum.json").read_text(encoding="utf-8"))

    def mean_test(key):
        return np.mean([run["last_weights"]["test"] if key is None else run["ema"][key]["test"]
                        for run in ema["runs"]])

    last = mean_test(None)
    assert len(ema["runs"]) >= 3
    assert abs(mean_test("0.99") - last) < 0.001
    assert mean_test("0.999") < mean_test("0.995") < last
    assert "시드 평균 0.1%p 안에서" in PAGE.read_text(encoding="utf-8")
