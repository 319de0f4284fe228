"""The finance API: the position, the revenue lines (paginated, queries pinned), a quarter's
forecast added and changed at the version read; 404 to all but the organisation's own users,
403 to viewers on writes."""

from decimal import Decimal

import pytest

from vfmhub.performance.models import RevenueForecast
from vfmhub.performance.tests.test_finance_services import (
    YEAR,
    add_forecast,
    add_line,
    add_scheme,
)
from vfmhub.testing import assert_access, client_for

HIDDEN = ["outsider", "auditor", "partnership_manager", "partnership_viewer", "peer_reviewer"]


def _base(personas) -> str:
    return f"/api/v1/performance/organisations/{personas.org_a.pk}/finance"


def test_it_gives_the_position(personas):
    waste = add_line(personas)
    add_forecast(personas, waste, 1, "2510000")
    add_scheme(personas)
    response = client_for(personas.viewer).get(
        f"{_base(personas)}/position", {"year": YEAR, "quarter": 2}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["revenue"][0]["forecast_quarter"] == 1
    assert Decimal(body["revenue"][0]["variance"]) == Decimal("10000")
    assert body["revenue"][0]["rag"] == "green"
    assert body["capital"][0]["forecast"] is None
    assert [b["rag"] for b in body["bands"]] == ["red", "amber", "green", "amber"]
    assert body["savings"] is None


def test_the_position_is_for_own_users_only(personas):
    url = f"{_base(personas)}/position?year={YEAR}&quarter=1"
    assert_access(personas, url, allowed=["viewer", "editor", "staff"], hidden=HIDDEN)


@pytest.mark.parametrize("query", ["year=1&quarter=1", f"year={YEAR}&quarter=5", "year=x"])
def test_a_bad_year_or_quarter_is_422(personas, query):
    response = client_for(personas.viewer).get(f"{_base(personas)}/position?{query}")
    assert response.status_code == 422


def test_it_lists_lines_in_pages_with_fixed_queries(personas, django_assert_num_queries):
    client = client_for(personas.viewer)
    url = f"{_base(personas)}/revenue-lines"
    client.get(url)
    for n in (1, 6):
        for i in range(n):
            add_line(personas, f"Service {n}-{i}")
        # session, user, organisation with role, auditor's years, count, page
        with django_assert_num_queries(6):
            response = client.get(url, {"limit": 3, "year": YEAR})
        assert response.status_code == 200
    body = response.json()
    assert body["count"] == 7 and len(body["items"]) == 3
    assert_access(personas, url, allowed=["viewer"], hidden=HIDDEN)


def test_an_editor_adds_a_forecast_and_changes_it_at_the_version_read(personas):
    line = add_line(personas)
    client = client_for(personas.editor)
    url = f"{_base(personas)}/revenue-lines/{line.pk}/forecasts"
    added = client.post(
        url, {"quarter": 2, "forecast_outturn": "2600000"}, content_type="application/json"
    )
    assert added.status_code == 201
    again = client.post(
        url, {"quarter": 2, "forecast_outturn": "1"}, content_type="application/json"
    )
    assert again.status_code == 409
    version = added.json()["updated_at"]
    patch = f"{url}/2"
    no_version = client.patch(patch, {"forecast_outturn": "1"}, content_type="application/json")
    assert no_version.status_code == 428
    changed = client.patch(
        patch,
        {"forecast_outturn": "2650000", "note": "Agency", "updated_at": version},
        content_type="application/json",
    )
    assert changed.status_code == 200
    stale = client.patch(
        patch, {"forecast_outturn": "3", "updated_at": version}, content_type="application/json"
    )
    assert stale.status_code == 409
    forecast = RevenueForecast.objects.get()
    assert (forecast.forecast_outturn, forecast.note) == (Decimal("2650000"), "Agency")
    kept = client.patch(
        patch,
        {"actual_to_date": "5", "updated_at": changed.json()["updated_at"]},
        content_type="application/json",
    )
    assert kept.status_code == 200  # fields left out keep their values
    assert (kept.json()["forecast_outturn"], kept.json()["note"]) == ("2650000.00", "Agency")
    null = client.patch(
        patch, {"note": None, "updated_at": version}, content_type="application/json"
    )
    assert null.status_code == 422
    missing = client.patch(
        f"{url}/3",
        {"forecast_outturn": "3", "updated_at": version},
        content_type="application/json",
    )
    assert missing.status_code == 404


def test_forecast_writes_refuse_viewers_and_hide_from_others(personas):
    line = add_line(personas)
    url = f"{_base(personas)}/revenue-lines/{line.pk}/forecasts"
    assert_access(
        personas,
        url,
        method="post",
        data={"quarter": 1, "forecast_outturn": "1"},
        content_type="application/json",
        forbidden=["viewer"],
        hidden=HIDDEN,
        allowed=["editor"],
        ok=(201,),
    )
    bad = client_for(personas.viewer).post(url, {"nonsense": 1}, content_type="application/json")
    assert bad.status_code == 403  # permission before validation
    huge = client_for(personas.editor).post(
        url, {"quarter": 2, "forecast_outturn": "1e999"}, content_type="application/json"
    )
    assert huge.status_code == 422
