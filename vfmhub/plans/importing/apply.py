"""Writing what an import adds, in bulk, inside the caller's transaction.

A large file adds a few hundred thousand rows, so they are inserted from plain values
(`rows_insert`) rather than as model instances, and each row is recorded in the history the same
way: a new round, item, action or update with its values, a corrected update with its old and new
text (`<kind>.import_add`, `action_update.import_correct`, the file's name as the note). One more
event records the import as a whole (action "plan.import", the counts as changes). An import that
adds nothing writes and records nothing.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Model

from vfmhub.accounts.models import User
from vfmhub.audit.services import AuditRow, acting, audit_record, audit_rows_bulk
from vfmhub.audit.services import changes_created as created
from vfmhub.core.bulk import rows_insert
from vfmhub.lib import clock
from vfmhub.plans.importing.validate import ActionChange, ItemChange, PlanChanges, UpdateChange
from vfmhub.plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Plan,
    PlanItem,
    PlanSourceFile,
    UpdateRound,
)

AUTHOR_LABEL = "Imported from {filename}"
IN_CLAUSE = 900  # keys per `pk IN (...)`: within SQLite's smallest limit on parameters


@dataclass
class _History:
    """Records each written row, filed under the plan's body, noting the file."""

    acting_user: User | None
    organisation_id: int
    filename: str

    def record(self, action: str, model: type[Model], rows: Iterable[AuditRow]) -> None:
        audit_rows_bulk(
            acting_user=self.acting_user,
            action=action,
            model=model,
            rows=rows,
            note=self.filename[:500],
            organisation_id=self.organisation_id,
        )


def changes_apply(
    *,
    acting_user: User | None,
    plan: Plan,
    changes: PlanChanges,
    filename: str,
    fingerprint: str = "",
) -> dict[str, int]:
    """Create the new rounds, items, actions and updates; correct changed updates; remember the
    file's fingerprint with the plan, so importing it again finds this plan."""
    counts = changes.counts()  # before writing: it counts what has no row yet
    if not any(counts.values()):
        return counts  # the same file again: nothing to write or record
    history = _History(acting_user, plan.organisation_id, filename)
    rounds = _rounds_create(plan, changes, history)
    _items_create(plan, changes, history)
    _actions_create(changes, history)
    _updates_create(changes, rounds, acting_user, history)
    recorded: dict[str, list] = {name: [None, count] for name, count in counts.items()}
    if fingerprint:
        _, made = PlanSourceFile.objects.get_or_create(
            plan=plan,
            fingerprint=fingerprint,
            defaults={"filename": filename[:255], "imported_at": clock.now()},
        )
        if made:
            recorded["fingerprint"] = [None, fingerprint]
    audit_record(
        acting_user=acting_user,
        action="plan.import",
        obj=plan,
        changes=recorded,
        note=filename[:500],
    )
    return counts


def _next_order(queryset, field: str = "order") -> int:
    return (queryset.aggregate(m=Max(field))["m"] or 0) + 1


def _rounds_create(plan: Plan, changes: PlanChanges, history: _History) -> dict[str, UpdateRound]:
    rounds = dict(changes.rounds)
    start = _next_order(UpdateRound.objects.filter(plan=plan))
    new = [
        UpdateRound(plan=plan, label=r.label, as_at=r.as_at, order=start + i)
        for i, r in enumerate(changes.new_rounds)
    ]
    made = UpdateRound.objects.bulk_create(new)
    for round_made in made:
        rounds[" ".join(round_made.label.split()).casefold()] = round_made
    history.record(
        "round.import_add",
        UpdateRound,
        (
            AuditRow(r.pk, str(r), created({"label": r.label, "as_at": r.as_at, "order": r.order}))
            for r in made
        ),
    )
    return rounds


def _items_create(plan: Plan, changes: PlanChanges, history: _History) -> None:
    start = _next_order(PlanItem.objects.filter(plan=plan))
    new: list[ItemChange] = [c for c in changes.items.values() if c.existing_id is None]
    fields = ["plan_id", "criterion", "theme_heading", "criterion_heading", "text", "order"]
    rows = (
        (
            plan.pk,
            c.criterion.pk if c.criterion else None,
            c.draft.theme_heading,
            c.draft.criterion_heading,
            c.draft.text,
            n,
        )
        for n, c in enumerate(new, start=start)
    )
    for change, pk in zip(new, rows_insert(PlanItem, fields, rows, returning=True), strict=True):
        change.existing_id = pk
    history.record(
        "plan_item.import_add",
        PlanItem,
        (
            AuditRow(c.existing_id, c.draft.text[:80], created({**_item_values(c), "order": n}))
            for n, c in enumerate(new, start=start)
        ),
    )


def _item_values(change: ItemChange) -> dict[str, Any]:
    """The values the history gives a new item, in the plans service's order (less `order`)."""
    draft = change.draft
    return {
        "text": draft.text,
        "criterion": change.criterion,
        "theme_heading": draft.theme_heading,
        "criterion_heading": draft.criterion_heading,
        "source": PlanItem._meta.get_field("source").default,
    }


