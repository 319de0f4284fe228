"""What the programme's large imports share for writing in bulk, as the services would write one
row at a time: a few queries for the whole file rather than several for each row.

The importers check every row against the rules the services and models apply before anything is
written (so a dry run reports the same problems), insert new rows from plain values
(`vfmhub.core.bulk.rows_insert`), update changed rows from plain values too (`rows_update`, only
the fields that change, so a field an import leaves alone is never written over) and record each
row's history with `audit_rows_bulk`, a batch at a time so memory stays flat.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.db import models

from vfmhub.accounts.models import User
from vfmhub.audit.services import AuditRow, acting, audit_rows_bulk
from vfmhub.core.bulk import rows_update
from vfmhub.programme.importing.registers.common import CHANGED_MEANWHILE, ImportResult
from vfmhub.programme.importing.registers.tables import Table

BATCH = 2000  # rows written (and their history recorded) at a time
IN_CLAUSE = 900  # ids in one `pk IN (…)`: within SQLite's smallest limit on parameters
Item = TypeVar("Item")


def batches(items: Iterable[Item], size: int = BATCH) -> Iterator[list[Item]]:
    """`items` in lists of at most `size`, read as they are needed."""
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def changed_meanwhile(model: type[models.Model], read: dict[int, datetime.datetime]) -> set[int]:
    """Lock the rows an import is about to change and return the ids of those that changed (or
    went) since the import read them, `read` giving each id's `updated_at` as read.

    The lock (SELECT … FOR UPDATE on PostgreSQL; SQLite's import already holds the database's
    write lock) keeps anyone else from changing them until the import has written."""
    stale: set[int] = set()
    for ids in batches(sorted(read), IN_CLAUSE):
        rows = model._default_manager.select_for_update().filter(pk__in=ids).order_by("pk")
        now = dict(rows.values_list("pk", "updated_at"))
        stale.update(pk for pk in ids if now.get(pk) != read[pk])
    return stale


def refuse_changed_meanwhile(
    model: type[models.Model],
    read: Iterable[tuple[Any, int]],
    where: tuple[Table, str],
    what: str,
    result: ImportResult,
) -> None:
    """Lock the rows an import is about to change and refuse each that changed (or went) since
    it was read: `read` has each row as read (with its `pk` and `updated_at`) and its row in the
    file, where a problem goes (`where`: the table and column) naming the `what` that changed."""
    read = list(read)
    stale = changed_meanwhile(model, {old.pk: old.updated_at for old, _ in read})
    table, column = where
    message = CHANGED_MEANWHILE.format(what=what)
    result.errors += [table.problem(row, column, message) for old, row in read if old.pk in stale]


@dataclass
class RowsHistory:
    """The history of an import's rows of `model`, gathered as they are written and recorded a
    batch at a time (`flush`): one event per row created or changed, as the services record
    it, with the file named in the note, filed under `owners` (partnership and body ids)."""

    model: type[models.Model]
    acting_user: User | None
    note: str
    owners: dict[str, int | None]
    events: dict[str, list[AuditRow]] = field(default_factory=dict)

    @property
    def actor_id(self) -> int | None:
        actor = acting(self.acting_user)
        return actor.pk if actor else None

    def record(self, action: str, pk: int, text: str, changes: dict[str, list]) -> None:
        if changes:
            self.events.setdefault(action, []).append(AuditRow(pk, text, changes))

    def flush(self) -> None:
        for action, rows in self.events.items():
            audit_rows_bulk(
                acting_user=self.acting_user,
                action=action,
                model=self.model,
                rows=rows,
                note=self.note,
                **self.owners,
            )
        self.events = {}


def update_changed(model: type[models.Model], changed: Iterable[tuple[Any, Iterable[str]]]):
    """Write each changed object's changed fields (and `updated_at`, which the caller sets):
    objects are grouped by the fields that change in them, one statement a group."""
    groups: dict[tuple[str, ...], list] = {}
    for obj, fields in changed:
        groups.setdefault(tuple(sorted(fields)), []).append(obj)
    for fields, objs in groups.items():
        named = _fields(model, [*fields, "updated_at"])
        rows = ([*(getattr(obj, f.attname) for f in named), obj.pk] for obj in objs)
        rows_update(model, [f.name for f in named], rows)


def _fields(model: type[models.Model], names: list[str]) -> list[models.Field]:
    return [cast(models.Field, model._meta.get_field(name)) for name in names]


def changed_values(before: dict[str, Any], obj: models.Model) -> dict[str, list]:
    """[old, new] for each field of `before` whose value on `obj` is now different."""
    after = {name: getattr(obj, name) for name in before}
    return {name: [before[name], after[name]] for name in before if before[name] != after[name]}
