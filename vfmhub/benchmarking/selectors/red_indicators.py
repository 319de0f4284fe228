"""Each member's count of indicators in their worst band and getting worse, at a quarter: for
all members at once in a fixed number of queries (`red_and_worsening_counts`), and for one through
the performance scorecard (`red_and_worsening`, the reference the bulk count is tested against)."""

from collections import defaultdict
from collections.abc import Callable, Mapping
from decimal import Decimal

from django.db.models import Q

from vfmhub.organisations.access import OrganisationAccess
from vfmhub.organisations.models import Organisation
from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.calculations import (
    Band,
    Definition,
    Direction,
    Frequency,
    Period,
    RagRule,
    Reading,
    direction,
    rag_band,
    rounded,
    shown_period,
    target_of,
    value_of,
)
from vfmhub.performance.models import Indicator, IndicatorValue, RagRuleVersion, Target
from vfmhub.performance.selectors.scorecard import (
    HISTORY_YEARS,
    Loaded,
    definition_of,
    is_worst_band,
    organisation_scorecard,
    rule_for_year,
)


def red_and_worsening(organisation: Organisation, year: int, quarter: int) -> int:
    """How many of the body's indicators, as the partnership sees them (published values only),
    are in their rule's worst band and worse than the period before: the scorecard's own rows
    (five queries), kept as the reference `red_and_worsening_counts` is checked against."""
    access = PerformanceAccess(OrganisationAccess(organisation=organisation, via_partnership=True))
    return sum(
        1
        for row in organisation_scorecard(access, year=year, quarter=quarter)
        if _red_and_worsening(row.band, row.rule, row.evaluation.against_previous)
    )


def _red_and_worsening(
    band: Band | None, rule: RagRule | None, against_previous: Direction
) -> bool:
    return is_worst_band(band, rule) and against_previous == Direction.WORSENING


def red_and_worsening_counts(
    members: list[Organisation], year: int, quarter: int
) -> dict[int, int]:
    """`red_and_worsening` for every member at once, in four queries whatever the number of
    members: the members' published current values and their targets (of the span the
    scorecard reads, `load_rows`, less what the band and the direction against the period
    before do not use), the RAG rule versions and the indicators. Each member's
    indicators are then judged as the scorecard's `evaluate` does (with the rule in force for
    `year`: see `_worst_and_worsening`); an indicator a member has neither values nor targets
    for has no band, so the ones the scorecard adds because the member owns them never count."""
    counts = {m.pk: 0 for m in members}
    if not members:
        return counts
    loaded = _loaded(members, year, quarter)
    wanted = {pk for rows in loaded.values() for pk in (*rows.readings, *rows.targets)}
    if not wanted:
        return counts
    versions: dict[int, list[RagRuleVersion]] = defaultdict(list)
    for version in RagRuleVersion.objects.filter(indicator_id__in=wanted):
        versions[version.indicator_id].append(version)
    rules = {pk: rule_for_year(found, year) for pk, found in versions.items()}
    definitions = {i.pk: definition_of(i) for i in Indicator.objects.filter(pk__in=wanted)}
    for org_id, rows in loaded.items():
        for indicator_id in set(rows.readings) | set(rows.targets):
            definition = definitions.get(indicator_id)
            rule = rules.get(indicator_id)
            if definition is None or rule is None:
                continue  # no rule, no band
            counts[org_id] += _worst_and_worsening(
                definition,
                rows.readings.get(indicator_id, {}),
                rows.targets.get(indicator_id, {}),
                rule,
                year=year,
                quarter=quarter,
            )
    return counts


def _loaded(members: list[Organisation], year: int, quarter: int) -> dict[int, Loaded]:
    """Each member's published current values and targets that the band and the direction at
    the quarter are made of (two queries)."""
    # The partnership's view of any member: values approved for publication only.
    published = PerformanceAccess(
        OrganisationAccess(organisation=members[0], via_partnership=True)
    ).value_filter()
    # Only the rows the shown period and the one before it are made of: a month's or a quarter's
    # from this year (and last year's for Q1, whose period before is last year's Q4), a half's
    # from last year on, a year's as far back as the scorecard looks for one.
    span = Q(year__range=(year - HISTORY_YEARS, year)) & (
        Q(
            frequency__in=[Frequency.MONTH.value, Frequency.QUARTER.value],
            year__gte=year if quarter > 1 else year - 1,
        )
        | Q(frequency=Frequency.HALF_YEAR.value, year__gte=year - 1)
        | Q(frequency=Frequency.YEAR.value)
    )
    ids = [m.pk for m in members]
    loaded: dict[int, Loaded] = defaultdict(Loaded)
    fields = ("organisation_id", "indicator_id", "frequency", "year", "period_index")
    period = _periods()
    values = IndicatorValue.objects.filter(
        span, published, organisation_id__in=ids, is_current=True
    ).values_list(*fields, "value", "numerator", "denominator")
    for org_id, indicator_id, frequency, y, index, value, numerator, denominator in values:
        reading = Reading(value, numerator, denominator)
        loaded[org_id].readings[indicator_id][period(frequency, y, index)] = reading
    targets = Target.objects.filter(span, organisation_id__in=ids).values_list(*fields, "value")
    for org_id, indicator_id, frequency, y, index, value in targets:
        loaded[org_id].targets[indicator_id][period(frequency, y, index)] = value
    return loaded


def _periods() -> Callable[[str, int, int], Period]:
    """`Period(Frequency(frequency), year, index)`, each made once: tens of thousands of rows
    name a few hundred periods."""
    made: dict[tuple[str, int, int], Period] = {}

    def period(frequency: str, year: int, index: int) -> Period:
        key = (frequency, year, index)
        found = made.get(key)
        if found is None:
            found = made[key] = Period(Frequency(frequency), year, index)
        return found

    return period


def _worst_and_worsening(
    definition: Definition,
    readings: Mapping[Period, Reading],
    targets: Mapping[Period, Decimal],
    rule: RagRule,
    *,
    year: int,
    quarter: int,
) -> bool:
    """The band and the direction against the period before of `evaluate` (the same steps, from
    the same calculations), without the year-to-date and forecast the signal does not use, and
    the direction only for a value in the worst band."""
    period = shown_period(definition.frequency, year, quarter, readings)
    places = definition.decimal_places
    reading = value_of(definition, readings, period)
    value = rounded(reading.value, places) if reading else None
    target = rounded(target_of(definition, targets, period), places)
    if not is_worst_band(rag_band(value, target, rule, definition.polarity), rule):
        return False
    before = value_of(definition, readings, period.previous())
    previous = rounded(before.value, places) if before else None
    travel = direction(value, previous, definition.polarity, definition.change_band)
    return travel == Direction.WORSENING
