"""Peer review reads: the reviews of a plan, the plans a reviewer has to review, the plans shared
with a partnership, and the rating scale reviews use."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from vfmhub.accounts.models import User
from vfmhub.organisations.access import PartnershipAccess
from vfmhub.organisations.models import (
    OrganisationMembership,
    Partnership,
    PartnershipRole,
    PartnershipRoleKind,
)
from vfmhub.plans.models import PeerReview, Plan, ReviewRating, ReviewStatus


def reviews_to_do(user: User) -> QuerySet[Plan]:
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


def rating_scale(partnership: Partnership | None) -> QuerySet[ReviewRating]:
    """The partnership's own rating scale, or the default one if it has none."""
    own = ReviewRating.objects.filter(partnership=partnership)
    if partnership is not None and own.exists():
        return own.order_by("value")
    return ReviewRating.objects.filter(partnership=None).order_by("value")


def plans_shared_for_review(access: PartnershipAccess) -> QuerySet[Plan]:
    """The plans shared with the partnership, for those holding a role in it (and staff): member
    bodies' own people read their plans from the body's pages."""
    if not access.roles and not access.is_staff:
        return Plan.objects.none()
    return (
        Plan.objects.filter(shared_with=access.partnership)
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )


def plan_reviews(plan: Plan, user: User, *, with_comments: bool = False) -> QuerySet[PeerReview]:
    """Submitted reviews of the plan, and the user's own drafts (with their comments on items,
    in one more query, when asked)."""
    reviews = (
        plan.reviews.filter(Q(status=ReviewStatus.SUBMITTED) | Q(reviewer=user))
        .select_related("partnership", "reviewer", "rating", "response_by")
        .order_by("-created_at")
    )
    return reviews.prefetch_related("comments") if with_comments else reviews
