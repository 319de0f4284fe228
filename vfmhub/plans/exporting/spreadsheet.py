"""A plan as the spreadsheet councils keep (seed 002's shape), in XLSX or CSV.

The layout is the one the importer reads, so an exported file imports back to the same plan: a
title, the header, then theme and KLOE heading rows, one row per action (the issue on its item's
first row only), each round's current update in the round's column, and the actions added from a
later assessment in that assessment's column with their owner as a trailing " - HoF".
Every cell goes through `safe_cell`, so nothing in it runs as a formula.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from vfmhub.core.exports import safe_cell
from vfmhub.lib import clock
from vfmhub.lib.tabular import find_date
from vfmhub.plans.importing.columns import ROUND_MARK
from vfmhub.plans.models import Action, ActionStatus, ActionUpdate, Plan, PlanItem, UpdateRound

BASE_HEADINGS = ["Issue", "Action", "Responsible officer", "Target date", "Status", "RAG"]
ISSUE, ACTION, OFFICER, TARGET, STATUS, RAG = range(6)
WIDTHS = {"Issue": 45, "Action": 45, "Responsible officer": 14, "Target date": 12}


@dataclass
class PlanSheet:
    title: str
    subtitle: str
    headings: list[str]
    rows: list[list] = field(default_factory=list)
    heading_rows: set[int] = field(default_factory=set)  # indexes into rows


def round_heading(one: UpdateRound) -> str:
    """The heading a round's column gets: its label, with its date added when the label alone
    would not give it back on import."""
    if one.as_at is None:
        return f"{one.label} {ROUND_MARK}"
    if find_date(one.label) == one.as_at:
        return one.label
    return f"{one.label} (as at {one.as_at.day} {one.as_at:%B %Y})"


def _item_headings(item: PlanItem, noun: str) -> tuple[str, str]:
    theme, criterion = item.theme_heading, item.criterion_heading
    if item.criterion is not None:
        if not theme:
            theme = f"Theme {item.criterion.theme.code} - {item.criterion.theme.title}"
        if not criterion:
            criterion = f"{noun} {item.criterion.code} - {item.criterion.title}"
    return theme, criterion


def _columns(
    rounds: list[UpdateRound], actions: list[Action], updates: dict
) -> tuple[list[str], dict[int, int], dict[str, int]]:
    """Headings, round id -> column, added_from -> column. An assessment column goes before the
    first round its actions were updated in (as seed 002 has it), else at the end."""
    sources = list(dict.fromkeys(a.added_from for a in actions if a.added_from))
    first_round: dict[str, int] = {}
    for action in actions:
        if action.added_from:
            for position, one in enumerate(rounds):
                if (action.pk, one.pk) in updates:
                    first_round[action.added_from] = min(
                        first_round.get(action.added_from, position), position
                    )
                    break
    headings = list(BASE_HEADINGS)
    round_columns, source_columns = {}, {}
    for position, one in enumerate(rounds):
        for source in sources:
            if first_round.get(source) == position:
                source_columns[source] = len(headings)
                headings.append(source)
        round_columns[one.pk] = len(headings)
        headings.append(round_heading(one))
    for source in sources:
        if source not in source_columns:
            source_columns[source] = len(headings)
            headings.append(source)
    return headings, round_columns, source_columns


def _action_row(action: Action, width: int, columns: tuple[dict, dict], updates: dict) -> list:
    round_columns, source_columns = columns
    row: list = [""] * width
    if action.added_from:
        suffix = f" - {action.officer}" if action.officer else ""
        row[source_columns[action.added_from]] = f"{action.description}{suffix}"
    else:
        row[ACTION], row[OFFICER] = action.description, action.officer
    row[TARGET] = action.target_date or ""
    row[STATUS] = ActionStatus(action.status).label if action.status else ""
    row[RAG] = action.get_rag_display() if action.rag else ""
    for round_id, column in round_columns.items():
        update = updates.get((action.pk, round_id))
        if update is not None:
            row[column] = update.text
    return row


def plan_sheet(plan: Plan) -> PlanSheet:
    """The plan laid out as rows, read in four queries."""
    items = list(
        PlanItem.objects.filter(plan=plan)
        .select_related("criterion__theme")
        .order_by("order", "pk")
    )
    actions = list(Action.objects.filter(item__plan=plan).order_by("item", "order", "pk"))
    rounds = list(UpdateRound.objects.filter(plan=plan).order_by("order", "as_at", "pk"))
    updates = {
        (u.action_id, u.round_id): u
        for u in ActionUpdate.objects.filter(action__item__plan=plan, is_current=True)
    }
    headings, round_columns, source_columns = _columns(rounds, actions, updates)
    by_item: dict[int, list[Action]] = {}
    for action in actions:
        by_item.setdefault(action.item_id, []).append(action)
    noun = (plan.version.criterion_noun if plan.version else "") or "KLOE"
    noun = noun if noun.upper() in {"KLOE", "CRITERION"} else "Criterion"
    sheet = PlanSheet(
        title=plan.title,
        subtitle=f"{plan.organisation.name}. Exported {clock.today():%d %B %Y}.",
        headings=headings,
    )
    placed = [(_item_headings(item, noun), item) for item in items]
    placed.sort(key=lambda pair: (1, 0) if pair[0][0] else (0, 1 if pair[0][1] else 0))
    theme = criterion = ""
    for (item_theme, item_criterion), item in placed:
        if item_theme and (item_theme != theme or (criterion and not item_criterion)):
            sheet.heading_rows.add(len(sheet.rows))
            sheet.rows.append([item_theme])
            theme, criterion = item_theme, ""
        if item_criterion and item_criterion != criterion:
            sheet.heading_rows.add(len(sheet.rows))
            sheet.rows.append([item_criterion])
            criterion = item_criterion
        item_rows = [
            _action_row(a, len(headings), (round_columns, source_columns), updates)
            for a in by_item.get(item.pk, [])
        ] or [[""] * len(headings)]
        item_rows[0][ISSUE] = item.text
        sheet.rows.extend(item_rows)
    return sheet


def plan_xlsx(plan: Plan) -> bytes:
    sheet = plan_sheet(plan)
    book = Workbook()
    worksheet = book.active
    worksheet.title = "Plan"
    worksheet.append([safe_cell(sheet.title)])
    worksheet.append([safe_cell(sheet.subtitle)])
    worksheet.append([])
    worksheet.append([safe_cell(h) for h in sheet.headings])
    worksheet["A1"].font = Font(bold=True, size=14)
    for cell in worksheet[4]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, row in enumerate(sheet.rows):
        worksheet.append([safe_cell(v) for v in row])
        if index in sheet.heading_rows:
            worksheet.cell(row=worksheet.max_row, column=1).font = Font(bold=True)
        else:
            for cell in worksheet[worksheet.max_row]:
                cell.alignment = wrap
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "dd/mm/yyyy"
    for index, heading in enumerate(sheet.headings, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(heading, 30)
    worksheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan_csv(plan: Plan) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads it."""
    sheet = plan_sheet(plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [[sheet.title], [sheet.subtitle], [], sheet.headings, *sheet.rows]:
        writer.writerow([_csv_text(safe_cell(v)) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_text(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


TEMPLATE_HEADINGS = [
    "Issue",
    "Action",
    "Responsible officer",
    "Target date",
    "Status",
    "December 2009 Position",
    "March 2010 update",
    "Action Plan from 2010 Assessment",
    "July 2010 update",
]
TEMPLATE_ROWS: list[list[object]] = [
    ["Theme 1 - Managing finances"],
    ["KLOE 1.1 - Financial planning"],
    [
        "Better evidence how feedback from consultation impacts on financial plans.",
        "Broaden the Citizens Panel questions considered as part of budget consultation.",
        "HoF",
        datetime.date(2010, 3, 31),
        "In progress",
        "Questions drafted",
        "Undertaken as part of the 2010/11 budget consultation.",
        "",
        "",
    ],
    [
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "Report the outcomes of financial consultation to local residents - HoF",
        "Annual letter to the Citizens Panel.",
    ],
]


def import_template_xlsx() -> bytes:
    """A workbook with the headings the importer reads and two example rows (an issue with its
    action and round updates, then a new action from a later assessment with its owner)."""
    book = Workbook()
    worksheet = book.active
    worksheet.title = "Plan"
    worksheet.append(["Improvement plan (replace the example rows with your own)"])
    worksheet.append([])
    worksheet.append(TEMPLATE_HEADINGS)
    for cell in worksheet[3]:
        cell.font = Font(bold=True)
    for row in TEMPLATE_ROWS:
        worksheet.append([safe_cell(v) for v in row])
    for index, heading in enumerate(TEMPLATE_HEADINGS, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(heading, 30)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_filename(plan: Plan) -> str:
    return slugify(plan.title) or "plan"
