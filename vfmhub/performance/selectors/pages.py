"""What the organisation's performance page and "my indicators to update" show, on top of
`selectors/scorecard.py`: the report quarter asked for, indicators grouped by council-plan
priority, the page's filters, and the indicator values due from an officer.

Every function here reads a fixed number of queries whatever the number of indicators.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import Q

from vfmhub.accounts.models import User
from vfmhub.lib.years import MAX_YEAR, MIN_YEAR, financial_year_of
from vfmhub.organisations.models import OrganisationMembership, OrganisationRole
from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.calculations import Band, Direction, Frequency, Period, period_of
from vfmhub.performance.models import (
    Commentary,
    DataType,
    Indicator,
    IndicatorValue,
    OutcomeMeasure,
    Target,
    ValueStatus,
)
from vfmhub.performance.selectors.scorecard import Counts, Reported, counts, organisation_scorecard

OTHER = "other"
OTHER_TITLE = "Other indicators"
OWNERS = {"national": "National indicators", "local": "Local indicators"}
EXCERPT_LENGTH = 160
EDITING_ROLES = (OrganisationRole.EDITOR, OrganisationRole.MANAGER)


# -- the report quarter ---------------------------------------------------------------------------


def latest_quarter_ended(today: datetime.date) -> tuple[int, int]:
    """(financial year, quarter) of the last quarter ended by `today`."""
    quarter = period_of(today, Frequency.QUARTER).previous()
    return quarter.year, quarter.index


def _int(text: object) -> int | None:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return None


def quarter_asked(params: Mapping[str, str], today: datetime.date) -> tuple[int, int]:
    """The year and quarter in `params`; anything missing, unreadable or out of range is the
    latest quarter ended (a hostile or mistyped link shows the current report, never an error)."""
    default_year, default_quarter = latest_quarter_ended(today)
    year, quarter = _int(params.get("year", "")), _int(params.get("quarter", ""))
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        year = default_year
    if quarter is None or not 1 <= quarter <= 4:
        quarter = default_quarter
    return year, quarter


def year_choices(year: int, today: datetime.date, back: int = 10) -> list[int]:
    last = max(financial_year_of(today), year)
    return sorted({*range(last - back, last + 1), year}, reverse=True)


# -- formatting -----------------------------------------------------------------------------------


def shown_value(value: Decimal | None, indicator: Indicator) -> str:
    """A value with the indicator's unit and decimal places: "12.5%", "£1,204", "3.2 days"."""
    if value is None:
        return ""
    if indicator.data_type == DataType.YES_NO:
        return "Yes" if value else "No"
    try:
        number = value.quantize(Decimal(1).scaleb(-indicator.decimal_places), ROUND_HALF_UP)
    except InvalidOperation:
        number = value
    text = f"{abs(number):,}"
    sign = "-" if number < 0 else ""
    if indicator.data_type == DataType.MONEY or indicator.unit.strip() == "£":
        return f"{sign}£{text}"
    if indicator.data_type == DataType.PERCENT or indicator.unit.strip() == "%":
        return f"{sign}{text}%"
    unit = indicator.unit.strip()
    return f"{sign}{text} {unit}" if unit else f"{sign}{text}"


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# One symbol for each direction of travel, always beside its words (the page's key lists them).
DIRECTION_SYMBOLS = {
    Direction.IMPROVING: "▲",
    Direction.WORSENING: "▼",
    Direction.UP: "↑",
    Direction.DOWN: "↓",
    Direction.NO_REAL_CHANGE: "▶",
    Direction.NO_COMPARISON: "–",
}
# GOV.UK tag colours for the colours rules give their bands (else by the band's key).
TAG_BY_COLOUR = {
    "#d4351c": "red",
    "#f47738": "orange",
    "#00703c": "green",
    "#1d70b8": "blue",
    "#ffdd00": "yellow",
    "#505a5f": "grey",
    "#912b88": "purple",
}
TAG_BY_KEY = {"red": "red", "amber": "orange", "green": "green", "blue": "blue"}


