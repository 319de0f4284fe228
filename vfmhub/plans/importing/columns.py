"""Which column is which: the header row, the named columns, the rounds and assessment columns.

A round column is any other heading with a date or a month and year in it ("March 2010 update" is
as at 31 March 2010). A heading with "assessment" in it ("Action Plan from 2010 Assessment") holds
new actions added from that assessment. A mapping names the heading used for a column when a file
words it unusually.
"""

import re
from dataclasses import dataclass, field

from vfmhub.lib.tabular import SourceRow, find_date, find_header, heading_key
from vfmhub.plans.importing.types import DraftRound, Location, PlanDraft

HEADINGS: dict[str, tuple[str, ...]] = {
    "issue": ("Issue", "Issues", "Area for improvement", "Areas for improvement"),
    "action": ("Action", "Actions", "Proposed action", "Action to be taken"),
    "officer": ("Responsible officer", "Officer", "Lead officer", "Owner", "Responsibility"),
    "target": ("Target date", "Target", "Deadline", "Due date", "By when"),
    "status": ("Status", "Action status"),
    "rag": ("RAG", "RAG status", "Progress RAG"),
}
COLUMN_NAMES = {
    "issue": "Issue",
    "action": "Action",
    "officer": "Responsible officer",
    "target": "Target date",
    "status": "Status",
    "rag": "RAG",
}
REQUIRED = ("issue", "action")
MAPPABLE = (*HEADINGS, "assessment")
ROUND_MARK = "(update round)"
_AS_AT = re.compile(r"\s*\(as at ([^)]*)\)\s*$", re.I)

NO_HEADER = 'No header row was found: the file needs columns headed "Issue" and "Action".'
COLUMN_MISSING = 'The required column "{name}" is missing from the header row.'
MAPPED_MISSING = 'No column is headed "{heading}" (given as the {name} column).'


@dataclass
class Columns:
    header: SourceRow
    named: dict[str, int]
    rounds: list[DraftRound] = field(default_factory=list)
    assessments: dict[int, str] = field(default_factory=dict)  # column -> added_from

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


def columns_read(
    rows: list[SourceRow], draft: PlanDraft, mapping: dict[str, str] | None = None
) -> Columns | None:
    """The header and what each column holds; records an error and returns None when the
    required columns are missing."""
    mapping = {k: v.strip() for k, v in (mapping or {}).items() if v and v.strip()}
    expected = {n: (mapping[n],) if n in mapping else h for n, h in HEADINGS.items()}
    header = find_header(rows, expected, required=REQUIRED)
    first = rows[0] if rows else SourceRow(number=1, cells=())
    if header is None:
        draft.error(Location(row=first.number, table=first.table), NO_HEADER)
        return None
    where = Location(row=header.row.number, table=header.row.table)
    missing = [n for n in REQUIRED if n not in header.columns]
    for name in missing:
        if name in mapping:
            message = MAPPED_MISSING.format(heading=mapping[name], name=COLUMN_NAMES[name])
        else:
            message = COLUMN_MISSING.format(name=COLUMN_NAMES[name])
        draft.error(where, message)
    if missing:
        return None
    columns = Columns(header=header.row, named=header.columns)
    _classify_others(columns, draft, mapping.get("assessment", ""))
    return columns


def _classify_others(columns: Columns, draft: PlanDraft, assessment_heading: str) -> None:
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
        if found is None:
            draft.ignored_headings.append(heading)
            continue
        found.column = index
        columns.rounds.append(found)
    draft.rounds = list(columns.rounds)


def is_header_row(row: SourceRow, columns: Columns) -> bool:
    """A header repeated at a page break: its issue and action cells are the headings again."""
    return all(
        heading_key(row.cell(columns.named[n]))
        == heading_key(columns.header.cell(columns.named[n]))
        for n in REQUIRED
    )
