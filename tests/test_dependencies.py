r"""라이브러리와 예제가 불러오는 패키지가 모두 pyproject.toml의 의존성에 적혀 있는지.

노트북의 첫 셀은 이 패키지를 설치하고, pip은 적힌 의존성만 함께 설치합니다. 적지 않은 패키지를
불러오면 새 환경(코랩, 새 가상 환경)에서 노트북이 ``ModuleNotFoundError``\ 로 멈춥니다(예전의
``importlib_resources``\ 처럼). 불러오는 이름을 설치된 배포판 이름으로 바꿔 선언과 맞춰 봅니다.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]


def imported_top_level_names(paths: list[Path]) -> dict[str, set[str]]:
    """파이썬 파일들이 절대 import하는 최상위 이름 → 그 이름을 쓰는 파일(표준 라이브러리와 이 패키지 제외)."""
    names: dict[str, set[str]] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top != "cnn_vision":
                    names.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return names


def declared_runtime_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normalise(Requirement(line).name) for line in project["dependencies"]}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_import_scan_sees_the_third_party_packages_the_pages_use():
    # 검사가 아무것도 보지 않는 일이 없도록: 예제가 쓰는 대표 패키지가 목록에 있어야 합니다.
    names = imported_top_level_names(sorted((ROOT / "examples").rglob("*.py")))
    assert {"tensorflow", "numpy", "matplotlib"} <= set(names)


def test_everything_the_library_and_the_pages_import_is_a_declared_dependency():
    paths = sorted((ROOT / "src" / "cnn_vision").rglob("*.py")) + sorted((ROOT / "examples").rglob("*.py"))
    distributions = packages_distributions()
    declared = declared_runtime_distributions()
    undeclared = {}
    for name, files in imported_top_level_names(paths).items():
        owners = {_normalise(owner) for owner in distributions.get(name, [])}
        if not owners:
            undeclared[name] = f"설치된 배포판이 없습니다({sorted(files)[:3]})"
        elif not owners & declared:
            undeclared[name] = f"{sorted(owners)}가 의존성에 없습니다({sorted(files)[:3]})"
    assert not undeclared, undeclared
