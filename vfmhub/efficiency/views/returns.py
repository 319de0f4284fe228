"""A body's returns: the list with every version, one return, the return form and submitting.

The partnership side sees submitted versions only; drafts and the form are 404 to it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import add_service_errors as add_errors
from vfmhub.efficiency import calculations, forms, selectors, services
from vfmhub.efficiency.access import BodyNeed, body_efficiency_for_user, require_body
from vfmhub.efficiency.models import ReturnKind, ReturnStatus
from vfmhub.efficiency.views.common import body_url, require
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import NOT_FOUND

RETURN_SAVED = "The return has been saved as a draft. A manager can now submit it."
RETURN_SUBMITTED = "The return has been submitted (version {version})."


def _export(fmt: str, filename: str, returns):
    return export_response(
        fmt,
        filename=filename,
        headers=[
            "Year",
            "Kind",
            "Version",
            "Status",
            "Current",
            "Reported value",
            "Register value",
            "Ratings",
            "Narrative",
            "Submitted at",
            "Submitted by",
        ],
        rows=(
            [
                financial_year_label(r.year),
                r.get_kind_display(),
                r.version,
                r.get_status_display(),
                "Yes" if r.is_current else "No",
                r.reported_value,
                r.register_value,
                "; ".join(f"{financial_year_label(x.year)}: {x.rating}" for x in r.ratings.all()),
                r.narrative,
                r.submitted_at.isoformat() if r.submitted_at else "",
                r.submitted_by.email if r.submitted_by else "",
            ]
            for r in returns
        ),
    )


def return_list(request, pk: int, org_pk: int):
    access = body_efficiency_for_user(request.user, pk, org_pk)
    returns = selectors.returns_visible(
        access.programme, access.organisation, sees_drafts=access.sees_drafts
    )
    if request.GET.get("export"):
        filename = f"{access.organisation.display_name}-efficiency-returns"
        return _export(request.GET["export"], filename, returns)
    context = {
        "access": access,
        "programme": access.programme,
        "organisation": access.organisation,
        "returns": returns,
    }
    return render(request, "efficiency/returns.html", context)


def return_detail(request, pk: int, org_pk: int, return_pk: int):
    access = body_efficiency_for_user(request.user, pk, org_pk)
    returns = selectors.returns_visible(
        access.programme, access.organisation, sees_drafts=access.sees_drafts
    )
    efficiency_return = returns.filter(pk=return_pk).first()
    if efficiency_return is None:
        raise Http404(NOT_FOUND)
    difference = None
    if (
        efficiency_return.reported_value is not None
        and efficiency_return.register_value is not None
    ):
        difference = efficiency_return.reported_value - efficiency_return.register_value
    history = returns.filter(year=efficiency_return.year, kind=efficiency_return.kind)
    context = {
        "access": access,
        "programme": access.programme,
        "organisation": access.organisation,
        "return": efficiency_return,
        "difference": difference,
        "history": history,
        "can_submit": access.can_submit and efficiency_return.status == ReturnStatus.DRAFT,
    }
    return render(request, "efficiency/return_detail.html", context)


def _initial(request, access) -> dict:
    """Start from the draft (or latest version) of the year and kind asked for."""
    programme = access.programme
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in programme.years else programme.first_year
    kind = request.GET.get("kind") if request.GET.get("kind") in ReturnKind.values else "forecast"
    initial = {"year": year, "kind": kind}
    latest = (
        selectors.returns_visible(programme, access.organisation, sees_drafts=True)
        .filter(year=year, kind=kind)
        .first()
    )
    if latest is not None:
        initial["narrative"] = latest.narrative
        if latest.reported_value is not None:
            initial.update(value_source=forms.USE_TOTAL, reported_value=latest.reported_value)
        initial.update({f"rating_{r.year}": r.rating for r in latest.ratings.all()})
        if latest.status == ReturnStatus.DRAFT:
            initial["draft_of"] = forms.draft_key(year, kind)
            initial["version_stamp"] = latest.updated_at.isoformat()
    return initial


def return_edit(request, pk: int, org_pk: int):
    access = body_efficiency_for_user(request.user, pk, org_pk)
    require_body(access)
    require(access.can_edit)
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
            add_errors(form, exc)
        else:
            messages.success(request, RETURN_SAVED)
            return redirect(body_url(access, "efficiency:return_detail", saved.pk))
    gains = list(selectors.body_gains(programme, access.organisation))
    carry_forward = access.participant.carry_forward
    register = [
        (year, calculations.cumulative_value(gains, year, carry_forward))
        for year in programme.years
    ]
    context = {
        "access": access,
        "programme": programme,
        "organisation": access.organisation,
        "form": form,
        "register": register,
    }
    return render(request, "efficiency/return_form.html", context)


def _check_answers(request, access, efficiency_return):
    """What submitting sends, what is missing and what follows, before the manager confirms."""
    programme = access.programme
    rated = {r.year: r.get_rating_display() for r in efficiency_return.ratings.all()}
    rating_years = [y for y in programme.years if y >= efficiency_return.year]
    context = {
        "access": access,
        "programme": programme,
        "organisation": access.organisation,
        "return": efficiency_return,
        "ratings": [(year, rated.get(year)) for year in rating_years],
        "unrated": [year for year in rating_years if year not in rated],
        "is_draft": efficiency_return.status == ReturnStatus.DRAFT,
    }
    return render(request, "efficiency/return_submit.html", context)


def return_submit(request, pk: int, org_pk: int, return_pk: int):
    access = body_efficiency_for_user(request.user, pk, org_pk, need=BodyNeed.SUBMIT)
    efficiency_return = (
        selectors.returns_visible(access.programme, access.organisation, sees_drafts=True)
        .filter(pk=return_pk)
        .first()
    )
    if efficiency_return is None:
        raise Http404(NOT_FOUND)
    if request.method != "POST":
        return _check_answers(request, access, efficiency_return)
    try:
        submitted = services.return_submit(
            acting_user=request.user,
            efficiency_return=efficiency_return,
            expected_updated_at=request.POST.get("version_stamp") or None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, RETURN_SUBMITTED.format(version=submitted.version))
    return redirect(body_url(access, "efficiency:return_detail", return_pk))
