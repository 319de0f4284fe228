"""Importing a partnership's projects (and a workbook's Milestones sheet) from XLSX or CSV: seed
003's shared-service projects, idempotence, stage history, dry runs, a bad file refused whole with
every problem by sheet, row and column, the command, and the pages (partnership managers only)."""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from vfmhub.audit.models import AuditEvent
from vfmhub.programme.importing.registers import projects_import
from vfmhub.programme.importing.registers.milestones import COLUMNS as MILESTONE_COLUMNS
from vfmhub.programme.importing.registers.projects import COLUMNS
from vfmhub.programme.models import (
    MilestoneStatus,
    Project,
    ProjectMilestone,
    ProjectStage,
    ProjectStageChange,
)
from vfmhub.programme.services import projects as services
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "projects_seed003.csv"
READERS = ["partnership_viewer", "peer_reviewer", "manager", "viewer"]
WRITERS = ["partnership_manager", "staff"]
HEADINGS = ["Project", "Kind", "Lead body", "Partners", "Stage", "Expected annual savings"]
MILESTONES = ["Project", "Milestone", "Due date", "Status"]


def xlsx(projects: list[list], milestones: list[list] | None = None) -> bytes:
    book = Workbook()
    book.active.title = "Projects"
    for row in projects:
        book.active.append(row)
    if milestones is not None:
        sheet = book.create_sheet("Milestones")
        for row in milestones:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(personas, content: bytes, filename="projects.xlsx", *, user=None, dry_run=False):
    return projects_import(
        acting_user=user,
        partnership=personas.partnership,
        content=content,
        filename=filename,
        dry_run=dry_run,
    )


def legal(stage="Feasibility", savings="120000") -> list:
    return ["Legal", "Shared service", "Ashby District Council", "", stage, savings]


def test_it_imports_seed_003s_projects(personas):
    result = run(personas, SEED.read_bytes(), "projects_seed003.csv", user=personas.staff)

    assert (result.errors, result.created, result.saved) == ([], 7, True)
    fleet = Project.objects.get(name="Fleet")
    assert (fleet.kind, fleet.stage, fleet.lead_organisation.gss_code) == (
        "efficiency",
        ProjectStage.IMPLEMENTATION,
        "E10000901",
    )
    assert sorted(o.name for o in fleet.partners.all()) == [
        "Ashby District Council",
        "Carrow Fire Authority",
    ]
    transport = Project.objects.get(name="Passenger transport")
    assert (transport.lead_organisation.name, transport.expected_annual_savings) == (
        "Northmoor County Council",
        Decimal("70000"),
    )
    assert [o.name for o in transport.partners.all()] == ["Ashby District Council"]
    assert Project.objects.get(name="Legal").expected_annual_savings == Decimal("120000")
    assert Project.objects.get(name="Land charges").expected_annual_savings == 0
    assert ProjectStageChange.objects.count() == 7
    summary = AuditEvent.objects.get(action="project.import")
    assert (summary.partnership_id, summary.changes["created"], summary.note) == (
        personas.partnership.pk,
        [None, 7],
        "projects_seed003.csv",
    )


def test_importing_the_same_file_again_changes_nothing(personas):
    run(personas, SEED.read_bytes(), "projects_seed003.csv")
    events = AuditEvent.objects.count()

    again = run(personas, SEED.read_bytes(), "projects_seed003.csv")

    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 7)
    assert not again.changed
    assert AuditEvent.objects.count() == events


def test_a_new_stage_is_kept_in_the_stage_history(personas):
    run(personas, xlsx([HEADINGS, legal()]))

    result = run(
        personas, xlsx([HEADINGS, legal("Business case", "£150,000")]), user=personas.staff
    )

    assert (result.updated, result.changes[0].changes) == (
        1,
        [
            ("Stage", "Feasibility", "Business case"),
            ("Expected annual savings", "£120,000", "£150,000"),
        ],
    )
    project = Project.objects.get(name="Legal")
    assert [(c.from_stage, c.to_stage) for c in project.stage_changes.all()] == [
        ("", "feasibility"),
        ("feasibility", "business_case"),
    ]
    edit = AuditEvent.objects.get(action="project.edit")
    assert edit.changes["stage"] == ["feasibility", "business_case"]


