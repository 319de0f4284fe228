"""VFM review starting points: the body's services of above average cost and below average
performance against a comparator group, read from the pairs of `reference/service_indicators.yaml`
(an outturn service line and the national indicators that measure its performance).

For each pair, as the cost against performance page does: every body of the group (the body
itself counted in, so that the list agrees with the quadrant page) with both a cost per head and
a value of the indicator for the year, split at the medians; the pair is listed when the body is
above the median cost and worse than the median performance, polarity respected."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from django.db.models import Q

from vfmhub.accounts.models import User
from vfmhub.benchmarking.calculations.distribution import HIGHER, Quadrant, median, quadrant_of
from vfmhub.benchmarking.models import ReferenceMeasure, ReferenceValue
from vfmhub.benchmarking.selectors.benchmark import (
    NEITHER,
    Measure,
    MeasureValues,
    measure_for,
    values_for,
)
from vfmhub.benchmarking.selectors.groups import Body, ResolvedGroup, resolve_group
from vfmhub.benchmarking.selectors.unit_costs import population_with_counties, unit_costs
from vfmhub.benchmarking.selectors.values import lineage
from vfmhub.lib.money import format_pounds
from vfmhub.lib.years import financial_year_label
from vfmhub.performance.models import Indicator, IndicatorValue, ValueStatus

SERVICE_INDICATORS_FILE = (
    Path(__file__).resolve().parent.parent / "reference" / "service_indicators.yaml"
)


@dataclass(frozen=True)
class ServicePair:
    service: str
    """The outturn service line's measure code, such as outturn.adult_social_care."""
    indicators: tuple[str, ...]
    """National indicator codes, such as ASC2."""


@cache
def service_pairs(path: Path = SERVICE_INDICATORS_FILE) -> tuple[ServicePair, ...]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        ServicePair(str(p["service"]), tuple(str(code) for code in p["indicators"]))
        for p in spec["pairs"]
    )


@dataclass(frozen=True)
class ReviewCandidate:
    """One service of above average cost and below average performance, with its figures."""

    cost: Measure
    performance: Measure
    group: ResolvedGroup
    year: int
    cost_value: Decimal
    cost_median: Decimal
    performance_value: Decimal
    performance_median: Decimal
    n: int
    quadrant: Quadrant

    @property
    def indicator_code(self) -> str:
        return self.performance.indicator.code if self.performance.indicator else ""

    @property
    def year_label(self) -> str:
        return financial_year_label(self.year)

    @property
    def summary(self) -> str:
        """ "Adult social care: £412 per head against a group median of £380, and ASC2 below the
        group median: 61.2 against 64.5, where higher is better (Nearest neighbours, 2022/23)" """
        perf = self.performance
        side = "below" if perf.polarity == HIGHER else "above"
        return (
            f"{self.cost.title}: {format_pounds(self.cost_value, unit='whole')} per head against "
            f"a group median of {format_pounds(self.cost_median, unit='whole')}, and "
            f"{self.indicator_code} {side} the group median: "
            f"{perf.value_text(self.performance_value)} against "
            f"{perf.value_text(self.performance_median)}, where {perf.polarity} is better "
            f"({self.group.label}, {self.year_label})"
        )

    @property
    def text(self) -> str:
        """What an improvement-plan item opened from it says, citing the benchmark."""
        return (
            f"{self.summary}.\n\nA VFM review starting point: above average cost and below "
            f"average performance. Indicator: {self.performance.title}. Cost: net current "
            f"expenditure per head, MHCLG revenue outturn. Group: {self.group.citation}; "
            f"{self.n} bodies with both figures, this body counted in the medians."
        )


@dataclass(frozen=True)
class ReviewList:
    group: ResolvedGroup
    year: int | None
    years: list[int]
    candidates: list[ReviewCandidate]
    pairs_checked: int

    @property
    def year_label(self) -> str:
        return financial_year_label(self.year) if self.year is not None else ""


def _candidate(
    body: Body,
    group: ResolvedGroup,
    year: int,
    cost: tuple[Measure, MeasureValues],
    performance: tuple[Measure, MeasureValues],
) -> ReviewCandidate | None:
    (cost_measure, costs), (performance_measure, scores) = cost, performance
    codes = [c for c in (body.code, *group.codes) if c in costs.values and c in scores.values]
    if not body.code or body.code not in codes:
        return None
    cost_median = median([costs.values[c] for c in codes])
    performance_median = median([scores.values[c] for c in codes])
    quadrant = quadrant_of(
        costs.values[body.code],
        scores.values[body.code],
        cost_median=cost_median,
        performance_median=performance_median,
        polarity=performance_measure.polarity,
    )
    if not quadrant.is_concern:
        return None
    return ReviewCandidate(
        cost=cost_measure,
        performance=performance_measure,
        group=group,
        year=year,
        cost_value=costs.values[body.code],
        cost_median=cost_median,
        performance_value=scores.values[body.code],
        performance_median=performance_median,
        n=len(codes),
        quadrant=quadrant,
    )


def _measures(pairs: tuple[ServicePair, ...]) -> list[tuple[Measure, list[Measure]]]:
    """Each loaded service line with its loaded national indicators (two queries)."""
    spends = {
        m.code: m
        for m in ReferenceMeasure.objects.filter(code__in=[p.service for p in pairs], is_spend=True)
    }
    wanted = {code for p in pairs for code in p.indicators}
    indicators = {i.code: i for i in Indicator.objects.filter(owner__isnull=True, code__in=wanted)}
    found = []
    for pair in pairs:
        spend = spends.get(pair.service)
        if spend is None:
            continue
        cost = Measure(
            token=f"ref:{spend.code}",
            title=spend.title,
            unit="£ per head",
            polarity=NEITHER,
            is_spend=True,
            reference=spend,
        )
        measures = [
            Measure(
                token=f"ind:{i.pk}",
                title=f"{i.code}: {i.title}",
                unit=i.unit,
                polarity=i.polarity,
                indicator=i,
            )
            for code in pair.indicators
            if (i := indicators.get(code)) is not None
        ]
        if measures:
            found.append((cost, measures))
    return found


