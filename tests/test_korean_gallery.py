"""docs/_ext/korean_gallery.py: Sphinx-Gallery의 영어 문구를 한국어로 바꾸고, 못 바꾸면 알립니다."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

from korean_gallery import page_kind, translate_gallery_strings, translate_text  # noqa: E402

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
    source = [GENERATED]
    translate_gallery_strings(None, "auto_examples/01_convolution/plot_x", source)
    text = source[0]
    assert "Download" not in text and "Total running" not in text and "Go to the end" not in text
    assert "(1분 2.500초)" in text
    assert ":download:`주피터 노트북 내려받기: x.ipynb <x.ipynb>`" in text
    assert ":ref:`맨 아래 <sphx_glr_download_auto_examples_x.py>`" in text


def test_other_pages_are_left_alone():
    source = [GENERATED]
    translate_gallery_strings(None, "index", source)
    assert source[0] == GENERATED


def test_a_changed_sphinx_gallery_string_is_reported_missing_and_left_over():
    changed = GENERATED.replace("Download zipped: ", "Download as zip: ")
    _text, missing, leftover = translate_text(changed, "example")
    assert missing == {"download_zip"}
    assert leftover == {"Download"}


def test_page_kinds():
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
