"""The performance API: an organisation's scorecard (the page's rows, counts and filters,
paginated), an indicator's trend and the values due from the signed-in officer; access as on the
pages, approved values only for partnership users, hostile parameters, query counts pinned."""

import pytest

from vfmhub.performance.tests.test_scorecard import (
    READERS,
    TODAY,
    build_card,
    make_indicator,
    make_many,
    make_value,
)
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"


@pytest.fixture
def today(clock_at):
    clock_at(TODAY)
    return TODAY


@pytest.fixture
def card(personas, today):
    return build_card(personas)


def scorecard_url(org, query=""):
    return f"{API}/organisations/{org.pk}/scorecard" + (f"?{query}" if query else "")


def test_it_answers_the_pages_rows_and_counts(personas, card):
    body = client_for(personas.viewer).get(scorecard_url(personas.org_a)).json()
    assert (body["year"], body["quarter"], body["total"], body["count"]) == (2024, 2, 3, 3)
    assert body["counts"]["bands"] == {"green": 1, "red": 1, "amber": 1}
    assert body["counts"]["needing_commentary"] == 1
    rows = {row["code"]: row for row in body["items"]}
    assert rows["R1"]["band"]["name"] == "Off target" and rows["R1"]["needs_commentary"]
    assert rows["R1"]["value"] == "70.0" and rows["R1"]["status"] == "provisional"
    assert rows["G1"]["priorities"][0]["title"] == "Good homes"
    assert rows["G1"]["against_previous"] == "improving"
    assert rows["L1"]["commentary"]["what_happened"].endswith("Fewer staff in the summer.")


def test_it_is_read_by_the_organisations_readers_and_hidden_from_outsiders(personas, card):
    assert_access(personas, scorecard_url(personas.org_a), allowed=READERS, hidden=["outsider"])


def test_partnership_users_see_only_approved_values(personas, card):
    body = client_for(personas.partnership_viewer).get(scorecard_url(personas.org_a)).json()
    red = next(row for row in body["items"] if row["code"] == "R1")
    assert red["value"] is None and red["status"] is None


def test_it_filters_and_paginates(personas, card):
    client = client_for(personas.viewer)
    body = client.get(scorecard_url(personas.org_a, "owner=national&direction=improving")).json()
    assert [row["code"] for row in body["items"]] == ["G1"]
    assert body["count"] == 1 and body["total"] == 3
    body = client.get(scorecard_url(personas.org_a, "limit=2&offset=2")).json()
    assert [row["code"] for row in body["items"]] == ["R1"] and body["count"] == 3


@pytest.mark.parametrize(
    "query",
    [
        "year=99999999",
        "quarter=9",
        "quarter=junk",
        "direction=sideways",
        "owner=x",
        "limit=0",
        "offset=-1",
        "band=" + "x" * 100,
    ],
)
def test_hostile_parameters_answer_422(personas, card, query):
    response = client_for(personas.viewer).get(scorecard_url(personas.org_a, query))
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_scorecards_query_count_is_fixed(personas, today, count, django_assert_num_queries):
    make_many(personas, count)
    client = client_for(personas.viewer)
    # session, user, the organisation, its auditor assignments, values, targets, rules,
    # commentary, entered forecasts, indicators, priorities
    with django_assert_num_queries(11):
        response = client.get(scorecard_url(personas.org_a, "limit=500"))
    assert response.json()["count"] == count


def test_it_answers_an_indicators_trend(personas, card, django_assert_num_queries):
    url = f"{API}/organisations/{personas.org_a.pk}/indicators/{card['red'].pk}/trend"
    client = client_for(personas.viewer)
    # session, user, the organisation, its auditor assignments, the indicator, values, targets,
    # rules
    with django_assert_num_queries(8):
        body = client.get(url + "?first_year=2024&last_year=2024").json()
    assert [p["period"]["label"] for p in body["points"]] == [f"Q{i} 2024/25" for i in (1, 2, 3, 4)]
    assert [p["value"] for p in body["points"][:2]] == ["80.0", "70.0"]
    partner = client_for(personas.partnership_viewer).get(url + "?first_year=2024").json()
    assert partner["points"][1]["value"] is None
    assert_access(personas, url, allowed=READERS, hidden=["outsider"])


@pytest.mark.parametrize(
    "query",
    ["first_year=2000&last_year=2024", "first_year=2025&last_year=2024", "first_year=99999999"],
)
def test_a_trend_over_too_many_years_answers_422(personas, card, query):
    url = f"{API}/organisations/{personas.org_a.pk}/indicators/{card['red'].pk}/trend?{query}"
    assert client_for(personas.viewer).get(url).status_code == 422


def test_another_organisations_local_indicator_has_no_trend(personas, card):
    local = make_indicator("B1", owner=personas.org_b)
    url = f"{API}/organisations/{personas.org_a.pk}/indicators/{local.pk}/trend"
    assert client_for(personas.viewer).get(url).status_code == 404


def test_it_lists_the_values_due_from_the_officer(personas, card, django_assert_num_queries):
    make_value(make_indicator("Q1ONLY", owner=personas.org_a), personas.org_a, 2024, 1, 5)
    client = client_for(personas.editor)
    # session, user, memberships, values, targets, indicators
    with django_assert_num_queries(6):
        body = client.get(f"{API}/due").json()
    assert [(row["code"], row["period"]["label"]) for row in body["items"]] == [
        ("Q1ONLY", "Q2 2024/25")
    ]
    assert body["items"][0]["last_value"] == "5.000000" or body["items"][0]["last_value"] == "5"
    assert body["items"][0]["organisation_name"] == "Ashby District Council"
    assert client_for(personas.viewer).get(f"{API}/due").json()["count"] == 0