@dataclass(frozen=True)
class ShownDirection:
    symbol: str
    words: str


def shown_direction(direction: Direction) -> ShownDirection:
    direction = Direction(direction)
    return ShownDirection(DIRECTION_SYMBOLS[direction], direction.value.capitalize())


def band_tag(band: Band | None) -> str:
    """The GOV.UK tag class for a band (its name is always written in the tag too)."""
    if band is None:
        return "govuk-tag--grey"
    colour = TAG_BY_COLOUR.get(band.colour.lower()) or TAG_BY_KEY.get(band.key.lower(), "grey")
    return f"govuk-tag--{colour}"


# -- council-plan priorities -----------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityRef:
    key: str  # the priority's id, or OTHER
    title: str
    order: tuple[int, int, int]


OTHER_PRIORITY = PriorityRef(OTHER, OTHER_TITLE, (1, 0, 0))


def indicator_priorities(
    access: PerformanceAccess, indicator_ids: Iterable[int], *, year: int
) -> dict[int, list[PriorityRef]]:
    """Each indicator's priorities in the organisation's council plans covering `year` (through
    their outcome measures), in plan order. One query."""
    rows = OutcomeMeasure.objects.filter(
        deliverable__priority__plan__organisation=access.organisation,
        deliverable__priority__plan__first_year__lte=year,
        deliverable__priority__plan__last_year__gte=year,
        indicator_id__in=list(indicator_ids),
    ).values_list(
        "indicator_id",
        "deliverable__priority_id",
        "deliverable__priority__title",
        "deliverable__priority__plan__first_year",
        "deliverable__priority__position",
    )
    found: dict[int, list[PriorityRef]] = defaultdict(list)
    for indicator_id, priority_id, title, first_year, position in rows:
        ref = PriorityRef(str(priority_id), title, (0, -first_year, position * 10**9 + priority_id))
        if ref not in found[indicator_id]:
            found[indicator_id].append(ref)
    return {key: sorted(refs, key=lambda r: r.order) for key, refs in found.items()}


# -- the scorecard page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One indicator's row: what the scorecard reports, and where it sits in the plan."""

    reported: Reported
    priorities: tuple[PriorityRef, ...]
    commentary: Commentary | None  # None also where the reader may not see the period's value

    @property
    def indicator(self) -> Indicator:
        return self.reported.indicator

    @property
    def owner_key(self) -> str:
        return "national" if self.indicator.is_national else "local"

    @property
    def value_text(self) -> str:
        return shown_value(self.reported.evaluation.value, self.indicator)

    @property
    def target_text(self) -> str:
        return shown_value(self.reported.evaluation.target, self.indicator)

    @property
    def year_to_date_text(self) -> str:
        return shown_value(self.reported.evaluation.year_to_date, self.indicator)

    @property
    def forecast_text(self) -> str:
        return shown_value(self.reported.evaluation.forecast, self.indicator)

    @property
    def status_label(self) -> str:
        return status_label(self.reported.status)

    @property
    def band_tag(self) -> str:
        return band_tag(self.reported.band)

    @property
    def against_previous(self) -> ShownDirection:
        return shown_direction(self.reported.evaluation.against_previous)

    @property
    def against_last_year(self) -> ShownDirection:
        return shown_direction(self.reported.evaluation.against_last_year)

    @property
    def commentary_excerpt(self) -> str:
        return excerpt(self.commentary.what_happened) if self.commentary else ""

    @property
    def priority_titles(self) -> str:
        return "; ".join(p.title for p in self.priorities)


def status_label(status: str | None) -> str:
    return ValueStatus(status).label if status else "No value"


