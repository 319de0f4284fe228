"""What the risk and project imports share: reading every sheet of a workbook (XLSX or XLS) or a
CSV file with line breaks kept in cells, parsing dates and pounds, and the result with every
problem by sheet, row and column (`core.importing.ImportIssue`). Choosing the sheet whose header
fits and accounting for every column is `tables`.

A heading matches as `lib.headings.match_key` matches it (case, spaces, punctuation, years and
units aside, one letter wrong allowed), and a note in brackets is ignored: "Probability (H M L)" is
"probability". A column the import does not read refuses the file until the user leaves it out or
reads it as a known column (`ColumnChoices`).
"""

import dataclasses
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from vfmhub.core.importing import ImportIssue, file_location
from vfmhub.lib.headings import (
    NO_CHOICES,
    ColumnChoices,
)
from vfmhub.lib.money import format_pounds, to_pounds
from vfmhub.lib.tabular import (
    NOT_A_TABLE,
    SHEET_MISSING,
    Sheet,
    TabularError,
    cell_lines,
    heading_key,
    parse_date,
    read_sheets,
)
from vfmhub.lib.tabular_files import sheet_place

NOT_A_SPREADSHEET = "The file is not a spreadsheet (XLSX, XLS or CSV) that can be read."
NO_COLUMN = "There is no {heading} column (headed {synonyms})."
BAD_DATE = "{value!r} is not a date (such as 31/03/2010)."
BAD_POUNDS = "{value!r} is not an amount in pounds (such as £120,000)."
NEGATIVE_POUNDS = "The amount cannot be negative."
TOO_LONG = "This is longer than {limit} characters."
NOTHING_TO_READ = "The file has no rows below its headings."
IMPORT_NOTE = "Imported from {filename}."
SHEET_READ = "Read from the ‘{sheet}’ sheet."
NOTHING_CHANGED = "Everything in the file is already recorded: nothing changed."

CHANGED_MEANWHILE = (
    "This {what} changed while the file was being imported, so nothing was saved: import the "
    "file again."
)

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
PROBE_ROWS = 31  # the rows `find_header` looks at (30, and the second line of a heading)


# Reading --------------------------------------------------------------------------------------


def one_line(text: str) -> str:
    return " ".join(text.split())


def read_register_sheets(content: bytes, filename: str) -> list[Sheet]:
    """Every sheet of an XLSX or XLS workbook, or a CSV file (any encoding, any line ending) as
    one sheet with no name, with the line breaks in a cell kept (a risk's actions, a project's
    partners, one a line). TabularError if the file cannot be read; NOT_A_SPREADSHEET for one
    that is not a spreadsheet."""
    try:
        return read_sheets(content, filename, multiline=True, spreadsheets_only=True)
    except TabularError as exc:
        if exc.detail == NOT_A_TABLE:
            raise TabularError(NOT_A_SPREADSHEET) from None
        raise


def sheet_named(sheets: list[Sheet], name: str) -> Sheet:
    """The sheet the user named (`--sheet`); TabularError naming the sheets there are if none."""
    for sheet in sheets:
        if sheet.name == name or heading_key(sheet.name) == heading_key(name):
            return sheet
    names = ", ".join(s.name for s in sheets if s.name) or "no named sheets"
    raise TabularError(SHEET_MISSING.format(sheet=name, sheets=names))


def file_problem(exc: TabularError) -> ImportIssue:
    """A refusal of the file as a problem, on its cell (and sheet) when it is about one."""
    where = file_location(exc)
    if where.row and where.table is None and exc.sheet:
        where = dataclasses.replace(where, sheet=exc.sheet)
    return ImportIssue(where, exc.detail)


@dataclass(frozen=True)
class ReadOptions:
    """What the user said of a file: the sheet to read (else the one whose header fits best)
    and the columns to leave out or read as known ones."""

    sheet: str | None = None
    choices: ColumnChoices = NO_CHOICES

    def sheets(self, content: bytes, filename: str, result: "ImportResult") -> list[Sheet]:
        """The file's sheets; none, with the problem in `result.errors`, if the file cannot be
        read or has no sheet of the name given."""
        try:
            sheets = read_register_sheets(content, filename)
            if self.sheet:
                sheet_named(sheets, self.sheet)
            return sheets
        except TabularError as exc:
            result.errors.append(file_problem(exc))
            return []

    def candidates(self, sheets: list[Sheet]) -> list[Sheet]:
        """The sheets the main table may be on: the one named, or all."""
        return [sheet_named(sheets, self.sheet)] if self.sheet else sheets


def label_for(sheet: Sheet, sheets: Sequence[Sheet]) -> str:
    """How messages name a sheet: by its name unless it is the file's first (or only) one."""
    return sheet.name if sheets and sheet is not sheets[0] else ""


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
    return cell_lines(old or "") == cell_lines(new or "")


# Results --------------------------------------------------------------------------------------


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
        where = f"{sheet_place(self.sheet)}, row {self.row}" if self.sheet else f"Row {self.row}"
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
    errors: list[ImportIssue] = field(default_factory=list)
    ignored_headings: list[str] = field(default_factory=list)  # columns not read
    sheet: str = ""  # the workbook's sheet read (of the projects, for a projects file)
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
        """By sheet (the main table's first), row and column; the file's own problems first."""
        self.errors.sort(key=_error_order)

    def command_report(self, *, what: str, extra: str) -> dict[str, Any]:
        """What an `import-*` command prints of the result (`ImportCommand.finish`'s report):
        each change, the counts of `what` (with `extra`, the other counts) and the rows left
        as they are; each problem, counted as "problems"."""
        counts = (
            f"{self.created} new, {self.updated} changed, {self.unchanged} unchanged {what} "
            f"({extra})"
        )
        left = f"{self.not_in_file} {what} not in the file are left as they are."
        after = [left] if self.not_in_file else []
        if not self.changed:
            after.append(NOTHING_CHANGED)
        return {
            "summary": self.summary(),
            "dry_run": self.dry_run,
            "counts": counts,
            "lines": [*self.read_from(), *(change.line() for change in self.changes)],
            "after": after,
            "errors_word": "problems",
        }

    def read_from(self) -> list[str]:
        """Which sheet of a workbook was read, and the columns not read, in words."""
        lines = [SHEET_READ.format(sheet=self.sheet)] if self.sheet else []
        if self.ignored_headings:
            lines.append(f"Columns not read: {', '.join(self.ignored_headings)}.")
        return lines

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
            "sheet": self.sheet,
            "ignored_headings": self.ignored_headings,
            "errors": [e.as_dict() for e in self.errors],
            "changes": [row.as_dict() for row in self.changes],
        }


def _error_order(error: ImportIssue) -> tuple:
    where = error.location
    return (where.sheet != "", where.sheet, where.row, where.column or 0)
