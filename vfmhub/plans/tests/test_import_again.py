"""A file imported again: into the plan it went into before (its fingerprint), or the plan of the
same title and framework version, never a second plan unless asked (`--new-plan`); and the same
file twice changes nothing the second time, on the command line and on the page."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from vfmhub.plans.importing import MATCHED_BY_FILE, MATCHED_BY_TITLE, plan_import_new
from vfmhub.plans.models import Action, Plan, PlanSourceFile
from vfmhub.plans.tests.fixtures import build_awkward
from vfmhub.plans.tests.import_support import SEED_XLSX, counts, make_plan, uor_2009
from vfmhub.plans.tests.test_import_files import database

GSS = "E07000901"


@pytest.fixture
def version(db):
    return uor_2009()


def _command(*args: str) -> tuple[str, str, int]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import-plan", *args, "--organisation", GSS, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return out.getvalue(), err.getvalue(), code


def test_the_same_file_twice_without_a_plan_updates_the_first(personas, version):
    out, _, code = _command(str(SEED_XLSX))
    plan = Plan.objects.get(organisation=personas.org_a, title="seed002")
    assert code == 0 and "Imported: 15 items" in out
    assert PlanSourceFile.objects.get(plan=plan).filename == "seed002.xlsx"
    before = database()

    again, _, code = _command(str(SEED_XLSX))

    assert code == 0
    assert database() == before
    assert f"This file was imported into plan {plan.pk} ‘seed002’ before" in again
    assert "Nothing changed: everything in the file is already in the plan." in again
    dry, _, _ = _command(str(SEED_XLSX), "--dry-run")
    assert "Nothing would change" in dry and database() == before


def test_with_the_plan_then_without_it_changes_nothing_the_second_time(personas, version):
    plan = make_plan(personas.org_a, version=version)
    _command(str(SEED_XLSX), "--plan", str(plan.pk))
    before = database()

    out, _, code = _command(str(SEED_XLSX))

    assert (code, database()) == (0, before)
    assert "nothing changed" in out.lower()
    assert f"plan {plan.pk}" in out


def test_without_the_plan_then_with_it_changes_nothing_the_second_time(personas, version):
    _command(str(SEED_XLSX))
    plan = Plan.objects.get(title="seed002")
    before = database()

    out, _, code = _command(str(SEED_XLSX), "--plan", str(plan.pk))

    assert (code, database()) == (0, before)
    assert "Nothing changed: everything in the file is already in the plan." in out


def test_new_plan_forces_a_second_plan(personas, version):
    _command(str(SEED_XLSX))

    out, _, code = _command(str(SEED_XLSX), "--new-plan", "--json")

    summary = json.loads(out)
    assert (code, summary["matched"], summary["items"]) == (0, "", 15)
    assert Plan.objects.filter(title="seed002").count() == 2
    with pytest.raises(CommandError, match="not both"):
        call_command(
            "import-plan", str(SEED_XLSX), "--organisation", GSS, "--plan", "1", "--new-plan"
        )


def test_the_same_title_and_version_is_updated_and_said(personas, version, tmp_path):
    first = tmp_path / "action-plan.csv"
    first.write_text("Issue,Action\nKLOE 1.1 - Financial planning\nAn issue,One\n")
    _command(str(first), "--framework-version", "use-of-resources/2009-10")
    plan = Plan.objects.get(title="action plan")
    assert plan.version == version
    first.write_text("Issue,Action\nKLOE 1.1 - Financial planning\nAn issue,One\n,Two\n")

    out, _, code = _command(str(first), "--framework-version", "use-of-resources/2009-10")

    assert code == 0
    assert f"Plan {plan.pk} ‘action plan’ has the same title and framework version" in out
    assert "Imported: 0 items, 1 actions" in out
    assert Action.objects.filter(item__plan=plan).count() == 2
    again, _, _ = _command(str(first))  # the same file: its plan, whatever the version given
    assert f"This file was imported into plan {plan.pk}" in again and "Nothing changed" in again
    with pytest.raises(CommandError, match="No framework version"):
        _command(str(first), "--framework-version", "nothing/2009")


def test_the_service_says_how_it_found_the_plan(personas, version):
    content = SEED_XLSX.read_bytes()

    def run(title: str, **options):
        return plan_import_new(
            acting_user=personas.editor,
            organisation=personas.org_a,
            title=title,
            content=content,
            filename="x.xlsx",
            version=version,
            **options,
        )

    first = run("Action plan")
    assert (first.matched, first.items) == ("", 15)
    by_file = run("Another title")
    assert (by_file.matched, by_file.plan_id, by_file.changed) == (
        MATCHED_BY_FILE,
        first.plan_id,
        False,
    )
    dry = run("Another title", dry_run=True, new_plan=True)
    assert (dry.matched, dry.plan_id, dry.items) == ("", None, 15)
    PlanSourceFile.objects.all().delete()
    by_title = run("ACTION PLAN")
    assert (by_title.matched, by_title.plan_id) == (MATCHED_BY_TITLE, first.plan_id)
    assert not PlanSourceFile.objects.exists()  # nothing changed, so nothing written


def test_the_command_names_the_sheet_and_takes_column_choices(personas, version, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(build_awkward.ERRORS.read_bytes())

    _, err, code = _command(
        str(path), "--dry-run", "--framework-version", "use-of-resources/2009-10"
    )
    assert code == 1
    assert "was it the responsible officer?" in err and "KLOE 9.9 is not in" in err

    fixed = tmp_path / "owner.csv"
    fixed.write_text("Issue,Action,Owner??\nAn issue,An action,HoF\n")
    _, err, code = _command(str(fixed))
    assert code == 1 and "Column C 'Owner??' is not used" in err
    out, _, code = _command(str(fixed), "--use-column", "Owner??=officer")
    assert code == 0
    assert Action.objects.get(description="An action").officer == "HoF"

    workbook = tmp_path / "sheets.xlsx"
    workbook.write_bytes(build_awkward.WORKBOOK.read_bytes())
    out, _, code = _command(str(workbook), "--dry-run")
    assert code == 0 and out.startswith("Read from the ‘Action Plan’ sheet.")
    _, err, code = _command(str(workbook), "--sheet", "Summary", "--dry-run")
    assert code == 1 and "Summary sheet, row 1" in err


# The page -----------------------------------------------------------------------------------

OWNER_CSV = b"Issue,Action,Owner??\nAn issue,An action,HoF\n"


@pytest.fixture
def plan(personas, version, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_plan(personas.org_a, version=version)


def _upload(client, plan, name: str, content: bytes) -> str:
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("plans:import", args=[plan.pk]), {"file": upload})
    assert response.status_code == 302
    return response["Location"]


def test_the_page_asks_about_an_unknown_column_and_keeps_the_choice(personas, as_user, plan):
    client = as_user(personas.editor)
    location = _upload(client, plan, "owner.csv", OWNER_CSV)

    body = client.get(location).content.decode()
    assert "was it the responsible officer?" in body
    assert 'data-testid="column-choices"' in body
    assert '<option value="use:officer">Read it as the responsible officer</option>' in body

    chosen = client.get(
        location,
        {"choosing_columns": "1", "column": "C", "choice-C": "use:officer", "heading-C": "Owner??"},
    ).content.decode()
    assert "There is a problem" not in chosen
    assert "Read ‘Owner??’ as officer" in chosen

    client.post(location + "confirm/")

    assert Action.objects.get(item__plan=plan).officer == "HoF"


def test_the_page_ignores_a_column_when_ticked(personas, as_user, plan):
    client = as_user(personas.editor)
    location = _upload(client, plan, "owner.csv", OWNER_CSV)

    body = client.get(location, {"choosing_columns": "1", "column": "C", "choice-C": "ignore"})

    assert "Leave out column C" in body.content.decode()
    client.post(location + "confirm/")
    assert Action.objects.get(item__plan=plan).officer == ""


def test_the_page_says_which_sheet_it_read(personas, as_user, plan):
    client = as_user(personas.editor)
    location = _upload(client, plan, "plan.xlsx", build_awkward.WORKBOOK.read_bytes())

    body = client.get(location).content.decode()

    assert "Read from the ‘Action Plan’ sheet." in body


def test_the_same_file_twice_on_the_page_says_nothing_changed(personas, as_user, plan):
    client = as_user(personas.editor)
    client.post(_upload(client, plan, SEED_XLSX.name, SEED_XLSX.read_bytes()) + "confirm/")
    assert counts(plan)["items"] == 15
    before = database()

    location = _upload(client, plan, SEED_XLSX.name, SEED_XLSX.read_bytes())
    preview = client.get(location).content.decode()
    assert "Importing it would change nothing." in preview
    assert "Import</button>" not in preview
    done = client.post(location + "confirm/", follow=True).content.decode()

    assert "Nothing changed: everything in seed002.xlsx is already in the plan." in done
    assert database() == before


def test_the_choices_confirmed_are_remembered_for_the_next_file(personas, as_user, plan):
    client = as_user(personas.editor)
    location = _upload(client, plan, "owner.csv", OWNER_CSV)
    client.get(
        location,
        {"choosing_columns": "1", "column": "C", "choice-C": "use:officer", "heading-C": "Owner??"},
    )
    client.post(location + "confirm/")

    later = _upload(client, plan, "later.csv", OWNER_CSV + b"Another issue,Another action,SFM\n")
    body = client.get(later).content.decode()

    assert "There is a problem" not in body
    assert "Read ‘Owner??’ as officer" in body
    client.post(later + "confirm/")
    assert Action.objects.get(description="Another action").officer == "SFM"


def test_the_command_uses_remembered_choices_by_name(personas, version, tmp_path):
    from vfmhub.imports.services import column_choices_remember
    from vfmhub.lib.headings import ColumnChoices

    column_choices_remember(
        acting_user=personas.editor,
        owner=personas.org_a,
        kind="plan",
        choices=ColumnChoices(use_as={"Owner??": "officer"}),
    )
    path = tmp_path / "owner.csv"
    path.write_bytes(OWNER_CSV)

    _, _, code = _command(str(path), "--mapping", "default")

    assert code == 0
    assert Action.objects.get(description="An action").officer == "HoF"
    with pytest.raises(CommandError, match="There are no column choices called 'other'"):
        _command(str(path), "--mapping", "other")
