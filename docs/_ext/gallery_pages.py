r"""Sphinx-Gallery가 만드는 페이지의 구조를 아는 유일한 모듈과, 예제 페이지를 고치는 한 단계.

이 모듈만 Sphinx-Gallery의 안쪽 모양을 압니다.

- 어느 파일이 예제인지(``examples/<주제>/plot_*.py``), 예제가 사이트의 어느 문서가 되는지
  (``auto_examples/<주제>/plot_*``), 만들어진 페이지의 원본이 저장소의 어느 파일인지.
- 만들어진 reST의 모양: 영어 문구, 출력 블록, 내려받기 안내와 내려받기 줄, 오류 추적, 그림.

이 모양은 :data:`SUPPORTED_SPHINX_GALLERY` 의 버전에서 확인했습니다. 다른 버전의 Sphinx-Gallery로
빌드하면 확장을 불러오는 순간 오류로 멈춥니다(모양이 바뀌었을 수 있으므로, 틀린 페이지를 내는 대신).

예제 페이지의 reST는 Sphinx가 읽는 순간(``source-read``) 한 곳(:func:`change_page`)에서 정해진
순서로 고칩니다.

1. 한국어 문구: Sphinx-Gallery의 영어 문구(설정으로 번역할 수 없음)를 바꿉니다. 있어야 할 문구를
   찾지 못하거나 영어가 남으면 경고합니다(``-W`` 빌드가 실패).
2. 대체물 알림: 예제 출력 속의 ``[대체물 알림]`` 블록을 모두 빼내 제목 아래 알림 상자 하나로 모읍니다.
3. 코랩과 내려받기: 맨 위 안내와 맨 아래 내려받기 줄에 코랩 링크와 노트북의 설치 주소를 넣습니다.

오른쪽 사이드바의 내려받기·코랩 링크는 글을 고치지 않고 템플릿(``_templates/cnn-example-links.html``,
``conf.py``\ 의 ``secondary_sidebar_items``)이 그립니다. 내려받기 링크는 Sphinx-Gallery가 페이지 문맥에 넣는
``get_download_links()`` 에서, 코랩 주소는 이 모듈이 문맥에 넣는 ``cnn_colab_url`` 에서 옵니다. 그 모양은
이 확장의 ``static/cnn_example_links.css`` 가 정합니다.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from packaging.specifiers import SpecifierSet
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: 이 모듈의 패턴을 확인한 Sphinx-Gallery 버전(pyproject.toml의 범위와 같아야 합니다).
SUPPORTED_SPHINX_GALLERY = SpecifierSet(">=0.22,<0.23")

#: 예제 폴더(``examples/``)에 대응하는, 소스 폴더 안의 갤러리 폴더
GALLERY_DIR = "auto_examples"
#: 예제 스크립트 이름의 앞부분. Sphinx-Gallery의 ``filename_pattern``\ 도 이것으로 만듭니다.
EXAMPLE_PREFIX = "plot_"
FILENAME_PATTERN = rf"/{EXAMPLE_PREFIX}"
#: 주제 폴더마다 있는 갤러리 머리말
GALLERY_HEADER = "GALLERY_HEADER.rst"


def check_sphinx_gallery_version(version: str) -> None:
    """확인하지 않은 Sphinx-Gallery 버전이면 :class:`~sphinx.errors.ExtensionError` 를 냅니다."""
    if version not in SUPPORTED_SPHINX_GALLERY:
        raise ExtensionError(
            f"gallery_pages는 Sphinx-Gallery {SUPPORTED_SPHINX_GALLERY}에서 확인한 페이지 모양을 씁니다. "
            f"설치된 버전은 {version}입니다. pyproject.toml의 범위대로 설치하거나, 새 버전이 만든 reST로 "
            "docs/_ext/gallery_pages.py의 패턴을 확인한 뒤 SUPPORTED_SPHINX_GALLERY를 넓히세요."
        )


# -- 주소 ------------------------------------------------------------------------------------------


def install_source(repository: str, ref: str) -> str:
    """노트북 첫 셀이 pip로 설치할 소스(저장소의 한 커밋 또는 가지)."""
    return f"cnn-vision-ko @ git+https://github.com/{repository}@{ref}"


def colab_url(repository: str, branch: str, notebook_path: str) -> str:
    """깃허브 가지에 있는 노트북을 코랩에서 여는 주소."""
    return f"https://colab.research.google.com/github/{repository}/blob/{branch}/{notebook_path}"


# -- 어느 파일이 예제인가 ------------------------------------------------------------------------


def example_scripts(examples_dir: Path) -> list[Path]:
    """예제 스크립트(``<주제>/plot_*.py``)를 이름순(= 책의 순서)으로 돌려줍니다."""
    return sorted(Path(examples_dir).glob(f"*/{EXAMPLE_PREFIX}*.py"))


def example_docname(script: Path, examples_dir: Path) -> str:
    """예제 스크립트가 될 사이트 문서 이름(예: ``auto_examples/01_convolution/plot_02_conv_layer``)."""
    relative = Path(script).resolve().relative_to(Path(examples_dir).resolve()).with_suffix("")
    return f"{GALLERY_DIR}/{relative.as_posix()}"


def page_kind(docname: str) -> str | None:
    """문서의 종류: ``"example"``, ``"gallery_root"``, ``"subgallery"``, ``"times"`` 또는 ``None``."""
    if "sg_execution_times" in docname:
        return "times"
    if not docname.startswith(GALLERY_DIR + "/"):
        return None
    path = PurePosixPath(docname)
    if path.name == "index":
        return "gallery_root" if path.parent == PurePosixPath(GALLERY_DIR) else "subgallery"
    if path.name.startswith(EXAMPLE_PREFIX):
        return "example"
    return None


def is_example(docname: str) -> bool:
    return page_kind(docname) == "example"


def source_file(docname: str) -> str | None:
    """갤러리 페이지의 원본 파일(저장소 맨 위에서의 경로). 갤러리 페이지가 아니면 ``None``."""
    kind = page_kind(docname)
    if kind in (None, "times"):
        return None
    relative = PurePosixPath(docname).relative_to(GALLERY_DIR)
    if kind in ("gallery_root", "subgallery"):
        return (PurePosixPath("examples") / relative.parent / GALLERY_HEADER).as_posix()
    return f"examples/{relative.as_posix()}.py"


def generated_file(gallery_root: Path, script_name: str, suffix: str) -> Path:
    """갤러리 폴더에서 예제 ``script_name``\\ (예: ``plot_02_conv_layer.py``)이 만든 파일 하나.

    Sphinx-Gallery는 예제를 실행하는 콜백에 폴더 없이 파일 이름만 주므로 이름으로 찾습니다. 그래서 예제
    파일 이름은 모든 주제 폴더를 통틀어 하나뿐이어야 합니다(그림과 내려받기 파일 이름도 그래야 겹치지
    않습니다).
    """
    stem = Path(script_name).stem
    found = sorted(Path(gallery_root).glob(f"*/{stem}{suffix}"))
    if len(found) != 1:
        raise ExtensionError(
            f"갤러리 폴더 {gallery_root}에서 {stem}{suffix}을(를) 하나만 찾아야 하는데 {len(found)}개를 "
            "찾았습니다. 예제 파일 이름은 주제 폴더를 통틀어 하나뿐이어야 합니다."
        )
    return found[0]


# -- 만들어진 reST에서 읽는 사실 ---------------------------------------------------------------------

# 예제가 실패하면 Sphinx-Gallery는 출력 블록 자리에 pytb 코드 블록으로 오류 추적을 넣습니다.
_TRACEBACK = re.compile(r"^\.\. code-block:: pytb\n\n((?:    .*\n|[ \t]*\n)+)", re.M)
# 실행 결과 그림: ``.. image-sg:: /auto_examples/<주제>/images/sphx_glr_<이름>_001.png``
_FIGURE = re.compile(r"^\s*(?:\* )?\s*\.\. image-sg:: \S+/images/sphx_glr_(?P<stem>\w+?)_\d{3}\.\w+$", re.M)


def traceback_in(text: str) -> str | None:
    """만들어진 예제 reST에 든 오류 추적(예제가 실패했을 때). 없으면 ``None``."""
    match = _TRACEBACK.search(text)
    if match is None:
        return None
    lines = [line[4:] if line.startswith("    ") else "" for line in match.group(1).split("\n")]
    return "\n".join(lines).strip()


def figure_count(text: str, stem: str) -> int:
    """만들어진 예제 reST가 보여 주는 실행 결과 그림의 수."""
    return sum(1 for match in _FIGURE.finditer(text) if match.group("stem") == stem)


# -- 1. 한국어 문구 -----------------------------------------------------------------------------

# (이름, 정규식, 바꿀 문구): Sphinx-Gallery 0.22의 템플릿 문구
REPLACEMENTS = [
    (
        "go_to_end",
        re.compile(r":ref:`Go to the end <([^>]+)>`(\s*)to download the full example code\.?"),
        r":ref:`맨 아래 <\1>`\ 에서\2전체 예제 코드를 내려받을 수 있습니다.",
    ),
    (
        "running_time",
        re.compile(r"\*\*Total running time of the script:\*\* \((\d+) minutes ([\d.]+) seconds\)"),
        r"**스크립트 전체 실행 시간:** (\1분 \2초)",
    ),
    ("memory", re.compile(r"\*\*Estimated memory usage:\*\* +(\d+) MB"), r"**추정 메모리 사용량:** \1 MB"),
    ("download_notebook", re.compile(r"Download Jupyter notebook: "), "주피터 노트북 내려받기: "),
    ("download_python", re.compile(r"Download Python source code: "), "파이썬 스크립트 내려받기: "),
    ("download_zip", re.compile(r"Download zipped: "), "스크립트와 노트북을 압축 파일로 내려받기: "),
    ("download_all_python", re.compile(r"Download all examples in Python source code: "),
     "모든 예제 내려받기(파이썬): "),
    ("download_all_notebooks", re.compile(r"Download all examples in Jupyter notebooks: "),
     "모든 예제 내려받기(노트북): "),
    ("signature", re.compile(r"`Gallery generated by Sphinx-Gallery <"), "`Sphinx-Gallery로 만든 갤러리 <"),
    ("times_title", re.compile(r"^Computation times\n=================$", re.M), "실행 시간\n========="),
    (
        "times_total_all",
        re.compile(r"total execution time for (\d+) files? \*\*from all galleries\*\*"),
        r"(모든 갤러리의 예제 \1개 실행 시간 합계)",
    ),
    (
        "times_total",
        re.compile(r"total execution time for (\d+) files? \*\*from ([^*]+)\*\*"),
        r"(\2의 예제 \1개 실행 시간 합계)",
    ),
    ("times_header", re.compile(r"^   \* - Example\n     - Time\n     - Mem \(MB\)$", re.M),
     "   * - 예제\n     - 시간\n     - 메모리(MB)"),
]

# 페이지 종류마다 반드시 찾아야 하는 문구
EXPECTED = {
    "example": {"go_to_end", "download_notebook", "download_python", "download_zip"},
    "gallery_root": {"download_all_python", "download_all_notebooks"},
    "subgallery": set(),
    "times": {"times_title"},
}

# 구조(클래스 이름)가 있으면 그 안의 문구도 반드시 찾아야 합니다. 예제를 실행하지 않는 빌드
# (make html-noplot)에는 실행 시간 줄이 없습니다.
EXPECTED_WITH_MARKER = {"running_time": ".. rst-class:: sphx-glr-timing"}

# 바꾼 뒤에 남아 있으면 안 되는 Sphinx-Gallery의 영어 문구
LEFTOVER = re.compile(
    r"Go to the end|to download the full example code|Total running time|Estimated memory usage"
    r"|\bDownload\b|Gallery generated by|Computation times"
    r"|total execution time|Examples using"
)
# 설정 주석(# sphinx_gallery_thumbnail_number = 2)만 있던 코드 블록은 주석을 지우면 빈 상자가 됩니다.
EMPTY_CODE_BLOCK = re.compile(
    r"^\.\. code-block:: Python\n(?:   :[a-z-]+:.*\n)*(?:[ \t]*\n)+(?=\.\. GENERATED|\Z)", re.M
)
# 썸네일 풍선 도움말(tooltip="...")에 남는 reST의 "\ " 표기
TOOLTIP = re.compile(r'(tooltip=")([^"]*)(")')


def translate_text(text: str, kind: str) -> tuple[str, set[str], set[str]]:
    """문구를 바꾼 글과 (찾지 못한 필수 문구, 남은 영어 문구)를 돌려줍니다."""
    expected = EXPECTED[kind] | {name for name, marker in EXPECTED_WITH_MARKER.items() if marker in text}
    found = set()
    for name, pattern, replacement in REPLACEMENTS:
        text, count = pattern.subn(replacement, text)
        if count:
            found.add(name)
    text = EMPTY_CODE_BLOCK.sub("", text)
    text = TOOLTIP.sub(lambda m: m.group(1) + m.group(2).replace("\\ ", "") + m.group(3), text)
    missing = expected - found
    leftover = set(LEFTOVER.findall(text))
    return text, missing, leftover


# -- 2. 대체물 알림 ------------------------------------------------------------------------------

# 문서 빌드에서는 cnn_vision을 늘 import할 수 있습니다(conf.py가 src/를 경로에 넣음). 표시를 여기에 다시
# 적어 두면 라이브러리의 표시가 바뀌어도 빌드가 조용히 알림을 놓치므로, 라이브러리의 값만 씁니다.
from cnn_vision.assets.standin import NOTICE_END, NOTICE_MARKER  # noqa: E402

ADMONITION_TITLE = "이 페이지는 대체물로 실행되었습니다"
ADMONITION_CLASS = "standin-notice"
INTRO = (
    "이 페이지를 만든 실행에서는 아래 자료를 쓸 수 없어 이름을 밝힌 대체물로 계속했습니다. "
    "대체물로 얻은 숫자는 책의 결과가 아니며 비교할 수 없고, 대체물로 그린 그림의 제목에는 "
    "표시가 붙어 있습니다. 자료를 받은 뒤 사이트를 다시 빌드하면 이 상자는 사라집니다."
)

# 출력 블록(머리 뒤에 네 칸 들여 쓴 출력 줄). 알림을 빼낸 뒤 줄이 하나도 남지 않은 블록(과 그 뒤의
# 세로 여백 "|")을 찾습니다.
_EMPTY_OUTPUT = re.compile(
    r"\.\. rst-class:: sphx-glr-script-out\n\n \.\. code-block:: none\n\n"
    r"(?:[ \t]*\n)*(?:\|\n\n)?(?=[^ \t\n]|\Z)"
)
# 페이지 제목: 윗줄·밑줄이 있는 제목 또는 밑줄만 있는 제목(처음 나오는 것).
_TITLE = re.compile(
    r"^(?P<over>([=\-~^\"'`#*+])\2{2,})\n(?P<text>[^\n]+)\n(?P=over)\n"
    r"|^(?P<plain>[^\s.][^\n]*)\n(?P<under>([=\-~^\"'`#*+])\6{2,})\n",
    re.M,
)


def extract_notices(text: str) -> tuple[str, list[str]]:
    """``text`` 에서 알림 블록을 빼내고 ``(남은 텍스트, 알림 목록)`` 을 돌려줍니다.

    알림 블록은 (들여쓰기가 같은) :data:`NOTICE_MARKER` 로 시작하는 줄부터 :data:`NOTICE_END`
    줄까지입니다. 끝 줄이 없으면 그 블록은 건드리지 않습니다. 알림은 들여쓰기를 뺀 원래 모양의
    여러 줄 문자열이고, 처음 나온 순서대로 한 번씩만 들어갑니다.
    """
    lines = text.split("\n")
    kept: list[str] = []
    notices: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip(" ")
        if stripped.startswith(NOTICE_MARKER):
            indent = line[: len(line) - len(stripped)]
            end = next((j for j in range(index + 1, len(lines))
                        if lines[j] == indent + NOTICE_END), None)
            if end is not None:
                block = [raw[len(indent):] if raw.startswith(indent) else raw.lstrip()
                         for raw in lines[index:end + 1]]
                notice = "\n".join(block)
                if notice not in notices:
                    notices.append(notice)
                index = end + 1
                continue
        kept.append(line)
        index += 1
    return "\n".join(kept), notices


def admonition(notices: list[str]) -> str:
    """알림 목록으로 reST 알림 상자(``admonition``, 클래스 ``warning``)를 만듭니다."""
    parts = [
        f".. admonition:: {ADMONITION_TITLE}",
        f"   :class: warning {ADMONITION_CLASS}",
        "",
        f"   {INTRO}",
        "",
    ]
    for notice in notices:
        body = [line for line in notice.split("\n") if line.strip() != NOTICE_END]
        parts += ["   .. code-block:: none", ""]
        parts += [f"      {line}" if line else "" for line in body]
        parts.append("")
    return "\n".join(parts) + "\n"


def move_notices_to_top(text: str) -> str:
    """예제 페이지의 reST에서 알림 블록을 빼 제목 바로 아래의 알림 상자 하나로 옮깁니다.

    알림이 없으면 ``text`` 를 그대로 돌려줍니다.
    """
    if NOTICE_MARKER not in text:
        return text
    remaining, notices = extract_notices(text)
    if not notices:
        return text
    remaining = _EMPTY_OUTPUT.sub("", remaining)
    box = admonition(notices)
    title = _TITLE.search(remaining)
    if title is None:  # 제목이 없으면 맨 앞에 둡니다.
        return box + "\n" + remaining
    at = title.end()
    return remaining[:at] + "\n" + box + "\n" + remaining[at:]


# -- 3. 코랩과 내려받기 ------------------------------------------------------------------------------

# 맨 위의 "맨 아래에서 내려받기" 안내와 맨 아래의 노트북 내려받기 줄
_NOTE = re.compile(r"(\.\. note::\n(\s+):class: sphx-glr-download-link-note\n\n(?:\2.*\n)+)")
_JUPYTER = re.compile(r"\n(\s+)\.\. container:: sphx-glr-download sphx-glr-download-jupyter\n\n(?:\1  .*\n)+")
COLAB_TOP = "코랩(Colab)에서 바로 실행하기"
COLAB_BOTTOM = "코랩(Colab)에서 열기"


def add_colab_links(text: str, url: str, install_from: str) -> tuple[str, list[str]]:
    """맨 위 안내와 맨 아래 내려받기 줄에 코랩 링크를 넣은 글과 (찾지 못한 자리 목록)을 돌려줍니다."""
    note = _NOTE.search(text)
    jupyter = _JUPYTER.search(text)
    missing = [name for name, found in (("내려받기 안내", note), ("노트북 내려받기 줄", jupyter))
               if found is None]
    if missing:
        return text, missing
    top = f"{note.group(2)}`{COLAB_TOP} <{url}>`__\n"
    indent = jupyter.group(1)
    bottom = (
        f"\n{indent}.. container:: sphx-glr-download sphx-glr-download-colab\n\n"
        f"{indent}  `{COLAB_BOTTOM} <{url}>`__\n\n"
        f"{indent}.. container:: sphx-glr-download-source-note\n\n"
        f"{indent}  노트북의 첫 셀은 이 예제의 라이브러리를 ``{install_from}`` 에서 설치합니다.\n"
    )
    # 뒤쪽부터 넣어야 앞쪽 위치가 바뀌지 않습니다.
    text = text[: jupyter.end()] + bottom + text[jupyter.end():]
    text = text[: note.end()] + "\n" + top + text[note.end():]
    return text, []


# -- 한 단계: 정해진 순서로 ----------------------------------------------------------------------------


def example_colab_url(config, docname: str) -> str:
    """예제 문서의 노트북을 코랩에서 여는 주소(설정의 저장소와 노트북 가지)."""
    return colab_url(config.cnn_repository, config.cnn_notebook_branch, docname + ".ipynb")


def change_page(docname: str, text: str, config) -> tuple[str, list[tuple[str, str]]]:
    """갤러리 문서의 reST를 고친 글과 (경고 종류, 메시지) 목록을 돌려줍니다.

    순서: 1. 한국어 문구 → 2. 대체물 알림 → 3. 코랩과 내려받기(예제 페이지만). 갤러리 문서가 아니면
    ``text`` 를 그대로 돌려줍니다.
    """
    kind = page_kind(docname)
    if kind is None:
        return text, []
    problems: list[tuple[str, str]] = []
    text, missing, leftover = translate_text(text, kind)
    if missing:
        problems.append(("korean", "Sphinx-Gallery 문구를 찾지 못했습니다(Sphinx-Gallery가 바뀌었나요?): "
                         + ", ".join(sorted(missing))))
    if leftover:
        problems.append(("korean", "한국어로 바꾸지 못한 Sphinx-Gallery 문구가 남았습니다: "
                         + ", ".join(sorted(leftover))))
    if kind != "example":
        return text, problems
    text = move_notices_to_top(text)
    install_from = install_source(config.cnn_repository, config.cnn_source_ref).split(" @ ", 1)[1]
    text, missing_places = add_colab_links(text, example_colab_url(config, docname), install_from)
    if missing_places:
        problems.append(("colab", "예제 페이지에서 코랩 링크를 넣을 자리(Sphinx-Gallery의 "
                         + ", ".join(missing_places) + ")를 찾지 못했습니다"))
    return text, problems


def on_source_read(app, docname: str, source: list[str]) -> None:
    source[0], problems = change_page(docname, source[0], app.config)
    for subtype, message in problems:
        logger.warning(message, location=docname, type="cnn_vision", subtype=subtype)


def add_link_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """예제 페이지의 문맥에 코랩 주소를 넣습니다(사이드바의 ``cnn-example-links.html`` 이 씁니다)."""
    if is_example(pagename):
        context["cnn_colab_url"] = example_colab_url(app.config, pagename)


#: 사이드바 링크의 CSS가 있는 이 확장의 정적 파일 폴더
STATIC_DIR = Path(__file__).resolve().parent / "static"


def add_static_path(app, config) -> None:
    config.html_static_path.append(str(STATIC_DIR))


def setup(app):
    import sphinx_gallery

    check_sphinx_gallery_version(sphinx_gallery.__version__)
    # 주소는 모두 docs/conf.py의 한 곳(저장소 이름)에서 옵니다.
    app.add_config_value("cnn_repository", "cnn-vision-ko/cnn-vision-ko", "html", types=[str])
    app.add_config_value("cnn_source_ref", "main", "html", types=[str])
    app.add_config_value("cnn_notebook_branch", "notebooks", "html", types=[str])
    app.connect("config-inited", add_static_path)
    app.add_css_file("cnn_example_links.css")
    app.connect("source-read", on_source_read)
    app.connect("html-page-context", add_link_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
