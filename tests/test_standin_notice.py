"""docs/_ext/standin_notice.py: 출력 속의 대체물 알림을 페이지 맨 위 알림 상자 하나로 옮기는지.

Sphinx-Gallery 0.22가 만드는 모양의 reST(제목, 코드 블록, 출력 블록)로 확인합니다. 진짜로 빌드한
페이지의 확인은 ``tests/test_docs_build.py``\\ 에 있습니다(smoke 사이트는 오프라인이라 대체물을 씀).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from cnn_vision.assets import standin
from test_docs_build import STANDIN_PAGES

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext" / "standin_notice.py"
spec = importlib.util.spec_from_file_location("standin_notice", EXT)
standin_notice = importlib.util.module_from_spec(spec)
sys.modules.setdefault("standin_notice", standin_notice)
spec.loader.exec_module(standin_notice)


def notice(what: str) -> str:
    return standin.standin_notice(missing=what, reason="인터넷이 없습니다", location="/캐시/파일",
                                    fetch="weights", standin="무작위 가중치", label="[가짜] ")


def output_block(*lines: str) -> str:
    body = "\n".join(f"    {line}" if line else "" for line in lines)
    return f".. rst-class:: sphx-glr-script-out\n\n .. code-block:: none\n\n{body}\n\n\n\n|\n\n"


def page(*outputs: str) -> str:
    parts = [
        ".. _sphx_glr_auto_examples_x_plot_x.py:\n\n",
        "=====\n제목\n=====\n\n소개 문단입니다.\n\n",
        ".. GENERATED FROM PYTHON SOURCE LINES 1-5\n\n.. code-block:: Python\n\n    print(1)\n\n\n",
    ]
    for output in outputs:
        parts.append(output)
        parts.append("다음 셀의 설명입니다.\n\n")
    return "".join(parts)


def test_notice_block_made_by_the_library_round_trips_through_the_extension():
    text = page(output_block(*notice("가중치 A").splitlines(), "실행 프로필: smoke"))
    result = standin_notice.move_notices_to_top(text)
    title_end = result.index("=====\n제목\n=====\n") + len("=====\n제목\n=====\n")
    box = result.index(".. admonition:: " + standin_notice.ADMONITION_TITLE)
    assert box >= title_end and box < result.index("소개 문단입니다")
    assert result.count(standin.NOTICE_MARKER) == 1  # 출력 블록에서는 빠졌습니다
    assert standin.NOTICE_END not in result
    assert "      [대체물 알림] 없는 것: 가중치 A" in result  # 상자 안의 코드 블록
    assert "    실행 프로필: smoke" in result  # 출력의 나머지는 그대로


def test_several_notices_in_several_cells_become_one_box_and_duplicates_are_dropped():
    text = page(output_block(*notice("A").splitlines()),
                output_block("첫 줄", *notice("B").splitlines(), *notice("A").splitlines()))
    result = standin_notice.move_notices_to_top(text)
    assert result.count(".. admonition::") == 1
    assert result.count("없는 것: A") == 1 and result.count("없는 것: B") == 1
    assert result.index("없는 것: A") < result.index("없는 것: B")
    # 알림만 있던 첫 출력 블록은 블록째 사라지고, 두 번째 블록에는 "첫 줄"만 남습니다.
    assert result.count("sphx-glr-script-out") == 1 and "    첫 줄" in result


def test_page_without_notices_is_left_exactly_as_it_was():
    text = page(output_block("숫자 1", "숫자 2"))
    assert standin_notice.move_notices_to_top(text) == text


def test_a_marker_without_its_end_line_is_not_touched():
    text = page(output_block(f"{standin.NOTICE_MARKER} 끝이 없는 줄", "다른 출력"))
    assert standin_notice.move_notices_to_top(text) == text


def test_only_gallery_pages_are_changed():
    source = [page(output_block(*notice("A").splitlines()))]
    standin_notice._on_source_read(None, "data", source)
    assert ".. admonition::" not in source[0]
    standin_notice._on_source_read(None, "auto_examples/04_pretrained/plot_01_resnet50", source)
    assert ".. admonition::" in source[0]


@pytest.mark.parametrize("marker", [standin_notice.NOTICE_MARKER, standin_notice.NOTICE_END])
def test_extension_uses_the_library_markers(marker):
    assert marker in (standin.NOTICE_MARKER, standin.NOTICE_END)


# -- 예제 페이지: 대체물 알림이 스크립트의 첫 출력인지 ------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LOADER_CALL = re.compile(
    r"\b(?:flowers\.load_tf_flowers|pretrained\.imagenet_weights|pretrained\.imagenet_class_index|"
    r"mnist\.load_mnist)\("
)
OUTPUT_CALL = re.compile(r"^\s*(?:print|plt\.show|display)\(|\.plot_|\.summary\(", re.M)


def test_the_list_of_standin_pages_matches_the_loader_calls_in_the_examples():
    found = {str(path.relative_to(EXAMPLES).with_suffix(""))
             for path in EXAMPLES.glob("*/plot_*.py") if LOADER_CALL.search(path.read_text())}
    assert found == set(STANDIN_PAGES)


@pytest.mark.parametrize("page", sorted(STANDIN_PAGES))
def test_every_loader_call_comes_before_the_first_output(page):
    code = (EXAMPLES / f"{page}.py").read_text(encoding="utf-8")
    body = code.split('"""', 2)[2]  # 페이지 설명(독스트링) 뒤
    last_loader = max(match.end() for match in LOADER_CALL.finditer(body))
    first_output = OUTPUT_CALL.search(body)
    assert first_output is not None and last_loader < first_output.start(), page
