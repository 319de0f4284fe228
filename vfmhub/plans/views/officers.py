"""The officer titles a body uses in its plans (managers keep the list)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import form_page
from vfmhub.organisations.access import NOT_FOUND, Need, organisation_for_user
from vfmhub.plans import forms, services
from vfmhub.plans.views.common import members_of


def _list_url(pk: int) -> str:
    return reverse("plans:officer_titles", args=[pk])


def officer_titles(request, pk: int):
    access = organisation_for_user(request.user, pk)
    titles = access.organisation.officer_titles.select_related("user")
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{access.organisation.display_name}-officer-titles",
            headers=["Abbreviation", "Title", "Linked user"],
            rows=([t.abbreviation, t.title, t.user.email if t.user else ""] for t in titles),
        )
    context = {"access": access, "organisation": access.organisation, "titles": titles}
    return render(request, "plans/officer_titles.html", context)


def _save(request, access, form):
    data = form.cleaned_data
    services.officer_title_save(
        acting_user=request.user,
        organisation=access.organisation,
        abbreviation=data["abbreviation"],
        title=data["title"],
        user=data["user"],
    )


def officer_title_add(request, pk: int):
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    form = forms.OfficerTitleForm(request.POST or None, members=members_of(access.organisation))
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, access, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The officer title has been saved.")
            return redirect(_list_url(pk))
    return form_page(
        request,
        form,
        title="Add an officer title",
        caption=access.organisation.name,
        back_url=_list_url(pk),
        submit_label="Add",
    )


def officer_title_edit(request, pk: int, title_pk: int):
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    officer = access.organisation.officer_titles.filter(pk=title_pk).first()
    if officer is None:
        raise Http404(NOT_FOUND)
    form = forms.OfficerTitleForm(
        request.POST or None, members=members_of(access.organisation), officer=officer
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, access, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The officer title has been saved.")
            return redirect(_list_url(pk))
    return form_page(
        request,
        form,
        title=f"Change {officer.abbreviation}",
        caption=access.organisation.name,
        back_url=_list_url(pk),
    )
