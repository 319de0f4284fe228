"""Actions under a plan item: what will be done, by whom, by when, and how it is going."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from vfmhub.audit.services import snapshot
from vfmhub.core.concurrency import check_unchanged
from vfmhub.plans.models import Action, ActionStatus, PlanItem, UpdateRound
from vfmhub.plans.services.common import apply_fields, check_member, record, record_created

ACTION_FIELDS = [
    "description",
    "officer",
    "officer_user",
    "target_date",
    "status",
    "no_action_reason",
    "rag",
    "added_in_round",
    "added_from",
    "order",
]
NO_ACTION_NEEDS_REASON = "Give the reason why no action is proposed."
ROUND_OF_ANOTHER_PLAN = "Choose an update round of this plan."


def check_action(action: Action, plan_id: int) -> None:
    """Rules a form may also check, enforced here for every caller (the API, the importer)."""
    if action.status == ActionStatus.NO_ACTION and not action.no_action_reason.strip():
        raise ValidationError({"no_action_reason": NO_ACTION_NEEDS_REASON})
    if action.added_in_round is not None and action.added_in_round.plan_id != plan_id:
        raise ValidationError({"added_in_round": ROUND_OF_ANOTHER_PLAN})


@transaction.atomic
def action_add(
    *,
    acting_user,
    item: PlanItem,
    description: str,
    officer: str = "",
    officer_user=None,
    target_date: datetime.date | None = None,
    status: str = ActionStatus.NOT_STARTED,
    no_action_reason: str = "",
    rag: str = "",
    added_in_round: UpdateRound | None = None,
    added_from: str = "",
    order: int | None = None,
) -> Action:
    item = PlanItem.objects.select_related("plan__organisation").get(pk=item.pk)
    check_member(officer_user, item.plan.organisation, "officer_user")
    if order is None:
        order = (item.actions.aggregate(top=Max("order"))["top"] or 0) + 1
    action = Action(
        item=item,
        description=description.strip(),
        officer=officer.strip(),
        officer_user=officer_user,
        target_date=target_date,
        status=status,
        no_action_reason=no_action_reason.strip(),
        rag=rag,
        added_in_round=added_in_round,
        added_from=added_from.strip(),
        order=order,
    )
    check_action(action, item.plan_id)
    action.full_clean()
    action.save()
    record_created(
        acting_user,
        "action.add",
        action,
        ACTION_FIELDS,
        organisation_id=item.plan.organisation_id,
    )
    return action


@transaction.atomic
def action_update(*, acting_user, action: Action, expected_updated_at=None, **fields) -> Action:
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("item__plan__organisation")
        .get(pk=action.pk)
    )
    check_unchanged(action, expected_updated_at)
    if "officer_user" in fields:
        check_member(fields["officer_user"], action.item.plan.organisation, "officer_user")
    before = snapshot(action, ACTION_FIELDS)
    apply_fields(action, fields, ACTION_FIELDS)
    check_action(action, action.item.plan_id)
    action.full_clean()
    action.save()
    record(
        acting_user,
        "action.update",
        action,
        before,
        snapshot(action, ACTION_FIELDS),
        organisation_id=action.item.plan.organisation_id,
    )
    return action
