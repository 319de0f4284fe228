"""Money is Decimal pounds to two places; these helpers parse and show it."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated

from pydantic import Field

PENNY = Decimal("0.01")


# Money columns hold 14 digits with 2 after the point: up to £999,999,999,999.99.
MONEY_MAX_DIGITS = 14
# An amount in an API body: 1e30, 1e999999, NaN, Infinity or 23 digits answer 422 by field (a
# negative amount is refused by the model or service, in the words that fit the amount).
Money = Annotated[
    Decimal, Field(max_digits=MONEY_MAX_DIGITS, decimal_places=2, allow_inf_nan=False)
]
TOO_LARGE = "{value!r} is too large: amounts of money go up to £{limit:,}."
NOT_MONEY = "{value!r} is not an amount of money"


def to_pounds(value, *, max_digits: int = MONEY_MAX_DIGITS) -> Decimal:
    """Parse 1234.5, "1,234.50", "£1,234.50" or "(1,234.50)" (negative) to Decimal pounds.

    Raises ValueError, with a message a user can act on, for anything that is not a finite amount
    that fits `max_digits` digits (two of them pence): "1e999999", "NaN", a 23-digit number.
    """
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("£", "")
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(NOT_MONEY.format(value=value)) from None
    if not amount.is_finite():
        raise ValueError(NOT_MONEY.format(value=value))
    limit = 10 ** (max_digits - 2)
    # Compared before rounding: quantize() of a huge exponent is itself an error.
    if abs(amount) >= limit:
        raise ValueError(TOO_LARGE.format(value=value, limit=limit - 1))
    amount = amount.quantize(PENNY, ROUND_HALF_UP)
    return -amount if negative else amount


def format_pounds(amount: Decimal, *, unit: str = "") -> str:
    """Show pounds as £1,234.56, or in thousands (unit "k": £1,235k) or millions ("m": £1.2m)."""
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if unit == "k":
        return f"{sign}£{(amount / 1000).quantize(Decimal(1), ROUND_HALF_UP):,}k"
    if unit == "m":
        return f"{sign}£{(amount / 1000000).quantize(Decimal('0.1'), ROUND_HALF_UP):,}m"
    if unit == "whole":
        return f"{sign}£{amount.quantize(Decimal(1), ROUND_HALF_UP):,}"
    return f"{sign}£{amount.quantize(PENNY, ROUND_HALF_UP):,}"
