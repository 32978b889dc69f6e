r"""페이지마다 빌드 정보(실행 프로필, 텐서플로·케라스 버전, 장치, 날짜)를 템플릿 문맥에 넣는 Sphinx 확장.

``_templates/build-info.html``\ 이 페이지 아래에 보입니다.

- 예제 페이지: 그 예제를 마지막으로 실행했을 때의 정보(:mod:`example_runs` 의 실행 기록). Sphinx-Gallery는
  바뀌지 않은 예제를 다시 실행하지 않으므로, 페이지의 결과와 빌드 정보는 언제나 같은 실행의 것입니다.
- 그 밖의 페이지: 이번 빌드의 정보(빌드마다 한 번 만듭니다).
"""

from __future__ import annotations

from example_runs import current_build_info, read_record
from gallery_pages import is_example


class BuildInfo:
    """이번 빌드의 정보를 한 번만 만들어 두고 페이지 문맥에 넣습니다."""

    def __init__(self) -> None:
        self.site: dict[str, str] | None = None

    def add_to_context(self, app, pagename: str, templatename: str, context: dict, doctree) -> None:
        record = read_record(app.srcdir, pagename) if is_example(pagename) else None
        if record is not None:
            info = dict(record["build"], scope="example")
        else:
            if self.site is None:
                self.site = current_build_info()
            info = dict(self.site, scope="site")
        context["cnn_build_info"] = info


def setup(app):
    app.setup_extension("example_runs")
    app.connect("html-page-context", BuildInfo().add_to_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
