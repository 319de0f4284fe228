"""CSV and XLSX downloads of any list, safe to open in a spreadsheet."""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook

FORMATS = {"csv", "xlsx"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A cell value that a spreadsheet will not run as a formula; numbers and dates stay typed."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def export_response(
    fmt: str, *, filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """A download of `rows` under `headers` as CSV or XLSX; any other format is not found."""
    if fmt not in FORMATS:
        raise Http404("Exports are available as csv or xlsx.")
    name = slugify(filename) or "export"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so Excel reads UTF-8
        writer = csv.writer(response)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_text(safe_cell(v)) for v in row])
    else:
        response = HttpResponse(xlsx_bytes(headers, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _csv_text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], title: str = "Export") -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_xlsx_value(safe_cell(v)) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value
