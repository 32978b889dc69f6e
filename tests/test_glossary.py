r"""용어집(docs/glossary.md)이 이 프로젝트 용어의 유일한 출처입니다.

용어집의 ``{glossary}`` 항목마다 있는 ``쓰지 않는 말:`` 줄을 읽어, 예제 페이지(examples/), 문서
페이지(docs/의 .md, .rst, 템플릿), README, 라이브러리의 문자열(src/의 문서 문자열과 메시지)에 그
표기가 없는지 확인합니다.
페이지의 ``:term:`` 역할이 용어집에 있는 용어를 가리키는지, 용어에 연결한 곳이 본문에서 그 용어가
처음 나오는 곳인지도 확인합니다. 텐서플로를 import하지 않으므로 1초 안에 끝납니다.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
REJECTED_LINE = re.compile(r"^\s+쓰지 않는 말:\s*(.*?)\s*$")
TERM_ROLE = re.compile(r":term:`([^`<]*?)(?:\s*<([^`>]+)>)?`")

# 만들어지는 파일과 용어집 자신은 검사하지 않습니다.
GENERATED = {"_build", "auto_examples", "gen_modules", "generated", "__pycache__",
             "sg_execution_times.rst"}


@dataclass(frozen=True)
class Entry:
    terms: tuple[str, ...]
    rejected: tuple[str, ...]
    line: int


def parse_glossary(text: str) -> list[Entry]:
    """MyST ``{glossary}`` 블록에서 항목(들여 쓰지 않은 용어 줄들 + 들여 쓴 정의)을 읽습니다."""
    entries: list[Entry] = []
    inside = in_definition = False
    terms: list[str] = []
    rejected: list[str] | None = None
    start = 0

    def flush():
        nonlocal terms, rejected
        if terms:
            if rejected is None:
                raise ValueError(f"{start}행의 항목 {terms}에 '쓰지 않는 말:' 줄이 없습니다")
            entries.append(Entry(tuple(terms), tuple(rejected), start))
        terms, rejected = [], None

    for number, line in enumerate(text.splitlines(), start=1):
        if not inside:
            inside = line.startswith("```{glossary}")
            continue
        if line.startswith("```"):
            flush()
            inside = in_definition = False
        elif line.strip() and not line[0].isspace():  # 용어 줄
            if in_definition:
                flush()
                in_definition = False
            if not terms:
                start = number
            terms.append(line.strip())
        elif line.strip():  # 정의 줄
            in_definition = True
            if match := REJECTED_LINE.match(line):
                if rejected is not None:
                    raise ValueError(f"{number}행: 한 항목에 '쓰지 않는 말:' 줄이 둘입니다")
                value = match.group(1)
                rejected = [] if value == "없음" else re.findall(r"`([^`]+)`", value)
                if value != "없음" and not rejected:
                    raise ValueError(
                        f"{number}행: 쓰지 않는 말은 `표기`, `표기` 꼴이거나 '없음'이어야 합니다")
    if inside:
        raise ValueError("닫히지 않은 {glossary} 블록이 있습니다")
    return entries


ENTRIES = parse_glossary(GLOSSARY.read_text(encoding="utf-8"))
ALL_TERMS = {term for entry in ENTRIES for term in entry.terms}
REJECTED = {variant: entry.terms[0] for entry in ENTRIES for variant in entry.rejected}


def checked_files() -> list[Path]:
    files = [ROOT / "README.md"]
    files += sorted((ROOT / "examples").rglob("*.py")) + sorted((ROOT / "examples").rglob("*.rst"))
    # 문서의 페이지와 템플릿. docs/_ext(검색 사전처럼 다른 표기를 일부러 담는 코드)와 conf.py는
    # 페이지가 아니므로 보지 않습니다.
    for pattern in ("*.md", "*.rst", "_templates/**/*.html"):
        files += [path for path in sorted((ROOT / "docs").glob(pattern if "/" in pattern
                                                                else f"**/{pattern}"))
                  if path != GLOSSARY and not GENERATED & set(path.relative_to(ROOT).parts)]
    return files


def library_strings(path: Path) -> list[tuple[int, str]]:
    """라이브러리 모듈의 문자열 상수(문서 문자열, 오류 메시지, 알림)와 그 줄 번호."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def find_rejected(text: str, first_line: int = 1) -> list[tuple[int, str, str]]:
    """``text`` 에 있는 쓰지 않는 말: (줄 번호, 표기, 써야 할 용어)."""
    found = []
    for offset, line in enumerate(text.splitlines()):
        for variant, preferred in REJECTED.items():
            if variant in line:
                found.append((first_line + offset, variant, preferred))
    return found


# --- 용어집 자체 ------------------------------------------------------------------------------


def test_glossary_has_entries_with_korean_and_english_terms():
    assert len(ENTRIES) >= 40
    for entry in ENTRIES:
        korean, *others = entry.terms
        acronym = re.fullmatch(r"[A-Za-z]+", korean) and any(c.isupper() for c in korean)
        assert HANGUL.search(korean) or acronym, f"{entry.line}행: 첫 용어는 한국어여야 합니다"
        english = [t for t in others if re.fullmatch(r"[A-Za-z][A-Za-z -]*", t)]
        assert english, f"{entry.line}행 {korean}: 영어 용어 줄이 없습니다"


