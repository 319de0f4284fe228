"""Reference values by area and year, joined across reorganisations through the lineage.

A successor's figure for a year before it existed is built from its predecessors' figures of that
year: added up (each predecessor's `share` of it) for counts and money; averaged, weighted by
population, for rates and scores. For a measure of the area (population, deprivation, hectares) a
county is not counted beside its own districts, whose areas it is; for money (spend, reserves,
council tax, grants: any measure in £) it is, since the county and the districts each hold their
own."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from vfmhub.benchmarking.models import (
    Aggregation,
    AreaClass,
    ReferenceArea,
    ReferenceMeasure,
    ReferenceValue,
    Reorganisation,
    area_class_of,
)

POPULATION = "population"
MONEY_UNITS = frozenset({"£", "£ thousand"})


def counts_counties(measure: ReferenceMeasure) -> bool:
    """Whether a county predecessor's figure joins a successor's (money: yes; its area: no)."""
    return measure.is_spend or measure.unit in MONEY_UNITS


@dataclass(frozen=True)
class Link:
    predecessor: str
    successor: str
    share: Decimal


@dataclass(frozen=True)
class Lineage:
    """Successors in the order they were formed, each with its predecessors."""

    order: tuple[str, ...]
    predecessors: dict[str, tuple[Link, ...]]

    def successor_chain(self, code: str) -> list[str]:
        """Every successor `code` went into, in order (Taunton Deane → Somerset West and Taunton
        → Somerset)."""
        found, frontier = [], [code]
        while frontier:
            current = frontier.pop()
            for successor in self.order:
                links = self.predecessors[successor]
                if successor not in found and any(x.predecessor == current for x in links):
                    found.append(successor)
                    frontier.append(successor)
        return found


def lineage() -> Lineage:
    links: dict[str, list[Link]] = defaultdict(list)
    order: list[str] = []
    for row in Reorganisation.objects.order_by("effective", "successor_code", "predecessor_code"):
        if row.successor_code not in links:
            order.append(row.successor_code)
        links[row.successor_code].append(Link(row.predecessor_code, row.successor_code, row.share))
    return Lineage(order=tuple(order), predecessors={k: tuple(v) for k, v in links.items()})


def published_values(measure: ReferenceMeasure, year: int) -> dict[str, Decimal]:
    """The values as their files gave them, by GSS code."""
    return dict(
        ReferenceValue.objects.filter(measure=measure, year=year).values_list("gss_code", "value")
    )


def joined_values(
    measure: ReferenceMeasure,
    year: int,
    *,
    chain: Lineage | None = None,
    population: dict[str, Decimal] | None = None,
) -> dict[str, Decimal]:
    """`published_values`, with each successor missing from the year built from its
    predecessors (only when every predecessor that counts has a value)."""
    values = published_values(measure, year)
    if measure.aggregation == Aggregation.NONE:
        return values
    chain = chain or lineage()
    if measure.aggregation == Aggregation.POPULATION_MEAN and population is None:
        population = population_for(year, chain=chain)
    counting_counties = counts_counties(measure)
    for successor in chain.order:
        if successor in values:
            continue
        links = [
            link
            for link in chain.predecessors[successor]
            if counting_counties or area_class_of(link.predecessor) != AreaClass.COUNTY
        ]
        joined = _joined(measure.aggregation, links, values, population or {})
        if joined is not None:
            values[successor] = joined
    return values


def _joined(
    aggregation: str, links: list[Link], values: dict[str, Decimal], population: dict
) -> Decimal | None:
    if not links or any(link.predecessor not in values for link in links):
        return None
    if aggregation == Aggregation.SUM:
        return sum((values[link.predecessor] * link.share for link in links), Decimal(0))
    if any(link.predecessor not in population for link in links):
        return None
    weights = [population[link.predecessor] for link in links]
    total = sum((w * link.share for w, link in zip(weights, links, strict=True)), Decimal(0))
    if not total:
        return None
    weighted = sum(
        (values[link.predecessor] * w * link.share for w, link in zip(weights, links, strict=True)),
        Decimal(0),
    )
    return weighted / total


def population_for(year: int, *, chain: Lineage | None = None) -> dict[str, Decimal]:
    """Each area's population for `year`: the census of that year, else a straight line between
    the censuses around it (kept at the nearest census outside them), joined through the lineage."""
    measure = ReferenceMeasure.objects.filter(code=POPULATION).first()
    if measure is None:
        return {}
    years = sorted(
        ReferenceValue.objects.filter(measure=measure)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    if not years:
        return {}
    chain = chain or lineage()
    below = max((y for y in years if y <= year), default=None)
    above = min((y for y in years if y >= year), default=None)
    if below is None or above is None or below == above:
        nearest = below if below is not None else above
        return joined_values(measure, nearest, chain=chain)  # type: ignore[arg-type]
    low = joined_values(measure, below, chain=chain)
    high = joined_values(measure, above, chain=chain)
    fraction = Decimal(year - below) / Decimal(above - below)
    return {
        code: low[code] + (high[code] - low[code]) * fraction for code in low.keys() & high.keys()
    }


def areas_by_code(codes: set[str] | None = None) -> dict[str, ReferenceArea]:
    areas = ReferenceArea.objects.all()
    if codes is not None:
        areas = areas.filter(gss_code__in=codes)
    return {a.gss_code: a for a in areas}
