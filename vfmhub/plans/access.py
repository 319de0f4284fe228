"""Reaching a plan for a user: 404 when they may not see it, 403 when they lack the role.

Who reads a plan: the body's members, its appointed auditor, staff, and (once the body's manager
has shared the plan with a partnership, which counts as submitting it) that partnership's managers,
viewers and peer reviewers. Peer reviewers from another member body may review a shared plan.
Reviewers and partnership roles never see an unshared plan: it is 404 to them.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from vfmhub.organisations.access import NEEDS_ROLE, NOT_FOUND, OrganisationAccess
from vfmhub.organisations.access import organisation_access as _organisation_access
from vfmhub.organisations.models import (
    AuditorAssignment,
    OrganisationMembership,
    PartnershipRole,
    PartnershipRoleKind,
)
from vfmhub.plans.models import Plan


class PlanNeed(StrEnum):
    READ = "read"
    EDIT = "edit"  # the body's editors and managers: items, actions, rounds, updates
    MANAGE = "manage"  # the body's managers: settings, sharing, responding to reviews
    REVIEW = "review"  # a peer reviewer of the partnership the plan is shared with


@dataclass(frozen=True)
class PlanAccess:
    """What one user may do with one plan."""

    plan: Plan
    organisation: OrganisationAccess
    shared_roles: frozenset[str] = frozenset()  # the user's roles in the partnership shared with

    @property
    def is_body(self) -> bool:
        """A member of the body, its auditor, or staff: reads every plan of the body."""
        org = self.organisation
        return bool(org.role or org.auditor_years or org.is_staff)

    @property
    def can_read(self) -> bool:
        return self.is_body or bool(self.shared_roles)

    @property
    def can_edit(self) -> bool:
        return self.organisation.can_edit

    @property
    def can_manage(self) -> bool:
        return self.organisation.can_manage

    @property
    def can_review(self) -> bool:
        return PartnershipRoleKind.PEER_REVIEWER in self.shared_roles and not (
            self.organisation.role
        )

    def allows(self, need: PlanNeed) -> bool:
        return {
            PlanNeed.READ: self.can_read,
            PlanNeed.EDIT: self.can_edit,
            PlanNeed.MANAGE: self.can_manage,
            PlanNeed.REVIEW: self.can_review,
        }[need]


def _shared_roles(user, plan: Plan) -> frozenset[str]:
    if plan.shared_with_id is None:
        return frozenset()
    roles = PartnershipRole.objects.filter(partnership_id=plan.shared_with_id, user=user)
    return frozenset(roles.values_list("role", flat=True))


def plan_access(user, plan: Plan) -> PlanAccess:
    """What `user` may do with a plan already fetched (no 404 or 403 raised)."""
    return PlanAccess(
        plan=plan,
        organisation=_organisation_access(user, plan.organisation),
        shared_roles=_shared_roles(user, plan),
    )


def plan_for_user(user, pk, *, need: PlanNeed = PlanNeed.READ) -> tuple[Plan, PlanAccess]:
    """Fetch a plan for `user`: 404 if they may not see it, 403 if they lack `need`."""
    if not user.is_authenticated:
        raise Http404(NOT_FOUND)
    try:
        plan = Plan.objects.select_related("organisation", "version", "shared_with", "owner").get(
            pk=int(pk)
        )
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    access = plan_access(user, plan)
    if not access.can_read:
        raise Http404(NOT_FOUND)
    if not access.allows(need):
        raise PermissionDenied(NEEDS_ROLE)
    return plan, access


def readable_plans_filter(user) -> Q:
    """A filter on Plan for those `user` may read (see the module docstring)."""
    if user.is_authenticated and user.is_superuser:
        return Q()
    member = OrganisationMembership.objects.filter(organisation=OuterRef("organisation"), user=user)
    auditor = AuditorAssignment.objects.filter(organisation=OuterRef("organisation"), user=user)
    shared = PartnershipRole.objects.filter(partnership=OuterRef("shared_with"), user=user)
    return Q(Exists(member)) | Q(Exists(auditor)) | Q(Exists(shared))


def plans_for_organisation(access: OrganisationAccess, user=None) -> QuerySet[Plan]:
    """The organisation's plans that the user behind `access` may read.

    The body, its auditor and staff see every plan; anyone else (a partnership role, passed as
    `user`) only the plans shared with a partnership they hold a role in.
    """
    plans = Plan.objects.filter(organisation=access.organisation).select_related(
        "owner", "shared_with", "version"
    )
    if access.role or access.auditor_years or access.is_staff:
        return plans
    if user is None:
        return plans.none()
    return plans.filter(
        Exists(PartnershipRole.objects.filter(partnership=OuterRef("shared_with"), user=user))
    )
