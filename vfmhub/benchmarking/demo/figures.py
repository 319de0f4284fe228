"""Invented reference figures for the demo bodies: drawn, not written (reference.py writes them).

Every area gets a deprivation level (a standard score: 0 is a typical English council, higher is
more deprived) drawn first; the deprivation domains, the density and the spend per head all follow
from it with noise, so they correlate as real figures do. Populations sit in each class's real
range; a county's area figures (population, hectares, deprivation) are its districts' together,
and its fire authority covers the same area. Spend per head is near England's levels by service
and class, only on the services the class delivers, drifting from year to year.
"""

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from vfmhub.demo.plan import BodyPlan, DemoPlan
from vfmhub.organisations.models import BodyType

CENSUS_YEARS = (2011, 2021)
IMD_YEARS = (2019, 2025)
OUTTURN_YEARS = 8
ENGLAND = {"latitude": (50.2, 55.6), "longitude": (-5.5, 1.6)}
# An invented region's centre, in England's shape: south-east, north-west, north, Midlands, ...
REGION_CENTRES = (
    (51.4, -0.6),
    (53.6, -2.6),
    (53.8, -1.4),
    (52.5, -1.9),
    (52.3, 0.6),
    (52.9, -1.1),
    (51.5, -0.12),
    (50.9, -3.3),
    (54.8, -1.7),
)
# Population (people, 2021): the class's range, and the centre of its log-normal draw.
POPULATION: dict[str, tuple[int, int, int]] = {
    BodyType.DISTRICT: (60_000, 180_000, 105_000),
    BodyType.UNITARY: (120_000, 550_000, 260_000),
    BodyType.METROPOLITAN: (150_000, 1_100_000, 300_000),
    BodyType.LONDON_BOROUGH: (150_000, 400_000, 270_000),
    BodyType.COUNTY: (500_000, 1_400_000, 800_000),
}
# Deprivation level: the class's mean and spread (metropolitan areas are the most deprived).
DEPRIVATION: dict[str, tuple[float, float]] = {
    BodyType.DISTRICT: (-0.45, 0.7),
    BodyType.UNITARY: (0.3, 0.9),
    BodyType.METROPOLITAN: (0.75, 0.7),
    BodyType.LONDON_BOROUGH: (0.35, 0.8),
    BodyType.COUNTY: (-0.3, 0.5),
}
# People per hectare: the centre of the class's log-normal draw and its spread.
DENSITY: dict[str, tuple[float, float]] = {
    BodyType.DISTRICT: (3.0, 0.8),
    BodyType.UNITARY: (8.0, 1.0),
    BodyType.METROPOLITAN: (20.0, 0.5),
    BodyType.LONDON_BOROUGH: (70.0, 0.35),
    BodyType.COUNTY: (3.0, 0.5),
}


@dataclass(frozen=True)
class Domain:
    """A deprivation domain's average score (by the IMD loader's slug): level at a typical
    council, change per unit of deprivation, how closely it follows the overall level, bounds
    and places."""

    slug: str
    level: float
    per_unit: float
    follows: float
    low: float
    high: float
    places: int


DOMAINS = (
    Domain("imd", 20.0, 7.0, 0.97, 5.0, 45.0, 3),
    Domain("income", 0.12, 0.045, 0.95, 0.03, 0.32, 3),
    Domain("employment", 0.095, 0.03, 0.93, 0.03, 0.22, 3),
    Domain("education", 20.0, 8.0, 0.85, 3.0, 50.0, 3),
    Domain("health", 0.0, 0.45, 0.88, -1.6, 1.6, 3),
    Domain("crime", 0.0, 0.4, 0.75, -1.5, 1.5, 3),
    Domain("housing", 22.0, 3.0, 0.3, 8.0, 45.0, 3),
    Domain("living", 20.0, 5.0, 0.6, 5.0, 55.0, 3),
    Domain("idaci", 0.15, 0.05, 0.93, 0.04, 0.35, 3),
    Domain("idaopi", 0.15, 0.05, 0.9, 0.05, 0.4, 3),
)


