"""Optimistic locking: a form carries the `updated_at` it was opened with; a save checks it.

A save locks the row first (`select_for_update`, so on PostgreSQL two saves of the same row take
turns; SQLite's IMMEDIATE transactions already give the writer the whole database), then compares
the version the caller started from with the row as it now stands: of twenty people saving the
same version at once, exactly one wins and the others are told to look again.
"""

import datetime
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.dateparse import parse_datetime

M = TypeVar("M", bound=models.Model)

CHANGED_SINCE_OPENED = (
    "Someone else changed this since you opened it. Your changes have not been saved: "
    "check the current values and make your changes again."
)


def lock_row(model: type[M], pk, *related: str) -> M:
    """The row as it now stands, locked until the transaction ends (only the row itself, so a
    nullable join does not stop PostgreSQL from locking)."""
    rows = model._default_manager.select_for_update(of=("self",)).select_related(*related)
    return rows.get(pk=pk)


def check_unchanged(instance, expected_updated_at) -> None:
    """Raise if `instance` was saved after the version the user started from.

    Inside a transaction the row is locked while it is read, so no other save can slip in
    between this check and the caller's save.
    """
    if expected_updated_at is None:
        return
    rows = type(instance).objects.filter(pk=instance.pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update(of=("self",))
    current_value = rows.values_list("updated_at", flat=True).first()
    if current_value is not None and not _same_moment(current_value, expected_updated_at):
        raise ValidationError(CHANGED_SINCE_OPENED, code="stale")


def lock_unchanged(instance: M, expected_updated_at, *related: str) -> M:
    """Lock `instance`'s row, check it is the version expected, and return it as it now is."""
    locked = lock_row(type(instance), instance.pk, *related)
    check_unchanged(locked, expected_updated_at)
    return locked


def _same_moment(current: datetime.datetime, expected) -> bool:
    """Compare as moments, so a form's "…+01:00" matches the stored "…Z" it stands for."""
    if isinstance(expected, str):
        parsed = parse_datetime(expected.strip())
        if parsed is None:
            return current.isoformat() == expected
        expected = parsed
    if expected.tzinfo is None or current.tzinfo is None:
        return current.replace(tzinfo=None) == expected.replace(tzinfo=None)
    return current == expected
