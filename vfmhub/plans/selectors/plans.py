"""Plans, their items and counts, and the choices the plan forms offer (framework versions,
criteria, the body's people, partnerships, officer titles, open plans)."""

import datetime

from django.db.models import Count, QuerySet

from vfmhub.accounts.models import User
from vfmhub.frameworks.access import visible_versions_filter
from vfmhub.frameworks.models import Criterion, FrameworkVersion
from vfmhub.organisations.models import Organisation, Partnership
from vfmhub.plans.models import Action, OfficerTitle, Plan, PlanItem, PlanStatus
from vfmhub.plans.selectors.tables import overdue_filter


def plan_with_counts(plan: Plan, today: datetime.date) -> Plan:
    """The plan with its rounds (`rounds_out`) and the counts of its items, actions and overdue
    actions (`item_count`, `action_count`, `overdue_count`), as the API shows a plan."""
    plan.rounds_out = list(plan.rounds.all())  # type: ignore[attr-defined]
    counts = Action.objects.filter(item__plan=plan).aggregate(
        action_count=Count("pk"), overdue_count=Count("pk", filter=overdue_filter(today))
    )
    plan.item_count = plan.items.count()  # type: ignore[attr-defined]
    for name, value in counts.items():
        setattr(plan, name, value)
    return plan


def plan_items(plan: Plan) -> QuerySet[PlanItem]:
    """The plan's items in order, with their criterion and theme."""
    return plan.items.select_related("criterion__theme").order_by("order", "pk")


def open_plans(organisation_id: int) -> QuerySet[Plan]:
    """The body's plans that are not closed: where a finding may go."""
    return Plan.objects.filter(organisation_id=organisation_id).exclude(status=PlanStatus.CLOSED)


def framework_versions(user: User) -> QuerySet[FrameworkVersion]:
    """The framework versions a plan may follow: those the user can see."""
    versions = FrameworkVersion.objects.filter(visible_versions_filter(user))
    return versions.select_related("framework").order_by("framework__name", "first_year")


def plan_criteria(plan: Plan) -> QuerySet[Criterion]:
    """The plan's framework version's criteria, or (with no version) every version's."""
    criteria = Criterion.objects.select_related("theme", "version")
    if plan.version_id:
        criteria = criteria.filter(version_id=plan.version_id)
    return criteria.order_by("version__first_year", "theme__order", "order", "code")


def body_members(organisation: Organisation) -> QuerySet[User]:
    """People who hold a role at the body: who may own a plan or be linked to an action."""
    return User.objects.filter(organisation_memberships__organisation=organisation).order_by(
        "email"
    )


def body_partnerships(organisation: Organisation) -> QuerySet[Partnership]:
    """The partnerships the body is a member of: those its plans may be shared with."""
    return Partnership.objects.filter(members__organisation=organisation).distinct()


def officer_titles(organisation: Organisation) -> QuerySet[OfficerTitle]:
    return organisation.officer_titles.select_related("user")
