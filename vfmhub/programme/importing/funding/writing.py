"""Comparing an allocation list with the year's lines, and writing the difference in bulk.

A year may hold 100,000 lines, so its lines are read once as plain values (not model instances),
new lines are inserted a level at a time (a line's heading first, so it has its id), changed ones
are updated in bulk (only the fields that change), and lines no longer in the file are removed.
Each line created, changed or removed is recorded in the history with its old and new values, as
a line changed by hand is.
"""

from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import Q

from vfmhub.audit.services import AuditRow, audit_rows_bulk, changes_between
from vfmhub.core.bulk import rows_insert
from vfmhub.lib import clock
from vfmhub.programme.importing.registers.bulk import (
    IN_CLAUSE,
    batches,
    changed_meanwhile,
    update_changed,
)
from vfmhub.programme.models import AllocationNode, FundingStream, FundingStreamKind, NodeLevel

LEVELS = {1: NodeLevel.OUTCOME, 2: NodeLevel.WORKSTREAM, 3: NodeLevel.PROGRAMME}
NODE_FIELDS = ["name", "parent", "amount", "stated_total", "level", "order"]
READ = [
    "pk",
    "parent_id",
    "name",
    "level",
    "amount",
    "stated_total",
    "order",
    "updated_at",
    "ring_fence_id",
]
NEW = [
    "partnership_id",
    "year",
    "parent_id",
    "name",
    "level",
    "amount",
    "stated_total",
    "order",
    "ring_fence_id",
]


def _level(depth: int) -> str:
    return LEVELS.get(depth + 1, "")


@dataclass(slots=True)  # one for each row of a large file
class NodeStep:
    item: Any  # the file's line (`ImportedNode`)
    node: Any  # the line as read (a named tuple), None for a new one
    values: dict[str, Any]
    parent_path: tuple[str, ...] | None = None
    changed: bool = False


@dataclass
class ExistingNodes:
    """A year's lines by their path of names, as plain values, and each one's name by id."""

    by_path: dict[tuple[str, ...], Any] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    streams: dict[int, str] = field(default_factory=dict)  # the year's streams' names by id

    def current(self, node: Any, key: str) -> Any:
        """A line's value as compared with the file's (its ring-fence by the stream's name)."""
        if key == "ring_fence":
            return self.streams.get(node.ring_fence_id, "") if node.ring_fence_id else ""
        return getattr(node, key)

    def parent_id(self, path: tuple[str, ...]) -> int | None:
        parent = self.by_path.get(path[:-1]) if len(path) > 1 else None
        return parent.pk if parent is not None else None


def existing_nodes(partnership, year: int) -> ExistingNodes:
    """The year's lines, read in one query."""
    rows = AllocationNode.objects.filter(partnership=partnership, year=year)
    by_pk = {row.pk: row for row in rows.values_list(*READ, named=True).iterator(2000)}
    streams = FundingStream.objects.filter(partnership=partnership, year=year)
    found = ExistingNodes(
        names={pk: row.name for pk, row in by_pk.items()},
        streams=dict(streams.values_list("pk", "name")),
    )
    for row in by_pk.values():
        names, parent = [row.name], by_pk.get(row.parent_id)
        while parent is not None:
            names.append(parent.name)
            parent = by_pk.get(parent.parent_id)
        found.by_path[tuple(reversed(names))] = row
    return found


def with_movements(ids: list[int]) -> set[int]:
    """Those of the lines `ids` with commitments or spend recorded."""
    found: set[int] = set()
    for chunk in batches(ids, IN_CLAUSE):
        lines = AllocationNode.objects.filter(pk__in=chunk)
        lines = lines.filter(Q(commitments__isnull=False) | Q(spends__isnull=False))
        found.update(lines.values_list("pk", flat=True))
    return found


def nodes_compare(draft, existing: ExistingNodes) -> tuple[list[NodeStep], list]:
    """What each line does (counted on `draft`), and the lines no longer in the file. Reads
    only, so a dry run takes no write lock."""
    wanted = {item.path for item in draft.nodes}
    stale = [node for path, node in existing.by_path.items() if path not in wanted]
    draft.created = draft.updated = draft.unchanged = 0
    steps = []
    for order, item in enumerate(draft.nodes, start=1):
        values = {
            "amount": item.amount,
            "stated_total": item.stated_total,
            "level": _level(item.depth),
            "order": order,
        }
        if item.ring_fence is not None:
            values["ring_fence"] = item.ring_fence
        node = existing.by_path.get(item.path)
        step = NodeStep(item, node, values, item.path[:-1] if len(item.path) > 1 else None)
        if node is None:
            draft.created += 1
        elif any(existing.current(node, k) != v for k, v in values.items()) or (
            node.parent_id != existing.parent_id(item.path)
        ):
            step.changed = True
            draft.updated += 1
        else:
            draft.unchanged += 1
        steps.append(step)
    draft.deleted = len(stale)
    return steps, stale


def _history(name: str, parent: str | None, values: dict[str, Any]) -> dict[str, Any]:
    """A line's values as its history records them (the heading by name, money as text)."""
    plain = {"name": name, "parent": parent}
    for key in ("amount", "stated_total"):
        plain[key] = str(values[key]) if values[key] is not None else None
    plain |= {"level": values["level"], "order": values["order"]}
    if "ring_fence" in values:
        plain["ring_fence"] = values["ring_fence"] or None
    return plain