def _actions_create(changes: PlanChanges, history: _History) -> None:
    """New actions go after the item's last, in file order."""
    item_ids = [c.existing_id for c in changes.items.values()]
    orders: dict[int, int] = {}
    for start in range(0, len(item_ids), IN_CLAUSE):
        maxima = (
            Action.objects.filter(item_id__in=item_ids[start : start + IN_CLAUSE])
            .values("item_id")
            .annotate(m=Max("order"))
            .values_list("item_id", "m")
        )
        orders.update(maxima)
    new: list[tuple[int, ActionChange, int]] = []  # item, action, order
    for item in changes.items.values():
        assert item.existing_id is not None
        order = orders.get(item.existing_id) or 0
        for change in item.actions.values():
            if change.existing_id is None:
                order += 1
                new.append((item.existing_id, change, order))
    fields = ["item_id", *ACTION_COLUMNS]
    rows = ((item_id, *_action_values(c, order).values()) for item_id, c, order in new)
    made = rows_insert(Action, fields, rows, returning=True)
    for (_, change, _), pk in zip(new, made, strict=True):
        change.existing_id = pk
    users = _users({c.officer_user_id for _, c, _ in new})
    history.record(
        "action.import_add",
        Action,
        (
            AuditRow(
                c.existing_id,
                c.draft.description[:80],
                created(_action_history(c, order, users)),
            )
            for _, c, order in new
        ),
    )


ACTION_COLUMNS = [
    "description",
    "officer",
    "officer_user_id",
    "target_date",
    "status",
    "no_action_reason",
    "rag",
    "added_from",
    "order",
]


def _action_values(change: ActionChange, order: int) -> dict[str, Any]:
    draft = change.draft
    return {
        "description": draft.description,
        "officer": draft.officer,
        "officer_user_id": change.officer_user_id,
        "target_date": draft.target_date,
        "status": draft.status or ActionStatus.NOT_STARTED,
        "no_action_reason": draft.no_action_reason,
        "rag": draft.rag,
        "added_from": draft.added_from,
        "order": order,
    }


def _action_history(change: ActionChange, order: int, users: dict[int, str]) -> dict[str, Any]:
    """The values as the actions service records them (`officer_user` as the user reads)."""
    values = _action_values(change, order)
    user_id = values.pop("officer_user_id")
    values["officer_user"] = users.get(user_id) if user_id else None
    return values


def _users(ids: set[int | None]) -> dict[int, str]:
    known = [pk for pk in ids if pk]
    return {user.pk: str(user) for user in User.objects.filter(pk__in=known)} if known else {}


def _updates_create(
    changes: PlanChanges,
    rounds: dict[str, UpdateRound],
    acting_user: User | None,
    history: _History,
) -> None:
    actor = acting(acting_user)
    author = actor.pk if actor else None
    label = AUTHOR_LABEL.format(filename=history.filename)[:254]
    writing = list(_updates(changes))
    replaced = [u.replaces.pk for _, u in writing if u.replaces is not None]
    # The old rows stop being current first: one current update per action and round.
    for start in range(0, len(replaced), IN_CLAUSE):
        ActionUpdate.objects.filter(pk__in=replaced[start : start + IN_CLAUSE]).update(
            is_current=False
        )
    fields = ["action_id", "round_id", "text", "corrects_id", "author_id", "author_label"]
    rows = (
        (
            action_id,
            rounds[u.round_key].pk,
            u.draft.text,
            u.replaces.pk if u.replaces else None,
            author,
            label,
        )
        for action_id, u in writing
    )
    made = rows_insert(ActionUpdate, fields, rows, returning=True)
    for (_, change), pk in zip(writing, made, strict=True):
        change.created_id = pk
    added = [u for _, u in writing if u.replaces is None]
    corrected = [u for _, u in writing if u.replaces is not None]
    history.record("action_update.import_add", ActionUpdate, _update_history(added, rounds))
    history.record("action_update.import_correct", ActionUpdate, _update_history(corrected, rounds))


def _updates(changes: PlanChanges) -> Iterator[tuple[int, UpdateChange]]:
    for item in changes.items.values():
        for action in item.actions.values():
            assert action.existing_id is not None
            for change in action.updates.values():
                yield action.existing_id, change


def _update_history(
    updates: list[UpdateChange], rounds: dict[str, UpdateRound]
) -> Iterator[AuditRow]:
    """A new update with its round and text; a corrected one with its old and new text."""
    for u in updates:
        round_label = str(rounds[u.round_key])
        text = f"{round_label}: {u.draft.text[:60]}"
        if u.replaces is None:
            yield AuditRow(
                u.created_id, text, created({"round": round_label, "text": u.draft.text})
            )
        else:
            yield AuditRow(u.created_id, text, {"text": [u.replaces.text, u.draft.text]})
