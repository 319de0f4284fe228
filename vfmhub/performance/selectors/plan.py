"""What the council plan pages and endpoints read: an organisation's plans, and one plan's tree
(priorities → deliverables → measures and actions) in a fixed number of queries."""

from django.db.models import Count, Prefetch, QuerySet

from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.models import (
    CouncilPlan,
    Deliverable,
    OutcomeMeasure,
    PlanAction,
    Priority,
)


def plans_for(access: PerformanceAccess) -> QuerySet[CouncilPlan]:
    """The organisation's council plans, newest first, each with `priority_count`."""
    return CouncilPlan.objects.filter(organisation=access.organisation).annotate(
        priority_count=Count("priorities")
    )


def plan_priorities(plan: CouncilPlan) -> QuerySet[Priority]:
    """The plan's priorities with their deliverables, each deliverable's measures (with the
    indicator linked) and actions (with the improvement-plan action or project linked): four
    queries whatever the plan's size."""
    actions = PlanAction.objects.select_related("improvement_action", "project")
    deliverables = Deliverable.objects.prefetch_related(
        Prefetch("measures", queryset=_measures()),
        Prefetch("actions", queryset=actions),
    )
    return plan.priorities.prefetch_related(Prefetch("deliverables", queryset=deliverables))


def _measures() -> QuerySet[OutcomeMeasure]:
    return OutcomeMeasure.objects.select_related("indicator")


def plan_actions(plan: CouncilPlan) -> QuerySet[PlanAction]:
    """Every action of the plan, in the plan's order, with its deliverable and priority."""
    return (
        PlanAction.objects.filter(deliverable__priority__plan=plan)
        .select_related("deliverable__priority", "improvement_action", "project")
        .order_by("deliverable__priority__position", "deliverable__position", "position", "pk")
    )
