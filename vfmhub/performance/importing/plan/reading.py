"""Reading a council plan table in seed 004's shape into a `PlanDraft`.

- The header is found by `lib.headings` however it is worded ("Key deliverables", "Target date",
  "Lead member(s)" …); a header repeated mid-table (a page break in Word) is skipped.
- A row with an empty Priority belongs to the priority above; one with an empty Priority and an
  empty Key Deliverable adds its measure and action to the deliverable above.
- A row's Outcome Measure and "How do we know" make a measure; its Project/Action, Completion
  Date, Resource and Lead Member make an action.
- A row that fills a date, resource or lead member but no Project/Action, and whose every filled
  cell continues a filled cell of the row just above, is the rest of that row's wrapped text
  ("75% of Services Scoring 2 or" / "Above"): its cells are joined to the row above.
"""

from dataclasses import dataclass

from vfmhub.core.importing import unused_column_issues
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices, Expected, Header, choose_sheet
from vfmhub.lib.tabular import Sheet, SourceRow
from vfmhub.performance.importing.plan.cells import completion_read, resource_read
from vfmhub.performance.importing.plan.types import (
    ActionDraft,
    DeliverableDraft,
    Location,
    MeasureDraft,
    PlanDraft,
    PriorityDraft,
)

HEADINGS: dict[str, tuple[str, ...]] = {
    "priority": ("Priority", "Priorities", "Council priority", "Corporate priority"),
    "deliverable": ("Key Deliverable", "Key deliverables", "Deliverable", "Deliverables"),
    "measure": ("Outcome Measure", "Outcome measures", "Outcome", "Outcomes"),
    "how": (
        "How Do We Know We Are Getting There?",
        "How do we know",
        "How will we know",
        "How do we know we are getting there",
    ),
    "action": ("Project/Action", "Project / Action", "Projects/Actions", "Project", "Action"),
    "date": ("Completion Date", "Target date", "Completion", "Completion dates", "Due date"),
    "resource": ("Resource", "Resources"),
    "member": ("Lead Member", "Lead member(s)", "Lead members", "Lead councillor"),
}
LABELS = {
    "priority": "the priority",
    "deliverable": "the key deliverable",
    "measure": "the outcome measure",
    "how": "how we know we are getting there",
    "action": "the project or action",
    "date": "the completion date",
    "resource": "the resource",
    "member": "the lead member",
}
EXPECTED = Expected(HEADINGS, LABELS)
REQUIRED = ("priority", "deliverable")
ORDER = tuple(HEADINGS)
ACTION_PARTS = ("date", "resource", "member")

NO_HEADER = (
    "No header row found: the table needs at least a Priority and a Key Deliverable column "
    "(and Outcome Measure, How Do We Know We Are Getting There?, Project/Action, Completion "
    "Date, Resource, Lead Member)."
)
NO_PRIORITY = "This row has a key deliverable but no priority above it."
NO_DELIVERABLE = "This row has a measure or action but no key deliverable above it."
NO_ACTION_TITLE = (
    "This row has a completion date, resource or lead member but no project or action."
)
TOO_LONG = "This is {length} characters long; the most is {most}."
LIMITS = {
    "priority": 300,
    "deliverable": 300,
    "measure": 500,
    "how": 5000,
    "action": 500,
    "date": 200,
    "resource": 300,
    "member": 300,
}


@dataclass
class _Row:
    """A data row's cells by column name, and where it was read."""

    cells: dict[str, str]
    where: Location

    def filled(self) -> set[str]:
        return {name for name, text in self.cells.items() if text}


def columns_read(
    sheets: list[Sheet], draft: PlanDraft, choices: ColumnChoices = NO_CHOICES
) -> tuple[Sheet, Header | None]:
    sheet, header = choose_sheet(sheets, EXPECTED, required=REQUIRED, choices=choices)
    if header is None or not all(name in header.columns for name in REQUIRED):
        draft.error(Location(row=0), NO_HEADER)
        return sheet, None
    draft.errors.extend(unused_column_issues(header, choices))
    return sheet, header


def draft_read(rows: list[SourceRow], header: Header, draft: PlanDraft) -> None:
    """Read the rows below `header` into `draft`: every row is a part of the plan, a wrapped
    part of the row above, a repeated header or blank."""
    data: list[_Row] = []
    for row in rows:
        if row.number <= header.end or (header.row.table not in (None, row.table)):
            continue
        if row.is_blank:
            continue
        draft.rows += 1
        if header.is_repeat(row):
            draft.repeated_headers += 1
            continue
        where = Location(row=row.number, table=row.table, sheet=header.sheet)
        cells = {name: row.cell(header.columns.get(name)) for name in ORDER}
        current = _Row(cells, where)
        if data and _is_wrapped(current, data[-1]):
            _join(data[-1], current)
            draft.joined_rows += 1
            continue
        data.append(current)
    for item in data:
        _checked(item, header, draft)
    if not draft.errors:
        _tree(data, draft)


def _is_wrapped(row: _Row, above: _Row) -> bool:
    filled = row.filled()
    if not filled or "action" in filled or not (filled & set(ACTION_PARTS)):
        return False
    return all(above.cells[name] for name in filled)


def _join(above: _Row, fragment: _Row) -> None:
    for name, text in fragment.cells.items():
        if text:
            above.cells[name] = f"{above.cells[name]} {text}"


def _checked(row: _Row, header: Header, draft: PlanDraft) -> None:
    for name, text in row.cells.items():
        if len(text) > LIMITS[name]:
            where = row.where.at_column(header.columns.get(name), LABELS[name])
            draft.error(where, TOO_LONG.format(length=len(text), most=LIMITS[name]))


def _tree(rows: list[_Row], draft: PlanDraft) -> None:
    priority: PriorityDraft | None = None
    deliverable: DeliverableDraft | None = None
    for row in rows:
        cells, number = row.cells, row.where.row
        if cells["priority"]:
            priority = PriorityDraft(cells["priority"], number)
            draft.priorities.append(priority)
            deliverable = None
        if cells["deliverable"]:
            if priority is None:
                draft.error(row.where, NO_PRIORITY)
                continue
            deliverable = DeliverableDraft(cells["deliverable"], number)
            priority.deliverables.append(deliverable)
        has_measure = bool(cells["measure"] or cells["how"])
        has_action = any(cells[name] for name in ("action", *ACTION_PARTS))
        if (has_measure or has_action) and deliverable is None:
            draft.error(row.where, NO_DELIVERABLE)
            continue
        if has_action and not cells["action"]:
            draft.error(row.where, NO_ACTION_TITLE)
            continue
        if deliverable is not None and has_measure:
            deliverable.measures.append(MeasureDraft(cells["measure"], cells["how"], number))
        if deliverable is not None and has_action:
            deliverable.actions.append(_action(cells, number))


def _action(cells: dict[str, str], number: int) -> ActionDraft:
    amount, staff = resource_read(cells["resource"])
    return ActionDraft(
        title=cells["action"],
        completion_text=cells["date"],
        completion_date=completion_read(cells["date"]),
        resource=cells["resource"],
        resource_amount=amount,
        resource_staff=staff,
        lead_member=cells["member"],
        row=number,
    )
