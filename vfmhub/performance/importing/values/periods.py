"""Reading a value's period as a file writes it, onto the financial year (April to March).

The rule, for labels `performance.calculations.parse_period` does not read itself:

- What `parse_period` reads is taken as it reads it: "2019/20", "2016-17", "2019-2020" and
  "2019/2020" are financial years, "Q1 2020/21" a quarter, "Apr-20" a month, and a bare year
  "2020" is the financial year it starts (the calendar year 2020 overlaps 2020/21 by nine months
  and 2019/20 by three, so either reading gives the same year).
- ONS's run-together labels: "202021" (two consecutive years) is the financial year 2020/21;
  "201820" and "201618" (a span of three years or more, a rolling average) are read as spans.
- A span of months ("04/2021 - 03/2022", "09/2021 - 07/2022") becomes the financial year that
  shares the most months with it (a tie goes to the later year). A span of calendar years longer
  than two ("2018 - 2020", "201820", "2017 - 2019") becomes the financial year of its last year:
  the latest year it reports on, read as a bare year is.
- A single month "05/2021" is that month.
- Words after the period such as "revised" or "provisional", and "(r)" or "(p)", are left out.

Anything else is refused with its row and column.
"""

import re
from functools import lru_cache

from vfmhub.lib.years import MAX_YEAR, MIN_YEAR
from vfmhub.performance.calculations import Frequency, Period, month, parse_period

BAD_PERIOD = (
    "{text!r} is not a period this import can read: use a financial year such as 2019/20, a "
    "quarter such as Q1 2020/21, a month such as Apr-20, or a span such as 04/2021 - 03/2022."
)
_NOTE = re.compile(r"\s*(?:\((?:r|p|revised|provisional)\)|revised|provisional|final)$", re.I)
_RUN_TOGETHER = re.compile(r"^((?:19|20)\d{2})(\d{2})$")
_YEAR_SPAN = re.compile(r"^((?:19|20)\d{2})\s*[-–—/to ]+\s*((?:19|20)\d{2})$", re.I)
_MONTH_YEAR = r"(0?[1-9]|1[0-2])\s*/\s*((?:19|20)\d{2})"
_MONTH = re.compile(rf"^{_MONTH_YEAR}$")
_MONTH_SPAN = re.compile(rf"^{_MONTH_YEAR}\s*[-–—]+\s*{_MONTH_YEAR}$")


@lru_cache(maxsize=4096)  # a file repeats a few dozen labels thousands of times
def read_period(text: str) -> Period:
    """The period a cell names, by the module's rule; ValueError with BAD_PERIOD otherwise."""
    clean = _NOTE.sub("", " ".join(str(text).split()))
    if not clean:
        raise ValueError(BAD_PERIOD.format(text=text))
    try:
        return parse_period(clean)
    except ValueError:
        pass
    found = _other_period(clean)
    if found is None or not MIN_YEAR <= found.year <= MAX_YEAR:
        raise ValueError(BAD_PERIOD.format(text=text))
    return found


def _other_period(clean: str) -> Period | None:
    match = _RUN_TOGETHER.match(clean)
    if match:
        first = int(match.group(1))
        last = first // 100 * 100 + int(match.group(2))
        if last < first:
            last += 100
        return _year_span(first, last)
    match = _YEAR_SPAN.match(clean)
    if match:
        return _year_span(int(match.group(1)), int(match.group(2)))
    match = _MONTH.match(clean)
    if match:
        return month(int(match.group(2)), int(match.group(1)))
    match = _MONTH_SPAN.match(clean)
    if match:
        start = int(match.group(2)) * 12 + int(match.group(1)) - 1
        end = int(match.group(4)) * 12 + int(match.group(3)) - 1
        return _month_span(start, end)
    return None


def _year_span(first: int, last: int) -> Period | None:
    """Calendar years `first` to `last`: one year on (2020 to 2021) is the financial year
    2020/21; a longer span the financial year of its last year."""
    if last <= first:
        return None
    return Period(Frequency.YEAR, first if last == first + 1 else last, 1)


def _month_span(start: int, end: int) -> Period | None:
    """Months counted from year 0 (`year * 12 + month - 1`), both included: the financial year
    sharing the most months with the span, the later on a tie."""
    if end < start:
        return None
    shared: dict[int, int] = {}
    for index in range(start, end + 1):
        year, month_number = divmod(index, 12)
        financial_year = year if month_number >= 3 else year - 1  # April is month index 3
        shared[financial_year] = shared.get(financial_year, 0) + 1
    best = max(shared.items(), key=lambda item: (item[1], item[0]))[0]
    return Period(Frequency.YEAR, best, 1)
