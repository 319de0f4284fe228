"""The plan table as seed 002 lays it out, its filters (the page's and the API's action list are
the same selector), and the progress summary by theme."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet

from vfmhub.plans.models import Action, ActionStatus, ActionUpdate, Plan, PlanItem, Rag, UpdateRound

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

    def on(**lookups: Any) -> Q:
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
    """The plan table's filters on Action."""
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


def current_updates() -> Prefetch:
    """Each action's current updates as `current`, one per round at most, with their round, in
    round order (one query)."""
    current = ActionUpdate.objects.filter(is_current=True).select_related("round")
    return Prefetch(
        "updates", queryset=current.order_by("round__order", "round_id"), to_attr="current"
    )


def filtered_actions(filters: PlanFilters, today: datetime.date) -> QuerySet[Action]:
    """The actions that pass the plan table's filters, with their linked officer and current
    updates: the plan page groups them under its items, the API lists them."""
    actions = Action.objects.select_related("officer_user").filter(action_filter(filters, today))
    return actions.prefetch_related(current_updates())


def plan_actions(plan: Plan, filters: PlanFilters, today: datetime.date) -> QuerySet[Action]:
    """The plan's actions that pass the filters, in the plan table's order."""
    actions = filtered_actions(filters, today).filter(item__plan=plan)
    return actions.select_related("item__criterion__theme").order_by(
        "item__order", "item_id", "order", "pk"
    )


def _items(plan: Plan, filters: PlanFilters, today: datetime.date) -> list[PlanItem]:
    """Every item (the theme choices come from them all), flagged `in_theme` when it is in the
    chosen theme, with its actions that pass the filters as `shown`."""
    in_theme = theme_filter(filters.theme, prefix="") if filters.theme else Q(pk__isnull=False)
    return list(
        plan.items.select_related("criterion__theme")
        .annotate(in_theme=ExpressionWrapper(in_theme, output_field=BooleanField()))
        .prefetch_related(
            Prefetch("actions", queryset=filtered_actions(filters, today), to_attr="shown")
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
    criterion and theme), actions (with linked officer), current updates (with their round)."""
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
