"""Worked examples of one indicator at a report quarter: the period shown for each frequency,
quarters and year to date rolled up from months by each rule (checked by hand), targets rolled
up the same way, RAG both polarities, the no-real-change band, a missing previous period, and a
ratio recomputed from its numerators and denominators rather than averaged."""

from decimal import Decimal

import pytest

from vfmhub.performance.calculations import (
    ChangeBand,
    Definition,
    Direction,
    Frequency,
    Period,
    Polarity,
    Reading,
    RollUp,
    default_rule,
    evaluate,
    shown_period,
    target_of,
)

D = Decimal
M, Q, H, Y = Frequency.MONTH, Frequency.QUARTER, Frequency.HALF_YEAR, Frequency.YEAR
RULE = default_rule(D(5))


def months(year: int, values: list[str | None]) -> dict[Period, Reading]:
    return {Period(M, year, i): Reading(D(v)) for i, v in enumerate(values, 1) if v is not None}


# 2023/24 April..March and 2024/25 April..September.
LAST_YEAR = months(
    2023, ["10", "20", "30", "40", "50", "60", "70", "80", "90", "100", "110", "120"]
)
THIS_YEAR = months(2024, ["12", "18", "33", "41", "52", "60"])
READINGS = {**LAST_YEAR, **THIS_YEAR}


@pytest.mark.parametrize(
    ("rule", "q2", "q1", "q2_last_year", "ytd"),
    [
        # Q2 2024/25 is July–September: 41, 52, 60.
        (RollUp.SUM, "153", "63", "150", "216"),  # 41+52+60; 12+18+33; 40+50+60; all six
        (RollUp.MEAN, "51", "21", "50", "36"),  # 153/3; 63/3; 150/3; 216/6
        (RollUp.LAST, "60", "33", "60", "60"),
    ],
)
def test_quarter_and_year_to_date_from_months(rule, q2, q1, q2_last_year, ytd) -> None:
    definition = Definition(M, rule, Polarity.HIGHER_IS_BETTER, decimal_places=0)
    result = evaluate(definition, READINGS, {}, RULE, year=2024, quarter=2)
    assert result.period == Period(Q, 2024, 2)
    assert result.derived and result.complete
    assert (result.value, result.previous, result.last_year) == (D(q2), D(q1), D(q2_last_year))
    assert result.year_to_date == D(ytd)


def test_a_ratio_is_recomputed_not_averaged() -> None:
    # Months of a quarter: 9/10 (90%), 1/90 (1.1%), 50/100 (50%). The mean of the three rates
    # would be 47.0%; the quarter's rate is 60/200 = 30.0%.
    readings = {
        Period(M, 2024, 1): Reading.of_ratio(D(9), D(10)),
        Period(M, 2024, 2): Reading.of_ratio(D(1), D(90)),
        Period(M, 2024, 3): Reading.of_ratio(D(50), D(100)),
    }
    definition = Definition(M, RollUp.RATIO, Polarity.HIGHER_IS_BETTER, 1, ratio_scale=D(100))
    result = evaluate(definition, readings, {Period(Q, 2024, 1): D(32)}, RULE, year=2024, quarter=1)
    assert (result.value, result.numerator, result.denominator) == (D("30.0"), D(60), D(200))
    assert result.band is not None and result.band.key == "amber"  # 2 below 32, within 5


def test_a_ratio_stored_as_parts_only_gets_its_value_from_them() -> None:
    readings = {Period(Q, 2024, 1): Reading(None, D(3), D(4))}
    definition = Definition(Q, RollUp.RATIO, Polarity.HIGHER_IS_BETTER, 1, ratio_scale=D(100))
    assert evaluate(definition, readings, {}, RULE, year=2024, quarter=1).value == D("75.0")


