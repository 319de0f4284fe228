"""Opening an uploaded table file safely: limits checked before parsing, text decoded by one rule,
and every cell checked as it streams past.

Limits come from settings (`IMPORT_MAX_ROWS`, `IMPORT_MAX_UNCOMPRESSED_BYTES`,
`IMPORT_MAX_COMPRESSION_RATIO`, `IMPORT_MAX_CELL_CHARS`). A workbook's size is checked from its zip
directory before anything is inflated, and its rows are counted in the sheet XML before openpyxl
reads it, so a small file that inflates to millions of rows is refused in a second or two.

Text rule: valid UTF-8 (with or without a byte-order mark) is UTF-8; a UTF-16 file with a
byte-order mark is UTF-16; bytes that are not UTF-8 and hold no UTF-8 multibyte sequence are
Windows-1252, as Excel saves CSV; a file with both (UTF-8 and Windows-1252 mixed) is refused with
the line of the first byte that is not UTF-8, since either reading would garble part of it.
"""

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings

NOT_A_TABLE = (
    "The file is not a spreadsheet (XLSX, XLS or CSV) or a Word document (DOCX) that can be read."
)
TOO_MANY_ROWS = "The file has more than {limit:,} rows, the most an import takes."
TOO_BIG = "The workbook inflates to {size:,} bytes, more than the {limit:,} bytes an import takes."
TOO_COMPRESSED = (
    "The workbook inflates to {ratio:,} times its size, more than the {limit:,} times an "
    "import takes; it is not an ordinary spreadsheet."
)
HAS_DOCTYPE = (
    "The file's {part} declares a DOCTYPE or XML entities, which office files never need; "
    "save it again from Word or Excel."
)
MIXED_ENCODING = (
    "Line {line} has a character that is not UTF-8, but other lines are UTF-8: the file mixes "
    "two encodings. Save it again as CSV UTF-8."
)
NUL_BYTE = "The cell holds a NUL byte (\\x00), which text cannot hold; remove it."
CELL_TOO_LONG = "The cell holds {length:,} characters; at most {limit:,} fit in one cell."
UNCACHED_FORMULA = (
    "The cell holds a formula with no saved value; open the file in Excel, let it calculate "
    "and save it again, or paste the values."
)

_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"\xd0\xcf\x11\xe0")
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_CONTROL_BYTES = bytes([*range(9), 11, 12, *range(14, 32)])
_CHUNK = 1 << 20
_TAIL = 32
_RATIO_FLOOR = 10 * 1024 * 1024  # small files may compress as well as they like


class TabularError(ValueError):
    """The file cannot be read as a table. `row` (1-based), `column` (0-based) and `sheet` say
    where, when the problem is one cell; `detail` is the message without the place."""

    def __init__(
        self,
        detail: str,
        *,
        row: int | None = None,
        column: int | None = None,
        sheet: str = "",
    ):
        self.detail, self.row, self.column, self.sheet = detail, row, column, sheet
        super().__init__(f"{self.place()}: {detail}" if row else detail)

    def place(self) -> str:
        from vfmhub.lib.tabular import column_letter

        where = f"{sheet_place(self.sheet)}, row {self.row}" if self.sheet else f"Row {self.row}"
        return where + (f", column {column_letter(self.column)}" if self.column is not None else "")


_SAYS_SHEET = re.compile(r"sheet\s*\d*$", re.I)


def sheet_place(name: str) -> str:
    """A sheet as a place in a message: "Risks sheet"; a name that already says sheet ("Sheet1",
    "Data sheet") as it is."""
    return name if _SAYS_SHEET.search(name) else f"{name} sheet"


def limit(name: str) -> int:
    defaults = {
        "IMPORT_MAX_ROWS": 200_000,
        "IMPORT_MAX_UNCOMPRESSED_BYTES": 200 * 1024 * 1024,
        "IMPORT_MAX_COMPRESSION_RATIO": 200,
        "IMPORT_MAX_CELL_CHARS": 32_767,
    }
    return int(getattr(settings, name, defaults[name]))


