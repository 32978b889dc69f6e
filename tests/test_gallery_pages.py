r"""docs/_ext/gallery_pages.py: Sphinx-Gallery 페이지의 구조와, 예제 페이지를 고치는 한 단계.

Sphinx-Gallery 0.22가 만드는 모양의 reST로 확인합니다(텐서플로 없이 몇 초). 진짜로 빌드한 페이지의
확인은 ``tests/test_docs_build.py``\ 에 있습니다.
"""

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

import gallery_pages  # noqa: E402
from gallery_pages import change_page, page_kind, translate_text  # noqa: E402

from cnn_vision.assets import standin  # noqa: E402

pytestmark = pytest.mark.unit

CONFIG = SimpleNamespace(cnn_repository="owner/repo", cnn_source_ref="abc123", cnn_notebook_branch="notebooks")
EXAMPLE = "auto_examples/01_convolution/plot_x"

GENERATED = """
        :ref:`Go to the end <sphx_glr_download_auto_examples_x.py>`
        to download the full example code.

.. rst-class:: sphx-glr-timing

   **Total running time of the script:** (1 minutes 2.500 seconds)

      :download:`Download Jupyter notebook: x.ipynb <x.ipynb>`
      :download:`Download Python source code: x.py <x.py>`
      :download:`Download zipped: x.zip <x.zip>`
"""


def test_gallery_page_strings_become_korean():
    text, problems = change_page(EXAMPLE, GENERATED, CONFIG)
    assert [kind for kind, _message in problems] == ["colab"]  # 이 조각에는 맨 위 안내가 없습니다
    assert "Download" not in text and "Total running" not in text and "Go to the end" not in text
    assert "(1분 2.500초)" in text
    assert ":download:`주피터 노트북 내려받기: x.ipynb <x.ipynb>`" in text
    assert ":ref:`맨 아래 <sphx_glr_download_auto_examples_x.py>`" in text


def test_other_pages_are_left_alone():
    assert change_page("index", GENERATED, CONFIG) == (GENERATED, [])
    assert change_page("api/generated/cnn_vision.plotting", GENERATED, CONFIG) == (GENERATED, [])


def test_a_changed_sphinx_gallery_string_is_reported_missing_and_left_over():
    changed = GENERATED.replace("Download zipped: ", "Download as zip: ")
    _text, missing, leftover = translate_text(changed, "example")
    assert missing == {"download_zip"}
    assert leftover == {"Download"}


def test_page_kinds_and_their_source_files():
    assert gallery_pages.source_file("auto_examples/01_convolution/plot_02_conv_layer") == \
        "examples/01_convolution/plot_02_conv_layer.py"
    assert gallery_pages.source_file("auto_examples/01_convolution/index") == \
        "examples/01_convolution/GALLERY_HEADER.rst"
    assert gallery_pages.source_file("auto_examples/index") == "examples/GALLERY_HEADER.rst"
    assert gallery_pages.source_file("data") is None
    assert page_kind("auto_examples/index") == "gallery_root"
    assert page_kind("auto_examples/01_convolution/index") == "subgallery"
    assert page_kind("auto_examples/01_convolution/plot_02_conv_layer") == "example"
    assert page_kind("sg_execution_times") == "times"
    assert page_kind("api/index") is None


def test_thumbnail_tooltips_lose_rest_escapes():
    text = '<div class="sphx-glr-thumbcontainer" tooltip="함수 tf.nn.conv2d()\\ 로 직접 해 봅니다.">'
    translated, _missing, _leftover = translate_text(text, "subgallery")
    assert 'tooltip="함수 tf.nn.conv2d()로 직접 해 봅니다."' in translated


def test_running_time_is_required_only_where_the_page_has_a_timing_line():
    head, tail = GENERATED.split(".. rst-class:: sphx-glr-timing")
    without_timing = head + tail.split("seconds)", 1)[1]
    assert translate_text(without_timing, "example")[1] == set()
    changed = GENERATED.replace("Total running time of the script", "Total time")
    assert translate_text(changed, "example")[1] == {"running_time"}


def test_code_blocks_left_empty_by_removed_config_comments_are_dropped():
    generated = (
        ".. GENERATED FROM PYTHON SOURCE LINES 11-13\n\n.. code-block:: Python\n   :dedent: 1\n\n\n\n\n"
        ".. GENERATED FROM PYTHON SOURCE LINES 14-20\n\n.. code-block:: Python\n\n    x = 1\n\n\n"
        ".. GENERATED FROM PYTHON SOURCE LINES 21-22\n"
    )
    text = translate_text(generated, "subgallery")[0]
    assert text.count(".. code-block:: Python") == 1 and "x = 1" in text


# -- 예제 페이지 전체: Sphinx-Gallery 0.22가 만드는 모양 ------------------------------------------------

