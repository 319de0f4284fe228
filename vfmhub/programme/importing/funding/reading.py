"""Reading an allocation file: every sheet is looked at, the allocation taken from the sheet whose
header fits it best (or the one named), and the funding streams from another sheet whose header
fits a list of streams, if there is one. Every column of the sheets read is accounted for: one
the importer does not know refuses the import until the user leaves it out or says what it is.
"""

import re
from collections.abc import Iterator

from vfmhub.core.importing import unused_column_issues
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices, Header, choose_sheet, find_header
from vfmhub.lib.tabular import Sheet, SourceRow, TabularError, column_indents, read_sheets
from vfmhub.programme.importing.funding.columns import (
    ALLOCATION,
    ALLOCATION_REQUIRED,
    FUNDING,
    FUNDING_REQUIRED,
)
from vfmhub.programme.importing.funding.draft import AllocationDraft
from vfmhub.programme.importing.funding.lines import (
    LinesReader,
    stated_totals_settled,
    tree_checks,
)
from vfmhub.programme.importing.funding.streams import StreamsReader

NO_HEADER = "No header row with a name column and an amount column (£k) was found."
NO_SUCH_SHEET = "The workbook has no sheet called {sheet!r} (it has {sheets})."
NOTHING = "The file has no allocation lines."


_FIGURE = re.compile(r"^[\s£(\-]*\d")


def _data_rows(sheet: Sheet, header: Header) -> Iterator[SourceRow]:
    """The rows below the header, without blank ones and the header repeated at page breaks."""
    amount = header.columns["amount"]
    for row in sheet.rows:
        if row.number <= header.end or row.is_blank:
            continue
        text = row.cell(amount)
        # Most rows hold a figure or nothing under the amount's heading: not the heading again.
        if text and not _FIGURE.match(text) and header.is_repeat(row):
            continue
        yield row


def _allocation_sheet(
    sheets: list[Sheet], draft: AllocationDraft, sheet: str | None
) -> tuple[Sheet | None, Header | None]:
    if sheet:
        named = next((s for s in sheets if s.name == sheet), None)
        if named is None:
            names = ", ".join(repr(s.name) for s in sheets)
            draft.error(0, None, NO_SUCH_SHEET.format(sheet=sheet, sheets=names))
            return None, None
        header = find_header(
            named.rows,
            ALLOCATION,
            required=ALLOCATION_REQUIRED,
            choices=draft.choices,
            sheet=named.name,
        )
        return named, header
    return choose_sheet(sheets, ALLOCATION, required=ALLOCATION_REQUIRED, choices=draft.choices)


def _funding_sheet(
    sheets: list[Sheet], chosen: Sheet, choices: ColumnChoices
) -> tuple[Sheet, Header] | None:
    others = [s for s in sheets if s is not chosen]
    if not others:
        return None
    sheet, header = choose_sheet(others, FUNDING, required=FUNDING_REQUIRED, choices=choices)
    if header is None or any(name not in header.columns for name in FUNDING_REQUIRED):
        return None
    return sheet, header


def _needs_indents(sheet: Sheet, header: Header) -> bool:
    level = header.columns.get("level")
    return level is None or any(not row.cell(level) for row in _data_rows(sheet, header))


def allocation_read(
    content: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> AllocationDraft:
    """The file's lines as nodes with their paths of names, and its funding streams, with every
    problem by sheet, row and column. Reads no database."""
    draft = AllocationDraft(choices=choices)
    try:
        sheets = read_sheets(content, filename)
        chosen, header = _allocation_sheet(sheets, draft, sheet)
        if chosen is None:
            return draft
        if header is None or any(n not in header.columns for n in ALLOCATION_REQUIRED):
            draft.error(0, None, NO_HEADER)
            return draft
        draft.sheet, draft.header_at = chosen.name, header.row.number
        draft.ring_fence_column = header.columns.get("ring_fence")
        funding = _funding_sheet(sheets, chosen, choices)
        for issue in unused_column_issues(header, choices):
            draft.add(issue)
        if funding is not None:
            _read_streams(*funding, draft)
        indents: dict[int, int] = {}
        if _needs_indents(chosen, header):
            indents = column_indents(content, chosen.name, header.columns["name"])
        _read_lines(chosen, header, draft, indents)
    except TabularError as exc:
        where = "" if exc.sheet.startswith("Table ") else exc.sheet
        draft.error(exc.row or 0, exc.column, exc.detail, sheet=where)
    return draft


def _read_streams(sheet: Sheet, header: Header, draft: AllocationDraft) -> None:
    draft.funding_sheet = sheet.name
    for issue in unused_column_issues(header, draft.choices):
        draft.add(issue)
    reader = StreamsReader(header, draft)
    for row in _data_rows(sheet, header):
        reader.read(row)


def _read_lines(
    sheet: Sheet, header: Header, draft: AllocationDraft, indents: dict[int, int]
) -> None:
    reader = LinesReader(header, draft, indents)
    for row in _data_rows(sheet, header):
        reader.read(row)
    stated_totals_settled(draft)
    if not draft.nodes and not draft.errors:
        draft.error(draft.header_at, None, NOTHING, sheet=draft.sheet)
    draft.checks = [*draft.checks, *tree_checks(draft)]
