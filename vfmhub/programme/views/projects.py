"""A partnership's projects: the list (filters, counts by stage and RAG, a chart, exports), a
project's page, and the forms partnership managers use. Members read; outsiders get 404."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.core.charts import NOT_RATED
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.core.list_pages import filters_query
from vfmhub.core.post_outcomes import report_outcome
from vfmhub.lib import clock
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.access.projects import (
    linked_gain_of,
    milestone_of,
    project_detail_in,
    project_for_user,
)
from vfmhub.programme.forms.projects import (
    FundingForm,
    GainLinkForm,
    MilestoneForm,
    ProjectForm,
    UpdateForm,
)
from vfmhub.programme.forms.risks import without_stamp
from vfmhub.programme.models import Project, ProjectStage, Rag
from vfmhub.programme.selectors import projects as selectors
from vfmhub.programme.selectors.overview import listed_project_counts, projects_chart
from vfmhub.programme.selectors.risks import project_registers
from vfmhub.programme.services import projects as services

PROJECT_ADDED = "The project has been added."
PROJECT_SAVED = "The project has been saved."
UPDATE_ADDED = "The update has been added."
MILESTONE_ADDED = "The milestone has been added."
MILESTONE_DONE = "The milestone has been marked as done."
FUNDING_ADDED = "The funding line has been added."
GAIN_LINKED = "The gain has been linked to the project."
GAIN_UNLINKED = "The gain has been unlinked from the project."
NO_RAG = NOT_RATED


def project_url(project: Project) -> str:
    """The project's page, where every form about it goes back to."""
    return reverse("programme:project", args=[project.partnership_id, project.pk])


def managed_project(request, pk: int, project_pk: int) -> Project:
    """The project, for a manager of its partnership (403 for readers, 404 for anyone else)."""
    return project_for_user(request.user, pk, project_pk, need=Need.MANAGE)


def _export(fmt: str, filename: str, projects):
    return export_response(
        fmt,
        filename=filename,
        headers=[
            "Project",
            "Kind",
            "Lead body",
            "Stage",
            "RAG",
            "RAG date",
            "Funding",
            "Expected annual savings",
            "Realised annual savings",
        ],
        rows=(
            [
                p.name,
                p.get_kind_display(),
                p.lead_organisation.name,
                p.get_stage_display(),
                Rag(p.current_rag).label if p.current_rag else NO_RAG,
                p.rag_date or "",
                p.funded,
                p.expected_annual_savings,
                p.realised,
            ]
            for p in projects
        ),
    )


def project_list(request, pk: int):
    access = programme_partnership_for_user(request.user, pk)
    partnership = access.partnership
    everything = list(selectors.partnership_projects(partnership))
    stage, rag = request.GET.get("stage", ""), request.GET.get("rag", "")
    projects = list(selectors.partnership_projects(partnership, stage=stage, rag=rag))
    if request.GET.get("export"):
        return _export(request.GET["export"], f"{partnership.name}-projects", projects)
    counts = listed_project_counts(everything)
    context = {
        "partnership": partnership,
        "projects": projects,
        "counts": counts,
        "projects_chart": projects_chart(counts),
        "can_manage": access.allows(Need.MANAGE),
        "stages": ProjectStage.choices,
        "rags": [*Rag.choices, (selectors.NO_RAG, NO_RAG)],
        "stage": stage,
        "rag": rag,
        "query": filters_query(request),
    }
    return render(request, "programme/project_list.html", context)


def project_detail(request, pk: int, project_pk: int):
    access = programme_partnership_for_user(request.user, pk)
    project = project_detail_in(access.partnership, project_pk)
    today = clock.today()
    milestones = list(project.milestones.all())
    annotated: Any = project
    context = {
        "partnership": access.partnership,
        "project": project,
        "milestones": milestones,
        "overdue_ids": {m.pk for m in milestones if m.is_overdue(today)},
        "updates": list(project.updates.all()),
        "gains": list(project.gains.all()),
        "registers": list(project_registers(project)),
        "shortfall": project.expected_annual_savings - annotated.realised,
        "can_manage": access.allows(Need.MANAGE),
        "rag_label": Rag(annotated.current_rag).label if annotated.current_rag else NO_RAG,
    }
    return render(request, "programme/project_detail.html", context)


