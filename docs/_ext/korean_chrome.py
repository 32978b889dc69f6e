"""사이트의 화면 문구(테마, Sphinx, 검색 페이지)를 한국어로 맞추는 Sphinx 확장.

문구는 되도록 번역 카탈로그로 바꿉니다.

- ``docs/locale/ko/LC_MESSAGES/sphinx.po``: Sphinx와 pydata-sphinx-theme의 문구(``conf.py``\\ 의
  ``locale_dirs``\\ 로 Sphinx가 직접 읽습니다).
- ``docs/locale/ko/LC_MESSAGES/booktheme.po``: sphinx-book-theme 한국어 카탈로그의 빈 곳. 이 확장이
  컴파일해 테마 카탈로그 뒤에 붙입니다.
- 검색 페이지의 자바스크립트 문구: 빌드가 끝나면 ``_static/translations.js``\\ 의 빈 번역을
  ``sphinx.po``\\ 에서 채웁니다.

카탈로그를 거치지 않고 테마 템플릿에 영어로 박혀 있는 몇 가지 속성(``aria-label="Main"`` 등)과
Sphinx가 색인에 영어로 넣는 ``module``\\ 만 글자를 바꿉니다. 바꿀 문구를 찾지 못하면(테마가 바뀌면)
경고를 내므로 ``-W`` 빌드가 실패합니다.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.util import logging

logger = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

# 테마 템플릿에 영어로 박혀 있는 속성(번역 함수를 거치지 않음): (찾을 글자, 바꿀 글자)
HTML_REPLACEMENTS = [
    ('title="Toggle primary sidebar"', 'title="사이트 차례 열기/닫기"'),
    ('title="Toggle secondary sidebar"', 'title="이 페이지의 차례 열기/닫기"'),
    ('aria-label="Main"', 'aria-label="사이트 차례"'),
    ('<nav aria-label="Page">', '<nav aria-label="페이지 안 이동">'),
]
INDEX_WORDS = {"module": "모듈"}


def _warn(message: str, *args, location=None) -> None:
    logger.warning(message, *args, location=location, type="cnn_vision", subtype="korean")


def add_booktheme_catalog(app) -> None:
    """booktheme.po를 컴파일해 sphinx-book-theme 카탈로그의 대체 카탈로그로 붙입니다."""
    if app.config.language != "ko":
        return
    po_path = LOCALE_DIR / "ko" / "LC_MESSAGES" / "booktheme.po"
    out_dir = Path(app.doctreedir) / "cnn_locale"
    mo_path = out_dir / "ko" / "LC_MESSAGES" / "booktheme.mo"
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale="ko")
    with mo_path.open("wb") as mo_file:
        write_mo(mo_file, catalog)
    app.add_message_catalog("booktheme", str(out_dir))


def translate_index_words(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """색인(genindex)에서 Sphinx가 영어로 넣는 낱말("module")을 한국어로 바꿉니다."""
    if pagename != "genindex" or "genindexentries" not in context:
        return
    found = 0
    for _letter, entries in context["genindexentries"]:
        for position, (name, (links, subitems, key)) in enumerate(entries):
            if name in INDEX_WORDS:
                entries[position] = (INDEX_WORDS[name], (links, subitems, key))
                found += 1
            for sub_position, (sub_name, sub_links) in enumerate(subitems):
                if sub_name in INDEX_WORDS:
                    subitems[sub_position] = (INDEX_WORDS[sub_name], sub_links)
                    found += 1
    if app.env.domains.python_domain.modules and not found:
        _warn("색인에서 바꿀 낱말 %s를 찾지 못했습니다(Sphinx가 바뀌었나요?)", list(INDEX_WORDS),
              location="genindex")


class WrittenPages:
    """이번 빌드에서 쓴 페이지의 이름(빌드가 끝나면 그 HTML만 고칩니다)."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def note(self, app, pagename: str, templatename: str, context: dict, doctree) -> None:
        self.names.add(pagename)

    def rewrite(self, app, exception) -> None:
        rewrite_html(app, exception, sorted(self.names))
        self.names.clear()


def rewrite_html(app, exception, pages: list[str]) -> None:
    """이번 빌드에서 쓴 페이지의 영어 속성을 바꾸고, 검색 페이지의 자바스크립트 문구를 채웁니다."""
    if exception is not None or app.builder.format != "html":
        return
    counts = [0] * len(HTML_REPLACEMENTS)
    for pagename in pages:
        path = Path(app.outdir) / (pagename + ".html")
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        new = text
        for index, (old, replacement) in enumerate(HTML_REPLACEMENTS):
            counts[index] += new.count(old)
            new = new.replace(old, replacement)
        if new != text:
            path.write_text(new, encoding="utf-8")
    if pages:
        for (old, _), count in zip(HTML_REPLACEMENTS, counts):
            if count == 0:
                _warn("테마의 영어 문구 %s를 어느 페이지에서도 찾지 못했습니다(테마가 바뀌었나요?)", old)
    fill_js_translations(app)


_JS = re.compile(r"^(Documentation\.addTranslations\()(.*)(\);\s*)$", re.S)


def fill_js_translations(app) -> None:
    """``_static/translations.js``\\ 에서 번역이 빈 문구를 ``sphinx.po``\\ 로 채웁니다."""
    if app.config.language != "ko":
        return
    path = Path(app.outdir) / "_static" / "translations.js"
    if not path.exists():
        _warn("_static/translations.js가 없어 검색 페이지 문구를 한국어로 채우지 못했습니다")
        return
    match = _JS.match(path.read_text(encoding="utf-8"))
    if match is None:
        _warn("_static/translations.js의 형식을 알아보지 못했습니다(Sphinx가 바뀌었나요?)")
        return
    data = json.loads(match.group(2))
    with (LOCALE_DIR / "ko" / "LC_MESSAGES" / "sphinx.po").open("rb") as po_file:
        catalog = read_po(po_file, locale="ko")
    messages = data["messages"]
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # 복수형: (단수, 복수) -> 한국어는 한 가지
            key, value = message.id[0], [message.string[0]]
        else:
            key, value = message.id, message.string
        if key in messages:
            messages[key] = value
    used = _js_message_ids(Path(app.outdir) / "_static")
    empty = sorted(key for key in used if messages.get(key) in (None, "", [""]))
    if empty:
        _warn("검색 페이지 문구의 한국어 번역이 비어 있습니다: %s (docs/locale/ko/LC_MESSAGES/sphinx.po)",
              empty)
    body = json.dumps(data, ensure_ascii=False, indent=4)
    path.write_text(match.group(1) + body + match.group(3), encoding="utf-8")


_JS_CALL = re.compile(r"""(?:\b_|gettext|ngettext)\(\s*(["'])((?:(?!\1).)+)\1""", re.S)


def _js_message_ids(static: Path) -> set[str]:
    """Sphinx의 자바스크립트(searchtools.js 등)가 번역 함수로 찾는 문구."""
    used = set()
    for script in ("searchtools.js", "doctools.js", "sphinx_highlight.js"):
        path = static / script
        if path.exists():
            used.update(match.group(2) for match in _JS_CALL.finditer(path.read_text(encoding="utf-8")))
    return used


def setup(app):
    app.connect("builder-inited", add_booktheme_catalog)
    app.connect("html-page-context", translate_index_words)
    written = WrittenPages()
    app.connect("html-page-context", written.note)
    app.connect("build-finished", written.rewrite)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
