"""Improvement programmes, events, attendance, feedback and their figures over the API
(mounted under /api/v1/programme). Readers read; only partnership managers write.

Events, attendance and feedback can be corrected (PATCH, with the `updated_at` read: 428 without
it, 409 if stale) and removed (DELETE); removing an event that still has attendance or feedback
gets 409 too.
"""

import datetime
import enum
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import VersionedOut, sent_version, stale_as_conflict, updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.lib.years import FinancialYear
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.access.events import (
    attendance_for_user,
    body_named,
    event_for_user,
    feedback_for_user,
    manages_event,
    manages_improvement_programme,
    programme_for_user,
)
from vfmhub.programme.access.funding import manages_programme
from vfmhub.programme.api.funding import patch_of
from vfmhub.programme.models import EventKind, FeedbackRating
from vfmhub.programme.selectors import events as selectors
from vfmhub.programme.services import events as services

router = Router(tags=["programme"])


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


class EventOut(VersionedOut):
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


class EventIn(Schema):
    title: str
    kind: EventKind = EventKind.WORKSHOP
    date: datetime.date
    end_date: datetime.date | None = None
    venue: str = ""
    audience: str = ""
    capacity: int | None = None


@patch_of(EventIn)
class EventPatchIn(Schema):
    updated_at: datetime.datetime | None = None


class AttendanceOut(VersionedOut):
    id: int
    event_id: int
    person_name: str
    email: str
    organisation_id: int | None
    organisation_name: str
    attended: bool
    updated_at: str


class AttendanceIn(Schema):
    person_name: str
    email: str = ""
    organisation_id: int | None = None
    organisation_name: str = ""
    attended: bool = True


@patch_of(AttendanceIn)
class AttendancePatchIn(Schema):
    updated_at: datetime.datetime | None = None


class AttendanceBulkIn(Schema):
    lines: str


class FeedbackOut(VersionedOut):
    id: int
    event_id: int
    rating: FeedbackRating
    comments: str
    organisation_id: int | None
    updated_at: str


class FeedbackIn(Schema):
    rating: FeedbackRating
    comments: str = ""
    organisation_id: int | None = None


@patch_of(FeedbackIn)
class FeedbackPatchIn(Schema):
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


def _sent(payload: Schema, *, nullable: tuple[str, ...] = ()) -> dict[str, Any]:
    """What a body sent, its enums as their values and a body named by `organisation_id` as
    `organisation` (404 if unknown). In a PATCH, null leaves a field as it is, except the
    `nullable` ones it clears."""
    sent = payload.dict(exclude_unset=True, exclude={"updated_at"})
    values = {
        name: value.value if isinstance(value, enum.Enum) else value
        for name, value in sent.items()
        if value is not None or name in nullable
    }
    if "organisation_id" in values:
        values["organisation"] = body_named(values.pop("organisation_id"))
    return values


def _correct(request, update: Callable[..., Any], payload: Any, nullable, **record) -> Any:
    """A PATCH of one record: the version sent (428 without it), then `update` (409 if stale)."""
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        return update(
            acting_user=request.user,
            expected_updated_at=expected,
            **record,
            **_sent(payload, nullable=nullable),
        )


@router.get(
    "/partnerships/{int:partnership_id}/improvement-programmes",
    response=list[ImprovementProgrammeOut],
    summary="A partnership's improvement programmes",
)
@paginate(Pagination)
def list_improvement_programmes(request, partnership_id: int):
    access = programme_partnership_for_user(request.user, partnership_id)
    return selectors.programmes_for_partnership(access.partnership)


@router.post(
    "/partnerships/{int:partnership_id}/improvement-programmes",
    response={201: ImprovementProgrammeOut},
    summary="Create an improvement programme (partnership managers)",
)
@write_access(manages_programme)
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
    programme, _ = programme_for_user(request.user, programme_id)
    return programme


@router.get(
    "/improvement-programmes/{int:programme_id}/events",
    response=list[EventOut],
    summary="A programme's events",
)
@paginate(Pagination)
def list_events(request, programme_id: int):
    programme, _ = programme_for_user(request.user, programme_id)
    return selectors.programme_events(programme)


@router.post(
    "/improvement-programmes/{int:programme_id}/events",
    response={201: EventOut},
    summary="Add an event (partnership managers)",
)
@write_access(manages_improvement_programme)
def create_event(request, programme_id: int, payload: EventIn):
    programme, _ = programme_for_user(request.user, programme_id, need=Need.MANAGE)
    event = services.event_create(acting_user=request.user, programme=programme, **payload.dict())
    return Status(201, event)


@router.get(
    "/improvement-programmes/{int:programme_id}/figures",
    response=ProgrammeFiguresOut,
    summary="People attending, member bodies reached and % good or very good, per event and in all",
)
def programme_figures(request, programme_id: int):
    programme, _ = programme_for_user(request.user, programme_id)
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
    event, _ = event_for_user(request.user, event_id)
    return event


