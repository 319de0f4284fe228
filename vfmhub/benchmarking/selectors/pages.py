"""What the organisation-scoped benchmarking pages and their API compute, once: the body's
neighbours with names and why (and their overlap with each published list held for its area),
one measure compared across a group (`comparison`), cost against performance (`quadrant_page`),
and the members of a group named per the names policy of `selectors/benchmark.py`.

The pages (`views/neighbours.py`, `views/compare.py`, `views/quadrant.py`) and the API
(`api/pages.py`) both call these functions, so the figures they show are the same figures."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404

from vfmhub.benchmarking.calculations.distribution import (
    Distribution,
    Quadrant,
    distribution,
    median,
    quadrant_of,
)
from vfmhub.benchmarking.models import ComparatorGroup, GroupKind, Neighbour, NeighbourModel
from vfmhub.benchmarking.selectors.benchmark import (
    Measure,
    MeasureValues,
    measure_for,
    trend_years,
    values_by_year,
    values_for,
    year_from,
)
from vfmhub.benchmarking.selectors.benchmark import years_for as measure_years
from vfmhub.benchmarking.selectors.groups import Body, ResolvedGroup, group_citation, resolve_group
from vfmhub.benchmarking.selectors.neighbours import neighbour_explanation
from vfmhub.benchmarking.selectors.values import areas_by_code
from vfmhub.organisations.access import NOT_FOUND

NOT_NAMED = "Not named"

# -- members of a group, named per the names policy -----------------------------------------------


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    is_body: bool
    named: bool


def members(
    codes: tuple[str, ...], body: Body, values: MeasureValues, names: dict[str, str]
) -> list[Member]:
    """The body and each group member with a value, named where the data is public."""
    found = []
    for code in (body.code, *codes):
        if not code or code not in values.values:
            continue
        named = code in values.named or code == body.code
        name = (body.name if code == body.code else names.get(code, code)) if named else NOT_NAMED
        found.append(Member(code=code, name=name, is_body=code == body.code, named=named))
    return found


def sorted_members(found: list[Member]) -> list[Member]:
    """By name, never by value: the page is about position in the distribution, not a league
    table; bodies not named come last."""
    return sorted(found, key=lambda m: (not m.named, m.name.casefold(), m.code))


def group_values(codes: tuple[str, ...], values: MeasureValues) -> list[Decimal]:
    return [values.values[code] for code in codes if code in values.values]


# -- neighbours and the overlap with published lists ---------------------------------------------


@dataclass(frozen=True)
class Row:
    neighbour: Neighbour
    name: str
    why: str


@dataclass(frozen=True)
class Overlap:
    group: ComparatorGroup
    citation: str
    both: list[tuple[str, str]]
    only_ours: list[tuple[str, str]]
    only_theirs: list[tuple[str, str]]
    total: int


def neighbour_rows(model: NeighbourModel, found: list[Neighbour]) -> list[Row]:
    """Each neighbour with its area's name and its explanation in words (one query)."""
    codes = {n.neighbour_code for n in found}
    names = {code: area.name for code, area in areas_by_code(codes).items()}
    return [
        Row(
            neighbour=n,
            name=names.get(n.neighbour_code, n.neighbour_code),
            why=neighbour_explanation(model, n.parts or {}),
        )
        for n in found
    ]


def published_overlaps(body: Body, rows: list[Row]) -> list[Overlap]:
    """Each current published list held for the body's own area, against the model's list (two
    queries: the lists with who imported them, their members)."""
    lists = (
        ComparatorGroup.objects.filter(
            owner=body.organisation, kind=GroupKind.PUBLISHED, body_code=body.code, is_current=True
        )
        .select_related("created_by")
        .prefetch_related("members")
        .order_by("name")
    )
    ours = {row.neighbour.neighbour_code: row.name for row in rows}
    found = []
    for group in lists:
        theirs = {m.gss_code: m.name for m in group.members.all() if m.gss_code != body.code}
        found.append(
            Overlap(
                group=group,
                citation=group_citation(group),
                both=[(code, ours[code]) for code in ours if code in theirs],
                only_ours=[(code, ours[code]) for code in ours if code not in theirs],
                only_theirs=[(code, theirs[code]) for code in theirs if code not in ours],
                total=len(ours),
            )
        )
    return found


# -- one measure across a group ------------------------------------------------------------------


