"""Where one body stands in its comparator group, and which quadrant of cost against performance
it falls in. Pure: lists of Decimals in, plain results out.

Quartiles are by linear interpolation between the closest ranks, the method of Excel's
QUARTILE.INC and numpy's default (`percentile(..., method="linear")`): the p-th quantile of n
sorted values x[0..n-1] sits at position h = (n - 1) * p, and is x[⌊h⌋] + (h - ⌊h⌋) ·
(x[⌊h⌋ + 1] - x[⌊h⌋]).

The statistics (median, quartiles, median absolute deviation) are of the whole group with the body
in it, as Oflog's are of every council including the one shown. The body's percentile is the
share of the *others* below it, a tie counting half.

Distance from the median in median absolute deviations is Oflog's measure of how unusual a value
is: (value − median) / MAD, where MAD is the median of |x − median| over the group. When at least
half the group shares one value the MAD is 0 and the distance is undefined (None), not infinite.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

HIGHER, LOWER, NEITHER = "higher", "lower", "neither"


def quantile(ordered: Sequence[Decimal], p: Decimal) -> Decimal:
    """The `p` quantile (0 to 1) of values already sorted, by linear interpolation."""
    if not ordered:
        raise ValueError("No values.")
    position = (len(ordered) - 1) * p
    below = int(position)
    fraction = position - below
    if below + 1 >= len(ordered):
        return ordered[-1]
    return ordered[below] + fraction * (ordered[below + 1] - ordered[below])


def median(values: Sequence[Decimal]) -> Decimal:
    return quantile(sorted(values), Decimal("0.5"))


@dataclass(frozen=True)
class Position:
    """How one value compares with the others: counts below, level and above."""

    below: int
    level: int
    above: int

    @property
    def others(self) -> int:
        return self.below + self.level + self.above

    @property
    def percentile(self) -> Decimal | None:
        """The share of the others below the value, ties half, as a percentage."""
        if not self.others:
            return None
        return (Decimal(self.below) + Decimal(self.level) / 2) * 100 / self.others


def position_among(others: Sequence[Decimal], value: Decimal) -> Position:
    return Position(
        below=sum(1 for x in others if x < value),
        level=sum(1 for x in others if x == value),
        above=sum(1 for x in others if x > value),
    )


@dataclass(frozen=True)
class Distribution:
    n: int
    median: Decimal
    lower_quartile: Decimal
    upper_quartile: Decimal
    minimum: Decimal
    maximum: Decimal
    mad: Decimal
    value: Decimal | None
    position: Position | None
    mads_from_median: Decimal | None

    @property
    def percentile(self) -> Decimal | None:
        return self.position.percentile if self.position else None


def distribution(others: Sequence[Decimal], value: Decimal | None) -> Distribution | None:
    """The group's statistics with the body's `value` in them (when it has one), and the body's
    place among the `others`. None when there is no value at all."""
    whole = sorted([*others, *([value] if value is not None else [])])
    if not whole:
        return None
    middle = quantile(whole, Decimal("0.5"))
    mad = median([abs(x - middle) for x in whole])
    mads = None
    if value is not None and mad:
        mads = (value - middle) / mad
    return Distribution(
        n=len(whole),
        median=middle,
        lower_quartile=quantile(whole, Decimal("0.25")),
        upper_quartile=quantile(whole, Decimal("0.75")),
        minimum=whole[0],
        maximum=whole[-1],
        mad=mad,
        value=value,
        position=position_among(others, value) if value is not None else None,
        mads_from_median=mads,
    )


def _count(number: int, noun: str = "other") -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def position_words(position: Position, polarity: str) -> str:
    """The body's place in plain words, polarity respected: "better than 12 of the 15 others in
    the group and worse than 3"; where neither direction is better, "higher" and "lower"."""
    if not position.others:
        return "There are no others in the group to compare with."
    good, bad = {
        HIGHER: ("better than", "worse than"),
        LOWER: ("better than", "worse than"),
    }.get(polarity, ("higher than", "lower than"))
    beaten, beaten_by = (
        (position.above, position.below) if polarity == LOWER else (position.below, position.above)
    )
    parts = [f"{good} {beaten} of the {_count(position.others)} in the group"]
    if position.level:
        parts.append(f"level with {position.level}")
    parts.append(f"{bad} {beaten_by}")
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def mads_words(mads: Decimal | None, mad: Decimal) -> str:
    if not mad:
        return (
            "Not defined: at least half the group has the same value, so the median absolute "
            "deviation is 0."
        )
    if mads is None:
        return "No value for this body."
    side = "above" if mads > 0 else "below" if mads < 0 else "at"
    if side == "at":
        return "At the median."
    return f"{abs(mads):.1f} median absolute deviations {side} the median"


# -- cost against performance ----------------------------------------------------------------------

ABOVE, BELOW, AT = "above", "below", "at"
GOOD, POOR, UNNAMED = "good", "poor", "unnamed"


@dataclass(frozen=True)
class Quadrant:
    """Where a body sits, split at the group medians. `cost` is above, below or at the median;
    `performance` is good (better than the median, polarity respected), poor, at (the median
    itself) or unnamed (the indicator has no better direction)."""

    cost: str
    performance: str
    performance_side: str

    @property
    def key(self) -> str:
        return f"{self.cost}-{self.performance}"

    @property
    def is_concern(self) -> bool:
        """Above average cost and below average performance: where a VFM review starts."""
        return self.cost == ABOVE and self.performance == POOR

    @property
    def words(self) -> str:
        cost = {
            ABOVE: "above average cost",
            BELOW: "below average cost",
            AT: "cost at the median",
        }[self.cost]
        if self.performance == UNNAMED:
            side = {ABOVE: "above", BELOW: "below", AT: "at"}[self.performance_side]
            return (
                f"{cost}, with a value {side} the median on an indicator where neither higher "
                "nor lower is better, so performance cannot be called better or worse"
            )
        performance = {
            GOOD: "above average performance",
            POOR: "below average performance",
            AT: "performance at the median",
        }[self.performance]
        return f"{cost} and {performance}"


def _side(value: Decimal, middle: Decimal) -> str:
    return ABOVE if value > middle else BELOW if value < middle else AT


def quadrant_of(
    cost: Decimal,
    performance: Decimal,
    *,
    cost_median: Decimal,
    performance_median: Decimal,
    polarity: str,
) -> Quadrant:
    """The quadrant of one body. A value exactly at a median is "at the median", in no quadrant
    on that axis: splitting ties one way or the other would name a quadrant the data does not
    support."""
    side = _side(performance, performance_median)
    if polarity not in (HIGHER, LOWER):
        verdict = UNNAMED
    elif side == AT:
        verdict = AT
    else:
        verdict = GOOD if (side == ABOVE) == (polarity == HIGHER) else POOR
    return Quadrant(cost=_side(cost, cost_median), performance=verdict, performance_side=side)
