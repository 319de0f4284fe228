"""A partnership's projects: the list (filters, counts by stage and RAG, a chart, exports), a
project's page, and the forms partnership managers use. Members read; outsiders get 404."""

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from vfmhub.core.charts import NOT_RATED, bar_chart, rag_series
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import add_service_errors as _add_errors
from vfmhub.core.form_pages import form_page as _form_page
from vfmhub.efficiency.models import Gain
from vfmhub.lib import clock
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.forms.projects import (
    FundingForm,
    GainLinkForm,
    MilestoneForm,
    ProjectForm,
    UpdateForm,
)
from vfmhub.programme.models import (
    Project,
    ProjectMilestone,
    ProjectStage,
    Rag,
    RiskStatus,
)
from vfmhub.programme.selectors import projects as selectors
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


def _access(request, pk, *, manage: bool = False):
    return programme_partnership_for_user(
        request.user, pk, need=Need.MANAGE if manage else Need.READ
    )


def _project(partnership, project_pk) -> Project:
    project = Project.objects.filter(partnership=partnership, pk=project_pk).first()
    if project is None:
        raise Http404(NOT_FOUND)
    project.partnership = partnership
    return project


def _managed_project(request, pk, project_pk) -> Project:
    """The project, for a manager of its partnership (403 for readers, 404 for anyone else)."""
    return _project(_access(request, pk, manage=True).partnership, project_pk)


def _milestone(project: Project, milestone_pk) -> ProjectMilestone:
    milestone = ProjectMilestone.objects.filter(project=project, pk=milestone_pk).first()
    if milestone is None:
        raise Http404(NOT_FOUND)
    milestone.project = project
    return milestone


def _url(project: Project) -> str:
    return reverse("programme:project", args=[project.partnership_id, project.pk])


def _filtered(projects, params):
    stage, rag = params.get("stage", ""), params.get("rag", "")
    if stage in ProjectStage.values:
        projects = projects.filter(stage=stage)
    if rag in Rag.values:
        projects = projects.filter(current_rag=rag)
    elif rag == "none":
        projects = projects.filter(current_rag__isnull=True)
    return projects


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


def _counts(projects) -> dict:
    """Counts by stage (rows) and RAG (columns), for the table and the chart."""
    counts = Counter((p.stage, p.current_rag or "") for p in projects)
    rags = [*Rag.values, ""]
    rows: list[dict[str, Any]] = [
        {
            "stage": label,
            "cells": [counts[(value, rag)] for rag in rags],
            "total": sum(counts[(value, rag)] for rag in rags),
        }
        for value, label in ProjectStage.choices
    ]
    totals = [sum(row["cells"][i] for row in rows) for i in range(len(rags))]
    chart = bar_chart(
        title="Projects by stage",
        description="The number of projects at each stage, one bar per RAG rating.",
        categories=[row["stage"] for row in rows],
        series=[
            rag_series(label, [row["cells"][i] for row in rows])
            for i, label in enumerate([*Rag.labels, NO_RAG])
        ],
        y_label="Projects",
    )
    return {
        "rag_headings": [*Rag.labels, NO_RAG],
        "rows": rows,
        "totals": totals,
        "total": sum(totals),
        "chart": chart,
    }


def project_list(request, pk: int):
    access = _access(request, pk)
    partnership = access.partnership
    everything = list(selectors.partnership_projects(partnership))
    projects = list(_filtered(selectors.partnership_projects(partnership), request.GET))
    if request.GET.get("export"):
        return _export(request.GET["export"], f"{partnership.name}-projects", projects)
    query = request.GET.copy()
    query.pop("export", None)
    context = {
        "partnership": partnership,
        "projects": projects,
        "counts": _counts(everything),
        "can_manage": access.allows(Need.MANAGE),
        "stages": ProjectStage.choices,
        "rags": [*Rag.choices, ("none", NO_RAG)],
        "stage": request.GET.get("stage", ""),
        "rag": request.GET.get("rag", ""),
        "query": query.urlencode(),
    }
    return render(request, "programme/project_list.html", context)


def project_detail(request, pk: int, project_pk: int):
    access = _access(request, pk)
    project = selectors.project_detail(access.partnership, project_pk)
    if project is None:
        raise Http404(NOT_FOUND)
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
        "registers": list(
            project.risk_registers.annotate(
                open_count=Count("risks", filter=Q(risks__status=RiskStatus.OPEN))
            ).order_by("name", "pk")
        ),
        "shortfall": project.expected_annual_savings - annotated.realised,
        "can_manage": access.allows(Need.MANAGE),
        "rag_label": Rag(annotated.current_rag).label if annotated.current_rag else NO_RAG,
    }
    return render(request, "programme/project_detail.html", context)


