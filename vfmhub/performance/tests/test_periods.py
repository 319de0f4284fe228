import datetime

import pytest

from vfmhub.performance.calculations.periods import (
    Frequency,
    Period,
    calendar_quarter,
    month,
    parse_period,
    period_of,
)

M, Q, H, Y = Frequency.MONTH, Frequency.QUARTER, Frequency.HALF_YEAR, Frequency.YEAR


@pytest.mark.parametrize(
    ("period", "label", "first", "last"),
    [
        (Period(M, 2009, 1), "April 2009", "2009-04-01", "2009-04-30"),
        (Period(M, 2009, 9), "December 2009", "2009-12-01", "2009-12-31"),
        (Period(M, 2009, 10), "January 2010", "2010-01-01", "2010-01-31"),
        (Period(M, 2011, 11), "February 2012", "2012-02-01", "2012-02-29"),
        (Period(M, 2009, 12), "March 2010", "2010-03-01", "2010-03-31"),
        (Period(Q, 2009, 1), "Q1 2009/10", "2009-04-01", "2009-06-30"),
        (Period(Q, 2009, 3), "Q3 2009/10", "2009-10-01", "2009-12-31"),
        (Period(Q, 2009, 4), "Q4 2009/10", "2010-01-01", "2010-03-31"),
        (Period(H, 2009, 1), "H1 2009/10", "2009-04-01", "2009-09-30"),
        (Period(H, 2009, 2), "H2 2009/10", "2009-10-01", "2010-03-31"),
        (Period(Y, 2009, 1), "2009/10", "2009-04-01", "2010-03-31"),
        (Period(Y, 1999, 1), "1999/00", "1999-04-01", "2000-03-31"),
    ],
)
def test_label_and_dates(period: Period, label: str, first: str, last: str) -> None:
    assert period.label == label
    assert str(period) == label
    assert period.first_day == datetime.date.fromisoformat(first)
    assert period.last_day == datetime.date.fromisoformat(last)


@pytest.mark.parametrize(
    ("period", "previous", "last_year"),
    [
        (Period(M, 2009, 1), Period(M, 2008, 12), Period(M, 2008, 1)),
        (Period(M, 2009, 7), Period(M, 2009, 6), Period(M, 2008, 7)),
        (Period(Q, 2009, 1), Period(Q, 2008, 4), Period(Q, 2008, 1)),
        (Period(Q, 2009, 3), Period(Q, 2009, 2), Period(Q, 2008, 3)),
        (Period(H, 2009, 1), Period(H, 2008, 2), Period(H, 2008, 1)),
        (Period(Y, 2009, 1), Period(Y, 2008, 1), Period(Y, 2008, 1)),
    ],
)
def test_previous_and_same_period_last_year(
    period: Period, previous: Period, last_year: Period
) -> None:
    assert period.previous() == previous
    assert previous.following() == period
    assert period.same_period_last_year() == last_year


def test_months_a_period_covers() -> None:
    assert Period(Q, 2009, 4).parts() == (
        Period(M, 2009, 10),
        Period(M, 2009, 11),
        Period(M, 2009, 12),
    )
    assert [p.label for p in Period(H, 2009, 2).parts()] == [
        "October 2009",
        "November 2009",
        "December 2009",
        "January 2010",
        "February 2010",
        "March 2010",
    ]
    assert Period(Y, 2009, 1).parts() == tuple(Period(M, 2009, i) for i in range(1, 13))
    assert Period(Y, 2009, 1).parts(Q) == tuple(Period(Q, 2009, i) for i in range(1, 5))
    assert Period(M, 2009, 5).parts() == (Period(M, 2009, 5),)


def test_a_period_has_no_longer_parts() -> None:
    with pytest.raises(ValueError, match="shorter"):
        Period(Q, 2009, 1).parts(Y)


