"""Rolling values of shorter periods (months, quarters) up into longer ones and the year to date.

A ratio indicator is always recomputed from its summed numerators and denominators, never the
mean of the parts' ratios. A part with no reading is missing: the result says so (`complete` is
False) rather than silently counting it as zero. What is made of the parts present:

- sum: the sum of the parts present (an under-count, hence `complete` False);
- mean: the mean of the parts present;
- last: the latest part present (the period's last part when it is there);
- ratio: the present parts' numerators summed over their denominators summed, times `scale`
  (100 for a percentage); no value when the denominators sum to zero.

No part at all gives no value. Values are not rounded here: round to the indicator's decimal
places with `rounded` before showing or comparing them with a target.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from vfmhub.performance.calculations.kinds import RollUp
from vfmhub.performance.calculations.periods import Frequency, Period


@dataclass(frozen=True)
class Reading:
    """One period's reading: a value, or for a ratio indicator its numerator and denominator."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @classmethod
    def of_ratio(cls, numerator: Decimal, denominator: Decimal) -> "Reading":
        return cls(numerator=numerator, denominator=denominator)

    def has_parts(self) -> bool:
        return self.numerator is not None and self.denominator is not None


@dataclass(frozen=True)
class Rolled:
    """A value made from the parts of a period (or of the year to date)."""

    period: Period
    value: Decimal | None
    complete: bool
    parts: tuple[Period, ...]
    missing: tuple[Period, ...]
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    year_to_date: bool = False


Readings = Mapping[Period, Reading]


def roll_up(
    readings: Readings,
    period: Period,
    rule: RollUp,
    *,
    frequency: Frequency = Frequency.MONTH,
    scale: Decimal = Decimal(1),
) -> Rolled:
    """`period`'s value from the readings of its parts of `frequency` (a quarter's months)."""
    return _rolled(readings, period, period.parts(frequency), rule, scale, year_to_date=False)


def roll_up_year_to_date(
    readings: Readings,
    period: Period,
    rule: RollUp,
    *,
    frequency: Frequency = Frequency.MONTH,
    scale: Decimal = Decimal(1),
) -> Rolled:
    """The year to date at the end of `period` (April to June for Q1) from parts of `frequency`."""
    parts = period.year_to_date(frequency)
    return _rolled(readings, period, parts, rule, scale, year_to_date=True)


def _rolled(
    readings: Readings,
    period: Period,
    parts: tuple[Period, ...],
    rule: RollUp,
    scale: Decimal,
    *,
    year_to_date: bool,
) -> Rolled:
    rule = RollUp(rule)
    present = [p for p in parts if _counts(readings.get(p), rule)]
    missing = tuple(p for p in parts if p not in present)
    numerator = denominator = None
    if rule is RollUp.RATIO:
        numerator, denominator, value = ratio_of([readings[p] for p in present], scale=scale)
    else:
        values = [_value(readings[p]) for p in present]
        value = combine(values, rule)
    return Rolled(
        period=period,
        value=value,
        complete=not missing and value is not None,
        parts=parts,
        missing=missing,
        numerator=numerator,
        denominator=denominator,
        year_to_date=year_to_date,
    )


def _counts(reading: Reading | None, rule: RollUp) -> bool:
    if reading is None:
        return False
    if rule is RollUp.RATIO:
        return reading.has_parts()
    return reading.value is not None


def _value(reading: Reading) -> Decimal:
    if reading.value is None:  # pragma: no cover - _counts has checked
        raise ValueError("A reading without a value")
    return reading.value


def combine(values: Sequence[Decimal], rule: RollUp) -> Decimal | None:
    """Sum, mean or last of `values` (in time order); None when there are none."""
    if not values:
        return None
    rule = RollUp(rule)
    if rule is RollUp.SUM:
        return sum(values, Decimal(0))
    if rule is RollUp.MEAN:
        return sum(values, Decimal(0)) / len(values)
    if rule is RollUp.LAST:
        return values[-1]
    raise ValueError("A ratio is recomputed from numerators and denominators: use ratio_of")


def ratio_of(
    readings: Sequence[Reading], *, scale: Decimal = Decimal(1)
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(summed numerator, summed denominator, their ratio times `scale`) of the readings with
    both parts; the ratio is None when there are none or the denominators sum to zero."""
    with_parts = [r for r in readings if r.has_parts()]
    if not with_parts:
        return None, None, None
    numerator = sum((r.numerator or Decimal(0) for r in with_parts), Decimal(0))
    denominator = sum((r.denominator or Decimal(0) for r in with_parts), Decimal(0))
    if denominator == 0:
        return numerator, denominator, None
    return numerator, denominator, numerator * scale / denominator


def rounded(value: Decimal | None, places: int) -> Decimal | None:
    """`value` to `places` decimal places, halves away from zero (2.345 -> 2.35); None stays."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
