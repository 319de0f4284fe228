"""Reading efficiency programmes over the API: lists, one programme, the register, returns, the
dashboard; permissions as on the pages, the error shape, and query counts pinned."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vfmhub.efficiency import services
from vfmhub.efficiency.tests.conftest import add_gain
from vfmhub.testing import assert_access

API = "/api/v1/efficiency"
BODY_READERS = ["manager", "editor", "viewer", "staff"]
PARTNERSHIP_SIDE = ["partnership_manager", "partnership_viewer", "peer_reviewer"]


def body_api(programme, organisation) -> str:
    return f"{API}/programmes/{programme.pk}/bodies/{organisation.pk}"


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


def submitted_forecast(personas, programme, ratings=None, organisation=None):
    organisation = organisation or personas.org_a
    draft = services.return_save(
        acting_user=personas.manager if organisation == personas.org_a else personas.staff,
        programme=programme,
        organisation=organisation,
        year=2009,
        kind="forecast",
        ratings=ratings or {2009: "A", 2010: "R"},
        narrative="Some risk.",
    )
    return services.return_submit(acting_user=personas.staff, efficiency_return=draft)


def test_it_lists_a_partnerships_programmes(personas, as_user, programme):
    url = f"{API}/partnerships/{personas.partnership.pk}/programmes"
    rows = items(as_user(personas.partnership_viewer).get(url))

    assert [r["id"] for r in rows] == [programme.pk]
    assert rows[0]["method"] == "added"
    assert_access(personas, url, allowed=["viewer", "partnership_viewer"], hidden=["outsider"])


def test_it_lists_the_programmes_an_organisation_takes_part_in(personas, as_user, programme):
    url = f"{API}/organisations/{personas.org_a.pk}/programmes"

    assert [r["id"] for r in items(as_user(personas.viewer).get(url))] == [programme.pk]


def test_a_programme_has_cumulative_targets_participants_and_baselines(
    personas, as_user, programme
):
    body = as_user(personas.viewer).get(f"{API}/programmes/{programme.pk}").json()
    by_body = {p["organisation_id"]: p for p in body["participants"]}

    assert [(t["year"], t["cumulative_percent"]) for t in body["targets"]] == [
        (2008, "3.0"),
        (2009, "6.0"),
        (2010, "9.4"),
    ]
    assert Decimal(by_body[personas.org_a.pk]["baseline_total"]) == Decimal("10000000")
    assert by_body[personas.org_a.pk]["baselines"][0]["kind"] == "total"
    assert len(body["participants"]) == 3


def test_the_programme_is_hidden_from_outsiders_in_the_error_shape(personas, as_user, programme):
    response = as_user(personas.outsider).get(f"{API}/programmes/{programme.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}
    assert_access(
        personas,
        f"{API}/programmes/{programme.pk}",
        allowed=["manager", "viewer", "staff", *PARTNERSHIP_SIDE],
        hidden=["outsider"],
    )


def test_the_register_is_the_bodys_own(personas, programme):
    add_gain(personas, programme)

    assert_access(
        personas,
        f"{body_api(programme, personas.org_a)}/gains",
        allowed=BODY_READERS,
        hidden=["outsider", "auditor", *PARTNERSHIP_SIDE],
    )


def test_it_filters_the_register(personas, as_user, programme, on_day):
    import datetime

    on_day(datetime.date(2011, 6, 1))
    cash = add_gain(personas, programme, description="Procurement", first_year=2008)
    non_cash = add_gain(personas, programme, description="Time", is_cash_releasing=False)
    later = add_gain(personas, programme, description="Later", first_year=2010)
    services.gain_remove(
        acting_user=personas.editor,
        gain=later,
        removed_from_year=2011 if programme.last_year >= 2011 else 2010,
        removed_on=datetime.date(2011, 5, 1),
        reason="Not sustained.",
    ) if programme.last_year >= 2011 else None
    client = as_user(personas.viewer)
    url = f"{body_api(programme, personas.org_a)}/gains"

    def ids(**query) -> set[int]:
        return {row["id"] for row in items(client.get(url, query))}

    assert ids() == {cash.pk, non_cash.pk, later.pk}
    assert ids(cash="false") == {non_cash.pk}
    assert ids(year=2009) == {cash.pk, non_cash.pk}
    assert ids(status="due") == {cash.pk, non_cash.pk}
    rows = {r["id"]: r for r in items(client.get(url))}
    assert rows[cash.pk]["persistence"] == "due"
    assert rows[cash.pk]["net_annual_value"] == "100000.00"


def test_the_partnership_sees_submitted_returns_only(personas, as_user, programme):
    submitted = submitted_forecast(personas, programme)
    draft = services.return_save(
        acting_user=personas.editor,
        programme=programme,
        organisation=personas.org_a,
        year=2010,
        kind="forecast",
    )
    url = f"{body_api(programme, personas.org_a)}/returns"

    body_rows = items(as_user(personas.viewer).get(url))
    partnership_rows = items(as_user(personas.partnership_viewer).get(url))

    assert {r["id"] for r in body_rows} == {submitted.pk, draft.pk}
    assert [r["id"] for r in partnership_rows] == [submitted.pk]
    assert partnership_rows[0]["ratings"] == [
        {"year": 2009, "rating": "A"},
        {"year": 2010, "rating": "R"},
    ]
    hidden_draft = f"{url}/{draft.pk}"
    assert as_user(personas.partnership_viewer).get(hidden_draft).status_code == 404
    assert_access(personas, url, allowed=[*BODY_READERS, *PARTNERSHIP_SIDE], hidden=["outsider"])


def test_the_dashboard_figures_as_json(personas, as_user, programme):
    submitted_forecast(personas, programme)
    url = f"{API}/programmes/{programme.pk}/dashboard"

    body = as_user(personas.partnership_viewer).get(url, {"year": 2009}).json()

    assert body["year"] == 2009
    assert [r["organisation_id"] for r in body["received"]] == [personas.org_a.pk]
    assert len(body["missing"]) == 2
    row_2010 = next(r for r in body["ratings"] if r["year"] == 2010)
    red = next(c for c in row_2010["cells"] if c["rating"] == "R")
    assert red["count"] == 1 and red["bodies"] == [personas.org_a.name]
    assert_access(personas, url, allowed=["viewer", *PARTNERSHIP_SIDE], hidden=["outsider"])


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("path", "expected"),
    [("gains", 8), ("returns", 10)],
)
def test_body_lists_take_a_fixed_number_of_queries(personas, as_user, programme, path, expected):
    client = as_user(personas.viewer)
    url = f"{body_api(programme, personas.org_a)}/{path}"
    add_gain(personas, programme)
    submitted_forecast(personas, programme)
    one = queries_for(client, url)
    for n in range(5):
        add_gain(personas, programme, description=f"Gain {n}")
    for year in (2008, 2010):
        services.return_save(
            acting_user=personas.editor,
            programme=programme,
            organisation=personas.org_a,
            year=year,
            kind="outturn",
            ratings={year: "G"},
        )

    assert one == queries_for(client, url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("{API}/partnerships/{partnership}/programmes", 6),
        ("{API}/organisations/{organisation}/programmes", 6),
        ("{API}/programmes/{programme}", 11),
        ("{API}/programmes/{programme}/dashboard", 13),
    ],
)
def test_programme_reads_take_a_fixed_number_of_queries(
    personas, as_user, programme, url, expected
):
    path = url.format(
        API=API,
        partnership=personas.partnership.pk,
        organisation=personas.org_a.pk,
        programme=programme.pk,
    )
    client = as_user(personas.manager)
    submitted_forecast(personas, programme)
    one = queries_for(client, path)
    submitted_forecast(personas, programme, organisation=personas.org_c)
    add_gain(personas, programme)

    assert one == queries_for(client, path) == expected
