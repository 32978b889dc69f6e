r"""결과 형식(:class:`Resource`)과 대체물 알림의 규칙.

진짜 자료가 없고 받을 수도 없으면 불러오기 함수는 무엇이 없고, 왜 없고, 어디에 있어야 하며,
어떻게 받는지 한국어 알림(:func:`standin_notice`)을 출력하고 이름을 밝힌 대체물로 계속합니다.
알림 블록의 첫 줄은 :data:`NOTICE_MARKER` 로 시작하고 마지막 줄은 :data:`NOTICE_END` 입니다(문서
빌드가 이 블록을 페이지 맨 위의 알림 상자로 옮깁니다). 환경 변수 ``CNN_VISION_REQUIRE_REAL=1``\ 이면
대체물 대신 오류(:class:`~cnn_vision.assets.errors.StandInRefusedError`)를 냅니다.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from cnn_vision.assets import paths
from cnn_vision.assets.errors import StandInRefusedError

__all__ = [
    "NOTICE_MARKER",
    "NOTICE_END",
    "FETCH_COMMAND",
    "Resource",
    "StandIn",
    "standin_notice",
    "use_standin",
]

NOTICE_MARKER = "[대체물 알림]"
"""대체물 알림 블록의 첫 줄이 이 문자열로 시작합니다(문서 빌드가 이 줄을 찾습니다)."""

NOTICE_END = "[대체물 알림 끝]"
"""대체물 알림 블록의 마지막 줄."""

FETCH_COMMAND = "python -m cnn_vision fetch"
"""미리 받아 두는 명령(뒤에 대상 이름: ``weights``, ``flowers``, ``mnist``, ``fashion-mnist``, ``all``)."""


@dataclass(frozen=True, kw_only=True)
class Resource:
    r"""자료 하나를 준비한 결과: 어디에 있고, 어디서 왔고, 대체물인지.

    불러오기 함수(:func:`cnn_vision.fashion_mnist.ensure_fashion_mnist`,
    :func:`cnn_vision.mnist.load_mnist`, :func:`cnn_vision.flowers.load_tf_flowers`,
    :func:`cnn_vision.pretrained.imagenet_weights`, ...)가 이 형식(또는 데이터를 더 담은 하위
    클래스)을 돌려줍니다.

    Attributes
    ----------
    name : str
        자료의 한국어 이름.
    path : pathlib.Path
        진짜 자료가 있는(대체물이면 있어야 할) 위치.
    source : str
        ``"cache"``\ (이미 캐시에 있었음), ``"env"``\ (환경 변수의 폴더에서 복사), ``"debian"``
        (시스템 패키지에서 복사), ``"download"``\ (방금 내려받음), ``"standin"``\ (대체물).
    standin_label : str
        대체물이면 그림 제목 앞에 붙일 표시(예: ``"[모의 데이터] "``), 진짜면 빈 문자열.
    reason : str
        대체물을 쓴 이유(진짜면 빈 문자열).
    origin : pathlib.Path or None
        로컬 사본에서 복사했으면 그 폴더.
    copied : tuple of str
        이번에 캐시에 넣은 파일 이름.
    """

    name: str
    path: Path
    source: str
    standin_label: str = ""
    reason: str = ""
    origin: Path | None = None
    copied: tuple[str, ...] = ()

    @property
    def standin(self) -> bool:
        """대체물이면 ``True``."""
        return self.source == "standin"

    @property
    def label(self) -> str:
        """:attr:`standin_label` 과 같습니다. 그림 제목에 ``f"{data.label}제목"``\\ 처럼 씁니다."""
        return self.standin_label

    def describe(self) -> str:
        """한 줄짜리 한국어 설명."""
        if self.source == "cache":
            return f"{self.name}: 캐시({self.path})에 있습니다."
        if self.source in ("env", "debian"):
            names = ", ".join(self.copied) if self.copied else "없음"
            return f"{self.name}: {self.origin}에서 확인한 파일을 캐시({self.path})에 넣었습니다: {names}"
        if self.source == "download":
            return f"{self.name}: 내려받아 확인한 뒤 {self.path}에 두었습니다."
        return f"{self.name}: 없어서 대체물을 씁니다({self.reason})."

    def extend(self, cls: type, **extra) -> Resource:
        r"""같은 값에 ``extra``\ 를 더해 하위 클래스 ``cls``\ 의 결과를 만듭니다."""
        values = {field.name: getattr(self, field.name) for field in dataclasses.fields(Resource)}
        return cls(**values, **extra)


@dataclass(frozen=True)
class StandIn:
    r"""진짜 자료 대신 쓰는 것의 설명(알림에 들어갑니다).

    Attributes
    ----------
    what : str
        대신 쓰는 것.
    label : str
        대체물로 만든 그림의 제목에 붙는 표시. 빈 문자열이면 그림에 대한 문장을 넣지 않습니다.
    consequence : str, optional
        숫자의 의미에 대한 문장(기본: 책의 결과와 비교할 수 없다는 문장).
    result_label : str, optional
        결과(:attr:`Resource.standin_label`)에 둘 표시. 주지 않으면 ``label``.
    """

    what: str
    label: str
    consequence: str | None = None
    result_label: str | None = None


def standin_notice(
    *,
    missing: str,
    reason: str,
    location: os.PathLike | str,
    fetch: str,
    standin: str,
    label: str,
    url: str | None = None,
    consequence: str | None = None,
) -> str:
    r"""대체물 알림 블록(여러 줄 문자열)을 만듭니다.

    첫 줄은 :data:`NOTICE_MARKER` 로 시작하고 마지막 줄은 :data:`NOTICE_END` 입니다. 문서 빌드는
    이 두 줄 사이를 페이지 맨 위의 알림 상자로 옮깁니다(``docs/_ext/standin_notice.py``).

    Parameters
    ----------
    missing : str
        없는 자료의 한국어 이름.
    reason : str
        없는 이유(마침표 없이).
    location : path-like
        자료가 있어야 할 곳.
    fetch : str
        :data:`FETCH_COMMAND` 뒤에 붙일 대상(예: ``"weights"``).
    standin : str
        대신 쓰는 것.
    label : str
        대체물로 만든 그림의 제목에 붙는 표시. 빈 문자열이면 그림에 대한 문장을 넣지 않습니다.
    url : str, optional
        직접 받을 주소.
    consequence : str, optional
        숫자의 의미에 대한 문장(기본: 책의 결과와 비교할 수 없다는 문장).

    Returns
    -------
    str
    """
    lines = [
        f"{NOTICE_MARKER} 없는 것: {missing}",
        f"  이유: {reason.rstrip('.')}.",
        f"  있어야 할 곳: {location}",
        f"  받는 방법: 인터넷이 되는 곳에서 '{FETCH_COMMAND} {fetch}'를 한 번 실행하세요.",
    ]
    if url:
        lines.append(f"  직접 받을 주소: {url}")
    lines.append(f"  대신 쓰는 것: {standin}")
    figures = f" 그림에는 '{label.strip()}' 표시가 붙습니다." if label.strip() else ""
    lines.append(
        "  " + (consequence or "대체물로 얻은 숫자는 책의 결과가 아니며 비교할 수 없습니다.") + figures
    )
    lines.append(NOTICE_END)
    return "\n".join(lines)


def use_standin(notice: str, *, verbose: bool = True) -> None:
    r"""대체물을 쓰기 직전에 부릅니다: 알림을 출력하거나, 엄격 모드면 오류를 냅니다.

    Parameters
    ----------
    notice : str
        :func:`standin_notice` 가 만든 알림.
    verbose : bool, default True
        ``False``\ 면 알림을 출력하지 않습니다(엄격 모드의 오류는 그대로 냅니다).

    Raises
    ------
    StandInRefusedError
        ``CNN_VISION_REQUIRE_REAL=1``\ 일 때. 메시지에 무엇이 없고 어떻게 받는지가 들어갑니다.
    """
    if paths.require_real():
        body = "\n".join(line for line in notice.splitlines() if line != NOTICE_END)
        body = body.replace(NOTICE_MARKER, "진짜 자료가 없습니다.", 1)
        raise StandInRefusedError(
            f"{body}\n  환경 변수 {paths.REQUIRE_REAL_ENV}=1이므로 대체물로 계속하지 않고 멈춥니다."
        )
    if verbose:
        print(notice, flush=True)
