"""Improvement programme pages: the list, a programme with its events and figures, an event with
its attendance and feedback, the member bodies not reached, and CSV/XLSX exports.

Readers are the partnership's roles and its member bodies' users; only partnership managers
write (403 for other readers, 404 for anyone else).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from vfmhub.core.charts import Series, bar_chart
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import add_service_errors as _add_errors
from vfmhub.core.form_pages import form_page as _form_page
from vfmhub.core.form_pages import save_form_page
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.organisations.models import Organisation
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.forms import events as forms
from vfmhub.programme.models import (
    Attendance,
    Event,
    Feedback,
    FeedbackRating,
    ImprovementProgramme,
)
from vfmhub.programme.selectors import events as selectors
from vfmhub.programme.services import events as services

PROGRAMME_SAVED = "The improvement programme has been saved."
EVENT_SAVED = "The event has been saved."
ATTENDEE_ADDED = "The attendee has been added."
ATTENDEES_ADDED = "{count} attendees have been added."
FEEDBACK_ADDED = "The feedback has been added."


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None


def programme_for(request, pk, need: Need = Need.READ):
    programme = (
        ImprovementProgramme.objects.select_related("partnership").filter(pk=_int(pk)).first()
    )
    if programme is None:
        raise Http404(NOT_FOUND)
    access = programme_partnership_for_user(request.user, programme.partnership_id, need=need)
    return programme, access


def event_for(request, pk, need: Need = Need.READ):
    event = Event.objects.select_related("programme__partnership").filter(pk=_int(pk)).first()
    if event is None:
        raise Http404(NOT_FOUND)
    access = programme_partnership_for_user(request.user, event.programme.partnership_id, need=need)
    return event, access


def attendance_for(request, pk, attendance_pk) -> Attendance:
    """An attendance record of the event, for a manager of its partnership."""
    event, _ = event_for(request, pk, Need.MANAGE)
    found = event.attendances.select_related("organisation").filter(pk=_int(attendance_pk))
    attendance = found.first()
    if attendance is None:
        raise Http404(NOT_FOUND)
    attendance.event = event
    return attendance


def feedback_for(request, pk, feedback_pk) -> Feedback:
    """A feedback return of the event, for a manager of its partnership."""
    event, _ = event_for(request, pk, Need.MANAGE)
    found = event.feedback.select_related("organisation").filter(pk=_int(feedback_pk))
    feedback = found.first()
    if feedback is None:
        raise Http404(NOT_FOUND)
    feedback.event = event
    return feedback


def _event_url(event: Event) -> str:
    return reverse("programme:event", args=[event.pk])


def _members(partnership_id: int):
    return Organisation.objects.filter(
        partnership_memberships__partnership_id=partnership_id
    ).distinct()


def _percent(value) -> str:
    return "" if value is None else f"{value}%"


# Lists and pages


def improvement_programme_list(request, pk: int):
    access = programme_partnership_for_user(request.user, pk)
    programmes = selectors.programmes_for_partnership(access.partnership)
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{access.partnership.name}-improvement-programmes",
            headers=["Name", "Year", "Events"],
            rows=(
                [p.name, financial_year_label(p.year), getattr(p, "event_count", None)]
                for p in programmes
            ),
        )
    context = {
        "partnership": access.partnership,
        "programmes": programmes,
        "can_manage": access.can_manage,
    }
    return render(request, "programme/event_programme_list.html", context)


EVENT_HEADERS = [
    "Date",
    "End date",
    "Event",
    "Kind",
    "People attending",
    "Member bodies reached",
    "Members",
    "Feedback returned",
    "Good or very good (%)",
]


def _event_rows(figures: selectors.ProgrammeFigures):
    for event in figures.events:
        one = figures.by_event[event.pk]
        yield [
            event.date,
            event.end_date,
            event.title,
            event.get_kind_display(),
            one.people,
            one.bodies_reached,
            one.members,
            one.feedback_returned,
            one.percent_good,
        ]
    total = figures.total
    yield [
        None,
        None,
        "Programme (each person and body once)",
        "",
        total.people,
        total.bodies_reached,
        total.members,
        total.feedback_returned,
        total.percent_good,
    ]


def improvement_programme_detail(request, pk: int):
    programme, access = programme_for(request, pk)
    figures = selectors.programme_figures(programme)
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{programme.name}-events",
            headers=EVENT_HEADERS,
            rows=_event_rows(figures),
        )
    rows = [(event, figures.by_event[event.pk]) for event in figures.events]
    chart = bar_chart(
        title=f"People attending and member bodies reached, {programme.name}",
        description="For each event, the people attending and the member bodies they came from.",
        categories=[event.title for event in figures.events],
        series=[
            Series("People attending", [one.people for _, one in rows]),
            Series("Member bodies reached", [one.bodies_reached for _, one in rows]),
        ],
    )
    context = {
        "programme": programme,
        "partnership": programme.partnership,
        "rows": rows,
        "total": figures.total,
        "chart": chart,
        "can_manage": access.can_manage,
    }
    return render(request, "programme/event_programme_detail.html", context)


def improvement_programme_latest(request, pk: int):
    """The partnership's latest improvement programme page (a stable address for `make bench`)."""
    access = programme_partnership_for_user(request.user, pk)
    latest = selectors.programmes_for_partnership(access.partnership).order_by("-year", "-pk")
    programme = latest.values_list("pk", flat=True).first()
    if programme is None:
        raise Http404(NOT_FOUND)
    return improvement_programme_detail(request, programme)