@dataclass(frozen=True)
class Line:
    """A revenue outturn line (the loader's code less `outturn.`): £ per head (latest year) by
    class, how much more a more deprived area spends (per unit of deprivation, as a
    proportion), and its yearly growth."""

    code: str
    per_head: dict[str, float]
    deprivation: float = 0.05
    growth: float = 0.04


UPPER = (BodyType.UNITARY, BodyType.METROPOLITAN, BodyType.LONDON_BOROUGH)


def _for(per_head: float, *classes: str) -> dict[str, float]:
    return dict.fromkeys(classes, per_head)


SERVICE_LINES = (
    Line("education", {**_for(620, *UPPER), BodyType.COUNTY: 580}, 0.1),
    Line(
        "highways_transport",
        {**_for(70, *UPPER), BodyType.COUNTY: 65, BodyType.DISTRICT: 6},
        -0.03,
        0.03,
    ),
    Line(
        "childrens_social_care",
        {**_for(230, *UPPER), BodyType.COUNTY: 200},
        0.25,
        0.07,
    ),
    Line(
        "adult_social_care",
        {**_for(385, *UPPER), BodyType.COUNTY: 375},
        0.07,
        0.055,
    ),
    Line("public_health", {**_for(65, *UPPER), BodyType.COUNTY: 50}, 0.3, 0.02),
    Line(
        "housing",
        {
            **_for(45, BodyType.UNITARY, BodyType.METROPOLITAN),
            BodyType.LONDON_BOROUGH: 90,
            BodyType.DISTRICT: 30,
        },
        0.3,
        0.06,
    ),
    Line(
        "cultural",
        {**_for(24, *UPPER), BodyType.COUNTY: 10, BodyType.DISTRICT: 22},
        0.05,
        0.02,
    ),
    Line(
        "environmental_regulatory",
        {**_for(95, *UPPER), BodyType.COUNTY: 50, BodyType.DISTRICT: 55},
        0.05,
    ),
    Line(
        "planning_development",
        {**_for(22, *UPPER), BodyType.COUNTY: 8, BodyType.DISTRICT: 18},
        0.1,
        0.03,
    ),
    Line("fire", {BodyType.FIRE: 48}, 0.05, 0.03),
    Line(
        "central",
        {**_for(30, *UPPER), BodyType.COUNTY: 20, BodyType.DISTRICT: 28},
        0.05,
        0.03,
    ),
    Line(
        "other",
        {**_for(4, *UPPER), BodyType.COUNTY: 3, BodyType.DISTRICT: 3},
        0.0,
        0.02,
    ),
)
TOTALS = ("total_service", "net_current", "council_tax_requirement")
RESERVES = ("reserves_unallocated_end", "reserves_earmarked_end")
COUNCIL_TAX_PER_HEAD: dict[str, int] = {
    BodyType.DISTRICT: 110,
    BodyType.COUNTY: 520,
    BodyType.UNITARY: 480,
    BodyType.METROPOLITAN: 430,
    BodyType.LONDON_BOROUGH: 380,
    BodyType.FIRE: 48,
}
# Reserves at the year's end as a share of net current expenditure (districts hold more).
UNALLOCATED: dict[str, tuple[float, float]] = {BodyType.DISTRICT: (0.10, 0.35)}
EARMARKED: dict[str, tuple[float, float]] = {
    BodyType.DISTRICT: (0.4, 1.2),
    BodyType.FIRE: (0.1, 0.4),
}
UNALLOCATED_OTHERWISE = (0.03, 0.10)
EARMARKED_OTHERWISE = (0.12, 0.35)


@dataclass
class AreaFigures:
    """One body's area figures (its outturn is drawn from them by `outturn_of`)."""

    body: BodyPlan
    population: dict[int, int]  # census year -> people
    hectares: float
    latitude: float
    longitude: float
    deprivation: float
    scores: dict[int, dict[str, tuple[float, float]]] = field(default_factory=dict)
    # IMD year -> domain slug -> (average score, share of areas in the most deprived tenth)

    @property
    def growth(self) -> float:
        first, last = (self.population[y] for y in CENSUS_YEARS)
        return (last - first) / first * 100


