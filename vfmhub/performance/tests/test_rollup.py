"""Quarters, halves, years and the year to date from monthly values, checked by hand.

The months of 2009/10 below, and the hand calculations:

    month      value   numerator/denominator (ratio, %)
    April      10      18 / 20   (90%)
    May        20       5 / 10   (50%)
    June       33      47 / 50   (94%)
    July       12      30 / 40   (75%)
    August     15      10 / 20   (50%)
    September  18      40 / 60   (66.67%)

    Q1: sum 10+20+33 = 63, mean 63/3 = 21, last 33, ratio (18+5+47)/(20+10+50) = 70/80 = 87.5%
        (the mean of the monthly ratios would be (90+50+94)/3 = 78%: wrong)
    Q2: sum 45, mean 15, last 18, ratio 80/120 = 66.666...%
    Year to date at Q2 (= H1): sum 108, mean 108/6 = 18, last 18, ratio 150/200 = 75%
    Year to date at May: sum 30, mean 15, last 20, ratio 23/30 = 76.666...%
"""

from decimal import Decimal

import pytest

from vfmhub.performance.calculations.kinds import RollUp
from vfmhub.performance.calculations.periods import Frequency, Period
from vfmhub.performance.calculations.rollup import (
    Reading,
    combine,
    ratio_of,
    roll_up,
    roll_up_year_to_date,
    rounded,
)

M, Q, H, Y = Frequency.MONTH, Frequency.QUARTER, Frequency.HALF_YEAR, Frequency.YEAR
D = Decimal
HUNDRED = D(100)
MONTHS = {
    1: ("10", "18", "20"),
    2: ("20", "5", "10"),
    3: ("33", "47", "50"),
    4: ("12", "30", "40"),
    5: ("15", "10", "20"),
    6: ("18", "40", "60"),
}
READINGS = {
    Period(M, 2009, i): Reading(value=D(v), numerator=D(n), denominator=D(d))
    for i, (v, n, d) in MONTHS.items()
}
TWO_THIRDS_PERCENT = D("66.66666666666666666666666667")


@pytest.mark.parametrize(
    ("period", "rule", "expected"),
    [
        (Period(Q, 2009, 1), RollUp.SUM, D(63)),
        (Period(Q, 2009, 1), RollUp.MEAN, D(21)),
        (Period(Q, 2009, 1), RollUp.LAST, D(33)),
        (Period(Q, 2009, 1), RollUp.RATIO, D("87.5")),
        (Period(Q, 2009, 2), RollUp.SUM, D(45)),
        (Period(Q, 2009, 2), RollUp.MEAN, D(15)),
        (Period(Q, 2009, 2), RollUp.LAST, D(18)),
        (Period(Q, 2009, 2), RollUp.RATIO, TWO_THIRDS_PERCENT),
        (Period(H, 2009, 1), RollUp.SUM, D(108)),
        (Period(H, 2009, 1), RollUp.MEAN, D(18)),
        (Period(H, 2009, 1), RollUp.LAST, D(18)),
        (Period(H, 2009, 1), RollUp.RATIO, D(75)),
    ],
)
def test_quarter_and_half_from_months(period: Period, rule: RollUp, expected: Decimal) -> None:
    rolled = roll_up(READINGS, period, rule, scale=HUNDRED)
    assert rolled.value == expected
    assert rolled.complete is True
    assert rolled.missing == ()
    assert rolled.year_to_date is False


@pytest.mark.parametrize(
    ("period", "rule", "expected"),
    [
        (Period(M, 2009, 2), RollUp.SUM, D(30)),
        (Period(M, 2009, 2), RollUp.MEAN, D(15)),
        (Period(M, 2009, 2), RollUp.LAST, D(20)),
        (Period(M, 2009, 2), RollUp.RATIO, D("76.66666666666666666666666667")),
        (Period(Q, 2009, 2), RollUp.SUM, D(108)),
        (Period(Q, 2009, 2), RollUp.MEAN, D(18)),
        (Period(Q, 2009, 2), RollUp.LAST, D(18)),
        (Period(Q, 2009, 2), RollUp.RATIO, D(75)),
    ],
)
def test_year_to_date_from_months(period: Period, rule: RollUp, expected: Decimal) -> None:
    rolled = roll_up_year_to_date(READINGS, period, rule, scale=HUNDRED)
    assert rolled.value == expected
    assert rolled.complete is True
    assert rolled.year_to_date is True
    assert rolled.parts == period.year_to_date()


