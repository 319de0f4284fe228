"""What the plan endpoints share: reaching a plan and its rows for the user."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from vfmhub.accounts.models import User
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.plans import selectors
from vfmhub.plans.access import PlanAccess, PlanNeed, plan_for_user
from vfmhub.plans.models import Action, ActionUpdate, Plan, PlanItem, UpdateRound
from vfmhub.plans.services.common import NOT_A_MEMBER

ROUND_NOT_IN_PLAN = "Choose an update round of this plan."


def plan_of(request, plan_id: int, need: PlanNeed = PlanNeed.READ) -> tuple[Plan, PlanAccess]:
    return plan_for_user(request.user, plan_id, need=need)


def item_in(plan: Plan, item_id: int) -> PlanItem:
    item = plan.items.select_related("criterion__theme").filter(pk=item_id).first()
    if item is None:
        raise Http404(NOT_FOUND)
    item.plan = plan
    return item


def round_in(plan: Plan, round_id: int | None, field: str = "round_id") -> UpdateRound | None:
    """A round of this plan, or a field error (a round id is data in a body, not a path)."""
    if round_id is None:
        return None
    found = plan.rounds.filter(pk=round_id).first()
    if found is None:
        raise ValidationError({field: ROUND_NOT_IN_PLAN})
    return found


def member_of(plan: Plan, user_id: int | None, field: str) -> User | None:
    """Someone holding a role at the plan's body; any other id is refused the same way, so the
    API tells nobody whether a user exists."""
    if user_id is None:
        return None
    user = User.objects.filter(
        pk=user_id, organisation_memberships__organisation=plan.organisation_id
    ).first()
    if user is None:
        raise ValidationError({field: NOT_A_MEMBER.format(organisation=plan.organisation.name)})
    return user


def current_updates() -> Prefetch:
    """Each action's current updates, one per round at most, with their round (one query)."""
    current = ActionUpdate.objects.filter(is_current=True).select_related("round")
    return Prefetch(
        "updates", queryset=current.order_by("round__order", "round_id"), to_attr="current"
    )


def actions_with_updates(actions: QuerySet[Action]) -> QuerySet[Action]:
    return actions.select_related("item__criterion__theme").prefetch_related(current_updates())


def action_in(plan: Plan, action_id: int) -> Action:
    action = actions_with_updates(Action.objects.filter(item__plan=plan, pk=action_id)).first()
    if action is None:
        raise Http404(NOT_FOUND)
    action.item.plan = plan
    return action


def action_detail(plan: Plan, action_id: int) -> Action:
    """One action with its full history (corrected updates included)."""
    action = action_in(plan, action_id)
    action.history = selectors.action_history(action)  # type: ignore[attr-defined]
    return action


def plan_check(need: PlanNeed):
    """The access check a plan's write endpoint starts with (see `vfmhub.core.api.writes`)."""

    def check(request, plan_id, **_) -> None:
        plan_of(request, plan_id, need)

    return check
