"""Which app imports which: the rules of the app shape, checked by a test and by hand.

    python -m vfmhub.core.app_imports      (prints each app's imports, cycles, and breaches)

- No cycle between apps: `vfmhub/api` assembles the apps' routers and no app imports it back;
  `core` and `lib` import no other app of the project (`lib` imports nothing of it at all).
- No app imports another app's private names (`_name`).
Tests, test support (`testing.py`, `conftest.py`) and imports for type checking only
(`if TYPE_CHECKING:`) are not counted: they never run in the service.
"""

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = "vfmhub"
ROOT = Path(__file__).resolve().parents[1]
SHARED = {"core": {"lib"}, "lib": set()}  # what the shared packages may import


@dataclass
class Imports:
    edges: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    private: list[str] = field(default_factory=list)


def _apps(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if (p / "__init__.py").exists()}


def _skipped(path: Path) -> bool:
    return (
        "tests" in path.parts
        or "migrations" in path.parts
        or path.name
        in (
            "testing.py",
            "conftest.py",
        )
    )


def _runtime_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement except those under `if TYPE_CHECKING:`."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def app_imports(root: Path = ROOT) -> Imports:
    apps = _apps(root)
    found = Imports()
    for path in sorted(root.rglob("*.py")):
        source = path.relative_to(root).parts[0]
        if source not in apps or _skipped(path):
            continue
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for module in names:
                parts = module.split(".")
                if parts[0] != PROJECT or len(parts) < 2 or parts[1] not in apps:
                    continue
                target = parts[1]
                if target == source:
                    continue
                where = f"{path.relative_to(root.parent)}:{node.lineno}"
                found.edges.setdefault(source, {}).setdefault(target, []).append(where)
                if isinstance(node, ast.ImportFrom):
                    found.private += [
                        f"{where} {module}.{a.name}" for a in node.names if a.name.startswith("_")
                    ]
    return found


def cycles(edges: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The groups of apps that import each other, round and round (Tarjan's components)."""
    graph = {app: sorted(targets) for app, targets in edges.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for other in graph.get(app, []):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return groups


def shared_breaches(edges: dict[str, dict[str, list[str]]]) -> list[str]:
    """Imports by `core` or `lib` of an app they may not import."""
    return [
        f"{where} ({shared} imports {target})"
        for shared, allowed in SHARED.items()
        for target, places in edges.get(shared, {}).items()
        if target not in allowed
        for where in places
    ]


def main() -> int:
    found = app_imports()
    for app in sorted(found.edges):
        print(f"{app} -> {', '.join(sorted(found.edges[app]))}")
    problems = {
        "cycles": [" <-> ".join(group) for group in cycles(found.edges)],
        "core and lib importing apps": shared_breaches(found.edges),
        "private names imported from another app": found.private,
    }
    for title, lines in problems.items():
        print(f"{title}: {len(lines) or 'none'}")
        for line in lines:
            print(f"  {line}")
    return 1 if any(problems.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