def test_ratio_is_recomputed_not_averaged() -> None:
    rolled = roll_up(READINGS, Period(Q, 2009, 1), RollUp.RATIO, scale=HUNDRED)
    assert (rolled.numerator, rolled.denominator, rolled.value) == (D(70), D(80), D("87.5"))
    monthly = [D(90), D(50), D(94)]
    assert sum(monthly) / 3 == D(78) != rolled.value


def test_ratio_without_scale_is_a_fraction() -> None:
    assert roll_up(READINGS, Period(Q, 2009, 1), RollUp.RATIO).value == D("0.875")


MAY_MISSING = {p: r for p, r in READINGS.items() if p != Period(M, 2009, 2)}
JUNE_MISSING = {p: r for p, r in READINGS.items() if p != Period(M, 2009, 3)}
MAY_WITHOUT_PARTS = {**READINGS, Period(M, 2009, 2): Reading(value=D(20))}


@pytest.mark.parametrize(
    ("readings", "rule", "expected"),
    [
        (MAY_MISSING, RollUp.SUM, D(43)),  # 10 + 33: an under-count, so incomplete
        (MAY_MISSING, RollUp.MEAN, D("21.5")),  # (10 + 33) / 2
        (MAY_MISSING, RollUp.LAST, D(33)),  # June is there
        (MAY_MISSING, RollUp.RATIO, D("65") * 100 / D("70")),  # (18 + 47) / (20 + 50)
        (JUNE_MISSING, RollUp.LAST, D(20)),  # the latest month there, May
        (MAY_WITHOUT_PARTS, RollUp.RATIO, D("65") * 100 / D("70")),  # a value is not its parts
    ],
)
def test_a_missing_month_is_incomplete(
    readings: dict[Period, Reading], rule: RollUp, expected: Decimal
) -> None:
    rolled = roll_up(readings, Period(Q, 2009, 1), rule, scale=HUNDRED)
    assert rolled.value == expected
    assert rolled.complete is False
    assert len(rolled.missing) == 1


def test_missing_month_in_year_to_date() -> None:
    rolled = roll_up_year_to_date(MAY_MISSING, Period(Q, 2009, 2), RollUp.SUM)
    assert (rolled.value, rolled.complete, rolled.missing) == (D(88), False, (Period(M, 2009, 2),))


@pytest.mark.parametrize("rule", list(RollUp))
def test_no_months_no_value(rule: RollUp) -> None:
    rolled = roll_up(READINGS, Period(Q, 2009, 3), rule)
    assert (rolled.value, rolled.complete, len(rolled.missing)) == (None, False, 3)


def test_a_zero_denominator_gives_no_ratio() -> None:
    zero = {Period(M, 2009, i): Reading.of_ratio(D(0), D(0)) for i in (1, 2, 3)}
    rolled = roll_up(zero, Period(Q, 2009, 1), RollUp.RATIO)
    assert (rolled.numerator, rolled.denominator, rolled.value) == (D(0), D(0), None)
    assert rolled.complete is False


def test_quarters_roll_into_the_year() -> None:
    quarters = {Period(Q, 2009, i): Reading(value=D(v)) for i, v in enumerate("1234", 1)}
    assert roll_up(quarters, Period(Y, 2009, 1), RollUp.SUM, frequency=Q).value == D(10)
    assert roll_up(quarters, Period(Y, 2009, 1), RollUp.MEAN, frequency=Q).value == D("2.5")
    ytd = roll_up_year_to_date(quarters, Period(Q, 2009, 3), RollUp.SUM, frequency=Q)
    assert (ytd.value, ytd.complete) == (D(6), True)


def test_combine_and_ratio_of() -> None:
    assert combine([D(1), D(2)], RollUp.SUM) == D(3)
    assert combine([], RollUp.MEAN) is None
    with pytest.raises(ValueError, match="ratio"):
        combine([D(1)], RollUp.RATIO)
    assert ratio_of([Reading(value=D(1))]) == (None, None, None)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("2.345"), 2, D("2.35")),
        (D("-2.345"), 2, D("-2.35")),
        (D("66.666"), 0, D(67)),
        (None, 1, None),
    ],
)
def test_rounded(value: Decimal | None, places: int, expected: Decimal | None) -> None:
    assert rounded(value, places) == expected
