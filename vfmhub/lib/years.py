"""Financial years run 1 April to 31 March and are stored as the starting calendar year."""

import datetime
import re
from typing import Annotated

from django.core.exceptions import ValidationError
from pydantic import Field

# Years the service deals in: a year outside these is a typing slip (0, 71853), not a plan. Every
# year field, form field, API field and parameter, and file importer uses these bounds.
MIN_YEAR, MAX_YEAR = 1990, 2100
OUT_OF_RANGE = "{year} is not a year between {first} and {last}."
ENTER_A_YEAR = f"Enter a year between {MIN_YEAR} and {MAX_YEAR}, such as 2009 for 2009/10."

# A year in an API body, query or path: outside the bounds, the request answers 422 by field.
FinancialYear = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
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
    """`year` if it lies between MIN_YEAR and MAX_YEAR; ValueError otherwise."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(OUT_OF_RANGE.format(year=year, first=MIN_YEAR, last=MAX_YEAR))
    return year


def validate_year(value: int) -> None:
    """A model field's validator: a year outside MIN_YEAR..MAX_YEAR is a field error."""
    try:
        year_checked(value)
    except ValueError as error:
        raise ValidationError(str(error), code="year_out_of_range") from None


def year_or_none(text) -> int | None:
    """`text` (such as a `?year=` value) as a year between MIN_YEAR and MAX_YEAR, else None."""
    text = str(text if text is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
