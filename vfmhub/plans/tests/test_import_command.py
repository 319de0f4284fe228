import json

import pytest
from django.core.management import CommandError, call_command

from vfmhub.plans.models import Plan
from vfmhub.plans.tests.import_support import SEED_DOCX, SEED_XLSX, counts, make_plan, uor_2009


@pytest.fixture
def plan(personas):
    return make_plan(personas.org_a, version=uor_2009())


def _run(*args) -> tuple[dict, int]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("import-plan", *args, "--json", stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return json.loads(out.getvalue()), code


def test_it_imports_into_a_plan_and_prints_json(personas, plan):
    summary, code = _run(str(SEED_XLSX), "--organisation", "E07000901", "--plan", str(plan.pk))

    assert code == 0
    assert {k: summary[k] for k in ("items", "actions", "rounds", "updates", "errors")} == {
        "items": 15,
        "actions": 26,
        "rounds": 3,
        "updates": 46,
        "errors": [],
    }


def test_dry_run_changes_nothing(personas, plan):
    before = counts(plan)

    summary, code = _run(
        str(SEED_DOCX), "--organisation", "E07000901", "--plan", str(plan.pk), "--dry-run"
    )

    assert (code, summary["items"], summary["dry_run"]) == (0, 15, True)
    assert counts(plan) == before


def test_without_a_plan_it_creates_one_named_after_the_file(personas):
    summary, code = _run(str(SEED_XLSX), "--organisation", "E07000901")

    plan = Plan.objects.get(pk=summary["plan"])
    assert (code, plan.title, plan.organisation) == (0, "seed002", personas.org_a)
    assert counts(plan)["items"] == 15


def test_errors_exit_1_and_save_nothing(personas, plan, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Issue,Officer\nAn issue,HoF\n")
    plans = Plan.objects.count()

    summary, code = _run(str(bad), "--organisation", "E07000901")

    assert code == 1
    assert summary["errors"][0]["text"] == (
        'Row 1: The required column "Action" is missing from the header row.'
    )
    assert Plan.objects.count() == plans


def test_unknown_organisation_or_plan(personas, plan):
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import-plan", str(SEED_XLSX), "--organisation", "E99999999")
    with pytest.raises(CommandError, match="has no plan"):
        call_command(
            "import-plan", str(SEED_XLSX), "--organisation", "E06000901", "--plan", str(plan.pk)
        )


def test_it_prints_what_a_dry_run_would_import(personas, plan):
    from io import StringIO

    out = StringIO()
    call_command(
        "import-plan",
        str(SEED_XLSX),
        "--organisation",
        "E07000901",
        "--plan",
        str(plan.pk),
        "--dry-run",
        stdout=out,
    )

    assert out.getvalue().strip() == (
        "Read from the ‘Action Plan’ sheet.\n"
        "Dry run, nothing saved. Importing would give "
        "15 items, 26 actions, 3 rounds, 46 updates, 0 corrections."
    )
    assert counts(plan)["items"] == 0
