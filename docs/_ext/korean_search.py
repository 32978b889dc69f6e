r"""한국어 검색 언어: 형태소 분석기(Kiwi)로 검색 색인을 만드는 Sphinx 확장.

Sphinx에는 한국어 검색 언어가 없어서 ``language = "ko"``\ 인 사이트의 색인은 영어 규칙으로
만들어집니다. 그러면 "가중치를"이 한 낱말로 색인되어, "가중치"로 찾으면 조사가 붙은 페이지를
놓칩니다. 이 확장은 Sphinx의 중국어(jieba)·일본어 검색 언어와 같은 방식으로 한국어 형태소 분석기
`kiwipiepy <https://github.com/bab2min/kiwipiepy>`_\ 를 끼웁니다.

색인 쪽(파이썬)
    글의 형태소 가운데 명사(NNG, NNP, NR, XR, 한자, 명사 파생 접미사)와 동사·형용사의 어간을
    색인합니다. 조사와 어미는 색인하지 않습니다. 어절 안에서 명사가 이어지면(합성곱층, 데이터셋)
    이어진 모양 그대로도 색인합니다. 이 장의 용어(:data:`CHAPTER_TERMS`), 설정값
    ``korean_search_user_words``, 용어집(``glossary`` 지시어)의 한글 낱말은 Kiwi에 사용자
    단어로 알려 주어, "풀링"이 "풀+링"으로, "가중치"가 "가중+치"로 쪼개지지 않게 합니다.
    영문·코드 낱말(``Conv2D``, ``tf.data``)은 Sphinx의 영어 검색과 같은 규칙(snowball
    어간 추출)으로 색인합니다.

질의 쪽(브라우저)
    ``docs/_static/korean_search.js``\ 가 질의를 나눕니다. 한글 낱말은 색인에 있는 모양이 나올
    때까지 끝의 조사·어미를 떼고("가중치를" → "가중치"), 그래도 없으면 색인의 낱말로 쪼갭니다
    ("최대풀링" → "최대" + "풀링"). 영문 낱말은 Sphinx의 영어 어간 추출기를 그대로 씁니다.

사용법: ``extensions``\ 에 ``"korean_search"``\ 를 넣고 ``html_search_language = "ko"``\ 로
설정합니다.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import snowballstemmer
from docutils import nodes
from sphinx.search import SearchLanguage
from sphinx.search.en import SearchEnglish
from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: 브라우저 쪽 질의 정규화 코드(Sphinx가 ``language_data.js``\ 에 넣습니다).
JS_PATH = Path(__file__).resolve().parents[1] / "_static" / "korean_search.js"

#: 이 장의 용어 가운데 Kiwi가 그대로는 잘못 쪼개거나 다른 품사로 읽는 낱말들.
#: (예: "합성곱" → 합성+곱, "가중치" → 가중+치, "풀링" → 풀+링, "맵이" → 맵/형용사,
#: "CNN은 이미지의 어디를 보았을까" → 이+미지)
CHAPTER_TERMS: tuple[str, ...] = (
    "이미지", "합성곱", "가중치", "풀링", "특성", "맵", "특성맵", "데이터셋", "스트라이드", "패딩",
    "에포크", "깊이별", "전이", "학습", "미세", "튜닝", "증식", "재현율", "정밀도", "정확도",
    "에지", "상자", "층", "커널", "필터", "수용장", "텐서플로", "케라스", "넘파이", "배치",
    "드롭아웃", "활성화", "시퀀셜", "옵티마이저", "하이퍼파라미터", "검증", "세트", "잔차",
    "스킵", "병목", "앵커", "분할", "시맨틱", "인스턴스", "바운딩", "마스크", "히트맵",
    "업샘플링", "전치", "어텐션", "임베딩", "로짓", "소프트맥스", "렐루",
)

#: 색인하는 Kiwi 품사 태그(접두어가 같으면 불규칙 표시 -R/-I가 붙은 태그도 포함).
INDEXED_TAGS: tuple[str, ...] = ("NNG", "NNP", "NR", "XR", "SH", "XSN", "VV", "VA")
#: 어절의 앞부분에서 이어지면 합성어로 함께 색인하는 품사 태그.
COMPOUND_TAGS: frozenset[str] = frozenset({"NNG", "NNP", "NR", "XR", "SH", "XPN", "XSN"})
#: 색인하지 않는 형태소: 복수 접미사와 어디에나 나오는 보조 용언.
SKIPPED_FORMS: frozenset[str] = frozenset({"들"})
#: 한국어 불용어: 거의 모든 페이지에 나오는 용언 어간(하다, 되다, 있다, 없다, 않다).
KOREAN_STOPWORDS: frozenset[str] = frozenset({"하", "되", "있", "없", "않"})

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# 한글이 아닌 낱말 문자(영문, 숫자, 밑줄, 그 밖의 문자)가 이어진 부분: 영어 규칙으로 색인합니다.
_NON_HANGUL_WORD = re.compile(r"[^\W\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,}")
# 조사가 한글이 아닌 글자 바로 뒤에 붙거나(MNIST를, ``Conv2D``\ 를의 "를 만들어") 글 조각 맨 앞에 오면
# Kiwi가 조사만 떼어 다른 형태소로 읽습니다("MNIST를" → 르/NNG + ㄹ/JKO). 분석 전에 지웁니다.
_PARTICLES = (
    "을|를|은|는|이|가|의|에|에서|에게|으로|로|와|과|도|만|에는|에서는|으로는|로는|으로도|로도"
    "|이나|나|이며|며|처럼|보다|까지|부터|마다|이다|입니다|이고|이라는|라는|들|들을|들의|들은|들이"
)
_DETACHED_PARTICLE = re.compile(
    rf"(?:^\s*|(?<=[^\s\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]))(?:{_PARTICLES})(?=[\s\W]|$)"
)

# 용어집 낱말이 이 음절로 끝나면 활용형일 수 있어 사용자 단어로 쓰지 않습니다(훈련된, 정규화한, ...).
_INFLECTED_LAST = frozenset("된한는은던할될운인")

# 빌드 중 용어집에서 모은 한글 낱말(env-updated에서 채웁니다).
_glossary_words: set[str] = set()


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


class KiwiMissingError(ImportError):
    """kiwipiepy 또는 그 모델(kiwipiepy-model)을 불러올 수 없을 때 냅니다."""


@functools.lru_cache(maxsize=1)
def _kiwi(user_words: frozenset[str]) -> Any:
    """사용자 단어를 더한 Kiwi 분석기(단어 묶음마다 한 번 만듭니다: 모델 읽기 약 1초, 메모리 약 0.5 GB;
    메모리를 아끼려고 마지막 하나만 남깁니다)."""
    try:
        from kiwipiepy import Kiwi
    except ImportError as error:  # pragma: no cover - 설치 환경에 따라 다름
        raise KiwiMissingError(
            "한국어 검색 색인에 필요한 kiwipiepy를 불러올 수 없습니다: "
            f"{error}. 'pip install kiwipiepy kiwipiepy-model'로 설치하세요."
        ) from error
    try:
        kiwi = Kiwi()
    except Exception as error:  # 모델 패키지가 없거나 버전이 맞지 않을 때
        raise KiwiMissingError(
            f"Kiwi 모델을 읽지 못했습니다: {error}. kiwipiepy와 같은 버전의 kiwipiepy-model을 설치하세요."
        ) from error
    for word in sorted(user_words):
        kiwi.add_user_word(word, "NNP", 0.0)
    return kiwi


def hangul_words(text: str) -> set[str]:
    """용어 이름에서 사용자 단어로 쓸 한글 낱말(두 글자 이상)을 뽑습니다.

    용언의 활용형("사전 훈련된 모델"의 "훈련된")은 명사로 등록하면 분석을 망치므로 뺍니다. 끝 음절이
    관형형 어미처럼 보이는 낱말은 모두 빼는데, 명사가 빠지더라도 Kiwi가 원래대로 분석할 뿐입니다.
    """
    return {word for word in _HANGUL_WORD.findall(text) if word[-1] not in _INFLECTED_LAST}


class SearchKorean(SearchLanguage):
    r"""형태소(명사, 동사·형용사 어간)를 색인하는 한국어 검색 언어.

    Parameters
    ----------
    options : dict
        ``html_search_options``. ``"user_words"``\ 에 쉼표로 구분한 낱말을 주면 Kiwi에
        사용자 단어로 더합니다.
    """

    lang = "ko"
    language_name = "Korean"
    # 영문 낱말은 Sphinx의 영어 검색과 같게: 영어 불용어(SearchEnglish의 공개 속성)와 snowball 영어 어간
    # 추출기. 브라우저 쪽 영어 어간 추출기(english-stemmer.js)는 Sphinx가 js_stemmer_rawcode를 보고 넣고,
    # 그 뒤에 "Stemmer = KoreanStemmer"를 붙입니다. KoreanStemmer는 아래 자바스크립트가 정의합니다.
    stopwords = frozenset(SearchEnglish.stopwords) | KOREAN_STOPWORDS
    js_stemmer_rawcode = SearchEnglish.js_stemmer_rawcode

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        extra = options.get("user_words", "")
        if not isinstance(extra, str):
            extra = ",".join(extra)
        words = set(CHAPTER_TERMS) | _glossary_words | {w.strip() for w in extra.split(",") if w.strip()}
        self.user_words = frozenset(words)
        # 장 용어는 한 형태소로 골랐지만, 용어집·설정에서 온 낱말은 합성어일 수 있어(출력층, 학습률)
        # 조각(출력, 층)도 색인합니다.
        self.compound_words = self.user_words - set(CHAPTER_TERMS)
        self.stemmer = snowballstemmer.stemmer("english")
        self._split_cache: dict[str, list[str]] = {}
        self._parts_cache: dict[str, list[str]] = {}
        self.js_splitter_code = self.javascript()

    @staticmethod
    def javascript() -> str:
        r"""``language_data.js``\ 에서 영어 어간 추출기 뒤에 오는 코드: 한국어 질의 정규화와 질의 나누기.

        Sphinx는 어간 추출기 코드 끝에 ``Stemmer = KoreanStemmer``\ 를 붙이므로(``language_name``), 같은
        파일 안에서 끌어올려지는 함수 선언으로 ``KoreanStemmer``\ 를 정의합니다. 그 뒤
        ``korean_search.js``\ 가 ``Stemmer``\ 를 한글은 그대로 두는 어간 추출기로 다시 정합니다.
        """
        return "\n".join([
            "function KoreanStemmer() { return new EnglishStemmer(); }",
            JS_PATH.read_text(encoding="utf-8"),
            "var splitQuery = KoreanSearch.splitQuery;",
        ])

    @property
    def kiwi(self) -> Any:
        return _kiwi(self.user_words)

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx의 메서드 서명
        """글을 색인할 낱말로 나눕니다: 한글 형태소·합성어와 영문·코드 낱말."""
        cached = self._split_cache.get(input)
        if cached is None:
            cached = self._non_hangul(input)
            if _HANGUL.search(input):
                cached = self._hangul(input) + cached
            if len(input) < 2000:
                self._split_cache[input] = cached
        return list(cached)

    @staticmethod
    def _non_hangul(text: str) -> list[str]:
        return _NON_HANGUL_WORD.findall(text)

    def _hangul(self, text: str) -> list[str]:
        # 영문·숫자는 따로 색인하므로 Kiwi에는 한글만 남겨 줍니다. 영문이 섞이면 Kiwi가 이웃한 한글을
        # 잘못 묶기도 합니다("MNIST 케라스 캐시에" → 캐시에/NNP).
        text = _DETACHED_PARTICLE.sub(_blank, text)
        text = _NON_HANGUL_WORD.sub(_blank, text)
        words: list[str] = []
        compound: list[Any] = []  # 지금 어절의 앞부분에서 이어지는 명사 형태소
        open_compound = True  # 지금 어절에서 아직 명사만 나왔는지
        end = 0

        def close() -> None:
            if len(compound) > 1:
                whole = text[compound[0].start : compound[-1].start + compound[-1].len]
                if _HANGUL.search(whole) and not _NON_HANGUL_WORD.search(whole):
                    words.append(whole)
            compound.clear()

        for token in self.kiwi.tokenize(text):
            tag = token.tag.split("-")[0]
            if token.start > end or tag.startswith("S"):
                # 공백이나 문장 부호가 나오면 새 어절입니다.
                close()
                open_compound = True
            end = max(end, token.start + token.len)
            if tag.startswith("S"):
                continue
            form = token.form
            if tag.startswith(INDEXED_TAGS) and form not in SKIPPED_FORMS and _HANGUL.search(form):
                words.append(form)
                if len(form) >= 3 and (getattr(token, "oov", False) or form in self.compound_words):
                    words.extend(self._parts(form))
            if open_compound and tag in COMPOUND_TAGS and form not in SKIPPED_FORMS:
                compound.append(token)
            else:
                close()
                open_compound = False
        close()
        return words

    def _parts(self, noun: str) -> list[str]:
        """합성어 명사를 사전의 명사들로 나눈 조각.

        사전에 없는 말로 읽힌 명사("출력층(소프트맥스)" → 출력층/NNG, oov)와 용어집에서 온 사용자
        단어(출력층/NNP)에 씁니다. Kiwi의 다른 분석 후보 가운데 사전에 있는 명사들로만 이루어진 첫
        후보(출력 + 층)를 고릅니다.
        """
        parts = self._parts_cache.get(noun)
        if parts is None:
            parts = []
            for tokens, _score in self.kiwi.analyze(noun, top_n=5):
                if (
                    len(tokens) > 1
                    and not any(getattr(token, "oov", False) for token in tokens)
                    and all(token.tag.split("-")[0] in COMPOUND_TAGS for token in tokens)
                    and "".join(token.form for token in tokens) == noun
                ):
                    parts = [token.form for token in tokens if token.form not in SKIPPED_FORMS]
                    break
            self._parts_cache[noun] = parts
        return parts

    def word_filter(self, word: str) -> bool:
        return bool(word) and not word.isdigit() and word not in self.stopwords

    def stem(self, word: str) -> str:
        if _HANGUL.search(word):
            return word
        return self.stemmer.stemWord(word.lower())


def collect_glossary_words(app: Sphinx, env: BuildEnvironment) -> None:
    """용어집(``glossary`` 지시어) 항목의 한글 낱말을 Kiwi 사용자 단어로 모읍니다."""
    _glossary_words.clear()
    _glossary_words.update(glossary_words(env))
    _glossary_words.update(app.config.korean_search_user_words)


def index_autosummary_tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    r"""autosummary 표를 검색 색인에 넣습니다.

    Sphinx는 autosummary 표를 ``nodes.comment``\ 의 하위 클래스로 감싸 두므로, 검색 색인이 그 안의 글
    (API 목록 페이지의 모듈 요약)을 건너뜁니다. 페이지에는 보이는데 검색에는 안 나오는 글이 생기므로,
    HTML을 쓰기 전에 감싼 노드를 벗겨 표를 보통 표로 둡니다. Sphinx가 HTML에서 하던 일(첫 열의 공백을
    줄바꿈 없는 공백으로)은 여기서 합니다.
    """
    if app.builder.format != "html":
        return
    from sphinx.ext.autosummary import autosummary_table

    for wrapper in list(doctree.findall(autosummary_table)):
        for row in wrapper.findall(nodes.row):
            first = row.children[0] if row.children else None
            paragraph = first.children[0] if first is not None and first.children else None
            if isinstance(paragraph, nodes.paragraph):
                for index, child in enumerate(list(paragraph.children)):
                    if isinstance(child, nodes.Text):
                        paragraph[index] = nodes.Text(child.astext().replace(" ", "\u00a0"))
        wrapper.replace_self(wrapper.children)


def glossary_words(env: BuildEnvironment) -> Iterable[str]:
    """용어집 항목(표준 도메인의 ``term`` 객체, 공개 API ``get_objects()``)의 한글 낱말."""
    for name, _display, objtype, _docname, _anchor, _priority in env.domains.standard_domain.get_objects():
        if objtype == "term":
            yield from hangul_words(name)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("korean_search_user_words", [], "html", types=(list, tuple))
    app.add_search_language(SearchKorean)
    app.connect("env-updated", collect_glossary_words)
    app.connect("doctree-resolved", index_autosummary_tables)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
