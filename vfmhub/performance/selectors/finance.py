"""The finance position of an organisation for a financial year at the end of a quarter, read
once and shared by the finance pages, the API and the quarterly report.

`finance_position` returns a frozen `FinancePosition` of plain values (Decimals in pounds,
strings, ints), in a fixed number of queries however many lines and schemes there are:

1. the year's revenue lines; 2. their forecasts up to the quarter; 3. the capital schemes;
4. their quarterly figures up to the quarter; 5-8. the efficiency savings beside it (the
programme covering the year that the body takes part in, its gains, baselines and targets).

A line's forecast at a quarter is the latest one entered at or before that quarter, so a line
not re-forecast at Q3 still shows its Q2 forecast (and says which quarter it comes from).

The revenue RAG rates the variance as a percentage of budget by `VARIANCE_BANDS`: a small table
of data, shown as the key on every page that shows the RAG.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet

from vfmhub.core.api.versions import exact_time
from vfmhub.efficiency import calculations as efficiency_calculations
from vfmhub.efficiency.models import Participant
from vfmhub.efficiency.selectors.bodies import body_baselines
from vfmhub.efficiency.selectors.gains import register_values
from vfmhub.efficiency.selectors.programmes import (
    baseline_amount,
    programmes_for_organisation,
    targets_with_cumulative,
)
from vfmhub.organisations.models import Organisation
from vfmhub.performance.access import PerformanceAccess, finance_access
from vfmhub.performance.calculations.rag import AMBER, GREEN, RED
from vfmhub.performance.models import (
    CapitalForecast,
    CapitalScheme,
    RevenueForecast,
    RevenueLine,
)

HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")
NO_RATING = "none"


@dataclass(frozen=True)
class VarianceBand:
    """One band of the variance RAG: a variance as a percentage of budget (positive is an
    overspend) between `above` and `up_to` (None: no bound) takes this band. A value exactly on
    a limit takes the band nearer zero (the kinder one, as `calculations.rag` does): 1% over
    and 5% under are green."""

    rag: str  # red, amber or green
    label: str  # the key's wording
    colour: str
    above: Decimal | None
    up_to: Decimal | None

    def holds(self, percent: Decimal) -> bool:
        low, high = self.above, self.up_to
        above_low = low is None or percent > low or (low <= 0 and percent == low)
        below_high = high is None or percent < high or (high >= 0 and percent == high)
        return above_low and below_high


# The revenue variance RAG, as data: the one place its thresholds are set, and the key shown
# beside every table that uses it. Underspending by more than 5% is amber: money budgeted for a
# service that is not being spent on it.
VARIANCE_BANDS: tuple[VarianceBand, ...] = (
    VarianceBand("red", "Overspend of more than 3% of budget", RED, Decimal(3), None),
    VarianceBand("amber", "Overspend of more than 1%, up to 3%", AMBER, Decimal(1), Decimal(3)),
    VarianceBand(
        "green", "Within 1% over budget, or up to 5% under", GREEN, Decimal(-5), Decimal(1)
    ),
    VarianceBand("amber", "Underspend of more than 5% of budget", AMBER, None, Decimal(-5)),
)


def variance_rag(percent: Decimal | None) -> str:
    """The band of a variance percentage; "none" when there is none (no forecast, no budget)."""
    if percent is None:
        return NO_RATING
    for band in VARIANCE_BANDS:
        if band.holds(percent):
            return band.rag
    return NO_RATING


def variance_percent(variance: Decimal | None, budget: Decimal) -> Decimal | None:
    if variance is None or not budget:
        return None
    return (variance * HUNDRED / abs(budget)).quantize(ONE_PLACE, ROUND_HALF_UP)


@dataclass(frozen=True)
class RevenuePosition:
    line_id: int
    service: str
    cost_centre: str
    budget: Decimal
    forecast_outturn: Decimal | None  # the latest at or before the quarter
    forecast_quarter: int | None  # the quarter that forecast was made at
    actual_to_date: Decimal | None
    variance: Decimal | None  # forecast outturn less budget: positive is an overspend
    variance_percent: Decimal | None
    rag: str  # red, amber, green or none
    note: str
    updated_at: str  # the line's version, for edits


@dataclass(frozen=True)
class CapitalPosition:
    scheme_id: int
    name: str
    reference: str
    budget: Decimal
    spend_to_date: Decimal | None
    forecast: Decimal | None
    forecast_quarter: int | None
    variance: Decimal | None  # forecast less budget: positive is an overspend
    slippage: Decimal | None  # budget not spent this year (forecast below budget), else 0
    note: str
    updated_at: str


@dataclass(frozen=True)
class Totals:
    budget: Decimal
    forecast: Decimal  # lines with no forecast yet count at their budget
    variance: Decimal
    variance_percent: Decimal | None
    to_date: Decimal  # actual (revenue) or spend (capital) to date
    slippage: Decimal  # capital only; 0 for revenue
    rag: str
    without_forecast: int  # lines or schemes with no forecast at or before the quarter


@dataclass(frozen=True)
class Savings:
    """The efficiency savings beside the budget: the body's NI 179 gains counting in the year
    (cash-releasing, net, with any carry-forward) and its target for the year, if set."""

    programme_id: int
    programme_name: str
    recorded: Decimal
    target: Decimal | None


@dataclass(frozen=True)
class FinancePosition:
    organisation_id: int
    organisation_name: str
    year: int
    quarter: int
    revenue: tuple[RevenuePosition, ...]
    revenue_totals: Totals
    capital: tuple[CapitalPosition, ...]
    capital_totals: Totals
    savings: Savings | None
    bands: tuple[VarianceBand, ...] = VARIANCE_BANDS


def _latest(rows: Iterable[Any], key: str, quarter: int) -> dict[int, Any]:
    """Each parent's latest row at or before `quarter` (rows come in quarter order)."""
    latest: dict[int, Any] = {}
    for row in rows:
        if row.quarter <= quarter:
            latest[getattr(row, key)] = row
    return latest


