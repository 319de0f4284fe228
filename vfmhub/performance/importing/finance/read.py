"""Reading a finance file's rows into draft revenue lines and capital schemes, every problem
kept with its sheet, row and column.

- Money: "£1,234.50", "1234.5", "(1,234)" (brackets are negative) and "-1234" are read; a dash,
  "nil" or an empty cell is no figure. A unit inside a cell ("12k", "£1.2m") is refused: a column
  of thousands says so in its heading (£k, £000), so one cell cannot mean something else.
- A row whose label (its service or scheme, else its first text) starts "Total", "Grand total",
  "Sub-total" or reads "Net expenditure"/"Net budget" is a total: it is checked against the sum
  of the lines since the last total (or of every line so far) and not imported as a line.
- A row with a label but no figures at all is a section heading ("Adult Social Care"): counted,
  not imported.
- A Variance (or Slippage) column is checked against forecast less budget, either sign.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from vfmhub.core.importing import ImportIssue, Location
from vfmhub.lib.money import to_pounds
from vfmhub.lib.tabular import SourceRow
from vfmhub.performance.importing.finance.tables import REVENUE, Table, quarter_in

LIMIT = Decimal(10) ** 14  # the models hold 16 digits, 2 of them pence
BLANKS = {"", "-", "–", "—", "nil", "n/a"}
UNIT_IN_CELL = re.compile(r"^\(?-?£?\s*[\d,.]+\s*(k|m|bn)\)?$", re.I)
TOTAL = re.compile(
    r"^\s*((grand|sub|overall)[\s-]*)?totals?\b|^\s*net\s+(expenditure|budget|revenue|total)\b"
    r"|\btotal\s*$",
    re.I,
)
NOT_MONEY = "{text!r} is not an amount of money."
UNIT_IN_A_CELL = (
    "{text!r} has its unit in the cell: write the amount in pounds, or head the column in £k."
)
TOO_LARGE = "{text!r} is too large for an amount of money."
SERVICE_MISSING = "Enter the service (or cost centre) this budget is for."
SCHEME_MISSING = "Enter the scheme's name."
BUDGET_MISSING = "Enter the budget."
DUPLICATE_LINE = "This line is already in the file (row {row})."
BUDGET_DIFFERS = "The budget differs from row {row}'s for the same line ({other})."
DUPLICATE_QUARTER = "This line already has a Q{quarter} forecast in the file (row {row})."
BAD_QUARTER = "{text!r} is not a quarter: write 1 to 4 or Q1 to Q4."
NO_QUARTER = (
    "Say which quarter the figures are for: add a Quarter column, head the forecast columns "
    "by quarter (such as “Q2 forecast outturn”), or choose the quarter when importing."
)
ACTUAL_WITHOUT_FORECAST = "An actual to date needs a forecast outturn beside it."
FORECAST_MISSING = "Enter the forecast as well as the spend to date."
TOTAL_MISMATCH = "The total {total} is not the sum of the lines above it ({sum})."
VARIANCE_MISMATCH = "The variance {given} is not the forecast less the budget ({expected})."
SLIPPAGE_MISMATCH = "The slippage {given} is not the budget less the forecast ({expected})."


@dataclass
class DraftForecast:
    forecast: Decimal
    actual: Decimal | None = None  # actual (revenue) or spend (capital) to date
    note: str = ""
    row: int = 0


@dataclass
class DraftLine:
    """A revenue line (`name` is its service, `code` its cost centre) or a capital scheme (its
    name and reference), with its figures by quarter."""

    location: Location
    name: str
    code: str
    budget: Decimal
    quarters: dict[int, DraftForecast] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.name.casefold(), self.code.casefold())


@dataclass
class FinanceDraft:
    lines: dict[tuple[str, str], DraftLine] = field(default_factory=dict)
    schemes: dict[tuple[str, str], DraftLine] = field(default_factory=dict)
    errors: list[ImportIssue] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # "revenue: Sheet1"
    skipped: list[str] = field(default_factory=list)  # sheets holding neither table
    totals_checked: int = 0
    headings: int = 0  # section heading rows

    def error(self, location: Location, message: str) -> None:
        self.errors.append(ImportIssue(location, message))


def money(text: str, at: Location, unit: Decimal, draft: FinanceDraft) -> Decimal | None:
    """A cell's amount in pounds, None for no figure; an error on the draft when it is not one."""
    cleaned = text.strip()
    if cleaned.casefold() in BLANKS:
        return None
    if UNIT_IN_CELL.match(cleaned):
        draft.error(at, UNIT_IN_A_CELL.format(text=text[:40]))
        return None
    try:
        amount = to_pounds(cleaned, max_digits=16) * unit
    except ValueError as exc:
        too_large = "too large" in str(exc)
        draft.error(at, (TOO_LARGE if too_large else NOT_MONEY).format(text=text[:40]))
        return None
    if abs(amount) >= LIMIT:
        draft.error(at, TOO_LARGE.format(text=text[:40]))
        return None
    return amount


