"""Writing a large workbook as Excel saves one, a row at a time, for the import benchmarks.

A council fills in the template the import page offers and saves it from Excel, which keeps text
in a shared-strings table, states each sheet's dimension and stores dates as numbers with a date
format. openpyxl writes every text cell inline instead (and its write-only mode leaves out the
dimension), which takes openpyxl about twice as long to read back: a benchmark of such a file would
measure openpyxl's writer rather than the import. The sheets' rows are written to temporary files
as they come, so a file of 100,000 rows takes little memory to make.
"""

import datetime
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
EPOCH = datetime.date(1899, 12, 30)
DATE_STYLE, BOLD_STYLE = 1, 2
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    "</styleSheet>"
)


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Strings:
    """The shared-strings table: each distinct text once, cells refer to it by number."""

    def __init__(self):
        self.index: dict[str, int] = {}
        self.count = 0

    def of(self, text: str) -> int:
        self.count += 1
        return self.index.setdefault(text, len(self.index))

    def xml(self) -> str:
        items = "".join(
            f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in self.index
        )
        return (
            f'<sst xmlns="{MAIN}" count="{self.count}" uniqueCount="{len(self.index)}">'
            f"{items}</sst>"
        )


def _cell(ref: str, value: object, strings: _Strings, style: int) -> str:
    styled = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{styled}><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"{styled}><v>{value}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{(value - EPOCH).days}</v></c>'
    return f'<c r="{ref}" t="s"{styled}><v>{strings.of(str(value))}</v></c>'


def _sheet(path: Path, headings: Sequence[str], rows: Iterable[Sequence], strings) -> None:
    """A worksheet's XML, its dimension worked out from the rows as they are written."""
    body = Path(f"{path}.rows")
    width, number = len(headings), 1
    with body.open("w", encoding="utf-8") as out:
        cells = "".join(
            _cell(f"{_column(i)}1", h, strings, BOLD_STYLE) for i, h in enumerate(headings)
        )
        out.write(f'<row r="1">{cells}</row>')
        for number, row in enumerate(rows, start=2):
            width = max(width, len(row))
            cells = "".join(
                _cell(f"{_column(i)}{number}", value, strings, 0)
                for i, value in enumerate(row)
                if value is not None and value != ""
            )
            out.write(f'<row r="{number}">{cells}</row>')
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<worksheet xmlns="{MAIN}"><dimension ref="A1:{_column(width - 1)}{number}"/>')
        out.write('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" ')
        out.write('activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>')
        with body.open(encoding="utf-8") as rows_xml:
            while chunk := rows_xml.read(1 << 20):
                out.write(chunk)
        out.write("</sheetData></worksheet>")
    body.unlink()


def write_workbook(path: Path, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]):
    """Write `sheets` ((name, headings, rows) each) to an XLSX file at `path`."""
    strings = _Strings()
    with tempfile.TemporaryDirectory(prefix="vfmhub-workbook-") as folder:
        parts = []
        for number, (name, headings, rows) in enumerate(sheets, start=1):
            part = Path(folder) / f"sheet{number}.xml"
            _sheet(part, headings, rows, strings)
            parts.append((name, part))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
            book.writestr("[Content_Types].xml", _types(len(parts)))
            book.writestr(
                "_rels/.rels",
                f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
                f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            )
            book.writestr("xl/workbook.xml", _workbook([name for name, _ in parts]))
            book.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(parts)))
            book.writestr("xl/styles.xml", STYLES)
            book.writestr("xl/sharedStrings.xml", strings.xml())
            for number, (_, part) in enumerate(parts, start=1):
                book.write(part, f"xl/worksheets/sheet{number}.xml")
    return path


def _types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{OFFICE}.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        f'<Types xmlns="{TYPES}"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{OFFICE}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{OFFICE}.sharedStrings+xml"/>'
        f"{overrides}</Types>"
    )


def _workbook(names: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    return f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{sheets}</sheets></workbook>'


def _workbook_rels(sheets: int) -> str:
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    extra = (
        f'<Relationship Id="rId{sheets + 1}" Type="{RELS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{sheets + 2}" Type="{RELS}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    return f'<Relationships xmlns="{PACKAGE_RELS}">{links}{extra}</Relationships>'


def register_summary(result) -> dict:
    """What a risks or projects import did, for the results file."""
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        **result.counts,
        "saved": result.saved,
        "errors": len(result.errors),
        "first_errors": [str(e) for e in result.errors[:3]],
    }
