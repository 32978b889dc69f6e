"""cnn_vision.distribute: MirroredStrategy 경로를 논리 CPU 장치 두 개에서 실제로 한 스텝 훈련해 봅니다
(배치 정규화가 없는 모델과, 동기화한 배치 정규화가 있는 모델)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
import tensorflow as tf

from cnn_vision import distribute

pytestmark = pytest.mark.tf

# 논리 장치는 텐서플로가 초기화되기 전에만 나눌 수 있으므로 새 프로세스에서 실행합니다.
ONE_STEP_ON_TWO_DEVICES = textwrap.dedent(
    """
    import json
    import numpy as np
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration(), tf.config.LogicalDeviceConfiguration()])

    from cnn_vision import distribute

    def build():
        model = tf.keras.Sequential([
            tf.keras.Input(shape=(12, 12, 1)),
            tf.keras.layers.Conv2D(4, 3, activation="relu"),
            tf.keras.layers.MaxPool2D(),
            tf.keras.layers.Flatten(),
            tf.keras.layers.Dense(3, activation="softmax"),
        ])
        model.compile(loss="sparse_categorical_crossentropy",
                      optimizer=tf.keras.optimizers.SGD(learning_rate=0.5))
        return model

    rng = np.random.default_rng(0)
    images = rng.random((8, 12, 12, 1), dtype=np.float32)
    labels = rng.integers(0, 3, size=8)

    single_strategy = distribute.pick_strategy()
    with single_strategy.scope():
        single = build()
    initial = single.get_weights()
    single_loss = single.fit(images, labels, batch_size=8, epochs=1, shuffle=False,
                             verbose=0).history["loss"][0]

    mirrored_strategy = distribute.pick_strategy(devices=["/cpu:0", "/cpu:1"])
    with mirrored_strategy.scope():
        mirrored = build()
    mirrored.set_weights(initial)
    mirrored_loss = mirrored.fit(images, labels, batch_size=8, epochs=1, shuffle=False,
                                 verbose=0).history["loss"][0]

    print(json.dumps({
        "logical_cpus": len(tf.config.list_logical_devices("CPU")),
        "single": type(single_strategy).__name__,
        "mirrored": type(mirrored_strategy).__name__,
        "replicas": mirrored_strategy.num_replicas_in_sync,
        "single_loss": float(single_loss),
        "mirrored_loss": float(mirrored_loss),
        "weights_changed": float(max(np.abs(a - b).max()
                                     for a, b in zip(initial, single.get_weights()))),
        "weight_difference": float(max(np.abs(a - b).max()
                                       for a, b in zip(single.get_weights(),
                                                       mirrored.get_weights()))),
    }))
    """
)


# 배치 정규화가 있는 모델: 복사본마다 자기 몫(배치의 절반)으로 통계를 내면 장치 하나의 한 스텝과
# 달라지고, synchronized=True면 모든 복사본의 배치로 통계를 내서 같아집니다.
BATCH_NORM_ON_TWO_DEVICES = textwrap.dedent(
    """
    import json
    import numpy as np
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration(), tf.config.LogicalDeviceConfiguration()])

    from cnn_vision import distribute

    def build(synchronized):
        inputs = tf.keras.Input(shape=(12, 12, 1))
        x = tf.keras.layers.Conv2D(4, 3, use_bias=False)(inputs)
        x = tf.keras.layers.BatchNormalization(momentum=0.9, synchronized=synchronized)(x)
        x = tf.keras.layers.ReLU()(x)
        x = tf.keras.layers.GlobalAveragePooling2D()(x)
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(3, activation="softmax")(x))
        model.compile(loss="sparse_categorical_crossentropy",
                      optimizer=tf.keras.optimizers.SGD(learning_rate=0.5))
        return model

    rng = np.random.default_rng(1)
    # 앞 절반과 뒤 절반의 분포를 다르게 해서 복사본마다의 통계가 전체 배치의 통계와 확실히 다르게 합니다.
    images = rng.random((8, 12, 12, 1), dtype=np.float32)
    images[4:] = images[4:] * 3 + 1
    labels = rng.integers(0, 3, size=8)

    def one_step(strategy, synchronized, initial):
        with strategy.scope():
            model = build(synchronized)
        if initial is not None:
            model.set_weights(initial)
        start = model.get_weights()
        loss = model.fit(images, labels, batch_size=8, epochs=1, shuffle=False,
                         verbose=0).history["loss"][0]
        return start, float(loss), model.get_weights()

    initial, single_loss, single_weights = one_step(distribute.pick_strategy(), False, None)
    mirrored = distribute.pick_strategy(devices=["/cpu:0", "/cpu:1"])
    results = {"replicas": mirrored.num_replicas_in_sync, "single_loss": single_loss,
               "weights_changed": float(max(np.abs(a - b).max()
                                            for a, b in zip(initial, single_weights)))}
    for name, synchronized in (("synchronized", True), ("per_replica", False)):
        _, loss, weights = one_step(mirrored, synchronized, initial)
        results[name] = {"loss": loss, "weight_difference": float(max(
            np.abs(a - b).max() for a, b in zip(single_weights, weights)))}
    print(json.dumps(results))
    """
)


def run_on_two_logical_cpus(script: str) -> dict:
    env = dict(os.environ, CNN_VISION_PROFILE="smoke", TF_CPP_MIN_LOG_LEVEL="3")
    completed = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                               text=True, timeout=240)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_with_batch_norm_a_mirrored_step_matches_one_device_only_when_batch_norm_is_synchronized():
    result = run_on_two_logical_cpus(BATCH_NORM_ON_TWO_DEVICES)
    assert result["replicas"] == 2
    assert result["weights_changed"] > 1e-3
    # synchronized=True: 모든 복사본의 배치로 통계를 내므로 장치 하나의 한 스텝과 같습니다
    # (가중치와 배치 정규화의 이동 평균까지, 덧셈 순서에 따른 반올림 차이 안에서).
    assert abs(result["synchronized"]["loss"] - result["single_loss"]) < 1e-5
    assert result["synchronized"]["weight_difference"] < 1e-5
    # 기본값(복사본마다의 통계)은 다릅니다. 이 차이가 위 비교가 헛돌지 않는다는 증거입니다.
    assert result["per_replica"]["weight_difference"] > 1e-3


def test_one_mirrored_step_on_two_logical_cpus_matches_a_single_device_step():
    env = dict(os.environ, CNN_VISION_PROFILE="smoke", TF_CPP_MIN_LOG_LEVEL="3")
    completed = subprocess.run([sys.executable, "-c", ONE_STEP_ON_TWO_DEVICES], env=env,
                               capture_output=True, text=True, timeout=240)
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["logical_cpus"] == 2
    assert result["single"] == "_DefaultDistributionStrategy"
    assert result["mirrored"] == "MirroredStrategy" and result["replicas"] == 2
    assert result["weights_changed"] > 1e-3  # 한 스텝이 실제로 가중치를 바꿨어야 비교가 의미 있습니다
    assert abs(result["single_loss"] - result["mirrored_loss"]) < 1e-5
    assert result["weight_difference"] < 1e-5


def test_default_strategy_outside_the_full_profile(monkeypatch):
    monkeypatch.setenv("CNN_VISION_PROFILE", "docs")
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: ["gpu0", "gpu1"])
    assert distribute.pick_strategy() is tf.distribute.get_strategy()


def test_full_profile_mirrors_only_with_two_or_more_gpus(monkeypatch):
    made = []
    monkeypatch.setenv("CNN_VISION_PROFILE", "full")
    monkeypatch.setattr(tf.distribute, "MirroredStrategy", lambda **kwargs: made.append(kwargs) or "mirrored")
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: ["gpu0"])
    assert distribute.pick_strategy() is tf.distribute.get_strategy()
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: ["gpu0", "gpu1"])
    assert distribute.pick_strategy() == "mirrored" and made == [{}]


@pytest.mark.parametrize("devices", ["/cpu:0", [], ["/cpu:0", "/cpu:0"], ["/cpu:0", 1]])
def test_bad_devices_raise_an_error_naming_devices(devices):
    with pytest.raises(ValueError, match="devices"):
        distribute.pick_strategy(devices=devices)
