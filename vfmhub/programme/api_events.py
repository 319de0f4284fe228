"""Improvement programmes, events, attendance, feedback and their figures over the API
(mounted under /api/v1/programme). Readers read; only partnership managers write."""

import datetime

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from vfmhub.api.pagination import Pagination
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.organisations.models import Organisation
from vfmhub.programme import selectors_events as selectors
from vfmhub.programme import services_events as services
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.models import EventKind, FeedbackRating
from vfmhub.programme.views_events import event_for, programme_for

router = Router(tags=["programme"])


class ImprovementProgrammeOut(Schema):
    id: int
    partnership_id: int
    name: str
    description: str
    year: int


class ImprovementProgrammeIn(Schema):
    name: str
    year: int
    description: str = ""


class EventOut(Schema):
    id: int
    programme_id: int
    title: str
    kind: EventKind
    date: datetime.date
    end_date: datetime.date | None
    venue: str
    audience: str
    capacity: int | None


class EventIn(Schema):
    title: str
    kind: EventKind = EventKind.WORKSHOP
    date: datetime.date
    end_date: datetime.date | None = None
    venue: str = ""
    audience: str = ""
    capacity: int | None = None


class AttendanceOut(Schema):
    id: int
    event_id: int
    person_name: str
    email: str
    organisation_id: int | None
    organisation_name: str
    attended: bool


class AttendanceIn(Schema):
    person_name: str
    email: str = ""
    organisation_id: int | None = None
    organisation_name: str = ""
    attended: bool = True


class AttendanceBulkIn(Schema):
    lines: str


class FeedbackOut(Schema):
    id: int
    event_id: int
    rating: FeedbackRating
    comments: str
    organisation_id: int | None


class FeedbackIn(Schema):
    rating: FeedbackRating
    comments: str = ""
    organisation_id: int | None = None


class FiguresOut(Schema):
    people: int
    bodies_reached: int
    members: int
    other_bodies: int
    feedback_returned: int
    good_or_very_good: int
    percent_good: int | None
    ratings: dict[str, int]


class EventFiguresOut(FiguresOut):
    event_id: int


class ProgrammeFiguresOut(Schema):
    programme_id: int
    total: FiguresOut
    events: list[EventFiguresOut]


def _organisation(pk: int | None) -> Organisation | None:
    if pk is None:
        return None
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Http404(NOT_FOUND)
    return organisation


@router.get(
    "/partnerships/{int:partnership_id}/improvement-programmes",
    response=list[ImprovementProgrammeOut],
    summary="A partnership's improvement programmes",
)
@paginate(Pagination)
def list_improvement_programmes(request, partnership_id: int):
    access = programme_partnership_for_user(request.user, partnership_id)
    return selectors.programmes_for_partnership(access.partnership).order_by("-year", "name", "pk")


@router.post(
    "/partnerships/{int:partnership_id}/improvement-programmes",
    response={201: ImprovementProgrammeOut},
    summary="Create an improvement programme (partnership managers)",
)
def create_improvement_programme(request, partnership_id: int, payload: ImprovementProgrammeIn):
    access = programme_partnership_for_user(request.user, partnership_id, need=Need.MANAGE)
    programme = services.improvement_programme_create(
        acting_user=request.user, partnership=access.partnership, **payload.dict()
    )
    return Status(201, programme)


@router.get(
    "/improvement-programmes/{int:programme_id}",
    response=ImprovementProgrammeOut,
    summary="One improvement programme",
)
def get_improvement_programme(request, programme_id: int):
    programme, _ = programme_for(request, programme_id)
    return programme


@router.get(
    "/improvement-programmes/{int:programme_id}/events",
    response=list[EventOut],
    summary="A programme's events",
)
@paginate(Pagination)
def list_events(request, programme_id: int):
    programme, _ = programme_for(request, programme_id)
    return programme.events.order_by("date", "title", "pk")


@router.post(
    "/improvement-programmes/{int:programme_id}/events",
    response={201: EventOut},
    summary="Add an event (partnership managers)",
)
def create_event(request, programme_id: int, payload: EventIn):
    programme, _ = programme_for(request, programme_id, Need.MANAGE)
    event = services.event_create(acting_user=request.user, programme=programme, **payload.dict())
    return Status(201, event)


@router.get(
    "/improvement-programmes/{int:programme_id}/figures",
    response=ProgrammeFiguresOut,
    summary="People attending, member bodies reached and % good or very good, per event and in all",
)
def programme_figures(request, programme_id: int):
    programme, _ = programme_for(request, programme_id)
    figures = selectors.programme_figures(programme)
    return {
        "programme_id": programme.pk,
        "total": figures.total.as_dict(),
        "events": [
            {"event_id": event.pk, **figures.by_event[event.pk].as_dict()}
            for event in figures.events
        ],
    }


@router.get("/events/{int:event_id}", response=EventOut, summary="One event")
def get_event(request, event_id: int):
    event, _ = event_for(request, event_id)
    return event


@router.get("/events/{int:event_id}/figures", response=FiguresOut, summary="An event's figures")
def event_figures(request, event_id: int):
    event, _ = event_for(request, event_id)
    return selectors.event_figures(event).as_dict()


@router.get(
    "/events/{int:event_id}/attendance", response=list[AttendanceOut], summary="Who attended"
)
@paginate(Pagination)
def list_attendance(request, event_id: int):
    event, _ = event_for(request, event_id)
    return event.attendances.order_by("person_name", "pk")


@router.post(
    "/events/{int:event_id}/attendance",
    response={201: AttendanceOut},
    summary="Add an attendee (partnership managers)",
)
def add_attendance(request, event_id: int, payload: AttendanceIn):
    event, _ = event_for(request, event_id, Need.MANAGE)
    data = payload.dict()
    organisation = _organisation(data.pop("organisation_id"))
    attendance = services.attendance_add(
        acting_user=request.user, event=event, organisation=organisation, **data
    )
    return Status(201, attendance)


@router.post(
    "/events/{int:event_id}/attendance/bulk",
    response={201: list[AttendanceOut]},
    summary="Add attendees from lines of “Name, Body” (partnership managers)",
)
def add_attendance_bulk(request, event_id: int, payload: AttendanceBulkIn):
    event, _ = event_for(request, event_id, Need.MANAGE)
    rows = services.attendance_bulk_add(acting_user=request.user, event=event, text=payload.lines)
    return Status(201, rows)


@router.get("/events/{int:event_id}/feedback", response=list[FeedbackOut], summary="Feedback")
@paginate(Pagination)
def list_feedback(request, event_id: int):
    event, _ = event_for(request, event_id)
    return event.feedback.order_by("pk")


@router.post(
    "/events/{int:event_id}/feedback",
    response={201: FeedbackOut},
    summary="Add feedback (partnership managers)",
)
def add_feedback(request, event_id: int, payload: FeedbackIn):
    event, _ = event_for(request, event_id, Need.MANAGE)
    feedback = services.feedback_add(
        acting_user=request.user,
        event=event,
        rating=payload.rating.value,
        comments=payload.comments,
        organisation=_organisation(payload.organisation_id),
    )
    return Status(201, feedback)
