"""What the risk and project imports share: reading a workbook's sheets (or a CSV file) with line
breaks kept in cells, finding the columns by heading, parsing dates and pounds, and the result with
every problem by sheet, row and column.

A heading matches without regard to case, spaces or punctuation, and a note in brackets is
ignored: "Probability (H M L)" is "probability", "Expected annual savings (£)" is "expected annual
savings".
"""

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import chain, islice
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

CHANGED_MEANWHILE = (
    "This {what} changed while the file was being imported, so nothing was saved: import the "
    "file again."
)

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
HEADER_SEARCH_ROWS = 50  # the header is looked for in the first rows only
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


# Reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One worksheet (or the CSV file, with no name); each cell's text keeps its line breaks.
    `rows` are read from the file as they are gone through, once (`SheetRows`), or a list."""

    name: str
    rows: Iterable[SourceRow]


def cell_text(value: object) -> str:
    """A cell as text: each line tidied as `normalise_cell` does, the line breaks kept."""
    if value is None:
        return ""
    if value.__class__ is not str:
        return normalise_cell(value)
    if "\n" not in value and "\r" not in value:
        text = " ".join(value.split())  # as `normalise_cell` does, without its other cases
        return text if text[:1] != "'" else normalise_cell(text)
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(normalise_cell(line) for line in lines).strip()


def one_line(text: str) -> str:
    return " ".join(text.split())


class SheetRows:
    """A sheet's rows, read from the file as they are gone through (once), so a large file is
    never held whole. A problem with the file met on the way (a NUL byte, a cell too long, a
    damaged sheet) is added to `problems` and ends the rows; `failed` then says so."""

    def __init__(self, raw: Iterable[Sequence[object]], problems: list["Problem"]):
        self._raw, self._problems, self.failed = raw, problems, False

    def __iter__(self) -> Iterator[SourceRow]:
        try:
            for number, cells in enumerate(self._raw, start=1):
                values = [cell_text(v) for v in cells]
                while values and not values[-1]:
                    values.pop()
                yield SourceRow(number=number, cells=tuple(values))
        except TabularError as exc:
            self.failed = True
            self._problems.append(file_problem(_as_spreadsheet_error(exc)))
        finally:
            self._raw = ()  # let the workbook (and its table of strings) go once read


def _as_spreadsheet_error(exc: TabularError) -> TabularError:
    return TabularError(NOT_A_SPREADSHEET) if exc.detail == NOT_A_TABLE else exc


def _sources(content: bytes, filename: str, stack: ExitStack) -> list[tuple[str, Iterable]]:
    if not content.strip():
        raise TabularError(EMPTY_FILE)
    if content.startswith(b"PK"):
        book = stack.enter_context(xlsx_open(content))
        return [(name, book.rows(name)) for name in book.sheetnames]
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".docx", ".pdf")):
        raise TabularError(NOT_A_SPREADSHEET)
    rows = csv_rows(content)
    first = next(rows, None)  # a file that is not text is refused here, as a whole
    return [("", chain([first] if first is not None else [], rows))]


@contextmanager
def open_sheets(content: bytes, filename: str, problems: list["Problem"]) -> Iterator[list[Sheet]]:
    """Every sheet of an XLSX workbook, or a CSV file as one sheet, open while the `with` lasts
    and each read as it is gone through; TabularError if the file is neither. A problem met
    while reading rows is added to `problems` (see `SheetRows`)."""
    with ExitStack() as stack:
        try:
            sources = _sources(content, filename, stack)
        except TabularError as exc:
            raise _as_spreadsheet_error(exc) from None
        yield [Sheet(name, SheetRows(rows, problems)) for name, rows in sources]


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
    head: list[SourceRow] = field(default_factory=list)  # rows read while finding the header
    rest: Iterator[SourceRow] = field(default_factory=lambda: iter(()))
    count: int = 0  # the rows below the header gone through so far

    def data_rows(self) -> Iterator[SourceRow]:
        """The rows below the header that are not blank, read from the file as they are needed,
        so only once; `count` has how many there were."""
        start = self.header.row.number
        head, rest, self.head, self.rest = self.head, self.rest, [], iter(())
        for row in chain(head, rest):
            if row.number > start and not row.is_blank:
                self.count += 1
                yield row

    @property
    def failed(self) -> bool:
        """Whether reading the sheet stopped at a problem with the file (already reported)."""
        return getattr(self.sheet.rows, "failed", False)

    def no_rows_problem(self, problems: list["Problem"]) -> None:
        """Once the rows are read: a problem if there were none below the header."""
        if not self.count and not self.failed:
            problems.append(Problem(self.header.row.number, None, NOTHING_TO_READ))

    def has(self, name: str) -> bool:
        return name in self.header.columns

    def lines(self, row: SourceRow, name: str) -> str:
        return row.cell(self.header.columns.get(name))

    def text(self, row: SourceRow, name: str) -> str:
        text = row.cell(self.header.columns.get(name))
        return one_line(text) if "\n" in text else text  # each line is tidied already

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
    rows = iter(sheet.rows)
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    if getattr(sheet.rows, "failed", False):
        return None  # the file's problem is already reported; the columns cannot be told
    header = find_header([_without_notes(r) for r in head], expected, required=required)
    found = header.columns if header else {}
    at = header.row.number if header else 0
    for column in columns:
        if column.required and column.name not in found:
            message = NO_COLUMN.format(heading=column.heading, synonyms=_quoted(column.headings))
            problems.append(Problem(at, None, message, sheet=label))
    if header is None or any(c.required and c.name not in found for c in columns):
        return None
    original = next(r for r in head if r.number == header.row.number)
    return Table(sheet, Header(original, header.columns), columns, label, head=head, rest=rows)


# Values ---------------------------------------------------------------------------------------


def choice_key(text: str) -> str:
    return heading_key(text)


@lru_cache(maxsize=4096)  # a file holds few different dates: each is read once
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


class RowChange:
    """What importing one row does: create, update (with each change) or nothing.

    `changes` are (what, was, becomes) texts; for a new row they may be worked out only when
    first read (`describe`), since an import of 100,000 new rows is mostly never shown row by
    row and would otherwise hold a million texts."""

    __slots__ = ("_changes", "_describe", "action", "name", "row", "sheet")

    def __init__(
        self,
        row: int,
        name: str,
        action: str,
        changes: list[tuple[str, str, str]] | None = None,
        sheet: str = "",
        *,
        describe: Callable[[], list[tuple[str, str, str]]] | None = None,
    ):
        self.row, self.name, self.action, self.sheet = row, name, action, sheet
        self._changes, self._describe = changes, describe

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        if self._changes is None:
            self._changes = self._describe() if self._describe else []
            self._describe = None
        return self._changes

    @changes.setter
    def changes(self, value: list[tuple[str, str, str]]) -> None:
        self._changes, self._describe = value, None

    def __repr__(self) -> str:
        return f"RowChange({self.row!r}, {self.name!r}, {self.action!r}, {self.changes!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RowChange):
            return NotImplemented
        mine = (self.row, self.name, self.action, self.changes, self.sheet)
        return mine == (other.row, other.name, other.action, other.changes, other.sheet)

    def line(self) -> str:
        """The change as the `import-*` commands print it, one line."""
        where = f"{self.sheet} sheet, row {self.row}" if self.sheet else f"Row {self.row}"
        verb = "new" if self.action == CREATE else "changed"
        details = "; ".join(f"{f}: {was or '-'} -> {new or '-'}" for f, was, new in self.changes)
        return f"{where}: {self.name} ({verb}) {details}".rstrip()

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
    rows: list[RowChange] = field(default_factory=list)  # the rows that change
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
        """Count a row's change, and keep it unless the row is unchanged: the main rows in
        `created`, `updated` and `unchanged`, others (milestones) in `counts` under `counted_as`
        and the action."""
        if change.action != UNCHANGED:
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

    def command_report(self, *, what: str, extra: str) -> dict[str, Any]:
        """What an `import-*` command prints of the result (`ImportCommand.finish`'s report):
        each change, the counts of `what` (with `extra`, the other counts) and the rows left
        as they are; each problem, counted as "problems"."""
        counts = (
            f"{self.created} new, {self.updated} changed, {self.unchanged} unchanged {what} "
            f"({extra})"
        )
        left = f"{self.not_in_file} {what} not in the file are left as they are."
        return {
            "summary": self.summary(),
            "dry_run": self.dry_run,
            "counts": counts,
            "lines": [change.line() for change in self.changes],
            "after": [left] if self.not_in_file else [],
            "errors_word": "problems",
        }

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
