r"""여러 장치로 훈련하기: 실행 프로필에 맞는 ``tf.distribute`` 전략을 고릅니다.

훈련하는 페이지는 모델을 만들고 컴파일하는 코드를 전략의 ``scope()`` 안에 두고, 배치 크기와 배치
정규화를 복사본 수에 맞춥니다::

    strategy = distribute.pick_strategy()
    SYNC_BATCH_NORM = strategy.num_replicas_in_sync > 1     # 복사본이 둘 이상이면 통계를 모읍니다
    BATCH_SIZE = 64 * strategy.num_replicas_in_sync         # fit()의 배치는 모든 복사본을 합친 전역 배치
    with strategy.scope():
        model = ...  # tf.keras.layers.BatchNormalization(synchronized=SYNC_BATCH_NORM)
        model.compile(...)
    model.fit(..., batch_size=BATCH_SIZE)

배치 정규화를 동기화하지 않으면 복사본마다 자기 몫의 배치로 통계를 내므로, 여러 장치의 한 스텝은
장치 하나에서 전역 배치로 한 스텝 훈련한 것과 달라집니다. 언제 둘이 같은지는 문서의 "여러 GPU로
훈련하기" 페이지(``docs/multi_gpu.md``)에 있고, ``tests/test_distribute.py``\ 가 논리 CPU 장치 두
개로 확인합니다.

- ``full`` 프로필이고 GPU가 둘 이상이면 ``tf.distribute.MirroredStrategy`` 를 돌려줍니다.
  GPU마다 모델 복사본(replica)을 두고, 배치를 장치 수로 나눠 각자 그레이디언트를 계산한 다음
  모두 더해(all-reduce) 모든 복사본의 가중치를 똑같이 갱신합니다.
- 그 밖에는 텐서플로의 기본 전략(장치 하나)을 돌려줍니다. ``scope()``\ 는 아무것도 바꾸지 않습니다.
- ``devices``\ 를 주면 그 장치들로 ``MirroredStrategy``\ 를 만듭니다(테스트가 논리 CPU 장치 두 개로
  씁니다).
"""

from __future__ import annotations

from collections.abc import Sequence

import tensorflow as tf

from cnn_vision import profile

__all__ = ["pick_strategy", "describe_strategy"]


def pick_strategy(*, devices: Sequence[str] | None = None) -> tf.distribute.Strategy:
    r"""지금 실행 프로필과 장치에 맞는 분산 전략을 고릅니다.

    Parameters
    ----------
    devices : sequence of str, optional
        쓸 장치 이름(예: ``["/gpu:0", "/gpu:1"]``, ``["/cpu:0", "/cpu:1"]``). 주면 프로필과
        상관없이 그 장치들로 ``tf.distribute.MirroredStrategy`` 를 만듭니다.

    Returns
    -------
    tf.distribute.Strategy
        ``devices``\ 가 있으면 그 장치들의 ``MirroredStrategy``. 없으면 ``full`` 프로필이고 GPU가
        둘 이상일 때 모든 GPU의 ``MirroredStrategy``, 그 밖에는 기본 전략
        (``tf.distribute.get_strategy``).

    Raises
    ------
    ValueError
        ``devices``\ 가 문자열 하나이거나, 비어 있거나, 문자열이 아닌 항목이나 중복이 있을 때.
    """
    if devices is not None:
        if isinstance(devices, str) or not isinstance(devices, Sequence):
            raise ValueError(
                f"devices는 장치 이름의 리스트여야 합니다(예: ['/gpu:0', '/gpu:1']): devices={devices!r}"
            )
        names = list(devices)
        if not names or not all(isinstance(name, str) and name for name in names):
            raise ValueError(f"devices에는 장치 이름(문자열)이 하나 이상 있어야 합니다: devices={devices!r}")
        if len(set(names)) != len(names):
            raise ValueError(f"devices에 같은 장치가 두 번 있습니다: devices={devices!r}")
        return tf.distribute.MirroredStrategy(devices=names)
    if profile.current() == "full" and len(tf.config.list_physical_devices("GPU")) >= 2:
        return tf.distribute.MirroredStrategy()
    return tf.distribute.get_strategy()


def describe_strategy(strategy: tf.distribute.Strategy) -> str:
    """페이지에 출력할 한 줄 설명(전략 이름과 복사본 수)을 돌려줍니다."""
    return f"분산 전략: {type(strategy).__name__}, 복사본(replica) {strategy.num_replicas_in_sync}개"
