"""Writes for improvement programmes, events, attendance and feedback.

Views and the API let only the partnership's managers call these (through
`programme_partnership_for_user(..., need=Need.MANAGE)`); every write is audited and filed under the
partnership. Attendance and feedback can be corrected and removed (the audit keeps the old values);
an event is removed only once nothing is recorded against it, so no figures go with it unseen.
"""

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import (
    audit_record,
    audit_record_removed,
    save_changed,
    save_created,
    snapshot,
)
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.organisations.models import Organisation, Partnership, PartnershipMember
from vfmhub.programme.models import (
    Attendance,
    Event,
    Feedback,
    FeedbackRating,
    ImprovementProgramme,
)
from vfmhub.programme.selectors.events import normalise, partnership_members

PROGRAMME_FIELDS = ["name", "description", "year"]
EVENT_FIELDS = ["title", "kind", "date", "end_date", "venue", "audience", "capacity"]
ATTENDANCE_FIELDS = ["person_name", "email", "organisation_id", "organisation_name", "attended"]
FEEDBACK_FIELDS = ["rating", "comments", "organisation_id"]

END_BEFORE_START = "The end date must not be before the date."
NOT_A_MEMBER = "{organisation} is not a member of {partnership}; type its name instead."
BODY_ONE_WAY = "Choose a member body or type the name of another body, not both."
NAME_NEEDED = "Enter the person's name."
BULK_LINE = "Line {line}: {message}"
BULK_EMPTY = "Paste one person a line, as “Name, Body”."
UNKNOWN_RATING = "Choose very good, good, satisfactory or poor."
EVENT_NOT_EMPTY = (
    "This event has {records}. Remove them first: an event is removed only when no attendance "
    "or feedback is recorded against it."
)

M = TypeVar("M", bound=models.Model)
Version = datetime.datetime | str | None


def _partnership_id(obj: Any) -> int:
    """The partnership every write is filed under."""
    if isinstance(obj, ImprovementProgramme):
        return obj.partnership_id
    event = obj if isinstance(obj, Event) else obj.event
    return event.programme.partnership_id


def _create(
    obj: M,
    *,
    acting_user: User | None,
    action: str,
    fields: list[str],
    check: Callable[[M], None] | None = None,
) -> M:
    """Check, validate and save a new row, and record it with its values."""
    if check is not None:
        check(obj)
    return save_created(
        obj,
        acting_user=acting_user,
        action=action,
        fields=fields,
        partnership_id=_partnership_id(obj),
    )


def _update(
    obj: M,
    expected_updated_at: Version,
    *,
    acting_user: User | None,
    action: str,
    fields: list[str],
    changes: dict[str, Any],
    check: Callable[[M], None] | None = None,
) -> M:
    """Change `obj`'s row, locked and checked to be the version the caller started from."""
    partnership_id = _partnership_id(obj)
    obj = lock_unchanged(obj, expected_updated_at)
    before = snapshot(obj, fields)
    for name, value in changes.items():
        if name not in fields:
            raise ValueError(f"{name} cannot be changed here")
        setattr(obj, name, value)
    if check is not None:
        check(obj)
    return save_changed(
        obj, before, acting_user=acting_user, action=action, partnership_id=partnership_id
    )


def _remove(obj: models.Model, *, acting_user: User | None, action: str, fields: list[str]) -> None:
    """Record the values a removed row had, then remove it (the audit row keeps its id)."""
    audit_record_removed(
        acting_user=acting_user,
        action=action,
        obj=obj,
        fields=fields,
        partnership_id=_partnership_id(obj),
    )
    obj.delete()


def _with_body_id(changes: dict[str, Any]) -> dict[str, Any]:
    """Accept `organisation` (a body or None) for the stored `organisation_id`."""
    if "organisation" in changes:
        organisation = changes.pop("organisation")
        changes["organisation_id"] = organisation.pk if organisation else None
    return changes


# Improvement programmes and events ---------------------------------------------------------------


