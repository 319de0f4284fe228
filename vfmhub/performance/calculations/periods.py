"""Reporting periods on the financial year (1 April to 31 March).

A period is a frequency, the financial year (stored as its starting calendar year: 2009 is 2009/10)
and its 1-based position in that year: month 1 is April, quarter 1 is April to June, half 1 is
April to September, and a year has the one index 1.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from vfmhub.lib.years import financial_year_label, financial_year_of, parse_financial_year


class Frequency(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half-year"
    YEAR = "year"

    @property
    def months(self) -> int:
        """How many months one period of this frequency covers."""
        return _MONTHS[self]

    @property
    def per_year(self) -> int:
        """How many periods of this frequency make a financial year."""
        return 12 // _MONTHS[self]


_MONTHS = {
    Frequency.MONTH: 1,
    Frequency.QUARTER: 3,
    Frequency.HALF_YEAR: 6,
    Frequency.YEAR: 12,
}


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period; periods of one frequency sort in time order."""

    frequency: Frequency
    year: int
    index: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "frequency", Frequency(self.frequency))
        if not 1 <= self.index <= self.frequency.per_year:
            raise ValueError(f"A {self.frequency} has no number {self.index} in a year")

    @property
    def label(self) -> str:
        """ "April 2009", "Q1 2009/10", "H2 2009/10" or "2009/10"."""
        fy = financial_year_label(self.year)
        if self.frequency is Frequency.MONTH:
            first = self.first_day
            return f"{calendar.month_name[first.month]} {first.year}"
        if self.frequency is Frequency.QUARTER:
            return f"Q{self.index} {fy}"
        if self.frequency is Frequency.HALF_YEAR:
            return f"H{self.index} {fy}"
        return fy

    def __str__(self) -> str:
        return self.label

    @property
    def first_day(self) -> datetime.date:
        return _month_start(self.year, (self.index - 1) * self.frequency.months + 1)

    @property
    def last_day(self) -> datetime.date:
        start = _month_start(self.year, self.index * self.frequency.months)
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])

    def previous(self) -> "Period":
        """The period just before, of the same frequency (Q1 2009/10 -> Q4 2008/09)."""
        if self.index > 1:
            return Period(self.frequency, self.year, self.index - 1)
        return Period(self.frequency, self.year - 1, self.frequency.per_year)

    def following(self) -> "Period":
        """The period just after, of the same frequency (Q4 2008/09 -> Q1 2009/10)."""
        if self.index < self.frequency.per_year:
            return Period(self.frequency, self.year, self.index + 1)
        return Period(self.frequency, self.year + 1, 1)

    def same_period_last_year(self) -> "Period":
        return Period(self.frequency, self.year - 1, self.index)

    def parts(self, frequency: Frequency = Frequency.MONTH) -> tuple["Period", ...]:
        """The periods of `frequency` this one covers, in order (a quarter's three months)."""
        size = _finer_size(frequency, self.frequency)
        first = (self.index - 1) * size + 1
        return tuple(Period(frequency, self.year, i) for i in range(first, first + size))

    def year_to_date(self, frequency: Frequency = Frequency.MONTH) -> tuple["Period", ...]:
        """The periods of `frequency` from the start of the year to the end of this period."""
        size = _finer_size(frequency, self.frequency)
        return tuple(Period(frequency, self.year, i) for i in range(1, self.index * size + 1))

    def within(self, frequency: Frequency) -> "Period":
        """The period of a longer `frequency` holding this one (June 2009 -> Q1 2009/10)."""
        size = _finer_size(self.frequency, frequency)
        return Period(frequency, self.year, (self.index - 1) // size + 1)

    def financial_year(self) -> "Period":
        return Period(Frequency.YEAR, self.year, 1)


def _finer_size(finer: Frequency, longer: Frequency) -> int:
    """How many periods of `finer` one of `longer` holds; ValueError when `finer` is longer."""
    if finer.months > longer.months:
        raise ValueError(f"A {longer} is shorter than a {finer}")
    return longer.months // finer.months


def _month_start(year: int, month_index: int) -> datetime.date:
    """The first day of the financial year's `month_index`-th month (1 is April)."""
    month = (month_index + 2) % 12 + 1
    return datetime.date(year if month >= 4 else year + 1, month, 1)


def period_of(day: datetime.date, frequency: Frequency) -> Period:
    """The period of `frequency` a date falls in (31 March 2010 -> March 2010, Q4 2009/10)."""
    month = Period(Frequency.MONTH, financial_year_of(day), (day.month - 4) % 12 + 1)
    return month.within(frequency)


def month(year: int, calendar_month: int) -> Period:
    """The month period for a calendar year and month (2010, 1 -> January 2010, in 2009/10)."""
    return period_of(datetime.date(year, calendar_month, 1), Frequency.MONTH)


def calendar_quarter(year: int, quarter: int) -> Period:
    """A calendar quarter as a financial one: 2010 Q1 (January-March 2010) is Q4 2009/10."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"A year has no quarter {quarter}")
    return period_of(datetime.date(year, quarter * 3, 1), Frequency.QUARTER)


_FY = r"(\d{4}\s*[/-]\s*(?:\d{2}|\d{4}))"
_QUARTER_FY = (re.compile(rf"^Q([1-4])\s*{_FY}$"), re.compile(rf"^{_FY}\s*Q([1-4])$"))
_HALF_FY = (re.compile(rf"^H([12])\s*{_FY}$"), re.compile(rf"^{_FY}\s*H([12])$"))
_CALENDAR_QUARTER = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$")
_MONTH_NAMED = re.compile(r"^([A-Z]+)[\s-]*(\d{4}|\d{2})$")
_MONTH_NAMES = {
    name.upper(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}


def parse_period(text: str) -> Period:
    """Read a period's label; ValueError, saying what was expected, for anything else.

    Financial years: "2009/10", "2009-10", "2009/2010", "2009" (a bare year is the financial
    year it starts, as elsewhere in the service). Quarters: "Q3 2010/11", "2010/11 Q3", and the
    calendar quarter "2010 Q1" (January-March 2010, so Q4 2009/10). "Q1 2010" is refused: it
    could mean either. Halves: "H1 2009/10". Months: "Apr-09", "April 2009", "Apr 2009" (a
    two-digit year is 20xx); "2009-04" is not read, as "2009-10" is the financial year.
    """
    clean = " ".join(str(text).split()).upper()
    for parse in (_parse_quarter, _parse_half, _parse_month):
        found = parse(clean)
        if found is not None:
            return found
    try:
        return Period(Frequency.YEAR, parse_financial_year(clean), 1)
    except ValueError:
        pass
    raise ValueError(
        f"{text!r} is not a period such as 2009/10, Q3 2010/11, 2010 Q1, H1 2009/10 or April 2009"
    )


def _parse_quarter(text: str) -> Period | None:
    for pattern in _QUARTER_FY:
        match = pattern.match(text)
        if match:
            number, fy = sorted(match.groups(), key=len)
            return Period(Frequency.QUARTER, parse_financial_year(fy), int(number))
    match = _CALENDAR_QUARTER.match(text)
    if match:
        return calendar_quarter(int(match.group(1)), int(match.group(2)))
    return None


def _parse_half(text: str) -> Period | None:
    for pattern in _HALF_FY:
        match = pattern.match(text)
        if match:
            number, fy = sorted(match.groups(), key=len)
            return Period(Frequency.HALF_YEAR, parse_financial_year(fy), int(number))
    return None


def _parse_month(text: str) -> Period | None:
    match = _MONTH_NAMED.match(text)
    if match and match.group(1) in _MONTH_NAMES:
        year_text = match.group(2)
        year = int(year_text) + 2000 if len(year_text) == 2 else int(year_text)
        return month(year, _MONTH_NAMES[match.group(1)])
    return None
