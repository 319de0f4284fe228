"""The gains register of a body: a filtered list, and adding, editing, removing and confirming
gains. The register is the body's own: the partnership side gets 404 here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import add_service_errors as add_errors
from vfmhub.core.form_pages import form_page
from vfmhub.efficiency import calculations, forms, selectors, services
from vfmhub.efficiency.access import BodyAccess, body_efficiency_for_user, require_body
from vfmhub.efficiency.models import Gain
from vfmhub.efficiency.views.common import body_url, require
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label, financial_year_of, year_or_none
from vfmhub.organisations.access import NOT_FOUND

GAIN_ADDED = "The gain has been added to the register."
GAIN_SAVED = "The gain has been saved."
GAIN_REMOVED = "The gain has been removed from {year}. Earlier years still count it."
GAIN_CONFIRMED = "The gain has been confirmed as sustained."
STATUS_FILTERS = {"live", "removed", "due"}


def _body(request, pk, org_pk, *, edit: bool = False) -> BodyAccess:
    access = body_efficiency_for_user(request.user, pk, org_pk)
    require_body(access)
    if edit:
        require(access.can_edit)
    return access


def _gain_of(access: BodyAccess, gain_pk: int) -> Gain:
    gain = selectors.body_gains(access.programme, access.organisation).filter(pk=gain_pk).first()
    if gain is None:
        raise Http404(NOT_FOUND)
    gain.programme = access.programme
    return gain


def _filtered(gains, params, today):
    """Filter by year counted in, category, cash or not, and status (live, removed, check due)."""
    # A year that is not one (`?year=71853`) filters nothing, as a missing one does.
    year, category = year_or_none(params.get("year")), params.get("category", "")
    if year is not None:
        gains = gains.filter(first_year__lte=year).filter(
            Q(removed_from_year__isnull=True) | Q(removed_from_year__gt=year)
        )
    if category.isdigit():
        gains = gains.filter(category_id=int(category))
    if params.get("cash") in ("yes", "no"):
        gains = gains.filter(is_cash_releasing=params["cash"] == "yes")
    status = params.get("status")
    if status == "removed":
        gains = gains.filter(removed_from_year__isnull=False)
    elif status in ("live", "due"):
        gains = gains.filter(removed_from_year__isnull=True)
    if status == "due":
        # Due once 31 March of first_year + 3 has passed, i.e. from financial year first_year + 3.
        gains = gains.filter(
            persistence_confirmed_on__isnull=True, first_year__lte=financial_year_of(today) - 3
        )
    return gains


def _export(fmt: str, filename: str, gains):
    return export_response(
        fmt,
        filename=filename,
        headers=[
            "Description",
            "Category",
            "Project",
            "First year",
            "Gross annual value",
            "Investment cost",
            "Ongoing cost",
            "Net annual value",
            "Cash-releasing",
            "Status",
            "Removed from",
            "Removal reason",
        ],
        rows=(
            [
                g.description,
                g.category.name if g.category else "",
                g.project_label,
                financial_year_label(g.first_year),
                g.gross_annual_value,
                g.investment_cost,
                g.ongoing_cost,
                g.net_annual_value,
                "Yes" if g.is_cash_releasing else "No",
                g.status,
                financial_year_label(g.removed_from_year) if g.removed_from_year else "",
                g.removal_reason,
            ]
            for g in gains
        ),
    )


def gain_list(request, pk: int, org_pk: int):
    access = _body(request, pk, org_pk)
    programme = access.programme
    today = clock.today()
    gains = list(
        _filtered(selectors.body_gains(programme, access.organisation), request.GET, today)
    )
    for gain in gains:
        gain.status = calculations.persistence_status(gain, today)
        gain.check_date = calculations.persistence_check_date(gain)
    if request.GET.get("export"):
        filename = f"{access.organisation.display_name}-efficiency-gains"
        return _export(request.GET["export"], filename, gains)
    query = request.GET.copy()
    query.pop("export", None)
    context = {
        "access": access,
        "programme": programme,
        "organisation": access.organisation,
        "gains": gains,
        "categories": programme.categories.all(),
        "years": programme.years,
        "filters": request.GET,
        "query": query.urlencode(),
    }
    return render(request, "efficiency/gains.html", context)


def gain_add(request, pk: int, org_pk: int):
    access = _body(request, pk, org_pk, edit=True)
    form = forms.GainForm(request.POST or None, programme=access.programme)
    if request.method == "POST" and form.is_valid():
        data, _ = form.values()
        try:
            services.gain_add(
                acting_user=request.user,
                programme=access.programme,
                organisation=access.organisation,
                **data,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, GAIN_ADDED)
            return redirect(body_url(access, "efficiency:gains"))
    return form_page(
        request,
        form,
        title="Add a gain",
        caption=f"{access.organisation.name}: {access.programme.name}",
        back_url=body_url(access, "efficiency:gains"),
        submit_label="Add gain",
    )


def gain_edit(request, pk: int, org_pk: int, gain_pk: int):
    access = _body(request, pk, org_pk, edit=True)
    gain = _gain_of(access, gain_pk)
    form = forms.GainForm(request.POST or None, programme=access.programme, gain=gain)
    if request.method == "POST" and form.is_valid():
        data, stamp = form.values()
        try:
            services.gain_update(
                acting_user=request.user, gain=gain, expected_updated_at=stamp, **data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, GAIN_SAVED)
            return redirect(body_url(access, "efficiency:gains"))
    return form_page(
        request,
        form,
        title="Change a gain",
        caption=access.organisation.name,
        back_url=body_url(access, "efficiency:gains"),
    )


def gain_remove(request, pk: int, org_pk: int, gain_pk: int):
    access = _body(request, pk, org_pk, edit=True)
    gain = _gain_of(access, gain_pk)
    form = forms.GainRemoveForm(request.POST or None, gain=gain)
    if request.method == "POST" and form.is_valid():
        try:
            data, stamp = form.values()
            services.gain_remove(
                acting_user=request.user, gain=gain, expected_updated_at=stamp, **data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            year = financial_year_label(form.cleaned_data["removed_from_year"])
            messages.success(request, GAIN_REMOVED.format(year=year))
            return redirect(body_url(access, "efficiency:gains"))
    return form_page(
        request,
        form,
        title="Remove a gain that no longer persists",
        caption=gain.description[:80],
        back_url=body_url(access, "efficiency:gains"),
        submit_label="Remove gain",
        intro="The gain stays in the register and still counts in the years before the one "
        "you choose.",
    )


def gain_confirm(request, pk: int, org_pk: int, gain_pk: int):
    access = _body(request, pk, org_pk, edit=True)
    gain = _gain_of(access, gain_pk)
    form = forms.GainConfirmForm(
        request.POST or None,
        initial={
            "confirmed_on": clock.today(),
            "version_stamp": gain.updated_at.isoformat(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data, stamp = form.values()
        try:
            services.gain_confirm_persistence(
                acting_user=request.user,
                gain=gain,
                confirmed_on=data["confirmed_on"],
                expected_updated_at=stamp,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, GAIN_CONFIRMED)
            return redirect(body_url(access, "efficiency:gains"))
    return form_page(
        request,
        form,
        title="Confirm the gain has been sustained for two full years",
        caption=gain.description[:80],
        back_url=body_url(access, "efficiency:gains"),
        submit_label="Confirm",
    )
