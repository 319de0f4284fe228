"""Improvement programme pages: the list, a programme with its events and figures, an event with
its attendance and feedback, the member bodies not reached, and CSV/XLSX exports; creating a
programme and adding events, attendees and feedback (corrections are in `events_corrections.py`).

Readers are the partnership's roles and its member bodies' users; only partnership managers
write (403 for other readers, 404 for anyone else).
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vfmhub.core.charts import Series, bar_chart
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.access.events import event_for_user, programme_for_user
from vfmhub.programme.forms import events as forms
from vfmhub.programme.models import FeedbackRating
from vfmhub.programme.selectors import events as selectors
from vfmhub.programme.services import events as services

PROGRAMME_SAVED = "The improvement programme has been saved."
EVENT_SAVED = "The event has been saved."
ATTENDEE_ADDED = "The attendee has been added."
ATTENDEES_ADDED = "{count} attendees have been added."
FEEDBACK_ADDED = "The feedback has been added."
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


def _exported(
    request, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse | None:
    """The page's rows as CSV or XLSX when `?export=` asks for them, else None."""
    fmt = request.GET.get("export")
    return export_response(fmt, filename=filename, headers=headers, rows=rows) if fmt else None


# Lists and pages


def improvement_programme_list(request, pk: int):
    access = programme_partnership_for_user(request.user, pk)
    programmes = selectors.programmes_for_partnership(access.partnership)
    rows = (
        [p.name, financial_year_label(p.year), getattr(p, "event_count", None)] for p in programmes
    )
    filename = f"{access.partnership.name}-improvement-programmes"
    if exported := _exported(request, filename, ["Name", "Year", "Events"], rows):
        return exported
    context = {
        "partnership": access.partnership,
        "programmes": programmes,
        "can_manage": access.can_manage,
    }
    return render(request, "programme/event_programme_list.html", context)


def _event_rows(figures: selectors.ProgrammeFigures) -> Iterator[list[Any]]:
    for event in figures.events:
        one = figures.by_event[event.pk]
        yield [event.date, event.end_date, event.title, event.get_kind_display(), *_counts(one)]
    yield [None, None, "Programme (each person and body once)", "", *_counts(figures.total)]


def _counts(figures: selectors.Figures) -> list[int | None]:
    return [
        figures.people,
        figures.bodies_reached,
        figures.members,
        figures.feedback_returned,
        figures.percent_good,
    ]


def improvement_programme_detail(request, pk: int):
    programme, access = programme_for_user(request.user, pk)
    figures = selectors.programme_figures(programme)
    filename = f"{programme.name}-events"
    if exported := _exported(request, filename, EVENT_HEADERS, _event_rows(figures)):
        return exported
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
    latest = selectors.latest_improvement_programme(access.partnership)
    if latest is None:
        raise Http404(NOT_FOUND)
    return improvement_programme_detail(request, latest.pk)


def improvement_programme_not_reached(request, pk: int):
    programme, _ = programme_for_user(request.user, pk)
    figures = selectors.programme_figures(programme)
    bodies = list(selectors.bodies_not_reached(figures))
    rows = ([b.name, b.get_body_type_display()] for b in bodies)
    filename = f"{programme.name}-bodies-not-reached"
    if exported := _exported(request, filename, ["Body", "Body type"], rows):
        return exported
    context = {"programme": programme, "bodies": bodies, "total": figures.total}
    return render(request, "programme/event_not_reached.html", context)


def event_detail(request, pk: int):
    event, access = event_for_user(request.user, pk)
    attendance = list(selectors.event_attendance(event))
    rows = (
        [a.person_name, a.email, a.body_name, bool(a.organisation_id), a.attended]
        for a in attendance
    )
    headers = ["Name", "Email", "Body", "Member body", "Attended"]
    if exported := _exported(request, f"{event.title}-attendance", headers, rows):
        return exported
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
    return save_form_page(
        request,
        forms.ImprovementProgrammeForm(request.POST or None),
        lambda data: services.improvement_programme_create(
            acting_user=request.user, partnership=access.partnership, **data
        ),
        done=PROGRAMME_SAVED,
        next_url=lambda programme: reverse("programme:improvement_programme", args=[programme.pk]),
        back_url=reverse("programme:improvement_programmes", args=[pk]),
        title="Create an improvement programme",
        caption=access.partnership.name,
        submit_label="Create programme",
    )


def event_create(request, pk: int):
    programme, _ = programme_for_user(request.user, pk, need=Need.MANAGE)
    return save_form_page(
        request,
        forms.EventForm(request.POST or None),
        lambda data: services.event_create(acting_user=request.user, programme=programme, **data),
        done=EVENT_SAVED,
        next_url=lambda event: reverse("programme:event", args=[event.pk]),
        back_url=reverse("programme:improvement_programme", args=[programme.pk]),
        title="Add an event",
        caption=programme.name,
        submit_label="Add event",
    )


def _add_at_event(
    request, pk: int, form_class: type, add: Callable[..., Any], *, done: Any, title: str, **page
):
    """The page that adds to an event with one form and one service; a form that names a body
    offers the partnership's members."""
    event, _ = event_for_user(request.user, pk, need=Need.MANAGE)
    kwargs = {}
    if issubclass(form_class, forms.BodyForm):
        kwargs["members"] = selectors.partnership_members(event.programme.partnership_id)
    return save_form_page(
        request,
        form_class(request.POST or None, **kwargs),
        lambda data: add(acting_user=request.user, event=event, **data),
        done=done,
        back_url=reverse("programme:event", args=[event.pk]),
        title=title,
        caption=event.title,
        **page,
    )


def event_attendance_add(request, pk: int):
    return _add_at_event(
        request,
        pk,
        forms.AttendanceForm,
        services.attendance_add,
        done=ATTENDEE_ADDED,
        title="Add an attendee",
    )


def event_attendance_bulk(request, pk: int):
    return _add_at_event(
        request,
        pk,
        forms.AttendanceBulkForm,
        lambda lines, **acting_at: services.attendance_bulk_add(text=lines, **acting_at),
        done=lambda rows: ATTENDEES_ADDED.format(count=len(rows)),
        title="Add attendees from a list",
        submit_label="Add attendees",
    )


def event_feedback_add(request, pk: int):
    return _add_at_event(
        request,
        pk,
        forms.FeedbackForm,
        services.feedback_add,
        done=FEEDBACK_ADDED,
        title="Add feedback",
    )
