"""An organisation's indicators at a report quarter: value, target, RAG, direction, forecast and
commentary, in a fixed number of queries whatever the number of indicators.

Pages, the API and the quarterly report all read these rows; nothing here writes. What a user
sees follows `PerformanceAccess.value_filter`: the organisation's own users see every current
value, everyone else only values approved for publication.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Q

from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.calculations import (
    Band,
    ChangeBand,
    Definition,
    Direction,
    Evaluation,
    Frequency,
    Period,
    Polarity,
    RagRule,
    Reading,
    RollUp,
    Tolerance,
    evaluate,
    evaluate_period,
)
from vfmhub.performance.models import (
    Commentary,
    EnteredForecast,
    Indicator,
    IndicatorValue,
    RagRuleVersion,
    Target,
    ValueStatus,
)

HISTORY_YEARS = 5  # how far back an annual figure is looked for
STATUS_ORDER = [ValueStatus.PROVISIONAL.value, ValueStatus.FINAL.value, ValueStatus.APPROVED.value]


@dataclass(frozen=True)
class Reported:
    """One indicator as a report shows it."""

    indicator: Indicator
    evaluation: Evaluation
    status: str | None
    commentary: Commentary | None
    forecast_entered: bool
    needs_commentary: bool
    rule: RagRule | None

    @property
    def period(self) -> Period:
        return self.evaluation.period

    @property
    def band(self) -> Band | None:
        return self.evaluation.band


@dataclass
class Loaded:
    """The rows one organisation's indicators are evaluated from, keyed by indicator id."""

    readings: dict[int, dict[Period, Reading]] = field(default_factory=lambda: defaultdict(dict))
    statuses: dict[int, dict[Period, str]] = field(default_factory=lambda: defaultdict(dict))
    targets: dict[int, dict[Period, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    rules: dict[int, list[RagRuleVersion]] = field(default_factory=lambda: defaultdict(list))


def definition_of(indicator: Indicator) -> Definition:
    return Definition(
        frequency=Frequency(indicator.frequency),
        rollup=RollUp(indicator.rollup),
        polarity=Polarity(indicator.polarity),
        decimal_places=indicator.decimal_places,
        ratio_scale=indicator.ratio_scale,
        change_band=ChangeBand(indicator.change_band, Tolerance(indicator.change_band_method)),
    )


def rule_from(version: RagRuleVersion) -> RagRule:
    """A stored rule version as the calculations' RagRule."""
    bands = tuple(
        Band(
            key=str(band["key"]),
            name=str(band["name"]),
            colour=str(band["colour"]),
            limit=None if band.get("limit") in (None, "") else Decimal(str(band["limit"])),
        )
        for band in version.bands
    )
    return RagRule(method=Tolerance(version.method), bands=bands)


def version_for_year(versions: Iterable[RagRuleVersion], year: int | None) -> RagRuleVersion | None:
    """The latest version that applies from `year` or before (or to every year); with no year,
    the latest of all."""
    applying = [
        v for v in versions if year is None or v.applies_from is None or v.applies_from <= year
    ]
    return max(applying, key=lambda v: v.version) if applying else None


def rule_for_year(versions: Iterable[RagRuleVersion], year: int) -> RagRule | None:
    """The rule of the latest version that applies from `year` or before."""
    version = version_for_year(versions, year)
    return rule_from(version) if version else None


def load_rows(
    access: PerformanceAccess,
    indicator_ids: Iterable[int] | None,
    *,
    first_year: int,
    year: int,
    recent_from: int | None = None,
) -> Loaded:
    """Current values, targets and RAG rules of the organisation from `first_year` to `year`;
    with `recent_from`, monthly, quarterly and half-yearly rows only from that year (a report
    compares with the year before at most; only a yearly figure may be shown from further back)."""
    loaded = Loaded()
    org = access.organisation
    span = Q(year__range=(first_year, year))
    if recent_from is not None:
        span &= Q(year__gte=recent_from) | Q(frequency=Frequency.YEAR.value)
    values = IndicatorValue.objects.filter(
        span, access.value_filter(), organisation=org, is_current=True
    )
    targets = Target.objects.filter(span, organisation=org)
    rules = RagRuleVersion.objects.all()
    if indicator_ids is not None:
        ids = list(indicator_ids)
        values, targets = values.filter(indicator_id__in=ids), targets.filter(indicator_id__in=ids)
        rules = rules.filter(indicator_id__in=ids)
    fields = ("indicator_id", "frequency", "year", "period_index")
    for *key, value, numerator, denominator, status in values.values_list(
        *fields, "value", "numerator", "denominator", "status"
    ):
        period = Period(Frequency(key[1]), key[2], key[3])
        loaded.readings[key[0]][period] = Reading(value, numerator, denominator)
        loaded.statuses[key[0]][period] = status
    for *key, value in targets.values_list(*fields, "value"):
        loaded.targets[key[0]][Period(Frequency(key[1]), key[2], key[3])] = value
    if indicator_ids is None:
        rules = rules.filter(indicator_id__in=set(loaded.readings) | set(loaded.targets))
    for version in rules:
        loaded.rules[version.indicator_id].append(version)
    return loaded


def _status(
    statuses: Mapping[Period, str], evaluation: Evaluation, frequency: Frequency
) -> str | None:
    """The shown period's status; for a period rolled up, its least advanced part's."""
    period = evaluation.period
    parts = [period] if period.frequency is frequency else period.parts(frequency)
    found = [statuses[p] for p in parts if p in statuses]
    return min(found, key=STATUS_ORDER.index) if found else None


def is_worst_band(band: Band | None, rule: RagRule | None) -> bool:
    """Red, or whatever a rule calls its last band: such a value needs a commentary."""
    return band is not None and rule is not None and band.key == rule.bands[-1].key


def organisation_scorecard(
    access: PerformanceAccess,
    *,
    year: int,
    quarter: int,
    indicator_ids: Iterable[int] | None = None,
) -> list[Reported]:
    """Every indicator the organisation has values or targets for this year or last (a yearly
    one: in the last HISTORY_YEARS), or owns, at Q`quarter` of `year`, sorted by code;
    `indicator_ids` limits it to those."""
    ids = None if indicator_ids is None else list(indicator_ids)
    loaded = load_rows(
        access, ids, first_year=year - HISTORY_YEARS, year=year, recent_from=year - 1
    )
    wanted = set(loaded.readings) | set(loaded.targets) if ids is None else set(ids)
    indicators = Indicator.objects.filter(pk__in=wanted)
    if ids is None:
        indicators = Indicator.objects.filter(pk__in=wanted) | Indicator.objects.filter(
            owner=access.organisation
        )
    indicators = indicators.select_related("owner").order_by("code").distinct()
    commentary = latest_commentary(access, year=year)
    forecasts = entered_forecasts(access, year=year)
    rows = [
        _reported(indicator, loaded, commentary, forecasts, year=year, quarter=quarter)
        for indicator in indicators
    ]
    if access.sees_drafts:
        return rows
    # Commentary on a value this reader cannot see would give the value away.
    return [row if row.status else replace(row, commentary=None) for row in rows]


def entered_forecasts(access: PerformanceAccess, *, year: int) -> dict[int, Decimal]:
    """Forecasts officers entered, by indicator: the organisation's own working figures."""
    if not access.sees_drafts:
        return {}
    rows = EnteredForecast.objects.filter(organisation=access.organisation, year=year)
    return dict(rows.values_list("indicator_id", "value"))


def _reported(
    indicator: Indicator,
    loaded: Loaded,
    commentary: Mapping[tuple[int, Period], Commentary],
    forecasts: Mapping[int, Decimal],
    *,
    year: int,
    quarter: int,
) -> Reported:
    definition = definition_of(indicator)
    readings = loaded.readings.get(indicator.pk, {})
    rule = rule_for_year(loaded.rules.get(indicator.pk, []), year)
    evaluation = evaluate(
        definition,
        readings,
        loaded.targets.get(indicator.pk, {}),
        rule,
        year=year,
        quarter=quarter,
        entered_forecast=forecasts.get(indicator.pk),
    )
    note = commentary.get((indicator.pk, evaluation.period))
    return Reported(
        indicator=indicator,
        evaluation=evaluation,
        status=_status(loaded.statuses.get(indicator.pk, {}), evaluation, definition.frequency),
        commentary=note,
        forecast_entered=indicator.pk in forecasts,
        needs_commentary=is_worst_band(evaluation.band, rule) and note is None,
        rule=rule,
    )


def latest_commentary(
    access: PerformanceAccess, *, year: int, indicator_id: int | None = None
) -> dict[tuple[int, Period], Commentary]:
    """The current commentary per (indicator, period) for the organisation's `year` and the
    years before it that a report may show (a half from last year, or a yearly figure published
    late, up to HISTORY_YEARS back), so such a period finds its commentary."""
    shown = Q(year__gte=year - 1) | Q(frequency=Frequency.YEAR.value)
    rows = Commentary.objects.filter(
        shown, organisation=access.organisation, year__range=(year - HISTORY_YEARS, year)
    )
    if indicator_id is not None:
        rows = rows.filter(indicator_id=indicator_id)
    latest: dict[tuple[int, Period], Commentary] = {}
    for note in rows.select_related("written_by").order_by("written_at", "pk"):
        latest[(note.indicator_id, note.period)] = note
    return latest


def indicator_trend(
    access: PerformanceAccess, indicator: Indicator, *, first_year: int, last_year: int
) -> list[Evaluation]:
    """Every period of the indicator's frequency from `first_year` to `last_year` (a monthly
    indicator by quarter), evaluated as a report would show it: the trend chart's points."""
    loaded = load_rows(access, [indicator.pk], first_year=first_year - 1, year=last_year)
    definition = definition_of(indicator)
    frequency = Frequency(indicator.frequency)
    shown = Frequency.QUARTER if frequency is Frequency.MONTH else frequency
    readings = loaded.readings.get(indicator.pk, {})
    targets = loaded.targets.get(indicator.pk, {})
    versions = loaded.rules.get(indicator.pk, [])
    points = []
    for fy in range(first_year, last_year + 1):
        rule = rule_for_year(versions, fy)
        for index in range(1, shown.per_year + 1):
            period = Period(shown, fy, index)
            points.append(evaluate_period(definition, readings, targets, rule, period))
    return points


@dataclass(frozen=True)
class Counts:
    """How many indicators fall in each band and direction: the report's summary line."""

    bands: dict[str, int]
    band_names: dict[str, str]
    improving: int
    worsening: int
    up_or_down: int  # moved, on an indicator with no better direction
    no_real_change: int
    no_comparison: int
    needing_commentary: int


def counts(rows: Iterable[Reported]) -> Counts:
    bands: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    travel: dict[Direction, int] = defaultdict(int)
    needing = 0
    for row in rows:
        if row.band is not None:
            bands[row.band.key] += 1
            names[row.band.key] = row.band.name
        travel[row.evaluation.against_previous] += 1
        needing += row.needs_commentary
    return Counts(
        bands=dict(bands),
        band_names=names,
        improving=travel[Direction.IMPROVING],
        worsening=travel[Direction.WORSENING],
        up_or_down=travel[Direction.UP] + travel[Direction.DOWN],
        no_real_change=travel[Direction.NO_REAL_CHANGE],
        no_comparison=travel[Direction.NO_COMPARISON],
        needing_commentary=needing,
    )
