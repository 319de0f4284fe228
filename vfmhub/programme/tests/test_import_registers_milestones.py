"""A projects workbook's milestones as partnerships keep them (issue 13): a legacy .xls whose
milestones are on a sheet not called Milestones, found by its headings; a title and a heading over
two lines; an unknown column on the milestones sheet refused until left out (by sheet and letter);
a bad sheet refused whole with every problem by sheet, row and column; the same file twice
changes nothing."""

import datetime
import io

import pytest
import xlwt
from django.core.management import call_command
from openpyxl import Workbook

from vfmhub.audit.models import AuditEvent
from vfmhub.lib.headings import ColumnChoices
from vfmhub.programme.importing.registers import projects_import
from vfmhub.programme.models import MilestoneStatus, Project, ProjectMilestone

pytestmark = pytest.mark.django_db
PROJECTS = [
    ["Leicestershire LAA efficiency projects 2009/10"],
    ["Project", "Type", "Lead authority", "Phase"],
    ["District VFM capacity", "Efficiency", "Ashby District Council", "Idea"],
    ["Vehicle maintenance", "Efficiency", "Northmoor County Council", "Implementation"],
]
# Seed 003's outline implementation plan: "September 2009 – Start project to improve performance
# of district councils"; "October 2009 – Initial feedback on Total Place".
KEY_DATES = [
    ["Outline implementation plan"],
    ["Project name", "Key delivery action", "By when", "Status"],
    [
        "District VFM capacity",
        "Start project to improve performance of district councils",
        "30/09/2009",
        "In progress",
    ],
    ["District VFM capacity", "Initial feedback on Total Place", "31/10/2009", ""],
]
DELIVERY = ColumnChoices(use_as={"Key delivery action": "title", "By when": "due_on"})


def run(personas, content: bytes, filename="projects.xls", **options):
    return projects_import(
        acting_user=None,
        partnership=personas.partnership,
        content=content,
        filename=filename,
        **options,
    )


def xls(sheets: dict[str, list[list]]) -> bytes:
    book = xlwt.Workbook()
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(milestones: list[list], name="Milestones") -> bytes:
    return xls({"Notes": [["Figures in pounds"]], "Projects": PROJECTS, name: milestones})


def test_milestones_on_a_sheet_of_another_name_are_found_by_their_headings(personas):
    content = workbook(KEY_DATES, name="Key dates")

    unread = run(personas, content, dry_run=True)  # its headings are not a milestone's yet
    assert (unread.errors, unread.created, unread.counts["milestones_created"]) == ([], 2, 0)
    result = run(personas, content, choices=DELIVERY)

    assert (result.errors, result.created, result.counts["milestones_created"]) == ([], 2, 2)
    start, feedback = ProjectMilestone.objects.order_by("due_on")
    assert (start.title, start.due_on, start.status) == (
        "Start project to improve performance of district councils",
        datetime.date(2009, 9, 30),
        MilestoneStatus.IN_PROGRESS,
    )
    assert (feedback.project.name, feedback.status) == (
        "District VFM capacity",
        MilestoneStatus.NOT_STARTED,
    )


def test_a_milestones_sheet_with_a_title_and_a_heading_over_two_lines(personas):
    milestones = [
        ["Outline implementation plan"],
        ["Project", "Milestone", "Target", "Status"],
        ["", "", "date", ""],
        *KEY_DATES[2:],
    ]

    result = run(personas, xlsx({"Projects": PROJECTS, "Milestones": milestones}), "p.xlsx")

    assert (result.errors, result.counts["milestones_created"]) == ([], 2)
    assert ProjectMilestone.objects.get(due_on=datetime.date(2009, 10, 31)).title == (
        "Initial feedback on Total Place"
    )


def test_a_bad_milestones_sheet_is_refused_whole_with_every_problem(personas):
    milestones = [
        ["Project", "Milestone", "Due date", "Status", "Owner"],
        ["District VFM capacity", "Start project", "soon", "In progress", "County"],
        ["District VFM capacity", "", "31/10/2009", "Finished", ""],
        ["Total Place", "Initial feedback", "31/10/2009", "", ""],
    ]
    events = AuditEvent.objects.count()

    result = run(personas, workbook(milestones))

    assert [str(e) for e in result.errors] == [
        "Milestones sheet, row 1, column E (Owner): Column E 'Owner' is not used. Mark it as "
        "ignored to import the file without it.",
        "Milestones sheet, row 2, column C (Due date): 'soon' is not a date (such as 31/03/2010).",
        "Milestones sheet, row 3, column B (Milestone): Give the milestone.",
        "Milestones sheet, row 3, column D (Status): 'Finished' is not a milestone status: not "
        "started, in progress, done or missed.",
        "Milestones sheet, row 4, column A (Project): 'Total Place' is not a project in the "
        "projects sheet or in the partnership.",
    ]
    assert result.errors[0].ignorable == "Milestones!E"
    assert not Project.objects.exists() and AuditEvent.objects.count() == events
    ignored = run(personas, workbook(milestones), choices=ColumnChoices.parse(["Milestones!E"]))
    assert len(ignored.errors) == 4


def test_the_command_leaves_out_a_milestones_column_and_then_changes_nothing(personas, tmp_path):
    path = tmp_path / "projects.xls"
    path.write_bytes(
        workbook(
            [
                ["Project", "Milestone", "Due date", "Status", "Owner"],
                [*KEY_DATES[2], "County"],
                [*KEY_DATES[3], ""],
            ]
        )
    )
    p = personas.partnership.pk
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import-projects", str(path), partnership=p, stderr=err)
    assert "Milestones sheet, row 1, column E (Owner)" in err.getvalue()

    out = io.StringIO()
    call_command(
        "import-projects", str(path), "--ignore-column", "Milestones!E", partnership=p, stdout=out
    )
    assert "(milestones: 2 new, 0 changed, 0 unchanged)" in out.getvalue()
    assert "Read from the ‘Projects’ sheet." in out.getvalue()
    events = AuditEvent.objects.count()

    out = io.StringIO()
    call_command(
        "import-projects", str(path), "--ignore-column", "Owner", partnership=p, stdout=out
    )
    assert "nothing changed" in out.getvalue()
    assert AuditEvent.objects.count() == events and ProjectMilestone.objects.count() == 2
