"""docs/의 코드가 Sphinx, Sphinx-Gallery, 테마의 비공개 이름(밑줄로 시작)을 쓰지 않는지.

비공개 이름은 작은 버전 변경에도 바뀔 수 있습니다. docs/의 파이썬 파일과 템플릿에서 쓰는 비공개 이름을
모두 찾아, 아래 :data:`ALLOWED` 에 이유와 함께 적은 것만 허용합니다. 이 프로젝트가 docs/ 안에서 직접
정의한 비공개 이름(``_blank``, ``self._parts_cache`` 같은)은 세지 않습니다.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

DOCS = Path(__file__).resolve().parents[1] / "docs"
FOREIGN = ("sphinx", "sphinx_gallery", "pydata_sphinx_theme", "sphinx_book_theme")

#: 허용하는 비공개 이름과 그 이유. 되도록 비워 둡니다.
ALLOWED: dict[str, str] = {
    # (지금은 없습니다. 더할 때는 "이름": "공개 API로 할 수 없는 이유와 확인한 버전"을 적습니다.)
}

_DOTTED_PRIVATE = re.compile(rf"\b(?:{'|'.join(FOREIGN)})(?:\.\w+)*\.(_[A-Za-z]\w*)")
# 템플릿에서는 Jinja 식({{ ... }}, {% ... %}) 안의 이름만 봅니다(주석 {# #}과 HTML 글은 빼고).
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_TEMPLATE_PRIVATE = re.compile(r"\.(_[A-Za-z]\w*)|\b(_[A-Za-z]\w+)\b(?!\()")


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def own_names(trees: list[ast.AST]) -> set[str]:
    """docs/ 코드가 스스로 정의한 이름: 함수, 클래스, 대입한 이름, self의 속성, import한 모듈의 별칭."""
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                  and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
    return names


def foreign_private_names(files: list[Path]) -> dict[str, list[str]]:
    """파일들에서 쓴 (스스로 정의하지 않은) 비공개 이름 -> 쓴 곳("파일:줄") 목록."""
    sources = {path: path.read_text(encoding="utf-8") for path in files}
    trees = {path: ast.parse(text) for path, text in sources.items() if path.suffix == ".py"}
    own = own_names(list(trees.values()))
    found: dict[str, list[str]] = {}

    def note(name: str, path: Path, line: int) -> None:
        found.setdefault(name, []).append(f"{path.relative_to(DOCS.parent)}:{line}")

    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                for part in parts:
                    if is_private(part):
                        note(node.module, path, node.lineno)
                if parts[0] in FOREIGN:
                    for alias in node.names:
                        if is_private(alias.name):
                            note(f"{node.module}.{alias.name}", path, node.lineno)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if any(is_private(part) for part in alias.name.split(".")):
                        note(alias.name, path, node.lineno)
            elif isinstance(node, ast.Attribute) and is_private(node.attr) and node.attr not in own:
                note(node.attr, path, node.lineno)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                  and node.func.id in ("getattr", "setattr", "hasattr", "delattr") and len(node.args) >= 2
                  and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)
                  and is_private(node.args[1].value) and node.args[1].value not in own):
                note(node.args[1].value, path, node.lineno)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                for match in _DOTTED_PRIVATE.finditer(node.value):
                    note(match.group(0), path, node.lineno)
    for path, text in sources.items():
        if path.suffix == ".py":
            continue
        for expression in _JINJA.finditer(text):
            number = text.count("\n", 0, expression.start()) + 1
            for match in _TEMPLATE_PRIVATE.finditer(expression.group(0)):
                name = match.group(1) or match.group(2)
                if is_private(name):
                    note(name, path, number)
    return found


def docs_files() -> list[Path]:
    python = [DOCS / "conf.py", *sorted((DOCS / "_ext").glob("*.py"))]
    templates = sorted(path for path in (DOCS / "_templates").rglob("*") if path.is_file())
    return python + templates


def test_docs_use_no_private_names_of_sphinx_sphinx_gallery_or_the_theme_beyond_the_allow_list():
    found = foreign_private_names(docs_files())
    unexpected = {name: places for name, places in found.items() if name not in ALLOWED}
    assert not unexpected, (
        "docs/가 비공개 이름을 씁니다(공개 API로 바꾸거나, 꼭 필요하면 이유와 함께 ALLOWED에 적으세요): "
        + repr(unexpected))


def test_allow_list_has_no_stale_entries():
    found = foreign_private_names(docs_files())
    assert set(ALLOWED) <= set(found), f"더는 쓰지 않는 허용 항목: {sorted(set(ALLOWED) - set(found))}"


def test_the_scanner_finds_private_imports_attributes_and_template_names(tmp_path):
    code = tmp_path / "ext.py"
    code.write_text(
        "from sphinx.search._stopwords.en import ENGLISH_STOPWORDS\n"
        "from sphinx.util import _private\n"
        "import sphinx_gallery._dummy\n"
        "def _mine():\n    return 1\n"
        "class Thing:\n    def __init__(self):\n        self._cache = {}\n"
        "    def use(self, app, std):\n"
        "        app._cnn_state = self._cache\n"
        "        return std._terms, _mine(), getattr(app, '_hidden', None), self.__class__\n"
        "PATH = 'sphinx_gallery.gen_rst._get_callables'\n",
        encoding="utf-8",
    )
    template = tmp_path / "t.html"
    template.write_text("{# _ext 주석 #}<p class=\"_x\">{{ _('번역') }} {{ theme._secret }} {{ pathto(x, 1) }}\n",
                        encoding="utf-8")
    global DOCS
    saved, DOCS = DOCS, tmp_path
    try:
        found = foreign_private_names([code, template])
    finally:
        DOCS = saved
    assert set(found) == {
        "sphinx.search._stopwords.en", "sphinx.util._private", "sphinx_gallery._dummy",
        "_cnn_state", "_terms", "_hidden", "sphinx_gallery.gen_rst._get_callables", "_secret",
    }
