"""Peer review: sharing a plan with a partnership, reviewing it, and the body's response."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import add_service_errors, save_form_page
from vfmhub.organisations.access import NOT_FOUND, partnership_for_user
from vfmhub.plans import forms, services
from vfmhub.plans.access import (
    PlanNeed,
    own_review_for_user,
    plan_for_user,
    require,
    review_for_user,
)
from vfmhub.plans.models import PeerReview, Plan, ReviewStatus
from vfmhub.plans.selectors import reviews as selectors
from vfmhub.plans.selectors.plans import body_partnerships, plan_items
from vfmhub.plans.views.common import button_done

SHARE_PLAN = {
    "title": "Share the plan for peer review",
    "done": "The plan is shared for peer review.",
    "submit_label": "Share plan",
}
PLAN_UNSHARED = "The plan is no longer shared."
REVIEW_SAVED = "The review has been saved as a draft."
REVIEW_SUBMITTED = "The review has been submitted to the body."
RESPOND = {
    "title": "Respond to the peer review",
    "done": "The response has been saved.",
    "submit_label": "Save response",
}
SHARE_INTRO = (
    "Sharing the plan submits it to the partnership: its peer reviewers, managers and viewers "
    "will be able to read the plan, and its peer reviewers to review it. {organisation}'s "
    "managers can stop sharing it at any time from the plan's Peer review page; reviews already "
    "submitted are kept."
)
REVIEW_HEADERS = ["Partnership", "Reviewer", "Status", "Rating", "Comment", "Response"]


def _reviews_url(plan: Plan) -> str:
    return reverse("plans:reviews", args=[plan.pk])


def _review_url(review: PeerReview) -> str:
    return reverse("plans:review", args=[review.plan_id, review.pk])


def _comments(review: PeerReview) -> dict[int, str]:
    return {c.item_id: c.comment for c in review.comments.all()}


def plan_share(request, pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.MANAGE)
    form = forms.ShareForm(request.POST or None, partnerships=body_partnerships(plan.organisation))
    return save_form_page(
        request,
        form,
        lambda data: services.plan_share(acting_user=request.user, plan=plan, **data),
        caption=plan.title,
        back_url=_reviews_url(plan),
        intro=SHARE_INTRO.format(organisation=plan.organisation.name),
        **SHARE_PLAN,
    )


@require_POST
def plan_unshare(request, pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.MANAGE)
    unshare = partial(services.plan_unshare, acting_user=request.user, plan=plan)
    return button_done(request, unshare, done=PLAN_UNSHARED, url=_reviews_url(plan))


def shared_for_review(request, pk: int) -> HttpResponse:
    access = partnership_for_user(request.user, pk)
    plans = selectors.plans_shared_for_review(access)
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{access.partnership.name}-plans-for-review",
            headers=["Organisation", "Plan", "Shared on"],
            rows=([p.organisation.name, p.title, p.shared_at] for p in plans),
        )
    return render(
        request,
        "plans/shared_for_review.html",
        {"partnership": access.partnership, "access": access, "plans": plans},
    )


def plan_reviews(request, pk: int) -> HttpResponse:
    plan, access = plan_for_user(request.user, pk)
    reviews = selectors.plan_reviews(plan, request.user)
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{plan.title}-reviews",
            headers=REVIEW_HEADERS,
            rows=(
                [
                    r.partnership.name,
                    r.reviewer.email if r.reviewer else "",
                    r.get_status_display(),
                    r.rating or "",
                    r.overall_comment,
                    r.response,
                ]
                for r in reviews
            ),
        )
    return render(
        request, "plans/reviews.html", {"plan": plan, "access": access, "reviews": reviews}
    )


@require_POST
def review_start(request, pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.REVIEW)
    review = services.review_start(acting_user=request.user, plan=plan)
    return redirect(reverse("plans:review_edit", args=[plan.pk, review.pk]))


def review_detail(request, pk: int, review_pk: int) -> HttpResponse:
    plan, access, review = review_for_user(request.user, pk, review_pk)
    comments = _comments(review)
    items = [(item, comments.get(item.pk, "")) for item in plan.items.all()]
    context = {
        "plan": plan,
        "access": access,
        "review": review,
        "items": items,
        "is_author": review.reviewer_id == request.user.pk,
    }
    return render(request, "plans/review.html", context)


def review_edit(request, pk: int, review_pk: int) -> HttpResponse:
    plan, review = own_review_for_user(request.user, pk, review_pk)
    require(review.status == ReviewStatus.DRAFT)
    form = forms.ReviewForm(
        request.POST or None,
        review=review,
        ratings=selectors.rating_scale(review.partnership),
        items=list(plan_items(plan)),
        comments=_comments(review),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save(
                acting_user=request.user,
                review=review,
                overall_comment=form.cleaned_data["overall_comment"],
                rating=form.cleaned_data["rating"],
                item_comments=form.item_comments(),
                expected_updated_at=form.cleaned_data["version_stamp"] or None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, REVIEW_SAVED)
            return redirect(_review_url(review))
    return render(request, "plans/review_form.html", {"plan": plan, "review": review, "form": form})


def review_submit(request, pk: int, review_pk: int) -> HttpResponse:
    """GET: check your review (what is sent, what happens, who can undo it); POST: submit it."""
    plan, review = own_review_for_user(request.user, pk, review_pk)
    if review.status != ReviewStatus.DRAFT:
        return redirect(_review_url(review))
    if request.method == "POST":
        submit = partial(services.review_submit, acting_user=request.user, review=review)
        return button_done(request, submit, done=REVIEW_SUBMITTED, url=_review_url(review))
    comments = _comments(review)
    context = {
        "plan": plan,
        "review": review,
        "commented": [
            (item, comments[item.pk]) for item in plan.items.all() if item.pk in comments
        ],
        "missing": list(services.review_missing(review).values()),
    }
    return render(request, "plans/review_submit.html", context)


def reviews_to_do(request) -> HttpResponse:
    """The plans the signed-in peer reviewer may review and has not yet submitted a review of."""
    if not request.user.is_authenticated:
        raise Http404(NOT_FOUND)
    plans = selectors.reviews_to_do(request.user)
    return render(request, "plans/reviews_to_do.html", {"plans": plans})


def review_respond(request, pk: int, review_pk: int) -> HttpResponse:
    plan, _, review = review_for_user(request.user, pk, review_pk, need=PlanNeed.MANAGE)
    form = forms.ResponseForm(request.POST or None, initial={"response": review.response})
    return save_form_page(
        request,
        form,
        lambda data: services.review_respond(acting_user=request.user, review=review, **data),
        caption=plan.title,
        back_url=_review_url(review),
        intro=review.overall_comment,
        **RESPOND,
    )
