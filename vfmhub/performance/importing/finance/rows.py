"""A revenue or capital table's rows into draft lines and schemes (see `read` for the rules)."""

from decimal import Decimal

from vfmhub.core.importing import Location, file_location, unused_column_issues
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices
from vfmhub.lib.tabular import EMPTY_FILE, Sheet, TabularError, read_sheets
from vfmhub.performance.importing.finance.read import (
    ACTUAL_WITHOUT_FORECAST,
    BLANKS,
    BUDGET_DIFFERS,
    BUDGET_MISSING,
    DUPLICATE_LINE,
    DUPLICATE_QUARTER,
    FORECAST_MISSING,
    NO_QUARTER,
    SCHEME_MISSING,
    SERVICE_MISSING,
    SLIPPAGE_MISMATCH,
    TOTAL,
    VARIANCE_MISMATCH,
    DraftForecast,
    DraftLine,
    FinanceDraft,
    RowReader,
    TotalsCheck,
    check_difference,
    check_total,
    is_revenue,
    row_quarter,
    table_figures,
)
from vfmhub.performance.importing.finance.tables import Table, quarter_in, table_of

TOO_LONG = "This is longer than the {most} characters kept: shorten it."
NO_TABLE = (
    "No revenue or capital table was found: a revenue budget needs columns headed Service and "
    "Budget; a capital programme Scheme and Budget."
)


def _revenue_forecasts(
    reader: RowReader, budget: Decimal, quarter: int | None
) -> dict[int, DraftForecast]:
    """A revenue row's forecasts by quarter: one per quarter column, or the row's one."""
    table, row = reader.table, reader.row
    found = {}
    for q, index in sorted(table.quarters.items()):
        value = reader.amount_at(index)
        if value is not None:
            found[q] = DraftForecast(value, row=row.number)
    if table.has("forecast"):
        value = reader.amount("forecast")
        if value is not None and quarter is not None:
            found[quarter] = DraftForecast(value, row=row.number)
    actual, note = reader.amount("actual"), reader.text("note")[0]
    if found:
        latest = found[max(found)]
        latest.actual, latest.note = actual, note
        check_difference(reader, "variance", latest.forecast - budget, VARIANCE_MISMATCH)
    elif actual is not None:
        reader.draft.error(reader.text("actual")[1], ACTUAL_WITHOUT_FORECAST)
    return found


def _capital_forecasts(
    reader: RowReader, budget: Decimal, quarter: int | None
) -> dict[int, DraftForecast]:
    forecast, spend = reader.amount("forecast"), reader.amount("spend")
    if forecast is None:
        if spend is not None:
            reader.draft.error(reader.text("spend")[1], FORECAST_MISSING)
        return {}
    if quarter is None:
        return {}
    check_difference(reader, "variance", forecast - budget, VARIANCE_MISMATCH)
    check_difference(reader, "slippage", budget - forecast, SLIPPAGE_MISMATCH)
    note = reader.text("note")[0]
    return {quarter: DraftForecast(forecast, spend or Decimal(0), note, reader.row.number)}


def _merge(into: dict, line: DraftLine, reader: RowReader) -> None:
    """Add a row's line; a long table's rows of one line join up, quarter by quarter."""
    earlier = into.get(line.key)
    if earlier is None:
        into[line.key] = line
        return
    at = reader.text("service" if is_revenue(reader.table) else "scheme")[1]
    if not reader.table.has("quarter"):
        reader.draft.error(at, DUPLICATE_LINE.format(row=earlier.location.row))
        return
    if earlier.budget != line.budget:
        budget_at = reader.text("budget")[1]
        other = f"£{earlier.budget:,}"
        reader.draft.error(budget_at, BUDGET_DIFFERS.format(row=earlier.location.row, other=other))
    for quarter, forecast in line.quarters.items():
        if quarter in earlier.quarters:
            row = earlier.quarters[quarter].row
            reader.draft.error(at, DUPLICATE_QUARTER.format(quarter=quarter, row=row))
        else:
            earlier.quarters[quarter] = forecast


