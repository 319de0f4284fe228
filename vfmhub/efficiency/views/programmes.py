"""Programme pages: lists for a partnership and a body, creating and setting up a programme
(targets, deadlines, participants, categories, each body's baselines and carry-forward)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import add_service_errors as add_errors
from vfmhub.core.form_pages import form_page
from vfmhub.efficiency import forms, selectors, services
from vfmhub.efficiency.access import ProgrammeNeed, programme_for_user
from vfmhub.efficiency.models import Participant
from vfmhub.efficiency.views.common import programme_url
from vfmhub.efficiency.views.setup import body_setup, programme_deadlines, programme_participants
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import Need, organisation_for_user, partnership_for_user

PROGRAMME_CREATED = "The programme has been created. Now set its targets and bodies."
PROGRAMME_SAVED = "The programme has been saved."
TARGETS_SAVED = "The yearly targets have been saved."
CATEGORY_ADDED = "The category has been added."

__all__ = ["body_setup", "programme_deadlines", "programme_participants"]


def _export(fmt: str, filename: str, programmes):
    return export_response(
        fmt,
        filename=filename,
        headers=["Name", "Indicator", "Baseline year", "First year", "Last year", "Method"],
        rows=(
            [
                p.name,
                p.indicator_code,
                financial_year_label(p.baseline_year),
                financial_year_label(p.first_year),
                financial_year_label(p.last_year),
                p.get_method_display(),
            ]
            for p in programmes
        ),
    )


def partnership_programmes(request, pk: int):
    access = partnership_for_user(request.user, pk)
    programmes = selectors.programmes_for_partnership(access.partnership)
    if request.GET.get("export"):
        filename = f"{access.partnership.name}-efficiency-programmes"
        return _export(request.GET["export"], filename, programmes)
    context = {
        "owner": access.partnership,
        "programmes": programmes,
        "can_create": access.can_manage,
        "create_url": reverse("efficiency:programme_create", args=[pk]),
    }
    return render(request, "efficiency/programme_list.html", context)


def organisation_programmes(request, pk: int):
    access = organisation_for_user(request.user, pk)
    programmes = selectors.programmes_for_organisation(access.organisation)
    if request.GET.get("export"):
        filename = f"{access.organisation.display_name}-efficiency-programmes"
        return _export(request.GET["export"], filename, programmes)
    context = {
        "owner": access.organisation,
        "organisation": access.organisation,
        "programmes": programmes,
        "can_create": access.can_manage,
        "create_url": reverse("efficiency:body_programme_create", args=[pk]),
    }
    return render(request, "efficiency/programme_list.html", context)


def _create(request, form, *, owner: dict, back_url: str, caption: str):
    if request.method == "POST" and form.is_valid():
        data, _ = form.values()
        try:
            programme = services.programme_create(acting_user=request.user, **owner, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, PROGRAMME_CREATED)
            return redirect(reverse("efficiency:programme_targets", args=[programme.pk]))
    return form_page(
        request,
        form,
        title="Create an efficiency programme",
        caption=caption,
        back_url=back_url,
        submit_label="Create programme",
    )


def programme_create(request, pk: int):
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    form = forms.ProgrammeForm(request.POST or None)
    back_url = reverse("efficiency:partnership_programmes", args=[pk])
    owner = {"partnership": access.partnership}
    return _create(request, form, owner=owner, back_url=back_url, caption=access.partnership.name)


def body_programme_create(request, pk: int):
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    form = forms.ProgrammeForm(request.POST or None)
    back_url = reverse("efficiency:organisation_programmes", args=[pk])
    owner = {"organisation": access.organisation}
    return _create(request, form, owner=owner, back_url=back_url, caption=access.organisation.name)


def programme_detail(request, pk: int):
    programme, access = programme_for_user(request.user, pk)
    targets = list(programme.year_targets.all())
    cumulative = selectors.cumulative_targets(programme, targets)
    participants = Participant.objects.filter(programme=programme).select_related("organisation")
    if not access.sees_every_body:
        participants = participants.filter(organisation_id__in=access.own_organisation_ids)
    context = {
        "programme": programme,
        "access": access,
        "targets": [(t, cumulative.get(t.year)) for t in targets],
        "deadlines": programme.deadlines.all(),
        "participants": participants,
        "categories": programme.categories.all(),
    }
    return render(request, "efficiency/programme_detail.html", context)


def programme_edit(request, pk: int):
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    form = forms.ProgrammeForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data, stamp = form.values()
        if not data["indicator_definition"]:
            data.pop("indicator_definition")
        try:
            services.programme_update(
                acting_user=request.user, programme=programme, expected_updated_at=stamp, **data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, PROGRAMME_SAVED)
            return redirect(programme_url(programme))
    return form_page(
        request,
        form,
        title="Change the programme",
        caption=programme.name,
        back_url=programme_url(programme),
    )


def programme_targets(request, pk: int):
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    form = forms.TargetsForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_set_targets(
                acting_user=request.user,
                programme=programme,
                percents=form.percents(),
                expected_updated_at=form.values()[1],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, TARGETS_SAVED)
            return redirect(programme_url(programme))
    return form_page(
        request,
        form,
        title="Yearly targets",
        caption=programme.name,
        back_url=programme_url(programme),
        intro=f"Each year's target as a percentage of baseline; they are "
        f"{programme.get_method_display().lower()} into cumulative targets.",
    )


def category_add(request, pk: int):
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    form = forms.CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_add(
                acting_user=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, CATEGORY_ADDED)
            return redirect(programme_url(programme))
    return form_page(
        request,
        form,
        title="Add a category or workstream",
        caption=programme.name,
        back_url=programme_url(programme),
        submit_label="Add category",
    )
