"""Peer review: sharing a plan with a partnership, reviewing it, and the body's response."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import form_page
from vfmhub.organisations.access import NOT_FOUND, partnership_for_user
from vfmhub.organisations.models import Partnership
from vfmhub.plans import forms, selectors, services
from vfmhub.plans.access import PlanNeed, plan_for_user
from vfmhub.plans.models import PeerReview, ReviewStatus
from vfmhub.plans.views.common import error_text, require


def _reviews_url(plan) -> str:
    return reverse("plans:reviews", args=[plan.pk])


def _review_url(review: PeerReview) -> str:
    return reverse("plans:review", args=[review.plan_id, review.pk])


def plan_share(request, pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.MANAGE)
    partnerships = Partnership.objects.filter(members__organisation=plan.organisation).distinct()
    form = forms.ShareForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_share(acting_user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The plan is shared for peer review.")
            return redirect(_reviews_url(plan))
    return form_page(
        request,
        form,
        title="Share the plan for peer review",
        caption=plan.title,
        back_url=_reviews_url(plan),
        submit_label="Share plan",
        intro="Sharing the plan submits it to the partnership: its peer reviewers, managers "
        "and viewers will be able to read the plan, and its peer reviewers to review it. "
        f"{plan.organisation.name}'s managers can stop sharing it at any time from the "
        "plan's Peer review page; reviews already submitted are kept.",
    )


@require_POST
def plan_unshare(request, pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.MANAGE)
    try:
        services.plan_unshare(acting_user=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "The plan is no longer shared.")
    return redirect(_reviews_url(plan))


def shared_for_review(request, pk: int):
    access = partnership_for_user(request.user, pk)
    plans = selectors.plans_shared_for_review(access.partnership)
    if not access.roles and not access.is_staff:
        plans = plans.none()  # member bodies' own staff read their plans from the body's pages
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


def plan_reviews(request, pk: int):
    plan, access = plan_for_user(request.user, pk)
    reviews = selectors.plan_reviews(plan, request.user)
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{plan.title}-reviews",
            headers=["Partnership", "Reviewer", "Status", "Rating", "Comment", "Response"],
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
def review_start(request, pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.REVIEW)
    review = services.review_start(acting_user=request.user, plan=plan)
    return redirect(reverse("plans:review_edit", args=[plan.pk, review.pk]))


def _review(request, pk: int, review_pk: int, need: PlanNeed = PlanNeed.READ):
    plan, access = plan_for_user(request.user, pk, need=need)
    review = selectors.plan_reviews(plan, request.user).filter(pk=review_pk).first()
    if review is None:
        raise Http404(NOT_FOUND)
    return plan, access, review


def review_detail(request, pk: int, review_pk: int):
    plan, access, review = _review(request, pk, review_pk)
    comments = {c.item_id: c.comment for c in review.comments.all()}
    items = [(item, comments.get(item.pk, "")) for item in plan.items.all()]
    context = {
        "plan": plan,
        "access": access,
        "review": review,
        "items": items,
        "is_author": review.reviewer_id == request.user.pk,
    }
    return render(request, "plans/review.html", context)


def review_edit(request, pk: int, review_pk: int):
    plan, _, review = _review(request, pk, review_pk, PlanNeed.REVIEW)
    require(review.reviewer_id == request.user.pk and review.status == ReviewStatus.DRAFT)
    comments = {c.item_id: c.comment for c in review.comments.all()}
    form = forms.ReviewForm(
        request.POST or None,
        ratings=selectors.rating_scale(review.partnership),
        items=list(plan.items.select_related("criterion")),
        comments=comments,
        initial={
            "overall_comment": review.overall_comment,
            "rating": review.rating_id,
            "version_stamp": review.updated_at.isoformat(),
        },
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
            form.add_error(None, exc)
        else:
            messages.success(request, "The review has been saved as a draft.")
            return redirect(_review_url(review))
    return render(request, "plans/review_form.html", {"plan": plan, "review": review, "form": form})


def review_submit(request, pk: int, review_pk: int):
    """GET: check your review (what is sent, what happens, who can undo it); POST: submit it."""
    plan, _, review = _review(request, pk, review_pk, PlanNeed.REVIEW)
    require(review.reviewer_id == request.user.pk)
    if review.status != ReviewStatus.DRAFT:
        return redirect(_review_url(review))
    if request.method == "POST":
        try:
            services.review_submit(acting_user=request.user, review=review)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "The review has been submitted to the body.")
        return redirect(_review_url(review))
    comments = {c.item_id: c.comment for c in review.comments.all()}
    context = {
        "plan": plan,
        "review": review,
        "commented": [
            (item, comments[item.pk]) for item in plan.items.all() if item.pk in comments
        ],
        "missing": list(services.review_missing(review).values()),
    }
    return render(request, "plans/review_submit.html", context)


def reviews_to_do(request):
    """The plans the signed-in peer reviewer may review and has not yet submitted a review of."""
    if not request.user.is_authenticated:
        raise Http404(NOT_FOUND)
    plans = selectors.reviews_to_do(request.user)
    return render(request, "plans/reviews_to_do.html", {"plans": plans})


def review_respond(request, pk: int, review_pk: int):
    plan, _, review = _review(request, pk, review_pk, PlanNeed.MANAGE)
    form = forms.ResponseForm(request.POST or None, initial={"response": review.response})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_respond(acting_user=request.user, review=review, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The response has been saved.")
            return redirect(_review_url(review))
    return form_page(
        request,
        form,
        title="Respond to the peer review",
        caption=plan.title,
        back_url=_review_url(review),
        submit_label="Save response",
        intro=review.overall_comment,
    )
