"""The app shape's limits: no function over 60 lines and no module over 500, tests included
(migrations are generated, so they are not counted)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 500


def _modules() -> list[Path]:
    return [p for p in sorted(ROOT.rglob("*.py")) if "migrations" not in p.parts]


def test_no_module_is_over_500_lines():
    long = {
        str(p.relative_to(ROOT.parent)): n
        for p in _modules()
        if (n := p.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_60_lines():
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.name}"] = lines
    assert long == {}
