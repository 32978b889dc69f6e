r"""수식을 인터넷 없이 그리기: MathJax를 사이트에 함께 싣는 Sphinx 확장.

``sphinx.ext.mathjax``\ 의 기본값은 수식이 든 페이지마다 CDN에서 MathJax를 읽습니다. 그러면 인터넷이
없는 곳에서 빌드하거나 읽는 사람, CDN이 막힌 네트워크의 독자는 ``\(A^k\)`` 같은 TeX를 그대로 봅니다.
이 확장은 PyPI 패키지 ``sphinx-mathjax-offline``\ 에 든 MathJax 3.2.2 파일을 빌드 결과의
``_static/mathjax/``\ 에 복사하고 ``mathjax_path``\ 를 그 파일로 바꿉니다. 호스팅 사이트도 같은 빌드이므로
CDN을 쓰지 않습니다.

빌드할 때 자바스크립트 엔진이 필요 없도록(``make html``\ 은 pip만 씁니다) 수식은 지금처럼 브라우저에서
MathJax가 그립니다. 패키지의 파일 가운데 이 사이트가 읽는 묶음(``tex-chtml.js``)과 그 묶음이 필요할 때
불러오는 폴더(TeX 확장, CHTML 글꼴, 메뉴, 접근성, 음성 규칙)만 복사합니다(약 8 MB, 패키지 전체는
24 MB). 다른 묶음(SVG 출력, MathML 입력, node용)은 복사하지 않습니다.

사용법: ``extensions``\ 에 ``"offline_mathjax"``\ 를 넣습니다(``sphinx.ext.mathjax``\ 는 이 확장이
불러옵니다). ``mathjax_path``\ 를 conf.py에서 따로 외부 주소로 정하면 경고를 내므로 ``-W`` 빌드가
실패합니다.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError
from sphinx.ext.mathjax import MATHJAX_URL
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

PACKAGE = "sphinx-mathjax-offline"
#: 페이지가 읽는 MathJax 묶음(빌드 결과의 ``_static/`` 기준 경로)
BUNDLE = "mathjax/tex-chtml.js"
#: 묶음이 필요할 때 불러오는 폴더(``[mathjax]/...``): TeX 확장(autoload), CHTML 글꼴, 메뉴, 접근성, 음성 규칙
LAZY_DIRS = ("input", "output/chtml", "a11y", "ui", "sre")


def mathjax_source() -> Path:
    """설치된 ``sphinx-mathjax-offline``\\ 의 MathJax 폴더를 돌려줍니다.

    Returns
    -------
    pathlib.Path
        ``tex-chtml.js``\\ 가 든 폴더.

    Raises
    ------
    sphinx.errors.ExtensionError
        패키지가 없거나 그 안에 MathJax 파일이 없을 때(어느 경로를 찾았는지 밝힙니다).
    """
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ExtensionError(
            f"수식을 인터넷 없이 그리는 데 필요한 파이썬 패키지 {PACKAGE}가 없습니다. "
            f"'pip install {PACKAGE}'로 설치하거나 make html로 빌드하세요(가상 환경에 설치합니다)."
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax"
    if not (folder / Path(BUNDLE).name).is_file():
        raise ExtensionError(
            f"{PACKAGE} 안에서 MathJax 파일({folder / Path(BUNDLE).name})을 찾지 못했습니다. "
            f"'pip install --force-reinstall {PACKAGE}'로 다시 설치하세요."
        )
    return folder


def use_bundled_mathjax(app: Sphinx, config: Config) -> None:
    """``mathjax_path``\\ 가 기본값(CDN)이면 사이트에 함께 싣는 MathJax로 바꿉니다."""
    mathjax_source()  # 패키지가 없으면 빌드를 시작하기 전에 알립니다
    if config.mathjax_path == MATHJAX_URL:
        config.mathjax_path = BUNDLE
    elif "://" in config.mathjax_path or config.mathjax_path.startswith("//"):
        logger.warning(
            "mathjax_path가 외부 주소(%s)입니다. 인터넷이 없으면 수식이 TeX 그대로 보입니다. "
            "conf.py의 mathjax_path를 지우면 사이트에 함께 싣는 MathJax를 씁니다.",
            config.mathjax_path, type="cnn_vision", subtype="mathjax",
        )


def _wanted(source: Path):
    keep = [source / Path(BUNDLE).name, *(source / folder for folder in LAZY_DIRS)]

    def excluded(path: str) -> bool:
        path = Path(path)
        if not path.is_absolute():
            path = source / path
        return not any(path == item or item in path.parents or path in item.parents for item in keep)

    return excluded


def copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    """HTML 빌드가 끝나면 MathJax 파일을 ``_static/mathjax/``\\ 에 복사합니다."""
    if exception is not None or app.builder.format != "html" or app.config.mathjax_path != BUNDLE:
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    copy_asset(os.fspath(source), os.fspath(target), excluded=_wanted(source), force=True)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx.ext.mathjax")
    app.connect("config-inited", use_bundled_mathjax)
    app.connect("build-finished", copy_mathjax)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
