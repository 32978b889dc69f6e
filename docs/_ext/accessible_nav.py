r"""사이트 차례의 펼침 단추에 이름을 붙이는 Sphinx 확장(접근성).

pydata-sphinx-theme는 하위 항목이 있는 차례 항목마다 ``<details><summary>``\ 로 펼침 단추를 만드는데,
``<summary>``\ 에는 화살표 아이콘만 있어 화면 낭독기가 이름 없는 단추로 읽습니다(axe: ``summary-name``).
이 확장은 테마가 페이지 문맥에 넣는 차례 함수(``generate_toctree_html``)를 감싸, 글자가 없는
``<summary>``\ 마다 화면에는 보이지 않는 이름 "〈항목 제목〉 하위 차례"를 넣습니다. 펼침·접힘 상태는
``<details>``\ 가 스스로 알립니다.

Sphinx의 ``html-page-context`` 이벤트(문서화된 훅)에서, 테마가 함수를 넣은 다음(우선순위 900)에
감쌉니다. 테마가 바뀌어 함수가 없으면 아무것도 하지 않고, 브라우저 테스트(axe)가 이름 없는 단추를 찾습니다.

사용법: ``extensions``\ 에 ``"accessible_nav"``\ 를 넣습니다.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

#: 보이지 않는 이름의 끝말: "풀링 하위 차례"
LABEL_SUFFIX = "하위 차례"


def label_toggles(html: str | BeautifulSoup) -> str | BeautifulSoup:
    r"""차례 HTML에서 글자가 없는 ``<summary>``\ 마다 보이지 않는 이름을 넣습니다.

    Parameters
    ----------
    html : str or bs4.BeautifulSoup
        테마가 만든 차례(pydata-sphinx-theme 0.20은 BeautifulSoup 객체를 돌려줍니다).

    Returns
    -------
    str or bs4.BeautifulSoup
        받은 것과 같은 종류. 펼침 단추마다 ``<span class="visually-hidden">제목 하위 차례</span>``\ 가
        들어 있습니다(BeautifulSoup은 그 자리에서 고칩니다). 이미 이름이 있는 단추는 그대로 둡니다.

    Raises
    ------
    TypeError
        문자열도 BeautifulSoup도 아닐 때.
    """
    if isinstance(html, str):
        if "<summary" not in html:
            return html
        return str(label_toggles(BeautifulSoup(html, "html.parser")))
    if not isinstance(html, BeautifulSoup):
        raise TypeError(f"차례는 문자열이나 BeautifulSoup이어야 합니다: {type(html).__name__}")
    for summary in html.find_all("summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item is not None else None
        title = " ".join(link.get_text(" ", strip=True).split()) if link is not None else ""
        label = html.new_tag("span", attrs={"class": "visually-hidden"})
        label.string = f"{title} {LABEL_SUFFIX}" if title else LABEL_SUFFIX
        summary.append(label)
    return html


def wrap_toctree(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    r"""페이지 문맥의 ``generate_toctree_html``\ 을 펼침 단추에 이름을 붙이는 함수로 감쌉니다."""
    original = context.get("generate_toctree_html")
    if original is None or getattr(original, "labels_toggles", False):
        return

    def generate_toctree_html(*args: Any, **kwargs: Any):
        result = original(*args, **kwargs)
        return label_toggles(result) if isinstance(result, (str, BeautifulSoup)) else result

    generate_toctree_html.labels_toggles = True  # 두 번 감싸지 않도록 표시
    context["generate_toctree_html"] = generate_toctree_html


def setup(app) -> dict:
    app.connect("html-page-context", wrap_toctree, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
