"""Programme pages: lists for a partnership and a body, creating a programme, its page, and its
set-up by its manager (the programme, yearly targets, deadlines, bodies taking part, categories;
each body's baselines are in `bodies.py`)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vfmhub.core.form_pages import save_form_page
from vfmhub.efficiency import forms, services
from vfmhub.efficiency.access import ProgrammeNeed, programme_for_user
from vfmhub.efficiency.exporting.lists import programmes_export
from vfmhub.efficiency.models import EfficiencyProgramme
from vfmhub.efficiency.selectors.programmes import (
    programme_page,
    programmes_for_organisation,
    programmes_for_partnership,
)
from vfmhub.efficiency.views.common import programme_url
from vfmhub.organisations.access import Need, organisation_for_user, partnership_for_user
from vfmhub.organisations.models import Organisation, Partnership

PROGRAMME_CREATED = "The programme has been created. Now set its targets and bodies."
PROGRAMME_SAVED = "The programme has been saved."
TARGETS_SAVED = "The yearly targets have been saved."
CATEGORY_ADDED = "The category has been added."
DEADLINES_SAVED = "The return deadlines have been saved."
PARTICIPANTS_SAVED = "The bodies taking part have been saved."


def _programme_list(
    request, programmes: QuerySet[EfficiencyProgramme], *, name: str, **context: Any
) -> HttpResponse:
    """A partnership's or a body's programmes (`context`: owner, links), or their export."""
    if request.GET.get("export"):
        return programmes_export(request.GET["export"], f"{name}-efficiency-programmes", programmes)
    return render(request, "efficiency/programme_list.html", {"programmes": programmes, **context})


def partnership_programmes(request, pk: int) -> HttpResponse:
    access = partnership_for_user(request.user, pk)
    return _programme_list(
        request,
        programmes_for_partnership(access.partnership),
        name=access.partnership.name,
        owner=access.partnership,
        can_create=access.can_manage,
        create_url=reverse("efficiency:programme_create", args=[pk]),
    )


def organisation_programmes(request, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, pk)
    return _programme_list(
        request,
        programmes_for_organisation(access.organisation),
        name=access.organisation.display_name,
        owner=access.organisation,
        organisation=access.organisation,
        can_create=access.can_manage,
        create_url=reverse("efficiency:body_programme_create", args=[pk]),
    )


def _create_page(request, owner: Partnership | Organisation, list_name: str) -> HttpResponse:
    """Creating a programme for `owner` (a partnership or a single body), whose list of
    programmes is the page `list_name`."""
    form = forms.ProgrammeForm(request.POST or None)

    def save(data: dict[str, Any]) -> EfficiencyProgramme:
        values, _ = forms.versioned(data)
        if isinstance(owner, Partnership):
            return services.programme_create(acting_user=request.user, partnership=owner, **values)
        return services.programme_create(acting_user=request.user, organisation=owner, **values)

    return save_form_page(
        request,
        form,
        save,
        done=PROGRAMME_CREATED,
        back_url=reverse(list_name, args=[owner.pk]),
        title="Create an efficiency programme",
        caption=owner.name,
        submit_label="Create programme",
        next_url=lambda programme: programme_url(programme, "efficiency:programme_targets"),
    )


def programme_create(request, pk: int) -> HttpResponse:
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    return _create_page(request, access.partnership, "efficiency:partnership_programmes")


def body_programme_create(request, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    return _create_page(request, access.organisation, "efficiency:organisation_programmes")


def programme_detail(request, pk: int) -> HttpResponse:
    programme, access = programme_for_user(request.user, pk)
    context = {"programme": programme, "access": access, **programme_page(programme, access)}
    return render(request, "efficiency/programme_detail.html", context)


def _edited(user: Any, programme: EfficiencyProgramme, form: Any) -> object:
    values, stamp = form.values()
    if not values["indicator_definition"]:
        values.pop("indicator_definition")
    return services.programme_update(
        acting_user=user, programme=programme, expected_updated_at=stamp, **values
    )


def _targets_set(user: Any, programme: EfficiencyProgramme, form: Any) -> object:
    return services.programme_set_targets(
        acting_user=user,
        programme=programme,
        percents=form.percents(),
        expected_updated_at=form.values()[1],
    )


def _category_added(user: Any, programme: EfficiencyProgramme, form: Any) -> object:
    return services.category_add(acting_user=user, programme=programme, **form.cleaned_data)


def _deadlines_set(user: Any, programme: EfficiencyProgramme, form: Any) -> object:
    deadlines = form.deadlines()
    return services.programme_set_deadlines(
        acting_user=user, programme=programme, deadlines=deadlines
    )


def _participants_set(user: Any, programme: EfficiencyProgramme, form: Any) -> object:
    chosen = form.cleaned_data["organisations"]
    return services.participants_set(acting_user=user, programme=programme, organisations=chosen)


def _targets_intro(programme: EfficiencyProgramme) -> str:
    return (
        f"Each year's target as a percentage of baseline; they are "
        f"{programme.get_method_display().lower()} into cumulative targets."
    )


@dataclass(frozen=True)
class SetupPage:
    """One page of a programme's set-up: its form (`form_class(data, programme=...)`), what
    saves it (`write(user, programme, form)`), and its wording."""

    form_class: Callable[..., Form]
    write: Callable[[Any, EfficiencyProgramme, Any], object]
    done: str
    title: str
    submit_label: str = "Save"
    intro: str | Callable[[EfficiencyProgramme], str] = ""


EDIT = SetupPage(forms.ProgrammeForm, _edited, PROGRAMME_SAVED, "Change the programme")
TARGETS = SetupPage(
    forms.TargetsForm, _targets_set, TARGETS_SAVED, "Yearly targets", intro=_targets_intro
)
CATEGORY = SetupPage(
    forms.CategoryForm,
    _category_added,
    CATEGORY_ADDED,
    "Add a category or workstream",
    "Add category",
)
DEADLINES = SetupPage(
    forms.DeadlinesForm,
    _deadlines_set,
    DEADLINES_SAVED,
    "Return deadlines",
    intro="Leave a date blank where no return of that kind is expected.",
)
PARTICIPANTS = SetupPage(
    forms.ParticipantsForm, _participants_set, PARTICIPANTS_SAVED, "Bodies taking part"
)


def programme_setup(request, pk: int, page: SetupPage) -> HttpResponse:
    """A page of a programme's set-up, for its manager; back to the programme when saved."""
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    form = page.form_class(request.POST or None, programme=programme)
    return save_form_page(
        request,
        form,
        lambda data: page.write(request.user, programme, form),
        done=page.done,
        back_url=programme_url(programme),
        title=page.title,
        caption=programme.name,
        submit_label=page.submit_label,
        intro=page.intro(programme) if callable(page.intro) else page.intro,
    )
