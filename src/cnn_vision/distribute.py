r"""여러 장치로 훈련하기: 실행 프로필에 맞는 ``tf.distribute`` 전략을 고릅니다.

훈련하는 페이지는 모델을 만들고 컴파일하는 코드를 전략의 ``scope()`` 안에 둡니다::

    strategy = distribute.pick_strategy()
    with strategy.scope():
        model = ...
        model.compile(...)
    model.fit(...)  # 배치 크기는 모든 장치를 합친 전역 배치입니다

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
