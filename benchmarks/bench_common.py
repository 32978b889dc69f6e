r"""벤치마크가 함께 쓰는 것(텐서플로를 import하지 않습니다): 결과 쓰기와 CPU 설명.

- :func:`write_results`: 결과 JSON을 원자적으로 쓰고, 그 JSON에서 만든 Markdown 표를 옆에 씁니다.
  문서(``docs/performance.md``)에 들어가는 표는 언제나 옆의 JSON에서 만든 것입니다.
- :func:`cpu_description`: CPU 모델, 코어 수, 관심 있는 명령어 집합 플래그. CPU 정보는
  :func:`cnn_vision.runtime.cpu_info` 한 곳에서 읽습니다(사이트의 빌드 정보도 같은 함수를 씁니다).

벤치마크 스크립트는 이 폴더를 ``sys.path``\ 에 넣고 ``import bench_common``\ 으로 씁니다.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from cnn_vision import runtime


def cpu_description() -> dict:
    """CPU 모델 이름, 코어 수, 이 벤치마크들에 중요한 명령어 집합 플래그(:func:`cnn_vision.runtime.cpu_info`)."""
    return runtime.cpu_info()


def cpu_flags() -> set[str]:
    """CPU가 가진 플래그 가운데 :data:`cnn_vision.runtime.CPU_FLAGS_OF_INTEREST` 에 든 것."""
    return set(cpu_description()["flags"])


def write_json(path: Path, document: dict) -> None:
    """임시 이름으로 쓴 뒤 이름을 바꿔, 중간에 멈춰도 반쯤 쓴 파일이 남지 않게 합니다."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)


def markdown_path(json_path: Path) -> Path:
    """결과 JSON 옆의 Markdown 표 파일."""
    return Path(json_path).with_suffix(".md")


def write_results(json_path: Path, document: dict, render: Callable[[dict], str]) -> str:
    r"""결과 JSON(원자적으로)과 ``render(document)``\ 로 만든 Markdown 표를 나란히 쓰고 표를 돌려줍니다.

    이 폴더의 벤치마크가 모두 이것으로 결과를 남기므로, 문서에 들어가는 표는 언제나 옆의 JSON에서
    만든 것입니다.
    """
    write_json(json_path, document)
    table = render(document)
    path = markdown_path(json_path)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(table, encoding="utf-8")
    temporary.replace(path)
    return table
