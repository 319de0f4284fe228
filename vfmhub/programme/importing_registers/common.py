"""What the risk and project imports share: reading a workbook's sheets (or a CSV file) with line
breaks kept in cells, finding the columns by heading, parsing dates and pounds, and the result with
every problem by sheet, row and column.

A heading matches without regard to case, spaces or punctuation, and a note in brackets is
ignored: "Probability (H M L)" is "probability", "Expected annual savings (£)" is "expected annual
savings".
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from vfmhub.lib.money import format_pounds, to_pounds
from vfmhub.lib.tabular import (
    EMPTY_FILE,
    NOT_A_TABLE,
    Header,
    SourceRow,
    TabularError,
    column_letter,
    find_header,
    heading_key,
    normalise_cell,
    parse_date,
)
from vfmhub.lib.tabular_files import csv_rows, xlsx_open

NOT_A_SPREADSHEET = "The file is not a spreadsheet (XLSX or CSV) that can be read."
NO_COLUMN = "There is no {heading} column (headed {synonyms})."
BAD_DATE = "{value!r} is not a date (such as 31/03/2010)."
BAD_POUNDS = "{value!r} is not an amount in pounds (such as £120,000)."
NEGATIVE_POUNDS = "The amount cannot be negative."
TOO_LONG = "This is longer than {limit} characters."
NOTHING_TO_READ = "The file has no rows below its headings."
IMPORT_NOTE = "Imported from {filename}."

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


# Reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One worksheet (or the CSV file, with no name); each cell's text keeps its line breaks."""

    name: str
    rows: list[SourceRow]


def cell_text(value: object) -> str:
    """A cell as text: each line tidied as `normalise_cell` does, the line breaks kept."""
    if not isinstance(value, str):
        return normalise_cell(value)
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(normalise_cell(line) for line in lines).strip()


def one_line(text: str) -> str:
    return " ".join(text.split())


def _rows(raw) -> list[SourceRow]:
    rows = []
    for number, cells in enumerate(raw, start=1):
        values = [cell_text(v) for v in cells]
        while values and not values[-1]:
            values.pop()
        rows.append(SourceRow(number=number, cells=tuple(values)))
    return rows


def _read_xlsx(content: bytes) -> list[Sheet]:
    with xlsx_open(content) as book:
        return [Sheet(name, _rows(book.rows(name))) for name in book.sheetnames]


def read_sheets(content: bytes, filename: str) -> list[Sheet]:
    """Every sheet of an XLSX workbook, or a CSV file as one sheet; TabularError if neither."""
    if not content.strip():
        raise TabularError(EMPTY_FILE)
    try:
        if content.startswith(b"PK"):
            return _read_xlsx(content)
        if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".docx", ".pdf")):
            raise TabularError(NOT_A_SPREADSHEET)
        return [Sheet("", _rows(csv_rows(content)))]
    except TabularError as exc:
        if exc.detail == NOT_A_TABLE:
            raise TabularError(NOT_A_SPREADSHEET) from None
        raise


def file_problem(exc: TabularError) -> "Problem":
    """A refusal of the file as a problem, on its cell when it is about one."""
    return Problem(exc.row or 0, exc.column, exc.detail, sheet=exc.sheet)


# Columns --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column an import reads: its name in the code, its heading in the template and messages,
    the other headings that mean it, and what it holds (for the upload page)."""

    name: str
    heading: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""

    @property
    def headings(self) -> tuple[str, ...]:
        return (self.heading, *self.synonyms)


def _without_notes(row: SourceRow) -> SourceRow:
    cells = tuple(_BRACKETS.sub("", cell).strip() or cell for cell in row.cells)
    return SourceRow(number=row.number, cells=cells)


def _quoted(headings: Sequence[str]) -> str:
    quoted = [f"“{h}”" for h in headings]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


@dataclass
class Table:
    """A sheet's rows below its header, with each column's index and the header's own words."""

    sheet: Sheet
    header: Header
    columns: Sequence[Column]
    label: str = ""  # the sheet's name in messages, only where a file has more than one

    @property
    def rows(self) -> list[SourceRow]:
        start = self.header.row.number
        return [row for row in self.sheet.rows if row.number > start and not row.is_blank]

    def has(self, name: str) -> bool:
        return name in self.header.columns

    def lines(self, row: SourceRow, name: str) -> str:
        return row.cell(self.header.columns.get(name))

    def text(self, row: SourceRow, name: str) -> str:
        return one_line(self.lines(row, name))

    def ignored_headings(self) -> list[str]:
        read = set(self.header.columns.values())
        return [one_line(h) for i, h in enumerate(self.header.row.cells) if h and i not in read]

    def problem(self, row: SourceRow | int, name: str | None, message: str) -> "Problem":
        number = row if isinstance(row, int) else row.number
        index = self.header.columns.get(name) if name else None
        heading = one_line(self.header.row.cell(index)) if index is not None else ""
        return Problem(number, index, message, heading=heading, sheet=self.label)