class RowReader:
    """One row's cells by column name, with where each is."""

    def __init__(self, table: Table, row: SourceRow, draft: FinanceDraft):
        self.table, self.row, self.draft = table, row, draft
        self.where = Location(row=row.number, table=row.table, sheet=table.sheet.name)

    def at(self, index: int) -> Location:
        return self.where.at_column(index, self.table.header.row.cell(index))

    def text(self, name: str) -> tuple[str, Location]:
        index = self.table.columns.get(name)
        return self.row.cell(index).strip(), self.at(index) if index is not None else self.where

    def amount_at(self, index: int) -> Decimal | None:
        return money(self.row.cell(index), self.at(index), self.table.unit(index), self.draft)

    def quiet_amount(self, index: int) -> Decimal | None:
        """The amount, its problem (already reported) left out."""
        return money(self.row.cell(index), self.at(index), self.table.unit(index), FinanceDraft())

    def amount(self, name: str) -> Decimal | None:
        index = self.table.columns.get(name)
        return None if index is None else self.amount_at(index)

    def money_columns(self) -> list[int]:
        names = ("budget", "original_budget", "forecast", "actual", "spend", "variance")
        found = [self.table.columns[n] for n in names if n in self.table.columns]
        return [*found, *self.table.quarters.values()]

    def has_figures(self) -> bool:
        return any(self.row.cell(i).strip().casefold() not in BLANKS for i in self.money_columns())

    def label(self, name: str) -> str:
        """The row's label: its service or scheme, else its first cell of text."""
        text, _ = self.text(name)
        if text:
            return text
        figures = set(self.money_columns())
        return next((c for i, c in enumerate(self.row.cells) if c and i not in figures), "")


@dataclass
class TotalsCheck:
    """The sums a total row is checked against: since the last total, and of the whole table."""

    since: dict[str, Decimal] = field(default_factory=dict)
    whole: dict[str, Decimal] = field(default_factory=dict)
    count: int = 0

    def add(self, figures: dict[str, Decimal | None]) -> None:
        self.count += 1
        for name, value in figures.items():
            if value is not None:
                self.since[name] = self.since.get(name, Decimal(0)) + value
                self.whole[name] = self.whole.get(name, Decimal(0)) + value


def _tolerance(unit: Decimal, count: int) -> Decimal:
    """How far a total may be from the sum of rounded figures: half a unit a line."""
    return max(Decimal(1), unit * (count + 1) / 2)


def check_total(reader: RowReader, sums: TotalsCheck, figures: dict[str, int]) -> None:
    """A total row's figures against the lines' sums; errors where neither sum fits."""
    reader.draft.totals_checked += 1
    for name, index in figures.items():
        total = reader.amount_at(index)
        if total is None:
            continue
        slack = _tolerance(reader.table.unit(index), sums.count)
        candidates = [sums.since.get(name, Decimal(0)), sums.whole.get(name, Decimal(0))]
        if all(abs(total - found) > slack for found in candidates):
            message = TOTAL_MISMATCH.format(total=f"£{total:,}", sum=f"£{candidates[0]:,}")
            reader.draft.error(reader.at(index), message)
    sums.since = {}


def check_difference(reader: RowReader, name: str, expected: Decimal | None, message: str) -> None:
    """A Variance or Slippage cell against what the figures make, either sign."""
    index = reader.table.columns.get(name)
    given = None if index is None else reader.amount_at(index)
    if given is None or expected is None or index is None:
        return
    slack = max(Decimal(1), reader.table.unit(index))
    if abs(abs(given) - abs(expected)) > slack:
        reader.draft.error(
            reader.at(index), message.format(given=f"£{given:,}", expected=f"£{expected:,}")
        )


def row_quarter(reader: RowReader, fixed: int | None) -> int | None:
    """The quarter of a long table's row (its Quarter cell), else the one chosen."""
    text, at = reader.text("quarter")
    if not reader.table.has("quarter") or not text:
        return fixed
    quarter = quarter_in(text)
    if quarter is None:
        reader.draft.error(at, BAD_QUARTER.format(text=text[:40]))
    return quarter


def table_figures(table: Table) -> dict[str, int]:
    """The columns a total row is checked in: budget, forecasts, to date."""
    names = ("budget", "original_budget", "forecast", "actual", "spend")
    figures = {name: table.columns[name] for name in names if name in table.columns}
    figures.update({f"q{q}": index for q, index in table.quarters.items()})
    return figures


def is_revenue(table: Table) -> bool:
    return table.kind == REVENUE