@dataclass(frozen=True)
class TrendRow:
    year: int
    label: str
    value: Decimal | None
    median: Decimal | None
    n: int


@dataclass(frozen=True)
class Comparison:
    measure: Measure
    group: ResolvedGroup
    year: int
    years: list[int]
    members: list[Member]
    values: MeasureValues
    stats: Distribution | None
    trend: list[TrendRow]


def _trend(
    measure: Measure, body: Body, group: ResolvedGroup, by_year: dict[int, MeasureValues]
) -> list[TrendRow]:
    rows = []
    for year, values in sorted(by_year.items()):
        stats = distribution(group_values(group.codes, values), values.values.get(body.code))
        rows.append(
            TrendRow(
                year=year,
                label=measure.year_label(year),
                value=values.values.get(body.code),
                median=stats.median if stats else None,
                n=stats.n if stats else 0,
            )
        )
    return rows


def comparison(
    user: Any, body: Body, *, measure_token: str, group_token: str, year_text: str | None
) -> Comparison:
    """The body against the group on one measure in one year (the latest with values when no
    year is asked for), with the trend; 404 for a measure, group or year that names nothing."""
    measure = measure_for(measure_token)
    group = resolve_group(user, body, group_token)
    years = measure_years(measure)
    year = year_from(year_text) or (years[-1] if years else 0)
    by_year = values_by_year(measure, trend_years(measure, years, year), body.code) if years else {}
    values = by_year.get(year) or MeasureValues()
    names = {code: area.name for code, area in areas_by_code({*group.codes, body.code}).items()}
    stats = distribution(group_values(group.codes, values), values.values.get(body.code))
    return Comparison(
        measure=measure,
        group=group,
        year=year,
        years=years,
        members=sorted_members(members(group.codes, body, values, names)),
        values=values,
        stats=stats,
        trend=_trend(measure, body, group, by_year),
    )


# -- cost against performance --------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    member: Member
    cost: Decimal
    performance: Decimal
    quadrant: Quadrant


@dataclass(frozen=True)
class QuadrantPage:
    cost: Measure
    performance: Measure
    group: ResolvedGroup
    year: int
    years: list[int]
    placed: list[Placed]
    cost_median: Decimal | None
    performance_median: Decimal | None

    @property
    def body(self) -> Placed | None:
        return next((p for p in self.placed if p.member.is_body), None)


def _both(cost: MeasureValues, performance: MeasureValues) -> MeasureValues:
    codes = cost.values.keys() & performance.values.keys()
    return MeasureValues(
        values={code: cost.values[code] for code in codes},
        named={code for code in codes if code in cost.named and code in performance.named},
    )


def quadrant_page(
    user: Any,
    body: Body,
    *,
    cost_token: str,
    performance_token: str,
    group_token: str,
    year: str | None,
) -> QuadrantPage:
    """Every body of the group with both values, placed against the group medians; 404 when the
    cost is not a spending line or a token or year names nothing."""
    cost = measure_for(cost_token)
    if not cost.is_spend:
        raise Http404(NOT_FOUND)
    performance = measure_for(performance_token)
    group = resolve_group(user, body, group_token)
    years = sorted(set(measure_years(cost)) & set(measure_years(performance)))
    chosen = year_from(year) or (years[-1] if years else 0)
    costs = values_for(cost, chosen, body.code) if years else MeasureValues()
    scores = values_for(performance, chosen, body.code) if years else MeasureValues()
    both = _both(costs, scores)
    names = {code: area.name for code, area in areas_by_code({*group.codes, body.code}).items()}
    found = members(group.codes, body, both, names)
    if not found:
        return QuadrantPage(cost, performance, group, chosen, years, [], None, None)
    cost_median = median([costs.values[m.code] for m in found])
    performance_median = median([scores.values[m.code] for m in found])
    placed = [
        Placed(
            member=m,
            cost=costs.values[m.code],
            performance=scores.values[m.code],
            quadrant=quadrant_of(
                costs.values[m.code],
                scores.values[m.code],
                cost_median=cost_median,
                performance_median=performance_median,
                polarity=performance.polarity,
            ),
        )
        for m in found
    ]
    placed.sort(key=lambda p: (not p.member.named, p.member.name.casefold(), p.member.code))
    return QuadrantPage(
        cost, performance, group, chosen, years, placed, cost_median, performance_median
    )
