"""The one place every service records a write: a create (`audit_record_created`, or
`save_created` to validate, save and record a new object at once), a change with
its before and after (`audit_record_changed`), a removal (`audit_record_removed`), any other event
(`audit_record`), and an import's rows in bulk (`audit_records_bulk`, `audit_rows_bulk`).
`acting(user)` is the user a write is recorded against: None for the system or an anonymous user."""

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from vfmhub.audit.models import AuditEvent

if TYPE_CHECKING:  # accounts records its own writes here, so the import is for types only
    from vfmhub.accounts.models import User


M = TypeVar("M", bound=models.Model)


def acting(user: "User | Any | None") -> "User | None":
    """The signed-in user behind a write, or None when the system (or no one) made it."""
    return user if getattr(user, "pk", None) else None


def _actor_label(user: "User | None") -> str:
    return getattr(user, "email", None) or "system"


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of `fields` now, to compare with after a change."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def changes_created(values: dict[str, Any]) -> dict[str, list]:
    """A new object's changes: each value that is set, as [None, value]."""
    return {k: [None, v] for k, v in values.items() if v not in (None, "", {}, [])}


def audit_record(
    *,
    acting_user: "User | None",
    action: str,
    obj: models.Model,
    changes: dict[str, list] | None = None,
    note: str = "",
    organisation_id: int | None = None,
    partnership_id: int | None = None,
) -> AuditEvent:
    """Record that `acting_user` did `action` to `obj`; `changes` maps field to [old, new].

    The event is filed under the organisation and partnership `obj` is or belongs to; pass
    `organisation_id` or `partnership_id` for an object that reaches them through another object.
    """
    actor = acting(acting_user)
    label = _actor_label(actor)
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=label,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in (changes or {}).items()},
        note=note,
        organisation_id=organisation_id or _owner_id(obj, "organisation"),
        partnership_id=partnership_id or _owner_id(obj, "partnership"),
    )


def _owner_id(obj: models.Model, owner: str) -> int | None:
    """The id of the organisation (or partnership) that `obj` is, or belongs to."""
    if obj._meta.model_name == owner:
        return obj.pk
    return getattr(obj, f"{owner}_id", None)


def audit_record_created(
    *,
    acting_user: "User | None",
    action: str,
    obj: models.Model,
    fields: list[str],
    note: str = "",
    **owners: Any,
) -> AuditEvent:
    """Record a new object with its initial values; `owners` as for `audit_record`."""
    values = snapshot(obj, fields)
    changes = {k: [None, v] for k, v in values.items() if v not in (None, "")}
    return audit_record(
        acting_user=acting_user, action=action, obj=obj, changes=changes, note=note, **owners
    )


def save_created(
    obj: M, *, acting_user: "User | None", action: str, fields: list[str], **owners: Any
) -> M:
    """Validate (`full_clean`) and save a new object, and record it with `audit_record_created`;
    the object, saved."""
    obj.full_clean()
    obj.save()
    audit_record_created(acting_user=acting_user, action=action, obj=obj, fields=fields, **owners)
    return obj


def save_changed(
    obj: M,
    before: dict[str, Any],
    *,
    acting_user: "User | None",
    action: str,
    note: str = "",
    **owners: Any,
) -> M:
    """Validate (`full_clean`) and save a changed object, and record what changed since `before`
    (a `snapshot`) with `audit_record_changed`; the object, saved."""
    obj.full_clean()
    obj.save()
    audit_record_changed(
        acting_user=acting_user, action=action, obj=obj, before=before, note=note, **owners
    )
    return obj


def audit_record_changed(
    *,
    acting_user: "User | None",
    action: str,
    obj: models.Model,
    before: dict[str, Any],
    after: dict[str, Any] | None = None,
    note: str = "",
    **owners: Any,
) -> AuditEvent | None:
    """Record a change of `obj` from `before` to `after` (by default, a snapshot of the same
    fields now); nothing when nothing changed and there is no note. `owners` as for
    `audit_record`."""
    if after is None:
        after = snapshot(obj, list(before))
    changes = changes_between(before, after)
    if not changes and not note:
        return None
    return audit_record(
        acting_user=acting_user, action=action, obj=obj, changes=changes, note=note, **owners
    )


