"""Improvement programmes, events, attendance, feedback and their figures over the API
(mounted under /api/v1/programme). Readers read; only partnership managers write.

Events, attendance and feedback can be corrected (PATCH, with the `updated_at` read: 428 without
it, 409 if stale) and removed (DELETE); removing an event that still has attendance or feedback
gets 409 too.
"""

import datetime
import enum

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import exact_time, sent_version, stale_as_conflict, updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.lib.years import FinancialYear
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.organisations.models import Organisation
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.models import EventKind, FeedbackRating
from vfmhub.programme.selectors import events as selectors
from vfmhub.programme.services import events as services
from vfmhub.programme.views.events import attendance_for, event_for, feedback_for, programme_for

router = Router(tags=["programme"])


def _manages_partnership(request, partnership_id, **_):
    programme_partnership_for_user(request.user, partnership_id, need=Need.MANAGE)


def _manages_programme(request, programme_id, **_):
    programme_for(request, programme_id, Need.MANAGE)


def _manages_event(request, event_id, **_):
    event_for(request, event_id, Need.MANAGE)


class ImprovementProgrammeOut(Schema):
    id: int
    partnership_id: int
    name: str
    description: str
    year: int


class ImprovementProgrammeIn(Schema):
    name: str
    year: FinancialYear
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
    updated_at: str

    @staticmethod
    def resolve_updated_at(obj) -> str:
        return exact_time(obj.updated_at)


class EventIn(Schema):
    title: str
    kind: EventKind = EventKind.WORKSHOP
    date: datetime.date
    end_date: datetime.date | None = None
    venue: str = ""
    audience: str = ""
    capacity: int | None = None


class EventPatchIn(Schema):
    title: str | None = None
    kind: EventKind | None = None
    date: datetime.date | None = None
    end_date: datetime.date | None = None
    venue: str | None = None
    audience: str | None = None
    capacity: int | None = None
    updated_at: datetime.datetime | None = None


class AttendanceOut(Schema):
    id: int
    event_id: int
    person_name: str
    email: str
    organisation_id: int | None
    organisation_name: str
    attended: bool
    updated_at: str

    @staticmethod
    def resolve_updated_at(obj) -> str:
        return exact_time(obj.updated_at)


class AttendanceIn(Schema):
    person_name: str
    email: str = ""
    organisation_id: int | None = None
    organisation_name: str = ""
    attended: bool = True


class AttendancePatchIn(Schema):
    person_name: str | None = None
    email: str | None = None
    organisation_id: int | None = None
    organisation_name: str | None = None
    attended: bool | None = None
    updated_at: datetime.datetime | None = None


class AttendanceBulkIn(Schema):
    lines: str


class FeedbackOut(Schema):
    id: int
    event_id: int
    rating: FeedbackRating
    comments: str
    organisation_id: int | None
    updated_at: str

    @staticmethod
    def resolve_updated_at(obj) -> str:
        return exact_time(obj.updated_at)


class FeedbackIn(Schema):
    rating: FeedbackRating
    comments: str = ""
    organisation_id: int | None = None


class FeedbackPatchIn(Schema):
    rating: FeedbackRating | None = None
    comments: str | None = None
    organisation_id: int | None = None
    updated_at: datetime.datetime | None = None


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


def _changes(payload: Schema, *, nullable: tuple[str, ...] = ()) -> dict:
    """What a PATCH sent: null leaves a field as it is, except the `nullable` ones it clears.
    A body sent as `organisation_id` comes back as `organisation` (404 if unknown)."""
    sent = payload.dict(exclude_unset=True, exclude={"updated_at"})
    changes = {
        name: value.value if isinstance(value, enum.Enum) else value
        for name, value in sent.items()
        if value is not None or name in nullable
    }
    if "organisation_id" in changes:
        changes["organisation"] = _organisation(changes.pop("organisation_id"))
    return changes


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
@write_access(_manages_partnership)
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
@write_access(_manages_programme)
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


@router.patch(
    "/events/{int:event_id}",
    response=EventOut,
    summary="Change an event (partnership managers); 409 if changed since `updated_at`",
)
@write_access(_manages_event)
@updates_record
def update_event(request, event_id: int, payload: EventPatchIn):
    event, _ = event_for(request, event_id, Need.MANAGE)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        return services.event_update(
            acting_user=request.user,
            event=event,
            expected_updated_at=expected,
            **_changes(payload, nullable=("end_date", "capacity")),
        )


@router.delete(
    "/events/{int:event_id}",
    response={204: None},
    summary="Remove an event (partnership managers); 409 while it has attendance or feedback",
)
@write_access(_manages_event)
def remove_event(request, event_id: int):
    event, _ = event_for(request, event_id, Need.MANAGE)
    try:
        services.event_remove(acting_user=request.user, event=event)
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from None
    return Status(204, None)


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
@write_access(_manages_event)
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
@write_access(_manages_event)
def add_attendance_bulk(request, event_id: int, payload: AttendanceBulkIn):
    event, _ = event_for(request, event_id, Need.MANAGE)
    rows = services.attendance_bulk_add(acting_user=request.user, event=event, text=payload.lines)
    return Status(201, rows)


ATTENDANCE = "/events/{int:event_id}/attendance/{int:attendance_id}"


@router.patch(
    ATTENDANCE,
    response=AttendanceOut,
    summary="Correct an attendance record; send the updated_at you read (409 if stale)",
)
@write_access(_manages_event)
@updates_record
def update_attendance(request, event_id: int, attendance_id: int, payload: AttendancePatchIn):
    attendance = attendance_for(request, event_id, attendance_id)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        return services.attendance_update(
            acting_user=request.user,
            attendance=attendance,
            expected_updated_at=expected,
            **_changes(payload, nullable=("organisation_id",)),
        )


@router.delete(ATTENDANCE, response={204: None}, summary="Remove an attendance record")
@write_access(_manages_event)
def remove_attendance(request, event_id: int, attendance_id: int):
    attendance = attendance_for(request, event_id, attendance_id)
    services.attendance_remove(acting_user=request.user, attendance=attendance)
    return Status(204, None)


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
@write_access(_manages_event)
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


FEEDBACK = "/events/{int:event_id}/feedback/{int:feedback_id}"


@router.patch(
    FEEDBACK,
    response=FeedbackOut,
    summary="Correct a feedback return; send the updated_at you read (409 if stale)",
)
@write_access(_manages_event)
@updates_record
def update_feedback(request, event_id: int, feedback_id: int, payload: FeedbackPatchIn):
    feedback = feedback_for(request, event_id, feedback_id)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        return services.feedback_update(
            acting_user=request.user,
            feedback=feedback,
            expected_updated_at=expected,
            **_changes(payload, nullable=("organisation_id",)),
        )


@router.delete(FEEDBACK, response={204: None}, summary="Remove a feedback return")
@write_access(_manages_event)
def remove_feedback(request, event_id: int, feedback_id: int):
    feedback = feedback_for(request, event_id, feedback_id)
    services.feedback_remove(acting_user=request.user, feedback=feedback)
    return Status(204, None)
