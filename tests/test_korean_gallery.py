"""docs/_ext/korean_gallery.py: Sphinx-Gallery의 영어 문구를 한국어로 바꾸는지 확인합니다."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

from korean_gallery import translate_gallery_strings  # noqa: E402

GENERATED = """
        :ref:`Go to the end <sphx_glr_download_auto_examples_x.py>`
        to download the full example code.

**Total running time of the script:** (1 minutes 2.500 seconds)

      :download:`Download Jupyter notebook: x.ipynb <x.ipynb>`
      :download:`Download Python source code: x.py <x.py>`
"""


def test_gallery_page_strings_become_korean():
    source = [GENERATED]
    translate_gallery_strings(None, "auto_examples/01_convolution/x", source)
    text = source[0]
    assert "Download" not in text and "Total running" not in text and "Go to the end" not in text
    assert "(1분 2.500초)" in text
    assert ":download:`주피터 노트북 내려받기: x.ipynb <x.ipynb>`" in text
    assert ":ref:`맨 아래 <sphx_glr_download_auto_examples_x.py>`" in text


def test_other_pages_are_left_alone():
    source = [GENERATED]
    translate_gallery_strings(None, "index", source)
    assert source[0] == GENERATED
