"""한국어 검색 언어(docs/_ext/korean_search.py)의 분석 결과를 브라우저 없이 빠르게 확인합니다.

색인 쪽 ``split``/``stem``\\ 이 조사·어미를 떼고 명사와 어간, 합성어를 남기는지, 영문·코드 낱말은
Sphinx 영어 검색과 같은 규칙으로 줄이는지 봅니다. 브라우저에서의 검색은 test_search_browser.py가
확인합니다.
"""

import os
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

try:
    import kiwipiepy  # noqa: F401
except ImportError:  # CI에서는 docs 의존성이 꼭 있어야 하므로 건너뛰지 않고 실패합니다.
    if os.environ.get("CI"):
        raise
    pytest.skip("kiwipiepy가 없습니다: pip install -e '.[docs]'", allow_module_level=True)

import korean_search  # noqa: E402


@pytest.fixture(scope="module")
def korean():
    return korean_search.SearchKorean({})


def indexed(language, text: str) -> set[str]:
    """Sphinx의 IndexBuilder.feed와 같은 순서(split → stem → 소문자 → word_filter)로 색인 낱말을 만듭니다."""
    words = set()
    for word in language.split(text):
        stemmed = language.stem(word).lower()
        if language.word_filter(stemmed):
            words.add(stemmed)
    return words


@pytest.mark.parametrize(
    ("sentence", "expected", "absent"),
    [
        ("가중치를 학습했습니다.", {"가중치", "학습"}, {"가중치를", "가중", "치", "를"}),
        (
            "스트라이드가 2인 합성곱 층의 출력",
            {"스트라이드", "합성곱", "층", "출력"},
            {"스트라이드가", "층의", "합성"},
        ),
        ("특성 맵이 작아집니다.", {"특성", "맵", "작"}, {"맵이", "이"}),
        (
            "데이터셋으로 풀링 층을 훈련합니다",
            {"데이터셋", "풀링", "층", "훈련"},
            {"데이터", "셋", "풀", "링", "하"},
        ),
        (
            "모델을 에포크마다 검증 세트로 평가합니다",
            {"모델", "에포크", "검증", "세트", "평가"},
            {"모델을", "마다"},
        ),
        ("전이 학습으로 미세 튜닝한 모델", {"전이", "학습", "미세", "튜닝", "모델"}, {"학습으로", "튜닝한"}),
        # Grad-CAM 페이지의 제목: 사용자 단어가 없으면 Kiwi가 "이미지의"를 이 + 미지로 읽습니다.
        ("Grad-CAM: CNN은 이미지의 어디를 보았을까", {"이미지", "cnn"}, {"미지"}),
    ],
)
def test_split_keeps_nouns_and_stems_and_drops_particles(korean, sentence, expected, absent):
    words = indexed(korean, sentence)
    assert expected <= words, f"{sentence!r} → {sorted(words)}: 빠진 낱말 {sorted(expected - words)}"
    assert not (absent & words), f"{sentence!r} → {sorted(words)}: 색인되면 안 되는 {sorted(absent & words)}"


@pytest.mark.parametrize(
    ("sentence", "whole", "parts"),
    [
        ("합성곱층을 쌓습니다", "합성곱층", {"합성곱", "층"}),
        ("최대풀링층과 전역 평균 풀링", "최대풀링층", {"최대", "풀링", "층", "전역", "평균"}),
        ("전이학습으로 미세튜닝한 모델", "전이학습", {"전이", "학습", "미세", "튜닝"}),
    ],
)
def test_compounds_are_indexed_whole_and_in_parts(korean, sentence, whole, parts):
    words = indexed(korean, sentence)
    assert whole in words and parts <= words, f"{sentence!r} → {sorted(words)}"


def test_chapter_terms_stay_one_morpheme(korean):
    """장의 용어는 사용자 단어라서 혼자 있을 때 쪼개지지 않고, 조사가 붙어도 그 모양으로 색인됩니다."""
    for term in korean_search.CHAPTER_TERMS:
        assert term in indexed(korean, f"{term}를 봅니다"), term
        assert term in indexed(korean, f"이 {term}은 중요합니다"), term


def test_particle_attached_to_code_is_not_indexed(korean):
    """``Conv2D``\\ 를 처럼 인라인 코드 뒤의 조사나 영문에 붙은 조사가 엉뚱한 형태소("르")가 되지 않습니다."""
    words = indexed(korean, "MNIST를 케라스 캐시에 받아 둡니다.")
    words |= indexed(korean, "를 실제 층의 출력과 비교합니다")
    assert {"mnist", "케라스", "캐시", "층", "출력"} <= words, sorted(words)
    assert not ({"르", "를", "캐시에"} & words), sorted(words)


def test_code_terms_use_the_english_rules(korean):
    words = indexed(korean, "Conv2D를 쓰고 tf.data로 만든 파이프라인에 MaxPool2D(pool_size=2) 층을 둡니다.")
    assert {"conv2d", "tf", "data", "maxpool2d", "파이프라인", "층"} <= words, sorted(words)
    english = __import__("snowballstemmer").stemmer("english")
    assert korean.stem("layers") == english.stemWord("layers") == "layer"
    assert "the" not in indexed(korean, "the layers")


