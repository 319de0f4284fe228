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
RETURNED_MISSING = "Enter Y if the body sent a return, or N if it did not."
BAD_RETURNED = "{text!r} is not Y or N: enter Y if the body sent a return, or N if it did not."
FIGURES_MISSING = "Enter the cumulative value or at least one rating."
FIGURES_WITHOUT_RETURN = (
    "The row says the body sent no return, so it cannot have a value or a rating."
)
YES_NO = {
    **dict.fromkeys(("y", "yes", "true", "1", "returned", "received", "✓"), True),
    **dict.fromkeys(("n", "no", "false", "0", "not returned", "not received", "none"), False),
}

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
    blank: Decimal | None = Decimal(0),
) -> Decimal | None:
    """Pounds from "£1,234" or "(1,234)"; an error (and None) if it is not money or negative.
    A blank cell is an error when `required`, else `blank`."""
    if not text:
        if required:
            draft.error(location, VALUE_MISSING)
        return None if required else blank
    try:
        amount = to_pounds(text)
    except ValueError:
        draft.error(location, BAD_VALUE.format(text=text))
        return None
    if amount < 0:
        draft.error(location, negative)
        return None
    return amount


def _in_pounds(amount: Decimal | None, unit: Decimal) -> Decimal | None:
    return None if amount is None else amount * unit


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
        location = columns.location(row, index, columns.heading(index))
        rating = read_rating(text)
        if rating is None:
            draft.error(location, BAD_RATING.format(text=text))
            continue
        into.ratings[year] = rating
        into.rating_locations[year] = location


def _read_returned(row: SourceRow, columns: Columns, draft: ReturnsDraft) -> bool | None:
    """Whether the row's body returned: Y or N in the Returned column (a return when the file
    has no such column); None, with an error, for anything else."""
    if "returned" not in columns.named:
        return True
    text, at = columns.at(row, "returned")
    answer = YES_NO.get(text.strip().casefold())
    if answer is None:
        draft.error(at, RETURNED_MISSING if not text else BAD_RETURNED.format(text=text))
    return answer


def _read_kind(row: SourceRow, columns: Columns, draft: ReturnsDraft) -> str:
    kind_text, kind_at = columns.at(row, "kind")
    kind = KINDS.get(kind_text.strip().casefold(), "") if kind_text else ReturnKind.FORECAST.value
    if not kind:
        draft.error(kind_at, BAD_KIND.format(text=kind_text))
    return kind


def _read_return_year(row: SourceRow, columns: Columns, draft: ReturnsDraft) -> int | None:
    """The Year column's year; with no such column, the first year the file rates."""
    if "year" not in columns.named:
        return min(columns.ratings.values())
    year_text, year_at = columns.at(row, "year")
    return read_year(year_text, year_at, draft, YEAR_MISSING)


def _check_figures(
    made: DraftReturn, value: tuple[str, Location], draft: ReturnsDraft, columns: Columns
) -> None:
    """A body that returned gave a value or a rating; one that did not, neither."""
    value_text, value_at = value
    if not made.returned:
        if value_text or made.ratings:
            where = value_at if value_text else next(iter(made.rating_locations.values()))
            draft.error(where, FIGURES_WITHOUT_RETURN)
        return
    if made.value is None and not made.ratings and not value_text:
        where = value_at if "value" in columns.named else made.body_location
        draft.error(where, FIGURES_MISSING)


def return_row_read(row: SourceRow, columns: Columns, draft: ReturnsDraft) -> DraftReturn:
    body, body_at = columns.at(row, "body")
    if not body:
        draft.error(body_at, BODY_MISSING)
    returned = _read_returned(row, columns, draft)
    value_text, value_at = columns.at(row, "value")
    made = DraftReturn(
        location=columns.location(row, None),
        body_text=body,
        body_location=body_at,
        year_location=columns.at(row, "year")[1],
        year=_read_return_year(row, columns, draft),
        kind=_read_kind(row, columns, draft),
        value=_in_pounds(
            read_amount(value_text, value_at, draft, required=False, blank=None),
            columns.unit("value"),
        ),
        narrative=columns.at(row, "narrative")[0] if "narrative" in columns.named else "",
        returned=returned is not False,
    )
    _read_ratings(row, columns, draft, made)
    _check_figures(made, (value_text, value_at), draft, columns)
    return made


def returns_read(rows: list[SourceRow], columns: Columns, draft: ReturnsDraft) -> None:
    """Every row below the header becomes a draft return (errors noted on the way)."""
    for row in columns.data_rows(rows):
        draft.rows.append(return_row_read(row, columns, draft))
