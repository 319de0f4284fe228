"""RAG ratings as data: ordered bands, each reaching as far as its limit from the target.

A rule lists two to five bands, best first. Each band but the last has a `limit`: the largest
shortfall against the target that still falls in it; the last band takes everything beyond.
The shortfall is how far the value is on the wrong side of the target:

- higher is better: target - value (a value above the target is a negative shortfall);
- lower is better: value - target (the mirror);
- neither: |value - target|, so a value either side of the target is measured the same way.

With the absolute method a limit is in the indicator's units; with the percent method it is a
percentage of the target's size (|target|). Comparisons multiply, never divide, so a zero target
never divides by zero: its limits are all zero, so only a value on the target (or better) takes the
first band, and any shortfall at all takes the last.

A value exactly on a band's limit is in that band (the kinder one): with the default rule and a
tolerance of 5, a value 5 below a target of 100 is amber, not red. No value or no target, no rating.
"""

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from vfmhub.performance.calculations.kinds import Polarity, Tolerance

MAX_BANDS = 5
RED, AMBER, GREEN = "#d4351c", "#f47738", "#00703c"  # the GOV.UK colours


@dataclass(frozen=True)
class Band:
    key: str
    name: str
    colour: str
    limit: Decimal | None = None


@dataclass(frozen=True)
class RagRule:
    """A rule's method and its bands, best first; the last band has no limit."""

    method: Tolerance
    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", Tolerance(self.method))
        problem = _problem(self.bands)
        if problem:
            raise ValueError(problem)


def _problem(bands: tuple[Band, ...]) -> str | None:
    if not 2 <= len(bands) <= MAX_BANDS:
        return f"A RAG rule has between 2 and {MAX_BANDS} bands"
    if len({band.key for band in bands}) != len(bands):
        return "Each band of a RAG rule needs its own key"
    if bands[-1].limit is not None:
        return "The last band takes every value beyond the others, so it has no limit"
    limits = [band.limit for band in bands[:-1] if band.limit is not None and band.limit >= 0]
    if len(limits) != len(bands) - 1:
        return "Every band but the last needs a limit of 0 or more"
    if any(later <= earlier for earlier, later in pairwise(limits)):
        return "Each band's limit must be larger than the one before"
    return None


def default_rule(tolerance: Decimal, method: Tolerance = Tolerance.ABSOLUTE) -> RagRule:
    """Green on target or better, amber within `tolerance` of it, red beyond."""
    return RagRule(
        method=method,
        bands=(
            Band("green", "Green", GREEN, Decimal(0)),
            Band("amber", "Amber", AMBER, tolerance),
            Band("red", "Red", RED),
        ),
    )


def shortfall(value: Decimal, target: Decimal, polarity: Polarity) -> Decimal:
    """How far `value` is on the wrong side of `target` (negative: better than the target)."""
    polarity = Polarity(polarity)
    if polarity is Polarity.HIGHER_IS_BETTER:
        return target - value
    if polarity is Polarity.LOWER_IS_BETTER:
        return value - target
    return abs(value - target)


def rag_band(
    value: Decimal | None, target: Decimal | None, rule: RagRule, polarity: Polarity
) -> Band | None:
    """The band `value` falls in against `target`; None when either is missing."""
    if value is None or target is None:
        return None
    gap = shortfall(value, target, polarity)
    for band in rule.bands[:-1]:
        if _within(gap, band.limit or Decimal(0), target, rule.method):
            return band
    return rule.bands[-1]


def _within(gap: Decimal, limit: Decimal, base: Decimal, method: Tolerance) -> bool:
    if method is Tolerance.PERCENT:
        return gap * 100 <= limit * abs(base)
    return gap <= limit
