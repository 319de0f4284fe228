"""Reading a value cell: numbers as councils and statisticians write them.

"1,335", "£12.50", "45%", " 7.6 ", "(12)" (a negative in accounts), "1.2e3". A cell that says
there is no value ("", "..", "x", "-", "n/a", "NA", ":", "*", "c", "[x]", "[c]", "[z]") is not an
error: the row is skipped and reported with its row, as statistical releases mark suppressed or
missing figures that way. More than six decimal places are rounded (half up) to six, as the
value is stored; a number too large for the store (over 14 digits before the point) is refused.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from vfmhub.performance.models import MAX_DIGITS, PLACES

NO_VALUE_MARKS = frozenset(
    {"", "..", "...", "x", "-", "–", "—", "n/a", "na", "n.a.", "nan", ":", "*", "c", "z", "u"}
    | {"[x]", "[c]", "[z]", "[u]", "[low]", "null", "none", "not available", "suppressed"}
)
NOT_A_NUMBER = "{text!r} is not a number."
TOO_LARGE = "{text!r} is too large: a value can have at most {digits} digits before the point."
_STEP = Decimal(1).scaleb(-PLACES)
_LARGEST = Decimal(10) ** (MAX_DIGITS - PLACES)
_STRIPPED = str.maketrans("", "", "£$€,% \u00a0")


class NoValue(Exception):
    """The cell says there is no value."""


def is_no_value(text: str) -> bool:
    return text.strip().casefold() in NO_VALUE_MARKS


def read_number(text: str) -> Decimal:
    """The cell's number, rounded to the stored places; NoValue for a blank or a mark of no
    value; ValueError (its message for the user) for anything else."""
    if is_no_value(text):
        raise NoValue
    clean = text.translate(_STRIPPED)
    negative = clean.startswith("(") and clean.endswith(")")
    if negative:
        clean = clean[1:-1]
    try:
        number = Decimal(clean)
    except InvalidOperation:
        raise ValueError(NOT_A_NUMBER.format(text=text)) from None
    if not number.is_finite():
        raise ValueError(NOT_A_NUMBER.format(text=text))
    if abs(number) >= _LARGEST:
        raise ValueError(TOO_LARGE.format(text=text, digits=MAX_DIGITS - PLACES))
    rounded = number.quantize(_STEP, rounding=ROUND_HALF_UP).normalize()
    if rounded == 0:
        rounded = Decimal(0)
    return -rounded if negative else rounded