@dataclass(frozen=True)
class ScorecardFilters:
    """The page's and the API's filters; an empty one keeps every row."""

    band: str = ""
    direction: str = ""
    owner: str = ""
    priority: str = ""

    def keeps(self, line: Line) -> bool:
        evaluation = line.reported.evaluation
        band = evaluation.band.key if evaluation.band else "none"
        return (
            (not self.band or self.band == band)
            and (not self.direction or self.direction == evaluation.against_previous.value)
            and (not self.owner or self.owner == line.owner_key)
            and (not self.priority or self.priority in {p.key for p in line.priorities})
        )

    @property
    def active(self) -> bool:
        return bool(self.band or self.direction or self.owner or self.priority)


def filters_from(params: Mapping[str, str]) -> ScorecardFilters:
    """The filters in a query string; a value no row could have is ignored (the page stays)."""

    def read(name: str, limit: int = 40) -> str:
        return str(params.get(name, "") or "").strip()[:limit]

    direction = read("direction")
    owner = read("owner")
    priority = read("priority")
    return ScorecardFilters(
        band=read("band"),
        direction=direction if direction in {d.value for d in Direction} else "",
        owner=owner if owner in OWNERS else "",
        priority=priority if priority == OTHER or priority.isdigit() else "",
    )


@dataclass(frozen=True)
class Group:
    priority: PriorityRef
    lines: list[Line]


@dataclass(frozen=True)
class Scorecard:
    year: int
    quarter: int
    filters: ScorecardFilters
    lines: list[Line]  # after the filters, in code order
    total: int  # before the filters
    counts: Counts  # of every indicator, before the filters
    priorities: list[PriorityRef]  # every priority an indicator serves, for the filter
    bands: list[tuple[str, str]]  # (key, name) of every band any rule names

    @property
    def band_counts(self) -> list[tuple[str, int]]:
        """(band name, how many) for every band any rule names, best first."""
        return [(name, self.counts.bands.get(key, 0)) for key, name in self.bands]

    @property
    def not_rated(self) -> int:
        return self.total - sum(self.counts.bands.values())

    @property
    def groups(self) -> list[Group]:
        """The filtered lines by priority (an indicator under each priority it serves)."""
        grouped: dict[PriorityRef, list[Line]] = defaultdict(list)
        for line in self.lines:
            for priority in line.priorities:
                if not self.filters.priority or self.filters.priority == priority.key:
                    grouped[priority].append(line)
        return [Group(p, grouped[p]) for p in sorted(grouped, key=lambda p: p.order)]


def _visible_commentary(access: PerformanceAccess, reported: Reported) -> Commentary | None:
    """Commentary explains a value: those who may not see the value do not see it either."""
    if access.sees_drafts or reported.status is not None:
        return reported.commentary
    return None


def scorecard_page(
    access: PerformanceAccess, *, year: int, quarter: int, filters: ScorecardFilters
) -> Scorecard:
    """The organisation's indicators at Q`quarter` of `year`, filtered (seven queries)."""
    rows = organisation_scorecard(access, year=year, quarter=quarter)
    priorities = indicator_priorities(access, [row.indicator.pk for row in rows], year=year)
    lines = [
        Line(
            reported=row,
            priorities=tuple(priorities.get(row.indicator.pk, [OTHER_PRIORITY])),
            commentary=_visible_commentary(access, row),
        )
        for row in rows
    ]
    bands: dict[str, str] = {}
    for row in rows:
        for band in row.rule.bands if row.rule else ():
            bands.setdefault(band.key, band.name)
    all_priorities = {p for line in lines for p in line.priorities}
    return Scorecard(
        year=year,
        quarter=quarter,
        filters=filters,
        lines=[line for line in lines if filters.keeps(line)],
        total=len(lines),
        counts=counts(rows),
        priorities=sorted(all_priorities, key=lambda p: p.order),
        bands=list(bands.items()),
    )


# -- the indicator values due from an officer ----------------------------------------------------