@pytest.mark.parametrize(
    ("period", "frequency", "expected"),
    [
        (Period(M, 2009, 1), M, [1]),
        (Period(M, 2009, 5), M, [1, 2, 3, 4, 5]),
        (Period(Q, 2009, 2), M, [1, 2, 3, 4, 5, 6]),
        (Period(Q, 2009, 3), Q, [1, 2, 3]),
        (Period(H, 2009, 2), M, list(range(1, 13))),
        (Period(Y, 2009, 1), Q, [1, 2, 3, 4]),
    ],
)
def test_year_to_date(period: Period, frequency: Frequency, expected: list[int]) -> None:
    assert period.year_to_date(frequency) == tuple(Period(frequency, 2009, i) for i in expected)


@pytest.mark.parametrize(
    ("period", "frequency", "expected"),
    [
        (Period(M, 2009, 3), Q, Period(Q, 2009, 1)),
        (Period(M, 2009, 4), Q, Period(Q, 2009, 2)),
        (Period(M, 2009, 12), H, Period(H, 2009, 2)),
        (Period(Q, 2009, 2), H, Period(H, 2009, 1)),
        (Period(Q, 2009, 3), Y, Period(Y, 2009, 1)),
    ],
)
def test_within(period: Period, frequency: Frequency, expected: Period) -> None:
    assert period.within(frequency) == expected


@pytest.mark.parametrize(
    ("day", "frequency", "expected"),
    [
        ("2009-03-31", M, Period(M, 2008, 12)),
        ("2009-04-01", M, Period(M, 2009, 1)),
        ("2010-01-15", Q, Period(Q, 2009, 4)),
        ("2009-09-30", H, Period(H, 2009, 1)),
        ("2010-03-31", Y, Period(Y, 2009, 1)),
    ],
)
def test_period_of_a_date(day: str, frequency: Frequency, expected: Period) -> None:
    assert period_of(datetime.date.fromisoformat(day), frequency) == expected


@pytest.mark.parametrize(
    ("calendar_year", "quarter", "expected"),
    [
        (2010, 1, Period(Q, 2009, 4)),  # January-March 2010
        (2010, 2, Period(Q, 2010, 1)),  # April-June 2010
        (2010, 3, Period(Q, 2010, 2)),
        (2010, 4, Period(Q, 2010, 3)),
    ],
)
def test_calendar_quarter(calendar_year: int, quarter: int, expected: Period) -> None:
    assert calendar_quarter(calendar_year, quarter) == expected


def test_month_from_calendar_year_and_month() -> None:
    assert month(2010, 1) == Period(M, 2009, 10)
    assert month(2009, 4) == Period(M, 2009, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2009/10", Period(Y, 2009, 1)),
        ("2009-10", Period(Y, 2009, 1)),
        (" 2009 / 2010 ", Period(Y, 2009, 1)),
        ("2009", Period(Y, 2009, 1)),
        ("Q3 2010/11", Period(Q, 2010, 3)),
        ("q3 2010-11", Period(Q, 2010, 3)),
        ("2010/11 Q3", Period(Q, 2010, 3)),
        ("2010 Q1", Period(Q, 2009, 4)),  # calendar January-March 2010 is Q4 2009/10
        ("2010Q2", Period(Q, 2010, 1)),
        ("2010-Q4", Period(Q, 2010, 3)),
        ("H1 2009/10", Period(H, 2009, 1)),
        ("2009/10 H2", Period(H, 2009, 2)),
        ("Apr-09", Period(M, 2009, 1)),
        ("Jan-10", Period(M, 2009, 10)),
        ("April 2009", Period(M, 2009, 1)),
        ("march 2010", Period(M, 2009, 12)),
        ("Sep 2009", Period(M, 2009, 6)),
    ],
)
def test_parse_period(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "Q1 2010", "Q5 2009/10", "2009/11", "H3 2009/10", "Smarch 2009", "2009-04", "1800/01"],
)
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)


def test_labels_read_back() -> None:
    for frequency in Frequency:
        for index in range(1, frequency.per_year + 1):
            period = Period(frequency, 2009, index)
            assert parse_period(period.label) == period


def test_a_period_must_exist() -> None:
    with pytest.raises(ValueError, match="no number 5"):
        Period(Q, 2009, 5)
    assert Period("quarter", 2009, 1).frequency is Q  # type: ignore[arg-type]