def _project_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("updated_at", None)
    data.pop("partners", None)
    return data


def project_add(request, pk: int):
    access = _access(request, pk, manage=True)
    partnership = access.partnership
    members = selectors.member_organisations(partnership)
    form = ProjectForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                acting_user=request.user,
                partnership=partnership,
                partners=list(form.cleaned_data["partners"]),
                **_project_fields(form),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, PROJECT_ADDED)
            return redirect(_url(project))
    return _form_page(
        request,
        form,
        title="Add a project",
        caption=partnership.name,
        back_url=reverse("programme:projects", args=[partnership.pk]),
    )


def project_edit(request, pk: int, project_pk: int):
    project = _managed_project(request, pk, project_pk)
    members = selectors.member_organisations(project.partnership)
    initial = {
        "name": project.name,
        "description": project.description,
        "kind": project.kind,
        "lead_organisation": project.lead_organisation_id,
        "partners": list(project.partners.values_list("pk", flat=True)),
        "stage": project.stage,
        "expected_annual_savings": project.expected_annual_savings,
        "updated_at": project.updated_at.isoformat(),
    }
    form = ProjectForm(request.POST or None, initial=initial, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_edit(
                acting_user=request.user,
                project=project,
                expected_updated_at=parse_datetime(form.cleaned_data["updated_at"] or ""),
                partners=list(form.cleaned_data["partners"]),
                **_project_fields(form),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, PROJECT_SAVED)
            return redirect(_url(project))
    return _form_page(
        request, form, title="Change the project", caption=project.name, back_url=_url(project)
    )


def project_update_add(request, pk: int, project_pk: int):
    project = _managed_project(request, pk, project_pk)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update_add(
                acting_user=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, UPDATE_ADDED)
            return redirect(_url(project))
    return _form_page(
        request,
        form,
        title="Add an update",
        caption=project.name,
        back_url=_url(project),
        submit_label="Add update",
    )


def project_milestone_add(request, pk: int, project_pk: int):
    project = _managed_project(request, pk, project_pk)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_milestone_add(
                acting_user=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, MILESTONE_ADDED)
            return redirect(_url(project))
    return _form_page(
        request,
        form,
        title="Add a milestone",
        caption=project.name,
        back_url=_url(project),
        submit_label="Add milestone",
    )


@require_POST
def project_milestone_complete(request, pk: int, project_pk: int, milestone_pk: int):
    project = _managed_project(request, pk, project_pk)
    milestone = _milestone(project, milestone_pk)
    try:
        services.project_milestone_complete(acting_user=request.user, milestone=milestone)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, MILESTONE_DONE)
    return redirect(_url(project))


def project_funding_add(request, pk: int, project_pk: int):
    project = _managed_project(request, pk, project_pk)
    form = FundingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_funding_add(
                acting_user=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, FUNDING_ADDED)
            return redirect(_url(project))
    return _form_page(
        request,
        form,
        title="Add a funding line",
        caption=project.name,
        back_url=_url(project),
        submit_label="Add funding",
    )


def project_gain_link(request, pk: int, project_pk: int):
    project = _managed_project(request, pk, project_pk)
    form = GainLinkForm(request.POST or None, gains=selectors.linkable_gains(project))
    if request.method == "POST" and form.is_valid():
        try:
            services.project_gain_link(
                acting_user=request.user, project=project, gain=form.cleaned_data["gain"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, GAIN_LINKED)
            return redirect(_url(project))
    return _form_page(
        request,
        form,
        title="Link an efficiency gain",
        caption=project.name,
        back_url=_url(project),
        submit_label="Link gain",
    )


@require_POST
def project_gain_unlink(request, pk: int, project_pk: int, gain_pk: int):
    project = _managed_project(request, pk, project_pk)
    gain = Gain.objects.filter(pk=gain_pk, programme_projects=project).first()
    if gain is None:
        raise Http404(NOT_FOUND)
    services.project_gain_unlink(acting_user=request.user, project=project, gain=gain)
    messages.success(request, GAIN_UNLINKED)
    return redirect(_url(project))
