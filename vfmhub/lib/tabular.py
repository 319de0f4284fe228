"""Reading the tables councils keep in CSV, Excel and Word, with every row's place kept for errors.

`read_sheets` turns a file's bytes into `Sheet`s of `SourceRow`s: the cells as normalised text and
where the row came from (a spreadsheet row number, or a Word table and row). Every sheet of a
workbook (XLSX or legacy XLS) is read; a CSV or Word file is one sheet. `lib.headings` finds the
header row and the sheet whose header fits best. No Django models here: importers build on these.
"""

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from vfmhub.lib.tabular_files import (
    NOT_A_TABLE,
    TabularError,
    check_cell,
    csv_rows,
    decode_text,
    looks_binary,
    xls_sheets,
    xlsx_open,
    zip_check,
)

__all__ = ["NOT_A_TABLE", "TabularError", "decode_text"]  # re-exported for the importers
EMPTY_FILE = "The file is empty."
NO_TABLES = "The Word document has no tables."
SHEET_MISSING = "The workbook has no sheet called {sheet!r} (it has {sheets})."

_BULLETS = "•\u2022\uf0b7\uf0a7\u25aa\u25cf\u2023\u2043\u25e6▪"
# A word broken at a line end: "on-\ngoing", "joined-\nup". The hyphen is kept (it cannot be told
# from a real one) but the break goes, so the text reads as one line.
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\r?\n\s*(\w)")
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@])")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy Office: .xls, .doc
_NOT_SPREADSHEETS = (".docx", ".doc", ".pdf", ".ppt", ".pptx", ".msg")


