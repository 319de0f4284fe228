"""The NI 179 arithmetic, pure and in Decimal: cumulative targets, what a gain counts for, and the
figures council tax bills carried.

NI 179 is a stock: a year's value is the net value of the cash-releasing gains still live that
year. A gain first counts in its `first_year` and stops counting from its `removed_from_year`; a
gain must be sustained for two full years after its first year (DOMAIN.md), so one first counting in
2008/09 is checked on 31 March 2011.

The functions take anything shaped like a `Gain` (duck typing), so they need no database.
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from vfmhub.lib.years import financial_year_of

ONE_PLACE = Decimal("0.1")
PENNY = Decimal("0.01")
WHOLE = Decimal(1)
HUNDRED = Decimal(100)
CHECK_COMING_DAYS = 90

ADDED = "added"
COMPOUNDED = "compounded"
UNKNOWN_METHOD = "Unknown target method {method!r}: use added or compounded."


class GainLike(Protocol):
    is_cash_releasing: bool
    first_year: int
    removed_from_year: int | None
    persistence_confirmed_on: datetime.date | None

    @property
    def net_annual_value(self) -> Decimal: ...


def cumulative_target_percents(percents: Sequence[Decimal], method: str) -> list[Decimal]:
    """Each year's cumulative target, unrounded: added 3 + 3 + 3.4 = 9.4; compounded
    (1.03 × 1.03 × 1.03 − 1) × 100 = 9.2727."""
    if method == ADDED:
        running = Decimal(0)
        added = []
        for percent in percents:
            running += Decimal(percent)
            added.append(running)
        return added
    if method == COMPOUNDED:
        factor = Decimal(1)
        compounded = []
        for percent in percents:
            factor *= 1 + Decimal(percent) / HUNDRED
            compounded.append((factor - 1) * HUNDRED)
        return compounded
    raise ValueError(UNKNOWN_METHOD.format(method=method))


def round_percent(value: Decimal) -> Decimal:
    """One decimal place, half up (6.09 → 6.1), as the targets and council tax bills show it."""
    return Decimal(value).quantize(ONE_PLACE, ROUND_HALF_UP)


def target_amounts(baseline: Decimal, cumulative_percents: Iterable[Decimal]) -> list[Decimal]:
    """The cumulative target in pounds for each year: baseline × percent / 100, to the penny."""
    return [
        (Decimal(baseline) * Decimal(percent) / HUNDRED).quantize(PENNY, ROUND_HALF_UP)
        for percent in cumulative_percents
    ]


def gain_counts_in(gain: GainLike, year: int) -> bool:
    """Whether a gain counts towards `year`: cash-releasing, begun, and not yet removed."""
    if not gain.is_cash_releasing or gain.first_year > year:
        return False
    return gain.removed_from_year is None or year < gain.removed_from_year


def cumulative_value(
    gains: Iterable[GainLike], year: int, carry_forward: Decimal = Decimal(0)
) -> Decimal:
    """NI 179 for `year`: the net value of gains counting that year, plus any carry-forward."""
    total = sum((gain.net_annual_value for gain in gains if gain_counts_in(gain, year)), Decimal(0))
    return Decimal(total) + Decimal(carry_forward)


def check_date_of(first_year: int) -> datetime.date:
    """The end of the second full year after the first: 31 March of first_year + 3."""
    return datetime.date(first_year + 3, 3, 31)


def persistence_check_date(gain: GainLike) -> datetime.date:
    return check_date_of(gain.first_year)


def last_first_year_due(today: datetime.date) -> int:
    """The latest first year whose persistence check is due on `today`: its 31 March of
    first_year + 3 has passed, so `today` is in financial year first_year + 3 or later. The one
    statement of the rule: the register's status, its filters and the API all use it."""
    return financial_year_of(today) - 3


def first_year_coming(today: datetime.date) -> int | None:
    """The first year whose check falls within the next 90 days, if any: only the year whose
    check ends the current financial year can."""
    year = last_first_year_due(today) + 1
    return year if (check_date_of(year) - today).days <= CHECK_COMING_DAYS else None


def _needs_check(gain: GainLike) -> bool:
    return gain.persistence_confirmed_on is None and gain.removed_from_year is None


def persistence_check_due(gain: GainLike, today: datetime.date) -> bool:
    """Whether the two full years have passed and nobody has confirmed or removed the gain."""
    return _needs_check(gain) and gain.first_year <= last_first_year_due(today)


def persistence_check_coming(gain: GainLike, today: datetime.date) -> bool:
    """Whether the check falls within the next 90 days (a warning before it is due)."""
    return _needs_check(gain) and gain.first_year == first_year_coming(today)


def persistence_status(gain: GainLike, today: datetime.date) -> str:
    """One word for the register: removed, confirmed, due, coming or live."""
    if gain.removed_from_year is not None:
        return "removed"
    if gain.persistence_confirmed_on is not None:
        return "confirmed"
    if persistence_check_due(gain, today):
        return "due"
    if persistence_check_coming(gain, today):
        return "coming"
    return "live"


def difference(value: Decimal | None, other: Decimal | None) -> Decimal | None:
    """`value` less `other`; None without both."""
    if value is None or other is None:
        return None
    return value - other


def percent_of_baseline(value: Decimal | None, baseline: Decimal | None) -> Decimal | None:
    """The value as a percentage of the baseline, one place; None without both."""
    if value is None or not baseline:
        return None
    return round_percent(Decimal(value) * HUNDRED / Decimal(baseline))


def per_band_d(value: Decimal | None, band_d_equivalents: Decimal | None) -> Decimal | None:
    """The value per Band D equivalent to the nearest pound; None without a tax base."""
    if value is None or not band_d_equivalents:
        return None
    return (Decimal(value) / Decimal(band_d_equivalents)).quantize(WHOLE, ROUND_HALF_UP)


def average(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the values given (None skipped), to the nearest pound; None if none."""
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return None
    return (sum(present, Decimal(0)) / len(present)).quantize(WHOLE, ROUND_HALF_UP)
