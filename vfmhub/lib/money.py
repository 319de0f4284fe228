"""Money is Decimal pounds to two places; these helpers parse and show it."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")


def to_pounds(value) -> Decimal:
    """Parse 1234.5, "1,234.50", "£1,234.50" or "(1,234.50)" (negative) to Decimal pounds."""
    if isinstance(value, Decimal):
        return value.quantize(PENNY, ROUND_HALF_UP)
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("£", "")
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount of money") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount of money")
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
