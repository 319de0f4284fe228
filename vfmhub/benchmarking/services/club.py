"""Writes of a benchmarking club: the club, its members, measures and windows (run by the
partnership's managers or site staff), and a member body's values (by its own people while the
window is open). Every write is audited.

A value's history is filed under no organisation or partnership (the window is the object
recorded): the histories of a body and of a partnership are read by people outside the body,
and a provisional value must never reach them. Reopening a window is a change of its close date,
audited like any other."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import (
    audit_record,
    audit_record_changed,
    audit_record_created,
    snapshot,
)
from vfmhub.benchmarking.models import (
    Club,
    ClubMeasure,
    ClubMember,
    ClubValue,
    ClubValueStatus,
    ClubWindow,
)
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED, lock_unchanged
from vfmhub.lib import clock
from vfmhub.organisations.models import Organisation, Partnership

ALREADY_MEMBER = "{name} is already a member of this club."
NOT_A_MEMBER = "{name} is not a member of this club."
MEASURE_CODE_TAKEN = "Another measure of this club has the code “{code}”."
WINDOW_TAKEN = "This club already has a window for that quarter."
WINDOW_ORDER = "The close date must be on or after the open date."
WINDOW_NOT_OPEN = "This window opens on {day}: values can be entered from then."
WINDOW_CLOSED = (
    "This window closed on {day}: its values can no longer be changed. A manager of the club "
    "can reopen it by moving its close date."
)
MEMBER_LEFT = "{name} left the club on {day}: it no longer enters values."
VALUE_EXISTS = "A value is already saved for this measure: change it instead."
VALUE_CANNOT_EMPTY = "A value is saved for this measure: give a value, it cannot be emptied."
VALUE_TOO_BIG = "Enter a value under 100,000,000,000,000."
LIMIT = Decimal("1e14")
Version = datetime.datetime | str | None

CLUB_FIELDS = ["name", "description", "partnership_id"]
MEASURE_FIELDS = ["code", "title", "definition", "unit", "polarity", "decimal_places", "position"]
WINDOW_FIELDS = ["year", "quarter", "opens", "closes"]
VALUE_FIELDS = ["value", "note", "status"]


def club_create(
    *, acting_user: User | None, name: str, description: str, partnership: Partnership | None
) -> Club:
    club = Club(name=name, description=description, partnership=partnership, created_by=acting_user)
    club.full_clean()
    club.save()
    audit_record_created(
        acting_user=acting_user, action="benchmarking.club.create", obj=club, fields=CLUB_FIELDS
    )
    return club


@transaction.atomic
def club_member_add(
    *, acting_user: User | None, club: Club, organisation: Organisation
) -> ClubMember:
    """Add a body, or bring back one that left (its earlier values are kept)."""
    found = ClubMember.objects.select_for_update().filter(club=club, organisation=organisation)
    member = found.first()
    if member is not None and member.left is None:
        raise ValidationError({"organisation": ALREADY_MEMBER.format(name=organisation.name)})
    if member is not None:
        before = snapshot(member, ["left"])
        member.left = None
        member.save()
        audit_record_changed(
            acting_user=acting_user,
            action="benchmarking.club_member.rejoin",
            obj=club,
            before={"member": None, **before},
            after={"member": organisation.name, "left": None},
        )
        return member
    member = ClubMember(club=club, organisation=organisation, joined=clock.today())
    member.full_clean()
    member.save()
    audit_record(
        acting_user=acting_user,
        action="benchmarking.club_member.add",
        obj=club,
        changes={"member": [None, organisation.name]},
    )
    return member


@transaction.atomic
def club_member_leave(*, acting_user: User | None, member: ClubMember) -> ClubMember:
    locked = ClubMember.objects.select_for_update().get(pk=member.pk)
    if locked.left is not None:
        raise ValidationError(NOT_A_MEMBER.format(name=member.organisation.name))
    locked.left = clock.today()
    locked.save()
    audit_record(
        acting_user=acting_user,
        action="benchmarking.club_member.leave",
        obj=member.club,
        changes={"left": [None, locked.left], "member": [member.organisation.name, None]},
    )
    return locked


def _owners(club: Club) -> dict:
    return {"partnership_id": club.partnership_id} if club.partnership_id else {}


def _saved_once(obj: ClubMeasure | ClubWindow, error: dict) -> None:
    """Save inside a savepoint; a unique constraint lost to a concurrent save is `error`."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError(error) from None


