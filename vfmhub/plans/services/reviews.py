"""Peer review: a reviewer from another member body reviews a shared plan; the body responds."""

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_record_changed, save_created, snapshot
from vfmhub.core.concurrency import check_unchanged, lock_row
from vfmhub.lib import clock
from vfmhub.plans.models import (
    PeerReview,
    PeerReviewComment,
    Plan,
    ReviewRating,
    ReviewStatus,
)
from vfmhub.plans.selectors.reviews import rating_scale
from vfmhub.plans.services.common import Version

REVIEW_FIELDS = ["overall_comment", "rating", "status"]
PLAN_NOT_SHARED = "This plan is not shared for peer review."
REVIEW_SUBMITTED = "This review has been submitted, so it can no longer be changed."
REVIEW_NOT_SUBMITTED = "The body can respond once the review has been submitted."
RATING_NOT_ON_SCALE = "Choose a rating from the partnership's scale."
OVERALL_COMMENT_REQUIRED = "Enter an overall comment before submitting the review."
RATING_REQUIRED = "Choose a rating before submitting the review."
RESPONSE_REQUIRED = "Enter the body's response."
ITEM_OF_ANOTHER_PLAN = "Comments can only be left on this plan's items."


def _locked(review: PeerReview) -> PeerReview:
    return lock_row(PeerReview, review.pk, "plan")


@transaction.atomic
def review_start(*, acting_user: User | None, plan: Plan) -> PeerReview:
    """Start (or return the reviewer's existing draft of) a review of a shared plan."""
    plan = lock_row(Plan, plan.pk)
    if plan.shared_with_id is None:
        raise ValidationError(PLAN_NOT_SHARED)
    draft = plan.reviews.filter(
        reviewer=acting_user, partnership_id=plan.shared_with_id, status=ReviewStatus.DRAFT
    ).first()
    if draft is not None:
        return draft
    review = PeerReview(plan=plan, partnership_id=plan.shared_with_id, reviewer=acting_user)
    return save_created(
        review, acting_user=acting_user, action="peer_review.start", fields=REVIEW_FIELDS
    )


def _check_rating(review: PeerReview, rating: ReviewRating | None) -> None:
    if rating is not None and rating not in rating_scale(review.partnership):
        raise ValidationError({"rating": RATING_NOT_ON_SCALE})


def _save_comments(review: PeerReview, item_comments: dict[int, str]) -> dict[int, str]:
    item_ids = set(review.plan.items.values_list("pk", flat=True))
    if set(item_comments) - item_ids:
        raise ValidationError(ITEM_OF_ANOTHER_PLAN)
    existing = {c.item_id: c for c in review.comments.all()}
    for item_id, text in item_comments.items():
        text = (text or "").strip()
        comment = existing.get(item_id)
        if comment and not text:
            comment.delete()
        elif comment:
            comment.comment = text
            comment.save(update_fields=["comment"])
        elif text:
            PeerReviewComment.objects.create(review=review, item_id=item_id, comment=text)
    return {c.item_id: c.comment for c in review.comments.all()}


@transaction.atomic
def review_save(
    *,
    acting_user: User | None,
    review: PeerReview,
    overall_comment: str,
    rating: ReviewRating | None = None,
    item_comments: dict[int, str] | None = None,
    expected_updated_at: Version = None,
) -> PeerReview:
    review = _locked(review)
    check_unchanged(review, expected_updated_at)
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError(REVIEW_SUBMITTED)
    _check_rating(review, rating)
    before = {**snapshot(review, REVIEW_FIELDS), "comments": _comments(review)}
    review.overall_comment = overall_comment.strip()
    review.rating = rating
    comments = _save_comments(review, item_comments or {})
    review.full_clean()
    review.save()
    after = {**snapshot(review, REVIEW_FIELDS), "comments": comments}
    audit_record_changed(
        acting_user=acting_user, action="peer_review.save", obj=review, before=before, after=after
    )
    return review


def _comments(review: PeerReview) -> dict[int, str]:
    return {c.item_id: c.comment for c in review.comments.all()}


def review_missing(review: PeerReview) -> dict[str, str]:
    """What a draft still needs before it can be submitted, by field (empty when ready)."""
    errors = {}
    if not review.overall_comment.strip():
        errors["overall_comment"] = OVERALL_COMMENT_REQUIRED
    if review.rating_id is None:
        errors["rating"] = RATING_REQUIRED
    return errors


@transaction.atomic
def review_submit(*, acting_user: User | None, review: PeerReview) -> PeerReview:
    review = _locked(review)
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError(REVIEW_SUBMITTED)
    errors = review_missing(review)
    if errors:
        raise ValidationError(errors)
    before = snapshot(review, REVIEW_FIELDS)
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = clock.now()
    review.save()
    audit_record_changed(
        acting_user=acting_user, action="peer_review.submit", obj=review, before=before
    )
    return review


@transaction.atomic
def review_respond(
    *,
    acting_user: User | None,
    review: PeerReview,
    response: str,
    expected_updated_at: Version = None,
) -> PeerReview:
    """The body's response to a submitted review (replacing any earlier one, kept in history);
    refused if the review changed since `expected_updated_at` (when given)."""
    review = _locked(review)
    check_unchanged(review, expected_updated_at)
    if review.status != ReviewStatus.SUBMITTED:
        raise ValidationError(REVIEW_NOT_SUBMITTED)
    if not response.strip():
        raise ValidationError({"response": RESPONSE_REQUIRED})
    before = snapshot(review, ["response"])
    review.response = response.strip()
    review.response_by = acting(acting_user)
    review.response_at = clock.now()
    review.save()
    audit_record_changed(
        acting_user=acting_user, action="peer_review.respond", obj=review, before=before
    )
    return review
