"""Attendance and feedback records carry the version their form was opened with: a correction
saved over someone else's newer one is refused, on the page and in the service."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.programme.models import Attendance, Feedback
from vfmhub.programme.services import events as services
from vfmhub.testing import client_for


@pytest.fixture
def event(personas):
    user = personas.partnership_manager
    programme = services.improvement_programme_create(
        acting_user=user, partnership=personas.partnership, name="UoR programme", year=2009
    )
    event = services.event_create(
        acting_user=user, programme=programme, title="Workshop 1", date=datetime.date(2009, 6, 9)
    )
    services.attendance_add(acting_user=user, event=event, person_name="Ann Cole")
    services.feedback_add(acting_user=user, event=event, rating="good", comments="Useful")
    return event


def _opened(client, url: str) -> dict:
    form = client.get(url).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_it_refuses_an_attendance_correction_over_a_newer_one(personas, event):
    ann = Attendance.objects.get()
    client = client_for(personas.partnership_manager)
    url = reverse("programme:event_attendance_edit", args=[event.pk, ann.pk])
    opened = _opened(client, url)
    services.attendance_update(
        acting_user=personas.partnership_manager, attendance=ann, person_name="Ann Cole-Hart"
    )

    response = client.post(url, opened | {"person_name": "Anne Cole"})

    assert response.status_code == 200
    assert CHANGED_SINCE_OPENED in response.content.decode()
    assert Attendance.objects.get().person_name == "Ann Cole-Hart"


def test_it_refuses_a_feedback_correction_over_a_newer_one(personas, event):
    feedback = Feedback.objects.get()
    opened_at = feedback.updated_at
    services.feedback_update(
        acting_user=personas.partnership_manager, feedback=feedback, comments="Very useful"
    )

    with pytest.raises(ValidationError) as error:
        services.feedback_update(
            acting_user=personas.partnership_manager,
            feedback=feedback,
            expected_updated_at=opened_at,
            comments="Quite useful",
        )

    assert error.value.messages == [CHANGED_SINCE_OPENED]
    assert Feedback.objects.get().comments == "Very useful"


def test_it_saves_an_attendance_correction_opened_at_the_current_version(personas, event):
    ann = Attendance.objects.get()
    client = client_for(personas.partnership_manager)
    url = reverse("programme:event_attendance_edit", args=[event.pk, ann.pk])

    response = client.post(url, _opened(client, url) | {"person_name": "Anne Cole"})

    assert response.status_code == 302
    assert Attendance.objects.get().person_name == "Anne Cole"