def find_table(
    sheet: Sheet, columns: Sequence[Column], problems: list["Problem"], *, label: str = ""
) -> Table | None:
    """The sheet's header row found by its headings; a problem for each required column missing."""
    expected = {c.name: c.headings for c in columns}
    required = [c.name for c in columns if c.required]
    header = find_header([_without_notes(r) for r in sheet.rows], expected, required=required)
    found = header.columns if header else {}
    at = header.row.number if header else 0
    for column in columns:
        if column.required and column.name not in found:
            message = NO_COLUMN.format(heading=column.heading, synonyms=_quoted(column.headings))
            problems.append(Problem(at, None, message, sheet=label))
    if header is None or any(c.required and c.name not in found for c in columns):
        return None
    original = next(r for r in sheet.rows if r.number == header.row.number)
    return Table(sheet, Header(row=original, columns=header.columns), columns, label)


# Values ---------------------------------------------------------------------------------------


def choice_key(text: str) -> str:
    return heading_key(text)


def read_date(text: str) -> datetime.date:
    """A cell holding a date ("31/03/2010", "2010-03-31", "31 March 2010"); ValueError if not."""
    return parse_date(text)


def read_pounds(text: str) -> Decimal:
    """An amount in pounds: "£120,000", "120000" or "120,000.50"; ValueError if not one."""
    return to_pounds(text.replace(" ", ""))


def show_pounds(amount: Decimal) -> str:
    return format_pounds(amount, unit="whole" if amount == amount.to_integral() else "")


def same_text(old: object, new: object) -> bool:
    """Texts compared as the import reads them (line endings and spacing do not count)."""
    return cell_text(old or "") == cell_text(new or "")


# Results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A problem with the file: its row (0 for the file as a whole), column index and heading,
    and the sheet's name where the file has more than one sheet."""

    row: int
    column: int | None
    message: str
    heading: str = ""
    sheet: str = ""

    @property
    def column_label(self) -> str:
        return column_letter(self.column) if self.column is not None else ""

    def where(self) -> str:
        place = f"Row {self.row}" if self.row else "The file"
        if self.sheet:
            place = f"{self.sheet} sheet" + (f", row {self.row}" if self.row else "")
        if self.column is not None:
            place += f", column {self.column_label}" + (
                f" ({self.heading})" if self.heading else ""
            )
        return place

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column_label,
            "heading": self.heading,
            "message": self.message,
            "text": str(self),
        }

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


@dataclass
class RowChange:
    """What importing one row does: create, update (with each change) or nothing."""

    row: int
    name: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (what, was, becomes)
    sheet: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "name": self.name,
            "action": self.action,
            "changes": [{"field": f, "was": was, "becomes": new} for f, was, new in self.changes],
        }


@dataclass
class ImportResult:
    """What an import did (or, on a dry run or with problems, would have done).

    `created`, `updated` and `unchanged` count the main rows (risks or projects); `counts` has the
    rest (re-rated and closed risks, milestones). With any problem nothing is saved.
    """

    filename: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    not_in_file: int = 0
    rows: list[RowChange] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    ignored_headings: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(row.action != UNCHANGED for row in self.rows)

    @property
    def changes(self) -> list[RowChange]:
        return [row for row in self.rows if row.action != UNCHANGED]

    def record(self, change: RowChange, *, counted_as: str = "") -> None:
        """Keep a row's change and count it: the main rows in `created`, `updated` and
        `unchanged`, others (milestones) in `counts` under `counted_as` and the action."""
        self.rows.append(change)
        name = {CREATE: "created", UPDATE: "updated", UNCHANGED: "unchanged"}[change.action]
        if counted_as:
            self.add(f"{counted_as}_{name}")
        else:
            setattr(self, name, getattr(self, name) + 1)

    def add(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def sort_errors(self) -> None:
        self.errors.sort(key=lambda e: (e.sheet != "", e.sheet, e.row, e.column or 0))

    def summary(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "saved": self.saved,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            **self.counts,
            "not_in_file": self.not_in_file,
            "ignored_headings": self.ignored_headings,
            "errors": [e.as_dict() for e in self.errors],
            "changes": [row.as_dict() for row in self.changes],
        }


def service_problems(table: Table, row: SourceRow, exc, fields: dict[str, str]) -> list[Problem]:
    """A service's ValidationError as problems on the row, in the column of the field it names."""
    if not hasattr(exc, "error_dict"):
        return [table.problem(row, None, message) for message in exc.messages]
    return [
        table.problem(row, fields.get(name), message)
        for name, messages in exc.message_dict.items()
        for message in messages
    ]
