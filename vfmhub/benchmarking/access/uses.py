"""Fetches by id for what a benchmark is used for: a body's target rules, its VFM reviews, and
the improvement plans and council-plan deliverables a review may open something in. Each is
limited to the organisation the user already reached (`benchmarking_for_user`): another body's
record is 404."""

from django.db.models import QuerySet

from vfmhub.benchmarking.models import BenchmarkTargetRule, VfmReview
from vfmhub.organisations.access import OrganisationAccess, one_or_404
from vfmhub.performance.models import Deliverable
from vfmhub.plans.models import Plan, PlanStatus


def target_rule_of(access: OrganisationAccess, pk: int) -> BenchmarkTargetRule:
    """One of the organisation's benchmark target rules; 404 when it is another body's."""
    return one_or_404(
        BenchmarkTargetRule.objects.select_related("target", "target__indicator").filter(
            organisation=access.organisation, pk=pk
        )
    )


def open_plans(access: OrganisationAccess) -> QuerySet[Plan]:
    """The organisation's improvement plans that are not closed: where a review's item may go."""
    return (
        Plan.objects.filter(organisation=access.organisation)
        .exclude(status=PlanStatus.CLOSED)
        .order_by("title", "pk")
    )


def body_deliverables(access: OrganisationAccess) -> QuerySet[Deliverable]:
    """The key deliverables of the organisation's council plans: where a review's action may go."""
    return (
        Deliverable.objects.filter(priority__plan__organisation=access.organisation)
        .select_related("priority", "priority__plan")
        .order_by("priority__plan__title", "priority__position", "position", "pk")
    )


def reviews_of(access: OrganisationAccess) -> QuerySet[VfmReview]:
    """The organisation's past VFM reviews, newest first, with what each opened."""
    return (
        VfmReview.objects.filter(organisation=access.organisation)
        .select_related(
            "created_by",
            "plan_item",
            "plan_item__plan",
            "plan_action",
            "plan_action__deliverable__priority__plan",
        )
        .order_by("-created_at", "-pk")
    )
