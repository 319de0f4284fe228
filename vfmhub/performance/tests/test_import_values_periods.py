"""How the values import reads periods and numbers (pure functions)."""

from decimal import Decimal

import pytest

from vfmhub.performance.calculations import Frequency, Period
from vfmhub.performance.importing.values.numbers import NoValue, read_number
from vfmhub.performance.importing.values.periods import read_period

YEAR = Frequency.YEAR


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2019/20", Period(YEAR, 2019, 1)),
        ("2016-17", Period(YEAR, 2016, 1)),  # a financial-year label, never a month
        ("2021-22", Period(YEAR, 2021, 1)),
        ("2019-2020", Period(YEAR, 2019, 1)),
        ("2020", Period(YEAR, 2020, 1)),  # the calendar year shares 9 months with 2020/21
        ("2021 ", Period(YEAR, 2021, 1)),
        ("2019 revised", Period(YEAR, 2019, 1)),
        ("202021", Period(YEAR, 2020, 1)),
        ("201920", Period(YEAR, 2019, 1)),
        ("201820", Period(YEAR, 2020, 1)),  # 2018 to 2020: its last year
        ("201618", Period(YEAR, 2018, 1)),
        ("2018 - 2020", Period(YEAR, 2020, 1)),
        ("2020 - 2021", Period(YEAR, 2020, 1)),
        ("04/2021 - 03/2022", Period(YEAR, 2021, 1)),
        ("09/2021 - 07/2022", Period(YEAR, 2021, 1)),  # 7 months in 2021/22, 4 in 2022/23
        ("04/2020 - 12/2020", Period(YEAR, 2020, 1)),
        ("01/2020 - 12/2020", Period(YEAR, 2020, 1)),  # 9 months against 3
        ("05/2021", Period(Frequency.MONTH, 2021, 2)),
        ("Q1 2020/21", Period(Frequency.QUARTER, 2020, 1)),
        ("Apr-20", Period(Frequency.MONTH, 2020, 1)),
    ],
)
def test_it_reads_a_period(text, period):
    assert read_period(text) == period


@pytest.mark.parametrize(
    "text", ["", "soon", "2019/21", "13/2020", "202019", "03/2022 - 04/2021", "Q5 2020/21", "1850"]
)
def test_it_refuses_a_period_it_cannot_read(text):
    with pytest.raises(ValueError, match="is not a period this import can read"):
        read_period(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1,335", Decimal(1335)),
        ("£12.50", Decimal("12.5")),
        ("45%", Decimal(45)),
        (" 7.6 ", Decimal("7.6")),
        ("(12)", Decimal(-12)),
        ("5.906996699", Decimal("5.906997")),
        ("99999999999999.5", Decimal("99999999999999.5")),
    ],
)
def test_it_reads_a_number(text, number):
    assert read_number(text) == number


@pytest.mark.parametrize("text", ["", "..", "x", "-", "n/a", "NA", "[c]", ":"])
def test_it_reads_a_mark_of_no_value(text):
    with pytest.raises(NoValue):
        read_number(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1e20", "too large"),
        ("123456789012345", "too large"),
        ("Infinity", "not a number"),
        ("NaN%", "not a number"),
        ("twelve", "not a number"),
    ],
)
def test_it_refuses_what_is_not_a_storable_number(text, message):
    with pytest.raises(ValueError, match=message):
        read_number(text)