@transaction.atomic
def club_measure_create(*, acting_user: User | None, club: Club, **fields: Any) -> ClubMeasure:
    measure = ClubMeasure(club=club, **fields)
    if ClubMeasure.objects.filter(club=club, code=measure.code).exists():
        raise ValidationError({"code": MEASURE_CODE_TAKEN.format(code=measure.code)})
    measure.full_clean()
    _saved_once(measure, {"code": MEASURE_CODE_TAKEN.format(code=measure.code)})
    audit_record_created(
        acting_user=acting_user,
        action="benchmarking.club_measure.create",
        obj=measure,
        fields=MEASURE_FIELDS,
        **_owners(club),
    )
    return measure


@transaction.atomic
def club_measure_change(
    *, acting_user: User | None, measure: ClubMeasure, expected_updated_at: Version, **fields: Any
) -> ClubMeasure:
    locked = lock_unchanged(measure, expected_updated_at)
    before = snapshot(locked, MEASURE_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    taken = ClubMeasure.objects.filter(club_id=locked.club_id, code=locked.code)
    if taken.exclude(pk=locked.pk).exists():
        raise ValidationError({"code": MEASURE_CODE_TAKEN.format(code=locked.code)})
    locked.full_clean()
    locked.save()
    audit_record_changed(
        acting_user=acting_user,
        action="benchmarking.club_measure.change",
        obj=locked,
        before=before,
        **_owners(measure.club),
    )
    return locked


def _window_dates(opens: datetime.date, closes: datetime.date) -> None:
    if closes < opens:
        raise ValidationError({"closes": WINDOW_ORDER})


@transaction.atomic
def club_window_create(
    *,
    acting_user: User | None,
    club: Club,
    year: int,
    quarter: int,
    opens: datetime.date,
    closes: datetime.date,
) -> ClubWindow:
    _window_dates(opens, closes)
    if ClubWindow.objects.filter(club=club, year=year, quarter=quarter).exists():
        raise ValidationError({"quarter": WINDOW_TAKEN})
    window = ClubWindow(club=club, year=year, quarter=quarter, opens=opens, closes=closes)
    window.full_clean(validate_constraints=False)
    _saved_once(window, {"quarter": WINDOW_TAKEN})
    audit_record_created(
        acting_user=acting_user,
        action="benchmarking.club_window.create",
        obj=window,
        fields=WINDOW_FIELDS,
        **_owners(club),
    )
    return window


@transaction.atomic
def club_window_change(
    *,
    acting_user: User | None,
    window: ClubWindow,
    opens: datetime.date,
    closes: datetime.date,
    expected_updated_at: Version,
) -> ClubWindow:
    """New dates; a close date moved past today reopens a closed window (recorded)."""
    _window_dates(opens, closes)
    locked = lock_unchanged(window, expected_updated_at)
    before = snapshot(locked, ["opens", "closes"])
    was_closed = locked.closes < clock.today()
    locked.opens, locked.closes = opens, closes
    locked.full_clean(validate_constraints=False)
    locked.save()
    reopened = was_closed and closes >= clock.today()
    audit_record_changed(
        acting_user=acting_user,
        action="benchmarking.club_window.change",
        obj=locked,
        before=before,
        note="Reopened." if reopened else "",
        **_owners(window.club),
    )
    return locked


# Values -----------------------------------------------------------------------------------------


def _check_can_enter(member: ClubMember, window: ClubWindow) -> None:
    today = clock.today()
    if member.left is not None and member.left <= today:
        raise ValidationError(
            MEMBER_LEFT.format(name=member.organisation.name, day=_day(member.left))
        )
    if today < window.opens:
        raise ValidationError(WINDOW_NOT_OPEN.format(day=_day(window.opens)), code="not_open")
    if today > window.closes:
        raise ValidationError(WINDOW_CLOSED.format(day=_day(window.closes)), code="closed")


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _check_value(value: Decimal, field: str = "value") -> None:
    if not value.is_finite() or abs(value) >= LIMIT:
        raise ValidationError({field: VALUE_TOO_BIG})


def _audit_value(acting_user: User | None, row: ClubValue, before: dict, action: str) -> None:
    after = snapshot(row, VALUE_FIELDS)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if not changes:
        return
    audit_record(
        acting_user=acting_user,
        action=action,
        obj=row.window,
        changes=changes,
        note=f"{row.organisation.name}: {row.measure.code} {row.measure.title}"[:300],
    )


@dataclass(frozen=True)
class ValueEntry:
    """One measure's line of a body's entry form: the value (None when left blank), its note,
    and the `updated_at` of the value as the form was opened (None when there was none)."""

    measure: ClubMeasure
    value: Decimal | None
    note: str
    expected_updated_at: Version


@transaction.atomic
def club_values_save(
    *,
    acting_user: User | None,
    member: ClubMember,
    window: ClubWindow,
    entries: Sequence[ValueEntry],
    submit: bool,
) -> list[ClubValue]:
    """Save a body's values for a window as provisional, or submit them; all or nothing.
    A value saved by someone else since the form was opened (or one added where there was
    none) refuses the whole save rather than overwrite it."""
    _check_can_enter(member, window)
    status = ClubValueStatus.SUBMITTED if submit else ClubValueStatus.PROVISIONAL
    saved = []
    for entry in entries:
        current = (
            ClubValue.objects.select_for_update()
            .filter(window=window, measure=entry.measure, organisation_id=member.organisation_id)
            .first()
        )
        if current is None and entry.expected_updated_at is not None:
            raise ValidationError(CHANGED_SINCE_OPENED, code="stale")
        if current is not None and entry.expected_updated_at is None:
            raise ValidationError(CHANGED_SINCE_OPENED, code="stale")
        if current is not None:
            lock_unchanged(current, entry.expected_updated_at)
        if entry.value is None:
            if current is not None:
                raise ValidationError({f"value_{entry.measure.pk}": VALUE_CANNOT_EMPTY})
            continue
        _check_value(entry.value, f"value_{entry.measure.pk}")
        saved.append(_value_write(acting_user, member, window, entry, status, current))
    return saved


def _value_write(
    acting_user: User | None,
    member: ClubMember,
    window: ClubWindow,
    entry: ValueEntry,
    status: str,
    current: ClubValue | None,
) -> ClubValue:
    row = current or ClubValue(
        window=window, measure=entry.measure, organisation=member.organisation
    )
    before = snapshot(row, VALUE_FIELDS) if current else {}
    assert entry.value is not None
    row.value, row.note, row.status, row.entered_by = entry.value, entry.note, status, acting_user
    row.full_clean(exclude=["measure", "window", "organisation", "entered_by"])
    row.save()
    row.window, row.measure, row.organisation = window, entry.measure, member.organisation
    _audit_value(
        acting_user,
        row,
        before,
        "benchmarking.club_value.change" if current else "benchmarking.club_value.create",
    )
    return row


@transaction.atomic
def club_value_create(
    *,
    acting_user: User | None,
    member: ClubMember,
    window: ClubWindow,
    measure: ClubMeasure,
    value: Decimal,
    note: str,
    status: str,
) -> ClubValue:
    _check_can_enter(member, window)
    _check_value(value)
    exists = ClubValue.objects.filter(
        window=window, measure=measure, organisation_id=member.organisation_id
    )
    if exists.exists():
        raise ValidationError(VALUE_EXISTS, code="exists")
    entry = ValueEntry(measure=measure, value=value, note=note, expected_updated_at=None)
    return _value_write(acting_user, member, window, entry, status, None)


@transaction.atomic
def club_value_change(
    *,
    acting_user: User | None,
    member: ClubMember,
    row: ClubValue,
    value: Decimal,
    note: str,
    status: str,
    expected_updated_at: Version,
) -> ClubValue:
    _check_can_enter(member, row.window)
    _check_value(value)
    current = lock_unchanged(row, expected_updated_at)
    entry = ValueEntry(measure=row.measure, value=value, note=note, expected_updated_at=None)
    return _value_write(acting_user, member, row.window, entry, status, current)