def notice(what: str) -> str:
    return standin.standin_notice(missing=what, reason="인터넷이 없습니다", location="/캐시/파일",
                                    fetch="weights", standin="무작위 가중치", label="[가짜] ")


def output_block(*lines: str) -> str:
    body = "\n".join(f"    {line}" if line else "" for line in lines)
    return f".. rst-class:: sphx-glr-script-out\n\n .. code-block:: none\n\n{body}\n\n\n\n|\n\n"


TOP_NOTE = (
    "\n.. only:: html\n\n    .. note::\n        :class: sphx-glr-download-link-note\n\n"
    "        :ref:`Go to the end <sphx_glr_download_auto_examples_x_plot_x.py>`\n"
    "        to download the full example code.\n\n"
    ".. rst-class:: sphx-glr-example-title\n\n"
)
FOOTER = (
    "\n.. rst-class:: sphx-glr-timing\n\n   **Total running time of the script:** (0 minutes 1.500 seconds)\n\n\n"
    ".. _sphx_glr_download_auto_examples_x_plot_x.py:\n\n.. only:: html\n\n"
    "  .. container:: sphx-glr-footer sphx-glr-footer-example\n\n"
    "    .. container:: sphx-glr-download sphx-glr-download-jupyter\n\n"
    "      :download:`Download Jupyter notebook: plot_x.ipynb <plot_x.ipynb>`\n\n"
    "    .. container:: sphx-glr-download sphx-glr-download-python\n\n"
    "      :download:`Download Python source code: plot_x.py <plot_x.py>`\n\n"
    "    .. container:: sphx-glr-download sphx-glr-download-zip\n\n"
    "      :download:`Download zipped: plot_x.zip <plot_x.zip>`\n"
)


def page(*outputs: str) -> str:
    parts = [
        TOP_NOTE,
        ".. _sphx_glr_auto_examples_x_plot_x.py:\n\n",
        "=====\n제목\n=====\n\n소개 문단입니다.\n\n",
        ".. GENERATED FROM PYTHON SOURCE LINES 1-5\n\n.. code-block:: Python\n\n    print(1)\n\n\n",
    ]
    for output in outputs:
        parts.append(output)
        parts.append("다음 셀의 설명입니다.\n\n")
    parts.append(FOOTER)
    return "".join(parts)


def test_whole_example_page_changes_in_order_korean_notice_then_colab():
    text, problems = change_page(EXAMPLE, page(output_block(*notice("가중치 A").splitlines(), "숫자 1")), CONFIG)
    assert problems == []
    # 1. 한국어 문구
    assert "Download" not in text and "맨 아래" in text and "(0분 1.500초)" in text
    # 2. 대체물 알림: 제목 바로 아래 상자 하나, 출력에는 나머지만
    title_end = text.index("=====\n제목\n=====\n") + len("=====\n제목\n=====\n")
    box = text.index(".. admonition:: " + gallery_pages.ADMONITION_TITLE)
    assert title_end <= box < text.index("소개 문단입니다")
    assert "    숫자 1" in text and text.count(standin.NOTICE_MARKER) == 1
    # 3. 코랩: 맨 위 안내(이미 한국어가 된 안내) 안과 맨 아래 노트북 줄 다음
    url = "https://colab.research.google.com/github/owner/repo/blob/notebooks/" + EXAMPLE + ".ipynb"
    top = text.index(f"`{gallery_pages.COLAB_TOP} <{url}>`__")
    assert text.index("전체 예제 코드를 내려받을 수 있습니다.") < top < text.index("제목")
    bottom = text.index(f"`{gallery_pages.COLAB_BOTTOM} <{url}>`__")
    assert text.index("주피터 노트북 내려받기") < bottom
    assert "``git+https://github.com/owner/repo@abc123``" in text


def test_several_notices_in_several_cells_become_one_box_and_duplicates_are_dropped():
    text = page(output_block(*notice("A").splitlines()),
                output_block("첫 줄", *notice("B").splitlines(), *notice("A").splitlines()))
    result = gallery_pages.move_notices_to_top(text)
    assert result.count(".. admonition::") == 1
    assert result.count("없는 것: A") == 1 and result.count("없는 것: B") == 1
    assert result.index("없는 것: A") < result.index("없는 것: B")
    # 알림만 있던 첫 출력 블록은 블록째 사라지고, 두 번째 블록에는 "첫 줄"만 남습니다.
    assert result.count("sphx-glr-script-out") == 1 and "    첫 줄" in result


def test_page_without_notices_is_left_exactly_as_it_was():
    text = page(output_block("숫자 1", "숫자 2"))
    assert gallery_pages.move_notices_to_top(text) == text


