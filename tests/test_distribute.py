"""cnn_vision.distribute: MirroredStrategy 경로를 논리 CPU 장치 두 개에서 실제로 한 스텝 훈련해 봅니다."""

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
