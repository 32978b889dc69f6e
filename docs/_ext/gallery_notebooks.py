r"""내려받는 주피터 노트북을 다듬는 Sphinx 확장(노트북 파일만 다룹니다).

- 첫 셀(:func:`first_notebook_cell`, ``conf.py``\\ 의 ``first_notebook_cell``): 새 주피터나 코랩 커널에
  이 패키지와 한글 글꼴을 설치합니다.
- GPU: ``full`` 프로필이 ``docs``\\ 보다 크게 훈련하는 예제(:func:`full_profile_wants_gpu`)의 노트북은
  코랩의 GPU 가속기 메타데이터를 갖고, 첫 셀이 그 사실을 한국어로 알립니다.
- 글 셀: ``notebook_markdown.lua``\\ 가 남긴 ``sphinx-xref:`` 링크를 문서를 모두 읽은 뒤 사이트의 실제
  주소로 바꾸고, 설정 주석만 있던 빈 코드 셀을 지웁니다. 바뀐 노트북이 든 zip도 다시 씁니다.
- 빌드한 노트북을 ``<출력>/notebooks/``\\ 에 모읍니다. docs 워크플로가 이 폴더를 코랩이 읽는 가지에
  올립니다.

어느 파일이 예제인지는 :mod:`gallery_pages` 가 압니다.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote

from gallery_pages import EXAMPLE_PREFIX, GALLERY_DIR, install_source
from sphinx.util import logging

logger = logging.getLogger(__name__)

XREF = re.compile(r"\[([^\]]*)\]\(sphinx-xref:([a-z]+):([^)\s]+)\)")
PY_ROLES = {"func", "class", "mod", "data", "meth", "attr", "exc", "obj", "const"}


def first_notebook_cell(repository: str, ref: str) -> str:
    """내려받은 노트북의 첫 코드 셀: 새 주피터/코랩 커널에 이 패키지와 한글 글꼴을 준비합니다."""
    source = install_source(repository, ref)
    return f'''# 이 노트북을 새 주피터나 코랩 커널에서 실행하려면 이 셀을 먼저 실행하세요.
# 예제 라이브러리 cnn_vision(패키지 이름 cnn-vision-ko)을 아래 주소에서 설치합니다.
# 텐서플로, 한글 글꼴(나눔고딕이 든 koreanize-matplotlib) 같은 의존 패키지도 함께 설치됩니다.
CNN_VISION_SOURCE = "{source}"

import subprocess
import sys

subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", CNN_VISION_SOURCE], check=True)

# 그림의 한글과 마이너스 기호가 깨지지 않도록 글꼴을 설정합니다.
from cnn_vision import plotting

plotting.set_book_style()'''


# -- GPU ---------------------------------------------------------------------------------------

#: GPU를 원하는 노트북의 첫 셀 맨 앞에 붙는 안내(한국어)
GPU_MARKER = "# [GPU 권장]"
GPU_NOTE = (
    f"{GPU_MARKER} 이 예제의 full 프로필(책과 같은 규모, CNN_VISION_PROFILE=full)은 docs 프로필보다\n"
    "# 훨씬 많이 훈련하므로 GPU에서 돌리세요. 코랩에서 열면 이 노트북의 설정대로 GPU 런타임을 씁니다\n"
    "# ('런타임 > 런타임 유형 변경'에서 바꿀 수 있습니다).\n\n"
)
#: 코랩이 노트북을 GPU 런타임으로 여는 메타데이터
COLAB_GPU_METADATA = {"accelerator": "GPU", "colab": {"gpuType": "T4", "provenance": []}}
#: 모델을 훈련하는 호출(케라스의 fit, 직접 쓴 훈련 루프의 apply_gradients)
TRAINING_CALLS = frozenset({"fit", "apply_gradients"})


def full_profile_wants_gpu(source: str) -> bool:
    """예제 코드가 모델을 훈련하고, ``full`` 프로필에서 ``docs``\\ 보다 크게 도는지.

    ``docs`` 프로필은 2코어 CPU에서 사이트 전체가 빌드되도록 고른 크기입니다. 그래서 ``fit()``\\ 이나
    ``apply_gradients()``\\ 로 훈련하는 예제에서 ``profile.pick(..., docs=a, full=b)``\\ 의 두 값이 하나라도
    다르면(에포크, 데이터, 이미지 크기가 커지면) ``full`` 프로필은 GPU를 원한다고 봅니다.
    """
    tree = ast.parse(source)
    trains = bigger = False
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name in TRAINING_CALLS:
            trains = True
        elif name == "pick":
            values = {keyword.arg: ast.dump(keyword.value) for keyword in node.keywords}
            if {"docs", "full"} <= values.keys() and values["docs"] != values["full"]:
                bigger = True
    return trains and bigger


def mark_gpu(notebook: dict) -> bool:
    """노트북에 코랩 GPU 메타데이터와 첫 셀의 안내를 넣습니다. 이미 있으면 ``False``.

    예전 빌드가 넣은 안내(문구가 다를 수 있음)는 :data:`GPU_MARKER` 로 시작하는 첫 줄들이므로 바꿉니다.
    """
    changed = False
    metadata = notebook.setdefault("metadata", {})
    if metadata.get("accelerator") != COLAB_GPU_METADATA["accelerator"]:
        metadata["accelerator"] = COLAB_GPU_METADATA["accelerator"]
        changed = True
    colab = metadata.setdefault("colab", {})
    for key, value in COLAB_GPU_METADATA["colab"].items():
        if key not in colab:
            colab[key] = value
            changed = True
    first = notebook["cells"][0]
    text = "".join(first["source"])
    if not text.startswith(GPU_NOTE):
        if text.startswith(GPU_MARKER):  # 예전 빌드가 넣은 안내: 표시 줄부터 빈 줄까지
            text = text.split("\n\n", 1)[1] if "\n\n" in text else ""
        first["source"] = GPU_NOTE + text
        changed = True
    return changed


# -- 글 셀의 상호 참조를 사이트 주소로 ----------------------------------------------------------------


class SiteTargets:
    """상호 참조 대상을 사이트 주소로 찾습니다(Sphinx 도메인의 공개 API만 씁니다)."""

    def __init__(self, env, base_url: str) -> None:
        self.env = env
        self.base_url = base_url
        std = env.domains.standard_domain
        # 용어(:term:)는 Sphinx처럼 대소문자를 가리지 않고 찾습니다.
        self.terms = {name.lower(): (docname, anchor)
                      for name, _display, kind, docname, anchor, _priority in std.get_objects()
                      if kind == "term"}
        self.labels = std.labels
        self.python = env.domains.python_domain

    def resolve(self, role: str, target: str) -> tuple[str, str] | None:
        """역할과 대상을 (주소, 제목)으로 바꿉니다. 사이트에 없는 대상(다른 패키지의 API)은 None."""
        if role == "ref":
            entry = self.labels.get(target)
            if entry is None:
                return None
            docname, anchor, title = entry
        elif role == "doc":
            docname, anchor = target.lstrip("/"), ""
            titles = self.env.titles
            title = titles[docname].astext() if docname in titles else docname
        elif role == "term":
            entry = self.terms.get(target.lower())
            if entry is None:
                return None
            (docname, anchor), title = entry, target
        else:
            entry = self.python.modules.get(target) if role == "mod" else self.python.objects.get(target)
            if entry is None:
                return None
            docname, anchor, title = entry.docname, entry.node_id, target
        url = f"{self.base_url}{docname}.html" + (f"#{anchor}" if anchor else "")
        return url, title


def resolve_markdown(targets: SiteTargets, markdown: str, where: str) -> str:
    def replace(match: re.Match) -> str:
        text, role, target = match.group(1), match.group(2), unquote(match.group(3))
        found = targets.resolve(role, target)
        if found is None:
            if role in PY_ROLES:
                return text  # 사이트 밖의 API(예: tf.keras): 페이지에서처럼 링크 없는 코드 글자
            logger.warning(
                "노트북의 :%s:`%s` 를 사이트 주소로 바꾸지 못했습니다(대상이 없음)",
                role, target, location=where, type="cnn_vision", subtype="notebook",
            )
            return text or target
        url, title = found
        return f"[{text or title}]({url})"

    return XREF.sub(replace, markdown)


def example_notebooks(gallery: Path) -> list[Path]:
    return sorted(gallery.rglob(f"{EXAMPLE_PREFIX}*.ipynb"))


def finish_notebooks(app, env) -> None:
    """문서를 모두 읽은 뒤(env-updated) 노트북을 다듬고, 바뀐 노트북이 든 zip을 다시 씁니다."""
    gallery = Path(app.srcdir) / GALLERY_DIR
    if not gallery.is_dir():
        return
    targets = None
    changed: dict[Path, bytes] = {}
    for notebook in example_notebooks(gallery):
        data = json.loads(notebook.read_text(encoding="utf-8"))
        # 설정 주석(# sphinx_gallery_...)만 있던 코드 셀은 주석이 지워져 빈 셀로 남습니다.
        cells = [
            cell for cell in data["cells"] if cell["cell_type"] != "code" or "".join(cell["source"]).strip()
        ]
        dirty = len(cells) != len(data["cells"])
        data["cells"] = cells
        script = notebook.with_suffix(".py")
        if script.exists() and full_profile_wants_gpu(script.read_text(encoding="utf-8")):
            dirty = mark_gpu(data) or dirty
        for cell in data["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] != "markdown" or "sphinx-xref:" not in text:
                continue
            targets = targets or SiteTargets(env, app.config.html_baseurl)
            cell["source"] = [resolve_markdown(targets, text, str(notebook.relative_to(app.srcdir)))]
            dirty = True
        if dirty:
            content = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            notebook.write_text(content, encoding="utf-8")
            changed[notebook.resolve()] = content.encode("utf-8")
    if changed:
        refresh_zips(gallery, changed)


def refresh_zips(gallery: Path, changed: dict[Path, bytes]) -> None:
    """바뀐 노트북이 든 zip(예제별, 갤러리 전체)을 새 내용으로 다시 씁니다."""
    for archive in sorted(gallery.rglob("*.zip")):
        with zipfile.ZipFile(archive) as old:
            entries = [(info, old.read(info)) for info in old.infolist()]
        updated = False
        rewritten = []
        for info, data in entries:
            path = (archive.parent / info.filename).resolve()
            if path in changed:
                data, updated = changed[path], True
            rewritten.append((info, data))
        if updated:
            temporary = archive.with_name(archive.name + ".tmp")
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as new:
                for info, data in rewritten:
                    new.writestr(info, data)
            temporary.replace(archive)


def publish_notebooks(app, exception) -> None:
    """빌드한 노트북을 ``<출력>/notebooks/auto_examples/...``\\ 에 모읍니다(코랩용 가지의 내용)."""
    if exception is not None or app.builder.format != "html":
        return
    gallery = Path(app.srcdir) / GALLERY_DIR
    target = Path(app.outdir) / "notebooks"
    if target.exists():
        shutil.rmtree(target)
    for notebook in example_notebooks(gallery):
        destination = target / notebook.relative_to(app.srcdir)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(notebook, destination)


def setup(app):
    app.setup_extension("gallery_pages")
    app.connect("env-updated", finish_notebooks)
    app.connect("build-finished", publish_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