def test_blank_choices_leave_a_project_as_it_is_and_partners_follow_the_file(personas):
    run(personas, SEED.read_bytes(), "projects_seed003.csv")
    rows = [
        ["Project", "Lead body", "Partners", "Stage", "Kind"],
        ["fleet", "Northmoor County Council", "Carrow Fire Authority", "", ""],
    ]
    result = run(personas, xlsx(rows))

    assert (result.errors, result.updated) == ([], 1)
    assert result.changes[0].changes == [
        ("Project", "Fleet", "fleet"),
        ("Partners", "Ashby District Council; Carrow Fire Authority", "Carrow Fire Authority"),
    ]
    fleet = Project.objects.get(name="fleet")
    assert (fleet.stage, fleet.kind) == (ProjectStage.IMPLEMENTATION, "efficiency")
    assert [o.name for o in fleet.partners.all()] == ["Carrow Fire Authority"]


def test_milestones_come_from_the_milestones_sheet(personas):
    milestones: list[list] = [
        MILESTONES,
        ["Legal", "Business case to Advisory Board", datetime.date(2010, 1, 31), "Done"],
        ["Legal", "Shared service live", "31/03/2011", ""],
    ]
    result = run(personas, xlsx([HEADINGS, legal()], milestones), user=personas.staff)

    assert (result.errors, result.created, result.counts["milestones_created"]) == ([], 1, 2)
    case, live = ProjectMilestone.objects.order_by("due_on")
    assert (case.status, case.completed_on is not None) == (MilestoneStatus.DONE, True)
    assert (live.due_on, live.status) == (datetime.date(2011, 3, 31), MilestoneStatus.NOT_STARTED)

    milestones[2][3] = "In progress"
    moved = run(personas, xlsx([HEADINGS, legal()], milestones))
    assert (moved.unchanged, moved.counts["milestones_updated"]) == (1, 1)
    assert moved.changes[0].changes == [("Status", "Not started", "In progress")]
    live.refresh_from_db()
    assert live.status == MilestoneStatus.IN_PROGRESS

    again = run(personas, xlsx([HEADINGS, legal()], milestones))
    assert (again.changed, again.counts["milestones_unchanged"]) == (False, 2)


def test_a_dry_run_saves_nothing(personas):
    milestones = [MILESTONES, ["Fleet", "Vehicle maintenance contract let", "30/06/2010", ""]]
    result = run(personas, SEED.read_bytes(), "projects_seed003.csv", dry_run=True)

    assert (result.errors, result.created, result.saved) == ([], 7, False)
    assert not Project.objects.exists() and not AuditEvent.objects.exists()
    with_milestones = run(personas, xlsx([HEADINGS, legal()], milestones), dry_run=True)
    assert [str(e) for e in with_milestones.errors] == [
        "Milestones sheet, row 2, column A (Project): 'Fleet' is not a project in the projects "
        "sheet or in the partnership."
    ]
    assert not ProjectMilestone.objects.exists()


