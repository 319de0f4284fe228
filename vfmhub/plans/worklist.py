"""What the home page's "What is due" and the site search get from improvement plans.

Registered in `PlansConfig.ready()`. Each answers only with what the user may read: their own
actions (as on My actions), the plans they may review, and plans readable under `plans.access`.
"""

import datetime

from django.db.models import Q
from django.urls import reverse

from vfmhub.core.worklist import DueWork, SearchResult
from vfmhub.lib.years import financial_year_label
from vfmhub.plans.access import readable_plans_filter
from vfmhub.plans.models import Action, Plan
from vfmhub.plans.selectors import actions as selectors
from vfmhub.plans.selectors.reviews import reviews_to_do

GROUP = "Improvement plans"


def _counted(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def plans_due_work(user, today: datetime.date) -> list[DueWork]:
    """My actions overdue and due this month, and the peer reviews I have to do (two queries)."""
    if not user.is_authenticated:
        return []
    counts = selectors.my_due_counts(user, today)
    mine = reverse("plans:my_actions")
    overdue, month = counts[selectors.Due.OVERDUE], counts[selectors.Due.MONTH]
    reviews = reviews_to_do(user).count()
    return [
        DueWork(
            group=GROUP,
            label=_counted(overdue, "action overdue", "actions overdue"),
            count=overdue,
            url=f"{mine}?due={selectors.Due.OVERDUE}",
            urgent=True,
        ),
        DueWork(
            group=GROUP,
            label=_counted(month, "action due this month", "actions due this month"),
            count=month,
            url=f"{mine}?due={selectors.Due.MONTH}",
        ),
        DueWork(
            group=GROUP,
            label=_counted(reviews, "peer review to do", "peer reviews to do"),
            count=reviews,
            url=reverse("plans:reviews_to_do"),
        ),
    ]


def _readable_plans(user):
    return Plan.objects.filter(readable_plans_filter(user))


def _plan_context(plan: Plan) -> str:
    parts = [plan.organisation.name]
    if plan.year:
        parts.append(financial_year_label(plan.year))
    return " · ".join(parts)


def plans_matching(user, query: str, limit: int) -> list[SearchResult]:
    if not user.is_authenticated:
        return []
    found = (
        _readable_plans(user)
        .filter(title__icontains=query)
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")[:limit]
    )
    return [
        SearchResult(
            kind="Plan",
            title=plan.title,
            url=reverse("plans:detail", args=[plan.pk]),
            context=_plan_context(plan),
        )
        for plan in found
    ]


def actions_matching(user, query: str, limit: int) -> list[SearchResult]:
    """Actions whose text, or whose issue's text, contains the query."""
    if not user.is_authenticated:
        return []
    found = (
        Action.objects.filter(item__plan__in=_readable_plans(user))
        .filter(Q(description__icontains=query) | Q(item__text__icontains=query))
        .select_related("item__plan__organisation")
        .order_by("item__plan__organisation__name", "item__plan_id", "item__order", "order", "pk")[
            :limit
        ]
    )
    return [
        SearchResult(
            kind="Action",
            title=action.description[:160],
            url=reverse("plans:action", args=[action.item.plan_id, action.pk]),
            context=f"{action.item.plan.organisation.name} · {action.item.plan.title}",
        )
        for action in found
    ]