def test_stopwords_and_numbers_are_not_indexed(korean):
    words = indexed(korean, "합성곱 층이 있습니다. 32개의 필터를 사용했습니다")
    assert "있" not in words and "32" not in words and "하" not in words
    assert {"합성곱", "층", "필터", "사용"} <= words


def test_user_words_from_options_and_glossary():
    """html_search_options의 user_words와 용어집의 한글 낱말이 Kiwi 사용자 단어가 됩니다.

    (사용자 단어가 분석을 바꾸는지는 위의 장 용어 검사가 봅니다. 여기서는 새 Kiwi를 만들지 않습니다.)
    """
    custom = korean_search.SearchKorean({"user_words": "가나다라마, 바사아"})
    assert {"가나다라마", "바사아"} <= custom.user_words
    assert set(korean_search.CHAPTER_TERMS) <= custom.user_words
    words = korean_search.hangul_words("합성곱 층 (convolutional layer), 제로 패딩")
    assert words == {"합성곱", "제로", "패딩"}
    # 활용형은 명사로 등록하지 않습니다("훈련된"을 명사로 알면 "훈련"이 색인되지 않습니다).
    assert korean_search.hangul_words("사전 훈련된 모델") == {"사전", "모델"}


def test_english_words_use_sphinx_english_stopwords_and_stemmer_file(korean):
    from sphinx.search.en import SearchEnglish

    assert set(SearchEnglish.stopwords) <= korean.stopwords
    assert korean_search.KOREAN_STOPWORDS <= korean.stopwords
    # 브라우저 쪽 영어 어간 추출기는 Sphinx가 자기 파일에서 넣습니다(우리는 이름만 빌립니다).
    assert korean.js_stemmer_rawcode == SearchEnglish.js_stemmer_rawcode != ""
    assert "var KoreanSearch" in korean.js_splitter_code
    assert korean.js_splitter_code.rstrip().endswith("var splitQuery = KoreanSearch.splitQuery;")


def test_tiny_site_gets_a_korean_index(tmp_path):
    """확장을 켠 작은 사이트(예제 없이 몇 초)를 빌드해, 색인이 조사 없는 형태소를 담고
    language_data.js가 질의 쪽 코드를 싣고, 용어집의 한글 낱말이 사용자 단어가 되는지 봅니다.
    (용어집 낱말이 더해져 Kiwi를 한 번 더 만듭니다: 조용한 2코어에서 약 2초.)"""
    import json

    from sphinx.cmd.build import build_main

    source = tmp_path / "src"
    source.mkdir()
    ext = Path(korean_search.__file__).parent
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ext)!r})\n"
        "extensions = ['korean_search']\nlanguage = 'ko'\nhtml_search_language = 'ko'\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text(
        "합성곱\n======\n\n"
        "합성곱층을 쌓으면 가중치를 학습합니다. ``Conv2D``\\ 를 씁니다.\n\n"
        "새 출력층을 붙입니다.\n\n"
        ".. glossary::\n\n   출력층 (output layer)\n      마지막 층입니다.\n\n"
        "   사전 훈련된 모델\n      다른 데이터로 미리 훈련한 모델입니다.\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    try:
        assert build_main(["-W", "-q", "-b", "html", str(source), str(out)]) == 0
        glossary = set(korean_search._glossary_words)
    finally:
        korean_search._glossary_words.clear()  # 다른 테스트의 SearchKorean에 섞이지 않게
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[len("Search.setIndex(") : -1])
    terms = set(index["terms"]) | set(index["titleterms"])
    assert {"합성곱층", "합성곱", "층", "가중치", "학습", "conv2d", "출력층", "출력", "훈련", "모델"} <= terms
    assert not {"가중치를", "합성곱층을", "르", "를"} & terms
    # 용어집 항목의 한글 낱말이 사용자 단어로 모였고(활용형 "훈련된"은 빼고), 합성어 "출력층"은
    # 통째로도 조각(출력, 층)으로도 색인되었습니다.
    assert glossary == {"출력층", "사전", "모델"}
    language_data = (out / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "var KoreanSearch" in language_data and "var splitQuery = KoreanSearch.splitQuery" in language_data
    assert "EnglishStemmer" in language_data  # Sphinx가 넣은 영어 어간 추출기
    check_language_data_in_node(language_data, text)


def check_language_data_in_node(language_data: str, search_index: str) -> None:
    """node가 있으면 language_data.js를 실제로 실행해, 한글은 그대로 두고 영어는 어간을 줄이는
    Stemmer와 조사를 떼는 splitQuery가 생기는지 봅니다(Sphinx가 붙이는 "Stemmer = KoreanStemmer" 포함)."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        return
    script = (
        "var window = globalThis;\nvar Search = {setIndex(index) { this._index = index; }};\n"
        + search_index + "\n" + language_data + "\n"
        "const s = new Stemmer();\n"
        "console.log(JSON.stringify([s.stemWord('layers'), s.stemWord('가중치'), splitQuery('가중치를 합성곱')]));\n"
    )
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    stemmed_english, korean_word, pieces = __import__("json").loads(result.stdout)
    assert stemmed_english == "layer" and korean_word == "가중치"
    assert "가중치를" not in pieces and pieces
