"""cnn_vision.runtime: 환경 기본값을 정하는 곳이 하나뿐인지, 사용자가 정한 값을 존중하는지."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from cnn_vision import runtime

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_fill_only_unset_variables(monkeypatch):
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    monkeypatch.setenv("TF_ENABLE_ONEDNN_OPTS", "0")  # 사용자가 끈 값
    values = runtime.apply_defaults()
    assert values["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert values["TF_ENABLE_ONEDNN_OPTS"] == "0"
    assert set(values) == set(runtime.ENVIRONMENT_DEFAULTS)


def test_keras_shuffle_warning_is_filtered():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        runtime.apply_defaults()
        warnings.warn("`shuffle=True` was passed, but will be ignored", UserWarning, stacklevel=1)
        warnings.warn("다른 경고", UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["다른 경고"]


def test_the_defaults_are_set_in_one_place_only():
    names = "|".join(runtime.ENVIRONMENT_DEFAULTS)
    setters = re.compile(rf"(?:setdefault\(|environ\[|export\s+)\s*[\"']?({names})\b")
    files = [ROOT / "Makefile", ROOT / "docs" / "conf.py", ROOT / "tests" / "conftest.py",
             *(ROOT / "src" / "cnn_vision").glob("*.py")]
    found = {path.name for path in files if setters.search(path.read_text(encoding="utf-8"))}
    assert found == set()  # runtime.py는 사전(ENVIRONMENT_DEFAULTS)과 setdefault(name, ...)로 정합니다
    for user in (ROOT / "docs" / "conf.py", ROOT / "tests" / "conftest.py"):
        assert "runtime.apply_defaults()" in user.read_text(encoding="utf-8"), user.name


def test_cpu_info_reads_model_and_flags_of_interest(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nmodel name\t: 테스트 CPU 3000\nflags\t\t: fpu sse avx2 fma avx512f\n\n"
                       "processor\t: 1\nmodel name\t: 다른 이름\nflags\t\t: fpu\n", encoding="utf-8")
    info = runtime.cpu_info(cpuinfo)
    assert info["model"] == "테스트 CPU 3000"
    assert info["flags"] == ["avx2", "fma", "avx512f"]
    assert isinstance(info["count"], int) and info["count"] >= 1


def test_cpu_info_without_a_cpuinfo_file_still_names_the_machine(tmp_path):
    info = runtime.cpu_info(tmp_path / "없는 파일")
    assert info["model"] and info["flags"] == []