@router.patch(
    "/events/{int:event_id}",
    response=EventOut,
    summary="Change an event (partnership managers); 409 if changed since `updated_at`",
)
@write_access(manages_event)
@updates_record
def update_event(request, event_id: int, payload: EventPatchIn):
    event, _ = event_for_user(request.user, event_id, need=Need.MANAGE)
    nullable = ("end_date", "capacity")
    return _correct(request, services.event_update, payload, nullable, event=event)


@router.delete(
    "/events/{int:event_id}",
    response={204: None},
    summary="Remove an event (partnership managers); 409 while it has attendance or feedback",
)
@write_access(manages_event)
def remove_event(request, event_id: int):
    event, _ = event_for_user(request.user, event_id, need=Need.MANAGE)
    try:
        services.event_remove(acting_user=request.user, event=event)
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from None
    return Status(204, None)


@router.get("/events/{int:event_id}/figures", response=FiguresOut, summary="An event's figures")
def event_figures(request, event_id: int):
    event, _ = event_for_user(request.user, event_id)
    return selectors.event_figures(event).as_dict()


@router.get(
    "/events/{int:event_id}/attendance", response=list[AttendanceOut], summary="Who attended"
)
@paginate(Pagination)
def list_attendance(request, event_id: int):
    event, _ = event_for_user(request.user, event_id)
    return selectors.event_attendance(event)


@router.post(
    "/events/{int:event_id}/attendance",
    response={201: AttendanceOut},
    summary="Add an attendee (partnership managers)",
)
@write_access(manages_event)
def add_attendance(request, event_id: int, payload: AttendanceIn):
    event, _ = event_for_user(request.user, event_id, need=Need.MANAGE)
    attendance = services.attendance_add(acting_user=request.user, event=event, **_sent(payload))
    return Status(201, attendance)


@router.post(
    "/events/{int:event_id}/attendance/bulk",
    response={201: list[AttendanceOut]},
    summary="Add attendees from lines of “Name, Body” (partnership managers)",
)
@write_access(manages_event)
def add_attendance_bulk(request, event_id: int, payload: AttendanceBulkIn):
    event, _ = event_for_user(request.user, event_id, need=Need.MANAGE)
    rows = services.attendance_bulk_add(acting_user=request.user, event=event, text=payload.lines)
    return Status(201, rows)


ATTENDANCE = "/events/{int:event_id}/attendance/{int:attendance_id}"


@router.patch(
    ATTENDANCE,
    response=AttendanceOut,
    summary="Correct an attendance record; send the updated_at you read (409 if stale)",
)
@write_access(manages_event)
@updates_record
def update_attendance(request, event_id: int, attendance_id: int, payload: AttendancePatchIn):
    attendance = attendance_for_user(request.user, event_id, attendance_id)
    nullable = ("organisation_id",)
    return _correct(request, services.attendance_update, payload, nullable, attendance=attendance)


@router.delete(ATTENDANCE, response={204: None}, summary="Remove an attendance record")
@write_access(manages_event)
def remove_attendance(request, event_id: int, attendance_id: int):
    attendance = attendance_for_user(request.user, event_id, attendance_id)
    services.attendance_remove(acting_user=request.user, attendance=attendance)
    return Status(204, None)


@router.get("/events/{int:event_id}/feedback", response=list[FeedbackOut], summary="Feedback")
@paginate(Pagination)
def list_feedback(request, event_id: int):
    event, _ = event_for_user(request.user, event_id)
    return selectors.event_feedback(event)


@router.post(
    "/events/{int:event_id}/feedback",
    response={201: FeedbackOut},
    summary="Add feedback (partnership managers)",
)
@write_access(manages_event)
def add_feedback(request, event_id: int, payload: FeedbackIn):
    event, _ = event_for_user(request.user, event_id, need=Need.MANAGE)
    feedback = services.feedback_add(acting_user=request.user, event=event, **_sent(payload))
    return Status(201, feedback)


FEEDBACK = "/events/{int:event_id}/feedback/{int:feedback_id}"


@router.patch(
    FEEDBACK,
    response=FeedbackOut,
    summary="Correct a feedback return; send the updated_at you read (409 if stale)",
)
@write_access(manages_event)
@updates_record
def update_feedback(request, event_id: int, feedback_id: int, payload: FeedbackPatchIn):
    feedback = feedback_for_user(request.user, event_id, feedback_id)
    nullable = ("organisation_id",)
    return _correct(request, services.feedback_update, payload, nullable, feedback=feedback)


@router.delete(FEEDBACK, response={204: None}, summary="Remove a feedback return")
@write_access(manages_event)
def remove_feedback(request, event_id: int, feedback_id: int):
    feedback = feedback_for_user(request.user, event_id, feedback_id)
    services.feedback_remove(acting_user=request.user, feedback=feedback)
    return Status(204, None)
