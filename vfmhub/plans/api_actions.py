"""A plan's actions, update rounds and updates over the API (mounted by `plans.api`)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import sent_version, stale_as_conflict, updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.lib import clock
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.plans import selectors, services
from vfmhub.plans.access import PlanNeed
from vfmhub.plans.api_common import (
    action_detail,
    action_in,
    actions_with_updates,
    item_in,
    member_of,
    plan_check,
    plan_of,
    round_in,
)
from vfmhub.plans.api_schemas import (
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
from vfmhub.plans.models import Action, ActionStatus, ActionUpdate, Plan

router = Router(tags=["plans"])


ACTION_NOT_IN_PLAN = "Choose an action of this plan."


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
    filters = selectors.PlanFilters(
        theme=theme, status=status or "", rag=rag, overdue=overdue, officer=officer
    )
    actions = Action.objects.filter(item__plan=plan).filter(
        selectors.action_filter(filters, clock.today())
    )
    return actions_with_updates(actions).order_by("item__order", "item_id", "order", "pk")


@router.get(
    "/{int:plan_id}/actions/{int:action_id}",
    response=ActionDetailOut,
    summary="An action with its full update history, corrections included",
)
def get_action(request, plan_id: int, action_id: int):
    plan, _ = plan_of(request, plan_id)
    return action_detail(plan, action_id)


def _action_fields(plan: Plan, sent: dict) -> dict:
    """The services' field values from what a client sent (ids become objects of this plan)."""
    names = ("description", "officer", "target_date", "status", "no_action_reason", "rag")
    fields = {k: sent[k] for k in (*names, "added_from", "order") if k in sent}
    for text in (*names[:2], "no_action_reason", "rag", "added_from"):
        if text in fields and fields[text] is None:
            fields[text] = ""
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
    item = item_in(plan, item_id)
    action = services.action_add(
        acting_user=request.user, item=item, **_action_fields(plan, payload.dict())
    )
    return Status(201, action_detail(plan, action.pk))


@router.patch(
    "/{int:plan_id}/actions/{int:action_id}",
    response=ActionDetailOut,
    summary="Change an action; fields left out keep their values; send the updated_at you read",
)
@write_access(plan_check(PlanNeed.EDIT))
@updates_record
def patch_action(request, plan_id: int, action_id: int, payload: ActionPatchIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    action = action_in(plan, action_id)
    expected = sent_version(request, payload.updated_at)
    sent = payload.dict(exclude_unset=True)
    with stale_as_conflict():
        services.action_update(
            acting_user=request.user,
            action=action,
            expected_updated_at=expected,
            **_action_fields(plan, sent),
        )
    return action_detail(plan, action_id)


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
    action = action_in(plan, action_id)
    update_round = round_in(plan, payload.round_id)
    assert update_round is not None  # round_id is required
    with stale_as_conflict():
        update = services.action_update_add(
            acting_user=request.user,
            action=action,
            round=update_round,
            text=payload.text,
            status=payload.status,
            rag=payload.rag,
        )
    return Status(201, update)


@router.post(
    "/{int:plan_id}/updates/{int:update_id}/correct",
    response={201: UpdateOut},
    summary="Correct an update with a reason; the original stays in the history",
)
@write_access(plan_check(PlanNeed.EDIT))
def correct_update(request, plan_id: int, update_id: int, payload: CorrectionIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    update = ActionUpdate.objects.filter(pk=update_id, action__item__plan=plan).first()
    if update is None:
        raise Http404(NOT_FOUND)
    with stale_as_conflict():
        correction = services.action_update_correct(
            acting_user=request.user, update=update, **payload.dict()
        )
    return Status(201, correction)


@router.post(
    "/{int:plan_id}/rounds/{int:round_id}/entries",
    response={201: list[UpdateOut]},
    summary="Give many actions' updates for a round at once: all saved, or (on an error) none",
)
@write_access(plan_check(PlanNeed.EDIT))
def enter_round(request, plan_id: int, round_id: int, payload: RoundEntryIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    update_round = plan.rounds.filter(pk=round_id).first()
    if update_round is None:
        raise Http404(NOT_FOUND)
    wanted = {entry.action_id for entry in payload.entries}
    actions = {a.pk: a for a in Action.objects.filter(item__plan=plan, pk__in=wanted)}
    if wanted - set(actions):
        raise ValidationError({"entries": ACTION_NOT_IN_PLAN})
    entries = [{**e.dict(), "action": actions[e.action_id]} for e in payload.entries]
    saved = services.round_entry_save(acting_user=request.user, round=update_round, entries=entries)
    return Status(201, saved)
