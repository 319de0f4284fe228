"""Which table a sheet holds, and its columns: a revenue budget (service or cost centre, budget,
forecast outturn by quarter, actual to date) or a capital programme (scheme, reference, budget,
spend to date, forecast), recognised by their headings however a council wrote them
(`vfmhub.lib.headings`).

Quarterly forecast columns ("Q1 forecast outturn", "Quarter 2 projected outturn") are found by
the quarter in their heading; a long table instead has a Quarter column beside one Forecast
outturn column. A column headed in £k or £000 holds thousands of pounds, in £m millions.
"""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from vfmhub.lib.headings import NO_CHOICES, ColumnChoices, Expected, Header, find_header
from vfmhub.lib.tabular import Sheet, SourceRow

REVENUE, CAPITAL = "revenue", "capital"
_BUDGET = (
    "Budget",
    "Revised budget",
    "Current budget",
    "Working budget",
    "Net budget",
    "Annual budget",
    "Latest budget",
    "Approved budget",
    "Budget net",
)
_FORECAST = (
    "Forecast outturn",
    "Forecast",
    "Projected outturn",
    "Outturn forecast",
    "Forecast net outturn",
    "Projected net outturn",
    "Forecast spend",
    "Forecast expenditure",
)
_SHARED = {
    "budget": _BUDGET,
    "original_budget": ("Original budget", "Original net budget"),
    "forecast": _FORECAST,
    "quarter": ("Quarter", "Period", "Qtr"),
    "variance": ("Variance", "Forecast variance", "Variance to budget", "Over/(under) spend"),
    "note": ("Note", "Notes", "Comment", "Comments", "Commentary", "Explanation"),
}
REVENUE_COLUMNS = Expected(
    headings={
        "service": ("Service", "Service area", "Service line", "Service name", "Division"),
        "cost_centre": ("Cost centre", "Cost center", "Cost centre code", "CC"),
        "actual": ("Actual to date", "Actuals to date", "Actual", "Actual spend to date"),
        **_SHARED,
    },
    labels={
        "service": "the service",
        "cost_centre": "the cost centre",
        "budget": "the budget",
        "original_budget": "the original budget",
        "forecast": "the forecast outturn",
        "quarter": "the quarter",
        "actual": "the actual to date",
        "variance": "the variance",
        "note": "the note",
    },
    hints={"actual": ["actual"], "forecast": ["outturn", "projected"]},
)
CAPITAL_COLUMNS = Expected(
    headings={
        "scheme": ("Scheme", "Scheme name", "Capital scheme", "Project", "Project name"),
        "reference": ("Reference", "Ref", "Scheme reference", "Scheme ref", "Code"),
        "spend": (
            "Spend to date",
            "Actual spend to date",
            "Expenditure to date",
            "Spend",
            "Actual to date",
        ),
        "slippage": ("Slippage", "Forecast slippage", "Reprofiling", "Rephasing"),
        **_SHARED,
    },
    labels={
        "scheme": "the scheme",
        "reference": "the scheme's reference",
        "budget": "the budget",
        "original_budget": "the original budget",
        "forecast": "the forecast",
        "quarter": "the quarter",
        "spend": "the spend to date",
        "slippage": "the slippage",
        "variance": "the variance",
        "note": "the note",
    },
    hints={"spend": ["spent", "expenditure"], "forecast": ["outturn", "projected"]},
)
REQUIRED = {REVENUE: ("service", "budget"), CAPITAL: ("scheme", "budget")}
EXPECTED = {REVENUE: REVENUE_COLUMNS, CAPITAL: CAPITAL_COLUMNS}

_QUARTER_HEADING = re.compile(r"\b(?:q|qtr|quarter)\s*([1-4])\b", re.I)
_FORECAST_WORD = re.compile(r"forecast|outturn|projected|projection", re.I)
_THOUSANDS = re.compile(r"£\s*(?:k|'?000s?)(?![a-z0-9])|\(\s*£?\s*'?000s?\s*\)", re.I)
_MILLIONS = re.compile(r"£\s*m(?![a-z])", re.I)
THOUSAND, MILLION, ONE = Decimal(1000), Decimal(1000000), Decimal(1)


def heading_unit(heading: str) -> Decimal:
    """What a column's figures are counted in: £m, £k (or £000), else pounds."""
    if _MILLIONS.search(heading):
        return MILLION
    return THOUSAND if _THOUSANDS.search(heading) else ONE


def quarter_in(text: str) -> int | None:
    """The quarter a cell or heading names: "Q3", "Quarter 3", "3", "Q3 2024/25"."""
    found = _QUARTER_HEADING.search(text)
    if found:
        return int(found.group(1))
    stripped = text.strip()
    return int(stripped) if stripped in ("1", "2", "3", "4") else None


@dataclass(frozen=True)
class Table:
    """A sheet read as one kind of table: its header and the columns found in it."""

    kind: str
    sheet: Sheet
    header: Header
    quarters: dict[int, int] = field(default_factory=dict)  # quarter -> forecast column

    @property
    def columns(self) -> dict[str, int]:
        return self.header.columns

    def has(self, name: str) -> bool:
        return name in self.header.columns

    def unit(self, index: int) -> Decimal:
        return heading_unit(self.header.row.cell(index))

    def rows(self) -> list[SourceRow]:
        """The rows below the header, without blank ones and repeated headers."""
        return [
            row
            for row in self.sheet.rows
            if row.number > self.header.end and not row.is_blank and not self.header.is_repeat(row)
        ]


def _quarter_columns(kind: str, header: Header) -> dict[int, int]:
    if kind != REVENUE:
        return {}
    found: dict[int, int] = {}
    for index, text in enumerate(header.row.cells):
        quarter = _QUARTER_HEADING.search(text)
        if quarter and _FORECAST_WORD.search(text):
            found.setdefault(int(quarter.group(1)), index)
    return found


def _table(kind: str, sheet: Sheet, choices: ColumnChoices) -> Table | None:
    header = find_header(
        sheet.rows, EXPECTED[kind], required=REQUIRED[kind], choices=choices, sheet=sheet.name
    )
    if header is None or not all(name in header.columns for name in REQUIRED[kind]):
        return None
    quarters = _quarter_columns(kind, header)
    if quarters:  # a quarter's forecast column is not the long table's one forecast column
        used = set(quarters.values())
        columns = {name: i for name, i in header.columns.items() if i not in used}
        header = replace(header, columns=columns)
    return Table(kind, sheet, header, quarters)


def table_of(sheet: Sheet, choices: ColumnChoices = NO_CHOICES) -> Table | None:
    """The revenue or capital table a sheet holds (the one naming more columns), or None."""
    found = [t for t in (_table(k, sheet, choices) for k in (REVENUE, CAPITAL)) if t is not None]
    if not found:
        return None
    return max(found, key=lambda t: len(t.columns) + len(t.quarters))
