"""The council plan and improvement-plan sections of a quarterly report's snapshot."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count

from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.models import CouncilPlan
from vfmhub.performance.reporting.figures import count, percent, pounds
from vfmhub.performance.selectors.plan import plan_priorities, plans_for
from vfmhub.plans.models import Action, ActionStatus
from vfmhub.plans.selectors.plans import open_plans
from vfmhub.plans.selectors.tables import overdue_filter


def council_plan_for(access: PerformanceAccess, year: int) -> CouncilPlan | None:
    """The organisation's council plan covering `year` (the latest-starting, if several)."""
    return (
        plans_for(access)
        .filter(first_year__lte=year, last_year__gte=year)
        .order_by("-first_year", "-pk")
        .first()
    )


def _action(action: Any) -> dict[str, Any]:
    if action.completion_text:
        due = action.completion_text
    elif action.completion_date:
        due = action.completion_date.strftime("%-d %B %Y")
    else:
        due = ""
    resource = action.resource
    if not resource and action.resource_amount is not None:
        resource = pounds(action.resource_amount, "whole")["text"]
    return {
        "title": action.title,
        "due": due,
        "resource": resource,
        "lead_officer": action.lead_officer,
        "lead_member": action.lead_member,
        "status": {"key": action.status, "name": action.get_status_display()},
    }


def plan_section(plan: CouncilPlan | None) -> dict[str, Any]:
    """The plan's priorities, their key deliverables, outcome measures and actions."""
    if plan is None:
        return {"title": None, "priorities": []}
    priorities = []
    for priority in plan_priorities(plan):
        deliverables = [
            {
                "title": deliverable.title,
                "measures": [
                    measure.text or str(measure.indicator or "")
                    for measure in deliverable.measures.all()
                ],
                "actions": [_action(action) for action in deliverable.actions.all()],
            }
            for deliverable in priority.deliverables.all()
        ]
        priorities.append({"title": priority.title, "deliverables": deliverables})
    return {"title": plan.title, "priorities": priorities}


def improvement_section(organisation_id: int, *, as_at: datetime.date) -> dict[str, Any]:
    """Each open improvement plan with its actions by status and those overdue at `as_at`."""
    plans = list(open_plans(organisation_id).order_by("title", "pk"))
    by_status: dict[int, dict[str, int]] = defaultdict(dict)
    overdue: dict[int, int] = defaultdict(int)
    rows = (
        Action.objects.filter(item__plan__in=[p.pk for p in plans])
        .values("item__plan_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        by_status[row["item__plan_id"]][row["status"]] = row["n"]
    late = Action.objects.filter(overdue_filter(as_at), item__plan__in=[p.pk for p in plans])
    for plan_id, n in (
        late.values_list("item__plan_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("item__plan_id", "n")
    ):
        overdue[plan_id] = n
    out = []
    for plan in plans:
        statuses = by_status[plan.pk]
        total = sum(statuses.values())
        done = statuses.get(ActionStatus.COMPLETED, 0)
        out.append(
            {
                "title": plan.title,
                "total": count(total),
                "statuses": [
                    {"key": key, "name": label, "count": count(statuses.get(key, 0))}
                    for key, label in ActionStatus.choices
                ],
                "completed_percent": percent(Decimal(done * 100) / total if total else None, 0),
                "overdue": count(overdue[plan.pk]),
            }
        )
    return {"as_at": as_at.strftime("%-d %B %Y"), "plans": out}