@dataclass(frozen=True)
class SourceRow:
    """One row as read: `number` is the spreadsheet row (1-based) or the row within `table`."""

    number: int
    cells: tuple[str, ...]
    table: int | None = None

    def cell(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    @property
    def is_blank(self) -> bool:
        return not any(self.cells)


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook; a CSV file or a Word document is one sheet with no name.

    `problem` is why a sheet could not be read (a formula with no saved value …) when the
    importer did not ask for it by name: it then has no rows, and the others are still read."""

    name: str
    rows: list[SourceRow]
    problem: TabularError | None = field(default=None, compare=False)


def normalise_cell(value: object) -> str:
    """A cell's text on one line: stripped, whitespace collapsed, broken words rejoined.

    Dates become ISO dates and whole numbers lose their ".0"; an apostrophe put in front of a
    formula character by an export (`'=A1`) is removed again.
    """
    if value.__class__ is str:  # every CSV cell and most workbook ones: checked first
        text = value
    elif value is None:
        return ""
    elif isinstance(value, datetime.date | datetime.datetime):
        if isinstance(value, datetime.datetime) and value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        return str(int(value))
    else:
        text = str(value)
    if "-" in text and "\n" in text:
        text = _HYPHEN_BREAK.sub(r"\1-\2", text)
    # str.split() splits on the same whitespace as \s (no-break space included), and faster.
    text = " ".join(text.split())
    return _FORMULA_GUARD.sub("", text) if text[:1] == "'" else text


def cell_lines(value: object) -> str:
    """A cell as text with its line breaks kept (a risk's actions, one a line): each line tidied
    as `normalise_cell` tidies a cell."""
    if not isinstance(value, str) or ("\n" not in value and "\r" not in value):
        return normalise_cell(value)
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(normalise_cell(line) for line in lines).strip()


def strip_bullet(text: str) -> str:
    """Text without a leading bullet ("•", Word's private-use "")."""
    return text.lstrip(_BULLETS + " -").strip() if text[:1] in _BULLETS else text


def heading_key(text: str) -> str:
    """A heading as compared: lower case, no spaces or punctuation ("Respons ible Officer")."""
    return re.sub(r"[\W_]+", "", text.lower())


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _rows(
    raw: Iterable[Sequence[object]], table: int | None = None, *, multiline: bool = False
) -> list[SourceRow]:
    tidy = cell_lines if multiline else normalise_cell
    rows = []
    for number, cells in enumerate(raw, start=1):
        values = [tidy(v) for v in cells]
        while values and not values[-1]:
            values.pop()
        rows.append(SourceRow(number=number, cells=tuple(values), table=table))
    return rows


def read_csv(data: bytes, *, multiline: bool = False) -> list[SourceRow]:
    return _rows(csv_rows(data), multiline=multiline)


def read_xlsx(data: bytes, sheet: str | None = None) -> list[SourceRow]:
    """The first sheet (or the one named), values only."""
    sheets = read_xlsx_sheets(data, only=sheet)
    return sheets[0].rows if sheets else []


def read_xlsx_sheets(
    data: bytes, only: str | None = None, *, multiline: bool = False
) -> list[Sheet]:
    """Every sheet (or only the one named), values only."""
    with xlsx_open(data) as book:
        names = _names(book.sheetnames, only)
        sheets = [_sheet(name, book.rows, multiline, only) for name in names]
    return _readable(sheets)


def _sheet(
    name: str, rows: Callable[[str], Iterable[Sequence[object]]], multiline: bool, only: str | None
) -> Sheet:
    """One sheet read; a sheet the caller did not name that cannot be read is kept with its
    problem rather than refusing the whole workbook (a check sheet of uncalculated formulas
    beside the table wanted)."""
    try:
        return Sheet(name, _rows(rows(name), multiline=multiline))
    except TabularError as exc:
        if only is not None:
            raise
        return Sheet(name, [], problem=exc)


def _readable(sheets: list[Sheet]) -> list[Sheet]:
    """The sheets, unless none could be read: then the first one's problem."""
    problems = [sheet.problem for sheet in sheets if sheet.problem is not None]
    if sheets and len(problems) == len(sheets):
        raise problems[0]
    return sheets


def read_xls_sheets(
    data: bytes, only: str | None = None, *, multiline: bool = False
) -> list[Sheet]:
    """Every sheet of a legacy Excel (.xls) workbook (or only the one named)."""
    sheets = xls_sheets(data)
    names = _names(list(sheets), only)
    return [Sheet(name, _rows(sheets[name], multiline=multiline)) for name in names]


def _names(available: list[str], only: str | None) -> list[str]:
    if only is None:
        return available
    if only not in available:
        raise TabularError(SHEET_MISSING.format(sheet=only, sheets=", ".join(available)))
    return [only]


def read_docx(data: bytes) -> list[SourceRow]:
    """Every table in order; rows keep their table number (1-based) and row within it.

    A cell merged across columns gives its text once and empty cells for the columns it spans; a
    cell merged down (a continued cell) reads as empty below its first row, so a continuation
    row looks as it does on paper.
    """
    import docx
    from docx.oxml.ns import qn

    zip_check(data)  # refuses a DOCTYPE or entities, which python-docx would leave unread
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise TabularError(NOT_A_TABLE) from exc
    if not document.tables:
        raise TabularError(NO_TABLES)
    rows: list[SourceRow] = []
    for number, table in enumerate(document.tables, start=1):
        raw: list[list[str]] = []
        for tr in table._tbl.tr_lst:
            cells: list[str] = []
            for tc in tr.tc_lst:
                v_merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
                continued = v_merge is not None and v_merge.get(qn("w:val")) in (None, "continue")
                text = "\n".join(p.text for p in docx.table._Cell(tc, table).paragraphs)
                check_cell(text, row=len(raw) + 1, column=len(cells), sheet=f"Table {number}")
                cells.append("" if continued else text)
                cells.extend([""] * (tc.grid_span - 1))
            raw.append(cells)
        rows.extend(_rows(raw, table=number))
    return rows


def read_table(data: bytes, filename: str, *, sheet: str | None = None) -> list[SourceRow]:
    """The rows of the first sheet (or the one named) of a CSV, XLSX, XLS or DOCX file."""
    return read_sheets(data, filename, sheet=sheet)[0].rows


def read_sheets(
    data: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    multiline: bool = False,
    spreadsheets_only: bool = False,
) -> list[Sheet]:
    """Every sheet of a CSV, XLSX, XLS or DOCX file (or only the one named), chosen by the
    file's content and checked against its name. `multiline` keeps the line breaks in a cell;
    `spreadsheets_only` refuses a Word document."""
    if not data.strip():
        raise TabularError(EMPTY_FILE)
    name = filename.lower()
    if data.startswith(_ZIP_MAGIC):
        kind = _zip_kind(data)
        if kind == "docx" and not spreadsheets_only:
            return [Sheet("", read_docx(data))]
        if kind == "xlsx":
            return read_xlsx_sheets(data, sheet, multiline=multiline) or [Sheet("", [])]
        raise TabularError(NOT_A_TABLE)
    if data.startswith(_OLE_MAGIC) and not name.endswith(_NOT_SPREADSHEETS):
        return read_xls_sheets(data, sheet, multiline=multiline) or [Sheet("", [])]
    if name.endswith((".xlsx", ".xlsm", ".xls", *_NOT_SPREADSHEETS)) or looks_binary(data):
        raise TabularError(NOT_A_TABLE)
    return [Sheet("", read_csv(data, multiline=multiline))]


def _spaces(value: Any) -> int:
    if not isinstance(value, str):
        return 0
    return (len(value) - len(value.lstrip(" \t"))) // 2


def _xlsx_indents(data: bytes, sheet: str, column: int) -> dict[int, int]:
    found: dict[int, int] = {}
    with xlsx_open(data) as book:
        for number, cells in enumerate(book.rows(sheet, cells=True), start=1):
            if column >= len(cells):
                continue
            cell = cells[column]
            indent = int(getattr(getattr(cell, "alignment", None), "indent", 0) or 0)
            depth = indent + _spaces(getattr(cell, "value", None))
            if depth:
                found[number] = depth
    return found


def _value_indents(rows: Iterable[Any], column: int) -> dict[int, int]:
    found: dict[int, int] = {}
    for number, cells in enumerate(rows, start=1):
        depth = _spaces(cells[column]) if column < len(cells) else 0
        if depth:
            found[number] = depth
    return found


def column_indents(data: bytes, sheet: str, column: int) -> dict[int, int]:
    """How far each row's cell in `column` is indented (its leading spaces, two a level, plus in
    an XLSX workbook the cell's indent), on the sheet `sheet` of a workbook or in a CSV file;
    rows with none left out. `read_sheets` tidies cells, so an importer that reads depth from
    indentation (an allocation's lines) asks for it here, of a file already read once."""
    if data.startswith(_ZIP_MAGIC):
        return _xlsx_indents(data, sheet, column)
    if data.startswith(_OLE_MAGIC):
        return _value_indents(xls_sheets(data).get(sheet, []), column)
    return _value_indents(csv_rows(data), column)


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return ""
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return ""


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_SLASH_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I
)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+(\d{{4}})\b", re.I)


def month_end(year: int, month: int) -> datetime.date:
    """The last day of a month: (2010, 2) -> 28 February 2010."""
    first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def find_date(text: str) -> datetime.date | None:
    """The first date in `text`: "31/03/2010", "2010-03-31", "31 March 2010", or a month and year
    ("March 2010 update") as the last day of that month. None when there is none."""
    found: list[tuple[int, datetime.date]] = []
    for pattern, build in (
        (_ISO_DATE, lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (_SLASH_DATE, lambda m: (_full_year(m[3]), int(m[2]), int(m[1]))),
        (_DAY_MONTH_YEAR, lambda m: (int(m[3]), _MONTHS[m[2].lower()], int(m[1]))),
    ):
        for match in pattern.finditer(text):
            try:
                found.append((match.start(), datetime.date(*build(match))))
            except ValueError:
                continue
    for match in _MONTH_YEAR.finditer(text):
        found.append((match.start(), month_end(int(match[2]), _MONTHS[match[1].lower()])))
    return min(found, key=lambda pair: pair[0])[1] if found else None


def _full_year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def parse_date(text: str) -> datetime.date:
    """A cell that should hold only a date; raises ValueError for anything else ("next Tuesday")."""
    day = find_date(text)
    if day is None:
        raise ValueError(text)
    return day
