"""Importing a risk register from XLSX or CSV: seed 001's register, idempotence, re-rating with the
history kept, dry runs, a bad file refused whole with every problem by row and column, the command,
and the upload, preview and confirm pages (partnership managers only)."""

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from vfmhub.audit.models import AuditEvent
from vfmhub.programme.importing.registers import risks_import
from vfmhub.programme.importing.registers.risks import COLUMNS
from vfmhub.programme.models import RatingKind, Risk, RiskRating, RiskStatus
from vfmhub.programme.services import risks as services
from vfmhub.programme.services.projects import project_create
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed001_risks.csv"
BAD = FIXTURES / "risks_bad.csv"
ENGAGEMENT = "Lack of Member engagement"
READERS = ["partnership_viewer", "peer_reviewer", "manager", "viewer"]
WRITERS = ["partnership_manager", "staff"]
L, M, H = 1, 2, 3


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(register, content: bytes, filename="risks.xlsx", *, user=None, dry_run=False):
    return risks_import(
        acting_user=user, register=register, content=content, filename=filename, dry_run=dry_run
    )


def seed_rows(**changes) -> list[list]:
    """Seed 001's register as a sheet, with `changes` {title: (probability, impact)}."""
    rows = _csv_rows(SEED)
    for row in rows[1:]:
        if row[0] in changes:
            row[1], row[2] = changes[row[0]]
    return rows


def _csv_rows(path: Path) -> list[list]:
    with path.open(encoding="utf-8", newline="") as f:
        return [list(r) for r in csv.reader(f)]


def test_it_imports_seed_001s_register(personas, register):
    result = run(register, SEED.read_bytes(), "seed001_risks.csv", user=personas.staff)

    assert (result.errors, result.created, result.updated, result.saved) == ([], 6, 0, True)
    risk = Risk.objects.get(register=register, title=ENGAGEMENT)
    assert (risk.current_likelihood, risk.current_impact) == (M, H)
    assert risk.mitigating_actions.splitlines() == [
        "• Members on the Panel to fully engage with their peers within their political "
        "groupings and their own authorities",
        "• Invite Members to seminars and conferences",
    ]
    assert RiskRating.objects.filter(risk__register=register, kind=RatingKind.CURRENT).count() == 6
    summary = AuditEvent.objects.get(action="risk_register.import")
    assert (summary.note, summary.changes["created"], summary.partnership_id) == (
        "seed001_risks.csv",
        [None, 6],
        personas.partnership.pk,
    )
    assert AuditEvent.objects.filter(action="risk.create").count() == 6


def test_importing_the_same_file_again_changes_nothing(personas, register):
    run(register, SEED.read_bytes(), "seed001_risks.csv")
    ratings, events = RiskRating.objects.count(), AuditEvent.objects.count()

    again = run(register, xlsx(seed_rows()), "seed001_risks.xlsx")

    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 6)
    assert not again.changed and not again.saved
    assert (RiskRating.objects.count(), AuditEvent.objects.count()) == (ratings, events)


def test_a_changed_rating_is_a_re_rating_and_the_history_is_kept(personas, register):
    run(register, SEED.read_bytes(), "seed001_risks.csv")

    result = run(register, xlsx(seed_rows(**{ENGAGEMENT: ("Low", "High")})), "march.xlsx")

    assert (result.created, result.updated, result.unchanged) == (0, 1, 5)
    assert result.counts["rerated"] == 1
    assert result.changes[0].changes == [
        ("Current rating", "Medium likelihood, High impact", "Low likelihood, High impact")
    ]
    risk = Risk.objects.get(register=register, title=ENGAGEMENT)
    history = list(risk.ratings.filter(kind=RatingKind.CURRENT).order_by("rated_at", "pk"))
    assert [(r.likelihood, r.impact) for r in history] == [(M, H), (L, H)]
    assert history[-1].note == "Imported from march.xlsx."
    assert AuditEvent.objects.filter(action="risk.rerate", object_id=str(risk.pk)).count() == 1