@dataclass
class NodeWrites:
    partnership: Any
    year: int
    existing: ExistingNodes
    fences: dict[str, int] = field(default_factory=dict)  # ring-fenced streams' ids by name
    created: dict[tuple[str, ...], int] = field(default_factory=dict)
    history: list[tuple[tuple[int, int], AuditRow]] = field(default_factory=list)  # in file order

    def fence_id(self, values: dict[str, Any]) -> int | None:
        """The id of the ring-fenced stream a line is given, if any."""
        return self.fences.get((values.get("ring_fence") or "").casefold())

    def parent(self, step: NodeStep) -> tuple[int | None, str | None]:
        """The id and name of the line's heading, new or not."""
        if step.parent_path is None:
            return None, None
        pk = self.created.get(step.parent_path) or self.existing.parent_id(step.item.path)
        return pk, step.parent_path[-1]


def _create(steps: list[NodeStep], writes: NodeWrites) -> None:
    """Insert the new lines a level at a time, so each heading has its id before its lines."""
    new = sorted((s for s in steps if s.node is None), key=lambda s: s.item.depth)
    for _, level in groupby(new, key=lambda s: s.item.depth):
        for batch in batches(level):
            rows, made = [], []
            for step in batch:
                parent_id, parent_name = writes.parent(step)
                v = step.values
                rows.append(
                    (
                        writes.partnership.pk,
                        writes.year,
                        parent_id,
                        step.item.name,
                        *(v["level"], v["amount"], v["stated_total"], v["order"]),
                        writes.fence_id(v),
                    )
                )
                made.append((step, _history(step.item.name, parent_name, v)))
            for pk, (step, after) in zip(
                rows_insert(AllocationNode, NEW, rows, returning=True), made, strict=True
            ):
                writes.created[step.item.path] = pk
                changes = changes_between({}, after)
                writes.history.append(
                    ((0, step.values["order"]), AuditRow(pk, step.item.name, changes))
                )


def _change(steps: list[NodeStep], writes: NodeWrites) -> None:
    """Update the changed lines, only the fields that change in each."""
    now, changed = clock.now(), []
    for step in (s for s in steps if s.changed):
        old = step.node
        parent_id, parent_name = writes.parent(step)
        values = {k: v for k, v in step.values.items() if k != "ring_fence"}
        node = AllocationNode(pk=old.pk, parent_id=parent_id, updated_at=now, **values)
        current = {k: writes.existing.current(old, k) for k in step.values}
        fields = {k for k in step.values if current[k] != step.values[k]}
        if "ring_fence" in fields:
            node.ring_fence_id = writes.fence_id(step.values)
        fields |= {"parent"} if old.parent_id != parent_id else set()
        changed.append((node, fields))
        before = _history(old.name, writes.existing.names.get(old.parent_id), current)
        after = _history(old.name, parent_name, step.values)
        changes = changes_between(before, after)
        writes.history.append(((0, step.values["order"]), AuditRow(old.pk, old.name, changes)))
    update_changed(AllocationNode, changed)


def _remove(stale: list, writes: NodeWrites) -> None:
    for number, node in enumerate(stale):
        before = _history(node.name, writes.existing.names.get(node.parent_id), node._asdict())
        changes = changes_between(before, {})
        writes.history.append(((1, number), AuditRow(node.pk, node.name, changes)))
    for chunk in batches([node.pk for node in stale], IN_CLAUSE):
        AllocationNode.objects.filter(pk__in=chunk).delete()


def ring_fence_ids(partnership, year: int) -> dict[str, int]:
    """The year's ring-fenced streams' ids by name (in lower case)."""
    streams = FundingStream.objects.filter(
        partnership=partnership, year=year, kind=FundingStreamKind.RING_FENCED
    )
    return {name.casefold(): pk for pk, name in streams.values_list("pk", "name")}


def nodes_locked_unchanged(steps: list[NodeStep], stale: list) -> list[str]:
    """Lock the lines the import changes or removes; the names of any changed by someone else
    since they were read."""
    read = {s.node.pk: s.node.updated_at for s in steps if s.changed}
    read |= {node.pk: node.updated_at for node in stale}
    names = {s.node.pk: s.item.name for s in steps if s.changed} | {n.pk: n.name for n in stale}
    return [names[pk] for pk in sorted(changed_meanwhile(AllocationNode, read))]


def nodes_write(
    steps, stale, existing: ExistingNodes, partnership, year, history: dict | None
) -> None:
    """Create, change and remove the lines; each line's history is recorded unless `history`
    is None (generated demo data), else filed with `history`'s acting user."""
    writes = NodeWrites(partnership, year, existing, fences=ring_fence_ids(partnership, year))
    _create(steps, writes)
    _change(steps, writes)
    _remove(stale, writes)
    if history is not None:
        audit_rows_bulk(
            action="allocation.import_line",
            model=AllocationNode,
            rows=[row for _, row in sorted(writes.history, key=lambda kept: kept[0])],
            partnership_id=partnership.pk,
            **history,
        )
