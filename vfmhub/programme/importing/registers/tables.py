"""The columns an import reads and the table they are found in: the sheet whose header fits best
(`lib.headings.choose_sheet`, notes in brackets left out of headings), its rows below the header
(headings repeated at a page break skipped), and every column accounted for (a column not read is
a problem unless the user left it out: `core.importing.unused_column_issues`)."""

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from vfmhub.core.importing import ImportIssue, Location, unused_column_issues
from vfmhub.lib.headings import (
    NO_CHOICES,
    ColumnChoices,
    Expected,
    Header,
    choose_sheet,
    match_key,
)
from vfmhub.lib.tabular import Sheet, SourceRow, heading_key
from vfmhub.programme.importing.registers.common import (
    NO_COLUMN,
    NOTHING_TO_READ,
    PROBE_ROWS,
    one_line,
)

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")

# Columns --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column an import reads: its name in the code, its heading in the template and messages,
    the other headings that mean it, what it holds (for the upload page), how a message names it
    (`label`, "the owner") and words that suggest it without being taken as it (`suggests`)."""

    name: str
    heading: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""
    label: str = ""
    suggests: tuple[str, ...] = ()

    @property
    def headings(self) -> tuple[str, ...]:
        return (self.heading, *self.synonyms)


def expected_columns(columns: Sequence[Column]) -> Expected:
    return Expected(
        headings={c.name: c.headings for c in columns},
        labels={c.name: c.label or f"the {c.heading.lower()}" for c in columns},
        hints={c.name: c.suggests for c in columns if c.suggests},
    )


def without_notes(text: str) -> str:
    return _BRACKETS.sub("", text).strip() or text


def _probe(sheet: Sheet) -> Sheet:
    """The sheet's first rows with notes in brackets taken out of each cell, to find the header."""
    rows = [
        SourceRow(r.number, tuple(without_notes(c) for c in r.cells), r.table)
        for r in sheet.rows[:PROBE_ROWS]
    ]
    return Sheet(sheet.name, rows)


def _probe_choices(choices: ColumnChoices) -> ColumnChoices:
    use_as = {without_notes(heading): name for heading, name in choices.use_as.items()}
    return ColumnChoices(choices.ignore, use_as)


def _original(sheet: Sheet, header: Header) -> Header:
    """The header with the file's own headings (notes and all), for messages and unused columns."""
    by_number = {r.number: r for r in sheet.rows[:PROBE_ROWS]}
    first = by_number[header.row.number]
    cells = first.cells
    if header.last_number:
        second = by_number[header.last_number]
        width = max(len(first.cells), len(second.cells))
        cells = tuple(
            " ".join(p for p in (first.cell(i), second.cell(i)) if p) for i in range(width)
        )
    row = SourceRow(first.number, cells, first.table)
    return dataclasses.replace(header, row=row, headings=cells)


def locate(
    sheets: Sequence[Sheet], columns: Sequence[Column], choices: ColumnChoices = NO_CHOICES
) -> tuple[Sheet, Header | None]:
    """The sheet whose header names the most of `columns` (every required one first) and that
    header, as `lib.headings.choose_sheet` finds it; the first sheet and None if none fits."""
    probes = [_probe(sheet) for sheet in sheets]
    required = [c.name for c in columns if c.required]
    expected = expected_columns(columns)
    probe, header = choose_sheet(
        probes, expected, required=required, choices=_probe_choices(choices)
    )
    sheet = sheets[probes.index(probe)]
    return sheet, _original(sheet, header) if header is not None else None


def _quoted(headings: Sequence[str]) -> str:
    quoted = [f"“{h}”" for h in headings]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