def test_a_dry_run_says_what_would_change_and_saves_nothing(personas, register):
    result = run(register, SEED.read_bytes(), "seed001_risks.csv", dry_run=True)

    assert (result.errors, result.created, result.dry_run, result.saved) == ([], 6, True, False)
    assert (Risk.objects.count(), RiskRating.objects.count()) == (0, 0)
    assert not AuditEvent.objects.filter(action__startswith="risk.").exists()

    run(register, SEED.read_bytes(), "seed001_risks.csv")
    rerate = run(register, xlsx(seed_rows(**{ENGAGEMENT: ("1", "3")})), dry_run=True)
    assert (rerate.updated, rerate.counts["rerated"]) == (1, 1)
    risk = Risk.objects.get(title=ENGAGEMENT)
    assert (risk.current_likelihood, risk.ratings.count()) == (M, 1)


def test_a_bad_file_is_refused_whole_with_every_problem(personas, register):
    result = run(register, BAD.read_bytes(), "risks_bad.csv")

    assert [str(e) for e in result.errors] == [
        "Row 2, column C (Current likelihood): 'Very high' is not a likelihood on this "
        "register's 3 × 3 matrix (High, Medium, Low or 1 to 3).",
        "Row 3, column A (Risk): Give the risk's title.",
        "Row 4, column D (Current impact): Give the current impact.",
        "Row 4, column F (Inherent impact): Give the inherent impact too, or leave both "
        "inherent ratings blank.",
        "Row 4, column G (Review date): 'next Tuesday' is not a date (such as 31/03/2010).",
        "Row 4, column H (Status): 'maybe' is not a status: open or closed.",
        "Row 6, column A (Risk): The risk 'Expectations too high' is already on row 5.",
    ]
    assert result.errors[0].as_dict() | {"text": ""} == {
        "table": None,
        "sheet": "",
        "row": 2,
        "column": "C",
        "heading": "Current likelihood",
        "message": "'Very high' is not a likelihood on this register's 3 × 3 matrix "
        "(High, Medium, Low or 1 to 3).",
        "text": "",
    }
    assert not result.saved
    assert not Risk.objects.exists()  # row 5 was good, but nothing is saved


def test_missing_headings_and_unreadable_files_are_named(personas, register):
    result = run(register, xlsx([["Risk", "Impact"], ["Fraud", "High"]]))
    assert [str(e) for e in result.errors] == [
        "Row 1: There is no Current likelihood column (headed “Current likelihood”, "
        "“Likelihood”, “Probability” or “Current probability”)."
    ]
    half = run(register, xlsx([["Risk", "Likelihood", "Impact", "Target likelihood"]]))
    assert [str(e) for e in half.errors] == [
        "Row 1: The file has a Target likelihood column but no Target impact column.",
        "Row 1: The file has no rows below its headings.",
    ]
    broken = run(register, b"PK\x03\x04 not really a workbook", "risks.xlsx")
    assert [str(e) for e in broken.errors] == [
        "The file: The file is not a spreadsheet (XLSX, XLS or CSV) that can be read."
    ]


def test_ratings_are_numbers_labels_or_initials_on_the_registers_matrix(personas):
    five = services.register_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="Procurement hub",
        matrix=services.ensure_default_matrices()["5x5"],
    )
    rows = [
        ["Risk", "Current likelihood", "Current impact", "Target likelihood", "Target impact"],
        ["Supplier fails", "almost certain", "5", "R", "minor"],
        ["Low take-up", "Low", "Moderate", "", ""],
        ["Data breach", "4", "M", "", ""],
    ]
    result = run(five, xlsx(rows))

    assert [str(e) for e in result.errors] == [
        "Row 3, column B (Current likelihood): 'Low' is not a likelihood on this register's "
        "5 × 5 matrix (Almost certain, Likely, Possible, Unlikely, Rare or 1 to 5).",
        "Row 4, column C (Current impact): 'M' is not an impact on this register's 5 × 5 "
        "matrix (Severe, Major, Moderate, Minor, Insignificant or 1 to 5).",
    ]
    result = run(five, xlsx(rows[:2]))
    risk = Risk.objects.get(register=five)
    assert (result.created, risk.current_likelihood, risk.current_impact) == (1, 5, 5)
    assert (risk.target_likelihood, risk.target_impact) == (1, 2)


