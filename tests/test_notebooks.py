"""사이트에서 내려받는 주피터 노트북을 확인합니다(conftest.py의 smoke_site).

- 모든 노트북의 글(마크다운) 셀에 reST가 남지 않습니다: 역할(:func: 등), ``\\ `` 표기, 지시어,
  pandoc이 남기는 ``{.interpreted-text role=...}``, 풀지 못한 상호 참조.
- 첫 셀은 사이트 설정(docs/conf.py)이 정한 주소에서 이 패키지를 설치합니다.
- 가벼운 노트북 하나를 새 가상 환경(ipykernel만 있음)의 커널에서 처음부터 끝까지 실행합니다.
  첫 셀의 설치 주소만 이 저장소(로컬 체크아웃)로 바꿉니다. 그래서 노트북이 첫 셀이 주는 것 말고는
  아무것도 필요 없다는 것을 보입니다.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
# 새 커널에서 실행할 노트북: 그림(한글)과 라이브러리 함수를 쓰지만 데이터 파일이 필요 없는 페이지
LIGHT_NOTEBOOK = "auto_examples/01_convolution/plot_02_conv_layer.ipynb"

# (이름, 정규식): 마크다운 셀에 있으면 안 되는 reST와 변환기의 흔적
REST_LEFTOVERS = [
    ("reST 역할", re.compile(r":(?:[a-z]+:)?[a-z]+:`")),
    ("pandoc 역할 흔적", re.compile(r"\{\.interpreted-text|role=")),
    ("reST의 '\\ ' 표기", re.compile(r"\\ ")),
    ("reST 지시어", re.compile(r"^\s*\.\. [A-Za-z][\w:-]*::", re.M)),
    ("reST 링크 대상", re.compile(r"^\s*\.\. _[^:]+:", re.M)),
    ("reST 주석", re.compile(r"^\.\.(?: |$)", re.M)),
    ("reST 인라인 리터럴", re.compile(r"(?<!`)``(?!`)")),
    ("reST 치환", re.compile(r"\|[A-Za-z_]+\|")),
    ("pandoc 블록(:::)", re.compile(r"^\s*:::", re.M)),
    ("pandoc 속성({#...}, {. ...})", re.compile(r"\{[#.][^}]*\}")),
    ("풀지 못한 상호 참조", re.compile(r"sphinx-xref:")),
    ("reST 제목 밑줄", re.compile(r"^\S.*\n(?:={3,}|~{3,}|\^{3,}|-{3,})$", re.M)),
]


def rest_leftovers(markdown: str) -> list[str]:
    return [name for name, pattern in REST_LEFTOVERS if pattern.search(markdown)]


def notebooks(site: Path) -> list[Path]:
    return sorted((site / "notebooks").rglob("*.ipynb"))


@pytest.mark.unit
def test_rest_leftover_check_catches_what_it_should():
    assert rest_leftovers("함수 :func:`f` 를") == ["reST 역할"]
    assert "pandoc 역할 흔적" in rest_leftovers("`f`{.interpreted-text role=\"func\"}")
    assert rest_leftovers("``Conv2D``\\ 를") == ["reST의 '\\ ' 표기", "reST 인라인 리터럴"]
    assert "reST 지시어" in rest_leftovers(".. note::\n\n   참고")
    assert rest_leftovers(".. 주석입니다") == ["reST 주석"]
    assert rest_leftovers("제목\n----") == ["reST 제목 밑줄"]
    clean = "# 제목\n\n`Conv2D`를 [보세요](https://example.org/a.html#b).\n\n```python\nx = 1\n```"
    assert rest_leftovers(clean) == []


def test_every_notebook_has_clean_markdown(smoke_site):
    found = notebooks(smoke_site)
    assert len(found) == len(list((ROOT / "examples").glob("*/plot_*.py"))) > 0
    problems = {}
    for path in found:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"])
            names = rest_leftovers(text)
            if names:
                problems.setdefault(str(path.relative_to(smoke_site)), []).append((index, names, text[:300]))
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_downloaded_notebook_zips_hold_the_same_clean_notebooks(smoke_site):
    """페이지와 갤러리의 zip에 든 노트북도 정리된 것과 같습니다."""
    published = {path.name: path.read_bytes() for path in notebooks(smoke_site)}
    zips = list((smoke_site / "_downloads").rglob("*.zip"))
    checked = 0
    for archive in zips:
        with zipfile.ZipFile(archive) as opened:
            for name in opened.namelist():
                if name.endswith(".ipynb"):
                    inside = json.loads(opened.read(name))
                    assert inside == json.loads(published[Path(name).name]), (archive, name)
                    checked += 1
    assert checked >= 2 * len(published)  # 예제별 zip과 갤러리 전체 zip


def test_first_cell_installs_the_package_from_the_configured_source(smoke_site):
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    from gallery_pages import install_source

    repository = os.environ.get("CNN_VISION_REPOSITORY") or os.environ.get("GITHUB_REPOSITORY")
    repository = repository or _default_repository()
    expected = install_source(repository, os.environ.get("GITHUB_SHA") or "main")
    for path in notebooks(smoke_site):
        first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
        source = "".join(first["source"])
        assert first["cell_type"] == "code"
        assert f'CNN_VISION_SOURCE = "{expected}"' in source, path
        assert '"pip", "install"' in source and "set_book_style()" in source


def test_notebooks_of_pages_that_train_beyond_docs_size_ask_colab_for_a_gpu(smoke_site):
    """full 프로필이 docs보다 크게 훈련하는 예제의 노트북만 코랩 GPU 메타데이터와 첫 셀의 안내를 가집니다."""
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    from gallery_notebooks import COLAB_GPU_METADATA, GPU_NOTE, full_profile_wants_gpu

    wanted = 0
    for script in sorted((ROOT / "examples").glob("*/plot_*.py")):
        path = smoke_site / "notebooks" / "auto_examples" / script.parent.name / (script.stem + ".ipynb")
        notebook = json.loads(path.read_text(encoding="utf-8"))
        first = "".join(notebook["cells"][0]["source"])
        if full_profile_wants_gpu(script.read_text(encoding="utf-8")):
            wanted += 1
            assert notebook["metadata"]["accelerator"] == COLAB_GPU_METADATA["accelerator"], path
            assert notebook["metadata"]["colab"]["gpuType"] == COLAB_GPU_METADATA["colab"]["gpuType"], path
            assert first.startswith(GPU_NOTE) and first.count("[GPU 권장]") == 1, path
        else:
            assert "accelerator" not in notebook["metadata"] and "GPU 권장" not in first, path
    assert wanted > 0


@pytest.mark.unit
def test_gpu_rule_needs_training_and_a_bigger_full_profile():
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    from gallery_notebooks import full_profile_wants_gpu

    trains = "model.fit(X, y, epochs=EPOCHS)\n"
    assert full_profile_wants_gpu("EPOCHS = profile.pick(smoke=1, docs=3, full=10)\n" + trains)
    assert full_profile_wants_gpu("N = profile.pick(smoke=8, docs=64, full=None)\n" + trains)
    assert full_profile_wants_gpu("STEPS = pick(smoke=2, docs=150, full=1000)\noptimizer.apply_gradients(g)\n")
    # 훈련하지 않거나, full이 docs와 같으면 GPU를 원하지 않습니다.
    assert not full_profile_wants_gpu("SIZE = profile.pick(smoke=64, docs=224, full=512)\nmodel.predict(X)\n")
    assert not full_profile_wants_gpu("EPOCHS = profile.pick(smoke=1, docs=2, full=2)\n" + trains)


def _default_repository() -> str:
    match = re.search(r'^DEFAULT_REPOSITORY = "([^"]+)"', (ROOT / "docs" / "conf.py").read_text(), re.M)
    assert match, "docs/conf.py에 DEFAULT_REPOSITORY가 없습니다"
    return match.group(1)


def point_install_cell_at(notebook: dict, source: str) -> None:
    """첫 셀의 설치 주소(CNN_VISION_SOURCE)만 바꿉니다. 다른 것은 그대로 둡니다."""
    cell = notebook["cells"][0]
    text = "".join(cell["source"])
    new, count = re.subn(r'^CNN_VISION_SOURCE = ".*"$', f"CNN_VISION_SOURCE = {source!r}", text, flags=re.M)
    assert count == 1, "첫 셀에서 CNN_VISION_SOURCE 줄을 찾지 못했습니다"
    cell["source"] = new


def test_light_notebook_runs_top_to_bottom_in_a_fresh_virtual_environment(smoke_site, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    timings = {}
    start = time.perf_counter()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # 주피터나 코랩이 이미 갖춘 것(커널)만 설치합니다. 이 패키지와 텐서플로는 노트북의 첫 셀이 설치합니다.
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "ipykernel"], check=True)
    subprocess.run([str(python), "-m", "ipykernel", "install", "--prefix", str(venv), "--name", "fresh"],
                   check=True, capture_output=True)
    timings["가상 환경 + ipykernel"] = time.perf_counter() - start
    check = subprocess.run([str(python), "-c", "import tensorflow"], capture_output=True)
    assert check.returncode != 0, "새 가상 환경에 텐서플로가 이미 있습니다"

    notebook = nbformat.read(smoke_site / "notebooks" / LIGHT_NOTEBOOK, as_version=4)
    point_install_cell_at(notebook, f"cnn-vision-ko @ {ROOT.as_uri()}")
    env = {key: value for key, value in os.environ.items() if key not in {"MPLBACKEND", "PYTHONPATH"}}
    # PIP_NO_COMPILE: 설치할 때 모든 .py를 미리 컴파일하지 않습니다(시간 절약; 셀의 내용은 그대로).
    env.update(JUPYTER_PATH=str(venv / "share" / "jupyter"), CNN_VISION_PROFILE="smoke",
               PIP_NO_INPUT="1", PIP_NO_COMPILE="1")
    workdir = tmp_path / "work"
    workdir.mkdir()
    client = NotebookClient(
        notebook, kernel_name="fresh", timeout=900, resources={"metadata": {"path": str(workdir)}},
    )
    old_env = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # 커널 프로세스가 이 환경을 물려받습니다
    try:
        start = time.perf_counter()
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(old_env)
    timings["노트북 실행(첫 셀의 설치 포함)"] = time.perf_counter() - start
    print("노트북 테스트 시간(초):", {key: round(value, 1) for key, value in timings.items()})

    outputs = [output for cell in notebook.cells if cell.cell_type == "code"
               for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.output_type == "error"]
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert len(images) >= 2, "그림이 나오지 않았습니다"
    stderr = "".join(output.get("text", "") for output in outputs if output.get("name") == "stderr")
    assert "missing from font" not in stderr and "Glyph" not in stderr, stderr[-2000:]


@pytest.mark.unit
def test_gpu_note_is_added_once_and_an_older_note_is_replaced():
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    from gallery_notebooks import GPU_MARKER, GPU_NOTE, mark_gpu

    notebook = {"metadata": {"kernelspec": {}}, "cells": [{"cell_type": "code", "source": "CNN_VISION_SOURCE = 1"}]}
    assert mark_gpu(notebook) is True
    assert mark_gpu(notebook) is False  # 두 번째 빌드는 아무것도 바꾸지 않습니다
    assert notebook["cells"][0]["source"] == GPU_NOTE + "CNN_VISION_SOURCE = 1"
    notebook["cells"][0]["source"] = f"{GPU_MARKER} 예전 문구\n# 둘째 줄\n\nCNN_VISION_SOURCE = 1"
    assert mark_gpu(notebook) is True
    assert notebook["cells"][0]["source"] == GPU_NOTE + "CNN_VISION_SOURCE = 1"
    assert notebook["metadata"]["accelerator"] == "GPU" and "kernelspec" in notebook["metadata"]