@dataclass(frozen=True)
class DueIndicator:
    indicator: Indicator
    organisation_id: int
    organisation_name: str
    period: Period
    overdue: bool  # a period before the one just ended
    last_period: Period | None
    last_value: Decimal | None

    @property
    def last_value_text(self) -> str:
        return shown_value(self.last_value, self.indicator)


def due_periods(frequency: Frequency, today: datetime.date) -> list[Period]:
    """The periods a value is due for: the one just ended, and every ended one of this year."""
    current = period_of(today, Frequency(frequency))
    ended = [Period(current.frequency, current.year, i) for i in range(1, current.index)]
    just_ended = current.previous()
    return ended if just_ended in ended else [just_ended, *ended]


def editing_organisations(user: User) -> dict[int, str]:
    """The organisations where `user` is an editor or manager, by id (one query)."""
    if not user.is_authenticated:
        return {}
    rows = OrganisationMembership.objects.filter(user=user, role__in=EDITING_ROLES)
    return dict(rows.values_list("organisation_id", "organisation__name"))


def _valid_in(indicator: Indicator, year: int) -> bool:
    return (indicator.valid_from is None or indicator.valid_from <= year) and (
        indicator.valid_to is None or indicator.valid_to >= year
    )


def indicators_due(
    user: User, today: datetime.date, *, organisation_id: int | None = None
) -> list[DueIndicator]:
    """Values due and not entered at the organisations `user` edits (four queries).

    An organisation's indicators are its own local ones and those it has a value or a target
    for this financial year or last."""
    organisations = editing_organisations(user)
    if organisation_id is not None:
        organisations = {k: v for k, v in organisations.items() if k == organisation_id}
    if not organisations:
        return []
    since = financial_year_of(today) - 1
    entered: dict[tuple[int, int], dict[Period, Decimal | None]] = defaultdict(dict)
    values = IndicatorValue.objects.filter(
        organisation_id__in=organisations, is_current=True, year__gte=since
    ).values_list("indicator_id", "organisation_id", "frequency", "year", "period_index", "value")
    for indicator_id, org_id, frequency, year, index, value in values:
        entered[(indicator_id, org_id)][Period(Frequency(frequency), year, index)] = value
    pairs = set(entered) | set(
        Target.objects.filter(organisation_id__in=organisations, year__gte=since)
        .values_list("indicator_id", "organisation_id")
        .distinct()
    )
    wanted = {pair[0] for pair in pairs}
    indicators = Indicator.objects.filter(Q(pk__in=wanted) | Q(owner_id__in=organisations))
    due = []
    for indicator in indicators.order_by("code", "pk"):
        orgs = {org for ind, org in pairs if ind == indicator.pk}
        if indicator.owner_id in organisations:
            orgs.add(indicator.owner_id)
        for org_id in sorted(orgs, key=lambda o: (organisations[o], o)):
            due += _due_for(indicator, org_id, organisations[org_id], entered, today)
    return sorted(due, key=lambda d: (d.organisation_name, d.indicator.code, d.period.first_day))


def _due_for(
    indicator: Indicator,
    org_id: int,
    org_name: str,
    entered: Mapping[tuple[int, int], Mapping[Period, Decimal | None]],
    today: datetime.date,
) -> list[DueIndicator]:
    frequency = Frequency(indicator.frequency)
    own = {
        p: v for p, v in entered.get((indicator.pk, org_id), {}).items() if p.frequency is frequency
    }
    last = max(own, default=None)
    periods = [
        p for p in due_periods(frequency, today) if p not in own and _valid_in(indicator, p.year)
    ]
    just_ended = period_of(today, frequency).previous()
    return [
        DueIndicator(
            indicator=indicator,
            organisation_id=org_id,
            organisation_name=org_name,
            period=period,
            overdue=period != just_ended,
            last_period=last,
            last_value=own[last] if last else None,
        )
        for period in periods
    ]
