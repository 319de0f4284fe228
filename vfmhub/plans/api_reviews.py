"""Peer reviews of a shared plan over the API (mounted by `plans.api`), with the pages' rules:
the partnership's peer reviewers from another member body start and write reviews, everyone who
reads the plan sees the submitted ones (a reviewer also their own drafts), and the body's
managers respond."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Router, Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import sent_version, stale_as_conflict, updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.organisations.access import NEEDS_ROLE, NOT_FOUND
from vfmhub.plans import selectors, services
from vfmhub.plans.access import PlanNeed
from vfmhub.plans.api_common import plan_check, plan_of
from vfmhub.plans.api_schemas import RespondIn, ReviewOut, ReviewSaveIn
from vfmhub.plans.models import PeerReview, Plan, ReviewRating

router = Router(tags=["plans"])


def _owns_review(request, plan_id, review_id, **_):
    _own_review(request, plan_id, review_id)


RATING_NOT_ON_SCALE = "Choose a rating from the partnership's scale."


def _reviews(plan: Plan, user):
    return selectors.plan_reviews(plan, user).prefetch_related("comments")


def _review(request, plan_id: int, review_id: int, need: PlanNeed = PlanNeed.READ) -> PeerReview:
    plan, _ = plan_of(request, plan_id, need)
    review = _reviews(plan, request.user).filter(pk=review_id).first()
    if review is None:
        raise Http404(NOT_FOUND)
    return review


def _own_review(request, plan_id: int, review_id: int) -> PeerReview:
    review = _review(request, plan_id, review_id, PlanNeed.REVIEW)
    if review.reviewer_id != request.user.pk:
        raise PermissionDenied(NEEDS_ROLE)
    return review


@router.get(
    "/{int:plan_id}/reviews",
    response=list[ReviewOut],
    summary="A plan's submitted peer reviews (and your own drafts), newest first",
)
@paginate(Pagination)
def list_reviews(request, plan_id: int):
    plan, _ = plan_of(request, plan_id)
    return _reviews(plan, request.user)


@router.post(
    "/{int:plan_id}/reviews",
    response={201: ReviewOut},
    summary="Start a review of a shared plan (or get your draft back): peer reviewers",
)
@write_access(plan_check(PlanNeed.REVIEW))
def start_review(request, plan_id: int):
    plan, _ = plan_of(request, plan_id, PlanNeed.REVIEW)
    review = services.review_start(acting_user=request.user, plan=plan)
    return Status(201, _review(request, plan_id, review.pk))


@router.get("/{int:plan_id}/reviews/{int:review_id}", response=ReviewOut, summary="A review")
def get_review(request, plan_id: int, review_id: int):
    return _review(request, plan_id, review_id)


def _rating(review: PeerReview, rating_id: int | None) -> ReviewRating | None:
    if rating_id is None:
        return None
    rating = selectors.rating_scale(review.partnership).filter(pk=rating_id).first()
    if rating is None:
        raise ValidationError({"rating_id": RATING_NOT_ON_SCALE})
    return rating


@router.put(
    "/{int:plan_id}/reviews/{int:review_id}",
    response=ReviewOut,
    summary="Save your draft review: overall comment, rating, comments by item id (send the "
    "updated_at you read)",
)
@write_access(_owns_review)
@updates_record
def save_review(request, plan_id: int, review_id: int, payload: ReviewSaveIn):
    """`item_comments` maps item ids to comments; an empty comment removes that item's."""
    review = _own_review(request, plan_id, review_id)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        services.review_save(
            acting_user=request.user,
            review=review,
            overall_comment=payload.overall_comment,
            rating=_rating(review, payload.rating_id),
            item_comments=payload.item_comments,
            expected_updated_at=expected,
        )
    return _review(request, plan_id, review_id)


@router.post(
    "/{int:plan_id}/reviews/{int:review_id}/submit",
    response=ReviewOut,
    summary="Submit your review to the body (it then needs a comment and a rating)",
)
@write_access(_owns_review)
def submit_review(request, plan_id: int, review_id: int):
    review = _own_review(request, plan_id, review_id)
    services.review_submit(acting_user=request.user, review=review)
    return _review(request, plan_id, review_id)


@router.post(
    "/{int:plan_id}/reviews/{int:review_id}/respond",
    response=ReviewOut,
    summary="The body's response to a submitted review (its managers); send the review's "
    "updated_at you read",
)
@write_access(plan_check(PlanNeed.MANAGE))
@updates_record
def respond_to_review(request, plan_id: int, review_id: int, payload: RespondIn):
    review = _review(request, plan_id, review_id, PlanNeed.MANAGE)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        services.review_respond(
            acting_user=request.user,
            review=review,
            response=payload.response,
            expected_updated_at=expected,
        )
    return _review(request, plan_id, review_id)
