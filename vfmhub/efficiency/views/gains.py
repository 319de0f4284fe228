"""The gains register of a body: a filtered list, and adding, editing, removing and confirming
gains. The register is the body's own: the partnership side gets 404 here."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from vfmhub.core.form_pages import save_form_page
from vfmhub.core.list_pages import filters_query
from vfmhub.efficiency import forms, services
from vfmhub.efficiency.access import (
    BodyNeed,
    gain_for_body,
    register_for_user,
)
from vfmhub.efficiency.exporting.lists import gains_export
from vfmhub.efficiency.models import Gain
from vfmhub.efficiency.selectors.gains import IN_REGISTER, gains_filtered, with_persistence
from vfmhub.efficiency.selectors.programmes import programme_categories
from vfmhub.efficiency.views.common import body_url
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label, year_or_none

GAIN_ADDED = "The gain has been added to the register."
GAIN_SAVED = "The gain has been saved."
GAIN_REMOVED = "The gain has been removed from {year}. Earlier years still count it."
GAIN_CONFIRMED = "The gain has been confirmed as sustained."
# The page's status filter: "live" is every gain still in the register.
STATUS_FILTERS = {"live": IN_REGISTER, "removed": "removed", "due": "due"}
CASH_FILTERS = {"yes": True, "no": False}


def _filters(params: QueryDict) -> dict[str, Any]:
    """The register's filters from the page's query: year counted in, category, cash or not,
    and status (live, removed, check due). A year that is not one (`?year=71853`) filters
    nothing, as a missing one does."""
    category = params.get("category", "")
    return {
        "year": year_or_none(params.get("year")),
        "category_id": int(category) if category.isdigit() else None,
        "cash": CASH_FILTERS.get(params.get("cash", "")),
        "status": STATUS_FILTERS.get(params.get("status", "")),
    }


def gain_list(request, pk: int, org_pk: int) -> HttpResponse:
    access = register_for_user(request.user, pk, org_pk)
    programme = access.programme
    today = clock.today()
    found = gains_filtered(programme, access.organisation, today=today, **_filters(request.GET))
    gains = with_persistence(found, today)
    if request.GET.get("export"):
        filename = f"{access.organisation.display_name}-efficiency-gains"
        return gains_export(request.GET["export"], filename, gains)
    context = {
        "access": access,
        "programme": programme,
        "organisation": access.organisation,
        "gains": gains,
        "categories": programme_categories(programme),
        "years": programme.years,
        "filters": request.GET,
        "query": filters_query(request),
    }
    return render(request, "efficiency/gains.html", context)


def gain_add(request, pk: int, org_pk: int) -> HttpResponse:
    access = register_for_user(request.user, pk, org_pk, need=BodyNeed.EDIT)
    form = forms.GainForm(request.POST or None, programme=access.programme)

    def save(data: dict[str, Any]) -> Gain:
        values, _ = forms.versioned(data)
        return services.gain_add(
            acting_user=request.user,
            programme=access.programme,
            organisation=access.organisation,
            **values,
        )

    return save_form_page(
        request,
        form,
        save,
        done=GAIN_ADDED,
        back_url=body_url(access, "efficiency:gains"),
        title="Add a gain",
        caption=f"{access.organisation.name}: {access.programme.name}",
        submit_label="Add gain",
    )


def _described(gain: Gain) -> str:
    return gain.description[:80]


def _removed_message(form: forms.GainRemoveForm) -> str:
    """What the register says once the gain is removed: from which year."""
    if not form.is_valid():
        return ""
    return GAIN_REMOVED.format(year=financial_year_label(form.cleaned_data["removed_from_year"]))


@dataclass(frozen=True)
class GainChange:
    """One way to change a gain: its form (`form_class(data, gain=...)`), its service, and its
    page's wording (`done` may be worked out from the valid form)."""

    form_class: Callable[..., forms.VersionedForm]
    change: Callable[..., Gain]
    done: str | Callable[[Any], str]
    title: str
    submit_label: str = "Save"
    intro: str = ""
    caption: Callable[[Gain], str] = _described


def _edit_form(data: Any, *, gain: Gain) -> forms.GainForm:
    return forms.GainForm(data, programme=gain.programme, gain=gain)


EDIT = GainChange(
    _edit_form,
    services.gain_update,
    GAIN_SAVED,
    "Change a gain",
    caption=lambda gain: gain.organisation.name,
)
REMOVE = GainChange(
    forms.GainRemoveForm,
    services.gain_remove,
    _removed_message,
    "Remove a gain that no longer persists",
    "Remove gain",
    "The gain stays in the register and still counts in the years before the one you choose.",
)
CONFIRM = GainChange(
    forms.GainConfirmForm,
    services.gain_confirm_persistence,
    GAIN_CONFIRMED,
    "Confirm the gain has been sustained for two full years",
    "Confirm",
)


def gain_change(request, pk: int, org_pk: int, gain_pk: int, change: GainChange) -> HttpResponse:
    """A change to one gain by the body's editors, at the version its page was opened on."""
    access = register_for_user(request.user, pk, org_pk, need=BodyNeed.EDIT)
    gain = gain_for_body(access, gain_pk)
    form = change.form_class(request.POST or None, gain=gain)

    def save(data: dict[str, Any]) -> Gain:
        values, stamp = forms.versioned(data)
        return change.change(
            acting_user=request.user, gain=gain, expected_updated_at=stamp, **values
        )

    return save_form_page(
        request,
        form,
        save,
        done=change.done(form) if callable(change.done) else change.done,
        back_url=body_url(access, "efficiency:gains"),
        title=change.title,
        caption=change.caption(gain),
        submit_label=change.submit_label,
        intro=change.intro,
    )
