"""A body's returns: the list with every version, one return, the return form and submitting.

The partnership side sees submitted versions only; drafts and the form are 404 to it.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from vfmhub.core.form_pages import add_service_errors
from vfmhub.core.post_outcomes import report_outcome
from vfmhub.efficiency import forms, services
from vfmhub.efficiency.access import (
    BodyAccess,
    BodyNeed,
    body_efficiency_for_user,
    register_for_user,
    return_for_body,
)
from vfmhub.efficiency.exporting.lists import returns_export
from vfmhub.efficiency.models import EfficiencyReturn, ReturnKind, ReturnStatus
from vfmhub.efficiency.selectors.gains import register_values
from vfmhub.efficiency.selectors.returns import latest_return, returns_visible
from vfmhub.efficiency.views.common import body_url

RETURN_SAVED = "The return has been saved as a draft. A manager can now submit it."
RETURN_SUBMITTED = "The return has been submitted (version {version})."


def _page(access: BodyAccess, **context: Any) -> dict[str, Any]:
    return {
        "access": access,
        "programme": access.programme,
        "organisation": access.organisation,
        **context,
    }


def return_list(request, pk: int, org_pk: int) -> HttpResponse:
    access = body_efficiency_for_user(request.user, pk, org_pk)
    returns = returns_visible(access.programme, access.organisation, sees_drafts=access.sees_drafts)
    if request.GET.get("export"):
        filename = f"{access.organisation.display_name}-efficiency-returns"
        return returns_export(request.GET["export"], filename, returns)
    return render(request, "efficiency/returns.html", _page(access, returns=returns))


def return_detail(request, pk: int, org_pk: int, return_pk: int) -> HttpResponse:
    access = body_efficiency_for_user(request.user, pk, org_pk)
    shown = return_for_body(access, return_pk)
    history = returns_visible(
        access.programme,
        access.organisation,
        sees_drafts=access.sees_drafts,
        year=shown.year,
        kind=shown.kind,
    )
    context = _page(
        access,
        history=history,
        can_submit=access.can_submit and shown.status == ReturnStatus.DRAFT,
    )
    return render(request, "efficiency/return_detail.html", {**context, "return": shown})


def _initial(request, access: BodyAccess) -> dict[str, Any]:
    """Start from the draft (or latest version) of the year and kind asked for."""
    programme = access.programme
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and int(asked) in programme.years else programme.first_year
    kind = request.GET.get("kind") if request.GET.get("kind") in ReturnKind.values else "forecast"
    initial: dict[str, Any] = {"year": year, "kind": kind}
    latest = latest_return(programme, access.organisation, year, str(kind))
    if latest is not None:
        initial["narrative"] = latest.narrative
        if latest.reported_value is not None:
            initial.update(value_source=forms.USE_TOTAL, reported_value=latest.reported_value)
        initial.update({f"rating_{r.year}": r.rating for r in latest.ratings.all()})
        if latest.status == ReturnStatus.DRAFT:
            initial["draft_of"] = forms.draft_key(year, str(kind))
            initial["version_stamp"] = latest.updated_at.isoformat()
    return initial


def return_edit(request, pk: int, org_pk: int) -> HttpResponse:
    access = register_for_user(request.user, pk, org_pk, need=BodyNeed.EDIT)
    programme = access.programme
    form = forms.ReturnForm(
        request.POST or None, programme=programme, initial=_initial(request, access)
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.return_save(
                acting_user=request.user,
                programme=programme,
                organisation=access.organisation,
                **form.service_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, RETURN_SAVED)
            return redirect(body_url(access, "efficiency:return_detail", saved.pk))
    register = register_values(access.participant, programme.years)
    context = _page(access, form=form, register=register)
    return render(request, "efficiency/return_form.html", context)


def _check_answers(
    request, access: BodyAccess, efficiency_return: EfficiencyReturn
) -> HttpResponse:
    """What submitting sends, what is missing and what follows, before the manager confirms."""
    rated = {r.year: r.get_rating_display() for r in efficiency_return.ratings.all()}
    rating_years = [y for y in access.programme.years if y >= efficiency_return.year]
    context = _page(
        access,
        ratings=[(year, rated.get(year)) for year in rating_years],
        unrated=[year for year in rating_years if year not in rated],
        is_draft=efficiency_return.status == ReturnStatus.DRAFT,
    )
    return render(
        request, "efficiency/return_submit.html", {**context, "return": efficiency_return}
    )


def return_submit(request, pk: int, org_pk: int, return_pk: int) -> HttpResponse:
    access = body_efficiency_for_user(request.user, pk, org_pk, need=BodyNeed.SUBMIT)
    efficiency_return = return_for_body(access, return_pk)
    if request.method != "POST":
        return _check_answers(request, access, efficiency_return)
    report_outcome(
        request,
        lambda: services.return_submit(
            acting_user=request.user,
            efficiency_return=efficiency_return,
            expected_updated_at=request.POST.get("version_stamp") or None,
        ),
        lambda submitted: RETURN_SUBMITTED.format(version=submitted.version),
    )
    return redirect(body_url(access, "efficiency:return_detail", return_pk))
