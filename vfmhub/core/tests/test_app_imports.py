"""The app shape's import rules hold for the project, and a breach of each is caught."""

from pathlib import Path

from vfmhub.core.app_imports import app_imports, cycles, shared_breaches


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "vfmhub" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "vfmhub"


def test_the_project_has_no_cycle_no_shared_breach_and_no_private_import():
    found = app_imports()
    assert cycles(found.edges) == []
    assert shared_breaches(found.edges) == []
    assert found.private == []
    assert "api" not in {target for targets in found.edges.values() for target in targets}


def test_a_cycle_a_core_import_and_a_private_name_are_each_caught(tmp_path):
    root = _tree(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/views.py": "from vfmhub.plans.models import Plan\n",
            "lib/__init__.py": "",
            "plans/__init__.py": "",
            "plans/models.py": "from vfmhub.efficiency.services import _helper\n",
            "efficiency/__init__.py": "",
            "efficiency/services.py": "from vfmhub.plans.models import Plan\n",
            "efficiency/tests/test_x.py": "from vfmhub.core.views import x\n",
        },
    )
    found = app_imports(root)
    assert cycles(found.edges) == [["efficiency", "plans"]]
    assert shared_breaches(found.edges) == ["vfmhub/core/views.py:1 (core imports plans)"]
    assert found.private == ["vfmhub/plans/models.py:1 vfmhub.efficiency.services._helper"]


def test_imports_for_type_checking_and_tests_do_not_count(tmp_path):
    root = _tree(
        tmp_path,
        {
            "audit/__init__.py": "",
            "audit/services.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from vfmhub.accounts.models import User\n"
            ),
            "accounts/__init__.py": "",
            "accounts/services.py": "from vfmhub.audit.services import audit_record\n",
            "audit/tests/test_a.py": "from vfmhub.accounts.models import User\n",
        },
    )
    found = app_imports(root)
    assert found.edges == {"accounts": {"audit": ["vfmhub/accounts/services.py:1"]}}