def improvement_programme_not_reached(request, pk: int):
    programme, _ = programme_for(request, pk)
    figures = selectors.programme_figures(programme)
    bodies = list(selectors.bodies_not_reached(figures))
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{programme.name}-bodies-not-reached",
            headers=["Body", "Body type"],
            rows=([b.name, b.get_body_type_display()] for b in bodies),
        )
    context = {"programme": programme, "bodies": bodies, "total": figures.total}
    return render(request, "programme/event_not_reached.html", context)


def event_detail(request, pk: int):
    event, access = event_for(request, pk)
    attendance = list(selectors.event_attendance(event))
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{event.title}-attendance",
            headers=["Name", "Email", "Body", "Member body", "Attended"],
            rows=(
                [a.person_name, a.email, a.body_name, bool(a.organisation_id), a.attended]
                for a in attendance
            ),
        )
    figures = selectors.event_figures(event)
    feedback = list(selectors.event_feedback(event))
    ratings = [(label, figures.ratings.get(value, 0)) for value, label in FeedbackRating.choices]
    context = {
        "event": event,
        "programme": event.programme,
        "attendance": attendance,
        "figures": figures,
        "ratings": ratings,
        "feedback": [f for f in feedback if f.comments],
        "feedback_returns": feedback,
        "can_manage": access.can_manage,
    }
    return render(request, "programme/event_detail.html", context)


# Writes (partnership managers)


def improvement_programme_create(request, pk: int):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    form = forms.ImprovementProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.improvement_programme_create(
                acting_user=request.user, partnership=access.partnership, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, PROGRAMME_SAVED)
            return redirect(reverse("programme:improvement_programme", args=[programme.pk]))
    return _form_page(
        request,
        form,
        title="Create an improvement programme",
        caption=access.partnership.name,
        back_url=reverse("programme:improvement_programmes", args=[pk]),
        submit_label="Create programme",
    )


def improvement_programme_edit(request, pk: int):
    programme, _ = programme_for(request, pk, Need.MANAGE)
    initial = {
        "name": programme.name,
        "year": programme.year,
        "description": programme.description,
        "updated_at": programme.updated_at.isoformat(),
    }
    return save_form_page(
        request,
        forms.ImprovementProgrammeEditForm(request.POST or None, initial=initial),
        lambda data: services.improvement_programme_update(
            acting_user=request.user,
            programme=programme,
            expected_updated_at=data.pop("updated_at") or None,
            **data,
        ),
        done=PROGRAMME_SAVED,
        back_url=reverse("programme:improvement_programme", args=[programme.pk]),
        title="Edit the programme",
        caption=programme.name,
    )


def event_create(request, pk: int):
    programme, _ = programme_for(request, pk, Need.MANAGE)
    form = forms.EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                acting_user=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, EVENT_SAVED)
            return redirect(reverse("programme:event", args=[event.pk]))
    return _form_page(
        request,
        form,
        title="Add an event",
        caption=programme.name,
        back_url=reverse("programme:improvement_programme", args=[programme.pk]),
        submit_label="Add event",
    )


def event_edit(request, pk: int):
    event, _ = event_for(request, pk, Need.MANAGE)
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    initial["updated_at"] = event.updated_at.isoformat()

    def save(data):
        expected = parse_datetime(data.pop("updated_at") or "")
        services.event_update(
            acting_user=request.user, event=event, expected_updated_at=expected, **data
        )

    return save_form_page(
        request,
        forms.EventEditForm(request.POST or None, initial=initial),
        save,
        done=EVENT_SAVED,
        back_url=_event_url(event),
        title="Edit the event",
        caption=event.title,
    )


def event_attendance_add(request, pk: int):
    event, _ = event_for(request, pk, Need.MANAGE)
    members = _members(event.programme.partnership_id)
    return save_form_page(
        request,
        forms.AttendanceForm(request.POST or None, members=members),
        lambda data: services.attendance_add(acting_user=request.user, event=event, **data),
        done=ATTENDEE_ADDED,
        back_url=_event_url(event),
        title="Add an attendee",
        caption=event.title,
    )


def event_attendance_bulk(request, pk: int):
    event, _ = event_for(request, pk, Need.MANAGE)
    form = forms.AttendanceBulkForm(request.POST or None)
    back_url = reverse("programme:event", args=[event.pk])
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.attendance_bulk_add(
                acting_user=request.user, event=event, text=form.cleaned_data["lines"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, ATTENDEES_ADDED.format(count=len(rows)))
            return redirect(back_url)
    return _form_page(
        request,
        form,
        title="Add attendees from a list",
        caption=event.title,
        back_url=back_url,
        submit_label="Add attendees",
    )


def event_feedback_add(request, pk: int):
    event, _ = event_for(request, pk, Need.MANAGE)
    members = _members(event.programme.partnership_id)
    return save_form_page(
        request,
        forms.FeedbackForm(request.POST or None, members=members),
        lambda data: services.feedback_add(acting_user=request.user, event=event, **data),
        done=FEEDBACK_ADDED,
        back_url=_event_url(event),
        title="Add feedback",
        caption=event.title,
    )
