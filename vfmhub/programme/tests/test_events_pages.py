"""Events pages and API: access by persona, exports, pinned query counts."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from vfmhub.programme.models import Attendance, Event, Feedback, ImprovementProgramme
from vfmhub.programme.services import events as services
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db

READERS = ["partnership_manager", "partnership_viewer", "peer_reviewer", "manager", "viewer"]
READ_ONLY = ["partnership_viewer", "peer_reviewer", "manager", "editor", "viewer"]
API = "/api/v1/programme"


@pytest.fixture
def events(personas):
    user = personas.partnership_manager
    programme = services.improvement_programme_create(
        acting_user=user, partnership=personas.partnership, name="UoR programme", year=2009
    )
    made = []
    for n in range(3):
        event = services.event_create(
            acting_user=user,
            programme=programme,
            title=f"Workshop {n + 1}",
            date=datetime.date(2009, 6, 9 + n),
        )
        services.attendance_add(
            acting_user=user, event=event, person_name="Ann Cole", organisation=personas.org_a
        )
        services.attendance_add(
            acting_user=user, event=event, person_name="Lee Harper", organisation_name="Other"
        )
        services.feedback_add(acting_user=user, event=event, rating="good", comments="Useful")
        made.append(event)
    return programme, made


def test_reading_pages(personas, events):
    programme, made = events
    partnership = personas.partnership
    for url in [
        reverse("programme:improvement_programmes", args=[partnership.pk]),
        reverse("programme:improvement_programme_latest", args=[partnership.pk]),
        reverse("programme:improvement_programme", args=[programme.pk]),
        reverse("programme:improvement_programme_not_reached", args=[programme.pk]),
        reverse("programme:event", args=[made[0].pk]),
        f"{API}/partnerships/{partnership.pk}/improvement-programmes",
        f"{API}/improvement-programmes/{programme.pk}",
        f"{API}/improvement-programmes/{programme.pk}/events",
        f"{API}/improvement-programmes/{programme.pk}/figures",
        f"{API}/events/{made[0].pk}",
        f"{API}/events/{made[0].pk}/attendance",
        f"{API}/events/{made[0].pk}/feedback",
        f"{API}/events/{made[0].pk}/figures",
    ]:
        assert_access(personas, url, allowed=[*READERS, "staff"], hidden=["outsider"], ok=(200,))


@pytest.mark.parametrize(
    "name, data",
    [
        ("create", {"name": "New", "year": "2010"}),
        ("edit", {"name": "Renamed", "year": "2009"}),
        ("event_create", {"title": "Day", "kind": "day", "date": "2009-09-01"}),
        ("event_edit", {"title": "Moved", "kind": "workshop", "date": "2009-06-20"}),
        ("attendance_add", {"person_name": "Sam Shaw", "organisation_name": "Elsewhere"}),
        ("attendance_bulk", {"lines": "Jo Reid, Ashby District Council"}),
        ("feedback_add", {"rating": "very_good", "comments": "Great"}),
    ],
)
def test_writing_pages(personas, events, name, data):
    programme, made = events
    url = {
        "create": reverse("programme:improvement_programme_create", args=[personas.partnership.pk]),
        "edit": reverse("programme:improvement_programme_edit", args=[programme.pk]),
        "event_create": reverse("programme:event_create", args=[programme.pk]),
        "event_edit": reverse("programme:event_edit", args=[made[0].pk]),
        "attendance_add": reverse("programme:event_attendance_add", args=[made[0].pk]),
        "attendance_bulk": reverse("programme:event_attendance_bulk", args=[made[0].pk]),
        "feedback_add": reverse("programme:event_feedback_add", args=[made[0].pk]),
    }[name]
    assert_access(
        personas, url, allowed=["partnership_manager"], forbidden=READ_ONLY, hidden=["outsider"]
    )
    assert_access(
        personas,
        url,
        method="post",
        data=data,
        allowed=["partnership_manager"],
        forbidden=READ_ONLY,
        hidden=["outsider"],
        ok=(302,),
    )


def test_bulk_page_links_member_bodies(personas, events, as_user):
    _, made = events
    url = reverse("programme:event_attendance_bulk", args=[made[0].pk])
    response = as_user(personas.partnership_manager).post(
        url, {"lines": "Jo Reid, ashby district council\nKit Lamb, Nowhere"}
    )
    assert response.status_code == 302
    jo = Attendance.objects.get(person_name="Jo Reid")
    assert jo.organisation == personas.org_a
    assert Attendance.objects.get(person_name="Kit Lamb").organisation_name == "Nowhere"


def test_api_writes(personas, events):
    programme, made = events
    partnership = personas.partnership
    writes: list[tuple[str, dict[str, Any]]] = [
        (
            f"{API}/partnerships/{partnership.pk}/improvement-programmes",
            {"name": "X", "year": 2010},
        ),
        (
            f"{API}/improvement-programmes/{programme.pk}/events",
            {"title": "D", "date": "2009-10-01"},
        ),
        (
            f"{API}/events/{made[0].pk}/attendance",
            {"person_name": "Jo", "organisation_id": personas.org_a.pk},
        ),
        (f"{API}/events/{made[0].pk}/attendance/bulk", {"lines": "Al, Ashby\nBo, Else"}),
        (f"{API}/events/{made[0].pk}/feedback", {"rating": "poor", "comments": ""}),
    ]
    for url, body in writes:
        assert_access(
            personas,
            url,
            method="post",
            data=body,
            content_type="application/json",
            allowed=["partnership_manager"],
            forbidden=READ_ONLY,
            hidden=["outsider"],
            ok=(201,),
        )
    assert ImprovementProgramme.objects.filter(name="X").exists()
    assert Event.objects.filter(title="D").exists()
    assert Feedback.objects.filter(rating="poor").count() == 1


def test_api_refuses_a_non_member_body(personas, events, as_user):
    _, made = events
    response = as_user(personas.partnership_manager).post(
        f"{API}/events/{made[0].pk}/attendance",
        {"person_name": "Jo", "organisation_id": personas.org_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "organisation"


def test_api_figures(personas, events, as_user):
    programme, made = events
    data = (
        as_user(personas.partnership_viewer)
        .get(f"{API}/improvement-programmes/{programme.pk}/figures")
        .json()
    )
    # Ann Cole (Ashby, a member) at three events counts once; Lee Harper from another body too.
    assert data["total"]["people"] == 2
    assert data["total"]["bodies_reached"] == 1
    assert data["total"]["members"] == 3
    assert data["total"]["other_bodies"] == 1
    assert data["total"]["percent_good"] == 100
    assert [e["event_id"] for e in data["events"]] == [e.pk for e in made]


def test_programme_page_shows_figures_and_chart(personas, events, as_user):
    programme, _ = events
    response = as_user(personas.viewer).get(
        reverse("programme:improvement_programme", args=[programme.pk])
    )
    text = response.content.decode()
    assert "1 of 3" in text
    assert "100%" in text
    assert "<svg" in text
    not_reached = as_user(personas.viewer).get(
        reverse("programme:improvement_programme_not_reached", args=[programme.pk])
    )
    assert "Northmoor County Council" in not_reached.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports(personas, events, as_user, fmt):
    programme, made = events
    client = as_user(personas.partnership_viewer)
    for url in [
        reverse("programme:improvement_programmes", args=[personas.partnership.pk]),
        reverse("programme:improvement_programme", args=[programme.pk]),
        reverse("programme:improvement_programme_not_reached", args=[programme.pk]),
        reverse("programme:event", args=[made[0].pk]),
    ]:
        response = client.get(url, {"export": fmt})
        assert response.status_code == 200
        assert f".{fmt}" in response["Content-Disposition"]
    csv = client.get(
        reverse("programme:improvement_programme", args=[programme.pk]), {"export": "csv"}
    )
    assert "Workshop 1" in csv.content.decode()


def test_programme_page_query_count(personas, events, as_user, django_assert_num_queries):
    programme, _ = events
    client = as_user(personas.partnership_viewer)
    url = reverse("programme:improvement_programme", args=[programme.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES_PAGE):
        # 1 session, 2 user, 3 programme with its partnership, 4 the partnership for access,
        # 5 the user's partnership roles, 6 events, 7 attendance rows, 8 feedback counts by
        # event and rating, 9 members in the year — the same however many events
        client.get(url)


def test_api_list_query_count(personas, events, as_user, django_assert_num_queries):
    programme, _ = events
    client = as_user(personas.partnership_viewer)
    url = f"{API}/improvement-programmes/{programme.pk}/events"
    client.get(url)
    with django_assert_num_queries(QUERIES_API):
        # 1 session, 2 user, 3 programme with its partnership, 4 the partnership for access,
        # 5 the user's partnership roles, 6 count, 7 the page of events
        client.get(url)


QUERIES_PAGE = 9
QUERIES_API = 7
