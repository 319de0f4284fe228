"""Writes for improvement programmes, events, attendance and feedback.

Views and the API let only the partnership's managers call these (through
`programme_partnership_for_user(..., need=Need.MANAGE)`); every write is audited and filed under the
partnership. Attendance and feedback can be corrected and removed (the audit keeps the old values);
an event is removed only once nothing is recorded against it, so no figures go with it unseen.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.audit.services import audit_record, audit_record_created, changes_between, snapshot
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.organisations.models import Organisation, Partnership, PartnershipMember
from vfmhub.programme.models import (
    Attendance,
    Event,
    Feedback,
    FeedbackRating,
    ImprovementProgramme,
)
from vfmhub.programme.selectors.events import normalise

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


def _filed(partnership_id: int) -> dict:
    return {"partnership_id": partnership_id}


def _actor(acting_user):
    return acting_user if getattr(acting_user, "pk", None) else None


def _update(
    acting_user,
    action: str,
    obj,
    fields: list[str],
    changes: dict,
    partnership_id: int,
    check=None,
    expected_updated_at=None,
):
    """Change `obj`'s row, locked and checked to be the version the caller started from."""
    obj = lock_unchanged(obj, expected_updated_at)
    before = snapshot(obj, fields)
    for name, value in changes.items():
        if name not in fields:
            raise ValueError(f"{name} cannot be changed here")
        setattr(obj, name, value)
    if check is not None:
        check(obj)
    obj.full_clean()
    obj.save()
    changed = changes_between(before, snapshot(obj, fields))
    if changed:
        audit_record(
            acting_user=_actor(acting_user),
            action=action,
            obj=obj,
            changes=changed,
            **_filed(partnership_id),
        )
    return obj


def _remove(acting_user, action: str, obj, fields: list[str], partnership_id: int) -> None:
    """Record the values a removed row had, then remove it (the audit row keeps its id)."""
    audit_record(
        acting_user=_actor(acting_user),
        action=action,
        obj=obj,
        changes={k: [v, None] for k, v in snapshot(obj, fields).items() if v not in (None, "")},
        **_filed(partnership_id),
    )
    obj.delete()


def _with_body_id(changes: dict) -> dict:
    """Accept `organisation` (a body or None) for the stored `organisation_id`."""
    if "organisation" in changes:
        organisation = changes.pop("organisation")
        changes["organisation_id"] = organisation.pk if organisation else None
    return changes


@transaction.atomic
def improvement_programme_create(
    *, acting_user, partnership: Partnership, name: str, year: int, description: str = ""
) -> ImprovementProgramme:
    programme = ImprovementProgramme(
        partnership=partnership, name=name, year=year, description=description
    )
    programme.full_clean()
    programme.save()
    audit_record_created(
        acting_user=_actor(acting_user),
        action="improvement_programme.create",
        obj=programme,
        fields=PROGRAMME_FIELDS,
        **_filed(partnership.pk),
    )
    return programme


@transaction.atomic
def improvement_programme_update(
    *, acting_user, programme: ImprovementProgramme, expected_updated_at=None, **changes
) -> ImprovementProgramme:
    return _update(
        acting_user,
        "improvement_programme.update",
        programme,
        PROGRAMME_FIELDS,
        changes,
        programme.partnership_id,
        expected_updated_at=expected_updated_at,
    )


def _check_event(event: Event) -> None:
    if event.end_date and event.date and event.end_date < event.date:
        raise ValidationError({"end_date": END_BEFORE_START})


@transaction.atomic
def event_create(
    *,
    acting_user,
    programme: ImprovementProgramme,
    title: str,
    date: datetime.date,
    kind: str = "workshop",
    end_date: datetime.date | None = None,
    venue: str = "",
    audience: str = "",
    capacity: int | None = None,
) -> Event:
    event = Event(
        programme=programme,
        title=title,
        kind=kind,
        date=date,
        end_date=end_date,
        venue=venue,
        audience=audience,
        capacity=capacity,
    )
    _check_event(event)
    event.full_clean()
    event.save()
    audit_record_created(
        acting_user=_actor(acting_user),
        action="event.create",
        obj=event,
        fields=EVENT_FIELDS,
        **_filed(programme.partnership_id),
    )
    return event