@dataclass
class Table:
    """A sheet's rows below its header, with each column's index and the header's own words."""

    sheet: Sheet
    header: Header
    columns: Sequence[Column]
    label: str = ""  # the sheet's name in messages, where the file's first sheet is not read
    count: int = 0  # the rows below the header gone through so far
    first_line: SourceRow | None = None  # of a heading over two lines, as the file has it

    def data_rows(self) -> Iterator[SourceRow]:
        """The rows below the header that are not blank and do not repeat it (a table broken
        across pages, its heading on one line or two); `count` has how many there were."""
        end, repeat_ends = self.header.end, 0
        repeats = self._heading_again()
        for row in self.sheet.rows:
            if row.number <= max(end, repeat_ends) or row.is_blank:
                continue
            if repeats(row):
                repeat_ends = row.number + (self.header.end - self.header.row.number)
                continue
            self.count += 1
            yield row

    def _heading_again(self) -> Callable[[SourceRow], bool]:
        """Whether a row is the heading's (first) line again, as `Header.is_repeat` tells, with
        one column compared first so that a data row costs one comparison."""
        line = self.first_line or self.header.row
        used = sorted(i for i in self.header.columns.values() if line.cell(i))
        if len(self.header.columns) < 2 or not used:
            return lambda row: False
        keys = {i: match_key(line.cell(i)) for i in used}
        first = used[0]

        def repeats(row: SourceRow) -> bool:
            if match_key(row.cell(first)) != keys[first]:
                return False
            cells = self.header.columns.values()
            return all(match_key(row.cell(i)) == match_key(line.cell(i)) for i in cells)

        return repeats

    def no_rows_problem(self, problems: list[ImportIssue]) -> None:
        """Once the rows are read: a problem if there were none below the header."""
        if not self.count:
            where = Location(row=self.header.row.number, sheet=self.label)
            problems.append(ImportIssue(where, NOTHING_TO_READ))

    def has(self, name: str) -> bool:
        return name in self.header.columns

    def lines(self, row: SourceRow, name: str) -> str:
        return row.cell(self.header.columns.get(name))

    def text(self, row: SourceRow, name: str) -> str:
        text = row.cell(self.header.columns.get(name))
        return one_line(text) if "\n" in text else text  # each line is tidied already

    def heading(self, index: int) -> str:
        return one_line(self.header.row.cell(index))

    def problem(self, row: SourceRow | int, name: str | None, message: str) -> ImportIssue:
        number = row if isinstance(row, int) else row.number
        index = self.header.columns.get(name) if name else None
        heading = self.heading(index) if index is not None else ""
        where = Location(row=number, column=index, heading=heading, sheet=self.label)
        return ImportIssue(where, message)

    def header_problem(self, message: str) -> ImportIssue:
        return ImportIssue(Location(row=self.header.row.number, sheet=self.label), message)

    def columns_accounted(
        self, choices: ColumnChoices, problems: list[ImportIssue], known: Sequence[str] = ()
    ) -> list[str]:
        """A problem for each headed column the import does not read and the user has not left
        out (`choices`); `known` are headings the import recognises but does not need (an
        export's worked-out score). The headings of the columns not read, to say so."""
        keys = {heading_key(without_notes(k)) for k in known}
        cells = self.header.row.cells
        derived = [i for i, t in enumerate(cells) if t and heading_key(without_notes(t)) in keys]
        header = dataclasses.replace(self.header, sheet=self.label)
        issues = unused_column_issues(header, choices, also_used=derived)
        problems += issues
        refused = {issue.location.column for issue in issues}
        read = set(self.header.columns.values())
        return [self.heading(i) for i, t in enumerate(cells) if t and i not in read | refused]


def find_table(
    sheet: Sheet,
    header: Header | None,
    columns: Sequence[Column],
    problems: list[ImportIssue],
    *,
    label: str = "",
) -> Table | None:
    """The sheet's table below `header`; a problem for each required column missing."""
    found = header.columns if header else {}
    where = Location(row=header.row.number if header else 0, sheet=label)
    missing = [c for c in columns if c.required and c.name not in found]
    for column in missing:
        message = NO_COLUMN.format(heading=column.heading, synonyms=_quoted(column.headings))
        problems.append(ImportIssue(where, message))
    if header is None or missing:
        return None
    first_line = None
    if header.last_number:
        first_line = next(r for r in sheet.rows if r.number == header.row.number)
    return Table(sheet, header, columns, label, first_line=first_line)