def review_years(found: list[tuple[Measure, list[Measure]]]) -> list[int]:
    """The years with both a paired cost and a paired indicator's values, oldest first (two
    queries)."""
    spends = [cost.reference for cost, _ in found]
    indicators = [m.indicator for _, measures in found for m in measures]
    if not spends or not indicators:
        return []
    # Without the models' default ordering, whose fields DISTINCT would otherwise take in (a
    # row per value rather than per year).
    spend_years = set(
        ReferenceValue.objects.filter(measure__in=spends)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    indicator_years = set(
        IndicatorValue.objects.filter(indicator__in=indicators, is_current=True)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(spend_years & indicator_years)


def review_candidates(
    user: User,
    body: Body,
    *,
    group_token: str,
    year: int | None,
    pairs: tuple[ServicePair, ...] | None = None,
) -> ReviewList:
    """Every paired service where the body is above the group's median cost per head and worse
    than its median performance in `year` (by default the latest year with both)."""
    group = resolve_group(user, body, group_token)
    found = _measures(service_pairs() if pairs is None else pairs)
    years = review_years(found)
    chosen = year if year is not None else (years[-1] if years else None)
    candidates: list[ReviewCandidate] = []
    checked = 0
    if chosen is not None and body.code and found:
        costs_by_code = _unit_costs_of(found, chosen)
        indicators = [m.indicator for _, measures in found for m in measures if m.indicator]
        scores_by_pk = _indicator_values_of(indicators, chosen, body.code)
        for cost, measures in found:
            costs = (cost, costs_by_code[cost.token])
            for measure in measures:
                checked += 1
                assert measure.indicator is not None
                scores = (measure, scores_by_pk[measure.indicator.pk])
                candidate = _candidate(body, group, chosen, costs, scores)
                if candidate is not None:
                    candidates.append(candidate)
    return ReviewList(group, chosen, years, candidates, checked)


def _unit_costs_of(
    found: list[tuple[Measure, list[Measure]]], year: int
) -> dict[str, MeasureValues]:
    """Each paired service line's cost per head in `year`, by token, as `values_for` gives it;
    the lineage and the population read once for them all, not once a line (the lineage, the
    population's years and values and the counties: four or five queries, then one a line)."""
    chain = lineage()
    population = population_with_counties(year, chain=chain)
    result = {}
    for cost, _ in found:
        assert cost.reference is not None
        values = unit_costs(
            cost.reference.code, year, measure=cost.reference, chain=chain, population=population
        )
        result[cost.token] = MeasureValues(values=values, named=set(values))
    return result


def _indicator_values_of(
    indicators: list[Indicator], year: int, body_code: str
) -> dict[int, MeasureValues]:
    """Each indicator's values in `year`, by primary key, as `values_for` gives them (the names
    policy of `selectors.benchmark`: a published figure is named and wins over an entered one;
    an approved entered one is another body's to publish, so unnamed but the body's own), read
    in one query for them all."""
    frequencies = {i.pk: i.frequency for i in indicators}
    by_frequency: dict[str, list[int]] = defaultdict(list)
    for pk, frequency in frequencies.items():
        by_frequency[frequency].append(pk)
    each_own_frequency = Q(pk__in=[])
    for frequency, pks in by_frequency.items():
        each_own_frequency |= Q(indicator__in=pks, frequency=frequency)
    rows = (
        IndicatorValue.objects.filter(
            each_own_frequency, is_current=True, year=year, value__isnull=False
        )
        .filter(
            Q(organisation__isnull=True, area_code__startswith="E")
            | Q(organisation__isnull=False, status=ValueStatus.APPROVED)
        )
        .values_list(
            "indicator_id",
            "area_code",
            "organisation__gss_code",
            "entered_by_id",
            "value",
        )
        .order_by("indicator_id", "period_index")
    )
    published: dict[int, dict[str, Decimal]] = defaultdict(dict)
    entered: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for pk, area_code, organisation_code, person, value in rows:
        if value is None:
            continue
        if organisation_code and person is not None:
            entered[pk][organisation_code] = value  # later periods overwrite earlier ones
        elif organisation_code or area_code:
            published[pk][organisation_code or area_code] = value
    result = {}
    for pk in frequencies:
        values = {**entered[pk], **published[pk]}
        named = set(published[pk]) | ({body_code} if body_code in values else set())
        result[pk] = MeasureValues(values=values, named=named)
    return result


def review_candidate(
    user: User,
    body: Body,
    *,
    cost_token: str,
    performance_token: str,
    group_token: str,
    year: int,
) -> ReviewCandidate | None:
    """The one pair, worked out afresh; None when the body is not (or no longer) of above
    average cost and below average performance on it. 404 for a measure or group the user may
    not use. Any spending line and any measure may be paired here, as on the quadrant page."""
    cost = measure_for(cost_token)
    performance = measure_for(performance_token)
    group = resolve_group(user, body, group_token)
    if not cost.is_spend or not body.code:
        return None
    return _candidate(
        body,
        group,
        year,
        (cost, values_for(cost, year, body.code)),
        (performance, values_for(performance, year, body.code)),
    )
