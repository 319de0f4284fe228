"""One indicator at one report quarter: which period is shown, its value, target, RAG band,
direction of travel, year to date and year-end forecast, from plain readings and targets.

The period shown for a report's quarter (Q3 2024/25, say) follows the indicator's frequency:

- monthly: the quarter itself, rolled up from its months by the indicator's rule;
- quarterly: the quarter;
- half-yearly: the latest half ended by the quarter's end (H1 at Q2 and Q3, H2 at Q4, last year's
  H2 at Q1);
- yearly: the latest year with a value no later than the report's year (annual figures are
  published late), else the report's year itself.

Directions compare the shown period with the one before it and the same period a year earlier,
both made the same way. A target is the shown period's own target, else one rolled up from the
targets of its parts (months) by the same rule, else (for mean, last and ratio rules, whose
year's figure is a level rather than a total) the year's target.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from vfmhub.performance.calculations.direction import ChangeBand, Direction, direction
from vfmhub.performance.calculations.forecast import forecast_year_end
from vfmhub.performance.calculations.kinds import Polarity, RollUp
from vfmhub.performance.calculations.periods import Frequency, Period
from vfmhub.performance.calculations.rag import Band, RagRule, rag_band
from vfmhub.performance.calculations.rollup import (
    Reading,
    Readings,
    combine,
    roll_up,
    roll_up_year_to_date,
    rounded,
)


@dataclass(frozen=True)
class Definition:
    """What the evaluation needs to know of an indicator."""

    frequency: Frequency
    rollup: RollUp
    polarity: Polarity
    decimal_places: int = 1
    ratio_scale: Decimal = Decimal(1)
    change_band: ChangeBand = field(default_factory=ChangeBand)


@dataclass(frozen=True)
class Evaluation:
    period: Period
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    complete: bool
    derived: bool
    target: Decimal | None
    band: Band | None
    against_previous: Direction
    against_last_year: Direction
    previous: Decimal | None
    last_year: Decimal | None
    year_to_date: Decimal | None
    forecast: Decimal | None
    forecast_is_forecast: bool


def shown_period(frequency: Frequency, year: int, quarter: int, readings: Readings) -> Period:
    """The period of `frequency` a report for Q`quarter` of `year` shows (see the module)."""
    frequency = Frequency(frequency)
    if frequency in (Frequency.MONTH, Frequency.QUARTER):
        return Period(Frequency.QUARTER, year, quarter)
    if frequency is Frequency.HALF_YEAR:
        if quarter == 1:
            return Period(Frequency.HALF_YEAR, year - 1, 2)
        return Period(Frequency.HALF_YEAR, year, 2 if quarter == 4 else 1)
    with_values = [p.year for p in readings if p.frequency is Frequency.YEAR and p.year <= year]
    return Period(Frequency.YEAR, max(with_values, default=year), 1)


def value_of(definition: Definition, readings: Readings, period: Period) -> Reading | None:
    """`period`'s reading: its own, or rolled up from the parts of the indicator's frequency."""
    parts_frequency = Frequency(definition.frequency)
    if period.frequency is parts_frequency:
        return _own(definition, readings.get(period))
    rolled = roll_up(
        readings, period, definition.rollup, frequency=parts_frequency, scale=definition.ratio_scale
    )
    if rolled.value is None:
        return None
    return Reading(rolled.value, rolled.numerator, rolled.denominator)


def _own(definition: Definition, reading: Reading | None) -> Reading | None:
    """A period's own reading; a ratio stored only as its parts gets its value from them."""
    if reading is None or reading.value is not None or not reading.has_parts():
        return reading
    numerator, denominator = reading.numerator or Decimal(0), reading.denominator or Decimal(0)
    if denominator == 0:
        return None
    value = numerator * definition.ratio_scale / denominator
    return Reading(value, reading.numerator, reading.denominator)


