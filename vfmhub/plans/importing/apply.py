"""Writing what an import adds, in bulk, inside the caller's transaction.

One AuditEvent records the whole import (action "plan.import", the counts as changes, the file name
as the note) rather than one per row, so a 5,000-row file stays quick.
"""

from django.db.models import Max
from django.utils import timezone

from vfmhub.audit.services import audit_record
from vfmhub.plans.importing.validate import ActionChange, ItemChange, PlanChanges
from vfmhub.plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Plan,
    PlanItem,
    UpdateRound,
)

AUTHOR_LABEL = "Imported from {filename}"
BATCH = 500


def changes_apply(
    *, acting_user, plan: Plan, changes: PlanChanges, filename: str
) -> dict[str, int]:
    """Create the new rounds, items, actions and updates; correct changed updates."""
    counts = changes.counts()  # before writing: it counts what has no row yet
    rounds = _rounds_create(plan, changes)
    _items_create(plan, changes)
    _actions_create(changes)
    _updates_create(changes, rounds, acting_user, filename)
    audit_record(
        acting_user=acting_user,
        action="plan.import",
        obj=plan,
        changes={name: [None, count] for name, count in counts.items()},
        note=filename[:500],
    )
    return counts


def _rounds_create(plan: Plan, changes: PlanChanges) -> dict[str, UpdateRound]:
    rounds = dict(changes.rounds)
    start = (UpdateRound.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0) + 1
    new = [
        UpdateRound(plan=plan, label=r.label, as_at=r.as_at, order=start + i)
        for i, r in enumerate(changes.new_rounds)
    ]
    for created in UpdateRound.objects.bulk_create(new):
        rounds[" ".join(created.label.split()).casefold()] = created
    return rounds


def _items_create(plan: Plan, changes: PlanChanges) -> None:
    start = (PlanItem.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0) + 1
    new: list[ItemChange] = [c for c in changes.items.values() if c.existing is None]
    now = timezone.now()
    items = [
        PlanItem(
            plan=plan,
            criterion=c.criterion,
            theme_heading=c.draft.theme_heading,
            criterion_heading=c.draft.criterion_heading,
            text=c.draft.text,
            order=start + i,
            created_at=now,
        )
        for i, c in enumerate(new)
    ]
    for change, item in zip(
        new, PlanItem.objects.bulk_create(items, batch_size=BATCH), strict=True
    ):
        change.existing = item


def _actions_create(changes: PlanChanges) -> None:
    item_ids = [c.existing.pk for c in changes.items.values() if c.existing is not None]
    orders = (
        dict(
            Action.objects.filter(item_id__in=item_ids)
            .values("item_id")
            .annotate(m=Max("order"))
            .values_list("item_id", "m")
        )
        if item_ids
        else {}
    )
    new: list[ActionChange] = []
    actions: list[Action] = []
    now = timezone.now()
    for item in changes.items.values():
        assert item.existing is not None
        order = orders.get(item.existing.pk) or 0
        for change in item.actions.values():
            if change.existing is not None:
                continue
            order += 1
            new.append(change)
            actions.append(_action(item.existing, change, order, now))
    for change, action in zip(
        new, Action.objects.bulk_create(actions, batch_size=BATCH), strict=True
    ):
        change.existing = action


def _action(item: PlanItem, change: ActionChange, order: int, now) -> Action:
    draft = change.draft
    return Action(
        item=item,
        description=draft.description,
        officer=draft.officer,
        officer_user_id=change.officer_user_id,
        target_date=draft.target_date,
        status=draft.status or ActionStatus.NOT_STARTED,
        no_action_reason=draft.no_action_reason,
        rag=draft.rag,
        added_from=draft.added_from,
        order=order,
        created_at=now,
    )


def _updates_create(
    changes: PlanChanges, rounds: dict[str, UpdateRound], acting_user, filename: str
) -> None:
    author = acting_user if getattr(acting_user, "pk", None) else None
    label = AUTHOR_LABEL.format(filename=filename)[:254]
    replaced = []
    updates = []
    now = timezone.now()
    for item in changes.items.values():
        for action in item.actions.values():
            assert action.existing is not None
            for change in action.updates.values():
                if change.replaces is not None:
                    replaced.append(change.replaces.pk)
                updates.append(
                    ActionUpdate(
                        action=action.existing,
                        round=rounds[change.round_key],
                        text=change.draft.text,
                        corrects=change.replaces,
                        author=author,
                        author_label=label,
                        created_at=now,
                    )
                )
    # The old rows stop being current first: one current update per action and round.
    ActionUpdate.objects.filter(pk__in=replaced).update(is_current=False)
    ActionUpdate.objects.bulk_create(updates, batch_size=BATCH)
