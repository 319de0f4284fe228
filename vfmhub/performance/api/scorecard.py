"""An organisation's performance at a report quarter (the same rows and counts as its page, with
the page's filters), one indicator's trend, and the values due from the signed-in officer.

Organisations are reached through `performance.access` (404 to outsiders); those who are not the
organisation's own users see only values approved for publication. Lists take `limit` and
`offset` and answer `count` and `items`."""

from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from vfmhub.core.api.pagination import MAX_OFFSET, Pagination
from vfmhub.lib import clock
from vfmhub.lib.years import FinancialYear
from vfmhub.performance.access import indicator_of, performance_for_user
from vfmhub.performance.calculations import Band, Direction, Evaluation, Period
from vfmhub.performance.selectors.pages import (
    DueIndicator,
    Line,
    ScorecardFilters,
    indicators_due,
    latest_quarter_ended,
    scorecard_page,
)
from vfmhub.performance.selectors.scorecard import indicator_trend

router = Router(tags=["performance"])
MAX_TREND_YEARS = 20
TOO_MANY_YEARS = (
    f"Ask for at most {MAX_TREND_YEARS} years, with first_year no later than last_year."
)


class PeriodOut(Schema):
    label: str
    frequency: str
    year: int
    index: int


class BandOut(Schema):
    key: str
    name: str
    colour: str


class PriorityOut(Schema):
    key: str
    title: str


class CommentaryOut(Schema):
    what_happened: str
    what_is_being_done: str
    written_at: str


class PointOut(Schema):
    period: PeriodOut
    value: Decimal | None
    target: Decimal | None
    band: BandOut | None
    against_previous: Direction
    against_last_year: Direction
    year_to_date: Decimal | None
    forecast: Decimal | None
    forecast_is_forecast: bool


class ScorecardLineOut(PointOut):
    indicator_id: int
    code: str
    title: str
    unit: str
    national: bool
    priorities: list[PriorityOut]
    status: str | None
    forecast_entered: bool
    needs_commentary: bool
    commentary: CommentaryOut | None


class CountsOut(Schema):
    bands: dict[str, int]
    band_names: dict[str, str]
    improving: int
    worsening: int
    up_or_down: int
    no_real_change: int
    no_comparison: int
    needing_commentary: int


class ScorecardOut(Schema):
    organisation_id: int
    year: int
    quarter: int
    total: int
    counts: CountsOut
    count: int
    items: list[ScorecardLineOut]


class ScorecardQuery(Schema):
    year: FinancialYear | None = None
    quarter: int | None = Field(None, ge=1, le=4)
    band: str = Field("", max_length=40)
    direction: Direction | None = None
    owner: Literal["national", "local"] | None = None
    priority: str = Field("", max_length=40)
    limit: int = Field(
        settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class TrendOut(Schema):
    indicator_id: int
    code: str
    title: str
    points: list[PointOut]


class DueOut(Schema):
    indicator_id: int
    code: str
    title: str
    organisation_id: int
    organisation_name: str
    period: PeriodOut
    overdue: bool
    last_period: PeriodOut | None
    last_value: Decimal | None


def _period(period: Period) -> dict:
    return {
        "label": period.label,
        "frequency": period.frequency.value,
        "year": period.year,
        "index": period.index,
    }


def _band(band: Band | None) -> dict | None:
    return None if band is None else {"key": band.key, "name": band.name, "colour": band.colour}


def _point(evaluation: Evaluation) -> dict:
    return {
        "period": _period(evaluation.period),
        "value": evaluation.value,
        "target": evaluation.target,
        "band": _band(evaluation.band),
        "against_previous": evaluation.against_previous,
        "against_last_year": evaluation.against_last_year,
        "year_to_date": evaluation.year_to_date,
        "forecast": evaluation.forecast,
        "forecast_is_forecast": evaluation.forecast_is_forecast,
    }


def _line(line: Line) -> dict:
    note = line.commentary
    return _point(line.reported.evaluation) | {
        "indicator_id": line.indicator.pk,
        "code": line.indicator.code,
        "title": line.indicator.title,
        "unit": line.indicator.unit,
        "national": line.indicator.is_national,
        "priorities": [{"key": p.key, "title": p.title} for p in line.priorities],
        "status": line.reported.status,
        "forecast_entered": line.reported.forecast_entered,
        "needs_commentary": line.reported.needs_commentary,
        "commentary": None
        if note is None
        else {
            "what_happened": note.what_happened,
            "what_is_being_done": note.what_is_being_done,
            "written_at": note.written_at.isoformat(),
        },
    }


@router.get(
    "/organisations/{int:organisation_id}/scorecard",
    response=ScorecardOut,
    summary="An organisation's indicators at a report quarter: value, target, RAG, direction, "
    "forecast, commentary (filtered as the page; counts are of every indicator)",
)
def get_scorecard(request, organisation_id: int, query: Query[ScorecardQuery]):
    access = performance_for_user(request.user, organisation_id)
    default_year, default_quarter = latest_quarter_ended(clock.today())
    year = query.year if query.year is not None else default_year
    quarter = query.quarter if query.quarter is not None else default_quarter
    filters = ScorecardFilters(
        band=query.band.strip(),
        direction=query.direction.value if query.direction else "",
        owner=query.owner or "",
        priority=query.priority.strip(),
    )
    card = scorecard_page(access, year=year, quarter=quarter, filters=filters)
    counts = card.counts
    return {
        "organisation_id": access.organisation.pk,
        "year": year,
        "quarter": quarter,
        "total": card.total,
        "counts": counts.__dict__,
        "count": len(card.lines),
        "items": [_line(line) for line in card.lines[query.offset : query.offset + query.limit]],
    }


@router.get(
    "/organisations/{int:organisation_id}/indicators/{int:indicator_id}/trend",
    response=TrendOut,
    summary="One indicator's values, targets, RAG and direction by period (a monthly one by "
    "quarter): the trend chart's points",
)
def get_trend(
    request,
    organisation_id: int,
    indicator_id: int,
    first_year: FinancialYear | None = None,
    last_year: FinancialYear | None = None,
):
    access = performance_for_user(request.user, organisation_id)
    indicator = indicator_of(request.user, access, indicator_id)
    last = last_year if last_year is not None else latest_quarter_ended(clock.today())[0]
    first = first_year if first_year is not None else last - 4
    if not 0 <= last - first < MAX_TREND_YEARS:
        raise ValidationError({"first_year": [TOO_MANY_YEARS]})
    points = indicator_trend(access, indicator, first_year=first, last_year=last)
    return {
        "indicator_id": indicator.pk,
        "code": indicator.code,
        "title": indicator.title,
        "points": [_point(p) for p in points],
    }


def _due(row: DueIndicator) -> dict:
    return {
        "indicator_id": row.indicator.pk,
        "code": row.indicator.code,
        "title": row.indicator.title,
        "organisation_id": row.organisation_id,
        "organisation_name": row.organisation_name,
        "period": _period(row.period),
        "overdue": row.overdue,
        "last_period": _period(row.last_period) if row.last_period else None,
        "last_value": row.last_value,
    }


@router.get(
    "/due",
    response=list[DueOut],
    summary="Indicator values due and not entered at the organisations where you are an "
    "editor or manager",
)
@paginate(Pagination)
def list_due(request):
    return [_due(row) for row in indicators_due(request.user, clock.today())]