def test_a_bad_file_is_refused_whole_with_every_problem(personas):
    rows = [
        HEADINGS,
        ["Legal", "Shared service", "Ashby District Council", "", "Feasibility", "120000"],
        ["Fleet", "Outsourcing", "Bexwell Borough Council", "Ashby; Nowhere Council", "", "£3k"],
        ["", "Efficiency", "", "", "Planning", "-500"],
        ["legal", "Efficiency", "E07000901", "", "", ""],
    ]
    milestones = [
        MILESTONES,
        ["Legal", "Business case", "soon", "Done"],
        ["Legal", "", "31/03/2011", "Finished"],
        ["Building control", "Options appraisal", "31/03/2011", ""],
    ]
    result = run(personas, xlsx(rows, milestones))

    assert [str(e) for e in result.errors] == [
        "Row 3, column B (Kind): 'Outsourcing' is not a kind of project: shared service or "
        "efficiency.",
        "Row 3, column C (Lead body): 'Bexwell Borough Council' is not a member body of "
        "Improvement Northmoor (give a member's name or GSS code).",
        "Row 3, column D (Partners): 'Nowhere Council' is not a member body of Improvement "
        "Northmoor (give a member's name or GSS code).",
        "Row 3, column F (Expected annual savings): '£3k' is not an amount in pounds (such as "
        "£120,000).",
        "Row 4, column A (Project): Give the project's name.",
        "Row 4, column C (Lead body): Give the lead body.",
        "Row 4, column E (Stage): 'Planning' is not a stage: idea, feasibility, business case, "
        "implementation, live or closed.",
        "Row 4, column F (Expected annual savings): The amount cannot be negative.",
        "Row 5, column A (Project): The project 'legal' is already on row 2.",
        "Milestones sheet, row 2, column C (Due date): 'soon' is not a date (such as 31/03/2010).",
        "Milestones sheet, row 3, column B (Milestone): Give the milestone.",
        "Milestones sheet, row 3, column D (Status): 'Finished' is not a milestone status: not "
        "started, in progress, done or missed.",
        "Milestones sheet, row 4, column A (Project): 'Building control' is not a project in the "
        "projects sheet or in the partnership.",
    ]
    assert result.errors[-1].as_dict()["sheet"] == "Milestones"
    assert not Project.objects.exists()  # row 2 was good, but nothing is saved


def test_a_milestones_due_date_is_not_moved_by_an_import(personas):
    milestones = [MILESTONES, ["Legal", "Shared service live", "31/03/2011", ""]]
    run(personas, xlsx([HEADINGS, legal()], milestones))

    milestones[1][2] = "30/06/2011"
    result = run(personas, xlsx([HEADINGS, legal("Live")], milestones))

    assert [str(e) for e in result.errors] == [
        "Milestones sheet, row 2, column C (Due date): The milestone is due on 31 March 2011; "
        "an import cannot move a milestone's due date."
    ]
    assert Project.objects.get(name="Legal").stage == ProjectStage.FEASIBILITY


def test_missing_headings_are_named(personas):
    result = run(personas, xlsx([["Project", "Stage"], ["Legal", "Idea"]]))

    assert [str(e) for e in result.errors] == [
        "Row 1: There is no Lead body column (headed “Lead body”, “Lead”, “Lead "
        "organisation”, “Lead authority” or “Lead council”)."
    ]


def test_a_body_that_could_be_two_members_is_refused(personas):
    personas.org_c.short_name = "Ashby"
    personas.org_c.save()

    result = run(personas, xlsx([HEADINGS, ["Legal", "", "Ashby", "", "", ""]]))

    assert [e.message for e in result.errors] == [
        "'Ashby' could be Ashby District Council or Carrow Fire Authority: give the full name "
        "or GSS code."
    ]


# The command ------------------------------------------------------------------------------------


def test_the_command_dry_runs_imports_and_prints_json(personas):
    out = io.StringIO()
    p = personas.partnership.pk
    call_command("import-projects", str(SEED), partnership=p, dry_run=True, stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "Dry run, nothing saved. Importing would give 7 new, 0 changed, 0 unchanged projects "
        "(milestones: 0 new, 0 changed, 0 unchanged)."
    )
    assert not Project.objects.exists()

    out = io.StringIO()
    call_command("import-projects", str(SEED), partnership=p, json=True, stdout=out)
    summary = json.loads(out.getvalue())
    assert (summary["created"], summary["saved"], len(summary["changes"])) == (7, True, 7)