@transaction.atomic
def improvement_programme_create(
    *,
    acting_user: User | None,
    partnership: Partnership,
    name: str,
    year: int,
    description: str = "",
) -> ImprovementProgramme:
    return _create(
        ImprovementProgramme(
            partnership=partnership, name=name, year=year, description=description
        ),
        acting_user=acting_user,
        action="improvement_programme.create",
        fields=PROGRAMME_FIELDS,
    )


@transaction.atomic
def improvement_programme_update(
    *,
    acting_user: User | None,
    programme: ImprovementProgramme,
    expected_updated_at: Version = None,
    **changes: Any,
) -> ImprovementProgramme:
    return _update(
        programme,
        expected_updated_at,
        acting_user=acting_user,
        action="improvement_programme.update",
        fields=PROGRAMME_FIELDS,
        changes=changes,
    )


def _check_event(event: Event) -> None:
    if event.end_date and event.date and event.end_date < event.date:
        raise ValidationError({"end_date": END_BEFORE_START})


@transaction.atomic
def event_create(
    *,
    acting_user: User | None,
    programme: ImprovementProgramme,
    title: str,
    date: datetime.date,
    **fields: Any,
) -> Event:
    """Add an event to a programme; `fields` are the rest of `EVENT_FIELDS` (`kind` a workshop
    unless given)."""
    return _create(
        Event(programme=programme, title=title, date=date, **fields),
        acting_user=acting_user,
        action="event.create",
        fields=EVENT_FIELDS,
        check=_check_event,
    )


@transaction.atomic
def event_update(
    *,
    acting_user: User | None,
    event: Event,
    expected_updated_at: Version = None,
    **changes: Any,
) -> Event:
    return _update(
        event,
        expected_updated_at,
        acting_user=acting_user,
        action="event.update",
        fields=EVENT_FIELDS,
        changes=changes,
        check=_check_event,
    )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def event_removal_refusal(event: Event) -> str | None:
    """Why the event cannot be removed yet (what is recorded against it), or None."""
    attendance, feedback = event.attendances.count(), event.feedback.count()
    if not attendance and not feedback:
        return None
    records = [
        _count(attendance, "attendance record", "attendance records"),
        _count(feedback, "feedback return", "feedback returns"),
    ]
    return EVENT_NOT_EMPTY.format(records=" and ".join(records))


@transaction.atomic
def event_remove(*, acting_user: User | None, event: Event) -> None:
    """Remove an event with no attendance or feedback; refused (code "not_empty") otherwise."""
    # Lock the row first, so attendance added meanwhile either is counted here or fails for want
    # of its event, rather than going with it in the cascade.
    if Event.objects.select_for_update().filter(pk=event.pk).first() is None:
        return  # removed meanwhile: nothing left to do
    refusal = event_removal_refusal(event)
    if refusal:
        raise ValidationError(refusal, code="not_empty")
    _remove(event, acting_user=acting_user, action="event.remove", fields=EVENT_FIELDS)


# Attendance and feedback -------------------------------------------------------------------------


def _member_body(partnership_id: int, organisation: Organisation | None) -> None:
    if organisation is None:
        return
    if not PartnershipMember.objects.filter(
        partnership_id=partnership_id, organisation=organisation
    ).exists():
        partnership = Partnership.objects.get(pk=partnership_id)
        raise ValidationError(
            {
                "organisation": NOT_A_MEMBER.format(
                    organisation=organisation.name, partnership=partnership.name
                )
            }
        )


def _check_attendance(attendance: Attendance) -> None:
    """Tidy the names, then check there is a name and at most one way of naming the body."""
    attendance.person_name = " ".join((attendance.person_name or "").split())
    attendance.organisation_name = " ".join((attendance.organisation_name or "").split())
    if not attendance.person_name:
        raise ValidationError({"person_name": NAME_NEEDED})
    if attendance.organisation_id is not None and attendance.organisation_name:
        raise ValidationError({"organisation_name": BODY_ONE_WAY})
    _member_body(attendance.event.programme.partnership_id, attendance.organisation)


@transaction.atomic
def attendance_add(
    *,
    acting_user: User | None,
    event: Event,
    person_name: str,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    email: str = "",
    attended: bool = True,
) -> Attendance:
    attendance = Attendance(
        event=event,
        person_name=person_name,
        organisation=organisation,
        organisation_name=organisation_name,
        email=email,
        attended=attended,
    )
    return _create(
        attendance,
        acting_user=acting_user,
        action="attendance.create",
        fields=ATTENDANCE_FIELDS,
        check=_check_attendance,
    )


