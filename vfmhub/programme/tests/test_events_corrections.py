"""Events: correcting and removing attendance and feedback, removing an empty event, on the pages
and in the API; audited, managers only, and the figures follow every correction."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.api.testing import version_of
from vfmhub.audit.models import AuditEvent
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.programme.models import Attendance, Event, Feedback
from vfmhub.programme.services import events as services
from vfmhub.programme.tests.helpers import latest_audit
from vfmhub.programme.views import events_corrections as views
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

JSON = "application/json"

WRITERS = ["partnership_manager"]
READ_ONLY = ["partnership_viewer", "peer_reviewer", "manager", "editor", "viewer"]
OUTSIDERS = ["outsider"]
API = "/api/v1/programme"


@pytest.fixture
def workshop(personas):
    """A 2009/10 programme (3 member bodies) with one workshop: Ann (Ashby) and Cal (Carrow) from
    members, Lee from elsewhere; one return good (Ashby), one poor. And a second, empty event."""
    user = personas.partnership_manager
    programme = services.improvement_programme_create(
        acting_user=user, partnership=personas.partnership, name="UoR programme", year=2009
    )
    event = services.event_create(
        acting_user=user, programme=programme, title="Workshop 1", date=datetime.date(2009, 6, 9)
    )
    for name, body, other in [
        ("Ann Cole", personas.org_a, ""),
        ("Cal Fry", personas.org_c, ""),
        ("Lee Harper", None, "Other Trust"),
    ]:
        services.attendance_add(
            acting_user=user,
            event=event,
            person_name=name,
            organisation=body,
            organisation_name=other,
        )
    services.feedback_add(
        acting_user=user, event=event, rating="good", comments="Useful", organisation=personas.org_a
    )
    services.feedback_add(acting_user=user, event=event, rating="poor")
    empty = services.event_create(
        acting_user=user, programme=programme, title="Workshop 2", date=datetime.date(2009, 9, 1)
    )
    return programme, event, empty


def _person(name) -> Attendance:
    return Attendance.objects.get(person_name=name)


def _figures(client, programme, event):
    """The programme's totals and the event's figures as the pages and the API show them."""
    programme_page = client.get(reverse("programme:improvement_programme", args=[programme.pk]))
    event_page = client.get(reverse("programme:event", args=[event.pk]))
    api = client.get(f"{API}/improvement-programmes/{programme.pk}/figures").json()["total"]
    return programme_page.context["total"], event_page.context["figures"], api


# Access


def test_it_lets_only_managers_reach_the_correction_pages(personas, workshop):
    _, event, empty = workshop
    feedback = Feedback.objects.first()
    assert feedback is not None
    attendance = _person("Ann Cole")
    for url in [
        reverse("programme:event_attendance_edit", args=[event.pk, attendance.pk]),
        reverse("programme:event_attendance_remove", args=[event.pk, attendance.pk]),
        reverse("programme:event_feedback_edit", args=[event.pk, feedback.pk]),
        reverse("programme:event_feedback_remove", args=[event.pk, feedback.pk]),
        reverse("programme:event_remove", args=[event.pk]),
        reverse("programme:event_remove", args=[empty.pk]),
    ]:
        assert_access(
            personas, url, allowed=WRITERS, forbidden=READ_ONLY, hidden=OUTSIDERS, ok=(200,)
        )


def test_it_refuses_correction_posts_to_readers(personas, workshop):
    _, event, empty = workshop
    feedback = Feedback.objects.get(rating="poor")
    ann, lee = _person("Ann Cole"), _person("Lee Harper")
    posts = [
        ("event_attendance_edit", [event.pk, ann.pk], {"person_name": "Ann Cole-Smith"}),
        ("event_attendance_remove", [event.pk, lee.pk], {}),
        ("event_feedback_edit", [event.pk, feedback.pk], {"rating": "satisfactory"}),
        ("event_feedback_remove", [event.pk, feedback.pk], {}),
        ("event_remove", [empty.pk], {}),
    ]
    for name, args, data in posts:
        assert_access(
            personas,
            reverse(f"programme:{name}", args=args),
            method="post",
            data=data,
            allowed=WRITERS,
            forbidden=READ_ONLY,
            hidden=OUTSIDERS,
            ok=(302,),
        )
    assert _person("Ann Cole-Smith").organisation is None  # the form sent no body
    assert not Attendance.objects.filter(person_name="Lee Harper").exists()
    assert not Feedback.objects.filter(pk=feedback.pk).exists()
    assert not Event.objects.filter(pk=empty.pk).exists()


def test_it_reaches_no_record_through_another_event(personas, workshop):
    _, _, empty = workshop
    client = client_for(personas.partnership_manager)
    ann = _person("Ann Cole")
    feedback = Feedback.objects.first()
    assert feedback is not None
    for url in [
        reverse("programme:event_attendance_remove", args=[empty.pk, ann.pk]),
        reverse("programme:event_feedback_remove", args=[empty.pk, feedback.pk]),
    ]:
        assert client.post(url).status_code == 404
    assert client.delete(f"{API}/events/{empty.pk}/attendance/{ann.pk}").status_code == 404
    assert client.delete(f"{API}/events/{empty.pk}/feedback/{feedback.pk}").status_code == 404
    assert Attendance.objects.filter(pk=ann.pk).exists()
    assert Feedback.objects.filter(pk=feedback.pk).exists()


def test_api_writes_are_for_managers_only(personas, workshop):
    _, event, empty = workshop
    ann, lee = _person("Ann Cole"), _person("Lee Harper")
    feedback = Feedback.objects.get(rating="poor")
    writes: list[tuple[str, str, dict[str, Any] | None, int]] = [
        (
            "patch",
            f"{API}/events/{event.pk}",
            {"venue": "Ely", "updated_at": version_of(event)},
            200,
        ),
        (
            "patch",
            f"{API}/events/{event.pk}/attendance/{ann.pk}",
            {"attended": False, "updated_at": version_of(ann)},
            200,
        ),
        ("delete", f"{API}/events/{event.pk}/attendance/{lee.pk}", None, 204),
        (
            "patch",
            f"{API}/events/{event.pk}/feedback/{feedback.pk}",
            {"comments": "Slow", "updated_at": version_of(feedback)},
            200,
        ),
        ("delete", f"{API}/events/{event.pk}/feedback/{feedback.pk}", None, 204),
        ("delete", f"{API}/events/{empty.pk}", None, 204),
    ]
    for method, url, body, ok in writes:
        assert_access(
            personas,
            url,
            method=method,
            data=body or None,
            content_type="application/json",
            allowed=WRITERS,
            forbidden=READ_ONLY,
            hidden=OUTSIDERS,
            ok=(ok,),
        )
    event.refresh_from_db()
    assert event.venue == "Ely"
    assert _person("Ann Cole").attended is False
    assert not Attendance.objects.filter(pk=lee.pk).exists()
    assert not Feedback.objects.filter(pk=feedback.pk).exists()
    assert not Event.objects.filter(pk=empty.pk).exists()


# Figures follow the corrections


def test_removing_an_attendance_drops_bodies_reached(personas, workshop):
    programme, event, _ = workshop
    client = client_for(personas.partnership_manager)
    total, one, api = _figures(client, programme, event)
    assert (total.people, total.bodies_reached, total.members) == (3, 2, 3)
    assert (one.people, one.bodies_reached, api["bodies_reached"]) == (3, 2, 2)
    url = reverse("programme:event_attendance_remove", args=[event.pk, _person("Cal Fry").pk])
    confirm = client.get(url).content.decode()
    assert "govuk-warning-text" in confirm and "Carrow Fire Authority" in confirm
    assert client.post(url).status_code == 302
    total, one, api = _figures(client, programme, event)
    assert (total.people, total.bodies_reached) == (2, 1)
    assert (one.people, one.bodies_reached) == (2, 1)
    assert (api["people"], api["bodies_reached"]) == (2, 1)
    page = client.get(reverse("programme:improvement_programme", args=[programme.pk]))
    assert "representing 1 of the 3 member bodies" in page.content.decode()
    event_audit = latest_audit("attendance.remove")
    assert event_audit.partnership_id == personas.partnership.pk
    assert event_audit.changes["person_name"] == ["Cal Fry", None]
    assert event_audit.changes["organisation_id"] == [personas.org_c.pk, None]


def test_editing_an_attendance_moves_the_figures(personas, workshop):
    programme, event, _ = workshop
    client = client_for(personas.partnership_manager)
    lee = _person("Lee Harper")
    url = reverse("programme:event_attendance_edit", args=[event.pk, lee.pk])
    initial = client.get(url).context["form"].initial
    assert initial["organisation_name"] == "Other Trust" and initial["attended"] is True
    # Lee turns out to be from the county council (a member): one more body reached.
    data = {"person_name": "Lee Harper", "organisation": personas.org_a.parent.pk, "attended": "on"}
    assert client.post(url, data).status_code == 302
    total, one, api = _figures(client, programme, event)
    assert (total.bodies_reached, total.other_bodies) == (3, 0)
    assert (one.bodies_reached, api["bodies_reached"]) == (3, 3)
    changes = latest_audit("attendance.update").changes
    assert changes["organisation_id"] == [None, personas.org_a.parent.pk]
    assert changes["organisation_name"] == ["Other Trust", ""]
    # Marked as not attended: Ann no longer counts, and neither does Ashby.
    ann = _person("Ann Cole")
    services.attendance_update(
        acting_user=personas.partnership_manager, attendance=ann, attended=False
    )
    total, one, api = _figures(client, programme, event)
    assert (total.people, total.bodies_reached) == (2, 2)
    assert (one.people, api["people"]) == (2, 2)


def test_feedback_corrections_move_the_share_good(personas, workshop):
    programme, event, _ = workshop
    client = client_for(personas.partnership_manager)
    total, one, api = _figures(client, programme, event)
    assert (total.feedback_returned, total.percent_good, one.percent_good) == (2, 50, 50)
    poor = Feedback.objects.get(rating="poor")
    url = reverse("programme:event_feedback_edit", args=[event.pk, poor.pk])
    assert client.post(url, {"rating": "very_good", "comments": "On reflection"}).status_code == 302
    total, one, api = _figures(client, programme, event)
    assert (total.percent_good, one.percent_good, api["percent_good"]) == (100, 100, 100)
    assert latest_audit("feedback.update").changes == {
        "rating": ["poor", "very_good"],
        "comments": ["", "On reflection"],
    }
    good = Feedback.objects.get(rating="good")
    remove = reverse("programme:event_feedback_remove", args=[event.pk, good.pk])
    assert "govuk-warning-text" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    total, one, api = _figures(client, programme, event)
    assert (total.feedback_returned, one.feedback_returned, api["feedback_returned"]) == (1, 1, 1)
    assert latest_audit("feedback.remove").changes["rating"] == ["good", None]


def test_the_event_page_lists_returns_with_links_for_managers_only(personas, workshop):
    _, event, _ = workshop
    url = reverse("programme:event", args=[event.pk])
    poor = Feedback.objects.get(rating="poor")
    remove = reverse("programme:event_feedback_remove", args=[event.pk, poor.pk])
    change = reverse("programme:event_attendance_edit", args=[event.pk, _person("Ann Cole").pk])
    managed = client_for(personas.partnership_manager).get(url).content.decode()
    assert remove in managed and change in managed and "Feedback returns" in managed
    read = client_for(personas.partnership_viewer).get(url).content.decode()
    assert remove not in read and change not in read and "Feedback returns" not in read


# Refusals


def test_it_refuses_to_remove_an_event_with_records(personas, workshop):
    _, event, _ = workshop
    client = client_for(personas.partnership_manager)
    url = reverse("programme:event_remove", args=[event.pk])
    refusal = "This event has 3 attendance records and 2 feedback returns."
    page = client.get(url).content.decode()
    assert refusal in page and "govuk-warning-text" in page
    assert "Remove event</button>" not in page
    posted = client.post(url)
    assert posted.status_code == 200 and refusal in posted.content.decode()
    api = client.delete(f"{API}/events/{event.pk}")
    assert api.status_code == 409
    assert api.json()["detail"].startswith(refusal)
    assert api.json()["errors"] == []
    assert Event.objects.filter(pk=event.pk).exists()
    assert Attendance.objects.filter(event=event).count() == 3
    assert not AuditEvent.objects.filter(action="event.remove").exists()


def test_it_counts_what_blocks_a_removal_in_words(personas, workshop):
    _, event, _ = workshop
    Attendance.objects.filter(event=event).exclude(person_name="Ann Cole").delete()
    Feedback.objects.filter(event=event).delete()
    assert services.event_removal_refusal(event) == services.EVENT_NOT_EMPTY.format(
        records="1 attendance record and 0 feedback returns"
    )
    Attendance.objects.filter(event=event).delete()
    assert services.event_removal_refusal(event) is None


def test_it_removes_an_empty_event(personas, workshop):
    programme, _, empty = workshop
    client = client_for(personas.partnership_manager)
    url = reverse("programme:event_remove", args=[empty.pk])
    page = client.get(url).content.decode()
    assert "Remove this event?" in page and "Remove event</button>" in page
    response = client.post(url)
    assert response["Location"] == reverse("programme:improvement_programme", args=[programme.pk])
    assert not Event.objects.filter(pk=empty.pk).exists()
    followed = client.get(response["Location"]).content.decode()
    assert views.EVENT_REMOVED.format(title="Workshop 2") in followed
    audit = latest_audit("event.remove")
    assert audit.partnership_id == personas.partnership.pk
    assert audit.changes["title"] == ["Workshop 2", None]


def test_it_keeps_attendance_bodies_to_members_and_one_way(personas, workshop):
    _, event, _ = workshop
    ann = _person("Ann Cole")
    manager = personas.partnership_manager
    with pytest.raises(ValidationError) as error:
        services.attendance_update(acting_user=manager, attendance=ann, organisation_name="Else")
    assert error.value.message_dict == {"organisation_name": [services.BODY_ONE_WAY]}
    with pytest.raises(ValidationError) as error:
        services.attendance_update(acting_user=manager, attendance=ann, person_name="  ")
    assert error.value.message_dict == {"person_name": [services.NAME_NEEDED]}
    client = client_for(manager)
    response = client.patch(
        f"{API}/events/{event.pk}/attendance/{ann.pk}",
        {"organisation_id": personas.org_b.pk, "updated_at": version_of(ann)},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "organisation"
    ann.refresh_from_db()
    assert ann.organisation == personas.org_a
    moved = client.patch(
        f"{API}/events/{event.pk}/attendance/{ann.pk}",
        {
            "organisation_id": None,
            "organisation_name": "Ashby Parish",
            "updated_at": version_of(ann),
        },
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert (moved.json()["organisation_id"], moved.json()["organisation_name"]) == (
        None,
        "Ashby Parish",
    )


def test_it_keeps_feedback_bodies_to_members(personas, workshop):
    _, event, _ = workshop
    manager = personas.partnership_manager
    with pytest.raises(ValidationError) as error:
        services.feedback_add(
            acting_user=manager, event=event, rating="good", organisation=personas.org_b
        )
    assert "organisation" in error.value.message_dict
    poor = Feedback.objects.get(rating="poor")
    client = client_for(manager)
    url = f"{API}/events/{event.pk}/feedback/{poor.pk}"
    refused = client.patch(
        url, {"organisation_id": personas.org_b.pk, "updated_at": version_of(poor)}, JSON
    )
    assert refused.status_code == 422
    patched = client.patch(url, {"rating": "good", "updated_at": version_of(poor)}, JSON)
    assert patched.status_code == 200 and patched.json()["rating"] == "good"
    assert patched.json()["comments"] == ""
    good = Feedback.objects.get(comments="Useful")
    url = f"{API}/events/{event.pk}/feedback/{good.pk}"
    cleared = client.patch(url, {"organisation_id": None, "updated_at": version_of(good)}, JSON)
    assert cleared.json()["organisation_id"] is None
    assert latest_audit("feedback.update").changes == {"organisation_id": [personas.org_a.pk, None]}


# Concurrent edits of an event


def test_a_stale_event_edit_is_refused_on_the_page(personas, workshop):
    _, event, _ = workshop
    client = client_for(personas.partnership_manager)
    url = reverse("programme:event_edit", args=[event.pk])
    initial = client.get(url).context["form"].initial
    data = {k: v for k, v in initial.items() if v is not None}
    data["venue"] = "Mine"
    services.event_update(acting_user=personas.partnership_manager, event=event, venue="Theirs")
    response = client.post(url, data)
    assert response.status_code == 200
    assert CHANGED_SINCE_OPENED in response.content.decode()
    event.refresh_from_db()
    assert event.venue == "Theirs"
    fresh = {**data, "updated_at": client.get(url).context["form"].initial["updated_at"]}
    assert client.post(url, fresh).status_code == 302
    event.refresh_from_db()
    assert event.venue == "Mine"


def test_a_stale_event_patch_is_409(personas, workshop):
    _, event, _ = workshop
    client = client_for(personas.partnership_manager)
    url = f"{API}/events/{event.pk}"
    sent = client.get(url).json()["updated_at"]
    body = {"venue": "Ely", "capacity": 40, "updated_at": sent}
    first = client.patch(url, body, content_type="application/json")
    assert first.status_code == 200
    assert (first.json()["venue"], first.json()["capacity"]) == ("Ely", 40)
    assert first.json()["updated_at"] != sent
    stale = client.patch(url, {"venue": "Cambridge", "updated_at": sent}, "application/json")
    assert stale.status_code == 409
    assert stale.json() == {"detail": CHANGED_SINCE_OPENED, "errors": []}
    cleared = client.patch(
        url, {"capacity": None, "updated_at": first.json()["updated_at"]}, "application/json"
    )
    assert cleared.json()["capacity"] is None and cleared.json()["venue"] == "Ely"
    backwards = client.patch(
        url,
        {"end_date": "2009-06-01", "updated_at": cleared.json()["updated_at"]},
        "application/json",
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "end_date"