def test_status_review_date_and_other_fields_go_through_the_services(personas, register):
    run(register, SEED.read_bytes(), "seed001_risks.csv")
    rows = [
        ["Risk", "Owner", "Likelihood", "Impact", "Review date", "Status"],
        [ENGAGEMENT, "Chair of the Member Panel", "Medium", "High", "31/03/2010", "Closed"],
        ["Lack of leadership from Member Panel", "", "Low", "High", "", "open"],
    ]
    result = run(register, xlsx(rows), user=personas.partnership_manager)

    assert (result.errors, result.updated, result.unchanged, result.counts["closed"]) == (
        [],
        1,
        1,
        1,
    )
    risk = Risk.objects.get(title=ENGAGEMENT)
    assert (risk.owner, risk.review_date, risk.status) == (
        "Chair of the Member Panel",
        datetime.date(2010, 3, 31),
        RiskStatus.CLOSED,
    )
    assert risk.closed_on is not None and risk.ratings.count() == 1
    update = AuditEvent.objects.get(action="risk.update", object_id=str(risk.pk))
    assert update.changes["owner"] == ["", "Chair of the Member Panel"]
    assert update.actor == personas.partnership_manager
    assert AuditEvent.objects.filter(action="risk.close", object_id=str(risk.pk)).exists()

    reopen = run(register, xlsx([rows[0], [*rows[1][:5], "Open"]]))
    risk.refresh_from_db()
    assert (reopen.counts["reopened"], risk.status, risk.closed_on) == (1, "open", None)


def test_an_exported_register_imports_back_unchanged(personas, register):
    run(register, SEED.read_bytes(), "seed001_risks.csv")
    url = reverse("programme:risk_register", args=[personas.partnership.pk, register.pk])
    exported = client_for(personas.partnership_manager).get(url + "?export=xlsx").content

    result = run(register, exported, "export.xlsx")

    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, 6)
    assert set(result.ignored_headings) >= {"Current score", "Current band"}


# The command ------------------------------------------------------------------------------------


def test_the_command_dry_runs_imports_and_prints_json(register):
    out = io.StringIO()
    call_command("import-risks", str(SEED), register=register.pk, dry_run=True, stdout=out)
    assert "Row 5: Lack of Member engagement (new)" in out.getvalue()
    assert out.getvalue().splitlines()[-1] == (
        "Dry run, nothing saved. Importing would give 6 new, 0 changed, 0 unchanged risks "
        "(0 re-rated, 0 closed, 0 reopened)."
    )
    assert not Risk.objects.exists()

    out = io.StringIO()
    call_command("import-risks", str(SEED), register=register.pk, json=True, stdout=out)
    summary = json.loads(out.getvalue())
    assert (summary["created"], summary["saved"], summary["errors"]) == (6, True, [])

    out = io.StringIO()
    call_command("import-risks", str(SEED), register=register.pk, stdout=out)
    assert "Imported: 0 new, 0 changed, 6 unchanged risks" in out.getvalue()


def test_the_command_fails_with_every_problem(register):
    err, out = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import-risks", str(BAD), register=register.pk, stderr=err, stdout=out)
    assert exit_.value.code == 1
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Row 2, column C (Current likelihood): 'Very high'")
    assert lines[-1] == "Nothing was imported: 7 problems."

    with pytest.raises(SystemExit):
        call_command("import-risks", str(BAD), register=register.pk, json=True, stdout=out)
    assert len(json.loads(out.getvalue())["errors"]) == 7


