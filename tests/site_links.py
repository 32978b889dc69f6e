"""만들어진 사이트의 내부 링크와 앵커를 네트워크 없이 확인합니다(tests/test_site_static.py).

사이트 안을 가리키는 모든 주소(``a[href]``, ``img[src]``, ``script[src]``, ``link[href]``)가 있는 파일을
가리키는지, ``#앵커``\\ 가 그 페이지에 있는 ``id``\\ (또는 ``name``)인지 봅니다. 바깥 주소(http, https,
mailto 등)는 여기서 보지 않습니다: 예약 워크플로가 Sphinx의 linkcheck로 봅니다(.github/workflows/site-watch.yml).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: 링크로 따지지 않는 주소의 앞부분
EXTERNAL_SCHEMES = ("http:", "https:", "mailto:", "ftp:", "javascript:", "data:", "tel:")
#: 주소를 담는 (태그, 속성)
URL_ATTRIBUTES = {("a", "href"), ("img", "src"), ("script", "src"), ("link", "href"), ("source", "src")}
#: 페이지가 아닌 HTML이 있는 폴더(테마가 _static에 복사하는 템플릿 조각 등)
NOT_PAGES = {"_static", "_sources", "_downloads", "_images"}
#: 사이트 밖을 가리키는 것으로 보는 link[rel] 값(검색 엔진용 정식 주소 등)
EXTERNAL_RELS = {"canonical", "alternate", "preconnect", "dns-prefetch"}


@dataclass
class Page:
    """HTML 한 쪽에서 모은 id와 주소."""

    ids: set[str] = field(default_factory=set)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (태그.속성, 주소)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.page.ids.add(values[name])
        if tag == "link" and EXTERNAL_RELS & set((values.get("rel") or "").split()):
            return
        for attribute in ("href", "src"):
            url = values.get(attribute)
            if (tag, attribute) in URL_ATTRIBUTES and url is not None:
                self.page.urls.append((f"{tag}.{attribute}", url))


def read_page(path: Path) -> Page:
    """HTML 파일에서 id와 주소를 모읍니다."""
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


def _target(site: Path, page: Path, path: str, site_prefix: str) -> Path:
    if path.startswith("/"):
        # 404 페이지처럼 사이트 경로(예: /cnn-vision-ko/)로 시작하는 절대 주소
        relative = path[len(site_prefix):] if path.startswith(site_prefix) else None
        return site / relative if relative is not None else site / "__사이트 밖__" / path.lstrip("/")
    return (page.parent / path).resolve()


def broken_links(site: Path, site_prefix: str = "/") -> list[str]:
    """사이트 안의 깨진 링크와 앵커를 ``"페이지: 태그.속성 주소 (이유)"`` 꼴로 돌려줍니다.

    Parameters
    ----------
    site : pathlib.Path
        만들어진 HTML 폴더.
    site_prefix : str
        사이트가 올라가는 경로(예: ``"/cnn-vision-ko/"``). 이것으로 시작하는 절대 주소는 사이트 안입니다.

    Returns
    -------
    list of str
        문제마다 한 줄. 없으면 빈 목록.

    Raises
    ------
    NotADirectoryError
        ``site``\\ 가 폴더가 아닐 때.
    """
    site = Path(site).resolve()
    if not site.is_dir():
        raise NotADirectoryError(f"사이트 폴더가 아닙니다: {site}")
    pages = {path.resolve(): read_page(path) for path in sorted(site.rglob("*.html"))
             if path.relative_to(site).parts[0] not in NOT_PAGES}
    problems = []
    for path, page in pages.items():
        name = path.relative_to(site).as_posix()
        for where, url in page.urls:
            if not url or url.lower().startswith(EXTERNAL_SCHEMES) or url.startswith("//"):
                continue
            parts = urlsplit(url)
            if parts.scheme:
                continue
            target = path if not parts.path else _target(site, path, unquote(parts.path), site_prefix)
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{name}: {where} {url} (파일 없음)")
                continue
            if site not in target.parents and target != site:
                problems.append(f"{name}: {where} {url} (사이트 밖)")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                anchors = pages.get(target) or read_page(target)
                if fragment not in anchors.ids:
                    problems.append(f"{name}: {where} {url} (앵커 #{fragment} 없음)")
    return problems
