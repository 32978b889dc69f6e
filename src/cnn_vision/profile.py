r"""실행 프로필: 예제 하나하나가 얼마나 큰 규모로 실행될지 정하는 유일한 곳.

환경 변수 ``CNN_VISION_PROFILE``\ 이 프로필을 고릅니다.

``smoke``
    pytest가 설정합니다. 아주 작은 데이터와 1 스텝/에포크로 코드가 끝까지 도는지만 확인합니다.
    이 프로필의 숫자는 의미가 없습니다.
``docs`` (기본값)
    ``make html``\ 이 사용합니다. 2코어 CPU에서 사이트 전체가 적당한 시간에 빌드되도록 줄인 규모입니다.
``full``
    책과 같은 설정(예: 10 에포크, 전체 데이터). GPU용입니다.

예제는 크기를 드러내 놓고 고릅니다::

    EPOCHS = profile.pick(smoke=1, docs=3, full=10)
"""

from __future__ import annotations

import os
from typing import TypeVar

ENV_VAR = "CNN_VISION_PROFILE"
PROFILES = ("smoke", "docs", "full")
DEFAULT_PROFILE = "docs"

T = TypeVar("T")


def current() -> str:
    r"""지금 프로필 이름을 돌려줍니다.

    Returns
    -------
    str
        ``"smoke"``, ``"docs"``, ``"full"`` 중 하나.

    Raises
    ------
    ValueError
        ``CNN_VISION_PROFILE``\ 이 알 수 없는 이름일 때. 메시지에 그 값이 들어갑니다.
    """
    name = os.environ.get(ENV_VAR, "").strip().lower() or DEFAULT_PROFILE
    if name not in PROFILES:
        raise ValueError(
            f"알 수 없는 실행 프로필입니다: {ENV_VAR}={os.environ.get(ENV_VAR)!r}. "
            f"다음 중 하나를 쓰세요: {', '.join(PROFILES)}"
        )
    return name


def pick(*, smoke: T, docs: T, full: T) -> T:
    """지금 프로필에 맞는 값을 고릅니다.

    Parameters
    ----------
    smoke, docs, full
        프로필마다 쓸 값. 세 값을 모두 이름으로 주어야 합니다.

    Returns
    -------
    object
        :func:`current` 가 가리키는 프로필의 값.

    Examples
    --------
    >>> import os
    >>> os.environ["CNN_VISION_PROFILE"] = "full"
    >>> pick(smoke=1, docs=3, full=10)
    10
    """
    return {"smoke": smoke, "docs": docs, "full": full}[current()]


def is_smoke() -> bool:
    """smoke 프로필이면 ``True``. 페이지가 "이 숫자는 의미가 없습니다"를 알릴 때 씁니다."""
    return current() == "smoke"


def describe() -> str:
    """페이지에 출력할 한 줄 설명(예: ``"실행 프로필: docs"``)을 돌려줍니다."""
    notes = {
        "smoke": "빠른 점검용, 숫자는 의미 없음",
        "docs": "문서 빌드용으로 줄인 규모",
        "full": "책과 같은 규모",
    }
    name = current()
    return f"실행 프로필: {name} ({notes[name]})"