def _stamp(moment: datetime.datetime) -> str:
    return exact_time(moment)


def _revenue(organisation_id: int, year: int, quarter: int) -> list[RevenuePosition]:
    lines = list(RevenueLine.objects.filter(organisation_id=organisation_id, year=year))
    forecasts = RevenueForecast.objects.filter(
        line__organisation_id=organisation_id, line__year=year, quarter__lte=quarter
    ).order_by("quarter")
    latest = _latest(forecasts, "line_id", quarter)
    out = []
    for line in lines:
        forecast = latest.get(line.pk)
        outturn = forecast.forecast_outturn if forecast else None
        variance = outturn - line.budget if outturn is not None else None
        percent = variance_percent(variance, line.budget)
        out.append(
            RevenuePosition(
                line_id=line.pk,
                service=line.service,
                cost_centre=line.cost_centre,
                budget=line.budget,
                forecast_outturn=outturn,
                forecast_quarter=forecast.quarter if forecast else None,
                actual_to_date=forecast.actual_to_date if forecast else None,
                variance=variance,
                variance_percent=percent,
                rag=variance_rag(percent),
                note=forecast.note if forecast else "",
                updated_at=_stamp(line.updated_at),
            )
        )
    return out


def _capital(organisation_id: int, year: int, quarter: int) -> list[CapitalPosition]:
    schemes = list(CapitalScheme.objects.filter(organisation_id=organisation_id, year=year))
    rows = CapitalForecast.objects.filter(
        scheme__organisation_id=organisation_id, scheme__year=year, quarter__lte=quarter
    ).order_by("quarter")
    latest = _latest(rows, "scheme_id", quarter)
    out = []
    for scheme in schemes:
        row = latest.get(scheme.pk)
        forecast = row.forecast if row else None
        variance = forecast - scheme.budget if forecast is not None else None
        out.append(
            CapitalPosition(
                scheme_id=scheme.pk,
                name=scheme.name,
                reference=scheme.reference,
                budget=scheme.budget,
                spend_to_date=row.spend_to_date if row else None,
                forecast=forecast,
                forecast_quarter=row.quarter if row else None,
                variance=variance,
                slippage=max(-variance, Decimal(0)) if variance is not None else None,
                note=row.note if row else "",
                updated_at=_stamp(scheme.updated_at),
            )
        )
    return out


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def revenue_totals(rows: list[RevenuePosition]) -> Totals:
    budget = _sum(r.budget for r in rows)
    forecast = _sum(r.budget if r.forecast_outturn is None else r.forecast_outturn for r in rows)
    percent = variance_percent(forecast - budget, budget)
    return Totals(
        budget=budget,
        forecast=forecast,
        variance=forecast - budget,
        variance_percent=percent,
        to_date=_sum(r.actual_to_date for r in rows),
        slippage=Decimal(0),
        rag=variance_rag(percent) if rows else NO_RATING,
        without_forecast=sum(r.forecast_outturn is None for r in rows),
    )