def target_of(
    definition: Definition, targets: Mapping[Period, Decimal], period: Period
) -> Decimal | None:
    """`period`'s target: its own, rolled up from its parts' targets, or the year's level."""
    if period in targets:
        return targets[period]
    rule = RollUp(definition.rollup)
    parts_frequency = Frequency(definition.frequency)
    if parts_frequency.months < period.frequency.months:
        parts = [targets.get(p) for p in period.parts(parts_frequency)]
        if all(t is not None for t in parts):
            combined = combine([t for t in parts if t is not None], _target_rule(rule))
            if combined is not None:
                return combined
    if rule is not RollUp.SUM:
        return targets.get(period.financial_year())
    return None


def _target_rule(rule: RollUp) -> RollUp:
    return RollUp.MEAN if rule is RollUp.RATIO else rule


def evaluate(
    definition: Definition,
    readings: Readings,
    targets: Mapping[Period, Decimal],
    rule: RagRule | None,
    *,
    year: int,
    quarter: int,
    entered_forecast: Decimal | None = None,
) -> Evaluation:
    """Everything a report shows of one indicator for Q`quarter` of `year`."""
    period = shown_period(definition.frequency, year, quarter, readings)
    return evaluate_period(
        definition, readings, targets, rule, period, entered_forecast=entered_forecast
    )


def evaluate_period(
    definition: Definition,
    readings: Readings,
    targets: Mapping[Period, Decimal],
    rule: RagRule | None,
    period: Period,
    *,
    entered_forecast: Decimal | None = None,
) -> Evaluation:
    """Everything shown of one indicator for one `period` (a trend chart's point, or a report)."""
    places = definition.decimal_places
    reading = value_of(definition, readings, period)
    value = rounded(reading.value, places) if reading else None
    previous = _rounded_value(definition, readings, period.previous())
    last_year = _rounded_value(definition, readings, period.same_period_last_year())
    target = rounded(target_of(definition, targets, period), places)
    band = rag_band(value, target, rule, definition.polarity) if rule else None
    ytd, forecast, is_forecast = _year_figures(definition, readings, period)
    if entered_forecast is not None:
        forecast, is_forecast = entered_forecast, True
    return Evaluation(
        period=period,
        value=value,
        numerator=reading.numerator if reading else None,
        denominator=reading.denominator if reading else None,
        complete=_complete(definition, readings, period),
        derived=period.frequency is not Frequency(definition.frequency),
        target=target,
        band=band,
        against_previous=direction(value, previous, definition.polarity, definition.change_band),
        against_last_year=direction(value, last_year, definition.polarity, definition.change_band),
        previous=previous,
        last_year=last_year,
        year_to_date=rounded(ytd, places),
        forecast=rounded(forecast, places),
        forecast_is_forecast=is_forecast,
    )


def _rounded_value(definition: Definition, readings: Readings, period: Period) -> Decimal | None:
    reading = value_of(definition, readings, period)
    return rounded(reading.value, definition.decimal_places) if reading else None


def _complete(definition: Definition, readings: Readings, period: Period) -> bool:
    parts_frequency = Frequency(definition.frequency)
    if period.frequency is parts_frequency:
        return period in readings
    return all(part in readings for part in period.parts(parts_frequency))


def _year_figures(
    definition: Definition, readings: Readings, period: Period
) -> tuple[Decimal | None, Decimal | None, bool]:
    """(year to date, year-end forecast, whether it is a forecast) at the end of `period`."""
    parts_frequency = Frequency(definition.frequency)
    if parts_frequency is Frequency.YEAR:
        return None, None, False
    made = forecast_year_end(
        readings,
        period,
        definition.rollup,
        frequency=parts_frequency,
        scale=definition.ratio_scale,
    )
    ytd = roll_up_year_to_date(
        readings, period, definition.rollup, frequency=parts_frequency, scale=definition.ratio_scale
    )
    return ytd.value, made.value, made.is_forecast
