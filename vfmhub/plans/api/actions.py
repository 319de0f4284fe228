"""A plan's actions, update rounds and updates over the API (mounted by `plans.api`)."""

from functools import partial
from typing import Any

from ninja import Router, Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.lib import clock
from vfmhub.plans import services
from vfmhub.plans.access import (
    PlanNeed,
    action_in_plan,
    actions_in_plan,
    item_in_plan,
    round_in_plan,
    update_in_plan,
)
from vfmhub.plans.api.common import (
    ROUND_NOT_IN_PLAN,
    added,
    in_body,
    member_of,
    plan_check,
    plan_of,
    round_in,
    update_sent,
)
from vfmhub.plans.api.schemas import (
    ActionDetailOut,
    ActionIn,
    ActionOut,
    ActionPatchIn,
    CorrectionIn,
    RoundEntryIn,
    RoundIn,
    RoundOut,
    UpdateIn,
    UpdateOut,
)
from vfmhub.plans.models import Action, ActionStatus, Plan
from vfmhub.plans.selectors.actions import action_with_history
from vfmhub.plans.selectors.tables import PlanFilters, plan_actions

router = Router(tags=["plans"])

ACTION_NOT_IN_PLAN = "Choose an action of this plan."
ACTION_TEXTS = ("description", "officer", "no_action_reason", "rag", "added_from")
ACTION_VALUES = ("target_date", "status", "order")


@router.get(
    "/{int:plan_id}/actions",
    response=list[ActionOut],
    summary="A plan's actions with their current update per round, filtered as on the page",
)
@paginate(Pagination)
def list_actions(
    request,
    plan_id: int,
    theme: str = "",
    status: ActionStatus | None = None,
    rag: str = "",
    overdue: bool = False,
    officer: str = "",
):
    """`theme` is as the plan table labels it ("1 Managing finances"), a theme code or an item's
    theme heading; `officer` matches the officer text ("HoF" finds "HoF/IPM") or a linked
    officer's email; `overdue` keeps open actions past their target date."""
    plan, _ = plan_of(request, plan_id)
    filters = PlanFilters(
        theme=theme, status=status or "", rag=rag, overdue=overdue, officer=officer
    )
    return plan_actions(plan, filters, clock.today())


def _action_shown(plan: Plan, action_id: int) -> Action:
    """One action with its full history (corrected updates included)."""
    return action_with_history(action_in_plan(plan, action_id))


@router.get(
    "/{int:plan_id}/actions/{int:action_id}",
    response=ActionDetailOut,
    summary="An action with its full update history, corrections included",
)
def get_action(request, plan_id: int, action_id: int):
    plan, _ = plan_of(request, plan_id)
    return _action_shown(plan, action_id)


def _action_fields(plan: Plan, sent: dict[str, Any]) -> dict[str, Any]:
    """The services' field values from what a client sent (ids become records of this plan;
    a null text is an empty one)."""
    fields = {k: sent[k] for k in ACTION_VALUES if k in sent}
    fields |= {k: sent[k] or "" for k in ACTION_TEXTS if k in sent}
    if "officer_user_id" in sent:
        fields["officer_user"] = member_of(plan, sent["officer_user_id"], "officer_user_id")
    if "added_in_round_id" in sent:
        fields["added_in_round"] = round_in(plan, sent["added_in_round_id"], "added_in_round_id")
    return fields


@router.post(
    "/{int:plan_id}/items/{int:item_id}/actions",
    response={201: ActionDetailOut},
    summary="Add an action to an item (editors)",
)
@write_access(plan_check(PlanNeed.EDIT))
def add_action(request, plan_id: int, item_id: int, payload: ActionIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    item = item_in_plan(plan, item_id)
    action = services.action_add(
        acting_user=request.user, item=item, **_action_fields(plan, payload.dict())
    )
    return Status(201, _action_shown(plan, action.pk))


@router.patch(
    "/{int:plan_id}/actions/{int:action_id}",
    response=ActionDetailOut,
    summary="Change an action; fields left out keep their values; send the updated_at you read",
)
@write_access(plan_check(PlanNeed.EDIT))
@updates_record
def patch_action(request, plan_id: int, action_id: int, payload: ActionPatchIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    action = action_in_plan(plan, action_id)
    fields = partial(_action_fields, plan)
    update_sent(request, payload, services.action_update, fields, action=action)
    return _action_shown(plan, action_id)


@router.get("/{int:plan_id}/rounds", response=list[RoundOut], summary="A plan's update rounds")
@paginate(Pagination)
def list_rounds(request, plan_id: int):
    plan, _ = plan_of(request, plan_id)
    return plan.rounds.all()


@router.post(
    "/{int:plan_id}/rounds",
    response={201: RoundOut},
    summary="Add an update round: a label and the date it reports as at (editors)",
)
@write_access(plan_check(PlanNeed.EDIT))
def add_round(request, plan_id: int, payload: RoundIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    update_round = services.round_add(
        acting_user=request.user, plan=plan, label=payload.label, as_at=payload.as_at
    )
    return Status(201, update_round)


@router.post(
    "/{int:plan_id}/actions/{int:action_id}/updates",
    response={201: UpdateOut},
    summary="Give an action's update for a round (409 if the round already has one)",
)
@write_access(plan_check(PlanNeed.EDIT))
def add_update(request, plan_id: int, action_id: int, payload: UpdateIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    action = action_in_plan(plan, action_id)
    update_round = in_body("round_id", ROUND_NOT_IN_PLAN, round_in_plan, plan, payload.round_id)
    given = payload.dict(exclude={"round_id"})
    return added(request, services.action_update_add, action=action, round=update_round, **given)


@router.post(
    "/{int:plan_id}/updates/{int:update_id}/correct",
    response={201: UpdateOut},
    summary="Correct an update with a reason; the original stays in the history",
)
@write_access(plan_check(PlanNeed.EDIT))
def correct_update(request, plan_id: int, update_id: int, payload: CorrectionIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    update = update_in_plan(plan, update_id)
    return added(request, services.action_update_correct, update=update, **payload.dict())


@router.post(
    "/{int:plan_id}/rounds/{int:round_id}/entries",
    response={201: list[UpdateOut]},
    summary="Give many actions' updates for a round at once: all saved, or (on an error) none",
)
@write_access(plan_check(PlanNeed.EDIT))
def enter_round(request, plan_id: int, round_id: int, payload: RoundEntryIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    update_round = round_in_plan(plan, round_id)
    wanted = {entry.action_id for entry in payload.entries}
    actions = in_body("entries", ACTION_NOT_IN_PLAN, actions_in_plan, plan, wanted)
    entries = [{**e.dict(), "action": actions[e.action_id]} for e in payload.entries]
    saved = services.round_entry_save(acting_user=request.user, round=update_round, entries=entries)
    return Status(201, saved)
