"""Reads for plans: the plan table, progress, overdue and "my actions", reviews and ratings."""

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)

from vfmhub.organisations.models import (
    OrganisationMembership,
    Partnership,
    PartnershipRole,
    PartnershipRoleKind,
)
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


def theme_filter(theme: str, prefix: str = "item__") -> Q:
    """A theme as the plan table labels it ("1 Managing finances"), its code ("1"), an item's
    own theme heading, or "No theme". On actions by default; `prefix=""` on items."""

    def on(**lookups) -> Q:
        return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

    if theme == NO_THEME:
        return on(criterion__isnull=True, theme_heading="")
    found = on(criterion__isnull=True, theme_heading=theme) | on(criterion__theme__code=theme)
    code, _, title = theme.partition(" ")
    if title:
        found |= on(criterion__theme__code=code, criterion__theme__title=title)
    return found


def officer_filter(officer: str) -> Q:
    """The officer text contains it ("HoF" finds "HoF/IPM"), or it is the linked officer's email."""
    return Q(officer__icontains=officer) | Q(officer_user__email__iexact=officer)


def action_filter(filters: PlanFilters, today: datetime.date) -> Q:
    """The plan table's filters on Action: the page and the API's action list both use it."""
    found = Q()
    if filters.theme:
        found &= theme_filter(filters.theme)
    if filters.status:
        found &= Q(status=filters.status)
    if filters.rag:
        found &= Q(rag=filters.rag)
    if filters.overdue:
        found &= overdue_filter(today)
    if filters.officer:
        found &= officer_filter(filters.officer)
    return found


def _filtered_actions(filters: PlanFilters, today: datetime.date) -> QuerySet[Action]:
    actions = Action.objects.select_related("officer_user").filter(action_filter(filters, today))
    current = ActionUpdate.objects.filter(is_current=True).only(
        "pk", "action_id", "round_id", "text", "status", "rag"
    )
    return actions.prefetch_related(Prefetch("updates", queryset=current, to_attr="current"))


def _items(plan: Plan, filters: PlanFilters, today: datetime.date) -> list[PlanItem]:
    """Every item (the theme choices come from them all), flagged `in_theme` when it is in the
    chosen theme, with its actions that pass the filters as `shown`."""
    in_theme = theme_filter(filters.theme, prefix="") if filters.theme else Q(pk__isnull=False)
    return list(
        plan.items.select_related("criterion__theme")
        .annotate(in_theme=ExpressionWrapper(in_theme, output_field=BooleanField()))
        .prefetch_related(
            Prefetch("actions", queryset=_filtered_actions(filters, today), to_attr="shown")
        )
    )


def _place_updates(action: Action, rounds: list[UpdateRound]) -> None:
    """Every round's current update (`round_cells`, for the export); on screen the latest
    round's (`latest`) and the earlier rounds that have one (`earlier`, oldest first)."""
    by_round = {u.round_id: u for u in action.current}  # type: ignore[attr-defined]
    cells = [by_round.get(r.pk) for r in rounds]
    action.round_cells = cells  # type: ignore[attr-defined]
    action.latest = cells[-1] if cells else None  # type: ignore[attr-defined]
    action.earlier = [  # type: ignore[attr-defined]
        (r, cell) for r, cell in zip(rounds[:-1], cells[:-1], strict=True) if cell
    ]


def plan_table(plan: Plan, filters: PlanFilters, today: datetime.date) -> PlanTable:
    """The plan as seed 002 lays it out, in four queries whatever its size: rounds, items (with
    criterion and theme), actions (with linked officer), current updates."""
    rounds = list(plan.rounds.all())
    items = _items(plan, filters, today)
    theme_choices = list(dict.fromkeys(theme_label(item) for item in items))
    themes: dict[str, dict[str, CriterionGroup]] = {}
    count = 0
    for item in items:
        if not item.in_theme:  # type: ignore[attr-defined]
            continue
        if filters.on_actions and not item.shown:  # type: ignore[attr-defined]
            continue
        for action in item.shown:  # type: ignore[attr-defined]
            _place_updates(action, rounds)
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


def my_actions_listed(user, filters: MyActionFilters, today: datetime.date) -> QuerySet[Action]:
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


def my_action_plans(user) -> QuerySet[Plan]:
    """The plans the user has actions in (any status), for the page's plan filter."""
    mine = my_actions(user).values("item__plan_id")
    return (
        Plan.objects.filter(pk__in=mine)
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )


def my_due_counts(user, today: datetime.date) -> dict[str, int]:
    """How many of my actions are overdue and due this month (one query)."""
    return my_actions(user).aggregate(
        **{due.value: Count("pk", filter=due_filter(due, today)) for due in Due}
    )


def reviews_to_do(user) -> QuerySet[Plan]:
    """Plans shared with a partnership where `user` is a peer reviewer, of bodies they hold no
    role at, that they have not yet submitted a review of; `draft_id` is their draft's, if any."""
    reviewer = PartnershipRole.objects.filter(
        partnership=OuterRef("shared_with"), user=user, role=PartnershipRoleKind.PEER_REVIEWER
    )
    own_body = OrganisationMembership.objects.filter(
        organisation=OuterRef("organisation"), user=user
    )
    theirs = PeerReview.objects.filter(plan=OuterRef("pk"), reviewer=user)
    return (
        Plan.objects.filter(Exists(reviewer))
        .exclude(Exists(own_body))
        .exclude(Exists(theirs.filter(status=ReviewStatus.SUBMITTED)))
        .annotate(draft_id=Subquery(theirs.filter(status=ReviewStatus.DRAFT).values("pk")[:1]))
        .select_related("organisation", "shared_with")
        .order_by("shared_at", "pk")
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
