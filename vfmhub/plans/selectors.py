"""Reads for plans: the plan table, progress, overdue and "my actions", reviews and ratings."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from vfmhub.organisations.models import OrganisationMembership, Partnership, PartnershipRole
from vfmhub.plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    PeerReview,
    Plan,
    PlanItem,
    Rag,
    ReviewRating,
    ReviewStatus,
    UpdateRound,
)

# Actions still to do. Completed, no-action and deferred actions are neither overdue nor reminded.
OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
NO_THEME = "No theme"
NO_CRITERION = ""


def theme_label(item: PlanItem) -> str:
    if item.criterion is not None:
        theme = item.criterion.theme
        return f"{theme.code} {theme.title}"
    return item.theme_heading or NO_THEME


def criterion_label(item: PlanItem) -> str:
    if item.criterion is not None:
        return str(item.criterion)
    return item.criterion_heading or NO_CRITERION


def is_overdue(action: Action, today: datetime.date) -> bool:
    return bool(
        action.target_date and action.target_date < today and action.status in OPEN_STATUSES
    )


def overdue_filter(today: datetime.date) -> Q:
    return Q(target_date__lt=today, status__in=OPEN_STATUSES)


@dataclass
class PlanFilters:
    theme: str = ""
    status: str = ""
    rag: str = ""
    overdue: bool = False
    officer: str = ""

    @property
    def on_actions(self) -> bool:
        return bool(self.status or self.rag or self.overdue or self.officer)


@dataclass
class CriterionGroup:
    label: str
    items: list[PlanItem] = field(default_factory=list)


@dataclass
class ThemeGroup:
    label: str
    criteria: list[CriterionGroup] = field(default_factory=list)


@dataclass
class PlanTable:
    rounds: list[UpdateRound]
    themes: list[ThemeGroup]
    theme_choices: list[str]
    action_count: int


def _filtered_actions(filters: PlanFilters, today: datetime.date) -> QuerySet[Action]:
    actions = Action.objects.select_related("officer_user")
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.rag:
        actions = actions.filter(rag=filters.rag)
    if filters.overdue:
        actions = actions.filter(overdue_filter(today))
    if filters.officer:
        actions = actions.filter(
            Q(officer__icontains=filters.officer) | Q(officer_user__email__iexact=filters.officer)
        )
    current = ActionUpdate.objects.filter(is_current=True).only(
        "pk", "action_id", "round_id", "text", "status", "rag"
    )
    return actions.prefetch_related(Prefetch("updates", queryset=current, to_attr="current"))


def plan_table(plan: Plan, filters: PlanFilters, today: datetime.date) -> PlanTable:
    """The plan as seed 002 lays it out, in four queries whatever its size: rounds, items (with
    criterion and theme), actions (with linked officer), current updates."""
    rounds = list(plan.rounds.all())
    items = list(
        plan.items.select_related("criterion__theme").prefetch_related(
            Prefetch("actions", queryset=_filtered_actions(filters, today), to_attr="shown")
        )
    )
    theme_choices = list(dict.fromkeys(theme_label(item) for item in items))
    themes: dict[str, dict[str, CriterionGroup]] = {}
    count = 0
    for item in items:
        if filters.theme and theme_label(item) != filters.theme:
            continue
        if filters.on_actions and not item.shown:  # type: ignore[attr-defined]
            continue
        for action in item.shown:  # type: ignore[attr-defined]
            by_round = {u.round_id: u for u in action.current}  # type: ignore[attr-defined]
            action.round_cells = [by_round.get(r.pk) for r in rounds]  # type: ignore[attr-defined]
            action.is_overdue = is_overdue(action, today)  # type: ignore[attr-defined]
            count += 1
        groups = themes.setdefault(theme_label(item), {})
        label = criterion_label(item)
        groups.setdefault(label, CriterionGroup(label)).items.append(item)
    return PlanTable(
        rounds=rounds,
        themes=[ThemeGroup(t, list(c.values())) for t, c in themes.items()],
        theme_choices=theme_choices,
        action_count=count,
    )


@dataclass
class ThemeProgress:
    label: str
    by_status: dict[str, int]
    by_rag: dict[str, int]
    total: int


def plan_progress(plan: Plan) -> list[ThemeProgress]:
    """Counts of actions by status and by RAG per theme (two queries)."""
    items = plan.items.select_related("criterion__theme").prefetch_related(
        Prefetch("actions", queryset=Action.objects.only("pk", "item_id", "status", "rag"))
    )
    statuses: dict[str, Counter] = {}
    rags: dict[str, Counter] = {}
    for item in items:
        label = theme_label(item)
        statuses.setdefault(label, Counter())
        rags.setdefault(label, Counter())
        for action in item.actions.all():
            statuses[label][action.status] += 1
            rags[label][action.rag or ""] += 1
    return [
        ThemeProgress(
            label=label,
            by_status={s: statuses[label][s] for s in ActionStatus.values},
            by_rag={r: rags[label][r] for r in [*Rag.values, ""]},
            total=sum(statuses[label].values()),
        )
        for label in statuses
    ]


def _actions_with_plan() -> QuerySet[Action]:
    return Action.objects.select_related("item__plan__organisation", "officer_user")


def my_actions(user) -> QuerySet[Action]:
    """The actions linked to `user` as officer, at bodies where they still hold a role."""
    member = OrganisationMembership.objects.filter(
        organisation=OuterRef("item__plan__organisation"), user=user
    )
    return (
        _actions_with_plan()
        .filter(Exists(member), officer_user=user)
        .order_by("target_date", "item__plan__organisation__name", "pk")
    )


def overdue_actions(plan_or_user, today: datetime.date) -> QuerySet[Action]:
    """A plan's overdue actions, or a user's (as for `my_actions`)."""
    if isinstance(plan_or_user, Plan):
        actions = _actions_with_plan().filter(item__plan=plan_or_user)
    else:
        actions = my_actions(plan_or_user)
    return actions.filter(overdue_filter(today)).order_by("target_date", "pk")


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


def round_entry_actions(
    update_round: UpdateRound, *, officer_user=None, officer_text: str = ""
) -> list[Action]:
    """The actions an officer fills in for a round, with any current update already given."""
    actions = Action.objects.filter(item__plan_id=update_round.plan_id).select_related("item")
    if officer_user is not None:
        actions = actions.filter(officer_user=officer_user)
    if officer_text:
        actions = actions.filter(officer__icontains=officer_text)
    current = ActionUpdate.objects.filter(round=update_round, is_current=True)
    return list(actions.prefetch_related(Prefetch("updates", queryset=current, to_attr="given")))


def rating_scale(partnership: Partnership | None) -> QuerySet[ReviewRating]:
    """The partnership's own rating scale, or the default one if it has none."""
    own = ReviewRating.objects.filter(partnership=partnership)
    if partnership is not None and own.exists():
        return own.order_by("value")
    return ReviewRating.objects.filter(partnership=None).order_by("value")


def plans_shared_for_review(partnership: Partnership) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(shared_with=partnership)
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )


def plan_reviews(plan: Plan, user) -> QuerySet[PeerReview]:
    """Submitted reviews of the plan, and the user's own drafts."""
    return (
        plan.reviews.filter(Q(status=ReviewStatus.SUBMITTED) | Q(reviewer=user))
        .select_related("partnership", "reviewer", "rating", "response_by")
        .order_by("-created_at")
    )


def is_reviewer_of(user, partnership: Partnership) -> bool:
    return PartnershipRole.objects.filter(
        user=user, partnership=partnership, role="peer_reviewer"
    ).exists()
