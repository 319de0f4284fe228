"""Which columns a values file holds, and whether it is long or wide.

LONG: one row per area (or organisation), indicator, period and value. WIDE: one column per
period (headed "2019/20", "Q1 2020/21", "Apr-20", "2021-22"...), one row per area and indicator.
A file is wide when it has no period column and at least one column headed with a period.

Columns of statistical releases that are not values (the median, distances from it, ranks, the
area's grouping, region or geography, the indicator's category or measure) are NOT_IMPORTED:
accounted for and listed as not imported, never refused. Any other column the import does not
know refuses the file until the user leaves it out or says what it is.
"""

from dataclasses import dataclass, field

from vfmhub.lib.headings import Expected, Header, match_key
from vfmhub.lib.tabular import SourceRow
from vfmhub.performance.calculations import Period
from vfmhub.performance.importing.values.periods import read_period

VALUES = Expected(
    headings={
        "area_code": (
            "Area code",
            "AREACD",
            "Local authority code",
            "LA code",
            "GSS code",
            "ONS code",
            "Organisation code",
            "Geography code",
            "Area",
        ),
        "area_name": (
            "Area name",
            "AREANM",
            "Local authority name",
            "Local authority",
            "Organisation",
            "Organisation name",
            "Authority",
            "Council",
            "Geography name",
        ),
        "indicator_code": ("Indicator code", "Code", "Measure code", "PI code", "KPI code"),
        "indicator_title": ("Indicator", "Indicator name", "Indicator title", "Measure", "Title"),
        "period": ("Period", "Financial year", "Year", "Time period", "Quarter", "Month"),
        "value": ("Value", "Actual", "Result", "Outturn", "Figure"),
        "numerator": ("Numerator",),
        "denominator": ("Denominator",),
        "status": ("Status", "Value status"),
        "note": ("Note", "Notes", "Quality note", "Data quality note", "Comment", "Comments"),
        "unit": ("Unit", "Units"),
    },
    labels={
        "area_code": "the area's GSS code",
        "area_name": "the area's name",
        "indicator_code": "the indicator's code",
        "indicator_title": "the indicator's title",
        "period": "the period",
        "value": "the value",
        "numerator": "the numerator",
        "denominator": "the denominator",
        "status": "the status (provisional, final or approved)",
        "note": "a note on data quality",
        "unit": "the unit",
    },
)
NOT_IMPORTED = frozenset(
    match_key(heading)
    for heading in (
        "Median",
        "MAD",
        "MADs from median",
        "Rank",
        "Rank order",
        "Grouping",
        "Entity name",
        "Region",
        "Geography",
        "Category",
        "Measure",
        "Lower confidence limit",
        "Upper confidence limit",
        "Mean",
        "Quartile",
    )
)
NOT_IMPORTED_REASON = "a statistic or grouping of the source, not a value"


@dataclass(frozen=True)
class Layout:
    """The header found, the period columns of a wide file, and the columns left as read but
    not imported."""

    header: Header
    period_columns: dict[int, Period] = field(default_factory=dict)
    not_imported: tuple[tuple[int, str], ...] = ()

    @property
    def is_wide(self) -> bool:
        return bool(self.period_columns)

    def column(self, name: str) -> int | None:
        return self.header.columns.get(name)

    def cell(self, row: SourceRow, name: str) -> str:
        return row.cell(self.header.columns.get(name))


def layout_of(header: Header) -> Layout:
    """The header's periods (when it has no period column) and not-imported columns."""
    used = set(header.columns.values())
    periods: dict[int, Period] = {}
    not_imported: list[tuple[int, str]] = []
    for index, text in enumerate(header.row.cells):
        if not text or index in used:
            continue
        if "period" not in header.columns:
            try:
                periods[index] = read_period(text)
                continue
            except ValueError:
                pass
        if match_key(text) in NOT_IMPORTED:
            not_imported.append((index, text))
    return Layout(header, periods, tuple(not_imported))
