"""Which sheet and columns a plan file holds: the sheet whose header fits best, the named columns
however a council headed them (`vfmhub.lib.headings`), the rounds and assessment columns, and
every other headed column reported until the user leaves it out or says which column it is.

A round column is any other heading with a date or a month and year in it ("March 2010 update" is
as at 31 March 2010). A heading with "assessment" in it ("Action Plan from 2010 Assessment") holds
new actions added from that assessment. A mapping names the heading used for a column when a file
words it unusually.
"""

import re
from dataclasses import dataclass, field

from vfmhub.core.importing import unused_column_issues
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices, Expected, choose_sheet
from vfmhub.lib.tabular import Sheet, SourceRow, find_date, heading_key
from vfmhub.plans.importing.types import DraftRound, Location, PlanDraft

HEADINGS: dict[str, tuple[str, ...]] = {
    "issue": (
        "Issue",
        "Issues",
        "Area for improvement",
        "Areas for improvement",
        "Improvement area",
        "Weakness",
        "Finding",
    ),
    "action": (
        "Action",
        "Actions",
        "Proposed action",
        "Proposed actions",
        "Action to be taken",
        "Actions to be taken",
        "Agreed action",
    ),
    "officer": (
        "Responsible officer",
        "Responsible officers",
        "Officer",
        "Lead officer",
        "Lead officers",
        "Officer responsible",
        "Responsibility",
    ),
    "target": ("Target date", "Target", "Deadline", "Due date", "By when", "Timescale"),
    "status": ("Status", "Action status"),
    "rag": ("RAG", "RAG status", "Progress RAG", "RAG rating"),
}
LABELS = {
    "issue": "the issue",
    "action": "the action",
    "officer": "the responsible officer",
    "target": "the target date",
    "status": "the status",
    "rag": "the RAG rating",
}
# Words that suggest a column without it being read as one: "Owner" may be the responsible
# officer, but the user says so.
HINTS = {
    "issue": ("weak", "recommend", "improve", "concern"),
    "action": ("remed", "response", "todo", "measure"),
    "officer": ("owner", "lead", "responsib", "officer", "who"),
    "target": ("date", "when", "deadline", "complete by", "timescale"),
    "status": ("status", "progress", "state"),
    "rag": ("rag", "rating", "colour"),
}
PLAN_COLUMNS = Expected(HEADINGS, LABELS, HINTS)
COLUMN_NAMES = {
    "issue": "Issue",
    "action": "Action",
    "officer": "Responsible officer",
    "target": "Target date",
    "status": "Status",
    "rag": "RAG",
}
REQUIRED = ("issue", "action")
ROUND_MARK = "(update round)"
_AS_AT = re.compile(r"\s*\(as at ([^)]*)\)\s*$", re.I)

NO_HEADER = 'No header row was found: the file needs columns headed "Issue" and "Action".'
COLUMN_MISSING = 'The required column "{name}" is missing from the header row.'
MAPPED_MISSING = 'No column is headed "{heading}" (given as the {name} column).'


@dataclass
class Columns:
    header: SourceRow  # the header row (two lines joined when the heading takes two)
    named: dict[str, int]
    rounds: list[DraftRound] = field(default_factory=list)
    assessments: dict[int, str] = field(default_factory=dict)  # column -> added_from
    sheet: str = ""
    end: int = 0  # the number of the header's last row: data starts after it

    def heading(self, index: int | None) -> str:
        """The column's name as an error message gives it."""
        if index is None:
            return ""
        for name, column in self.named.items():
            if column == index:
                return COLUMN_NAMES[name]
        return self.header.cell(index)

    def round_at(self, index: int) -> DraftRound | None:
        return next((r for r in self.rounds if r.column == index), None)

    def location(self, row: SourceRow, index: int | None) -> Location:
        return Location(row.number, row.table, index, self.heading(index), sheet=self.sheet)

    def data_rows(self, rows: list[SourceRow]) -> list[SourceRow]:
        """The rows below the header, leaving out the header repeated at page breaks (over one
        row or two, as the header itself is)."""
        start = next(
            (
                i + 1
                for i, row in enumerate(rows)
                if row.table == self.header.table and row.number == self.end
            ),
            0,
        )
        below = rows[start:]
        two_lines = self.end > self.header.number
        out: list[SourceRow] = []
        skip_next = False
        for i, row in enumerate(below):
            if skip_next:
                skip_next = False
                continue
            after = below[i + 1] if i + 1 < len(below) else None
            if two_lines and after is not None and self.is_repeat(after, first=row):
                skip_next = True
            elif not self.is_repeat(row):
                out.append(row)
        return out

    def is_repeat(self, row: SourceRow, first: SourceRow | None = None) -> bool:
        """A header repeated at a page break: its issue and action cells are the headings
        again (`first` is the row above, for a header over two rows)."""

        for name in REQUIRED:
            index = self.named[name]
            text = (
                f"{first.cell(index)} {row.cell(index)}" if first is not None else row.cell(index)
            )
            if not text.strip() or heading_key(text) != heading_key(self.header.cell(index)):
                return False
        return True


