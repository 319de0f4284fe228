"""A council plan written out in the shape it is imported from (seed 004's table): one row per
key deliverable with its first measure and first action, then continuation rows (Priority and
Key Deliverable empty) for its further measures and actions. As DOCX (a Word table), XLSX or CSV;
importing the download gives the same plan again."""

import io
from collections.abc import Iterable
from typing import Any

from vfmhub.core.exports import xlsx_bytes
from vfmhub.performance.models import CouncilPlan, PlanAction

HEADERS = (
    "Priority",
    "Key Deliverable",
    "Outcome Measure",
    "How Do We Know We Are Getting There?",
    "Project/Action",
    "Completion Date",
    "Resource",
    "Lead Member",
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def completion_as_written(action: PlanAction) -> str:
    if action.completion_text:
        return action.completion_text
    day = action.completion_date
    return f"{day.day} {day:%B %Y}" if day else ""


def resource_as_written(action: PlanAction) -> str:
    if action.resource:
        return action.resource
    parts = []
    if action.resource_amount is not None:
        parts.append(f"£{action.resource_amount:,.2f}".removesuffix(".00"))
    if action.resource_staff is not None:
        parts.append(f"{action.resource_staff.normalize():f} FTE")
    return ", ".join(parts)


def plan_rows(priorities: Iterable[Any]) -> list[list[str]]:
    """The table's rows (without the header), from `selectors.plan.plan_priorities`."""
    rows: list[list[str]] = []
    for priority in priorities:
        first_of_priority = True
        for deliverable in priority.deliverables.all():
            measures = list(deliverable.measures.all())
            actions = list(deliverable.actions.all())
            for i in range(max(len(measures), len(actions), 1)):
                measure = measures[i] if i < len(measures) else None
                action = actions[i] if i < len(actions) else None
                rows.append(
                    [
                        priority.title if first_of_priority else "",
                        deliverable.title if i == 0 else "",
                        measure.text if measure else "",
                        measure.how_we_know if measure else "",
                        action.title if action else "",
                        completion_as_written(action) if action else "",
                        resource_as_written(action) if action else "",
                        action.lead_member if action else "",
                    ]
                )
                first_of_priority = False
        if first_of_priority:
            rows.append([priority.title, *[""] * (len(HEADERS) - 1)])
    return rows


def plan_docx(plan: CouncilPlan, rows: list[list[str]]) -> bytes:
    """A Word document: the plan's title, then the table with a bold header row repeated on
    each page."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(_printable(plan.title), level=1)
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = _printable(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _printable(text: str) -> str:
    """Text Word can hold: XML forbids most control characters."""
    return "".join(c for c in text if c in "\t\n" or ord(c) >= 32)


def plan_xlsx(plan: CouncilPlan, rows: list[list[str]]) -> bytes:
    return xlsx_bytes(HEADERS, rows, title="Council plan")
