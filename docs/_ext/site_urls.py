r"""사이트의 주소 두 가지를 만드는 Sphinx 확장: 페이지마다 "이 페이지 고치기"의 원본 파일, ``robots.txt``.

편집 링크는 테마(pydata-sphinx-theme)가 문서로 밝힌 ``html_context["edit_page_url_template"]``\ 로
만듭니다(``conf.py``). 이 확장은 그 템플릿이 쓰는 ``cnn_source_path``\ (페이지를 만든 저장소 안의
파일)를 페이지 문맥에 넣기만 합니다. 만들어진 페이지는 그 원본을 가리킵니다: 예제 페이지는
``examples/``\ 의 파이썬 스크립트, API 페이지는 ``src/``\ 의 모듈.

``robots.txt``\ 는 빌드가 끝나면 사이트맵 주소(``html_baseurl``)와 함께 씁니다.
"""

from __future__ import annotations

from pathlib import Path

from gallery_pages import source_file

API_PREFIX = "api/generated/"


def repository_root() -> Path:
    """저장소 맨 위 폴더(src/ 구조로 설치된 cnn_vision에서 찾습니다; docs/는 복사본일 수 있습니다)."""
    import cnn_vision

    return Path(cnn_vision.__file__).resolve().parents[2]


def source_path(srcdir: Path, pagename: str) -> str | None:
    """페이지를 만든 저장소 안의 파일(저장소 맨 위에서의 경로). 원본이 없는 페이지(색인 등)는 ``None``."""
    gallery = source_file(pagename)
    if gallery is not None:
        return gallery
    if pagename.startswith(API_PREFIX):
        module = pagename[len(API_PREFIX):].replace(".", "/")
        for candidate in (f"src/{module}.py", f"src/{module}/__init__.py"):
            if (repository_root() / candidate).exists():
                return candidate
        return None
    for suffix in (".md", ".rst"):
        if (Path(srcdir) / (pagename + suffix)).exists():
            return f"docs/{pagename}{suffix}"
    return None


def add_source_path(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    path = source_path(app.srcdir, pagename)
    if path is not None:
        context["cnn_source_path"] = path


def write_robots(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    base = app.config.html_baseurl
    (Path(app.outdir) / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n", encoding="utf-8"
    )


def setup(app):
    app.setup_extension("gallery_pages")
    app.connect("html-page-context", add_source_path)
    app.connect("build-finished", write_robots)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
