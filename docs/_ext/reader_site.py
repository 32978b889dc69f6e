"""호스팅된 사이트의 독자를 위한 Sphinx 확장.

- 예제 페이지마다 "코랩에서 열기" 링크(그 페이지의 노트북)와 노트북이 패키지를 설치하는 주소.
- 노트북의 글 셀 정리: ``notebook_markdown.lua``\\ 가 남긴 ``sphinx-xref:`` 링크를 문서를 모두 읽은
  뒤 사이트의 실제 주소로 바꿉니다(노트북과 내려받기 zip 모두).
- 빌드한 노트북을 ``<출력>/notebooks/`` 아래에 모읍니다. docs 워크플로가 이 폴더를 코랩이 읽는
  가지에 올립니다.
- 페이지마다 빌드 정보(실행 프로필, 텐서플로 버전, 장치)와 "이 페이지 고치기" 링크(예제 페이지는
  ``examples/``\\ 의 파이썬 스크립트).
- ``robots.txt``(사이트맵 주소).

주소는 모두 ``docs/conf.py``\\ 의 한 곳(저장소 이름, 사이트 주소)에서 만듭니다.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import sys
import time
import zipfile
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote

from sphinx.util import logging

logger = logging.getLogger(__name__)

GALLERY_DIR = "auto_examples"
XREF = re.compile(r"\[([^\]]*)\]\(sphinx-xref:([a-z]+):([^)\s]+)\)")
PY_ROLES = {"func", "class", "mod", "data", "meth", "attr", "exc", "obj", "const"}
BUILD_INFO_SUFFIX = ".buildinfo.json"


# -- 주소 ---------------------------------------------------------------------------------


def install_source(repository: str, ref: str) -> str:
    """노트북 첫 셀이 pip로 설치할 소스(저장소의 한 커밋 또는 가지)."""
    return f"cnn-vision-ko @ git+https://github.com/{repository}@{ref}"


def colab_url(repository: str, branch: str, notebook_path: str) -> str:
    """깃허브 가지에 있는 노트북을 코랩에서 여는 주소."""
    return f"https://colab.research.google.com/github/{repository}/blob/{branch}/{notebook_path}"


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


def _config(app):
    return app.config


# -- 코랩 링크 ----------------------------------------------------------------------------

_NOTE = re.compile(
    r"(\.\. note::\n(\s+):class: sphx-glr-download-link-note\n\n(?:\2.*\n)+)",
)
_JUPYTER = re.compile(r"\n(\s+)\.\. container:: sphx-glr-download sphx-glr-download-jupyter\n\n(?:\1  .*\n)+")


def _is_example(docname: str) -> bool:
    return docname.startswith(GALLERY_DIR + "/") and Path(docname).name.startswith("plot_")


def add_colab_links(app, docname: str, source: list[str]) -> None:
    """예제 페이지의 맨 위 안내와 맨 아래 내려받기 줄에 코랩 링크를 넣습니다."""
    if not _is_example(docname):
        return
    config = _config(app)
    url = colab_url(config.cnn_repository, config.cnn_notebook_branch, docname + ".ipynb")
    source_text = install_source(config.cnn_repository, config.cnn_source_ref).split(" @ ", 1)[1]
    text = source[0]

    note = _NOTE.search(text)
    jupyter = _JUPYTER.search(text)
    if note is None or jupyter is None:
        logger.warning(
            "예제 페이지에서 코랩 링크를 넣을 자리(Sphinx-Gallery의 %s)를 찾지 못했습니다",
            "내려받기 안내" if note is None else "노트북 내려받기 줄",
            location=docname,
            type="cnn_vision",
            subtype="colab",
        )
        return
    indent = note.group(2)
    top = f"{indent}`코랩(Colab)에서 바로 실행하기 <{url}>`__\n"
    indent_j = jupyter.group(1)
    bottom = (
        f"\n{indent_j}.. container:: sphx-glr-download sphx-glr-download-colab\n\n"
        f"{indent_j}  `코랩(Colab)에서 열기 <{url}>`__\n\n"
        f"{indent_j}.. container:: sphx-glr-download-source-note\n\n"
        f"{indent_j}  노트북의 첫 셀은 이 예제의 라이브러리를 ``{source_text}`` 에서 설치합니다.\n"
    )
    # 뒤쪽부터 넣어야 앞쪽 위치가 바뀌지 않습니다.
    text = text[: jupyter.end()] + bottom + text[jupyter.end():]
    text = text[: note.end()] + "\n" + top + text[note.end():]
    source[0] = text


# -- 노트북: 상호 참조를 사이트 주소로 -----------------------------------------------------


def _resolve(env, base_url: str, role: str, target: str) -> tuple[str, str] | None:
    """역할과 대상을 (주소, 제목)으로 바꿉니다. 사이트에 없는 대상(다른 패키지의 API)은 None."""
    std = env.domains.standard_domain
    if role == "ref":
        entry = std.labels.get(target)
        if entry is None:
            return None
        docname, anchor, title = entry
    elif role == "doc":
        docname, anchor = target.lstrip("/"), ""
        title = env.titles[docname].astext() if docname in env.titles else docname
    elif role == "term":
        entry = std._terms.get(target.lower())
        if entry is None:
            return None
        docname, anchor = entry
        title = target
    else:
        py = env.domains.python_domain
        if role == "mod":
            entry = py.modules.get(target)
        else:
            entry = py.objects.get(target)
        if entry is None:
            return None
        docname, anchor, title = entry.docname, entry.node_id, target
    url = f"{base_url}{docname}.html" + (f"#{anchor}" if anchor else "")
    return url, title


def resolve_markdown(env, base_url: str, markdown: str, where: str) -> str:
    def replace(match: re.Match) -> str:
        text, role, target = match.group(1), match.group(2), unquote(match.group(3))
        found = _resolve(env, base_url, role, target)
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


def resolve_notebooks(app, env) -> None:
    """문서를 모두 읽은 뒤(env-updated) 노트북의 ``sphinx-xref:`` 링크를 실제 주소로 바꿉니다."""
    gallery = Path(app.srcdir) / GALLERY_DIR
    if not gallery.is_dir():
        return
    base_url = app.config.html_baseurl
    changed: dict[Path, bytes] = {}
    for notebook in sorted(gallery.rglob("*.ipynb")):
        data = json.loads(notebook.read_text(encoding="utf-8"))
        # 설정 주석(# sphinx_gallery_...)만 있던 코드 셀은 주석이 지워져 빈 셀로 남습니다.
        cells = [
            cell for cell in data["cells"] if cell["cell_type"] != "code" or "".join(cell["source"]).strip()
        ]
        dirty = len(cells) != len(data["cells"])
        data["cells"] = cells
        for cell in data["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"])
            if "sphinx-xref:" not in text:
                continue
            where = str(notebook.relative_to(app.srcdir))
            cell["source"] = [resolve_markdown(env, base_url, text, where)]
            dirty = True
        if dirty:
            content = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            notebook.write_text(content, encoding="utf-8")
            changed[notebook.resolve()] = content.encode("utf-8")
    if changed:
        _refresh_zips(gallery, changed)


def _refresh_zips(gallery: Path, changed: dict[Path, bytes]) -> None:
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
    for notebook in sorted(gallery.rglob("plot_*.ipynb")):
        destination = target / notebook.relative_to(app.srcdir)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(notebook, destination)
    base = app.config.html_baseurl
    (Path(app.outdir) / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n", encoding="utf-8"
    )


# -- 빌드 정보 -----------------------------------------------------------------------------


def _device() -> str:
    """빌드한 장치: 텐서플로가 본 GPU, 없으면 CPU 모델과 코어 수."""
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        try:
            gpus = tf.config.list_physical_devices("GPU")
        except Exception:  # noqa: BLE001 - 장치 정보가 빌드를 멈추게 하지는 않습니다
            gpus = []
        if gpus:
            names = []
            for gpu in gpus:
                details = tf.config.experimental.get_device_details(gpu)
                names.append(details.get("device_name", gpu.name))
            return "GPU " + ", ".join(names)
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"CPU {model} ({cores}코어, GPU 없음)"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "설치되지 않음"


def current_build_info() -> dict[str, str]:
    from cnn_vision import profile

    return {
        "profile": profile.current(),
        "tensorflow": _version("tensorflow"),
        "keras": _version("keras"),
        "device": _device(),
        "date": time.strftime("%Y-%m-%d"),
    }


def mark_build_start(app, config) -> None:
    app._cnn_build_start = time.time()


def record_example_runs(app) -> None:
    """이번 빌드에서 실행한 예제(다시 쓴 .rst)마다 빌드 정보를 옆에 남깁니다.

    Sphinx-Gallery는 바뀌지 않은 예제를 다시 실행하지 않으므로, 페이지의 결과는 그 예제를 마지막으로
    실행했을 때의 것입니다. 페이지 아래의 빌드 정보도 그때의 것을 보입니다.
    """
    gallery = Path(app.srcdir) / GALLERY_DIR
    if not gallery.is_dir():
        return
    start = getattr(app, "_cnn_build_start", 0.0)
    info = None
    for page in gallery.rglob("plot_*.rst"):
        record = page.with_name(page.stem + BUILD_INFO_SUFFIX)
        if page.stat().st_mtime >= start - 1 or not record.exists():
            info = info or current_build_info()
            record.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


def add_page_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    record = Path(app.srcdir) / (pagename + BUILD_INFO_SUFFIX)
    if _is_example(pagename) and record.exists():
        info = json.loads(record.read_text(encoding="utf-8"))
        info["scope"] = "example"
    else:
        if not hasattr(app, "_cnn_site_info"):
            app._cnn_site_info = current_build_info()
        info = dict(app._cnn_site_info, scope="site")
    context["cnn_build_info"] = info


# -- "이 페이지 고치기" -----------------------------------------------------------------------


def source_path(app, pagename: str) -> str | None:
    """페이지를 만든 저장소 안의 파일. 만들어진 페이지는 그 원본(예제 스크립트, 모듈)."""
    if pagename.startswith(GALLERY_DIR + "/") or pagename == GALLERY_DIR:
        relative = Path(pagename).relative_to(GALLERY_DIR)
        if relative.name == "index":
            return (Path("examples") / relative.parent / "GALLERY_HEADER.rst").as_posix()
        return f"examples/{relative.as_posix()}.py"
    if pagename.startswith("api/generated/"):
        module = pagename.rsplit("/", 1)[1]
        return "src/" + module.replace(".", "/") + ".py"
    for suffix in (".md", ".rst"):
        if (Path(app.srcdir) / (pagename + suffix)).exists():
            return f"docs/{pagename}{suffix}"
    return None


def _repository_root() -> Path:
    """저장소의 맨 위 폴더(src/ 구조로 설치된 cnn_vision에서 찾습니다; docs/는 복사본일 수 있습니다)."""
    import cnn_vision

    return Path(cnn_vision.__file__).resolve().parents[2]


def _set_edit_url(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    path = source_path(app, pagename)
    if path is None or "get_edit_provider_and_url" not in context:
        return
    config = app.config
    if path.startswith("src/") and not (_repository_root() / path).exists():
        path = path.removesuffix(".py") + "/__init__.py"
    url = f"https://github.com/{config.cnn_repository}/edit/main/{path}"
    context["get_edit_provider_and_url"] = lambda: ("GitHub", url)
    context["cnn_edit_url"] = url


def setup(app):
    app.add_config_value("cnn_repository", "cnn-vision-ko/cnn-vision-ko", "html", types=[str])
    app.add_config_value("cnn_source_ref", "main", "html", types=[str])
    app.add_config_value("cnn_notebook_branch", "notebooks", "html", types=[str])
    app.connect("config-inited", mark_build_start)
    # Sphinx-Gallery가 예제를 실행한 뒤(같은 builder-inited, 더 늦은 순서)
    app.connect("builder-inited", record_example_runs, priority=900)
    # korean_gallery(기본 순서 500)가 영어 문구를 바꾼 뒤
    app.connect("source-read", add_colab_links, priority=600)
    app.connect("env-updated", resolve_notebooks)
    # pydata 테마가 편집 링크 함수를 넣은 뒤(500), 책 테마가 그 함수로 버튼을 만들기 전(501, 나중에 등록)
    app.connect("html-page-context", _set_edit_url, priority=501)
    app.connect("html-page-context", add_page_context, priority=900)
    app.connect("build-finished", publish_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
