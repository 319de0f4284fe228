"""Generator steps: national indicator values the benchmark pages compare (orders 805 and 810).

- The Oflog adult social care measures (ASC1-ASC7) for every demo body that delivers adult social
  care (counties, unitaries, metropolitan and London boroughs), for the outturn years. Each
  measure follows the body's adult social care spend per head, more or less closely and some
  against it, so the cost-against-performance quadrant has bodies in all four quarters.
- A few ONS subnational indicators (pay, employment, household income, qualifications) for every
  council, following its deprivation: the nearest-neighbour model may use them.

Both need the national definitions (`vfmhub load-indicators`, which `make demo` runs first);
without them the step says so and writes nothing. Values are approved, version 1, with no one
as their author; a body and indicator already holding a year's value is left alone.
"""

import math
import statistics
from dataclasses import dataclass
from decimal import Decimal

from vfmhub.benchmarking.demo.reference import outturn_years
from vfmhub.benchmarking.models import ReferenceValue, area_class_of
from vfmhub.demo.generator import DemoContext, demo_step
from vfmhub.organisations.models import BodyType
from vfmhub.performance.calculations import Frequency, Period
from vfmhub.performance.demo.values import VALUE_KEY, create_scoped, entered_at
from vfmhub.performance.models import Indicator, IndicatorValue, ValueStatus

ADULT_SOCIAL_CARE = (
    BodyType.COUNTY,
    BodyType.UNITARY,
    BodyType.METROPOLITAN,
    BodyType.LONDON_BOROUGH,
)
COUNCILS = (BodyType.DISTRICT, *ADULT_SOCIAL_CARE)
ASC_SOURCE = "Oflog adult social care measures (demonstration figures)"
ONS_SOURCE = "ONS subnational indicators (demonstration figures)"
NO_DEFINITIONS = (
    "{what}: the national indicator definitions are not loaded, so no values were made "
    "(run `vfmhub load-indicators`, then `vfmhub generate` again)."
)
# Deprivation as a standard score, from the overall deprivation score (figures.py's imd domain).
IMD_LEVEL, IMD_PER_UNIT = 20.0, 7.0


@dataclass(frozen=True)
class Shape:
    """A measure's typical level and spread across councils, how closely it follows its driver
    (spend per head, or deprivation; negative: against it), its trend a year, and bounds."""

    level: float
    spread: float
    follows: float
    trend: float = 0.0
    low: float = 0.0
    high: float = math.inf


ASC_SHAPES = {
    "ASC1": Shape(7.3, 0.4, 0.35, 0.0, 5.0, 12.0),
    "ASC2": Shape(19.0, 0.45, 0.5, 0.0, 15.0, 24.0),
    "ASC3": Shape(67.0, 4.0, 0.25, 0.0, 0.0, 100.0),
    "ASC4": Shape(57.0, 5.0, -0.2, 0.0, 0.0, 100.0),
    "ASC5": Shape(77.0, 7.0, -0.5, 0.0, 0.0, 100.0),
    "ASC6": Shape(900.0, 250.0, 0.5, 0.01),
    "ASC7": Shape(25.0, 5.0, -0.3, 0.0, 0.0, 100.0),
}
ONS_SHAPES = {
    "PAYweekMEDIAN": Shape(640.0, 70.0, -0.6, 0.04),
    "RateEmployment": Shape(75.5, 3.5, -0.7, 0.0, 0.0, 100.0),
    "GDHIperhead": Shape(22_000.0, 3_000.0, -0.6, 0.03),
    "Level3+Qualifications": Shape(61.0, 6.0, -0.6, 0.008, 0.0, 100.0),
}


@demo_step(order=805, label="Adult social care measures", models=(IndicatorValue,))
def adult_social_care_measures(ctx: DemoContext) -> None:
    indicators = _national(ASC_SHAPES)
    if not indicators:
        print(NO_DEFINITIONS.format(what="Adult social care measures"))
        return
    bodies = _bodies(ctx, ADULT_SOCIAL_CARE)
    years = outturn_years()
    drivers = _spend_per_head([code for code, _ in bodies], years)
    rng = ctx.rng("benchmarking-adult-social-care")
    wanted = _drawn(indicators, ASC_SHAPES, bodies, drivers, years, rng, ASC_SOURCE)
    create_scoped(IndicatorValue, wanted, VALUE_KEY, indicator__in=list(indicators.values()))