def audit_record_removed(
    *,
    acting_user: "User | None",
    action: str,
    obj: models.Model,
    fields: list[str],
    note: str = "",
    **owners: Any,
) -> AuditEvent:
    """Record the removal of `obj` (call before deleting it) with the values it had."""
    values = snapshot(obj, fields)
    changes = {k: [v, None] for k, v in values.items() if v not in (None, "")}
    return audit_record(
        acting_user=acting_user, action=action, obj=obj, changes=changes, note=note, **owners
    )


def audit_records_bulk(
    *,
    acting_user: "User | None",
    action: str,
    rows: list[tuple[models.Model, dict[str, list]]],
    note: str = "",
    batch_size: int = 1000,
    organisation_id: int | None = None,
    partnership_id: int | None = None,
) -> int:
    """Record many writes of one kind at once (an import's rows): each (object, changes) pair
    becomes an event as `audit_record` would make it, created in bulk. Returns how many.
    `organisation_id` and `partnership_id`, as for `audit_record`, file every event."""
    actor = acting(acting_user)
    label = _actor_label(actor)
    types: dict[type, ContentType] = {}
    events = []
    for obj, changes in rows:
        kind = type(obj)
        if kind not in types:
            types[kind] = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        events.append(
            AuditEvent(
                actor=actor,
                actor_label=label,
                action=action,
                content_type=types[kind],
                object_id=str(obj.pk),
                object_repr=str(obj)[:300],
                changes={k: [_plain(v[0]), _plain(v[1])] for k, v in changes.items()},
                note=note,
                organisation_id=organisation_id or _owner_id(obj, "organisation"),
                partnership_id=partnership_id or _owner_id(obj, "partnership"),
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(events)


class AuditRow(NamedTuple):
    """One written row for `audit_rows_bulk`: its key, the object as its `__str__` reads, the
    changes ({field: [old, new]}), and the organisation it is filed under when not the call's."""

    pk: Any
    text: str
    changes: dict[str, list]
    organisation_id: int | None = None


def audit_rows_bulk(
    *,
    acting_user: "User | None",
    action: str,
    model: type[models.Model],
    rows: Iterable[AuditRow],
    note: str = "",
    organisation_id: int | None = None,
    partnership_id: int | None = None,
) -> int:
    """`audit_records_bulk` for rows written without model instances (a large import's): each
    row becomes an event as `audit_record` would make it, filed under the row's organisation or
    else `organisation_id`, and `partnership_id`; inserted in multi-row statements, consuming
    `rows` as it goes. Returns how many."""
    from vfmhub.core.bulk import rows_insert

    actor = acting(acting_user)
    label = _actor_label(actor)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    fixed = (actor.pk if actor else None, label, action, content_type.pk, note, partnership_id)
    count = 0

    def events() -> Iterator[tuple[Any, ...]]:
        nonlocal count
        for pk, text, changes, owner in rows:
            count += 1
            plain = {k: [_plain_fast(old), _plain_fast(new)] for k, (old, new) in changes.items()}
            yield (*fixed, str(pk), text[:300], plain, owner or organisation_id)

    fields = ["actor_id", "actor_label", "action", "content_type_id", "note", "partnership_id"]
    fields += ["object_id", "object_repr", "changes", "organisation_id"]
    rows_insert(AuditEvent, fields, events())
    return count


_ALREADY_PLAIN = (str, int, bool, type(None))


def _plain_fast(value: Any) -> Any:
    """`_plain`, quicker for the text and numbers most values are."""
    return value if value.__class__ in _ALREADY_PLAIN else _plain(value)
