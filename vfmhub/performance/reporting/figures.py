"""Figures as a snapshot keeps them: the raw value (a decimal as a string, so nothing is lost)
and the text the report shows, so rendering a snapshot never formats a number again."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from vfmhub.lib.money import format_pounds

DASH = "–"

Figure = dict[str, Any]


def figure(raw: Decimal | int | None, text: str) -> Figure:
    """`{"raw": "1234.50", "text": "£1,235k"}`; a missing value is `{"raw": None, "text": "–"}`."""
    if raw is None:
        return {"raw": None, "text": DASH}
    return {"raw": str(raw), "text": text}


def pounds(amount: Decimal | None, unit: str = "k") -> Figure:
    return figure(amount, "" if amount is None else format_pounds(amount, unit=unit))


def signed_pounds(amount: Decimal | None, unit: str = "k") -> Figure:
    """A variance: "+£12k" for an overspend, "-£3k" for an underspend."""
    if amount is None:
        return figure(None, "")
    text = format_pounds(amount, unit=unit)
    return figure(amount, text if amount < 0 else f"+{text}")


def percent(value: Decimal | None, places: int = 1, *, signed: bool = False) -> Figure:
    if value is None:
        return figure(None, "")
    shown = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    sign = "+" if signed and shown > 0 else ""
    return figure(value, f"{sign}{shown:,}%")


def number(value: Decimal | int | None, places: int = 0) -> Figure:
    if value is None:
        return figure(None, "")
    shown = Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return figure(value, f"{shown:,}")


def count(value: int) -> Figure:
    return figure(value, f"{value:,}")


def indicator_value(value: Decimal | None, *, data_type: str, places: int, unit: str) -> Figure:
    """An indicator's value as its definition shows it: 45.2%, £1,234, 12.5 days, Yes."""
    if value is None:
        return figure(None, "")
    if data_type == "yes_no":
        return figure(value, "Yes" if value else "No")
    if data_type == "money":
        return figure(value, format_pounds(value, unit="whole" if places == 0 else ""))
    shown = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if data_type == "percent":
        return figure(value, f"{shown:,}%")
    suffix = f" {unit}" if unit and unit not in ("£", "%") else ""
    return figure(value, f"{shown:,}{suffix}")
