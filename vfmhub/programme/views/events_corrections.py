"""Correcting an event's records: change or remove an attendance record or a feedback return, and
remove an event once nothing is recorded against it. Partnership managers only (see views_events).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from vfmhub.core.form_pages import save_form_page
from vfmhub.programme.access import Need
from vfmhub.programme.forms import events as forms
from vfmhub.programme.models import (
    Event,
)
from vfmhub.programme.services import events as services
from vfmhub.programme.views.events import (
    _event_url,
    _members,
    attendance_for,
    event_for,
    feedback_for,
)

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
    event, _ = event_for(request, pk, Need.MANAGE)
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


def event_attendance_edit(request, pk: int, attendance_pk: int):
    attendance = attendance_for(request, pk, attendance_pk)
    event = attendance.event
    fields = ["person_name", "email", "organisation_name", "attended"]
    initial = {name: getattr(attendance, name) for name in fields}
    initial["organisation"] = attendance.organisation_id
    initial["updated_at"] = attendance.updated_at.isoformat()
    members = _members(event.programme.partnership_id)
    return save_form_page(
        request,
        forms.AttendanceEditForm(request.POST or None, initial=initial, members=members),
        lambda data: services.attendance_update(
            acting_user=request.user,
            attendance=attendance,
            expected_updated_at=data.pop("updated_at") or None,
            **data,
        ),
        done=ATTENDANCE_SAVED,
        back_url=_event_url(event),
        title="Change the attendance record",
        caption=event.title,
    )


def event_attendance_remove(request, pk: int, attendance_pk: int):
    attendance = attendance_for(request, pk, attendance_pk)
    if request.method == "POST":
        services.attendance_remove(acting_user=request.user, attendance=attendance)
        messages.success(request, ATTENDANCE_REMOVED)
        return redirect(_event_url(attendance.event))
    return _confirm_page(
        request,
        attendance.event,
        title="Remove this attendance record?",
        details=[
            ("Name", attendance.person_name),
            ("Body", attendance.body_name or "None given"),
            ("Attended", "Yes" if attendance.attended else "No"),
        ],
        warning=ATTENDANCE_REMOVE_WARNING,
        submit_label="Remove attendance record",
    )


def event_feedback_edit(request, pk: int, feedback_pk: int):
    feedback = feedback_for(request, pk, feedback_pk)
    event = feedback.event
    initial = {
        "rating": feedback.rating,
        "comments": feedback.comments,
        "organisation": feedback.organisation_id,
        "updated_at": feedback.updated_at.isoformat(),
    }
    members = _members(event.programme.partnership_id)
    return save_form_page(
        request,
        forms.FeedbackEditForm(request.POST or None, initial=initial, members=members),
        lambda data: services.feedback_update(
            acting_user=request.user,
            feedback=feedback,
            expected_updated_at=data.pop("updated_at") or None,
            **data,
        ),
        done=FEEDBACK_SAVED,
        back_url=_event_url(event),
        title="Change the feedback",
        caption=event.title,
    )


def event_feedback_remove(request, pk: int, feedback_pk: int):
    feedback = feedback_for(request, pk, feedback_pk)
    if request.method == "POST":
        services.feedback_remove(acting_user=request.user, feedback=feedback)
        messages.success(request, FEEDBACK_REMOVED)
        return redirect(_event_url(feedback.event))
    return _confirm_page(
        request,
        feedback.event,
        title="Remove this feedback?",
        details=[
            ("Rating", feedback.get_rating_display()),
            ("Body", feedback.organisation.name if feedback.organisation else "Not given"),
            ("Comments", feedback.comments or "None"),
        ],
        warning=FEEDBACK_REMOVE_WARNING,
        submit_label="Remove feedback",
    )
