"""VFM review starting points: the body's services of above average cost and below average
performance against a group, each openable as an improvement-plan item or a council-plan action
(EDIT), and the reviews already opened, linked to what they opened."""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from vfmhub.benchmarking.access import benchmarking_for_user
from vfmhub.benchmarking.access.uses import body_deliverables, open_plans, reviews_of
from vfmhub.benchmarking.forms.uses import ReviewActionForm, ReviewItemForm
from vfmhub.benchmarking.models import VfmReview
from vfmhub.benchmarking.selectors.benchmark import year_from
from vfmhub.benchmarking.selectors.groups import (
    DEFAULT_TOKEN,
    body_for,
    group_choices,
)
from vfmhub.benchmarking.selectors.reviews import (
    ReviewCandidate,
    review_candidate,
    review_candidates,
)
from vfmhub.benchmarking.services.reviews import vfm_review_open_action, vfm_review_open_item
from vfmhub.benchmarking.views.common import with_group
from vfmhub.core.form_pages import save_form_page
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import NOT_FOUND, Need, OrganisationAccess

PAST_REVIEWS_SHOWN = 50


def _list_url(org_pk: int) -> str:
    return reverse("benchmarking:reviews", args=[org_pk])


def open_query(candidate: ReviewCandidate) -> str:
    """The query string that opens a review of `candidate` (the pair, group and year)."""
    return urlencode(
        {
            "cost": candidate.cost.token,
            "performance": candidate.performance.token,
            "group": candidate.group.token,
            "year": str(candidate.year),
        }
    )


def reviews(request: Any, org_pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk)
    body = body_for(access.organisation)
    group_token = request.GET.get("group") or DEFAULT_TOKEN
    context: dict[str, Any] = {
        "organisation": access.organisation,
        "access": access,
        "body": body,
        "group_token": group_token,
        "past": list(reviews_of(access)[:PAST_REVIEWS_SHOWN]),
    }
    if body.code:
        found = review_candidates(
            request.user, body, group_token=group_token, year=year_from(request.GET.get("year"))
        )
        context |= {
            "found": found,
            "groups": with_group(group_choices(request.user, body), found.group),
            "year_options": [(y, financial_year_label(y)) for y in reversed(found.years)],
            "candidates": [(c, open_query(c)) for c in found.candidates],
        }
    return render(request, "benchmarking/reviews/list.html", context)


def _params(request: Any) -> dict[str, str]:
    data = request.POST if request.method == "POST" else request.GET
    return {name: str(data.get(name, ""))[:60] for name in ("cost", "performance", "group", "year")}


def _intro(request: Any, access: OrganisationAccess, params: dict[str, str]) -> str:
    """The finding in words, worked out from the data; 404 for a measure or group that names
    nothing the user may use."""
    year = year_from(params["year"]) if params["year"].isdigit() else None
    if not (params["cost"] and params["performance"] and year):
        raise Http404(NOT_FOUND)
    found = review_candidate(
        request.user,
        body_for(access.organisation),
        cost_token=params["cost"],
        performance_token=params["performance"],
        group_token=params["group"] or DEFAULT_TOKEN,
        year=year,
    )
    if found is None:
        return (
            "This service is not, or no longer, of above average cost and below average "
            "performance against the group in that year."
        )
    return f"{found.summary}. Group: {found.group.citation}."


def _initial(params: dict[str, str]) -> dict[str, str]:
    return {**params, "group": params["group"] or DEFAULT_TOKEN}


def _open_page(
    request: Any,
    access: OrganisationAccess,
    form: Any,
    intro: str,
    opener: Callable[..., VfmReview],
    field: str,
    **page: str,
) -> HttpResponse:
    """The page that opens a review with `opener`, into the `field` chosen on the form (the
    plan or the deliverable), for the finding the form carries."""

    def save(data: dict) -> VfmReview:
        return opener(
            acting_user=request.user,
            access=access,
            cost_token=data["cost"],
            performance_token=data["performance"],
            group_token=data["group"],
            year=data["year"],
            **{field: data[field]},
        )

    return save_form_page(
        request,
        form,
        save,
        back_url=_list_url(access.organisation.pk),
        caption=access.organisation.name,
        intro=intro,
        error_field=field,
        **page,
    )


def review_open_item(request: Any, org_pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk, need=Need.EDIT)
    params = _params(request)
    intro = _intro(request, access, params)
    form = ReviewItemForm(request.POST or None, initial=_initial(params), plans=open_plans(access))
    return _open_page(
        request,
        access,
        form,
        intro,
        vfm_review_open_item,
        "plan",
        done="Improvement-plan item opened for the VFM review.",
        title="Open an improvement-plan item",
        submit_label="Open the item",
    )


def review_open_action(request: Any, org_pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk, need=Need.EDIT)
    params = _params(request)
    intro = _intro(request, access, params)
    form = ReviewActionForm(
        request.POST or None, initial=_initial(params), deliverables=body_deliverables(access)
    )
    return _open_page(
        request,
        access,
        form,
        intro,
        vfm_review_open_action,
        "deliverable",
        done="Council-plan action opened for the VFM review.",
        title="Open a council-plan action",
        submit_label="Open the action",
    )