def _line(reader: RowReader, quarter: int | None) -> DraftLine | None:
    revenue = is_revenue(reader.table)
    name, name_at = reader.text("service" if revenue else "scheme")
    code = reader.text("cost_centre" if revenue else "reference")[0]
    if not name and revenue:
        name = code  # a budget by cost centre only
    if not name:
        reader.draft.error(name_at, SERVICE_MISSING if revenue else SCHEME_MISSING)
    code_at = reader.text("cost_centre" if revenue else "reference")[1]
    for text, at, most in ((name, name_at, 200), (code, code_at, 60)):
        if len(text) > most:
            reader.draft.error(at, TOO_LONG.format(most=most))
    budget = reader.amount("budget")
    if budget is None:
        budget = reader.amount("original_budget")
    if budget is None:
        text, at = reader.text("budget")
        if text.casefold() in BLANKS:  # a bad amount has already said what is wrong
            reader.draft.error(at, BUDGET_MISSING)
        return None
    read = _revenue_forecasts if revenue else _capital_forecasts
    quarters = read(reader, budget, row_quarter(reader, quarter))
    return DraftLine(reader.where, name[:200], code[:60], budget, quarters)


def _needs_quarter(table: Table, quarter: int | None) -> bool:
    figures = ("forecast", "spend") if not is_revenue(table) else ("forecast",)
    return quarter is None and not table.has("quarter") and any(map(table.has, figures))


def table_read(table: Table, draft: FinanceDraft, quarter: int | None) -> None:
    """Every row of `table` into the draft's lines or schemes."""
    into = draft.lines if is_revenue(table) else draft.schemes
    if quarter is None and not is_revenue(table) and table.has("forecast"):
        quarter = quarter_in(table.header.row.cell(table.columns["forecast"]))  # "Q2 forecast"
    if _needs_quarter(table, quarter):
        index = table.columns.get("forecast", table.columns.get("spend"))
        where = Location(row=table.header.row.number, sheet=table.sheet.name)
        draft.error(where.at_column(index, table.header.row.cell(index or 0)), NO_QUARTER)
        return
    sums, figures = TotalsCheck(), table_figures(table)
    long = table.has("quarter")
    if long:  # a line's budget repeats on each quarter's row: totals check the budget once
        figures = {k: v for k, v in figures.items() if k in ("budget", "original_budget")}
    for row in table.rows():
        reader = RowReader(table, row, draft)
        if TOTAL.search(reader.label("service" if is_revenue(table) else "scheme")):
            check_total(reader, sums, figures)
            continue
        if not reader.has_figures():
            draft.headings += 1
            continue
        line = _line(reader, quarter)
        if line is not None:
            if not (long and line.key in into):
                sums.add({name: reader.quiet_amount(index) for name, index in figures.items()})
            _merge(into, line, reader)


def _sheets(content: bytes, filename: str, sheet: str | None, draft: FinanceDraft) -> list[Sheet]:
    try:
        sheets = read_sheets(content, filename, sheet=sheet, spreadsheets_only=True)
    except TabularError as exc:
        draft.error(file_location(exc), exc.detail)
        return []
    if all(row.is_blank for s in sheets for row in s.rows):
        draft.error(Location(row=0), EMPTY_FILE)
        return []
    return sheets


def finance_draft_read(
    content: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
    quarter: int | None = None,
) -> FinanceDraft:
    """Every revenue and capital table in the file (or the sheet named) read into a draft."""
    draft = FinanceDraft()
    sheets = _sheets(content, filename, sheet, draft)
    for each in sheets:
        table = table_of(each, choices)
        if table is None:
            if any(not row.is_blank for row in each.rows):
                draft.skipped.append(each.name or filename)
            continue
        draft.sheets.append(f"{table.kind}: {each.name or filename}")
        also = table.quarters.values()
        draft.errors += unused_column_issues(table.header, choices, also_used=also)
        table_read(table, draft, quarter)
    if sheets and not draft.sheets and not draft.errors:
        draft.error(Location(row=0), NO_TABLE)
    return draft
