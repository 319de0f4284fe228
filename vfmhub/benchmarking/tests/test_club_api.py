"""The benchmarking club API: the same visibility as the pages (a provisional value never reaches
another member; a submitted one only once its window closes), 404 outside the club, 403 for
read-only roles on writes, 409 on a stale or repeated write, hostile input answered without a
500, pinned query counts."""

import pytest

from vfmhub.benchmarking.models import Club, ClubValue
from vfmhub.benchmarking.tests.club_data import (
    AFTER_OPEN_CLOSES,
    SECRET_PROVISIONAL,
    SECRET_SUBMITTED_EARLY,
    TODAY,
    make_club,
)
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db
BASE = "/api/v1/benchmarking/clubs"


@pytest.fixture
def data(personas, clock_at):
    clock_at(TODAY)
    return make_club(personas)


def values_url(data, window):
    return f"{BASE}/{data.club.pk}/windows/{window.pk}/values"


def body_values_url(data, window, org):
    return f"{BASE}/{data.club.pk}/windows/{window.pk}/organisations/{org.pk}/values"


def shown(response) -> set[str]:
    return {item["value"].rstrip("0").rstrip(".") for item in response.json()["items"]}


def test_it_lists_only_the_clubs_a_user_can_see(data, personas):
    seen = client_for(personas.viewer).get(BASE).json()
    assert [c["name"] for c in seen["items"]] == ["Service costs club"]
    assert seen["items"][0]["member_count"] == 3
    assert client_for(personas.outsider).get(BASE).json()["items"] == []
    assert client_for(personas.outsider).get(f"{BASE}/{data.club.pk}").status_code == 404


def test_a_provisional_value_of_another_member_is_never_in_the_api(data, personas):
    response = client_for(personas.manager).get(values_url(data, data.closed))

    assert shown(response) == {"10", "20"}
    assert response.json()["count"] == 2
    assert SECRET_PROVISIONAL not in response.content.decode()
    own = client_for(personas.peer_reviewer).get(values_url(data, data.closed))
    assert shown(own) == {"10", "20", SECRET_PROVISIONAL}


def test_a_submitted_value_appears_only_after_the_window_closes(data, personas, clock_at):
    client = client_for(personas.manager)
    assert shown(client.get(values_url(data, data.open))) == {"12.34"}

    clock_at(AFTER_OPEN_CLOSES)

    assert shown(client.get(values_url(data, data.open))) == {"12.34", SECRET_SUBMITTED_EARLY}


def test_a_club_shows_its_measures_windows_and_members(data, personas):
    found = client_for(personas.viewer).get(f"{BASE}/{data.club.pk}").json()

    assert [m["code"] for m in found["measures"]] == ["WASTE-1"]
    assert [(w["quarter"], w["state"]) for w in found["windows"]] == [(2, "Open"), (1, "Closed")]
    assert len(found["members"]) == 3


def test_an_editor_adds_and_changes_a_value(data, personas):
    client = client_for(personas.peer_reviewer)  # an editor at C
    data.member_c  # noqa: B018
    ClubValue.objects.filter(window=data.open, organisation=personas.org_c).delete()
    url = body_values_url(data, data.open, personas.org_c)

    added = client.post(
        url, {"measure_id": data.measure.pk, "value": "31.5"}, content_type="application/json"
    )
    assert added.status_code == 201 and added.json()["status"] == "provisional"
    changed = client.put(
        f"{url}/{data.measure.pk}",
        {"value": "32", "status": "submitted", "updated_at": added.json()["updated_at"]},
        content_type="application/json",
    )
    assert changed.status_code == 200
    row = ClubValue.objects.get(window=data.open, organisation=personas.org_c)
    assert (row.value, row.status) == (32, "submitted")

    stale = client.put(
        f"{url}/{data.measure.pk}",
        {"value": "40", "status": "submitted", "updated_at": added.json()["updated_at"]},
        content_type="application/json",
    )
    again = client.post(
        url, {"measure_id": data.measure.pk, "value": "1"}, content_type="application/json"
    )
    assert (stale.status_code, again.status_code) == (409, 409)
    assert ClubValue.objects.get(pk=row.pk).value == 32


def test_writes_are_403_for_viewers_and_404_for_everyone_outside_the_body(data, personas):
    url = body_values_url(data, data.open, personas.org_a)
    body = {"measure_id": data.measure.pk, "value": "1"}
    put = {"value": "1", "status": "submitted", "updated_at": data.a_open.updated_at.isoformat()}

    for user, status in (
        (personas.viewer, 403),
        (personas.outsider, 404),
        (personas.partnership_manager, 403),
        (personas.peer_reviewer, 403),
        (personas.staff, 404),
    ):
        client = client_for(user)
        assert client.post(url, body, content_type="application/json").status_code == status
        response = client.put(f"{url}/{data.measure.pk}", put, content_type="application/json")
        assert response.status_code == status
        # Permission before validation: a broken body tells them nothing more.
        assert client.post(url, {"x": 1}, content_type="application/json").status_code == status
    assert ClubValue.objects.get(pk=data.a_open.pk).value == data.a_open.value


def test_a_closed_window_refuses_a_change(data, personas, clock_at):
    clock_at(AFTER_OPEN_CLOSES)
    response = client_for(personas.editor).put(
        f"{body_values_url(data, data.open, personas.org_a)}/{data.measure.pk}",
        {"value": "1", "status": "submitted", "updated_at": data.a_open.updated_at.isoformat()},
        content_type="application/json",
    )

    assert response.status_code in (400, 422)
    assert "closed on 21 December 2026" in response.content.decode()


@pytest.mark.parametrize("value", ["1e30", "NaN", "Infinity", "abc", 10**40, "1.1234567"])
def test_hostile_values_are_refused_without_a_500(data, personas, value):
    response = client_for(personas.editor).put(
        f"{body_values_url(data, data.open, personas.org_a)}/{data.measure.pk}",
        {"value": value, "status": "submitted", "updated_at": data.a_open.updated_at.isoformat()},
        content_type="application/json",
    )

    assert response.status_code in (400, 422)
    assert ClubValue.objects.get(pk=data.a_open.pk).value == data.a_open.value


def test_hostile_ids_are_refused_without_a_500(data, personas):
    client = client_for(personas.editor)
    big = 2**70
    for url in (
        f"{BASE}/{big}",
        f"{BASE}/{data.club.pk}/windows/{big}/values",
        f"{BASE}/{data.club.pk}/windows/999999/values",
    ):
        assert client.get(url).status_code in (404, 422)
    response = client.post(
        body_values_url(data, data.open, personas.org_a),
        {"measure_id": big, "value": "1"},
        content_type="application/json",
    )
    assert response.status_code in (404, 422)


def test_the_lists_run_a_fixed_number_of_queries(data, personas, django_assert_num_queries):
    for number in range(5):
        Club.objects.create(name=f"Club {number}", partnership=personas.partnership)
    client = client_for(personas.manager)
    # session, user, count, the clubs with their counts
    with django_assert_num_queries(4):
        client.get(BASE)
    # session, user, the club, own bodies, runs it?, the window, count, the values
    with django_assert_num_queries(8):
        client.get(values_url(data, data.closed))
