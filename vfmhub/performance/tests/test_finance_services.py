"""The finance services: revenue lines and forecasts, capital schemes and quarters; each write
audited, edits refused when someone saved since (optimistic locking)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vfmhub.audit.models import AuditEvent
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.performance.models import CapitalForecast, RevenueForecast, RevenueLine
from vfmhub.performance.services import finance as services

YEAR = 2024


def add_line(personas, service="Waste and recycling", budget="2500000", **fields) -> RevenueLine:
    return services.revenue_line_add(
        acting_user=personas.editor,
        organisation=fields.pop("organisation", personas.org_a),
        year=fields.pop("year", YEAR),
        service=service,
        budget=Decimal(budget),
        **fields,
    )


def add_forecast(personas, line, quarter, outturn, actual=None) -> RevenueForecast:
    return services.revenue_forecast_set(
        acting_user=personas.editor,
        line=line,
        quarter=quarter,
        forecast_outturn=Decimal(outturn),
        actual_to_date=Decimal(actual) if actual is not None else None,
    )


def add_scheme(personas, name="Leisure centre roof", budget="1200000", **fields):
    return services.capital_scheme_add(
        acting_user=personas.editor,
        organisation=fields.pop("organisation", personas.org_a),
        year=fields.pop("year", YEAR),
        name=name,
        budget=Decimal(budget),
        **fields,
    )


def test_it_adds_a_line_and_records_it(personas):
    line = add_line(personas, cost_centre=" PL100 ")
    assert (line.cost_centre, line.budget) == ("PL100", Decimal("2500000"))
    event = AuditEvent.objects.get(action="performance.revenue_line.add")
    assert event.organisation_id == personas.org_a.pk
    assert event.changes["budget"] == [None, "2500000"]


def test_it_refuses_the_same_line_twice(personas):
    add_line(personas)
    with pytest.raises(ValidationError) as caught:
        add_line(personas)
    assert caught.value.message_dict == {"service": [services.LINE_EXISTS]}


def test_it_updates_a_line_with_its_history(personas):
    line = add_line(personas)
    services.revenue_line_update(
        acting_user=personas.editor,
        line=line,
        expected_updated_at=line.updated_at,
        service="Waste",
        budget=Decimal("2600000"),
    )
    line.refresh_from_db()
    assert (line.service, line.budget) == ("Waste", Decimal("2600000"))
    event = AuditEvent.objects.get(action="performance.revenue_line.update")
    assert event.changes == {
        "service": ["Waste and recycling", "Waste"],
        "budget": ["2500000.00", "2600000"],
    }


def test_it_refuses_a_stale_edit(personas):
    line = add_line(personas)
    opened = line.updated_at
    services.revenue_line_update(
        acting_user=personas.editor,
        line=line,
        expected_updated_at=opened,
        service="Waste",
        budget=Decimal(1),
    )
    with pytest.raises(ValidationError) as caught:
        services.revenue_line_update(
            acting_user=personas.editor,
            line=line,
            expected_updated_at=opened,
            service="Other",
            budget=Decimal(2),
        )
    assert caught.value.messages == [CHANGED_SINCE_OPENED]
    line.refresh_from_db()
    assert line.service == "Waste"


def test_it_removes_a_line_with_its_forecasts(personas):
    line = add_line(personas)
    add_forecast(personas, line, 1, "2510000")
    services.revenue_line_remove(
        acting_user=personas.editor, line=line, expected_updated_at=line.updated_at
    )
    assert not RevenueLine.objects.exists() and not RevenueForecast.objects.exists()
    event = AuditEvent.objects.get(action="performance.revenue_line.remove")
    assert event.changes["service"] == ["Waste and recycling", None]


def test_it_sets_a_forecast_then_changes_it(personas):
    line = add_line(personas)
    first = add_forecast(personas, line, 2, "2600000", "1200000")
    assert first.entered_by == personas.editor
    services.revenue_forecast_set(
        acting_user=personas.manager,
        line=line,
        quarter=2,
        forecast_outturn=Decimal("2650000"),
        expected_updated_at=first.updated_at,
        note="Agency staff",
    )
    forecast = RevenueForecast.objects.get()
    assert (forecast.forecast_outturn, forecast.actual_to_date) == (Decimal("2650000"), None)
    assert forecast.entered_by == personas.manager
    event = AuditEvent.objects.get(action="performance.revenue_forecast.update")
    assert event.changes["forecast_outturn"] == ["2600000.00", "2650000"]
    assert event.organisation_id == personas.org_a.pk


def test_it_refuses_a_quarter_outside_one_to_four(personas):
    line = add_line(personas)
    with pytest.raises(ValidationError) as caught:
        add_forecast(personas, line, 5, "1")
    assert caught.value.message_dict == {"quarter": [services.BAD_QUARTER]}


def test_it_refuses_a_stale_forecast_change(personas):
    line = add_line(personas)
    first = add_forecast(personas, line, 1, "1")
    opened = first.updated_at
    add_forecast(personas, line, 1, "2")
    with pytest.raises(ValidationError):
        services.revenue_forecast_set(
            acting_user=personas.editor,
            line=line,
            quarter=1,
            forecast_outturn=Decimal(3),
            expected_updated_at=opened,
        )
    assert RevenueForecast.objects.get().forecast_outturn == Decimal(2)


def test_it_adds_and_changes_capital_schemes_and_quarters(personas):
    scheme = add_scheme(personas, reference="CAP01")
    services.capital_scheme_update(
        acting_user=personas.editor,
        scheme=scheme,
        expected_updated_at=scheme.updated_at,
        name="Leisure centre roof",
        reference="CAP01",
        budget=Decimal("1300000"),
    )
    row = services.capital_quarter_set(
        acting_user=personas.editor,
        scheme=scheme,
        quarter=2,
        spend_to_date=Decimal("450000"),
        forecast=Decimal("1000000"),
    )
    services.capital_quarter_set(
        acting_user=personas.editor,
        scheme=scheme,
        quarter=2,
        spend_to_date=Decimal("500000"),
        forecast=Decimal("1000000"),
        expected_updated_at=row.updated_at,
    )
    assert CapitalForecast.objects.get().spend_to_date == Decimal("500000")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "performance.capital_scheme.add",
        "performance.capital_scheme.update",
        "performance.capital_forecast.add",
        "performance.capital_forecast.update",
    } <= actions
