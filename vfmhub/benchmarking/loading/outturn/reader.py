"""Reading a revenue outturn workbook: finding its sheet and header row, its financial year,
then its columns (`columns`) and rows (`rows`), every one accounted for."""

import hashlib
import warnings
from collections.abc import Collection, Sequence
from pathlib import Path

from vfmhub.benchmarking.loading.outturn.columns import _layout
from vfmhub.benchmarking.loading.outturn.common import (
    _FEWEST_SERVICE_LINES,
    _FINANCIAL_YEAR,
    _HEADER,
    _REQUIRED,
    BAD_YEAR,
    FIRST_YEAR,
    LAST_YEAR,
    NO_TABLE,
    PUBLISHER,
    TITLE,
    URL,
    YEAR_CONFLICT,
    YEAR_UNKNOWN,
    YEARS_DIFFER,
    OutturnFile,
)
from vfmhub.benchmarking.loading.outturn.rows import _measures, _rows_read
from vfmhub.benchmarking.models import SourceKind
from vfmhub.core.importing import ImportIssue, Location, file_location
from vfmhub.lib.headings import Header, choose_sheet
from vfmhub.lib.tabular import Sheet, TabularError, read_sheets


def _header_of(sheets: Sequence[Sheet]) -> tuple[Sheet, Header] | None:
    sheet, header = choose_sheet(sheets, _HEADER, required=_REQUIRED)
    if header is None or not all(name in header.columns for name in _REQUIRED):
        return None
    if sum(1 for name in header.columns if name.startswith("outturn.")) < _FEWEST_SERVICE_LINES:
        return None
    return sheet, header


def _sheets(data: bytes, name: str) -> list[Sheet]:
    # The 2017-18 workbook's print area names a sheet, which openpyxl warns of on every read.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Print area cannot be set", UserWarning)
        return read_sheets(data, name, spreadsheets_only=True)


def is_outturn(path: str | Path) -> bool:
    """Whether the file is a revenue outturn summary: a sheet whose header names the ONS code,
    the local authority and at least five service lines. False for anything unreadable."""
    try:
        sheets = _sheets(Path(path).read_bytes(), Path(path).name)
    except (TabularError, OSError):
        return False
    return _header_of(sheets) is not None


def outturn_read(
    path: str | Path, *, year: int | None = None, ignore: Collection[str] = ()
) -> OutturnFile:
    """The file as read, every row and column accounted for; problems in `refused` (a file with
    any is not loaded). `year` is the financial year's first year (2017 for 2017-18): taken from
    the file when not given, refused when the file says otherwise. `ignore` names columns to
    leave out, by letter or heading."""
    data = Path(path).read_bytes()
    read = OutturnFile(
        kind=SourceKind.OUTTURN,
        title=TITLE,
        publisher=PUBLISHER,
        file_name=Path(path).name,
        sha256=hashlib.sha256(data).hexdigest(),
        url=URL,
    )
    try:
        sheets = _sheets(data, read.file_name)
    except TabularError as exc:
        read.refused.append(ImportIssue(file_location(exc), exc.detail))
        return read
    found = _header_of(sheets)
    if found is None:
        read.refused.append(ImportIssue(Location(row=0), NO_TABLE))
        read.refused.extend(_unreadable(sheets))
        return read
    sheet, header = found
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        read.refused.append(ImportIssue(Location(row=0), BAD_YEAR.format(year=year)))
        return read
    read.year = _year(sheet, header, year, read)
    if read.year is not None:
        read.title = f"{TITLE} {_label(read.year)}"
    layout = _layout(sheet, header, ignore, read)
    read.refused.extend(layout.issues)
    if not read.refused:
        _rows_read(layout, read)
        _measures(layout, read)
    return read


def _unreadable(sheets: Sequence[Sheet]) -> list[ImportIssue]:
    """Why each sheet that could not be read was not (a formula with no saved value), since the
    table may be on one of them."""
    issues = []
    for sheet in sheets:
        if (problem := sheet.problem) is not None:
            where = Location(row=problem.row or 0, sheet=problem.sheet or sheet.name)
            issues.append(ImportIssue(where.at_column(problem.column), problem.detail))
    return issues


# The year ---------------------------------------------------------------------------------


def _year(sheet: Sheet, header: Header, given: int | None, read: OutturnFile) -> int | None:
    """The year --year gave, checked against the one the sheet's name and titles state."""
    stated: dict[int, Location] = {}
    for first in _financial_years(sheet.name):
        stated.setdefault(first, Location(row=0, sheet=sheet.name))
    for row in sheet.rows[: header.row.number - 1]:
        for first in _financial_years(" ".join(row.cells)):
            stated.setdefault(first, Location(row=row.number, sheet=sheet.name))
    if given is not None:
        for first, where in stated.items():
            if first != given:
                place = f"the sheet's name {sheet.name!r}" if where.row == 0 else str(where)
                message = YEAR_CONFLICT.format(
                    stated=_label(first), where=place, given=_label(given)
                )
                read.refused.append(ImportIssue(where, message))
        return given
    if len(stated) == 1:
        return next(iter(stated))
    years = ", ".join(_label(y) for y in sorted(stated))
    message = YEARS_DIFFER.format(years=years) if stated else YEAR_UNKNOWN
    read.refused.append(ImportIssue(Location(row=0, sheet=sheet.name), message))
    return None


def _financial_years(text: str) -> list[int]:
    years = []
    for match in _FINANCIAL_YEAR.finditer(text):
        first, second = int(match[1]), int(match[2])
        if second % 100 == (first + 1) % 100 and (second < 100 or second == first + 1):
            years.append(first)
    return years


def _label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"