# The pages --------------------------------------------------------------------------------------


def _urls(personas, register) -> dict[str, str]:
    args = [personas.partnership.pk, register.pk]
    return {
        "upload": reverse("programme:risk_import", args=args),
        "template": reverse("programme:risk_import_template", args=args),
    }


def test_only_partnership_managers_reach_the_import(personas, register):
    for url in _urls(personas, register).values():
        assert_access(personas, url, allowed=WRITERS, forbidden=READERS, hidden=["outsider"])
    upload = SimpleUploadedFile("seed001_risks.csv", SEED.read_bytes())
    response = client_for(personas.partnership_viewer).post(
        _urls(personas, register)["upload"], {"file": upload}
    )
    assert response.status_code == 403


def test_the_upload_previews_then_imports(personas, register, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(personas.partnership_manager)
    upload = SimpleUploadedFile("seed001_risks.csv", SEED.read_bytes())

    preview = client.post(_urls(personas, register)["upload"], {"file": upload}, follow=True)

    body = preview.content.decode()
    assert "Check seed001_risks.csv" in body and "Import these risks" in body
    assert "Lack of Member engagement" in body
    assert not Risk.objects.exists()
    preview_url = preview.redirect_chain[-1][0]
    assert client.get(preview_url + "confirm/").status_code == 405
    assert client_for(personas.staff).get(preview_url).status_code == 404  # not their upload

    done = client.post(preview_url + "confirm/", follow=True)
    assert "Imported seed001_risks.csv: 6 new risks, 0 changed." in done.content.decode()
    assert Risk.objects.filter(register=register).count() == 6
    assert client.get(preview_url).status_code == 404  # the upload is gone once imported

    again = client.post(
        _urls(personas, register)["upload"],
        {"file": SimpleUploadedFile("seed001_risks.csv", SEED.read_bytes())},
        follow=True,
    )
    assert "Importing it would change nothing" in again.content.decode()
    assert "Import these risks" not in again.content.decode()


def test_the_preview_shows_every_problem_and_offers_no_import(
    personas, register, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(personas.partnership_manager)
    upload = SimpleUploadedFile("risks_bad.csv", BAD.read_bytes())

    preview = client.post(_urls(personas, register)["upload"], {"file": upload}, follow=True)

    body = preview.content.decode()
    assert "There is a problem" in body and "7 problems are put right" in body
    assert "Row 4, column H (Status): &#x27;maybe&#x27; is not a status: open or closed." in body
    assert "Import these risks" not in body
    wrong = client.post(
        _urls(personas, register)["upload"],
        {"file": SimpleUploadedFile("risks.pdf", b"%PDF-1.4")},
    )
    assert "The file must be an Excel workbook (.xlsx or .xls) or a CSV file (.csv)." in (
        wrong.content.decode()
    )


def test_the_template_has_the_headings_the_import_reads(personas, register):
    response = client_for(personas.partnership_manager).get(_urls(personas, register)["template"])

    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == [c.heading for c in COLUMNS]
    assert "Low, Medium, High" in " ".join(
        str(c.value) for row in book["Guidance"].iter_rows() for c in row if c.value
    )
    result = run(register, response.content, "template.xlsx")
    assert [str(e) for e in result.errors] == ["Row 1: The file has no rows below its headings."]


def test_a_projects_register_files_its_import_under_the_partnership(personas):
    project = project_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="Shared legal service",
        lead_organisation=personas.org_a,
    )
    register = services.register_create(
        acting_user=personas.partnership_manager, project_id=project.pk, name="Legal risks"
    )

    result = run(register, SEED.read_bytes(), "seed001_risks.csv")

    assert (result.errors, result.created) == ([], 6)
    summary = AuditEvent.objects.get(action="risk_register.import")
    assert summary.partnership_id == personas.partnership.pk
