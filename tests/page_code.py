r"""예제 페이지에 적힌 함수를 테스트에서 꺼내 씁니다.

페이지 전체를 실행하지 않고(훈련은 오래 걸립니다), 페이지의 ``import`` 문과 이름이 주어진 함수·클래스
정의, 그것이 쓰는 모듈 수준 상수(대문자 이름의 단순 대입)만 골라 실행합니다. 그래서 테스트하는
코드는 노트북에 그대로 남는 페이지의 코드 자체입니다.
"""

from __future__ import annotations

import ast
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"


def load_page_functions(relative_path: str, *names: str) -> dict:
    path = EXAMPLES_DIR / relative_path
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    picked = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            picked.append(node)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in names:
            picked.append(node)
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1
              and isinstance(node.targets[0], ast.Name) and node.targets[0].id.isupper()
              and isinstance(node.value, (ast.Constant, ast.BinOp))
              and all(name.id.isupper() for name in ast.walk(node.value)
                      if isinstance(name, ast.Name))):
            # 다른 상수로만 계산하는 상수(예: CELL = 96 // GRID). 실행 중에 정해지는 값에 기대는
            # 대입(예: BATCH_SIZE = ... * strategy.num_replicas_in_sync)은 고르지 않습니다.
            picked.append(node)
    found = {node.name for node in picked if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    missing = set(names) - found
    if missing:
        raise LookupError(f"{relative_path}에 함수 {sorted(missing)}가 없습니다")
    namespace: dict = {"__name__": "page_code"}
    exec(compile(ast.Module(body=picked, type_ignores=[]), str(path), "exec"), namespace)
    return {name: namespace[name] for name in names}