@transaction.atomic
def event_update(
    *, acting_user, event: Event, expected_updated_at: datetime.datetime | None = None, **changes
) -> Event:
    return _update(
        acting_user,
        "event.update",
        event,
        EVENT_FIELDS,
        changes,
        event.programme.partnership_id,
        check=_check_event,
        expected_updated_at=expected_updated_at,
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
def event_remove(*, acting_user, event: Event) -> None:
    """Remove an event with no attendance or feedback; refused (code "not_empty") otherwise."""
    # Lock the row first, so attendance added meanwhile either is counted here or fails for want
    # of its event, rather than going with it in the cascade.
    if Event.objects.select_for_update().filter(pk=event.pk).first() is None:
        return  # removed meanwhile: nothing left to do
    refusal = event_removal_refusal(event)
    if refusal:
        raise ValidationError(refusal, code="not_empty")
    _remove(acting_user, "event.remove", event, EVENT_FIELDS, event.programme.partnership_id)


def _member_body(partnership_id: int, organisation: Organisation | None):
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


def _new_attendance(
    event: Event,
    *,
    person_name: str,
    organisation: Organisation | None,
    organisation_name: str,
    email: str,
    attended: bool,
) -> Attendance:
    attendance = Attendance(
        event=event,
        person_name=person_name,
        organisation=organisation,
        organisation_name=organisation_name,
        email=email,
        attended=attended,
    )
    _check_attendance(attendance)
    attendance.full_clean()
    return attendance


@transaction.atomic
def attendance_add(
    *,
    acting_user,
    event: Event,
    person_name: str,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    email: str = "",
    attended: bool = True,
) -> Attendance:
    attendance = _new_attendance(
        event,
        person_name=person_name,
        organisation=organisation,
        organisation_name=organisation_name,
        email=email,
        attended=attended,
    )
    attendance.save()
    audit_record_created(
        acting_user=_actor(acting_user),
        action="attendance.create",
        obj=attendance,
        fields=ATTENDANCE_FIELDS,
        **_filed(event.programme.partnership_id),
    )
    return attendance


def _members_by_name(partnership_id: int) -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    bodies = Organisation.objects.filter(partnership_memberships__partnership_id=partnership_id)
    for body in bodies.distinct():
        for name in (body.name, body.short_name):
            if name:
                found.setdefault(normalise(name), body)
    return found


def parse_attendance_lines(partnership_id: int, text: str) -> list[dict]:
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
def attendance_bulk_add(*, acting_user, event: Event, text: str) -> list[Attendance]:
    """Add everyone on the pasted lines as attended, all or nothing."""
    partnership_id = event.programme.partnership_id
    rows = [
        _new_attendance(event, email="", attended=True, **values)
        for values in parse_attendance_lines(partnership_id, text)
    ]
    Attendance.objects.bulk_create(rows)
    audit_record(
        acting_user=_actor(acting_user),
        action="attendance.bulk_create",
        obj=event,
        changes={"attendance": [None, len(rows)]},
        **_filed(partnership_id),
    )
    return rows


@transaction.atomic
def attendance_update(
    *, acting_user, attendance: Attendance, expected_updated_at=None, **changes
) -> Attendance:
    """Correct an attendance record; `organisation` (a member body or None) may be given."""
    return _update(
        acting_user,
        "attendance.update",
        attendance,
        ATTENDANCE_FIELDS,
        _with_body_id(changes),
        attendance.event.programme.partnership_id,
        check=_check_attendance,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def attendance_remove(*, acting_user, attendance: Attendance) -> None:
    _remove(
        acting_user,
        "attendance.remove",
        attendance,
        ATTENDANCE_FIELDS,
        attendance.event.programme.partnership_id,
    )


def _check_feedback(feedback: Feedback) -> None:
    if feedback.rating not in FeedbackRating.values:
        raise ValidationError({"rating": UNKNOWN_RATING})
    _member_body(feedback.event.programme.partnership_id, feedback.organisation)


@transaction.atomic
def feedback_add(
    *,
    acting_user,
    event: Event,
    rating: str,
    comments: str = "",
    organisation: Organisation | None = None,
) -> Feedback:
    feedback = Feedback(event=event, rating=rating, comments=comments, organisation=organisation)
    _check_feedback(feedback)
    feedback.full_clean()
    feedback.save()
    audit_record_created(
        acting_user=_actor(acting_user),
        action="feedback.create",
        obj=feedback,
        fields=FEEDBACK_FIELDS,
        **_filed(event.programme.partnership_id),
    )
    return feedback


@transaction.atomic
def feedback_update(
    *, acting_user, feedback: Feedback, expected_updated_at=None, **changes
) -> Feedback:
    """Correct a feedback return; `organisation` (a member body or None) may be given."""
    return _update(
        acting_user,
        "feedback.update",
        feedback,
        FEEDBACK_FIELDS,
        _with_body_id(changes),
        feedback.event.programme.partnership_id,
        check=_check_feedback,
        expected_updated_at=expected_updated_at,
    )


@transaction.atomic
def feedback_remove(*, acting_user, feedback: Feedback) -> None:
    _remove(
        acting_user,
        "feedback.remove",
        feedback,
        FEEDBACK_FIELDS,
        feedback.event.programme.partnership_id,
    )
