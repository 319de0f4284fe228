"""Actions under a plan item: what will be done, by whom, by when, and how it is going."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from vfmhub.accounts.models import User
from vfmhub.audit.services import audit_record_changed, save_created, snapshot
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.plans.models import Action, ActionStatus, PlanItem, UpdateRound
from vfmhub.plans.services.common import Version, check_member, fields_save

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


def check_action(action: Action) -> None:
    """Rules a form may also check, enforced here for every caller (the API, the importer)."""
    if action.status == ActionStatus.NO_ACTION and not action.no_action_reason.strip():
        raise ValidationError({"no_action_reason": NO_ACTION_NEEDS_REASON})
    if action.added_in_round is not None and action.added_in_round.plan_id != action.item.plan_id:
        raise ValidationError({"added_in_round": ROUND_OF_ANOTHER_PLAN})


@transaction.atomic
def action_add(
    *,
    acting_user: User | None,
    item: PlanItem,
    description: str,
    officer: str = "",
    officer_user: User | None = None,
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
    check_action(action)
    return save_created(action, acting_user=acting_user, action="action.add", fields=ACTION_FIELDS)


@transaction.atomic
def action_update(
    *,
    acting_user: User | None,
    action: Action,
    expected_updated_at: Version = None,
    **fields: Any,
) -> Action:
    action = lock_unchanged(action, expected_updated_at, "item__plan__organisation")
    if "officer_user" in fields:
        check_member(fields["officer_user"], action.item.plan.organisation, "officer_user")
    before = snapshot(action, ACTION_FIELDS)
    fields_save(action, fields, ACTION_FIELDS, check=check_action)
    audit_record_changed(acting_user=acting_user, action="action.update", obj=action, before=before)
    return action