def figures_for(plan: DemoPlan, rng: random.Random) -> dict[str, AreaFigures]:
    """Every body's area figures, districts before their county and counties before fire."""
    figures: dict[str, AreaFigures] = {}
    for index, region in enumerate(plan.regions):
        centre = REGION_CENTRES[index % len(REGION_CENTRES)]
        spread = 0.15 if any(b.body_type == BodyType.LONDON_BOROUGH for b in region.bodies) else 0.7
        counties = [b for b in region.bodies if b.body_type == BodyType.COUNTY]
        for body in region.bodies:
            if body.body_type in (BodyType.DISTRICT, *UPPER):
                figures[body.gss_code] = _drawn(body, rng, centre, spread)
        for county in counties:
            code = county.gss_code
            districts = [figures[b.gss_code] for b in region.bodies if b.parent_gss == code]
            figures[county.gss_code] = _county(county, districts, rng, centre, spread)
        for body in region.bodies:
            if body.body_type == BodyType.FIRE:
                match = [c for c in counties if body.short_name == f"{c.short_name} Fire"]
                if match:
                    figures[body.gss_code] = _same_area(body, figures[match[0].gss_code])
                else:
                    figures[body.gss_code] = _county(body, [], rng, centre, spread)
    return figures


def _drawn(
    body: BodyPlan, rng: random.Random, centre: tuple, spread: float, kind: str = ""
) -> AreaFigures:
    kind = kind or body.body_type
    low, high, middle = POPULATION[kind]
    people = _drawn_within(lambda: middle * math.exp(rng.gauss(0, 0.4)), low, high)
    mean, sd = DEPRIVATION[kind]
    level = rng.gauss(mean, sd)
    density_centre, density_spread = DENSITY[kind]
    density = density_centre * math.exp(rng.gauss(0, density_spread) + 0.3 * level)
    figures = AreaFigures(
        body=body,
        population=_census(round(people), rng),
        hectares=round(people / density, 2),
        latitude=_within(centre[0] + rng.uniform(-spread, spread), "latitude"),
        longitude=_within(centre[1] + rng.uniform(-spread, spread) * 1.4, "longitude"),
        deprivation=level,
    )
    figures.scores = _scores(level, rng)
    return figures


def _county(
    body: BodyPlan, districts: list[AreaFigures], rng: random.Random, centre: tuple, spread: float
) -> AreaFigures:
    """A county's area is its districts' (a fire area without a county is drawn as a county's)."""
    if not districts:
        return _drawn(body, rng, centre, spread, kind=BodyType.COUNTY)
    weights = [d.population[CENSUS_YEARS[-1]] for d in districts]
    total = sum(weights)
    figures = AreaFigures(
        body=body,
        population={y: sum(d.population[y] for d in districts) for y in CENSUS_YEARS},
        hectares=round(sum(d.hectares for d in districts), 2),
        latitude=sum(d.latitude for d in districts) / len(districts),
        longitude=sum(d.longitude for d in districts) / len(districts),
        deprivation=sum(d.deprivation * w for d, w in zip(districts, weights, strict=True)) / total,
    )
    figures.scores = {
        year: {domain.slug: _weighted(districts, weights, year, domain.slug) for domain in DOMAINS}
        for year in IMD_YEARS
    }
    return figures


def _weighted(
    districts: list[AreaFigures], weights: list[int], year: int, slug: str
) -> tuple[float, float]:
    """A domain's (score, bottom tenth share) over districts, weighted by population."""
    pairs = list(zip(districts, weights, strict=True))
    total = sum(weights)
    score = sum(d.scores[year][slug][0] * w for d, w in pairs) / total
    bottom = sum(d.scores[year][slug][1] * w for d, w in pairs) / total
    return score, bottom


