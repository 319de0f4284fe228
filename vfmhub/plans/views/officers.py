"""The officer titles a body uses in its plans (managers keep the list)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.organisations.access import Need, OrganisationAccess, organisation_for_user
from vfmhub.plans import forms, services
from vfmhub.plans.access import officer_title_of
from vfmhub.plans.models import OfficerTitle
from vfmhub.plans.selectors.plans import body_members
from vfmhub.plans.selectors.plans import officer_titles as titles_of

TITLE_SAVED = "The officer title has been saved."


def officer_titles(request, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, pk)
    titles = titles_of(access.organisation)
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{access.organisation.display_name}-officer-titles",
            headers=["Abbreviation", "Title", "Linked user"],
            rows=([t.abbreviation, t.title, t.user.email if t.user else ""] for t in titles),
        )
    context = {"access": access, "organisation": access.organisation, "titles": titles}
    return render(request, "plans/officer_titles.html", context)


def _title_page(
    request, access: OrganisationAccess, officer: OfficerTitle | None = None
) -> HttpResponse:
    """Add an officer title (no `officer`), or change one: the same form and save either way."""
    organisation = access.organisation
    form = forms.OfficerTitleForm(
        request.POST or None, members=body_members(organisation), officer=officer
    )
    return save_form_page(
        request,
        form,
        lambda data: services.officer_title_save(
            acting_user=request.user,
            organisation=organisation,
            abbreviation=data["abbreviation"],
            title=data["title"],
            user=data["user"],
        ),
        done=TITLE_SAVED,
        title=f"Change {officer.abbreviation}" if officer else "Add an officer title",
        caption=organisation.name,
        back_url=reverse("plans:officer_titles", args=[organisation.pk]),
        submit_label="Save" if officer else "Add",
    )


def officer_title_add(request, pk: int) -> HttpResponse:
    return _title_page(request, organisation_for_user(request.user, pk, need=Need.MANAGE))


def officer_title_edit(request, pk: int, title_pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    return _title_page(request, access, officer_title_of(access, title_pk))
