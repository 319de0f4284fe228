"""Reaching a plan, and anything under it, for a user: 404 when they may not see it, 403 when they
lack the role. Pages and the API fetch every record named by an id through these functions.

Who reads a plan: the body's members, its appointed auditor, staff, and (once the body's manager
has shared the plan with a partnership, which counts as submitting it) that partnership's managers,
viewers and peer reviewers. Peer reviewers from another member body may review a shared plan.
Reviewers and partnership roles never see an unshared plan: it is 404 to them.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from vfmhub.accounts.access import is_site_staff
from vfmhub.accounts.models import User
from vfmhub.assessments.access import AssessmentAccess, assessment_for_user
from vfmhub.assessments.models import Finding
from vfmhub.organisations.access import NEEDS_ROLE, NOT_FOUND, OrganisationAccess, one_or_404
from vfmhub.organisations.access import organisation_access as _organisation_access
from vfmhub.organisations.models import (
    AuditorAssignment,
    OrganisationMembership,
    Partnership,
    PartnershipRole,
    PartnershipRoleKind,
)
from vfmhub.plans.models import (
    Action,
    ActionUpdate,
    OfficerTitle,
    PeerReview,
    Plan,
    PlanItem,
    ReviewRating,
    UpdateRound,
)
from vfmhub.plans.selectors.reviews import plan_reviews, rating_scale


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


def _shared_roles(user: User, plan: Plan) -> frozenset[str]:
    if plan.shared_with_id is None:
        return frozenset()
    roles = PartnershipRole.objects.filter(partnership_id=plan.shared_with_id, user=user)
    return frozenset(roles.values_list("role", flat=True))


def plan_access(user: User, plan: Plan) -> PlanAccess:
    """What `user` may do with a plan already fetched (no 404 or 403 raised)."""
    return PlanAccess(
        plan=plan,
        organisation=_organisation_access(user, plan.organisation),
        shared_roles=_shared_roles(user, plan),
    )


def require(allowed: bool) -> None:
    """403 unless `allowed` (the user can see the record but lacks the role)."""
    if not allowed:
        raise PermissionDenied(NEEDS_ROLE)


def plan_for_user(
    user: User, pk: Any, *, need: PlanNeed = PlanNeed.READ
) -> tuple[Plan, PlanAccess]:
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
    require(access.allows(need))
    return plan, access


def readable_plans_filter(user: User) -> Q:
    """A filter on Plan for those `user` may read (see the module docstring)."""
    if is_site_staff(user):
        return Q()
    member = OrganisationMembership.objects.filter(organisation=OuterRef("organisation"), user=user)
    auditor = AuditorAssignment.objects.filter(organisation=OuterRef("organisation"), user=user)
    shared = PartnershipRole.objects.filter(partnership=OuterRef("shared_with"), user=user)
    return Q(Exists(member)) | Q(Exists(auditor)) | Q(Exists(shared))


def plans_for_organisation(
    access: OrganisationAccess, user: User | None = None, *, status: str | None = None
) -> QuerySet[Plan]:
    """The organisation's plans that the user behind `access` may read (those in `status`, if
    given).

    The body, its auditor and staff see every plan; anyone else (a partnership role, passed as
    `user`) only the plans shared with a partnership they hold a role in.
    """
    plans = Plan.objects.filter(organisation=access.organisation).select_related(
        "owner", "shared_with", "version"
    )
    if status:
        plans = plans.filter(status=status)
    if access.role or access.auditor_years or access.is_staff:
        return plans
    if user is None:
        return plans.none()
    return plans.filter(
        Exists(PartnershipRole.objects.filter(partnership=OuterRef("shared_with"), user=user))
    )


# Records under a plan the user already reached ----------------------------------------------


def item_in_plan(plan: Plan, pk: int) -> PlanItem:
    """One of the plan's items; 404 when it is not one of them."""
    item = one_or_404(plan.items.select_related("criterion__theme").filter(pk=pk))
    item.plan = plan
    return item


def action_in_plan(plan: Plan, pk: int) -> Action:
    """One of the plan's actions, with its item; 404 when it is not one of them."""
    actions = Action.objects.select_related(
        "item__criterion__theme", "officer_user", "added_in_round"
    )
    action = one_or_404(actions.filter(item__plan=plan, pk=pk))
    action.item.plan = plan
    return action


def actions_in_plan(plan: Plan, pks: set[int]) -> dict[int, Action]:
    """The plan's actions with these ids, by id; 404 when any is not one of them."""
    found = {a.pk: a for a in Action.objects.filter(item__plan=plan, pk__in=pks)}
    if pks - set(found):
        raise Http404(NOT_FOUND)
    return found


def round_in_plan(plan: Plan, pk: int) -> UpdateRound:
    """One of the plan's update rounds; 404 when it is not one of them."""
    return one_or_404(plan.rounds.filter(pk=pk))


def update_in_plan(plan: Plan, pk: int) -> ActionUpdate:
    """An update given on one of the plan's actions; 404 when it is not one of them."""
    updates = ActionUpdate.objects.select_related("action__item", "round")
    return one_or_404(updates.filter(pk=pk, action__item__plan=plan))


def member_of_body(organisation_id: int, pk: int) -> User:
    """Someone holding a role at the body (who may own a plan or an action); 404 for anyone
    else, so nobody learns whether a user exists."""
    users = User.objects.filter(organisation_memberships__organisation=organisation_id)
    return one_or_404(users.filter(pk=pk))


def officer_title_of(access: OrganisationAccess, pk: int) -> OfficerTitle:
    """One of the body's officer titles; 404 when it is not one of them."""
    return one_or_404(access.organisation.officer_titles.filter(pk=pk))


# Peer reviews -----------------------------------------------------------------------------


def review_for_user(
    user: User, plan_pk: Any, pk: int, *, need: PlanNeed = PlanNeed.READ
) -> tuple[Plan, PlanAccess, PeerReview]:
    """A review of a plan the user reaches with `need`: a submitted one, or their own draft."""
    plan, access = plan_for_user(user, plan_pk, need=need)
    review = one_or_404(plan_reviews(plan, user).filter(pk=pk))
    return plan, access, review


def own_review_for_user(user: User, plan_pk: Any, pk: int) -> tuple[Plan, PeerReview]:
    """A review the peer reviewer wrote themself; 403 for another reviewer's."""
    plan, _, review = review_for_user(user, plan_pk, pk, need=PlanNeed.REVIEW)
    require(review.reviewer_id == user.pk)
    return plan, review


def rating_on_scale(partnership: Partnership | None, pk: int) -> ReviewRating:
    """A rating of the partnership's scale; 404 for any other."""
    return one_or_404(rating_scale(partnership).filter(pk=pk))


# Records of other apps that a plan is made from ---------------------------------------------


def finding_for_user(
    user: User, pk: int, *, organisation_id: int | None = None
) -> tuple[Finding, AssessmentAccess]:
    """An assessment's finding the user can see (of `organisation_id`'s assessments, if given)."""
    findings = Finding.objects.select_related("assessment")
    if organisation_id is not None:
        findings = findings.filter(assessment__organisation=organisation_id)
    finding = one_or_404(findings.filter(pk=pk))
    _, access = assessment_for_user(user, finding.assessment_id)
    return finding, access
