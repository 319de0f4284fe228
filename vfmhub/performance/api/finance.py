"""The finance position over the API (under /api/v1/performance): the position for a year and
quarter, the revenue lines (paginated), and a line's quarterly forecast (added, or changed at
the version read). Only the organisation's own users reach it (404 to everyone else); writes
need an editor (403 to viewers)."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import (
    VersionedOut,
    sent_version,
    stale_as_conflict,
    updates_record,
)
from vfmhub.core.api.writes import refuse_null, write_access
from vfmhub.lib.money import Money
from vfmhub.lib.years import FinancialYear
from vfmhub.organisations.access import NEEDS_ROLE
from vfmhub.performance.access import (
    PerformanceAccess,
    finance_access,
    performance_for_user,
    revenue_line_of,
)
from vfmhub.performance.selectors import finance as selectors
from vfmhub.performance.services import finance as services

router = Router()
FINANCE = "/organisations/{int:organisation_id}/finance"
LINE = FINANCE + "/revenue-lines/{int:line_id}"
FORECAST_EXISTS = "This line already has a forecast for quarter {quarter}: change it with PATCH."
NO_FORECAST = "This line has no forecast for quarter {quarter}: add one with POST."


class FinanceBandOut(Schema):
    rag: str
    label: str
    colour: str
    above: Decimal | None
    up_to: Decimal | None


class RevenuePositionOut(Schema):
    line_id: int
    service: str
    cost_centre: str
    budget: Decimal
    forecast_outturn: Decimal | None
    forecast_quarter: int | None
    actual_to_date: Decimal | None
    variance: Decimal | None
    variance_percent: Decimal | None
    rag: str
    note: str
    updated_at: str


class CapitalPositionOut(Schema):
    scheme_id: int
    name: str
    reference: str
    budget: Decimal
    spend_to_date: Decimal | None
    forecast: Decimal | None
    forecast_quarter: int | None
    variance: Decimal | None
    slippage: Decimal | None
    note: str
    updated_at: str


class FinanceTotalsOut(Schema):
    budget: Decimal
    forecast: Decimal
    variance: Decimal
    variance_percent: Decimal | None
    to_date: Decimal
    slippage: Decimal
    rag: str
    without_forecast: int


class FinanceSavingsOut(Schema):
    programme_id: int
    programme_name: str
    recorded: Decimal
    target: Decimal | None


class FinancePositionOut(Schema):
    organisation_id: int
    organisation_name: str
    year: int
    quarter: int
    revenue: list[RevenuePositionOut]
    revenue_totals: FinanceTotalsOut
    capital: list[CapitalPositionOut]
    capital_totals: FinanceTotalsOut
    savings: FinanceSavingsOut | None
    bands: list[FinanceBandOut]


class RevenueLineOut(VersionedOut):
    id: int
    year: int
    service: str
    cost_centre: str
    budget: Decimal
    source: str
    updated_at: str


class RevenueForecastIn(Schema):
    quarter: int
    forecast_outturn: Money
    actual_to_date: Money | None = None
    note: str = ""


class RevenueForecastPatchIn(Schema):
    """Fields left out keep their values; `updated_at` is the forecast's, as read (409 when it
    changed since)."""

    forecast_outturn: Money | None = None
    actual_to_date: Money | None = None  # null clears it
    note: str | None = None
    updated_at: datetime.datetime | None = None

    _not_null = refuse_null("forecast_outturn", "note")


class RevenueForecastOut(VersionedOut):
    id: int
    line_id: int
    quarter: int
    forecast_outturn: Decimal
    actual_to_date: Decimal | None
    note: str
    updated_at: str


def _finance(request: Any, organisation_id: int, *, edit: bool = False) -> PerformanceAccess:
    access = finance_access(performance_for_user(request.user, organisation_id))
    if edit and not access.can_edit:
        raise PermissionDenied(NEEDS_ROLE)
    return access


def _edits(request: Any, organisation_id: int, **_: Any) -> Any:
    return _finance(request, organisation_id, edit=True)


@router.get(
    FINANCE + "/position",
    response=FinancePositionOut,
    summary="The finance position for a year at the end of a quarter (the body's own users)",
)
def get_finance_position(
    request: Any, organisation_id: int, year: FinancialYear, quarter: int = 4
) -> Any:
    """Revenue lines with the latest forecast at or before `quarter`, variance and RAG (its key
    in `bands`), capital schemes with spend, forecast and slippage, totals, and the efficiency
    savings beside them."""
    if quarter not in services.QUARTERS:
        raise HttpError(422, services.BAD_QUARTER)
    access = _finance(request, organisation_id)
    return selectors.finance_position(access, year=year, quarter=quarter)


@router.get(
    FINANCE + "/revenue-lines",
    response=list[RevenueLineOut],
    summary="The revenue budget lines, by year and service",
)
@paginate(Pagination)
def list_revenue_lines(request: Any, organisation_id: int, year: FinancialYear | None = None):
    return selectors.revenue_lines(_finance(request, organisation_id), year=year)


def _quarter_checked(quarter: int) -> None:
    if quarter not in services.QUARTERS:
        raise HttpError(422, services.BAD_QUARTER)


@router.post(
    LINE + "/forecasts",
    response={201: RevenueForecastOut},
    summary="Add a line's forecast outturn for a quarter that has none (editors)",
)
@write_access(_edits)
def add_revenue_forecast(
    request: Any, organisation_id: int, line_id: int, payload: RevenueForecastIn
):
    access = _finance(request, organisation_id, edit=True)
    line = revenue_line_of(access, line_id)
    _quarter_checked(payload.quarter)
    if selectors.revenue_forecast_at(line, payload.quarter) is not None:
        raise HttpError(409, FORECAST_EXISTS.format(quarter=payload.quarter))
    forecast = services.revenue_forecast_set(acting_user=request.user, line=line, **payload.dict())
    return Status(201, forecast)


@router.patch(
    LINE + "/forecasts/{int:quarter}",
    response=RevenueForecastOut,
    summary="Change a line's forecast for a quarter; send the updated_at you read",
)
@write_access(_edits)
@updates_record
def patch_revenue_forecast(
    request: Any, organisation_id: int, line_id: int, quarter: int, payload: RevenueForecastPatchIn
):
    access = _finance(request, organisation_id, edit=True)
    line = revenue_line_of(access, line_id)
    _quarter_checked(quarter)
    forecast = selectors.revenue_forecast_at(line, quarter)
    if forecast is None:
        raise HttpError(404, NO_FORECAST.format(quarter=quarter))
    expected = sent_version(request, payload.updated_at)
    values = {
        "forecast_outturn": forecast.forecast_outturn,
        "actual_to_date": forecast.actual_to_date,
        "note": forecast.note,
        **payload.dict(exclude_unset=True, exclude={"updated_at"}),
    }
    with stale_as_conflict():
        return services.revenue_forecast_set(
            acting_user=request.user,
            line=line,
            quarter=quarter,
            expected_updated_at=expected,
            **values,
        )
