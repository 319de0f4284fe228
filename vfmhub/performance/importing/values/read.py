"""Reading a values file into `DraftValue`s: the sheet and header that fit best, long or wide,
every period and number read by the rules of `periods` and `numbers`, every problem with its
row and column on the result."""

from collections.abc import Iterator

from vfmhub.core.importing import Location, file_location, unused_column_issues
from vfmhub.lib.headings import (
    NO_CHOICES,
    SEARCH_ROWS,
    ColumnChoices,
    Header,
    choose_sheet,
    match_headings,
)
from vfmhub.lib.tabular import EMPTY_FILE, Sheet, SourceRow, TabularError, read_sheets
from vfmhub.performance.calculations import Period
from vfmhub.performance.importing.values.columns import (
    NOT_IMPORTED_REASON,
    VALUES,
    Layout,
    layout_of,
)
from vfmhub.performance.importing.values.numbers import NoValue, read_number
from vfmhub.performance.importing.values.periods import read_period
from vfmhub.performance.importing.values.types import DraftValue, ValuesImportResult
from vfmhub.performance.models import ValueStatus

NO_HEADER = (
    "No header row was found: the file needs columns headed such as Area code, Indicator, "
    "Period and Value, or one column per period (2019/20, Q1 2020/21...)."
)
NO_ROWS = "The file has a header row but no values below it."
NEEDS_PERIOD = 'The file needs a "Period" column, or one column per period headed like 2019/20.'
NEEDS_VALUE = 'The file needs a "Value" column.'
NEEDS_INDICATOR = (
    'The file needs an "Indicator" or "Indicator code" column, or the indicator given '
    "(--indicator on the command line)."
)
NEEDS_AREA = "The file names no areas: give the organisation it is for (--organisation)."
NO_VALUE = "No value ({text!r}): skipped."
BAD_STATUS = "{text!r} is not a status: use provisional, final or approved."
STATUSES = {
    "provisional": ValueStatus.PROVISIONAL,
    "final": ValueStatus.FINAL,
    "approved": ValueStatus.APPROVED,
    "approved for publication": ValueStatus.APPROVED,
    "published": ValueStatus.APPROVED,
}


class ValuesReader:
    """One file's rows read into drafts; errors and skips go on `result`."""

    def __init__(self, result: ValuesImportResult, layout: Layout, sheet: str, indicator: str):
        self.result, self.layout, self.sheet = result, layout, sheet
        self.indicator = indicator  # --indicator: the code for a file without one
        self.has_status = layout.column("status") is not None
        self.has_note = layout.column("note") is not None

    def at(self, row: int, column: int | None) -> Location:
        heading = self.layout.header.row.cell(column) if column is not None else ""
        return Location(row=row, sheet=self.sheet).at_column(column, heading)

    def at_name(self, row: int, name: str) -> Location:
        return self.at(row, self.layout.column(name))

    def number(self, row: SourceRow, column: int | None) -> tuple[object, bool]:
        """The cell's number (None when blank), and whether it was readable."""
        try:
            return read_number(row.cell(column)), True
        except NoValue:
            return None, True
        except ValueError as error:
            self.result.error(self.at(row.number, column), str(error))
            return None, False

    def status(self, row: SourceRow) -> str:
        text = self.layout.cell(row, "status")
        if not text.strip():
            return ValueStatus.PROVISIONAL
        status = STATUSES.get(" ".join(text.split()).casefold())
        if status is None:
            self.result.error(self.at_name(row.number, "status"), BAD_STATUS.format(text=text))
            return ValueStatus.PROVISIONAL
        return status

    def draft(self, row: SourceRow, period: Period, column: int | None) -> DraftValue | None:
        """The row's value in `column` for `period`; None when there is none or it is wrong."""
        cell = row.cell(column)
        value, ok = self.number(row, column)
        numerator, ok_n = self.number(row, self.layout.column("numerator"))
        denominator, ok_d = self.number(row, self.layout.column("denominator"))
        status = self.status(row)
        if not (ok and ok_n and ok_d):
            return None
        if value is None and numerator is None:
            self.result.skip(self.at(row.number, column), NO_VALUE.format(text=cell))
            return None
        layout = self.layout
        return DraftValue(
            row=row.number,
            area_code=layout.cell(row, "area_code").upper(),
            area_name=layout.cell(row, "area_name")[:200],
            indicator_code=layout.cell(row, "indicator_code") or self.indicator,
            indicator_title=layout.cell(row, "indicator_title"),
            unit=layout.cell(row, "unit")[:60],
            period=period,
            value=value,  # type: ignore[arg-type]
            numerator=numerator,  # type: ignore[arg-type]
            denominator=denominator,  # type: ignore[arg-type]
            status=status,
            note=layout.cell(row, "note"),
            column=column,
        )

    def long_row(self, row: SourceRow) -> Iterator[DraftValue]:
        period_text = self.layout.cell(row, "period")
        try:
            period = read_period(period_text)
        except ValueError as error:
            self.result.error(self.at_name(row.number, "period"), str(error))
            return
        found = self.draft(row, period, self.layout.column("value"))
        if found is not None:
            yield found

    def wide_row(self, row: SourceRow) -> Iterator[DraftValue]:
        for column, period in self.layout.period_columns.items():
            found = self.draft(row, period, column)
            if found is not None:
                yield found

    def rows(self, rows: list[SourceRow]) -> Iterator[DraftValue]:
        header = self.layout.header
        read = self.wide_row if self.layout.is_wide else self.long_row
        for row in rows:
            if row.number <= header.end or row.is_blank or header.is_repeat(row):
                continue
            yield from read(row)


