"""benchmarks/bench_fashion_cnn.py: 조각 나누기, 조각 훈련과 한 번의 fit()이 같은지, 결과 표."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

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

    (X, y), _, _ = random_splits(train=512)
    recipe = bench.RECIPES["improved"]
    chunks = bench.epoch_chunks(512, 512, epochs=2, rounds=2, seed=3)
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
    assert bench.main(["--images", "256", "--rounds", "2", "--epochs", "1",
                       "--seeds", "1,2", "--output", str(output)]) == 0
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["environment"]["precision"] == "float32"
    assert {(run["seed"], run["recipe"]) for run in document["runs"]} == {
        (seed, name) for seed in (1, 2) for name in ("book", "docs", "improved")}
    assert output.with_suffix(".md").read_text(encoding="utf-8") == bench.render_markdown(document)
    # 이어서 돌리면 끝난 시드를 건너뜁니다.
    assert bench.main(["--images", "256", "--rounds", "2", "--epochs", "1",
                       "--seeds", "1,2", "--output", str(output), "--resume"]) == 0
    assert len(json.loads(output.read_text(encoding="utf-8"))["runs"]) == 6


def test_bench_rejects_bad_arguments(bench):
    for argv in (["--recipes", "book,nope"], ["--seeds", "a"], ["--epochs", "0"],
                 ["--images", "0"], ["--rounds", "1000"]):
        with pytest.raises(SystemExit) as excinfo:
            bench.parse_args(argv)
        assert excinfo.value.code == 2