def round_heading(heading: str) -> DraftRound | None:
    """A round read from a column heading, or None when the heading is not a round's."""
    if heading.lower().endswith(ROUND_MARK):
        return DraftRound(label=heading[: -len(ROUND_MARK)].strip(), as_at=None, column=-1)
    as_at_match = _AS_AT.search(heading)
    if as_at_match:
        as_at = find_date(as_at_match[1])
        if as_at:
            return DraftRound(label=heading[: as_at_match.start()].strip(), as_at=as_at, column=-1)
    as_at = find_date(heading)
    return DraftRound(label=heading, as_at=as_at, column=-1) if as_at else None


def expected_columns(mapping: dict[str, str]) -> Expected:
    """The plan's columns; a heading the user gave for one replaces the headings it has."""
    if not any(name in HEADINGS for name in mapping):
        return PLAN_COLUMNS
    headings = {n: (mapping[n],) if n in mapping else h for n, h in HEADINGS.items()}
    return Expected(headings, LABELS, HINTS)


def columns_read(
    sheets: list[Sheet],
    draft: PlanDraft,
    mapping: dict[str, str] | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> tuple[Sheet, Columns | None]:
    """The sheet that fits best and what each of its columns holds. A missing required column,
    and each headed column the import does not read (unless the user left it out), is an error
    on the draft; None when the rows cannot be read without the missing columns."""
    mapping = {k: v.strip() for k, v in (mapping or {}).items() if v and v.strip()}
    sheet, header = choose_sheet(
        sheets, expected_columns(mapping), required=REQUIRED, choices=choices
    )
    draft.sheet = sheet.name
    first = sheet.rows[0] if sheet.rows else SourceRow(number=1, cells=())
    if header is None:
        draft.error(Location(row=first.number, table=first.table, sheet=sheet.name), NO_HEADER)
        return sheet, None
    where = Location(row=header.row.number, table=header.row.table, sheet=sheet.name)
    missing = [n for n in REQUIRED if n not in header.columns]
    for name in missing:
        if name in mapping:
            message = MAPPED_MISSING.format(heading=mapping[name], name=COLUMN_NAMES[name])
        else:
            message = COLUMN_MISSING.format(name=COLUMN_NAMES[name])
        draft.error(where, message)
    columns = Columns(header.row, header.columns, sheet=sheet.name, end=header.end)
    _classify_others(columns, mapping.get("assessment", ""))
    draft.rounds = list(columns.rounds)
    also_used = [*columns.assessments, *(r.column for r in columns.rounds)]
    draft.errors.extend(unused_column_issues(header, choices, also_used=also_used))
    return sheet, None if missing else columns


def _classify_others(columns: Columns, assessment_heading: str) -> None:
    """Rounds and assessment columns among the headings not taken; the rest are left unused."""
    taken = set(columns.named.values())
    assessment_key = heading_key(assessment_heading)
    for index, heading in enumerate(columns.header.cells):
        if index in taken or not heading:
            continue
        key = heading_key(heading)
        if (assessment_key and key == assessment_key) or (
            not assessment_key and "assessment" in key
        ):
            columns.assessments[index] = heading
            continue
        found = round_heading(heading)
        if found is not None:
            found.column = index
            columns.rounds.append(found)
