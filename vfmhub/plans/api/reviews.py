"""Peer reviews of a shared plan over the API (mounted by `plans.api`), with the pages' rules:
the partnership's peer reviewers from another member body start and write reviews, everyone who
reads the plan sees the submitted ones (a reviewer also their own drafts), and the body's
managers respond."""

from typing import Any

from ninja import Router, Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.plans import services
from vfmhub.plans.access import (
    PlanNeed,
    own_review_for_user,
    rating_on_scale,
    review_for_user,
)
from vfmhub.plans.api.common import in_body, plan_check, plan_of, update_sent
from vfmhub.plans.api.schemas import RespondIn, ReviewOut, ReviewSaveIn
from vfmhub.plans.models import PeerReview, ReviewRating
from vfmhub.plans.selectors.reviews import plan_reviews

router = Router(tags=["plans"])

RATING_NOT_ON_SCALE = "Choose a rating from the partnership's scale."


def _owns_review(request, plan_id: int, review_id: int, **_: Any) -> None:
    own_review_for_user(request.user, plan_id, review_id)


def _review(request, plan_id: int, review_id: int, need: PlanNeed = PlanNeed.READ) -> PeerReview:
    _, _, review = review_for_user(request.user, plan_id, review_id, need=need)
    return review


@router.get(
    "/{int:plan_id}/reviews",
    response=list[ReviewOut],
    summary="A plan's submitted peer reviews (and your own drafts), newest first",
)
@paginate(Pagination)
def list_reviews(request, plan_id: int):
    plan, _ = plan_of(request, plan_id)
    return plan_reviews(plan, request.user, with_comments=True)


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
    return in_body("rating_id", RATING_NOT_ON_SCALE, rating_on_scale, review.partnership, rating_id)


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
    _, review = own_review_for_user(request.user, plan_id, review_id)

    def fields(_: dict[str, Any]) -> dict[str, Any]:
        return {
            "overall_comment": payload.overall_comment,
            "rating": _rating(review, payload.rating_id),
            "item_comments": payload.item_comments,
        }

    update_sent(request, payload, services.review_save, fields, review=review)
    return _review(request, plan_id, review_id)


@router.post(
    "/{int:plan_id}/reviews/{int:review_id}/submit",
    response=ReviewOut,
    summary="Submit your review to the body (it then needs a comment and a rating)",
)
@write_access(_owns_review)
def submit_review(request, plan_id: int, review_id: int):
    _, review = own_review_for_user(request.user, plan_id, review_id)
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
    response = {"response": payload.response}
    update_sent(request, payload, services.review_respond, lambda _: response, review=review)
    return _review(request, plan_id, review_id)