def _same_area(body: BodyPlan, county: AreaFigures) -> AreaFigures:
    return AreaFigures(
        body=body,
        population=dict(county.population),
        hectares=county.hectares,
        latitude=county.latitude,
        longitude=county.longitude,
        deprivation=county.deprivation,
        scores=county.scores,
    )


def _census(people_2021: int, rng: random.Random) -> dict[int, int]:
    growth = rng.gauss(0.066, 0.035)
    return {CENSUS_YEARS[0]: round(people_2021 / (1 + growth)), CENSUS_YEARS[1]: people_2021}


def _scores(level: float, rng: random.Random) -> dict[int, dict[str, tuple[float, float]]]:
    """Each domain follows the overall level as closely as its `follows`; the later index moves a
    little from the earlier."""
    scores: dict[int, dict[str, tuple[float, float]]] = {}
    own = {d.slug: rng.gauss(0, 1) for d in DOMAINS}
    for year in IMD_YEARS:
        moved = level + (rng.gauss(0, 0.12) if year != IMD_YEARS[0] else 0.0)
        scores[year] = {}
        for domain in DOMAINS:
            z = domain.follows * moved + math.sqrt(1 - domain.follows**2) * own[domain.slug]
            score = _bounded(domain.level + domain.per_unit * z, domain.low, domain.high)
            bottom = _bounded(0.06 * math.exp(1.1 * z) - 0.02, 0.0, 0.6)
            scores[year][domain.slug] = (score, bottom)
    return scores


def outturn_of(
    figures: AreaFigures, years: list[int], rng: random.Random
) -> dict[str, dict[int, float]]:
    """The body's outturn lines in £ thousand for `years` (oldest first): the latest year drawn
    from its population and deprivation, earlier years drifting back by each line's growth."""
    kind = figures.body.body_type
    people = figures.population[CENSUS_YEARS[-1]]
    tilt = rng.gauss(0, 0.01)
    lines: dict[str, dict[int, float]] = {}
    for line in SERVICE_LINES:
        if kind not in line.per_head:
            continue
        per_head = line.per_head[kind] * math.exp(
            line.deprivation * figures.deprivation + rng.gauss(0, 0.07)
        )
        drifted = _drifted(per_head * people / 1000, years, line.growth + tilt, rng)
        lines[line.code] = {y: float(round(v)) for y, v in drifted.items()}
    # Totals add up the rounded lines, so the published figures agree with each other.
    lines["total_service"] = {y: sum(line[y] for line in lines.values()) for y in years}
    uplift = rng.uniform(1.01, 1.05)
    lines["net_current"] = {y: float(round(v * uplift)) for y, v in lines["total_service"].items()}
    tax = COUNCIL_TAX_PER_HEAD[kind] * math.exp(-0.15 * figures.deprivation + rng.gauss(0, 0.06))
    lines["council_tax_requirement"] = _drifted(tax * people / 1000, years, 0.045, rng)
    spend = lines["net_current"]
    unallocated = rng.uniform(*UNALLOCATED.get(kind, UNALLOCATED_OTHERWISE))
    earmarked = rng.uniform(*EARMARKED.get(kind, EARMARKED_OTHERWISE))
    lines["reserves_unallocated_end"] = {
        y: spend[y] * unallocated * math.exp(rng.gauss(0, 0.1)) for y in years
    }
    lines["reserves_earmarked_end"] = {
        y: spend[y] * earmarked * math.exp(rng.gauss(0, 0.12)) for y in years
    }
    return lines


def _drifted(
    latest: float, years: list[int], growth: float, rng: random.Random
) -> dict[int, float]:
    values = {years[-1]: latest}
    for year in reversed(years[:-1]):
        values[year] = values[year + 1] / (1 + growth + rng.gauss(0, 0.02))
    return values


def _drawn_within(draw: Callable[[], float], low: float, high: float) -> float:
    """A draw inside [low, high]: drawn again when outside, rather than piled up at the ends."""
    for _ in range(20):
        value = draw()
        if low <= value <= high:
            return value
    return _bounded(value, low, high)


def _bounded(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _within(value: float, axis: str) -> float:
    return _bounded(value, *ENGLAND[axis])
