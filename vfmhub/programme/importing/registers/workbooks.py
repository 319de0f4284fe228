"""The XLSX templates for the imports: the heading row the importer reads, drop-down lists for the
ratings and choices, and a guidance sheet (which the importer does not read)."""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from vfmhub.core.exports import safe_cell
from vfmhub.programme.importing.registers import milestones, projects, risks
from vfmhub.programme.importing.registers.tables import (
    Column,
)
from vfmhub.programme.models import (
    MilestoneStatus,
    ProjectKind,
    ProjectStage,
    RiskRegister,
    RiskStatus,
)
from vfmhub.programme.selectors.projects import member_organisations

TEMPLATE_ROWS = 500
WIDE = {"title", "name", "cause", "effect", "mitigating_actions", "description", "partners"}


def _headings(sheet: Worksheet, columns: Sequence[Column]) -> None:
    sheet.append([c.heading for c in columns])
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = (
            45 if column.name in WIDE else max(14, len(column.heading) + 4)
        )
    sheet.freeze_panes = "A2"


def _drop_down(sheet: Worksheet, columns: Sequence[Column], name: str, source: str) -> None:
    """A drop-down list on the column; other values may still be typed (a rating as a number)."""
    index = next(i for i, c in enumerate(columns, start=1) if c.name == name)
    letter = get_column_letter(index)
    check = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
    sheet.add_data_validation(check)
    check.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")


def _listed(values: Sequence[str]) -> str:
    return '"' + ",".join(v.replace(",", " ") for v in values) + '"'


def _guidance(book: Workbook, sections: list[tuple[str, Sequence[Column]]], notes: list[str]):
    sheet = book.create_sheet("Guidance")
    sheet.append(["Sheet", "Column", "Needed", "What it holds"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for title, columns in sections:
        for column in columns:
            needed = "Yes" if column.required else ""
            sheet.append([title, column.heading, needed, safe_cell(column.hint)])
    sheet.append([])
    for note in notes:
        sheet.append([safe_cell(note)])
    for letter, width in zip("ABCD", (14, 26, 10, 80), strict=True):
        sheet.column_dimensions[letter].width = width


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def risks_template_xlsx(register: RiskRegister) -> bytes:
    """A risk register template with the register's matrix labels in the rating drop-downs."""
    matrix = register.matrix
    book = Workbook()
    sheet = book.active
    sheet.title = "Risks"
    _headings(sheet, risks.COLUMNS)
    for kind in ("inherent", "current", "target"):
        _drop_down(sheet, risks.COLUMNS, f"{kind}_likelihood", _listed(matrix.likelihood_labels))
        _drop_down(sheet, risks.COLUMNS, f"{kind}_impact", _listed(matrix.impact_labels))
    _drop_down(sheet, risks.COLUMNS, "status", _listed(RiskStatus.labels))
    _guidance(
        book,
        [("Risks", risks.COLUMNS)],
        [
            f"Ratings on this register's {matrix.name} matrix: likelihood "
            f"{', '.join(matrix.likelihood_labels)}; impact {', '.join(matrix.impact_labels)} "
            f"(lowest first), or a number from 1 to {matrix.size}.",
            "The sheet whose headings fit best is read (this one, Guidance, is not). Every "
            "column must be one the import knows, or be left out when the file is checked. "
            "A risk is matched to the register's risk of the same "
            "title, so importing the same file again changes nothing.",
        ],
    )
    return _bytes(book)


def projects_template_xlsx(partnership) -> bytes:
    """A projects template: Projects and Milestones sheets, and the member bodies to choose."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Projects"
    _headings(sheet, projects.COLUMNS)
    bodies = book.create_sheet("Member bodies")
    bodies.append(["Member body", "GSS code"])
    members = list(member_organisations(partnership))
    for body in members:
        bodies.append([safe_cell(body.name), body.gss_code or ""])
    bodies.column_dimensions["A"].width = 45
    _drop_down(sheet, projects.COLUMNS, "kind", _listed(ProjectKind.labels))
    _drop_down(sheet, projects.COLUMNS, "stage", _listed(ProjectStage.labels))
    if members:
        source = f"='Member bodies'!$A$2:$A${len(members) + 1}"
        _drop_down(sheet, projects.COLUMNS, "lead", source)
    planned = book.create_sheet(milestones.MILESTONES_SHEET, 1)
    _headings(planned, milestones.COLUMNS)
    _drop_down(planned, milestones.COLUMNS, "status", _listed(MilestoneStatus.labels))
    _guidance(
        book,
        [("Projects", projects.COLUMNS), ("Milestones", milestones.COLUMNS)],
        [
            "The sheet whose headings fit best holds the projects; a sheet called Milestones "
            "holds their milestones. Other sheets are not read. Every column must be one the "
            "import knows, or be left out when the file is checked.",
            "A project is matched to the partnership's project of the same name, so importing "
            "the same file again changes nothing.",
        ],
    )
    return _bytes(book)
