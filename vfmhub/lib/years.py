"""Financial years run 1 April to 31 March and are stored as the starting calendar year."""

import datetime
import re

# Years the service deals in: a year outside these is a typing slip (0, 71853), not a plan.
FIRST_YEAR, LAST_YEAR = 1990, 2100
OUT_OF_RANGE = "{year} is not a year between {first} and {last}."
_LABEL = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


def financial_year_label(year: int) -> str:
    """2008 -> "2008/09"."""
    return f"{year}/{(year + 1) % 100:02d}"


def financial_year_of(day: datetime.date) -> int:
    """The financial year a date falls in: 31 March 2009 is in 2008/09, 1 April 2009 in 2009/10."""
    return day.year if day.month >= 4 else day.year - 1


def parse_financial_year(text: str) -> int:
    """Read "2008/09", "2008-09", "2008/2009" or "2008" as 2008."""
    text = str(text).strip()
    if text.isdigit() and len(text) == 4:
        return year_checked(int(text))
    match = _LABEL.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a financial year such as 2008/09")
    start, end = int(match.group(1)), match.group(2)
    expected = (start + 1) % 100 if len(end) == 2 else start + 1
    if int(end) != expected:
        raise ValueError(f"{text!r} is not a financial year: the second year must follow the first")
    return year_checked(start)


def year_checked(year: int) -> int:
    """`year` if it lies between FIRST_YEAR and LAST_YEAR; ValueError otherwise."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(OUT_OF_RANGE.format(year=year, first=FIRST_YEAR, last=LAST_YEAR))
    return year


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