def capital_totals(rows: list[CapitalPosition]) -> Totals:
    budget = _sum(r.budget for r in rows)
    forecast = _sum(r.budget if r.forecast is None else r.forecast for r in rows)
    return Totals(
        budget=budget,
        forecast=forecast,
        variance=forecast - budget,
        variance_percent=variance_percent(forecast - budget, budget),
        to_date=_sum(r.spend_to_date for r in rows),
        slippage=_sum(r.slippage for r in rows),
        rag=NO_RATING,
        without_forecast=sum(r.forecast is None for r in rows),
    )


def savings_for(organisation: Organisation, year: int) -> Savings | None:
    """The NI 179 gains and target of the efficiency programme covering `year` that the body
    takes part in (the latest-starting, if more than one); None when there is none."""
    programme = (
        programmes_for_organisation(organisation)
        .filter(first_year__lte=year, last_year__gte=year)
        .first()
    )
    if programme is None:
        return None
    participant = Participant.objects.filter(programme=programme, organisation=organisation).first()
    if participant is None:
        return None
    recorded = register_values(participant, [year])[0][1]
    baseline = baseline_amount(body_baselines(programme, organisation))
    cumulative = {t.year: c for t, c in targets_with_cumulative(programme)}
    target, percent = None, cumulative.get(year)
    if baseline is not None and percent is not None:
        target = efficiency_calculations.target_amounts(baseline, [percent])[0]
    return Savings(programme.pk, programme.name, recorded, target)


def finance_position(access: PerformanceAccess, *, year: int, quarter: int) -> FinancePosition:
    """The organisation's finance position for `year` at the end of `quarter` (1-4); 404 to
    those who may not see the organisation's own finance (`finance_access`)."""
    organisation = finance_access(access).organisation
    revenue = _revenue(organisation.pk, year, quarter)
    capital = _capital(organisation.pk, year, quarter)
    return FinancePosition(
        organisation_id=organisation.pk,
        organisation_name=organisation.name,
        year=year,
        quarter=quarter,
        revenue=tuple(revenue),
        revenue_totals=revenue_totals(revenue),
        capital=tuple(capital),
        capital_totals=capital_totals(capital),
        savings=savings_for(organisation, year),
    )


def revenue_lines(access: PerformanceAccess, *, year: int | None = None) -> QuerySet[RevenueLine]:
    """The organisation's revenue lines (of `year`, if given), for lists and the API."""
    organisation = finance_access(access).organisation
    lines = RevenueLine.objects.filter(organisation=organisation)
    if year is not None:
        lines = lines.filter(year=year)
    return lines.order_by("year", "service", "cost_centre", "pk")


def finance_years(access: PerformanceAccess) -> list[int]:
    """The years with a revenue line or capital scheme, latest first."""
    organisation = finance_access(access).organisation
    years: set[int] = set()
    for model in (RevenueLine, CapitalScheme):
        rows = model.objects.filter(organisation=organisation).order_by("year")
        years |= set(rows.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def revenue_forecast_at(line: RevenueLine, quarter: int) -> RevenueForecast | None:
    """The line's forecast entered at `quarter` itself, if any (what an edit starts from)."""
    return RevenueForecast.objects.filter(line=line, quarter=quarter).first()


def capital_forecast_at(scheme: CapitalScheme, quarter: int) -> CapitalForecast | None:
    return CapitalForecast.objects.filter(scheme=scheme, quarter=quarter).first()
