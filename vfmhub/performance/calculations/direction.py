"""Direction of travel: against the previous period and the same period last year.

A change no larger than the "no real change" band is no real change; the band's edge counts as no
real change. An absolute band is in the indicator's units; a percent band is a percentage of the
earlier value's size (|earlier|), compared by multiplying, so an earlier value of zero only
allows no change at all. Where the indicator has a polarity the answer is improving or worsening,
else up or down. No earlier value (or no current one), no comparison.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from vfmhub.performance.calculations.kinds import Polarity, Tolerance
from vfmhub.performance.calculations.periods import Period


class Direction(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    UP = "up"
    DOWN = "down"
    NO_REAL_CHANGE = "no real change"
    NO_COMPARISON = "no comparison"


@dataclass(frozen=True)
class ChangeBand:
    """How large a change must be to count; the default counts any change."""

    size: Decimal = Decimal(0)
    method: Tolerance = Tolerance.ABSOLUTE

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", Tolerance(self.method))
        if self.size < 0:
            raise ValueError("A no real change band is 0 or more")


@dataclass(frozen=True)
class Travel:
    """A period's direction against the previous period and the same period last year."""

    period: Period
    against_previous: Direction
    against_last_year: Direction


def direction(
    current: Decimal | None,
    earlier: Decimal | None,
    polarity: Polarity,
    band: ChangeBand = ChangeBand(),
) -> Direction:
    """Which way `current` moved from `earlier`, in the words `polarity` allows."""
    if current is None or earlier is None:
        return Direction.NO_COMPARISON
    change = current - earlier
    if _no_real_change(change, earlier, band):
        return Direction.NO_REAL_CHANGE
    polarity = Polarity(polarity)
    if polarity is Polarity.NEITHER:
        return Direction.UP if change > 0 else Direction.DOWN
    better = change > 0 if polarity is Polarity.HIGHER_IS_BETTER else change < 0
    return Direction.IMPROVING if better else Direction.WORSENING


def _no_real_change(change: Decimal, earlier: Decimal, band: ChangeBand) -> bool:
    if band.method is Tolerance.PERCENT:
        return abs(change) * 100 <= band.size * abs(earlier)
    return abs(change) <= band.size


def travel(
    values: Mapping[Period, Decimal | None],
    period: Period,
    polarity: Polarity,
    band: ChangeBand = ChangeBand(),
) -> Travel:
    """`period`'s direction against the previous period and the same period last year."""
    current = values.get(period)
    return Travel(
        period=period,
        against_previous=direction(current, values.get(period.previous()), polarity, band),
        against_last_year=direction(
            current, values.get(period.same_period_last_year()), polarity, band
        ),
    )
