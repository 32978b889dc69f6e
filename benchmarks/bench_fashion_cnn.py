"""책의 패션 MNIST CNN을 두 가지 방법으로 같은 이미지 수만큼 훈련해 속도와 정확도를 비교합니다.

1. **책의 코드 그대로**: 넘파이 배열을 ``fit()``\\ 에 넘기고, 배치 크기 32, ``optimizer="nadam"``
   (학습률 0.001 고정).
2. **이 프로젝트의 파이프라인** (``examples/03_architectures/plot_01_fashion_mnist_cnn.py`` 와 같은
   설정): ``tf.data``\\ 로 캐시·셔플·배치·프리페치, 배치 크기 128, Nadam에 워밍업 + 코사인
   학습률 스케줄(최고 0.003).

모델은 둘 다 :func:`cnn_vision.models.book_fashion_cnn` 이고 같은 시드로 초기화합니다. 다른
작업이 CPU를 함께 쓰면 시간이 흔들리므로, 에포크마다 훈련 이미지를 ``--rounds`` 개의 조각으로 나눠
두 방법을 번갈아 훈련합니다(조각 1을 책의 방법으로, 이어서 이 프로젝트의 방법으로, 그다음 조각 2,
...). 두 방법은 같은 순서로 같은 이미지를 봅니다. 에포크가 끝날 때마다 두 모델의 검증 정확도(검증
세트 5,000장)를 재고(이 시간은 훈련 시간에 넣지 않음), 끝에 테스트 정확도도 잽니다.

실행::

    make bench                                              # 1 에포크(2코어 CPU에서 15분 안팎)
    python benchmarks/bench_fashion_cnn.py --epochs 3       # docs 프로필 페이지와 같은 3 에포크
    python benchmarks/bench_fashion_cnn.py --images 2000 --rounds 2   # 코드만 빠르게 점검

같은 프로세스에서 두 방법을 돌리므로 TensorFlow 설정(예: ``TF_ENABLE_ONEDNN_OPTS``, 따로 정하지
않으면 1)은 두 방법에 똑같이 적용됩니다. 비율은 코드의 차이만 잽니다.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# oneDNN 합성곱을 켭니다(AVX-512가 없는 CPU에서는 텐서플로가 기본으로 끕니다). 텐서플로를
# import하기 전에 정해야 하고, 두 방법에 똑같이 적용되므로 비교에는 영향이 없습니다.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from cnn_vision import fashion_mnist  # noqa: E402
from cnn_vision.models import book_fashion_cnn  # noqa: E402

BOOK_BATCH = 32
PIPELINE_BATCH = 128
PEAK_LEARNING_RATE = 3e-3


def load_fashion_mnist():
    print(fashion_mnist.ensure_fashion_mnist().describe())
    (X_train_full, y_train_full), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
    X_train_full = np.expand_dims(X_train_full, axis=-1).astype(np.float32) / 255
    X_test = np.expand_dims(X_test, axis=-1).astype(np.float32) / 255
    return ((X_train_full[:-5000], y_train_full[:-5000]),
            (X_train_full[-5000:], y_train_full[-5000:]), (X_test, y_test))


def build_book_way() -> tf.keras.Model:
    tf.random.set_seed(42)
    model = book_fashion_cnn()
    model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam", metrics=["accuracy"])
    return model


def build_pipeline_way(total_steps: int) -> tf.keras.Model:
    tf.random.set_seed(42)
    model = book_fashion_cnn()
    warmup_steps = max(1, total_steps // 10)
    schedule = tf.keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=PEAK_LEARNING_RATE / 10,
        warmup_target=PEAK_LEARNING_RATE,
        warmup_steps=warmup_steps,
        decay_steps=max(1, total_steps - warmup_steps),
    )
    model.compile(
        loss="sparse_categorical_crossentropy",
        optimizer=tf.keras.optimizers.Nadam(learning_rate=schedule),
        metrics=["accuracy"],
    )
    return model


def pipeline_dataset(X, y, seed: int) -> tf.data.Dataset:
    return (
        tf.data.Dataset.from_tensor_slices((X, y))
        .cache()
        .shuffle(buffer_size=10_000, seed=seed)
        .batch(PIPELINE_BATCH)
        .prefetch(tf.data.AUTOTUNE)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1,
                        help="방법마다 훈련할 에포크 수(기본 1; docs 프로필 페이지는 3)")
    parser.add_argument("--images", type=int, default=55_000,
                        help="에포크마다 훈련할 이미지 수(기본 55,000 = 훈련 세트 전체)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="에포크마다 두 방법을 번갈아 훈련할 조각 수(기본 5)")
    args = parser.parse_args(argv)
    if args.epochs < 1:
        parser.error(f"--epochs는 1 이상이어야 합니다: {args.epochs}")
    if not 1 <= args.images <= 55_000:
        parser.error(f"--images는 1~55000이어야 합니다: {args.images}")
    if not 1 <= args.rounds <= args.images:
        parser.error(f"--rounds는 1~--images 사이여야 합니다: {args.rounds}")

    print(f"TensorFlow {tf.__version__}, CPU {os.cpu_count()}개, "
          f"TF_ENABLE_ONEDNN_OPTS={os.environ.get('TF_ENABLE_ONEDNN_OPTS', '(설정 안 됨)')}")
    (X_train, y_train), (X_valid, y_valid), (X_test, y_test) = load_fashion_mnist()
    # 에포크마다 새로 섞은 순서를 조각으로 나눕니다. 두 방법이 같은 조각을 같은 순서로 봅니다.
    epoch_chunks = [
        np.array_split(np.random.default_rng(epoch).permutation(len(X_train))[: args.images],
                       args.rounds)
        for epoch in range(args.epochs)
    ]
    total_steps = sum(math.ceil(len(chunk) / PIPELINE_BATCH)
                      for chunks in epoch_chunks for chunk in chunks)

    models = {"book": build_book_way(), "pipeline": build_pipeline_way(total_steps)}
    seconds = {"book": 0.0, "pipeline": 0.0}
    valid_accuracy: dict[str, list[float]] = {"book": [], "pipeline": []}
    load_before = os.getloadavg()[0]

    for epoch, chunks in enumerate(epoch_chunks, start=1):
        for round_index, chunk in enumerate(chunks, start=1):
            X_chunk, y_chunk = X_train[chunk], y_train[chunk]

            start = time.perf_counter()
            # 책의 코드: 넘파이 배열, 배치 크기 32(fit의 기본값)
            models["book"].fit(X_chunk, y_chunk, epochs=1, verbose=0)
            seconds["book"] += time.perf_counter() - start

            start = time.perf_counter()
            dataset = pipeline_dataset(X_chunk, y_chunk, seed=1000 * epoch + round_index)
            models["pipeline"].fit(dataset, epochs=1, shuffle=False,  # 섞기는 데이터셋이 합니다
                                   verbose=0)
            seconds["pipeline"] += time.perf_counter() - start

            print(f"  에포크 {epoch}/{args.epochs}, 조각 {round_index}/{args.rounds}: 누적 시간 "
                  f"책 {seconds['book']:.0f}초 / 파이프라인 {seconds['pipeline']:.0f}초",
                  flush=True)
        for way, model in models.items():  # 평가 시간은 훈련 시간에 넣지 않습니다
            valid_accuracy[way].append(
                model.evaluate(X_valid, y_valid, batch_size=500, verbose=0)[1])
        print(f"  에포크 {epoch} 검증 정확도: 책 {valid_accuracy['book'][-1]:.2%} / "
              f"파이프라인 {valid_accuracy['pipeline'][-1]:.2%}", flush=True)

    load_after = os.getloadavg()[0]
    test_accuracy = {way: model.evaluate(X_test, y_test, batch_size=500, verbose=0)[1]
                     for way, model in models.items()}
    images = args.epochs * args.images
    speed = {way: images / seconds[way] for way in seconds}
    ratio = speed["pipeline"] / speed["book"]
    accuracy = {way: values[-1] for way, values in valid_accuracy.items()}

    print()
    print(f"방법마다 {args.epochs} 에포크 × {args.images:,}장 = {images:,}장(같은 이미지, 같은 순서), "
          f"검증 {len(X_valid):,}장, 테스트 {len(X_test):,}장")
    print(f"{'방법':<40}{'시간(초)':>10}{'초당 이미지':>12}{'검증 정확도':>12}{'테스트 정확도':>13}")
    labels = {
        "book": f"책의 코드 (넘파이, 배치 {BOOK_BATCH}, nadam 0.001)",
        "pipeline": f"파이프라인 (tf.data, 배치 {PIPELINE_BATCH}, 워밍업+코사인)",
    }
    for way in ("book", "pipeline"):
        print(f"{labels[way]:<40}{seconds[way]:>10.0f}{speed[way]:>12.1f}"
              f"{accuracy[way]:>12.2%}{test_accuracy[way]:>13.2%}")
    print("에포크별 검증 정확도:")
    for epoch in range(args.epochs):
        print(f"  에포크 {epoch + 1}: 책 {valid_accuracy['book'][epoch]:.2%}, "
              f"파이프라인 {valid_accuracy['pipeline'][epoch]:.2%}")
    print(f"속도 비율(파이프라인 / 책): {ratio:.2f}배 (목표 1.3배 이상)")
    print(f"마지막 에포크의 검증 정확도 차이(파이프라인 - 책): "
          f"{100 * (accuracy['pipeline'] - accuracy['book']):+.2f}%p")
    print(f"1분 평균 부하: 시작 {load_before:.2f}, 끝 {load_after:.2f} "
          f"(CPU {os.cpu_count()}개보다 크면 다른 작업과 CPU를 나눠 쓴 것입니다)")
    met = ratio >= 1.3 and accuracy["pipeline"] >= accuracy["book"]
    print("목표 달성" if met else "목표 미달")
    return 0


if __name__ == "__main__":
    sys.exit(main())
