"""Generator step: the demo council's finance position.

Revenue budgets for fourteen services (by cost centre) and eight capital schemes, for each of the
three years to the reporting quarter's, with a forecast at the end of every quarter (all four in
earlier years, up to the reporting quarter in its year): actual to date building through the
year, the forecast outturn drifting from budget (a few services overspending, with a note).
"""

import random
from decimal import Decimal

from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.demo.personas import ACCOUNT
from vfmhub.performance.calculations import Frequency, Period
from vfmhub.performance.demo.plan_content import CAPITAL, FINANCE_NOTES, REVENUE
from vfmhub.performance.demo.values import entered_at, reporting_quarter
from vfmhub.performance.models import (
    CapitalForecast,
    CapitalScheme,
    RevenueForecast,
    RevenueLine,
)

SOURCE = "Budget book (demo)"
THOUSAND = Decimal(1000)
PENCE = Decimal("0.01")
POUND = Decimal(1)


@demo_step(
    order=720,
    label="Finance position",
    models=(RevenueLine, RevenueForecast, CapitalScheme, CapitalForecast),
)
def finance_position(ctx: DemoContext) -> None:
    home = ctx.home
    rng = ctx.rng("performance-finance")
    last = reporting_quarter()
    years = range(last.year - 2, last.year + 1)
    lines = [
        RevenueLine(
            organisation=home,
            year=year,
            service=service,
            cost_centre=centre,
            budget=Decimal(budget) * THOUSAND * Decimal("1.03") ** (year - years[0]),
            source=SOURCE,
        )
        for year in years
        for service, centre, budget in REVENUE
    ]
    for line in lines:
        line.budget = line.budget.quantize(POUND)
    create_missing(RevenueLine, lines, ["organisation_id", "year", "service", "cost_centre"])
    schemes = [
        CapitalScheme(
            organisation=home,
            year=year,
            name=name,
            reference=reference,
            budget=Decimal(budget) * THOUSAND,
            source=SOURCE,
        )
        for year in years
        for name, reference, budget in CAPITAL
    ]
    create_missing(CapitalScheme, schemes, ["organisation_id", "year", "name", "reference"])
    quarters = {year: 4 if year < last.year else last.index for year in years}
    _revenue_forecasts(ctx, rng, home, quarters)
    _capital_forecasts(ctx, rng, home, quarters)


def _revenue_forecasts(ctx: DemoContext, rng: random.Random, home, quarters: dict) -> None:
    officer = ctx.users.get(ACCOUNT["editor"].email)
    wanted = []
    for line in RevenueLine.objects.filter(organisation=home, year__in=list(quarters)):
        drift = rng.gauss(0.005, 0.03)
        for quarter in range(1, quarters[line.year] + 1):
            share = Decimal(quarter) / 4
            outturn = line.budget * Decimal(1 + drift * quarter / 4)
            actual = line.budget * share * Decimal(rng.uniform(0.92, 1.06))
            wanted.append(
                RevenueForecast(
                    line=line,
                    quarter=quarter,
                    actual_to_date=actual.quantize(PENCE),
                    forecast_outturn=outturn.quantize(POUND),
                    note=_note(drift, quarter),
                    entered_by=officer,
                    entered_at=entered_at(Period(Frequency.QUARTER, line.year, quarter)),
                )
            )
    create_missing(RevenueForecast, wanted, ["line_id", "quarter"])


def _note(drift: float, quarter: int) -> str:
    if quarter < 2 or abs(drift) < 0.03:
        return ""
    return FINANCE_NOTES["over" if drift > 0 else "under"]


def _capital_forecasts(ctx: DemoContext, rng: random.Random, home, quarters: dict) -> None:
    officer = ctx.users.get(ACCOUNT["editor"].email)
    wanted = []
    for scheme in CapitalScheme.objects.filter(organisation=home, year__in=list(quarters)):
        slippage = rng.choice((0, 0, 0.05, 0.15, 0.3))
        for quarter in range(1, quarters[scheme.year] + 1):
            forecast = scheme.budget * Decimal(1 - slippage * quarter / 4)
            spent = forecast * Decimal(quarter) / 4 * Decimal(rng.uniform(0.6, 1.0))
            wanted.append(
                CapitalForecast(
                    scheme=scheme,
                    quarter=quarter,
                    spend_to_date=spent.quantize(PENCE),
                    forecast=forecast.quantize(POUND),
                    note="Slippage into next year: contractor start delayed." if slippage else "",
                    entered_by=officer,
                )
            )
    create_missing(CapitalForecast, wanted, ["scheme_id", "quarter"])