@pytest.mark.parametrize(
    ("polarity", "value", "previous", "band", "expected_band", "expected"),
    [
        (Polarity.HIGHER_IS_BETTER, "110", "100", "0", "green", Direction.IMPROVING),
        (Polarity.HIGHER_IS_BETTER, "96", "100", "0", "amber", Direction.WORSENING),
        (Polarity.LOWER_IS_BETTER, "96", "100", "0", "green", Direction.IMPROVING),
        (Polarity.LOWER_IS_BETTER, "110", "100", "0", "red", Direction.WORSENING),
        (Polarity.HIGHER_IS_BETTER, "102", "100", "2", "green", Direction.NO_REAL_CHANGE),  # edge
        (Polarity.HIGHER_IS_BETTER, "102.1", "100", "2", "green", Direction.IMPROVING),
        (Polarity.NEITHER, "94", "100", "0", "red", Direction.DOWN),
        (Polarity.NEITHER, "104", "100", "0", "amber", Direction.UP),
    ],
)
def test_rag_and_direction(polarity, value, previous, band, expected_band, expected) -> None:
    readings = {Period(Q, 2024, 1): Reading(D(previous)), Period(Q, 2024, 2): Reading(D(value))}
    definition = Definition(Q, RollUp.MEAN, polarity, 1, change_band=ChangeBand(D(band)))
    targets = {Period(Q, 2024, 2): D(100)}
    result = evaluate(definition, readings, targets, RULE, year=2024, quarter=2)
    assert result.band is not None and result.band.key == expected_band
    assert result.against_previous is expected
    assert result.against_last_year is Direction.NO_COMPARISON  # no Q2 2023/24


def test_no_previous_period_no_direction_and_no_target_no_rag() -> None:
    readings = {Period(Q, 2024, 1): Reading(D(5))}
    definition = Definition(Q, RollUp.SUM, Polarity.HIGHER_IS_BETTER)
    result = evaluate(definition, readings, {}, RULE, year=2024, quarter=1)
    assert result.against_previous is Direction.NO_COMPARISON
    assert result.band is None and result.target is None


@pytest.mark.parametrize(
    ("frequency", "quarter", "expected"),
    [
        (M, 3, Period(Q, 2024, 3)),
        (Q, 1, Period(Q, 2024, 1)),
        (H, 1, Period(H, 2023, 2)),
        (H, 2, Period(H, 2024, 1)),
        (H, 3, Period(H, 2024, 1)),
        (H, 4, Period(H, 2024, 2)),
        (Y, 2, Period(Y, 2022, 1)),  # the latest year with a value
    ],
)
def test_period_shown(frequency, quarter, expected) -> None:
    readings = {Period(Y, 2021, 1): Reading(D(1)), Period(Y, 2022, 1): Reading(D(2))}
    assert shown_period(frequency, 2024, quarter, readings) == expected


def test_targets_roll_up_like_values() -> None:
    monthly = {Period(M, 2024, i): D(i * 10) for i in range(1, 4)}
    quarter = Period(Q, 2024, 1)
    assert target_of(Definition(M, RollUp.SUM, Polarity.HIGHER_IS_BETTER), monthly, quarter) == 60
    assert target_of(Definition(M, RollUp.MEAN, Polarity.HIGHER_IS_BETTER), monthly, quarter) == 20
    yearly = {Period(Y, 2024, 1): D(75)}
    assert target_of(Definition(M, RollUp.MEAN, Polarity.LOWER_IS_BETTER), yearly, quarter) == 75
    # A year's total is not a quarter's target.
    assert target_of(Definition(M, RollUp.SUM, Polarity.HIGHER_IS_BETTER), yearly, quarter) is None


def test_forecast_linear_from_year_to_date() -> None:
    definition = Definition(M, RollUp.SUM, Polarity.HIGHER_IS_BETTER, decimal_places=0)
    result = evaluate(definition, READINGS, {}, RULE, year=2024, quarter=2)
    assert (result.forecast, result.forecast_is_forecast) == (D(432), True)  # 216 * 12 / 6
    entered = evaluate(
        definition, READINGS, {}, RULE, year=2024, quarter=2, entered_forecast=D(400)
    )
    assert (entered.forecast, entered.forecast_is_forecast) == (D(400), True)
