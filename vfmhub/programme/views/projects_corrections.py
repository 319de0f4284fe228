"""Correcting a project's records: change or remove a funding line or a milestone (updates are never
changed: they are append-only). Partnership managers only (see views_projects).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime

from vfmhub.lib.money import format_pounds
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.programme.forms.projects import (
    FundingEditForm,
    MilestoneEditForm,
)
from vfmhub.programme.models import (
    Project,
    ProjectFunding,
)
from vfmhub.programme.services import projects as services
from vfmhub.programme.views.projects import (
    _add_errors,
    _form_page,
    _managed_project,
    _milestone,
    _url,
)

MILESTONE_SAVED = "The milestone has been saved."


MILESTONE_REMOVED = "The milestone has been removed."


FUNDING_SAVED = "The funding line has been saved."


FUNDING_REMOVED = "The funding line has been removed."


FUNDING_REMOVE_WARNING = (
    "The project's funding total goes down by {amount}. The line's values stay in the "
    "partnership's history."
)


MILESTONE_REMOVE_WARNING = (
    "The milestone goes from the project's page and exports. Its values stay in the "
    "partnership's history."
)


def _funding(project: Project, funding_pk) -> ProjectFunding:
    funding = ProjectFunding.objects.filter(project=project, pk=funding_pk).first()
    if funding is None:
        raise Http404(NOT_FOUND)
    funding.project = project
    return funding


def _confirm_page(request, project: Project, *, title, details, warning, submit_label):
    context = {
        "title": title,
        "caption": project.name,
        "details": details,
        "warning": warning,
        "submit_label": submit_label,
        "back_url": _url(project),
    }
    return render(request, "programme/confirm_remove.html", context)


def project_funding_edit(request, pk: int, project_pk: int, funding_pk: int):
    project = _managed_project(request, pk, project_pk)
    funding = _funding(project, funding_pk)
    initial = {name: getattr(funding, name) for name in services.FUNDING_FIELDS}
    initial["updated_at"] = funding.updated_at.isoformat()
    form = FundingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("updated_at") or None
        try:
            services.project_funding_update(
                acting_user=request.user, funding=funding, expected_updated_at=expected, **data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, FUNDING_SAVED)
            return redirect(_url(project))
    return _form_page(
        request, form, title="Change the funding line", caption=project.name, back_url=_url(project)
    )


def project_funding_remove(request, pk: int, project_pk: int, funding_pk: int):
    project = _managed_project(request, pk, project_pk)
    funding = _funding(project, funding_pk)
    if request.method == "POST":
        services.project_funding_remove(acting_user=request.user, funding=funding)
        messages.success(request, FUNDING_REMOVED)
        return redirect(_url(project))
    amount = format_pounds(funding.amount)
    return _confirm_page(
        request,
        project,
        title="Remove this funding line?",
        details=[
            ("Source", funding.source),
            ("Allocation", funding.allocation or "None given"),
            ("Amount", amount),
        ],
        warning=FUNDING_REMOVE_WARNING.format(amount=amount),
        submit_label="Remove funding line",
    )


def project_milestone_edit(request, pk: int, project_pk: int, milestone_pk: int):
    project = _managed_project(request, pk, project_pk)
    milestone = _milestone(project, milestone_pk)
    initial = {name: getattr(milestone, name) for name in services.MILESTONE_FIELDS}
    initial["updated_at"] = milestone.updated_at.isoformat()
    form = MilestoneEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        expected = parse_datetime(fields.pop("updated_at") or "")
        try:
            services.project_milestone_edit(
                acting_user=request.user,
                milestone=milestone,
                expected_updated_at=expected,
                **fields,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, MILESTONE_SAVED)
            return redirect(_url(project))
    return _form_page(
        request, form, title="Change the milestone", caption=project.name, back_url=_url(project)
    )


def project_milestone_remove(request, pk: int, project_pk: int, milestone_pk: int):
    project = _managed_project(request, pk, project_pk)
    milestone = _milestone(project, milestone_pk)
    if request.method == "POST":
        services.project_milestone_remove(acting_user=request.user, milestone=milestone)
        messages.success(request, MILESTONE_REMOVED)
        return redirect(_url(project))
    return _confirm_page(
        request,
        project,
        title="Remove this milestone?",
        details=[
            ("Milestone", milestone.title),
            ("Due", milestone.due_on.strftime("%-d %B %Y")),
            ("Status", milestone.get_status_display()),
        ],
        warning=MILESTONE_REMOVE_WARNING,
        submit_label="Remove milestone",
    )
