"""Writes to the finance position: revenue lines and their quarterly forecasts, capital schemes
and their quarterly spend and forecast. Keyword-only, typed, atomic and audited; an edit names
the `updated_at` it started from and is refused when someone saved the row since."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import (
    acting,
    audit_record_removed,
    save_changed,
    save_created,
    snapshot,
)
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.organisations.models import Organisation
from vfmhub.performance.models import (
    CapitalForecast,
    CapitalScheme,
    RevenueForecast,
    RevenueLine,
)

QUARTERS = (1, 2, 3, 4)
BAD_QUARTER = "Choose a quarter from 1 to 4."
LINE_EXISTS = "The budget already has a line for this service and cost centre in this year."
SCHEME_EXISTS = "The capital programme already has this scheme in this year."

LINE_FIELDS = ["year", "service", "cost_centre", "budget", "source"]
FORECAST_FIELDS = ["quarter", "forecast_outturn", "actual_to_date", "note"]
SCHEME_FIELDS = ["year", "name", "reference", "budget", "source"]
CAPITAL_FORECAST_FIELDS = ["quarter", "spend_to_date", "forecast", "note"]


def _quarter_checked(quarter: int) -> int:
    if quarter not in QUARTERS:
        raise ValidationError({"quarter": BAD_QUARTER})
    return quarter


def _line_unique(line: RevenueLine) -> None:
    rows = RevenueLine.objects.filter(
        organisation_id=line.organisation_id,
        year=line.year,
        service=line.service,
        cost_centre=line.cost_centre,
    ).exclude(pk=line.pk)
    if rows.exists():
        raise ValidationError({"service": LINE_EXISTS})


@transaction.atomic
def revenue_line_add(
    *,
    acting_user: User | None,
    organisation: Organisation,
    year: int,
    service: str,
    budget: Decimal,
    cost_centre: str = "",
    source: str = "",
) -> RevenueLine:
    line = RevenueLine(
        organisation=organisation,
        year=year,
        service=service.strip(),
        cost_centre=cost_centre.strip(),
        budget=budget,
        source=source,
    )
    _line_unique(line)
    return save_created(
        line, acting_user=acting_user, action="performance.revenue_line.add", fields=LINE_FIELDS
    )


@transaction.atomic
def revenue_line_update(
    *,
    acting_user: User | None,
    line: RevenueLine,
    expected_updated_at: datetime.datetime | str | None,
    service: str,
    budget: Decimal,
    cost_centre: str = "",
    source: str = "",
) -> RevenueLine:
    line = lock_unchanged(line, expected_updated_at)
    before = snapshot(line, LINE_FIELDS)
    line.service, line.cost_centre = service.strip(), cost_centre.strip()
    line.budget, line.source = budget, source
    _line_unique(line)
    return save_changed(
        line, before, acting_user=acting_user, action="performance.revenue_line.update"
    )


@transaction.atomic
def revenue_line_remove(
    *,
    acting_user: User | None,
    line: RevenueLine,
    expected_updated_at: datetime.datetime | str | None,
) -> None:
    """Remove a line and its forecasts (the history keeps the values it had)."""
    line = lock_unchanged(line, expected_updated_at)
    audit_record_removed(
        acting_user=acting_user,
        action="performance.revenue_line.remove",
        obj=line,
        fields=LINE_FIELDS,
    )
    line.delete()


@transaction.atomic
def revenue_forecast_set(
    *,
    acting_user: User | None,
    line: RevenueLine,
    quarter: int,
    forecast_outturn: Decimal,
    actual_to_date: Decimal | None = None,
    note: str = "",
    expected_updated_at: datetime.datetime | str | None = None,
) -> RevenueForecast:
    """The line's forecast outturn (and actual to date) at the end of `quarter`: added, or
    changed when the quarter has one (from the version `expected_updated_at` names)."""
    _quarter_checked(quarter)
    existing = RevenueForecast.objects.filter(line=line, quarter=quarter).first()
    owners: dict[str, Any] = {"organisation_id": line.organisation_id}
    if existing is None:
        forecast = RevenueForecast(
            line=line,
            quarter=quarter,
            forecast_outturn=forecast_outturn,
            actual_to_date=actual_to_date,
            note=note,
            entered_by=acting(acting_user),
        )
        return save_created(
            forecast,
            acting_user=acting_user,
            action="performance.revenue_forecast.add",
            fields=FORECAST_FIELDS,
            **owners,
        )
    forecast = lock_unchanged(existing, expected_updated_at)
    before = snapshot(forecast, FORECAST_FIELDS)
    forecast.forecast_outturn, forecast.actual_to_date = forecast_outturn, actual_to_date
    forecast.note, forecast.entered_by = note, acting(acting_user)
    return save_changed(
        forecast,
        before,
        acting_user=acting_user,
        action="performance.revenue_forecast.update",
        **owners,
    )


def _scheme_unique(scheme: CapitalScheme) -> None:
    rows = CapitalScheme.objects.filter(
        organisation_id=scheme.organisation_id,
        year=scheme.year,
        name=scheme.name,
        reference=scheme.reference,
    ).exclude(pk=scheme.pk)
    if rows.exists():
        raise ValidationError({"name": SCHEME_EXISTS})


@transaction.atomic
def capital_scheme_add(
    *,
    acting_user: User | None,
    organisation: Organisation,
    year: int,
    name: str,
    budget: Decimal,
    reference: str = "",
    source: str = "",
) -> CapitalScheme:
    scheme = CapitalScheme(
        organisation=organisation,
        year=year,
        name=name.strip(),
        reference=reference.strip(),
        budget=budget,
        source=source,
    )
    _scheme_unique(scheme)
    return save_created(
        scheme,
        acting_user=acting_user,
        action="performance.capital_scheme.add",
        fields=SCHEME_FIELDS,
    )


@transaction.atomic
def capital_scheme_update(
    *,
    acting_user: User | None,
    scheme: CapitalScheme,
    expected_updated_at: datetime.datetime | str | None,
    name: str,
    budget: Decimal,
    reference: str = "",
    source: str = "",
) -> CapitalScheme:
    scheme = lock_unchanged(scheme, expected_updated_at)
    before = snapshot(scheme, SCHEME_FIELDS)
    scheme.name, scheme.reference = name.strip(), reference.strip()
    scheme.budget, scheme.source = budget, source
    _scheme_unique(scheme)
    return save_changed(
        scheme, before, acting_user=acting_user, action="performance.capital_scheme.update"
    )


@transaction.atomic
def capital_quarter_set(
    *,
    acting_user: User | None,
    scheme: CapitalScheme,
    quarter: int,
    spend_to_date: Decimal,
    forecast: Decimal,
    note: str = "",
    expected_updated_at: datetime.datetime | str | None = None,
) -> CapitalForecast:
    """The scheme's spend to date and forecast at the end of `quarter`: added, or changed."""
    _quarter_checked(quarter)
    existing = CapitalForecast.objects.filter(scheme=scheme, quarter=quarter).first()
    owners: dict[str, Any] = {"organisation_id": scheme.organisation_id}
    if existing is None:
        row = CapitalForecast(
            scheme=scheme,
            quarter=quarter,
            spend_to_date=spend_to_date,
            forecast=forecast,
            note=note,
            entered_by=acting(acting_user),
        )
        return save_created(
            row,
            acting_user=acting_user,
            action="performance.capital_forecast.add",
            fields=CAPITAL_FORECAST_FIELDS,
            **owners,
        )
    row = lock_unchanged(existing, expected_updated_at)
    before = snapshot(row, CAPITAL_FORECAST_FIELDS)
    row.spend_to_date, row.forecast = spend_to_date, forecast
    row.note, row.entered_by = note, acting(acting_user)
    return save_changed(
        row, before, acting_user=acting_user, action="performance.capital_forecast.update", **owners
    )
