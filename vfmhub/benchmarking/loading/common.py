"""What the readers of reference files share: the file's fingerprint, numbers as published
("91,900", "7.87E-2"), JS modules holding a JSON array, and CSV tables with a header row."""

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from vfmhub.benchmarking.loading.types import ReferenceFile
from vfmhub.core.importing import ImportIssue, Location
from vfmhub.lib.tabular import SourceRow, TabularError, heading_key, read_csv
from vfmhub.lib.tabular_files import decode_text, looks_binary

NOT_A_NUMBER = "{value!r} is not a number."
NO_VALUE = "There is no value."
TOO_LARGE = "{value!r} is too large to be a figure of this file."
LARGEST = Decimal("1e13")  # below what a reference value holds (20 digits, 6 after the point)
NOT_JS_MODULE = "It is not a JavaScript module holding a JSON array (`export default [...]`)."
NOT_JSON = "It is not valid JSON after `export default`: {error} (line {line}, character {char})."
NOT_A_RECORD = "The entry is not a record of named fields."
MISSING_FIELD = "The record has no {field} field."
NOT_TEXT = "{value!r} is not text."
HEADER_MISSING = "The file has no header row naming {columns}."
UNKNOWN_COLUMN = "The column {heading!r} is not one this file is known to have."
NOT_GSS = "{code!r} is not an ONS (GSS) code: a letter and eight digits, such as E07000012."
REPEATED = "{what} is given again (first at row {first})."
OUTSIDE_ENGLAND = "outside England"
MOST_RECOGNITION_BYTES = 64 * 1024

_GSS = re.compile(r"^[A-Z]\d{8}$")
_EXPORT = re.compile(r"^\s*export\s+default\s+", re.S)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class ReadRefused(Exception):
    """The file cannot be read at all: one issue for the whole file (or the cell that stopped
    the reading)."""

    def __init__(self, issue: ImportIssue):
        self.issue = issue
        super().__init__(str(issue))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def decimal_of(value: Any) -> Decimal:
    """A number as a file gives it: a JSON number, or text with thousands commas ("91,900") or
    an exponent ("7.87E-2"). ValueError for anything else (blank, "n/a", NaN, infinity)."""
    if value is None:
        raise ValueError(NO_VALUE)
    if isinstance(value, bool):
        raise ValueError(NOT_A_NUMBER.format(value=value))
    if isinstance(value, Decimal):
        text = str(value)
    elif isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, str):
        text = value.strip()
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
    else:
        raise ValueError(NOT_A_NUMBER.format(value=value))
    if not text:
        raise ValueError(NO_VALUE)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(NOT_A_NUMBER.format(value=value)) from None
    if not number.is_finite():
        raise ValueError(NOT_A_NUMBER.format(value=value))
    if abs(number) >= LARGEST:
        raise ValueError(TOO_LARGE.format(value=value))
    return number


def text_head(path: Path) -> str:
    """The start of a file as text, for recognising it (never raises on odd bytes)."""
    with path.open("rb") as file:
        head = file.read(MOST_RECOGNITION_BYTES)
    if not head or looks_binary(head):
        return ""
    try:
        return decode_text(head)
    except TabularError:
        return head.decode("utf-8", errors="replace")


def js_records(path: Path) -> list[Any]:
    """The JSON array a JS module (`export default [...]`) holds. ReadRefused otherwise."""
    data = path.read_bytes()
    whole = Location(row=0)
    if not data or looks_binary(data):
        raise ReadRefused(ImportIssue(whole, NOT_JS_MODULE))
    try:
        text = decode_text(data)
    except TabularError as exc:
        raise ReadRefused(ImportIssue(whole, str(exc))) from None
    found = _EXPORT.match(text)
    if found is None:
        raise ReadRefused(ImportIssue(whole, NOT_JS_MODULE))
    body = text[found.end() :].rstrip().removesuffix(";")
    try:
        records = json.loads(body, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        line = exc.lineno + text[: found.end()].count("\n")
        message = NOT_JSON.format(error=exc.msg, line=line, char=exc.colno)
        raise ReadRefused(ImportIssue(whole, message)) from None
    except RecursionError:
        raise ReadRefused(ImportIssue(whole, NOT_JS_MODULE)) from None
    if not isinstance(records, list):
        raise ReadRefused(ImportIssue(whole, NOT_JS_MODULE))
    return records


@dataclass(frozen=True)
class Table:
    """A CSV file's header (its row and headings) and the rows under it."""

    header_row: int
    headings: tuple[str, ...]
    rows: list[SourceRow]

    def index(self, heading: str) -> int | None:
        """The column headed `heading` (compared without case, spaces or punctuation)."""
        key = heading_key(heading)
        for i, text in enumerate(self.headings):
            if heading_key(text) == key:
                return i
        return None

    def where(self, row: SourceRow, column: int) -> Location:
        heading = self.headings[column] if column < len(self.headings) else ""
        return Location(row=row.number).at_column(column, heading)


def csv_table(path: Path, required: tuple[str, ...], *, search_rows: int = 5) -> Table:
    """The table under the first of the top `search_rows` rows that heads every `required`
    column. ReadRefused when the file is not a CSV or has no such row."""
    try:
        rows = read_csv(path.read_bytes())
    except TabularError as exc:
        location = Location(row=exc.row or 0).at_column(exc.column) if exc.row else Location(0)
        raise ReadRefused(ImportIssue(location, exc.detail)) from None
    keys = {heading_key(h) for h in required}
    for i, row in enumerate(rows[:search_rows]):
        if keys <= {heading_key(c) for c in row.cells}:
            body = [r for r in rows[i + 1 :] if not r.is_blank]
            return Table(header_row=row.number, headings=row.cells, rows=body)
    columns = ", ".join(required)
    raise ReadRefused(ImportIssue(Location(row=0), HEADER_MISSING.format(columns=columns)))


def unknown_columns(table: Table, known: set[str]) -> list[ImportIssue]:
    """An issue for every headed column the reader neither uses nor knows to leave out."""
    keys = {heading_key(k) for k in known}
    return [
        ImportIssue(
            Location(row=table.header_row).at_column(i, heading),
            UNKNOWN_COLUMN.format(heading=heading),
        )
        for i, heading in enumerate(table.headings)
        if heading and heading_key(heading) not in keys
    ]


def is_english(code: str) -> bool:
    return code[:1].upper() == "E"


def is_gss(code: str) -> bool:
    return bool(_GSS.match(code))


def english_code(table: Table, row: SourceRow, column: int, data: ReferenceFile) -> str | None:
    """The row's GSS code (upper case) when it names an English area. Otherwise None, with the
    row refused on `data` (not a GSS code) or counted as left out (outside England)."""
    code = row.cell(column).upper()
    if not is_gss(code):
        where = table.where(row, column)
        data.refused.append(ImportIssue(where, NOT_GSS.format(code=row.cell(column))))
        return None
    if not is_english(code):
        data.ignore(OUTSIDE_ENGLAND)
        return None
    return code