@demo_step(order=810, label="Area indicators", models=(IndicatorValue,))
def area_indicators(ctx: DemoContext) -> None:
    indicators = _national(ONS_SHAPES)
    if not indicators:
        print(NO_DEFINITIONS.format(what="Area indicators"))
        return
    bodies = _bodies(ctx, COUNCILS)
    years = outturn_years()
    level = _deprivation([code for code, _ in bodies])
    drivers = {code: dict.fromkeys(years, z) for code, z in level.items()}
    rng = ctx.rng("benchmarking-area-indicators")
    wanted = _drawn(indicators, ONS_SHAPES, bodies, drivers, years, rng, ONS_SOURCE)
    create_scoped(IndicatorValue, wanted, VALUE_KEY, indicator__in=list(indicators.values()))


def _national(shapes: dict[str, Shape]) -> dict[str, Indicator]:
    found = Indicator.objects.filter(owner=None, code__in=list(shapes))
    return {i.code: i for i in found}


def _bodies(ctx: DemoContext, kinds: tuple[str, ...]) -> list[tuple[str, int]]:
    """(GSS code, organisation id) of the demo bodies of `kinds`, in code order."""
    return sorted(
        (code, organisation.pk)
        for code, organisation in ctx.organisations.items()
        if organisation.body_type in kinds
    )


def _spend_per_head(codes: list[str], years: list[int]) -> dict[str, dict[int, float]]:
    """Each body's adult social care spend per head, as a standard score within its year and
    class (counties apart from single-tier councils and London boroughs, as they are compared)."""
    spend = ReferenceValue.objects.filter(
        measure__code="outturn.adult_social_care", gss_code__in=codes, year__in=years
    ).values_list("gss_code", "year", "value")
    people = dict(
        ReferenceValue.objects.filter(
            measure__code="population", gss_code__in=codes, year=2021
        ).values_list("gss_code", "value")
    )
    per_head: dict[tuple[int, str], dict[str, float]] = {}
    for code, year, value in spend:
        if people.get(code):
            group = per_head.setdefault((year, area_class_of(code)), {})
            group[code] = float(value) * 1000 / float(people[code])
    scores: dict[str, dict[int, float]] = {}
    for (year, _), by_code in per_head.items():
        if len(by_code) < 2:
            continue
        mean, spread = statistics.fmean(by_code.values()), statistics.pstdev(by_code.values())
        for code, per_person in by_code.items():
            scores.setdefault(code, {})[year] = (per_person - mean) / (spread or 1)
    return scores


def _deprivation(codes: list[str]) -> dict[str, float]:
    scores = ReferenceValue.objects.filter(
        measure__code="imd.imd.average_score", gss_code__in=codes, year=2019
    ).values_list("gss_code", "value")
    return {code: (float(value) - IMD_LEVEL) / IMD_PER_UNIT for code, value in scores}


def _drawn(
    indicators: dict[str, Indicator],
    shapes: dict[str, Shape],
    bodies: list[tuple[str, int]],
    drivers: dict[str, dict[int, float]],
    years: list[int],
    rng,
    source: str,
) -> list[IndicatorValue]:
    """A value for each indicator, body (with a driver) and year: the driver's share of the
    spread as the shape says, the body's own part steady over the years, a little noise."""
    wanted = []
    for code, indicator in sorted(indicators.items()):
        shape = shapes[code]
        own = math.sqrt(1 - shape.follows**2)
        places = indicator.decimal_places
        for gss_code, organisation_id in bodies:
            if gss_code not in drivers:
                continue
            steady = rng.gauss(0, 1)
            for index, year in enumerate(years):
                if year not in drivers[gss_code]:
                    continue
                z = shape.follows * drivers[gss_code][year] + own * (
                    0.9 * steady + 0.45 * rng.gauss(0, 1)
                )
                level = shape.level * (1 + shape.trend) ** (index - len(years) + 1)
                value = min(max(level + shape.spread * z, shape.low), shape.high)
                wanted.append(_value(indicator, organisation_id, year, value, places, source))
    return wanted


def _value(
    indicator: Indicator, organisation_id: int, year: int, value: float, places: int, source: str
) -> IndicatorValue:
    return IndicatorValue(
        indicator=indicator,
        organisation_id=organisation_id,
        frequency=Frequency.YEAR.value,
        year=year,
        period_index=1,
        value=Decimal(f"{value:.{places}f}"),
        status=ValueStatus.APPROVED,
        source=source,
        entered_at=entered_at(Period(Frequency.YEAR, year, 1)),
    )
