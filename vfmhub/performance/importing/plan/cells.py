"""Reading one action's cells: the completion date as written, and the resource in £ or staff."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from vfmhub.lib.tabular import find_date

_MONEY = re.compile(r"£\s*(\d[\d,]*(?:\.\d+)?)\s*(k|m|bn|million|thousand)?\b", re.I)
_STAFF = re.compile(r"(\d+(?:\.\d+)?)\s*(?:FTE|full[- ]time equivalents?|posts?)\b", re.I)
_SCALE = {"k": 1000, "thousand": 1000, "m": 1_000_000, "million": 1_000_000, "bn": 10**9}
MOST_MONEY = Decimal("999999999999.99")
MOST_STAFF = Decimal("999999.99")


def completion_read(text: str) -> datetime.date | None:
    """The first date in the cell ("31 March 2009 (new structure in place)" → 31 March 2009);
    None when it names none ("Ongoing")."""
    return find_date(text) if text else None


def resource_read(text: str) -> tuple[Decimal | None, Decimal | None]:
    """The £ amount and the staff (full-time equivalents) a resource cell names, if any:
    "£25,000" → (25000, None); "0.5 FTE" → (None, 0.5); "Procurement Manager" → (None, None)."""
    amount = staff = None
    money = _MONEY.search(text)
    if money:
        amount = _decimal(money[1].replace(",", ""), _SCALE.get((money[2] or "").lower(), 1))
        if amount is not None and amount > MOST_MONEY:
            amount = None
    found = _STAFF.search(text)
    if found:
        staff = _decimal(found[1], 1)
        if staff is not None and staff > MOST_STAFF:
            staff = None
    return amount, staff


def _decimal(text: str, scale: int) -> Decimal | None:
    try:
        return (Decimal(text) * scale).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
