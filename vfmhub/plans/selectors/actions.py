"""Actions as officers meet them: "my actions" and what is due, a plan's overdue actions, the
reminders' list, one action's history, and a round's entry form."""

import calendar
import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, When

from vfmhub.accounts.models import User
from vfmhub.organisations.models import OrganisationMembership
from vfmhub.plans.models import Action, ActionUpdate, Plan, UpdateRound
from vfmhub.plans.selectors.tables import OPEN_STATUSES, current_updates, overdue_filter


def _actions_with_plan() -> QuerySet[Action]:
    return Action.objects.select_related("item__plan__organisation", "officer_user")


def my_actions(user: User) -> QuerySet[Action]:
    """The actions linked to `user` as officer, at bodies where they still hold a role."""
    member = OrganisationMembership.objects.filter(
        organisation=OuterRef("item__plan__organisation"), user=user
    )
    return (
        _actions_with_plan()
        .filter(Exists(member), officer_user=user)
        .order_by("target_date", "item__plan__organisation__name", "pk")
    )


def my_actions_with_updates(user: User, *, overdue_on: datetime.date | None) -> QuerySet[Action]:
    """My actions with their items' themes and current updates (the API's list); only those
    overdue on `overdue_on` when given."""
    actions = my_actions(user)
    if overdue_on is not None:
        actions = actions.filter(overdue_filter(overdue_on))
    return actions.select_related("item__criterion__theme").prefetch_related(current_updates())


def overdue_actions(plan_or_user: Plan | User, today: datetime.date) -> QuerySet[Action]:
    """A plan's overdue actions, or a user's (as for `my_actions`)."""
    if isinstance(plan_or_user, Plan):
        actions = _actions_with_plan().filter(item__plan=plan_or_user)
    else:
        actions = my_actions(plan_or_user)
    return actions.filter(overdue_filter(today)).order_by("target_date", "pk")


class Due(StrEnum):
    OVERDUE = "overdue"
    MONTH = "month"  # due from today to the end of this calendar month


def month_end(today: datetime.date) -> datetime.date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


def due_filter(due: str, today: datetime.date) -> Q:
    """Open actions overdue, or due between today and the end of the month."""
    if due == Due.OVERDUE:
        return overdue_filter(today)
    if due == Due.MONTH:
        return Q(
            status__in=OPEN_STATUSES, target_date__gte=today, target_date__lte=month_end(today)
        )
    return Q()


@dataclass
class MyActionFilters:
    status: str = ""
    plan: int | None = None
    due: str = ""
    show_closed: bool = False  # completed, deferred and "no action proposed" are hidden unless


def my_actions_listed(
    user: User, filters: MyActionFilters, today: datetime.date
) -> QuerySet[Action]:
    """My actions as the page lists them: overdue first, then by target date; only open ones
    unless a status is chosen or closed ones are asked for."""
    actions = my_actions(user).filter(due_filter(filters.due, today))
    if filters.status:
        actions = actions.filter(status=filters.status)
    elif not filters.show_closed:
        actions = actions.filter(status__in=OPEN_STATUSES)
    if filters.plan:
        actions = actions.filter(item__plan_id=filters.plan)
    overdue_first = Case(When(overdue_filter(today), then=0), default=1)
    return actions.order_by(
        overdue_first, F("target_date").asc(nulls_last=True), "item__plan__organisation__name", "pk"
    )


def my_action_plans(user: User) -> QuerySet[Plan]:
    """The plans the user has actions in (any status), for the page's plan filter."""
    mine = my_actions(user).values("item__plan_id")
    return (
        Plan.objects.filter(pk__in=mine)
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )


def my_due_counts(user: User, today: datetime.date) -> dict[str, int]:
    """How many of my actions are overdue and due this month (one query)."""
    return my_actions(user).aggregate(
        **{due.value: Count("pk", filter=due_filter(due, today)) for due in Due}
    )


def actions_due(today: datetime.date, *, within_days: int) -> QuerySet[Action]:
    """Open actions with a linked officer, due within `within_days` days or overdue."""
    return (
        _actions_with_plan()
        .filter(
            status__in=OPEN_STATUSES,
            target_date__lte=today + datetime.timedelta(days=within_days),
            officer_user__isnull=False,
            officer_user__is_active=True,
        )
        .exclude(officer_user__email="")
        .order_by("target_date", "pk")
    )


def action_history(action: Action) -> list[ActionUpdate]:
    """Every update of the action, current and corrected, by round then time."""
    return list(
        action.updates.select_related("round", "author", "corrects").prefetch_related(
            "corrected_by__author"
        )
    )


def action_with_history(action: Action) -> Action:
    """The action with every update (`history`) and its current ones (`current`, in round
    order), as the API shows one action."""
    history = action_history(action)
    action.history = history  # type: ignore[attr-defined]
    action.current = [u for u in history if u.is_current]  # type: ignore[attr-defined]
    return action


def round_entry_actions(
    update_round: UpdateRound, *, officer_user: User | None = None, officer_text: str = ""
) -> list[Action]:
    """The actions an officer fills in for a round, with any current update already given."""
    actions = Action.objects.filter(item__plan_id=update_round.plan_id).select_related("item")
    if officer_user is not None:
        actions = actions.filter(officer_user=officer_user)
    if officer_text:
        actions = actions.filter(officer__icontains=officer_text)
    current = ActionUpdate.objects.filter(round=update_round, is_current=True)
    return list(actions.prefetch_related(Prefetch("updates", queryset=current, to_attr="given")))
