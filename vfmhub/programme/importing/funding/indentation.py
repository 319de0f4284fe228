"""How far each line's name is indented, which `lib.tabular.read_sheets` does not keep (it reads
each cell as one tidy line of text).

A name's depth is its leading spaces (two a level) plus, in an XLSX workbook, the cell's indent;
failing those, its bullet: "•" one level down, "-" or "–" two, as a plan typed in Word and pasted
into a spreadsheet marks them. Only the allocation sheet's name column is read again, and only
when some line has no level of its own.
"""

from collections.abc import Iterable
from typing import Any

from vfmhub.lib.tabular_files import csv_rows, xls_sheets, xlsx_open

FIRST_BULLETS = "•\u2022\uf0b7\u25aa\u25cf\u25e6▪●"
SECOND_BULLETS = "-–—"
STRIP = FIRST_BULLETS + SECOND_BULLETS + "*· \t"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def bullet_depth(name: str) -> int:
    """1 for "• Adult Social Care", 2 for "- 14-19 Transition Programme", else 0."""
    text = name.lstrip()
    if text[:1] in FIRST_BULLETS:
        return 1
    if text[:1] in SECOND_BULLETS and text[1:2] == " ":
        return 2
    return 0


def plain_name(name: str) -> str:
    """The name without its bullet and spacing: "• Adult  Social Care" -> "Adult Social Care"."""
    return " ".join(name.split()).lstrip(STRIP).strip()


def _spaces(value: Any) -> int:
    if not isinstance(value, str):
        return 0
    return (len(value) - len(value.lstrip(" \t"))) // 2


def _xlsx_indents(content: bytes, sheet: str, column: int) -> dict[int, int]:
    found: dict[int, int] = {}
    with xlsx_open(content) as book:
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


def name_indents(content: bytes, sheet: str, column: int) -> dict[int, int]:
    """The depth given by leading spaces or the cell's indent of each row's name (rows with
    none left out), on the sheet `sheet` of a workbook or in a CSV file. The file has been read
    once already, so it is known to be readable."""
    if content.startswith(_ZIP_MAGIC):
        return _xlsx_indents(content, sheet, column)
    if content.startswith(_OLE_MAGIC):
        return _value_indents(xls_sheets(content).get(sheet, []), column)
    return _value_indents(csv_rows(content), column)
