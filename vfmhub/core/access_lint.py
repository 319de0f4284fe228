"""The access lint (`make lint`): no view or API module fetches by id itself.

Every fetch of a user-supplied id goes through an app's `access.py` (DESIGN.md, "How a request
flows"), so the lint fails on `get_object_or_404(`, `.objects.get(` and `filter(pk=` in any module
named `views*.py` or `api*.py`, or inside a `views/` or `api/` package, outside tests.

    python -m vfmhub.core.access_lint [PATH ...]   (default: vfmhub)
"""

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

FORBIDDEN = re.compile(r"get_object_or_404\(|\.objects\.get\(|filter\(pk=")
SKIPPED_PARTS = {"tests", "migrations"}
SKIPPED_NAMES = {"testing.py", "conftest.py"}


def is_view_or_api(path: Path) -> bool:
    if SKIPPED_PARTS & set(path.parts) or path.name in SKIPPED_NAMES or path.suffix != ".py":
        return False
    in_package = {"views", "api"} & set(path.parent.parts[-1:])
    return bool(in_package) or path.name.startswith(("views", "api"))


def fetches_by_id(path: Path) -> Iterator[str]:
    """`path:line: text` for every forbidden fetch in a view or API module."""
    if not is_view_or_api(path):
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if FORBIDDEN.search(line.split("#", 1)[0]):
            yield f"{path}:{number}: {line.strip()}"


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def main(argv: list[str]) -> int:
    found = [
        line
        for path in files_under(Path(p) for p in argv or ["vfmhub"])
        for line in fetches_by_id(path)
    ]
    for line in found:
        print(line)
    if found:
        print(
            f"{len(found)} fetches by id in view or API modules: fetch them in access.py.",
            file=sys.stderr,
        )
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
