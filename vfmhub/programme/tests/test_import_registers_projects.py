"""Projects files as partnerships keep them (issue 13): Windows-1252 and bare-CR CSV with the
partnership's own headings, a legacy .xls with other sheets first, a title and a heading over two
lines; an unknown column refused until left out or read as a known one; a bad file refused whole
with every problem; the same file twice changes nothing, on the command line and the page."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from vfmhub.audit.models import AuditEvent
from vfmhub.lib.headings import ColumnChoices
from vfmhub.programme.importing.registers import projects_import
from vfmhub.programme.models import Project, ProjectStage
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures" / "registers"
CP1252 = FIXTURES / "projects_cp1252.csv"
BARE_CR = FIXTURES / "projects_bare_cr.csv"
BAD = FIXTURES / "projects_bad.csv"
HEADER = ["Project", "Type", "Lead authority", "Partner authorities", "Phase", "Annual savings £"]
ROWS = [
    [
        "Shared revenues and benefits",
        "Shared service",
        "Northmoor County Council",
        "Ashby",
        "Business case",
        "£300,000",
    ],
    [
        "Vehicle maintenance",
        "Efficiency",
        "Northmoor County Council",
        "Carrow Fire Authority",
        "Implementation",
        "£30,000",
    ],
]


def run(personas, content: bytes, filename: str, **options):
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


def partners(name: str) -> list[str]:
    return sorted(body.name for body in Project.objects.get(name=name).partners.all())


def test_a_windows_1252_csv_with_a_title_and_its_own_headings_imports(personas):
    result = run(personas, CP1252.read_bytes(), CP1252.name)

    assert (result.errors, result.created) == ([], 3)
    benefits = Project.objects.get(name="Shared revenues and benefits")
    assert (benefits.stage, benefits.expected_annual_savings) == (
        ProjectStage.BUSINESS_CASE,
        Decimal("300000"),
    )
    assert partners("Shared revenues and benefits") == [
        "Ashby District Council",
        "Carrow Fire Authority",
    ]
    assert benefits.description == "Shared revenue and benefits services – RIEP funding allocated."
    vehicles = Project.objects.get(name="Vehicle maintenance")
    assert (vehicles.kind, vehicles.lead_organisation.name) == (
        "efficiency",
        "Northmoor County Council",
    )


def test_a_bare_cr_csv_reads_the_same_once_its_extra_column_is_left_out(personas):
    refused = run(personas, BARE_CR.read_bytes(), BARE_CR.name)
    assert [str(e) for e in refused.errors] == [
        "Row 1, column H (Project manager): Column H 'Project manager' is not used. Mark it as "
        "ignored to import the file without it."
    ]
    assert not Project.objects.exists()

    result = run(personas, BARE_CR.read_bytes(), BARE_CR.name, choices=ColumnChoices.parse(["H"]))

    assert (result.errors, result.created) == ([], 3)
    assert partners("Shared revenues and benefits") == [
        "Ashby District Council",
        "Carrow Fire Authority",
    ]
    again = run(personas, CP1252.read_bytes(), CP1252.name)
    assert (again.errors, again.unchanged, again.changed) == ([], 3, False)


def test_a_legacy_xls_with_other_sheets_first_and_a_two_line_heading(personas):
    two_lines = [
        ["Leicestershire LAA efficiency projects"],
        ["Project", "Type", "Lead", "Partner", "Phase", "Annual"],
        ["", "", "authority", "authorities", "", "savings £"],
        *ROWS,
    ]
    content = xls({"Read me": [["Figures in pounds a year"]], "Projects 2009-10": two_lines})

    result = run(personas, content, "projects.xls")

    assert (result.errors, result.created, result.sheet) == ([], 2, "Projects 2009-10")
    assert partners("Shared revenues and benefits") == ["Ashby District Council"]
    assert Project.objects.get(name="Vehicle maintenance").expected_annual_savings == 30000


def test_a_bad_file_is_refused_whole_with_every_problem_by_row_and_column(personas):
    events = AuditEvent.objects.count()

    result = run(personas, BAD.read_bytes(), BAD.name)

    assert [str(e) for e in result.errors] == [
        "Row 1, column H (RAG): Column H 'RAG' is not used. Mark it as ignored to import the "
        "file without it.",
        "Row 3, column B (Type): 'Outsourcing' is not a kind of project: shared service or "
        "efficiency.",
        "Row 3, column C (Lead authority): 'Leicester City Council' is not a member body of "
        "Improvement Northmoor (give a member's name or GSS code).",
        "Row 3, column F (Annual savings £): 'thirty thousand' is not an amount in pounds (such "
        "as £120,000).",
        "Row 4, column A (Project): Give the project's name.",
    ]
    assert not Project.objects.exists() and AuditEvent.objects.count() == events
    ignored = run(personas, BAD.read_bytes(), BAD.name, choices=ColumnChoices.parse(["RAG"]))
    assert [e.location.row for e in ignored.errors] == [3, 3, 3, 4]


def test_the_projects_sheet_may_be_named(personas):
    content = xlsx({"2009": [HEADER, ROWS[0]], "2010": [HEADER, *ROWS]})

    assert run(personas, content, "p.xlsx", dry_run=True).sheet == "2009"
    chosen = run(personas, content, "p.xlsx", sheet="2010", dry_run=True)
    assert (chosen.errors, chosen.created) == ([], 2)


# The command and the page ---------------------------------------------------------------------


def _command(personas, path: Path, *args: str) -> tuple[str, str, int]:
    out, err, code = io.StringIO(), io.StringIO(), 0
    try:
        call_command(
            "import-projects",
            str(path),
            *args,
            partnership=personas.partnership.pk,
            stdout=out,
            stderr=err,
        )
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return out.getvalue(), err.getvalue(), code


def test_the_command_leaves_out_a_column_and_says_when_nothing_changed(personas):
    _, err, code = _command(personas, BARE_CR)
    assert code == 1 and "Column H 'Project manager' is not used" in err

    out, _, code = _command(personas, BARE_CR, "--ignore-column", "Project manager")
    assert code == 0 and "Imported: 3 new, 0 changed, 0 unchanged projects" in out
    events, projects = AuditEvent.objects.count(), Project.objects.count()

    out, _, code = _command(personas, BARE_CR, "--ignore-column", "H")
    assert code == 0 and "nothing changed" in out
    assert (AuditEvent.objects.count(), Project.objects.count()) == (events, projects)


def test_the_page_leaves_out_a_column_ticked(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(personas.partnership_manager)
    url = reverse("programme:project_import", args=[personas.partnership.pk])
    upload = SimpleUploadedFile(BARE_CR.name, BARE_CR.read_bytes())
    preview = client.post(url, {"file": upload}, follow=True)
    assert "Columns the import does not recognise" in preview.content.decode()
    preview_url = preview.redirect_chain[-1][0]

    ticked = client.get(preview_url, {"choosing_columns": "1", "column": "H", "choice-H": "ignore"})
    assert "Import these projects" in ticked.content.decode()
    client.post(preview_url + "confirm/")
    assert Project.objects.count() == 3

    upload = SimpleUploadedFile(BARE_CR.name, BARE_CR.read_bytes())
    again = client.post(url, {"file": upload}, follow=True)
    assert "Importing it would change nothing" in again.content.decode()
    done = client.post(again.redirect_chain[-1][0] + "confirm/", follow=True)
    assert "nothing changed" in done.content.decode()