def test_a_marker_without_its_end_line_is_not_touched():
    text = page(output_block(f"{standin.NOTICE_MARKER} 끝이 없는 줄", "다른 출력"))
    assert gallery_pages.move_notices_to_top(text) == text


def test_notices_are_moved_only_on_example_pages():
    text = page(output_block(*notice("A").splitlines()))
    assert ".. admonition::" not in change_page("auto_examples/01_convolution/index", text, CONFIG)[0]
    assert ".. admonition::" in change_page(EXAMPLE, text, CONFIG)[0]


@pytest.mark.parametrize("marker", [gallery_pages.NOTICE_MARKER, gallery_pages.NOTICE_END])
def test_pages_use_the_library_markers(marker):
    assert marker in (standin.NOTICE_MARKER, standin.NOTICE_END)


def test_missing_places_for_colab_links_are_reported():
    broken = page().replace("sphx-glr-download-jupyter", "sphx-glr-download-notebook")
    _text, problems = change_page(EXAMPLE, broken, CONFIG)
    assert ("colab", problems[-1][1]) == problems[-1] and "노트북 내려받기 줄" in problems[-1][1]


# -- 버전, 예제 파일, 만들어진 reST에서 읽는 사실 ---------------------------------------------------------

def test_an_unchecked_sphinx_gallery_version_stops_the_build():
    from sphinx.errors import ExtensionError

    gallery_pages.check_sphinx_gallery_version("0.22.1")
    for version in ("0.21.9", "0.23.0", "1.0.0"):
        with pytest.raises(ExtensionError, match=version):
            gallery_pages.check_sphinx_gallery_version(version)


def test_installed_sphinx_gallery_is_the_checked_version():
    import sphinx_gallery

    assert sphinx_gallery.__version__ in gallery_pages.SUPPORTED_SPHINX_GALLERY


def test_example_scripts_and_their_documents(tmp_path):
    for name in ("02_b/plot_02_y.py", "01_a/plot_01_x.py", "01_a/helper.py", "plot_top.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    scripts = gallery_pages.example_scripts(tmp_path)
    assert [path.relative_to(tmp_path).as_posix() for path in scripts] == ["01_a/plot_01_x.py", "02_b/plot_02_y.py"]
    assert gallery_pages.example_docname(scripts[0], tmp_path) == "auto_examples/01_a/plot_01_x"
    assert all(gallery_pages.is_example(gallery_pages.example_docname(path, tmp_path)) for path in scripts)


def test_example_file_names_are_unique_across_topics():
    scripts = gallery_pages.example_scripts(Path(__file__).resolve().parents[1] / "examples")
    names = [path.name for path in scripts]
    assert len(names) == len(set(names)) > 0


def test_generated_file_is_found_by_name_and_duplicates_are_an_error(tmp_path):
    from sphinx.errors import ExtensionError

    (tmp_path / "01_a").mkdir()
    (tmp_path / "01_a" / "plot_x.rst").write_text("", encoding="utf-8")
    assert gallery_pages.generated_file(tmp_path, "plot_x.py", ".rst") == tmp_path / "01_a" / "plot_x.rst"
    (tmp_path / "02_b").mkdir()
    (tmp_path / "02_b" / "plot_x.rst").write_text("", encoding="utf-8")
    with pytest.raises(ExtensionError, match="2개"):
        gallery_pages.generated_file(tmp_path, "plot_x.py", ".rst")


def test_traceback_and_figures_are_read_from_generated_rest():
    failing = page(
        ".. rst-class:: sphx-glr-script-out\n\n.. code-block:: pytb\n\n"
        "    Traceback (most recent call last):\n      File \"plot_x.py\", line 3, in <module>\n"
        "        1 / 0\n    ZeroDivisionError: division by zero\n\n\n\n"
    )
    assert gallery_pages.traceback_in(failing) == (
        'Traceback (most recent call last):\n  File "plot_x.py", line 3, in <module>\n'
        "    1 / 0\nZeroDivisionError: division by zero")
    assert gallery_pages.traceback_in(page(output_block("숫자 1"))) is None
    figures = (
        ".. image-sg:: /auto_examples/x/images/sphx_glr_plot_x_001.png\n   :alt: 그림\n\n"
        ".. rst-class:: sphx-glr-horizontal\n\n\n    *\n\n"
        "      .. image-sg:: /auto_examples/x/images/sphx_glr_plot_x_002.png\n\n"
        "    *\n\n      .. image-sg:: /auto_examples/x/images/sphx_glr_plot_x_003.png\n\n"
        ".. image-sg:: /auto_examples/x/images/sphx_glr_plot_other_001.png\n"
    )
    assert gallery_pages.figure_count(figures, "plot_x") == 3
    assert gallery_pages.figure_count(figures, "plot_other") == 1
