r"""텐서플로와 matplotlib의 실행 환경 기본값을 정하는 유일한 곳.

문서 빌드(``docs/conf.py``), 테스트(``tests/conftest.py``), 명령행 도구(``python -m cnn_vision``)가
텐서플로를 import하기 **전에** :func:`apply_defaults` 를 부릅니다. 이미 정해 둔 환경 변수는
바꾸지 않으므로(``os.environ.setdefault``), 사용자가 명령 앞에 적은 값이 이깁니다. 예를 들어
``TF_ENABLE_ONEDNN_OPTS=0 make html``\ 은 oneDNN을 끈 채 빌드합니다.

이 모듈은 텐서플로도 matplotlib도 import하지 않습니다. 예제 페이지는 이 함수를 부르지 않습니다
(내려받은 스크립트와 노트북은 텐서플로의 기본 설정 그대로 돕니다).
"""

from __future__ import annotations

import os
import platform
import warnings
from pathlib import Path

__all__ = ["CPU_FLAGS_OF_INTEREST", "ENVIRONMENT_DEFAULTS", "WARNING_FILTERS", "apply_defaults", "cpu_info"]

ENVIRONMENT_DEFAULTS: dict[str, str] = {
    # 텐서플로 C++ 로그(oneDNN, CUDA 없음, CPU 명령어 안내)를 숨깁니다. 오류는 파이썬 예외로 옵니다.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # 화면이 없는 빌드·테스트에서 그림을 파일로만 그립니다.
    "MPLBACKEND": "Agg",
    # oneDNN 합성곱: AVX-512가 없는 CPU에서는 텐서플로가 기본으로 끄지만, 켜면 빠릅니다
    # (측정값은 "빌드 성능" 문서 페이지에 있습니다).
    "TF_ENABLE_ONEDNN_OPTS": "1",
}
"""환경 변수 이름 → 기본값. 이미 정해진 변수는 그대로 둡니다."""

WARNING_FILTERS: tuple[tuple[str, str, type[Warning]], ...] = (
    # 케라스 3.15의 fit()은 tf.data 데이터셋을 받을 때마다 "shuffle=True ... will be ignored"
    # 경고를 냅니다(데이터셋은 스스로 섞으므로 맞는 동작입니다). 페이지 출력에 섞이지 않게 숨깁니다.
    ("ignore", r"`shuffle=True` was passed", UserWarning),
)
"""``(동작, 메시지 정규식, 경고 종류)``: :func:`warnings.filterwarnings` 에 넘기는 값."""


def apply_defaults() -> dict[str, str]:
    r"""환경 변수 기본값과 경고 필터를 적용하고, 지금의 값을 돌려줍니다.

    텐서플로를 import하기 전에 불러야 ``TF_CPP_MIN_LOG_LEVEL``\ 과 ``TF_ENABLE_ONEDNN_OPTS``\ 가
    듣습니다. 여러 번 불러도 됩니다.

    Returns
    -------
    dict of str to str
        :data:`ENVIRONMENT_DEFAULTS` 의 각 변수가 지금 가진 값(사용자가 정한 값일 수 있습니다).
    """
    for name, value in ENVIRONMENT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    for action, message, category in WARNING_FILTERS:
        warnings.filterwarnings(action, message=message, category=category)
    return {name: os.environ[name] for name in ENVIRONMENT_DEFAULTS}


CPU_FLAGS_OF_INTEREST: tuple[str, ...] = ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16")
"""훈련 속도에 영향을 주는 CPU 명령어 집합 플래그(:func:`cpu_info` 가 이것만 돌려줍니다)."""


def cpu_info(cpuinfo: str | os.PathLike[str] = "/proc/cpuinfo") -> dict[str, object]:
    r"""이 컴퓨터의 CPU: 모델 이름, 쓸 수 있는 코어 수, 관심 있는 명령어 집합 플래그.

    CPU 정보를 읽는 곳은 이것 하나입니다(사이트의 빌드 정보와 벤치마크가 함께 씁니다). 리눅스의
    ``/proc/cpuinfo``\ 가 없으면 :func:`platform.processor` 로 이름만 채웁니다.

    Parameters
    ----------
    cpuinfo : str or os.PathLike
        읽을 ``cpuinfo`` 파일(테스트가 바꿔 넣습니다).

    Returns
    -------
    dict
        ``{"model": str, "count": int, "flags": list[str]}``. ``count``\ 는 이 프로세스가 쓸 수 있는
        코어 수이고, ``flags``\ 는 :data:`CPU_FLAGS_OF_INTEREST` 가운데 CPU가 가진 것입니다.
    """
    model, flags = "", set()
    try:
        text = Path(cpuinfo).read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "model name" and not model:
            model = value.strip()
        elif key == "flags" and not flags:
            flags = set(value.split())
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "model": model or platform.processor() or platform.machine(),
        "count": count,
        "flags": [flag for flag in CPU_FLAGS_OF_INTEREST if flag in flags],
    }
