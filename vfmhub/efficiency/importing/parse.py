"""Reading a returns file into draft rows: one row per body, year and kind of return.

Each cell is checked on its own here (a year, an amount, a rating); whether the body takes part
and whether the year belongs to the programme is `validate`'s business.
"""

from decimal import Decimal

from vfmhub.efficiency.importing.columns import Columns
from vfmhub.efficiency.importing.types import DraftReturn, Location, ReturnsDraft
from vfmhub.efficiency.models import Rating, ReturnKind
from vfmhub.lib.money import to_pounds
from vfmhub.lib.tabular import SourceRow
from vfmhub.lib.years import parse_financial_year

BODY_MISSING = "Enter the body's name or GSS code."
YEAR_MISSING = "Enter the year of the return, such as 2009/10."
BAD_YEAR = "{text!r} is not a financial year such as 2009/10."
BAD_KIND = "{text!r} is not a kind of return: use forecast, mid-year or outturn."
VALUE_MISSING = "Enter the cumulative value in pounds."
BAD_VALUE = "{text!r} is not an amount of money."
NEGATIVE_VALUE = "The cumulative value cannot be negative."
BAD_RATING = "{text!r} is not a rating: use G, A or R (Green, Amber, Red), or leave it blank."

RATINGS = {
    **{r.value.casefold(): r.value for r in Rating},
    **{r.label.casefold(): r.value for r in Rating},
}
KINDS = {
    **{k.value: k.value for k in ReturnKind},
    **{k.label.casefold(): k.value for k in ReturnKind},
    "mid year": ReturnKind.MID_YEAR.value,
    "midyear": ReturnKind.MID_YEAR.value,
}


def read_rating(text: str) -> str | None:
    """G/A/R or Green/Amber/Red in any case to G, A or R; None for anything else."""
    return RATINGS.get(text.strip().casefold())


def read_amount(
    text: str,
    location: Location,
    draft: ReturnsDraft,
    *,
    required: bool,
    negative: str = NEGATIVE_VALUE,
):
    """Pounds from "£1,234" or "(1,234)"; an error (and None) if it is not money or negative."""
    if not text:
        if required:
            draft.error(location, VALUE_MISSING)
        return None if required else Decimal(0)
    try:
        amount = to_pounds(text)
    except ValueError:
        draft.error(location, BAD_VALUE.format(text=text))
        return None
    if amount < 0:
        draft.error(location, negative)
        return None
    return amount


def read_year(text: str, location: Location, draft: ReturnsDraft, missing: str) -> int | None:
    if not text:
        draft.error(location, missing)
        return None
    try:
        return parse_financial_year(text)
    except ValueError:
        draft.error(location, BAD_YEAR.format(text=text))
        return None


def _read_ratings(row: SourceRow, columns: Columns, draft: ReturnsDraft, into: DraftReturn):
    for index, year in columns.ratings.items():
        text = row.cell(index)
        if not text:
            continue
        location = Location(row.number, None, index, columns.heading(index))
        rating = read_rating(text)
        if rating is None:
            draft.error(location, BAD_RATING.format(text=text))
            continue
        into.ratings[year] = rating
        into.rating_locations[year] = location


def return_row_read(row: SourceRow, columns: Columns, draft: ReturnsDraft) -> DraftReturn:
    body, body_at = columns.at(row, "body")
    if not body:
        draft.error(body_at, BODY_MISSING)
    year_text, year_at = columns.at(row, "year")
    value_text, value_at = columns.at(row, "value")
    kind_text, kind_at = columns.at(row, "kind")
    kind = KINDS.get(kind_text.strip().casefold(), "") if kind_text else ReturnKind.FORECAST.value
    if not kind:
        draft.error(kind_at, BAD_KIND.format(text=kind_text))
    made = DraftReturn(
        location=Location(row=row.number),
        body_text=body,
        body_location=body_at,
        year_location=year_at,
        year=read_year(year_text, year_at, draft, YEAR_MISSING),
        kind=kind,
        value=read_amount(value_text, value_at, draft, required=True),
        narrative=columns.at(row, "narrative")[0] if "narrative" in columns.named else "",
    )
    _read_ratings(row, columns, draft, made)
    return made


def returns_read(rows: list[SourceRow], columns: Columns, draft: ReturnsDraft) -> None:
    """Every non-blank row below the header becomes a draft return (errors noted on the way)."""
    for row in rows:
        if row.number <= columns.header.number or row.is_blank:
            continue
        draft.rows.append(return_row_read(row, columns, draft))
