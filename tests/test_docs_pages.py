r"""문서의 표가 코드와 맞는지 확인합니다.

- ``docs/data.md``\ 와 ``README.md``\ 의 "쓰는 갤러리" 열: 예제 스크립트에서 그 자료를 불러오는 호출을
  찾아 갤러리 번호를 모은 것과 같아야 합니다. 페이지가 새 자료를 쓰기 시작하면(또는 그만두면) 이
  테스트가 두 표를 고치라고 알려 줍니다.
- ``docs/index.md``\ 의 "책과의 관계" 표: 모든 갤러리 폴더가 표에 있어야 합니다.

텐서플로를 import하지 않으므로 1초 안에 끝납니다.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

WEIGHTS = r"pretrained\.imagenet_weights\("
CLASS_INDEX = r"pretrained\.imagenet_class_index\("
# 표의 첫 열(자료 이름)이 이것으로 시작하는 행 → 그 자료를 불러오는 호출(정규식). 가장 긴 이름이 이깁니다.
DATA_CALLS: dict[str, list[str]] = {
    "사이킷런 샘플 이미지": [r"\bload_sample_images?\("],
    "패션 MNIST": [r"\bensure_fashion_mnist\(", r"\bfashion_mnist\.load_data\("],
    "MNIST": [r"\bmnist\.load_mnist\("],
    "tf_flowers": [r"\bload_tf_flowers\("],
    "ResNet50, Xception, VGG19의 ImageNet 가중치": [WEIGHTS],
    "ResNet50, Xception, VGG19의 ImageNet 가중치, 클래스 이름 파일": [WEIGHTS, CLASS_INDEX],
    "ImageNet 클래스 이름 파일": [CLASS_INDEX],
}


def gallery_number(script: Path) -> int:
    return int(script.parent.name.split("_", 1)[0])


def galleries_calling(patterns: list[str]) -> set[int]:
    found = set()
    for script in sorted(EXAMPLES.glob("*/plot_*.py")):
        text = script.read_text(encoding="utf-8")
        if any(re.search(pattern, text) for pattern in patterns):
            found.add(gallery_number(script))
    return found


def data_table(path: Path) -> dict[str, set[int]]:
    """'쓰는 갤러리' 열이 있는 Markdown 표: 첫 열 → 갤러리 번호 집합."""
    rows: dict[str, set[int]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) > 1 and cells[1] == "쓰는 갤러리":
            for row in lines[index + 2:]:
                if not row.startswith("|"):
                    break
                name, galleries = [cell.strip() for cell in row.strip().strip("|").split("|")][:2]
                rows[name] = {int(number) for number in re.findall(r"\d+", galleries)}
            break
    return rows


def calls_for(name: str) -> list[str]:
    keys = [key for key in DATA_CALLS if name.startswith(key)]
    assert keys, f"표의 행 '{name}'이 DATA_CALLS에 없습니다. 그 자료를 불러오는 호출을 더해 주세요"
    return DATA_CALLS[max(keys, key=len)]


def test_the_call_finder_sees_known_uses():
    # 헛돌지 않는지: 패션 MNIST CNN 페이지(갤러리 3)와 ResNet50 페이지(갤러리 4)를 찾아야 합니다.
    assert 3 in galleries_calling(DATA_CALLS["패션 MNIST"])
    assert 4 in galleries_calling([WEIGHTS])
    assert galleries_calling([r"\bno_such_loader\("]) == set()


@pytest.mark.parametrize("path", [ROOT / "docs" / "data.md", ROOT / "README.md"],
                         ids=lambda path: path.name)
def test_data_table_lists_exactly_the_galleries_whose_scripts_load_that_data(path):
    table = data_table(path)
    assert len(table) >= 4, f"{path.name}에서 '쓰는 갤러리' 표를 찾지 못했습니다"
    problems = []
    for name, listed in table.items():
        actual = galleries_calling(calls_for(name))
        if listed != actual:
            problems.append(f"{name}: 표 {sorted(listed)}, 예제 {sorted(actual)}")
    assert not problems, f"{path.name}의 표를 고쳐 주세요:\n" + "\n".join(problems)


def test_front_page_table_covers_every_gallery():
    text = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    section = text.split("## 책을 따르는 갤러리와 책을 넘어서는 갤러리", 1)[1].split("\n## ", 1)[0]
    listed: set[int] = set()
    for row in section.splitlines():
        if row.startswith("| ") and not row.startswith("| 갤러리"):
            first = row.strip("|").split("|")[0]
            numbers = [int(n) for n in re.findall(r"(?<![\w@])(\d+)\s(?:\{ref\}|[가-힣])", first)]
            if "~" in first and len(numbers) == 2:
                numbers = list(range(numbers[0], numbers[1] + 1))
            listed.update(numbers)
    folders = {int(path.name.split("_", 1)[0]) for path in EXAMPLES.iterdir()
               if path.is_dir() and re.match(r"\d+_", path.name)}
    assert folders and folders <= listed, sorted(folders - listed)
