r"""패키지의 모듈 지도(``src/cnn_vision/__init__.py``\ 의 문서 문자열)와 API 페이지가 실제 파일과 맞는지.

모듈을 더하거나 지우면(하위 패키지 포함) 이 테스트가 지도와 API 목록에서 빠지거나 남은 이름을 알려 줍니다.
패키지마다 그 ``__init__.py``\ 의 문서 문자열이 바로 아래의 모듈과 하위 패키지를 모두
``:mod:`패키지.이름``` 으로 적어야 합니다(``__main__`` 은 명령행 입구라 빼고). 모듈을 import하지 않고
파일과 문법 트리만 봅니다(텐서플로 없이).
"""

from __future__ import annotations

import ast
import pkgutil
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "cnn_vision"
MOD_ROLE = re.compile(r":mod:`~?(\w+(?:\.\w+)*)`")


def packages(top: Path = PACKAGE, name: str = "cnn_vision") -> dict[str, Path]:
    """패키지 이름 -> 폴더(자신과 모든 하위 패키지)."""
    found = {name: top}
    for info in pkgutil.iter_modules([str(top)]):
        if info.ispkg:
            found.update(packages(top / info.name, f"{name}.{info.name}"))
    return found


def children(folder: Path, name: str) -> set[str]:
    """패키지 바로 아래의 모듈과 하위 패키지(``__main__`` 빼고)."""
    return {f"{name}.{info.name}" for info in pkgutil.iter_modules([str(folder)]) if info.name != "__main__"}


def mapped(folder: Path) -> set[str]:
    docstring = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))) or ""
    return set(MOD_ROLE.findall(docstring))


@pytest.mark.parametrize("name", sorted(packages()))
def test_package_docstring_maps_exactly_the_modules_it_holds(name):
    folder = packages()[name]
    listed = {module for module in mapped(folder) if module.count(".") == name.count(".") + 1}
    actual = children(folder, name)
    assert not actual - listed, f"{name}/__init__.py의 모듈 지도에 없는 모듈: {sorted(actual - listed)}"
    assert not listed - actual, f"{name}/__init__.py의 모듈 지도에 있지만 파일이 없는 모듈: {sorted(listed - actual)}"


def test_api_page_lists_every_top_level_module():
    text = (ROOT / "docs" / "api" / "index.rst").read_text(encoding="utf-8")
    listed = set(re.findall(r"^   (cnn_vision\.\w+)\s*$", text, re.M))
    actual = children(PACKAGE, "cnn_vision")
    assert listed == actual, {"API 페이지에 없음": sorted(actual - listed), "파일이 없음": sorted(listed - actual)}


def test_the_map_check_sees_a_new_module(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text('"""지도: :mod:`pkg.a`, :mod:`pkg.sub`, :mod:`pkg.gone`"""\n')
    (package / "a.py").write_text("")
    (package / "b.py").write_text("")
    (package / "__main__.py").write_text("")
    (package / "sub" / "__init__.py").write_text('"""하위"""\n')
    assert children(package, "pkg") == {"pkg.a", "pkg.b", "pkg.sub"}
    assert mapped(package) == {"pkg.a", "pkg.sub", "pkg.gone"}
    assert set(packages(package, "pkg")) == {"pkg", "pkg.sub"}
