"""One indicator of one organisation, as its page shows it: the definition and RAG rule in force,
the trend with its targets, comparator areas, commentary with its history and every version of
every value. A fixed number of queries whatever the length of the history.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.calculations import Evaluation, Frequency, Period
from vfmhub.performance.models import Commentary, Indicator, IndicatorValue, RagRuleVersion
from vfmhub.performance.selectors.pages import (
    ShownDirection,
    band_tag,
    shown_direction,
    shown_value,
    status_label,
)
from vfmhub.performance.selectors.scorecard import (
    STATUS_ORDER,
    Reported,
    indicator_trend,
    organisation_scorecard,
)

TREND_YEARS = 5
ENGLAND = "E92000001"


@dataclass(frozen=True)
class TrendPoint:
    evaluation: Evaluation
    status: str | None
    indicator: Indicator

    @property
    def period(self) -> Period:
        return self.evaluation.period

    @property
    def value_text(self) -> str:
        return shown_value(self.evaluation.value, self.indicator)

    @property
    def target_text(self) -> str:
        return shown_value(self.evaluation.target, self.indicator)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def band_tag(self) -> str:
        return band_tag(self.evaluation.band)

    @property
    def against_previous(self) -> ShownDirection:
        return shown_direction(self.evaluation.against_previous)

    @property
    def against_last_year(self) -> ShownDirection:
        return shown_direction(self.evaluation.against_last_year)


@dataclass(frozen=True)
class Area:
    code: str
    name: str


@dataclass(frozen=True)
class ComparatorRow:
    period: Period
    own: str
    values: list[str]  # one per area, in `IndicatorPage.areas` order


@dataclass(frozen=True)
class PeriodCommentary:
    period: Period
    notes: list[Commentary]  # newest first: the first is current, the rest its history


@dataclass(frozen=True)
class IndicatorPage:
    indicator: Indicator
    year: int
    quarter: int
    reported: Reported
    rules: list[RagRuleVersion]
    rule_in_force: RagRuleVersion | None
    points: list[TrendPoint]
    areas: list[Area]
    comparators: list[ComparatorRow]
    commentary: list[PeriodCommentary]
    history: list[IndicatorValue]


def comparator_areas(access: PerformanceAccess) -> list[Area]:
    """England, the organisation's region and its county (when it has one with a code)."""
    org = access.organisation
    areas = [Area(ENGLAND, "England")]
    if org.region_id and org.region.code:
        areas.append(Area(org.region.code, org.region.name))
    if org.parent_id and org.parent.gss_code:
        areas.append(Area(org.parent.gss_code, org.parent.name))
    return areas


def _in_force(versions: Iterable[RagRuleVersion], year: int) -> RagRuleVersion | None:
    applying = [v for v in versions if v.applies_from is None or v.applies_from <= year]
    return max(applying, key=lambda v: v.version) if applying else None


def _statuses(history: Iterable[IndicatorValue]) -> dict[Period, str]:
    return {value.period: value.status for value in history if value.is_current}


def _status_of(statuses: dict[Period, str], period: Period, frequency: Frequency) -> str | None:
    parts = [period] if period.frequency is frequency else period.parts(frequency)
    found = [statuses[p] for p in parts if p in statuses]
    return min(found, key=STATUS_ORDER.index) if found else None


def _trend(
    access: PerformanceAccess,
    indicator: Indicator,
    history: list[IndicatorValue],
    *,
    year: int,
    quarter: int,
) -> list[TrendPoint]:
    """The trend to the end of the report's quarter, from the first period with a figure."""
    evaluations = indicator_trend(
        access, indicator, first_year=year - TREND_YEARS + 1, last_year=year
    )
    end = Period(Frequency.QUARTER, year, quarter).last_day
    statuses = _statuses(history)
    frequency = Frequency(indicator.frequency)
    points = [
        TrendPoint(e, _status_of(statuses, e.period, frequency), indicator)
        for e in evaluations
        if e.period.last_day <= end or e.value is not None
    ]
    while points and points[0].evaluation.value is None and points[0].evaluation.target is None:
        points.pop(0)
    return points


def _comparators(
    access: PerformanceAccess, indicator: Indicator, points: list[TrendPoint], areas: list[Area]
) -> list[ComparatorRow]:
    """Each period any comparator area has a value for (within the trend's years)."""
    years = [p.period.year for p in points] or [0]
    rows = IndicatorValue.objects.filter(
        access.value_filter(),
        indicator=indicator,
        organisation__isnull=True,
        is_current=True,
        area_code__in=[a.code for a in areas],
        year__range=(min(years), max(years)),
    ).values_list("area_code", "frequency", "year", "period_index", "value")
    found: dict[Period, dict[str, Decimal | None]] = defaultdict(dict)
    for code, frequency, year, index, value in rows:
        found[Period(Frequency(frequency), year, index)][code] = value
    own = {p.period: p.value_text for p in points}
    return [
        ComparatorRow(
            period=period,
            own=own.get(period, ""),
            values=[shown_value(found[period].get(a.code), indicator) for a in areas],
        )
        for period in sorted(found, key=lambda p: (p.first_day, p.frequency.months))
    ]


def _visible(history: Iterable[IndicatorValue]) -> set[Period]:
    """The periods whose value the reader sees, and the longer periods holding them."""
    seen: set[Period] = set()
    for value in history:
        period = value.period
        seen.add(period)
        for longer in (Frequency.QUARTER, Frequency.HALF_YEAR, Frequency.YEAR):
            if longer.months >= period.frequency.months:
                seen.add(period.within(longer))
    return seen


def _commentary(
    access: PerformanceAccess, indicator: Indicator, history: list[IndicatorValue]
) -> list[PeriodCommentary]:
    notes = Commentary.objects.filter(
        organisation=access.organisation, indicator=indicator
    ).select_related("written_by")
    by_period: dict[Period, list[Commentary]] = defaultdict(list)
    for note in notes:
        by_period[note.period].append(note)
    visible = None if access.sees_drafts else _visible(history)
    return [
        PeriodCommentary(
            period, sorted(by_period[period], key=lambda n: (n.written_at, n.pk), reverse=True)
        )
        for period in sorted(
            by_period, key=lambda p: (p.last_day, -p.frequency.months), reverse=True
        )
        if visible is None or period in visible
    ]


def indicator_page(
    access: PerformanceAccess, indicator: Indicator, *, year: int, quarter: int
) -> IndicatorPage:
    """Everything the indicator's page shows at Q`quarter` of `year` (twelve queries)."""
    history = list(
        IndicatorValue.objects.filter(
            access.value_filter(), organisation=access.organisation, indicator=indicator
        )
        .select_related("entered_by")
        .order_by("-year", "frequency", "-period_index", "-version")
    )
    reported = organisation_scorecard(
        access, year=year, quarter=quarter, indicator_ids=[indicator.pk]
    )[0]
    rules = list(RagRuleVersion.objects.filter(indicator=indicator).order_by("-version"))
    points = _trend(access, indicator, history, year=year, quarter=quarter)
    areas = comparator_areas(access)
    return IndicatorPage(
        indicator=indicator,
        year=year,
        quarter=quarter,
        reported=reported,
        rules=rules,
        rule_in_force=_in_force(rules, reported.period.year),
        points=points,
        areas=areas,
        comparators=_comparators(access, indicator, points, areas),
        commentary=_commentary(access, indicator, history),
        history=history,
    )
