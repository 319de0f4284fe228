"""The access lint in `make lint` fails on a fetch by id in a view or API module, and only there."""

from pathlib import Path

from vfmhub.core.access_lint import fetches_by_id, main

BAD_VIEW = """
from django.shortcuts import get_object_or_404

def detail(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    item = Item.objects.get(pk=request.GET["item"])
    rows = Item.objects.filter(pk=pk)
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_bad_view_module_fails_with_each_line_named(tmp_path, capsys):
    app = tmp_path / "vfmhub" / "someapp"
    _write(app, "views.py", BAD_VIEW)
    _write(app, "api/items.py", BAD_VIEW)
    _write(app, "views_extra.py", "x = Item.objects.get(pk=1)\n")

    assert main([str(tmp_path)]) == 1

    out = capsys.readouterr().out.splitlines()
    assert len(out) == 7
    assert any(line.endswith("views.py:5: plan = get_object_or_404(Plan, pk=pk)") for line in out)
    assert any("api/items.py:6: item = Item.objects.get" in line for line in out)
    assert any("views_extra.py:1:" in line for line in out)


def test_access_services_selectors_and_tests_may_fetch(tmp_path):
    app = tmp_path / "vfmhub" / "someapp"
    for name in ("access.py", "selectors.py", "services/items.py", "tests/test_views.py"):
        _write(app, name, BAD_VIEW)
    _write(app, "views.py", "# Item.objects.get(pk=1) in a comment is fine\n")

    assert main([str(tmp_path)]) == 0
    assert list(fetches_by_id(app / "access.py")) == []


def test_the_project_passes():
    root = Path(__file__).resolve().parents[2]
    assert main([str(root)]) == 0