def test_each_term_appears_in_one_entry_only():
    terms = [term.lower() for entry in ENTRIES for term in entry.terms]
    duplicates = {term for term in terms if terms.count(term) > 1}
    assert not duplicates


def test_no_rejected_variant_is_part_of_a_preferred_term():
    # 그러면 용어집의 용어를 쓴 페이지가 검사에 걸립니다.
    clashes = [(variant, term) for variant in REJECTED for term in ALL_TERMS if variant in term]
    assert not clashes


def test_the_parser_rejects_an_entry_without_a_rejected_line():
    text = "```{glossary}\n층\nlayer\n  정의입니다.\n```\n"
    with pytest.raises(ValueError, match="쓰지 않는 말"):
        parse_glossary(text)


def test_the_parser_reads_terms_and_variants():
    text = ("```{glossary}\n층\nlayer\n  정의.\n\n  쓰지 않는 말: `레이어`\n\n"
            "에지\nedge\n  정의.\n\n  쓰지 않는 말: 없음\n```\n")
    entries = parse_glossary(text)
    assert [(e.terms, e.rejected) for e in entries] == [
        (("층", "layer"), ("레이어",)), (("에지", "edge"), ())]


# --- 페이지와 라이브러리에 쓰지 않는 말이 없는지 --------------------------------------------------


def test_the_checker_finds_a_rejected_variant():
    assert ("레이어", "층") in {(v, p) for _, v, p in find_rejected("합성곱 레이어를 쌓습니다")}
    assert find_rejected("합성곱 층을 쌓습니다") == []


@pytest.mark.parametrize("path", checked_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_and_docs_do_not_use_rejected_variants(path):
    found = find_rejected(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{path.name}:{n}: '{v}' 대신 '{p}'" for n, v, p in found)


@pytest.mark.parametrize("path", sorted((ROOT / "src").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_library_strings_do_not_use_rejected_variants(path):
    found = [hit for line, value in library_strings(path) for hit in find_rejected(value, line)]
    assert not found, "\n".join(f"{path.name}:{n}: '{v}' 대신 '{p}'" for n, v, p in found)


# --- 페이지의 :term: 연결 ----------------------------------------------------------------------


def page_prose(script: Path) -> list[tuple[int, str]]:
    """예제 스크립트에서 독자가 읽는 reST 본문의 줄(모듈 docstring과 ``# %%`` 텍스트 셀)."""
    source = script.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines: list[tuple[int, str]] = []
    first = tree.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        for offset, line in enumerate(first.value.value.splitlines()):
            lines.append((first.lineno + offset, line))
    in_text_cell = False
    comments = {token.start[0]: token.string for token in
                tokenize.generate_tokens(io.StringIO(source).readline)
                if token.type == tokenize.COMMENT and token.start[1] == 0}
    for number, line in enumerate(source.splitlines(), start=1):
        if line.startswith("# %%"):
            in_text_cell = True
            continue
        if in_text_cell and number in comments:
            lines.append((number, comments[number][2:]))
        else:
            in_text_cell = False
    return lines


def without_headings_and_literals(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """제목(다음 줄이 밑줄인 줄)을 빼고, 인라인 코드와 수식과 역할의 내용을 지웁니다."""
    underline = re.compile(r"^([=\-~^])\1{2,}\s*$")
    kept = []
    for index, (number, text) in enumerate(lines):
        next_text = lines[index + 1][1] if index + 1 < len(lines) else ""
        if underline.match(text) or underline.match(next_text):
            continue
        text = re.sub(r"``.*?``", " ", text)
        text = re.sub(r":(?!term:)[a-z:]+:`[^`]*`", " ", text)
        kept.append((number, text))
    return kept


def first_use(lines: list[tuple[int, str]], term: str) -> int | None:
    """용어가 (더 긴 용어의 일부가 아니라) 처음 나오는 줄 번호."""
    longer = sorted((t for t in ALL_TERMS if term in t and t != term), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w가-힣])" + re.escape(term))
    for number, text in lines:
        text = TERM_ROLE.sub(lambda m: m.group(1).strip(), text).replace("\\ ", "")  # 보이는 글자
        for other in longer:  # '최대 풀링 층'의 '층'은 '풀링 층'의 일부입니다
            text = text.replace(other, " " * len(other))
        if pattern.search(text):
            return number
    return None


EXAMPLE_SCRIPTS = sorted((ROOT / "examples").glob("*/plot_*.py"))


@pytest.mark.parametrize("script", EXAMPLE_SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_term_roles_point_into_the_glossary_at_the_first_use(script):
    prose = without_headings_and_literals(page_prose(script))
    problems = []
    linked: dict[str, int] = {}
    for number, text in prose:
        for match in TERM_ROLE.finditer(text):
            target = (match.group(2) or match.group(1)).strip()
            if target.lower() not in {t.lower() for t in ALL_TERMS}:
                problems.append(f"{number}행: 용어집에 없는 용어 '{target}'")
            linked.setdefault(target, number)
    for term, link_line in linked.items():
        earlier = first_use([(n, t) for n, t in prose if n < link_line], term)
        if earlier is not None:
            problems.append(f"{term}: {earlier}행에 먼저 나오는데 {link_line}행에서 연결합니다")
    assert not problems, "\n".join(problems)

