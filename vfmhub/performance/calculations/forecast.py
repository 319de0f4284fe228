"""A year-end forecast, linear from the year to date, by the indicator's roll-up rule.

- sum: the year to date scaled to the whole year by the parts it has: YTD * 12 / months with a
  value (a missing month is neither counted as zero nor as elapsed; `complete` says so);
- mean: the year-to-date mean (a flat line through the months so far);
- last: the latest value carried forward;
- ratio: the year-to-date ratio of summed numerators to summed denominators (scaling both to the
  full year would leave the ratio as it is).

At the end of the year, with every part's value, the figure is the outturn and `is_forecast` is
False; with a part missing it is still an estimate, so a forecast.
No value so far, no forecast.
"""

from dataclasses import dataclass
from decimal import Decimal

from vfmhub.performance.calculations.kinds import RollUp
from vfmhub.performance.calculations.periods import Frequency, Period
from vfmhub.performance.calculations.rollup import Readings, roll_up_year_to_date


@dataclass(frozen=True)
class Forecast:
    """The year's expected value, made at the end of `made_at`."""

    year: Period
    made_at: Period
    value: Decimal | None
    is_forecast: bool
    parts_elapsed: int
    parts_with_values: int
    complete: bool


def forecast_year_end(
    readings: Readings,
    made_at: Period,
    rule: RollUp,
    *,
    frequency: Frequency = Frequency.MONTH,
    scale: Decimal = Decimal(1),
) -> Forecast:
    """The year-end value forecast from the year to date at the end of `made_at`."""
    rule = RollUp(rule)
    ytd = roll_up_year_to_date(readings, made_at, rule, frequency=frequency, scale=scale)
    elapsed = len(ytd.parts)
    present = elapsed - len(ytd.missing)
    value = ytd.value
    if rule is RollUp.SUM and value is not None and 0 < present < frequency.per_year:
        value = value * frequency.per_year / present
    return Forecast(
        year=made_at.financial_year(),
        made_at=made_at,
        value=value,
        is_forecast=present < frequency.per_year,
        parts_elapsed=elapsed,
        parts_with_values=present,
        complete=ytd.complete,
    )
