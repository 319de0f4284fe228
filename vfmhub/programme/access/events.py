"""Reaching improvement programmes, their events and what is recorded at an event, for a user.

A programme or event is found by its id, then its partnership is checked
(`programme_partnership_for_user`): no access at all is 404, read-only access is 403 on writes.
Attendance and feedback are looked up under an event the user manages, so the id of another
event's record is 404 too.
"""

from typing import Any, cast

from django.http import HttpRequest

from vfmhub.accounts.models import User
from vfmhub.organisations.access import (
    Need,
    PartnershipAccess,
    one_or_404,
    organisation_to_add,
)
from vfmhub.organisations.models import Organisation
from vfmhub.programme.access import programme_partnership_for_user
from vfmhub.programme.models import Attendance, Event, Feedback, ImprovementProgramme


def programme_for_user(
    user: User, pk: int, *, need: Need = Need.READ
) -> tuple[ImprovementProgramme, PartnershipAccess]:
    """An improvement programme and the user's access to its partnership."""
    programme = one_or_404(ImprovementProgramme.objects.select_related("partnership").filter(pk=pk))
    return programme, programme_partnership_for_user(user, programme.partnership_id, need=need)


def event_for_user(
    user: User, pk: int, *, need: Need = Need.READ
) -> tuple[Event, PartnershipAccess]:
    """An event and the user's access to its programme's partnership."""
    event = one_or_404(Event.objects.select_related("programme__partnership").filter(pk=pk))
    return event, programme_partnership_for_user(user, event.programme.partnership_id, need=need)


def signed_in(request: HttpRequest) -> User:
    """The request's user, as the access layer takes it (it refuses an anonymous one: 404)."""
    return cast(User, request.user)


def manages_improvement_programme(request: HttpRequest, programme_id: int, **_: Any) -> None:
    """The access check of a write to an improvement programme (see `write_access`)."""
    programme_for_user(signed_in(request), programme_id, need=Need.MANAGE)


def manages_event(request: HttpRequest, event_id: int, **_: Any) -> None:
    """The access check of a write to an event or what is recorded at it."""
    event_for_user(signed_in(request), event_id, need=Need.MANAGE)


def _recorded_at(user: User, event_pk: int, records: str, pk: int) -> Any:
    """One of the event's `records` ("attendances", "feedback"), for a manager of its
    partnership, with the event (already read) set on it."""
    event, _ = event_for_user(user, event_pk, need=Need.MANAGE)
    record = one_or_404(getattr(event, records).select_related("organisation").filter(pk=pk))
    record.event = event
    return record


def attendance_for_user(user: User, event_pk: int, attendance_pk: int) -> Attendance:
    """An attendance record of the event, for a manager of its partnership."""
    return _recorded_at(user, event_pk, "attendances", attendance_pk)


def feedback_for_user(user: User, event_pk: int, feedback_pk: int) -> Feedback:
    """A feedback return of the event, for a manager of its partnership."""
    return _recorded_at(user, event_pk, "feedback", feedback_pk)


def body_named(pk: int | None) -> Organisation | None:
    """The body an attendance record or feedback return names by id (404 when there is no such
    body; the services check it is a member), or None when it names none."""
    return None if pk is None else organisation_to_add(pk)
