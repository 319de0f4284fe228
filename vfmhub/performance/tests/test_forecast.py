"""Year-end forecasts from the year to date, by roll-up rule (the months of test_rollup)."""

from decimal import Decimal

import pytest

from vfmhub.performance.calculations.forecast import forecast_year_end
from vfmhub.performance.calculations.kinds import RollUp
from vfmhub.performance.calculations.periods import Frequency, Period
from vfmhub.performance.calculations.rollup import Reading
from vfmhub.performance.tests.test_rollup import MAY_MISSING, READINGS

D = Decimal
M, Q = Frequency.MONTH, Frequency.QUARTER


@pytest.mark.parametrize(
    ("made_at", "rule", "expected"),
    [
        (Period(M, 2009, 2), RollUp.SUM, D(180)),  # 30 * 12 / 2
        (Period(Q, 2009, 1), RollUp.SUM, D(252)),  # 63 * 12 / 3
        (Period(Q, 2009, 2), RollUp.SUM, D(216)),  # 108 * 12 / 6
        (Period(Q, 2009, 1), RollUp.MEAN, D(21)),  # the mean so far
        (Period(Q, 2009, 2), RollUp.LAST, D(18)),  # the latest value carried forward
        (Period(Q, 2009, 1), RollUp.RATIO, D("87.5")),  # 70 / 80, the ratio so far
        (Period(Q, 2009, 2), RollUp.RATIO, D(75)),  # 150 / 200
    ],
)
def test_forecast(made_at: Period, rule: RollUp, expected: Decimal) -> None:
    forecast = forecast_year_end(READINGS, made_at, rule, scale=D(100))
    assert forecast.value == expected
    assert forecast.is_forecast is True
    assert forecast.complete is True
    assert forecast.year == Period(Frequency.YEAR, 2009, 1)
    assert forecast.made_at == made_at


def test_a_missing_month_is_neither_zero_nor_elapsed() -> None:
    forecast = forecast_year_end(MAY_MISSING, Period(Q, 2009, 1), RollUp.SUM)
    # (10 + 33) * 12 / 2 months with values
    assert (forecast.value, forecast.complete) == (D(258), False)
    assert (forecast.parts_elapsed, forecast.parts_with_values) == (3, 2)


def test_at_year_end_the_outturn_is_not_a_forecast() -> None:
    year = {Period(M, 2009, i): Reading(value=D(i)) for i in range(1, 13)}
    forecast = forecast_year_end(year, Period(M, 2009, 12), RollUp.SUM)
    assert (forecast.value, forecast.is_forecast, forecast.complete) == (D(78), False, True)


def test_at_year_end_with_a_month_missing_it_is_still_a_forecast() -> None:
    year = {Period(M, 2009, i): Reading(value=D(i)) for i in range(1, 12)}
    forecast = forecast_year_end(year, Period(M, 2009, 12), RollUp.SUM)
    # (1 + ... + 11) * 12 / 11 = 66 * 12 / 11
    assert (forecast.value, forecast.is_forecast, forecast.complete) == (D(72), True, False)


def test_from_quarters() -> None:
    quarters = {Period(Q, 2009, 1): Reading(value=D(40)), Period(Q, 2009, 2): Reading(value=D(50))}
    forecast = forecast_year_end(quarters, Period(Q, 2009, 2), RollUp.SUM, frequency=Q)
    assert (forecast.value, forecast.parts_elapsed) == (D(180), 2)


@pytest.mark.parametrize("rule", list(RollUp))
def test_nothing_so_far_no_forecast(rule: RollUp) -> None:
    forecast = forecast_year_end({}, Period(Q, 2009, 1), rule)
    assert (forecast.value, forecast.is_forecast, forecast.complete) == (None, True, False)