def looks_binary(data: bytes) -> bool:
    """A picture, PDF or old Office file, or bytes with NULs that no UTF-16 mark explains."""
    if data.startswith(_BINARY_MAGIC):
        return True
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    head = data[:4096]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls * 10 > len(head) or head.count(b"\x00") > max(1, len(head) // 100)


def decode_text(data: bytes) -> str:
    """Text by the module's rule; TabularError for a file that mixes UTF-8 and Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TabularError(NOT_A_TABLE) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            line = data[: exc.start].count(b"\n") + 1
            raise TabularError(MIXED_ENCODING.format(line=line)) from None
    return _cp1252(data)


_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def _cp1252(data: bytes) -> str:
    """Windows-1252, except that the five bytes it leaves undefined read as Latin-1."""
    out, start = [], 0
    for match in _CP1252_UNDEFINED.finditer(data):  # found by a regex: a byte loop is slow
        i = match.start()
        out.append(data[start:i].decode("cp1252"))
        out.append(chr(data[i]))
        start = i + 1
    out.append(data[start:].decode("cp1252"))
    return "".join(out)


def check_cell(value: Any, *, row: int, column: int, sheet: str = "") -> None:
    """Refuse a cell no import should take: a NUL byte, or more text than a cell holds."""
    if not isinstance(value, str):
        return
    if "\x00" in value:
        raise TabularError(NUL_BYTE, row=row, column=column, sheet=sheet)
    if len(value) > limit("IMPORT_MAX_CELL_CHARS"):
        message = CELL_TOO_LONG.format(length=len(value), limit=limit("IMPORT_MAX_CELL_CHARS"))
        raise TabularError(message, row=row, column=column, sheet=sheet)


def checked_rows(rows: Iterator[Any], *, sheet: str = "") -> Iterator[Any]:
    """Rows of cells (values, or read-only cells) numbered from 1, each cell checked; refused
    past the row limit."""
    most, longest = limit("IMPORT_MAX_ROWS"), limit("IMPORT_MAX_CELL_CHARS")
    for number, cells in enumerate(rows, start=1):
        if number > most:
            raise TabularError(TOO_MANY_ROWS.format(limit=most))
        for column, cell in enumerate(cells):
            value = cell if cell.__class__ is str else getattr(cell, "value", cell)
            if isinstance(value, str) and ("\x00" in value or len(value) > longest):
                check_cell(value, row=number, column=column, sheet=sheet)
        yield cells


# Zip-based files ------------------------------------------------------------------------------


def zip_check(data: bytes) -> dict[str, bool]:
    """Check a workbook or Word file before parsing it: its inflated size and compression ratio
    from the zip directory, then (streaming, within those limits) no DOCTYPE or entity in any XML
    part and no worksheet with more rows than the limit. Returns which worksheets hold formulas."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TabularError(NOT_A_TABLE) from None
    size = sum(m.file_size for m in members)
    most = limit("IMPORT_MAX_UNCOMPRESSED_BYTES")
    if size > most:
        raise TabularError(TOO_BIG.format(size=size, limit=most))
    ratio = size // max(1, len(data))
    if size > _RATIO_FLOOR and ratio > limit("IMPORT_MAX_COMPRESSION_RATIO"):
        raise TabularError(
            TOO_COMPRESSED.format(ratio=ratio, limit=limit("IMPORT_MAX_COMPRESSION_RATIO"))
        )
    formulas = {}
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            formulas[member.filename] = _part_check(archive, member)
    return formulas


def _part_check(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Stream one XML part: refuse a DOCTYPE or entity, count a worksheet's rows, and say
    whether it holds a formula."""
    sheet = member.filename.startswith("xl/worksheets/")
    rows, formula, tail = 0, False, b""
    most = limit("IMPORT_MAX_ROWS")
    try:
        with archive.open(member) as part:
            while chunk := part.read(_CHUNK):
                buffer = tail + chunk
                if _DOCTYPE.search(buffer):
                    raise TabularError(HAS_DOCTYPE.format(part=member.filename))
                if sheet:
                    rows += sum(1 for m in _ROW_TAG.finditer(buffer) if m.end() > len(tail))
                    formula = formula or bool(_FORMULA_TAG.search(buffer))
                    if rows > most:
                        raise TabularError(TOO_MANY_ROWS.format(limit=most))
                tail = buffer[-_TAIL:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        raise TabularError(NOT_A_TABLE) from None
    return formula


@contextmanager
def xlsx_open(data: bytes) -> Iterator["Workbook"]:
    """The workbook, checked by `zip_check` first, read-only with saved values; closed after."""
    formulas = zip_check(data)
    book = _load(data, data_only=True)
    # Formulas are read again only where a sheet has any, to tell an uncalculated one from a blank.
    with_formulas = _load(data, data_only=False) if any(formulas.values()) else None
    try:
        yield Workbook(book, with_formulas)
    finally:
        book.close()
        if with_formulas is not None:
            with_formulas.close()


def _load(data: bytes, *, data_only: bool):
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TabularError(NOT_A_TABLE) from exc


class Workbook:
    """An open workbook whose sheets are read row by row through the checks."""

    def __init__(self, book, with_formulas):
        self.book, self.with_formulas = book, with_formulas

    @property
    def sheetnames(self) -> list[str]:
        return list(self.book.sheetnames)

    def rows(self, name: str, *, cells: bool = False) -> Iterator[tuple]:
        """A sheet's rows (values, or read-only cells when `cells`), checked as they come."""
        sheet = self.book[name]
        sheet.reset_dimensions()  # a stated range of a million rows is not padded out
        rows: Iterable[tuple] = sheet.iter_rows(values_only=not cells)
        if self.with_formulas is not None:
            formulas = self.with_formulas[name]
            formulas.reset_dimensions()
            rows = _formulas_checked(rows, formulas.iter_rows(values_only=True), name)
        yield from checked_rows(_parsed(rows), sheet=name)


def _parsed(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Rows from openpyxl, its errors for a damaged sheet turned into a refusal."""
    iterator = iter(rows)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except TabularError:
            raise
        except Exception as exc:  # openpyxl and lxml raise many kinds for a damaged sheet
            raise TabularError(NOT_A_TABLE) from exc
        yield row


def _formulas_checked(rows: Iterable[tuple], formulas: Iterable[tuple], sheet: str):
    for number, (row, formula_row) in enumerate(zip(rows, formulas, strict=False), start=1):
        for column, formula in enumerate(formula_row):
            if not _is_formula(formula) or column >= len(row):
                continue
            if getattr(row[column], "value", row[column]) is None:
                raise TabularError(UNCACHED_FORMULA, row=number, column=column, sheet=sheet)
        yield row


def _is_formula(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return type(value).__name__ in ("ArrayFormula", "DataTableFormula")


# Legacy Excel (.xls) ---------------------------------------------------------------------------


def xls_sheets(data: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet of a legacy Excel workbook as rows of values (dates as dates), each checked."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # xlrd raises many kinds for a damaged or non-Excel file
        raise TabularError(NOT_A_TABLE) from exc
    try:
        return {name: _xls_rows(book, book.sheet_by_name(name)) for name in book.sheet_names()}
    except TabularError:
        raise
    except Exception as exc:
        raise TabularError(NOT_A_TABLE) from exc
    finally:
        book.release_resources()


def _xls_rows(book, sheet) -> list[list[Any]]:
    import xlrd

    if sheet.nrows > limit("IMPORT_MAX_ROWS"):
        raise TabularError(TOO_MANY_ROWS.format(limit=limit("IMPORT_MAX_ROWS")))
    rows = []
    for index in range(sheet.nrows):
        values: list[Any] = []
        for cell in sheet.row(index):
            if cell.ctype == xlrd.XL_CELL_DATE:
                values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                values.append(None)
            else:
                values.append(cell.value)
        rows.append(values)
    return list(checked_rows(iter(rows), sheet=sheet.name))


# CSV ------------------------------------------------------------------------------------------


def csv_rows(data: bytes) -> Iterator[list[str]]:
    """A CSV file's rows (comma, semicolon or tab separated), each cell checked."""
    if looks_binary(data):
        raise TabularError(NOT_A_TABLE)
    text = decode_text(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:8192], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    yield from checked_rows(_csv_parsed(reader))


def _csv_parsed(reader) -> Iterator[list[str]]:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number = reader.line_num
            if "field larger than field limit" in str(exc):
                detail = CELL_TOO_LONG.format(
                    length=csv.field_size_limit(), limit=limit("IMPORT_MAX_CELL_CHARS")
                ).replace("holds", "holds more than")
                raise TabularError(detail, row=number) from None
            raise TabularError(f"{NOT_A_TABLE} ({exc})", row=number) from None
        yield row