def _period_header(sheets: list[Sheet], choices: ColumnChoices) -> tuple[Sheet, Header] | None:
    """A wide file's header naming none of the known columns: the first row (of the first 30)
    with two or more cells headed by a period."""
    expected = VALUES.with_choices(choices)
    for sheet in sheets:
        for row in [r for r in sheet.rows if not r.is_blank][:SEARCH_ROWS]:
            periods = 0
            for text in row.cells:
                try:
                    read_period(text)
                    periods += 1
                except ValueError:
                    continue
            if periods >= 2:
                columns = match_headings(row, expected)
                return sheet, Header(row, columns, row.cells, 0, expected, sheet.name)
    return None


def _required(layout: Layout, indicator: str, has_organisation: bool) -> str | None:
    """What the file lacks to be read at all."""
    columns = layout.header.columns
    if not has_organisation and not {"area_code", "area_name"} & set(columns):
        return NEEDS_AREA
    if not layout.is_wide and "period" not in columns:
        return NEEDS_PERIOD
    if not layout.is_wide and "value" not in columns and "numerator" not in columns:
        return NEEDS_VALUE
    if not indicator and not {"indicator_code", "indicator_title"} & set(columns):
        return NEEDS_INDICATOR
    return None


def values_read(
    content: bytes,
    filename: str,
    result: ValuesImportResult,
    *,
    indicator: str = "",
    has_organisation: bool = False,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> tuple[ValuesReader, list[SourceRow]] | None:
    """The reader of the file's best sheet and its rows; None (the reason on `result`) when
    the file cannot be read as a values table."""
    try:
        sheets = read_sheets(content, filename, sheet=sheet, spreadsheets_only=True)
    except TabularError as exc:
        result.error(file_location(exc), exc.detail)
        return None
    if all(row.is_blank for s in sheets for row in s.rows):
        result.error(Location(row=0), EMPTY_FILE)
        return None
    chosen, header = choose_sheet(sheets, VALUES, choices=choices)
    if header is None and (found := _period_header(sheets, choices)) is not None:
        chosen, header = found
    result.sheet = chosen.name if len(sheets) > 1 or sheet else ""
    if header is None:
        result.error(Location(row=0, sheet=result.sheet), NO_HEADER)
        return None
    layout = layout_of(header)
    result.layout = "wide" if layout.is_wide else "long"
    also = [*layout.period_columns, *(index for index, _ in layout.not_imported)]
    result.errors.extend(unused_column_issues(header, choices, also_used=also))
    result.not_imported = [f"{text} ({NOT_IMPORTED_REASON})" for _, text in layout.not_imported]
    missing = _required(layout, indicator, has_organisation)
    if missing:
        result.error(Location(row=header.row.number, sheet=result.sheet), missing)
        return None
    return ValuesReader(result, layout, result.sheet, indicator), chosen.rows
