"""The finance pages: the position (tables, RAG key, savings, exports), edits, the import's
upload, preview and confirm; 404 to all but the organisation's own users, 403 to viewers on
writes; query counts pinned."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.performance.models import CapitalForecast, RevenueForecast, RevenueLine
from vfmhub.performance.services import finance as services
from vfmhub.performance.tests.test_finance_position import join_programme
from vfmhub.performance.tests.test_finance_services import (
    YEAR,
    add_forecast,
    add_line,
    add_scheme,
)
from vfmhub.testing import assert_access, client_for

FILES = Path(__file__).parent / "fixtures" / "finance"
OWN = ["manager", "editor", "viewer", "staff"]
HIDDEN = ["outsider", "auditor", "partnership_manager", "partnership_viewer", "peer_reviewer"]


def _url(personas, name="performance:finance_position", *args) -> str:
    return reverse(name, args=[personas.org_a.pk, *args])


def _position_url(personas, quarter=2) -> str:
    return f"{_url(personas)}?year={YEAR}&quarter={quarter}"


def test_the_position_is_for_the_organisations_own_users_only(personas):
    assert_access(personas, _position_url(personas), allowed=OWN, hidden=HIDDEN)


def test_it_shows_revenue_capital_rag_key_and_savings(personas):
    waste = add_line(personas)
    add_forecast(personas, waste, 2, "2620000", "1240000")
    add_scheme(personas)
    page = client_for(personas.viewer).get(_position_url(personas)).content.decode()
    assert "Waste and recycling" in page and "£2,620,000.00" in page
    assert "govuk-tag--red" in page  # 4.8% over
    assert "Overspend of more than 3% of budget" in page  # the key
    assert "Leisure centre roof" in page and "No forecast" in page
    assert 'data-testid="no-savings"' in page
    assert "Add a revenue line" not in page  # a viewer does not edit


def test_the_position_page_has_a_fixed_number_of_queries(personas, django_assert_num_queries):
    client = client_for(personas.editor)
    client.get(_position_url(personas))  # the session, warmed

    def count_for(n: int) -> None:
        for i in range(n):
            line = add_line(personas, f"Service {n}-{i}")
            add_forecast(personas, line, 1, "2500000")
            add_scheme(personas, f"Scheme {n}-{i}")
        # session, user, organisation with role, auditor's years, revenue lines, forecasts,
        # schemes, capital quarters, efficiency programmes, years of lines, years of schemes
        with django_assert_num_queries(11):
            assert client.get(_position_url(personas)).status_code == 200

    count_for(1)
    count_for(8)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_exports_the_revenue_and_capital_tables(personas, fmt):
    add_forecast(personas, add_line(personas), 2, "2620000")
    add_scheme(personas, "=HYPERLINK(1)")
    client = client_for(personas.viewer)
    revenue = client.get(f"{_position_url(personas)}&export={fmt}&table=revenue")
    capital = client.get(f"{_position_url(personas)}&export={fmt}&table=capital")
    assert revenue.status_code == capital.status_code == 200
    if fmt == "csv":
        assert "Waste and recycling" in revenue.content.decode()
        assert "'=HYPERLINK(1)" in capital.content.decode()  # neutralised


def test_an_unknown_export_or_period_does_not_fail(personas):
    client = client_for(personas.viewer)
    assert client.get(f"{_url(personas)}?export=pdf").status_code == 404
    assert client.get(f"{_url(personas)}?year=99999&quarter=x").status_code == 200


@pytest.mark.parametrize(
    "name, args",
    [
        ("performance:finance_revenue_add", []),
        ("performance:finance_capital_add", []),
        ("performance:finance_import", []),
    ],
)
def test_write_pages_are_for_editors(personas, name, args):
    url = _url(personas, name, *args)
    assert_access(
        personas,
        url,
        allowed=["editor", "manager"],
        forbidden=["viewer"],
        hidden=HIDDEN,
    )


def test_edit_pages_of_a_line_refuse_viewers_and_hide_from_others(personas):
    line = add_line(personas)
    scheme = add_scheme(personas)
    for url in (
        _url(personas, "performance:finance_revenue_edit", line.pk),
        _url(personas, "performance:finance_revenue_forecast", line.pk),
        _url(personas, "performance:finance_revenue_remove", line.pk),
        _url(personas, "performance:finance_capital_edit", scheme.pk),
        _url(personas, "performance:finance_capital_quarter", scheme.pk),
    ):
        assert_access(personas, url, allowed=["editor"], forbidden=["viewer"], hidden=HIDDEN)
        assert_access(personas, url, method="post", forbidden=["viewer"], hidden=HIDDEN)
    other = add_line(personas, organisation=personas.org_b)
    url = _url(personas, "performance:finance_revenue_edit", other.pk)
    assert client_for(personas.editor).get(url).status_code == 404


def test_an_editor_adds_a_line_and_sets_its_forecast(personas):
    client = client_for(personas.editor)
    response = client.post(
        _url(personas, "performance:finance_revenue_add"),
        {"year": YEAR, "service": "Planning", "budget": "£600,000", "cost_centre": ""},
    )
    assert response.status_code == 302
    line = RevenueLine.objects.get()
    url = _url(personas, "performance:finance_revenue_forecast", line.pk)
    response = client.post(
        url, {"quarter": "2", "forecast_outturn": "(1,000)", "actual_to_date": "", "note": ""}
    )
    assert response.status_code == 302 and "quarter=2" in response["Location"]
    assert RevenueForecast.objects.get().forecast_outturn == Decimal("-1000")


def test_a_stale_edit_is_refused_on_the_page(personas):
    line = add_line(personas)
    client = client_for(personas.editor)
    url = _url(personas, "performance:finance_revenue_edit", line.pk)
    stamp = line.updated_at.isoformat()
    services.revenue_line_update(
        acting_user=personas.manager,
        line=line,
        expected_updated_at=None,
        service="Waste",
        budget=Decimal(1),
    )
    response = client.post(
        url, {"service": "Other", "budget": "2", "cost_centre": "", "version_stamp": stamp}
    )
    assert response.status_code == 200
    assert CHANGED_SINCE_OPENED in response.content.decode()
    assert RevenueLine.objects.get().service == "Waste"


def test_a_bad_amount_shows_an_error_not_a_failure(personas):
    client = client_for(personas.editor)
    response = client.post(
        _url(personas, "performance:finance_capital_add"),
        {"year": YEAR, "name": "Roof", "budget": "1e999999"},
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()


def test_the_capital_quarter_page_saves(personas):
    scheme = add_scheme(personas)
    response = client_for(personas.editor).post(
        _url(personas, "performance:finance_capital_quarter", scheme.pk),
        {"quarter": "3", "spend_to_date": "100", "forecast": "200", "note": "On track"},
    )
    assert response.status_code == 302
    assert CapitalForecast.objects.get().quarter == 3


def _upload(client, personas, name, **extra):
    data = {"year": YEAR, "file": SimpleUploadedFile(name, (FILES / name).read_bytes())}
    return client.post(_url(personas, "performance:finance_import"), {**data, **extra})


def test_the_import_previews_then_confirms(personas):
    client = client_for(personas.editor)
    upload_page = client.get(_url(personas, "performance:finance_import")).content.decode()
    assert "Revised budget" in upload_page and "Spend to date" in upload_page
    response = _upload(client, personas, "budget_monitoring_q2.xlsx")
    assert response.status_code == 302
    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert preview.status_code == 200 and "Town centre regeneration" in page
    assert 'data-testid="not-read"' in page and not RevenueLine.objects.exists()
    token = response["Location"].rstrip("/").split("/")[-1]
    confirm = client.post(_url(personas, "performance:finance_import_confirm", token))
    assert confirm.status_code == 302
    assert RevenueLine.objects.count() == 4


def test_the_import_preview_lists_problems(personas):
    client = client_for(personas.editor)
    bad = SimpleUploadedFile("bad.csv", b"Service,Budget\nPlanning,lots\n")
    response = client.post(
        _url(personas, "performance:finance_import"), {"year": YEAR, "file": bad}
    )
    page = client.get(response["Location"]).content.decode()
    assert "There is a problem" in page and "is not an amount of money" in page


def test_another_users_upload_is_not_found(personas):
    response = _upload(client_for(personas.editor), personas, "capital_bare_cr.csv")
    assert client_for(personas.manager).get(response["Location"]).status_code == 404


def test_it_shows_the_savings_beside_with_fixed_queries(personas, django_assert_num_queries):
    join_programme(personas)
    client = client_for(personas.viewer)
    url = f"{_url(personas)}?year=2009&quarter=4"
    client.get(url)
    # as the position page, and the programme's participant, gains, baselines and targets
    with django_assert_num_queries(15):
        page = client.get(url).content.decode()
    assert 'data-testid="savings"' in page and "£600,000.00" in page  # the 2009/10 target
