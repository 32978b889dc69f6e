"""예제 출력 속의 대체물 알림을 페이지 맨 위의 알림 상자 하나로 옮기는 작은 Sphinx 확장.

``cnn_vision`` 의 불러오기 함수는 진짜 자료(가중치, 데이터셋)가 없어 대체물로 계속할 때 알림
블록을 출력합니다. 블록의 첫 줄은 ``[대체물 알림]`` 으로 시작하고 마지막 줄은 ``[대체물 알림 끝]``
입니다(:data:`cnn_vision.assets.standin.NOTICE_MARKER`, :data:`cnn_vision.assets.standin.NOTICE_END`).
Sphinx-Gallery는 그 출력을 코드 셀 아래의 출력 블록에 그대로 넣습니다.

이 확장은 Sphinx가 생성된 reST를 읽는 순간(``source-read``)에 ``auto_examples/`` 아래 예제 페이지의
출력 블록에서 알림 블록을 모두 찾아 빼내고(블록이 비면 블록째 지움), 같은 내용을 페이지 제목 바로
아래의 ``warning`` 알림 상자 하나에 모읍니다. 같은 알림이 여러 번 나오면 한 번만 둡니다. 예제
스크립트와 생성된 파일은 건드리지 않으므로, 내려받은 스크립트를 실행하면 알림은 첫 출력으로
그대로 나옵니다. 대체물로 만든 그림은 제목의 표시(예: ``[모의 데이터]``)를 그대로 가집니다.
"""

from __future__ import annotations

import re

try:  # 문서 빌드에서는 cnn_vision을 import할 수 있습니다(conf.py가 src/를 경로에 넣음).
    from cnn_vision.assets.standin import NOTICE_END, NOTICE_MARKER
except ImportError:  # pragma: no cover - 라이브러리 없이 이 파일만 쓸 때
    NOTICE_MARKER, NOTICE_END = "[대체물 알림]", "[대체물 알림 끝]"

ADMONITION_TITLE = "이 페이지는 대체물로 실행되었습니다"
ADMONITION_CLASS = "standin-notice"
INTRO = (
    "이 페이지를 만든 실행에서는 아래 자료를 쓸 수 없어 이름을 밝힌 대체물로 계속했습니다. "
    "대체물로 얻은 숫자는 책의 결과가 아니며 비교할 수 없고, 대체물로 그린 그림의 제목에는 "
    "표시가 붙어 있습니다. 자료를 받은 뒤 사이트를 다시 빌드하면 이 상자는 사라집니다."
)

# Sphinx-Gallery 0.22의 출력 블록(gen_rst.CODE_OUTPUT): 머리 뒤에 네 칸 들여 쓴 출력 줄이 옵니다.
# 알림을 빼낸 뒤 줄이 하나도 남지 않은 블록(과 그 뒤의 세로 여백 "|")을 찾습니다.
_EMPTY_OUTPUT = re.compile(
    r"\.\. rst-class:: sphx-glr-script-out\n\n \.\. code-block:: none\n\n"
    r"(?:[ \t]*\n)*(?:\|\n\n)?(?=[^ \t\n]|\Z)"
)
# 페이지 제목: 윗줄·밑줄이 있는 제목 또는 밑줄만 있는 제목(처음 나오는 것).
_TITLE = re.compile(
    r"^(?P<over>([=\-~^\"'`#*+])\2{2,})\n(?P<text>[^\n]+)\n(?P=over)\n"
    r"|^(?P<plain>[^\s.][^\n]*)\n(?P<under>([=\-~^\"'`#*+])\6{2,})\n",
    re.M,
)


def extract_notices(text: str) -> tuple[str, list[str]]:
    """``text`` 에서 알림 블록을 빼내고 ``(남은 텍스트, 알림 목록)`` 을 돌려줍니다.

    알림 블록은 (들여쓰기가 같은) :data:`NOTICE_MARKER` 로 시작하는 줄부터 :data:`NOTICE_END`
    줄까지입니다. 끝 줄이 없으면 그 블록은 건드리지 않습니다. 알림은 들여쓰기를 뺀 원래 모양의
    여러 줄 문자열이고, 처음 나온 순서대로 한 번씩만 들어갑니다.
    """
    lines = text.split("\n")
    kept: list[str] = []
    notices: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip(" ")
        if stripped.startswith(NOTICE_MARKER):
            indent = line[: len(line) - len(stripped)]
            end = next((j for j in range(index + 1, len(lines))
                        if lines[j] == indent + NOTICE_END), None)
            if end is not None:
                block = [raw[len(indent):] if raw.startswith(indent) else raw.lstrip()
                         for raw in lines[index:end + 1]]
                notice = "\n".join(block)
                if notice not in notices:
                    notices.append(notice)
                index = end + 1
                continue
        kept.append(line)
        index += 1
    return "\n".join(kept), notices


def admonition(notices: list[str]) -> str:
    """알림 목록으로 reST 알림 상자(``admonition``, 클래스 ``warning``)를 만듭니다."""
    parts = [
        f".. admonition:: {ADMONITION_TITLE}",
        f"   :class: warning {ADMONITION_CLASS}",
        "",
        f"   {INTRO}",
        "",
    ]
    for notice in notices:
        body = [line for line in notice.split("\n") if line.strip() != NOTICE_END]
        parts += ["   .. code-block:: none", ""]
        parts += [f"      {line}" if line else "" for line in body]
        parts.append("")
    return "\n".join(parts) + "\n"


def move_notices_to_top(text: str) -> str:
    """예제 페이지의 reST에서 알림 블록을 빼 제목 바로 아래의 알림 상자 하나로 옮깁니다.

    알림이 없으면 ``text`` 를 그대로 돌려줍니다.
    """
    if NOTICE_MARKER not in text:
        return text
    remaining, notices = extract_notices(text)
    if not notices:
        return text
    remaining = _EMPTY_OUTPUT.sub("", remaining)
    box = admonition(notices)
    title = _TITLE.search(remaining)
    if title is None:  # 제목이 없으면 맨 앞에 둡니다.
        return box + "\n" + remaining
    at = title.end()
    return remaining[:at] + "\n" + box + "\n" + remaining[at:]


def _on_source_read(app, docname: str, source: list[str]) -> None:
    if docname.startswith("auto_examples/") and "sg_execution_times" not in docname:
        source[0] = move_notices_to_top(source[0])


def setup(app):
    app.connect("source-read", _on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