def _members_by_name(partnership_id: int) -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    for body in partnership_members(partnership_id):
        for name in (body.name, body.short_name):
            if name:
                found.setdefault(normalise(name), body)
    return found


def parse_attendance_lines(partnership_id: int, text: str) -> list[dict[str, Any]]:
    """Lines of "Name, Body": a body matching a member's name or short name (case and spacing
    ignored) is that member; any other body is kept as typed. Raises with every bad line."""
    members = _members_by_name(partnership_id)
    parsed, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, _, body = (part.strip() for part in line.partition(","))
        if not name:
            errors.append(BULK_LINE.format(line=number, message=NAME_NEEDED))
            continue
        organisation = members.get(normalise(body)) if body else None
        parsed.append(
            {
                "person_name": name,
                "organisation": organisation,
                "organisation_name": "" if organisation else body,
            }
        )
    if errors:
        raise ValidationError({"lines": errors})
    if not parsed:
        raise ValidationError({"lines": BULK_EMPTY})
    return parsed


@transaction.atomic
def attendance_bulk_add(*, acting_user: User | None, event: Event, text: str) -> list[Attendance]:
    """Add everyone on the pasted lines as attended, all or nothing."""
    partnership_id = event.programme.partnership_id
    rows = []
    for values in parse_attendance_lines(partnership_id, text):
        attendance = Attendance(event=event, email="", attended=True, **values)
        _check_attendance(attendance)
        attendance.full_clean()
        rows.append(attendance)
    Attendance.objects.bulk_create(rows)
    audit_record(
        acting_user=acting_user,
        action="attendance.bulk_create",
        obj=event,
        changes={"attendance": [None, len(rows)]},
        partnership_id=partnership_id,
    )
    return rows


@transaction.atomic
def attendance_update(
    *,
    acting_user: User | None,
    attendance: Attendance,
    expected_updated_at: Version = None,
    **changes: Any,
) -> Attendance:
    """Correct an attendance record; `organisation` (a member body or None) may be given."""
    return _update(
        attendance,
        expected_updated_at,
        acting_user=acting_user,
        action="attendance.update",
        fields=ATTENDANCE_FIELDS,
        changes=_with_body_id(changes),
        check=_check_attendance,
    )


@transaction.atomic
def attendance_remove(*, acting_user: User | None, attendance: Attendance) -> None:
    action = "attendance.remove"
    _remove(attendance, acting_user=acting_user, action=action, fields=ATTENDANCE_FIELDS)


def _check_feedback(feedback: Feedback) -> None:
    if feedback.rating not in FeedbackRating.values:
        raise ValidationError({"rating": UNKNOWN_RATING})
    _member_body(feedback.event.programme.partnership_id, feedback.organisation)


@transaction.atomic
def feedback_add(
    *,
    acting_user: User | None,
    event: Event,
    rating: str,
    comments: str = "",
    organisation: Organisation | None = None,
) -> Feedback:
    return _create(
        Feedback(event=event, rating=rating, comments=comments, organisation=organisation),
        acting_user=acting_user,
        action="feedback.create",
        fields=FEEDBACK_FIELDS,
        check=_check_feedback,
    )


@transaction.atomic
def feedback_update(
    *,
    acting_user: User | None,
    feedback: Feedback,
    expected_updated_at: Version = None,
    **changes: Any,
) -> Feedback:
    """Correct a feedback return; `organisation` (a member body or None) may be given."""
    return _update(
        feedback,
        expected_updated_at,
        acting_user=acting_user,
        action="feedback.update",
        fields=FEEDBACK_FIELDS,
        changes=_with_body_id(changes),
        check=_check_feedback,
    )


@transaction.atomic
def feedback_remove(*, acting_user: User | None, feedback: Feedback) -> None:
    _remove(feedback, acting_user=acting_user, action="feedback.remove", fields=FEEDBACK_FIELDS)