def _project_fields(data: dict) -> dict:
    """A project form's data as the project services take it (without its version stamp)."""
    fields = without_stamp(data)[0]
    return fields | {"partners": list(fields["partners"])}


def project_add(request, pk: int):
    partnership = programme_partnership_for_user(request.user, pk, need=Need.MANAGE).partnership
    form = ProjectForm(request.POST or None, members=selectors.member_organisations(partnership))
    return save_form_page(
        request,
        form,
        lambda data: services.project_create(
            acting_user=request.user, partnership=partnership, **_project_fields(data)
        ),
        done=PROJECT_ADDED,
        next_url=project_url,
        title="Add a project",
        caption=partnership.name,
        back_url=reverse("programme:projects", args=[partnership.pk]),
    )


def project_edit(request, pk: int, project_pk: int):
    project = managed_project(request, pk, project_pk)
    members = selectors.member_organisations(project.partnership)
    initial = {
        "name": project.name,
        "description": project.description,
        "kind": project.kind,
        "lead_organisation": project.lead_organisation_id,
        "partners": selectors.project_partner_ids(project),
        "stage": project.stage,
        "expected_annual_savings": project.expected_annual_savings,
        "updated_at": project.updated_at.isoformat(),
    }
    form = ProjectForm(request.POST or None, initial=initial, members=members)
    return save_form_page(
        request,
        form,
        lambda data: services.project_edit(
            acting_user=request.user,
            project=project,
            expected_updated_at=without_stamp(data)[1],
            **_project_fields(data),
        ),
        done=PROJECT_SAVED,
        title="Change the project",
        caption=project.name,
        back_url=project_url(project),
    )


@dataclass(frozen=True)
class AddPage:
    """A page adding one record to a project: its form (given the POST and the project), the
    service that adds it, and its words."""

    form: Callable[[Any, Project], forms.Form]
    add: Callable[..., Any]
    done: str
    title: str
    submit_label: str


ADD_PAGES = {
    "update": AddPage(
        lambda data, project: UpdateForm(data),
        services.project_update_add,
        UPDATE_ADDED,
        "Add an update",
        "Add update",
    ),
    "milestone": AddPage(
        lambda data, project: MilestoneForm(data),
        services.project_milestone_add,
        MILESTONE_ADDED,
        "Add a milestone",
        "Add milestone",
    ),
    "funding": AddPage(
        lambda data, project: FundingForm(data),
        services.project_funding_add,
        FUNDING_ADDED,
        "Add a funding line",
        "Add funding",
    ),
    "gain": AddPage(
        lambda data, project: GainLinkForm(data, gains=selectors.linkable_gains(project)),
        services.project_gain_link,
        GAIN_LINKED,
        "Link an efficiency gain",
        "Link gain",
    ),
}


def project_record_add(request, pk: int, project_pk: int, record: str):
    """Add an update, a milestone or a funding line to the project, or link a gain to it: the
    URL's `record` says which (see ADD_PAGES)."""
    project = managed_project(request, pk, project_pk)
    page = ADD_PAGES[record]
    return save_form_page(
        request,
        page.form(request.POST or None, project),
        lambda data: page.add(acting_user=request.user, project=project, **data),
        done=page.done,
        title=page.title,
        caption=project.name,
        back_url=project_url(project),
        submit_label=page.submit_label,
    )


@require_POST
def project_milestone_complete(request, pk: int, project_pk: int, record_pk: int):
    project = managed_project(request, pk, project_pk)
    milestone = milestone_of(project, record_pk)
    report_outcome(
        request,
        lambda: services.project_milestone_complete(acting_user=request.user, milestone=milestone),
        MILESTONE_DONE,
    )
    return redirect(project_url(project))


@require_POST
def project_gain_unlink(request, pk: int, project_pk: int, gain_pk: int):
    project = managed_project(request, pk, project_pk)
    gain = linked_gain_of(project, gain_pk)
    services.project_gain_unlink(acting_user=request.user, project=project, gain=gain)
    messages.success(request, GAIN_UNLINKED)
    return redirect(project_url(project))