def test_the_command_fails_with_every_problem(personas, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Project,Lead body\nLegal,Nowhere Council\n,Ashby\n", encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("import-projects", str(bad), partnership=personas.partnership.pk, stderr=err)

    assert exit_.value.code == 1
    assert err.getvalue().splitlines() == [
        "Row 2, column B (Lead body): 'Nowhere Council' is not a member body of Improvement "
        "Northmoor (give a member's name or GSS code).",
        "Row 3, column A (Project): Give the project's name.",
        "Nothing was imported: 2 problems.",
    ]


# The pages --------------------------------------------------------------------------------------


def _upload_url(personas) -> str:
    return reverse("programme:project_import", args=[personas.partnership.pk])


def test_only_partnership_managers_reach_the_import(personas):
    p = personas.partnership.pk
    for url in [_upload_url(personas), reverse("programme:project_import_template", args=[p])]:
        assert_access(personas, url, allowed=WRITERS, forbidden=READERS, hidden=["outsider"])


def test_the_upload_previews_then_imports(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(personas.partnership_manager)
    upload = SimpleUploadedFile("seed003.csv", SEED.read_bytes())

    preview = client.post(_upload_url(personas), {"file": upload}, follow=True)

    body = preview.content.decode()
    assert "Check seed003.csv" in body and "Import these projects" in body
    assert "Revenues and benefits" in body
    assert not Project.objects.exists()
    done = client.post(preview.redirect_chain[-1][0] + "confirm/", follow=True)
    assert "Imported seed003.csv: 7 new projects, 0 changed; 0 milestones" in done.content.decode()
    assert Project.objects.count() == 7
    assert AuditEvent.objects.get(action="project.import").actor == personas.partnership_manager


def test_the_preview_shows_problems_by_sheet_row_and_column(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = xlsx([HEADINGS, legal()], [MILESTONES, ["Legal", "Live", "soon", ""]])
    upload = SimpleUploadedFile("projects.xlsx", content)

    preview = client_for(personas.partnership_manager).post(
        _upload_url(personas), {"file": upload}, follow=True
    )

    body = preview.content.decode()
    assert "There is a problem" in body and "Import these projects" not in body
    assert "Milestones sheet, row 2, column C (Due date): &#x27;soon&#x27; is not a date" in body


def test_the_template_has_both_sheets_and_the_member_bodies(personas):
    response = client_for(personas.partnership_manager).get(
        reverse("programme:project_import_template", args=[personas.partnership.pk])
    )

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Projects", "Milestones", "Member bodies", "Guidance"]
    assert [c.value for c in book["Projects"][1]] == [c.heading for c in COLUMNS]
    assert [c.value for c in book["Milestones"][1]] == [c.heading for c in MILESTONE_COLUMNS]
    assert [r[0].value for r in book["Member bodies"].iter_rows(min_row=2)] == [
        "Ashby District Council",
        "Carrow Fire Authority",
        "Northmoor County Council",
    ]
    book["Projects"].append(legal())
    book["Milestones"].append(["Legal", "Shared service live", "31/03/2011", "Not started"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(personas, buffer.getvalue())
    assert (result.errors, result.created, result.counts["milestones_created"]) == ([], 1, 1)


def test_an_import_keeps_a_projects_rag_updates(personas):
    project = services.project_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="Legal",
        lead_organisation=personas.org_a,
        stage="feasibility",
        expected_annual_savings=Decimal("120000"),
    )
    services.project_update_add(
        acting_user=personas.partnership_manager, project=project, rag="A", text="Slow progress"
    )

    result = run(personas, xlsx([HEADINGS, legal("Business case")]))

    assert (result.updated, project.updates.count()) == (1, 1)


def test_a_project_led_by_a_body_that_has_left_imports_again_unchanged(personas):
    run(personas, xlsx([HEADINGS, legal()]))
    membership = personas.partnership.members.get(organisation=personas.org_a)
    membership.left = datetime.date(2010, 3, 31)
    membership.save()

    result = run(personas, xlsx([HEADINGS, legal()]))

    assert (result.errors, result.unchanged) == ([], 1)


def test_a_milestones_sheet_without_its_headings_is_named(personas):
    result = run(personas, xlsx([HEADINGS, legal()], [["Project", "Title"], ["Legal", "Live"]]))

    assert [str(e) for e in result.errors] == [
        "Milestones sheet, row 1: There is no Due date column (headed “Due date”, “Due”, "
        "“Due on”, “Date due” or “Target date”)."
    ]
