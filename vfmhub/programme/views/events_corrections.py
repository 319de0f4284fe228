"""Correcting improvement programmes and their events: change a programme, an event, an attendance
record or a feedback return (each form carries the version it was opened with, so a save over
someone else's change is refused), remove an attendance record or a feedback return, and remove an
event once nothing is recorded against it. Partnership managers only (403 for other readers, 404
for anyone else).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from vfmhub.core.form_pages import save_form_page
from vfmhub.programme.access import Need
from vfmhub.programme.access.events import (
    attendance_for_user,
    event_for_user,
    feedback_for_user,
    programme_for_user,
)
from vfmhub.programme.forms import events as forms
from vfmhub.programme.models import Event
from vfmhub.programme.selectors.events import partnership_members
from vfmhub.programme.services import events as services

PROGRAMME_SAVED = "The improvement programme has been saved."
EVENT_SAVED = "The event has been saved."
EVENT_REMOVED = "The event “{title}” has been removed."
ATTENDANCE_SAVED = "The attendance record has been saved."
ATTENDANCE_REMOVED = "The attendance record has been removed."
FEEDBACK_SAVED = "The feedback has been saved."
FEEDBACK_REMOVED = "The feedback has been removed."
EVENT_REMOVE_WARNING = (
    "The event goes from the programme's page, figures and exports. Its details stay in the "
    "partnership's history."
)
ATTENDANCE_REMOVE_WARNING = (
    "The people attending and member bodies reached, for the event and the programme, are worked "
    "out again without this record. Its values stay in the partnership's history."
)
FEEDBACK_REMOVE_WARNING = (
    "The share rating the event good or very good is worked out again without this return. Its "
    "values stay in the partnership's history."
)


def _event_url(event: Event) -> str:
    return reverse("programme:event", args=[event.pk])


def _correct_page(
    request,
    record: Any,
    form: Callable[..., Any],
    update: Callable[..., Any],
    *,
    initial: dict[str, Any],
    **page: Any,
):
    """The page that corrects one record: `form` opened with `initial` and the record's version
    (`updated_at`); on a valid POST, `update(acting_user=..., expected_updated_at=..., **data)`,
    refused if someone else changed the record since."""
    return save_form_page(
        request,
        form(
            request.POST or None, initial={**initial, "updated_at": record.updated_at.isoformat()}
        ),
        lambda data: update(
            acting_user=request.user, expected_updated_at=data.pop("updated_at") or None, **data
        ),
        **page,
    )


def improvement_programme_edit(request, pk: int):
    programme, _ = programme_for_user(request.user, pk, need=Need.MANAGE)
    return _correct_page(
        request,
        programme,
        forms.ImprovementProgrammeEditForm,
        lambda **data: services.improvement_programme_update(programme=programme, **data),
        initial={name: getattr(programme, name) for name in services.PROGRAMME_FIELDS},
        done=PROGRAMME_SAVED,
        back_url=reverse("programme:improvement_programme", args=[programme.pk]),
        title="Edit the programme",
        caption=programme.name,
    )


def event_edit(request, pk: int):
    event, _ = event_for_user(request.user, pk, need=Need.MANAGE)
    return _correct_page(
        request,
        event,
        forms.EventEditForm,
        lambda **data: services.event_update(event=event, **data),
        initial={name: getattr(event, name) for name in services.EVENT_FIELDS},
        done=EVENT_SAVED,
        back_url=_event_url(event),
        title="Edit the event",
        caption=event.title,
    )


def _with_members(form_class: type, event: Event) -> Callable[..., Any]:
    members = partnership_members(event.programme.partnership_id)
    return lambda *args, **kwargs: form_class(*args, members=members, **kwargs)


def event_attendance_edit(request, pk: int, attendance_pk: int):
    attendance = attendance_for_user(request.user, pk, attendance_pk)
    fields = ["person_name", "email", "organisation_name", "attended"]
    return _correct_page(
        request,
        attendance,
        _with_members(forms.AttendanceEditForm, attendance.event),
        lambda **data: services.attendance_update(attendance=attendance, **data),
        initial={name: getattr(attendance, name) for name in fields}
        | {"organisation": attendance.organisation_id},
        done=ATTENDANCE_SAVED,
        back_url=_event_url(attendance.event),
        title="Change the attendance record",
        caption=attendance.event.title,
    )


def event_feedback_edit(request, pk: int, feedback_pk: int):
    feedback = feedback_for_user(request.user, pk, feedback_pk)
    return _correct_page(
        request,
        feedback,
        _with_members(forms.FeedbackEditForm, feedback.event),
        lambda **data: services.feedback_update(feedback=feedback, **data),
        initial={
            "rating": feedback.rating,
            "comments": feedback.comments,
            "organisation": feedback.organisation_id,
        },
        done=FEEDBACK_SAVED,
        back_url=_event_url(feedback.event),
        title="Change the feedback",
        caption=feedback.event.title,
    )


# Removals


def _confirm_page(request, event: Event, *, title, details, warning, submit_label, refusal=None):
    context = {
        "title": title,
        "caption": event.title,
        "details": details,
        "warning": warning,
        "refusal": refusal,
        "submit_label": submit_label,
        "back_url": _event_url(event),
    }
    return render(request, "programme/confirm_remove.html", context)


def event_remove(request, pk: int):
    """Remove an event that has no attendance or feedback; otherwise say what is in the way."""
    event, _ = event_for_user(request.user, pk, need=Need.MANAGE)
    if request.method == "POST":
        try:
            services.event_remove(acting_user=request.user, event=event)
        except ValidationError as exc:
            refusal: str | None = " ".join(exc.messages)
        else:
            messages.success(request, EVENT_REMOVED.format(title=event.title))
            return redirect(reverse("programme:improvement_programme", args=[event.programme_id]))
    else:
        refusal = services.event_removal_refusal(event)
    return _confirm_page(
        request,
        event,
        title="You cannot remove this event yet" if refusal else "Remove this event?",
        details=[("Event", event.title), ("Date", event.date.strftime("%-d %B %Y"))],
        warning=EVENT_REMOVE_WARNING,
        refusal=refusal,
        submit_label="Remove event",
    )


def _remove_page(request, event: Event, remove: Callable[[], None], *, removed: str, **page):
    """GET: the confirm page. POST: remove, then back to the event."""
    if request.method == "POST":
        remove()
        messages.success(request, removed)
        return redirect(_event_url(event))
    return _confirm_page(request, event, **page)


def event_attendance_remove(request, pk: int, attendance_pk: int):
    attendance = attendance_for_user(request.user, pk, attendance_pk)
    return _remove_page(
        request,
        attendance.event,
        lambda: services.attendance_remove(acting_user=request.user, attendance=attendance),
        removed=ATTENDANCE_REMOVED,
        title="Remove this attendance record?",
        details=[
            ("Name", attendance.person_name),
            ("Body", attendance.body_name or "None given"),
            ("Attended", "Yes" if attendance.attended else "No"),
        ],
        warning=ATTENDANCE_REMOVE_WARNING,
        submit_label="Remove attendance record",
    )


def event_feedback_remove(request, pk: int, feedback_pk: int):
    feedback = feedback_for_user(request.user, pk, feedback_pk)
    return _remove_page(
        request,
        feedback.event,
        lambda: services.feedback_remove(acting_user=request.user, feedback=feedback),
        removed=FEEDBACK_REMOVED,
        title="Remove this feedback?",
        details=[
            ("Rating", feedback.get_rating_display()),
            ("Body", feedback.organisation.name if feedback.organisation else "Not given"),
            ("Comments", feedback.comments or "None given"),
        ],
        warning=FEEDBACK_REMOVE_WARNING,
        submit_label="Remove feedback",
    )
