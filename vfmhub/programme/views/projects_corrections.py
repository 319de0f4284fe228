"""Correcting a project's records: change or remove a funding line or a milestone (updates are never
changed: they are append-only). Partnership managers only (see `views/projects.py`).

The same two views serve both kinds of record: the URL's `record` names one of CORRECTIONS.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from vfmhub.core.form_pages import save_form_page
from vfmhub.lib.money import format_pounds
from vfmhub.programme.access.projects import funding_line_of, milestone_of
from vfmhub.programme.forms.projects import FundingEditForm, MilestoneEditForm
from vfmhub.programme.forms.risks import without_stamp
from vfmhub.programme.models import Project, ProjectFunding, ProjectMilestone
from vfmhub.programme.services import projects as services
from vfmhub.programme.views.projects import managed_project, project_url

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
Record = ProjectFunding | ProjectMilestone


def _funding_removal(funding: ProjectFunding) -> dict[str, Any]:
    amount = format_pounds(funding.amount)
    return {
        "title": "Remove this funding line?",
        "details": [
            ("Source", funding.source),
            ("Allocation", funding.allocation or "None given"),
            ("Amount", amount),
        ],
        "warning": FUNDING_REMOVE_WARNING.format(amount=amount),
        "submit_label": "Remove funding line",
    }


def _milestone_removal(milestone: ProjectMilestone) -> dict[str, Any]:
    return {
        "title": "Remove this milestone?",
        "details": [
            ("Milestone", milestone.title),
            ("Due", milestone.due_on.strftime("%-d %B %Y")),
            ("Status", milestone.get_status_display()),
        ],
        "warning": MILESTONE_REMOVE_WARNING,
        "submit_label": "Remove milestone",
    }


@dataclass(frozen=True)
class Correction:
    """One kind of a project's records as its correction pages need it: how it is found under
    the project, its form and fields, the services that correct and remove it (taking it as
    `name`), and the pages' words (`removal`: the confirm page's title, details and warning)."""

    name: str
    find: Callable[[Project, Any], Record]
    form: type[forms.Form]
    fields: list[str]
    correct: Callable[..., Any]
    remove: Callable[..., Any]
    change_title: str
    saved: str
    removed: str
    removal: Callable[[Any], dict[str, Any]]


CORRECTIONS = {
    "funding": Correction(
        "funding",
        funding_line_of,
        FundingEditForm,
        services.FUNDING_FIELDS,
        services.project_funding_update,
        services.project_funding_remove,
        "Change the funding line",
        FUNDING_SAVED,
        FUNDING_REMOVED,
        _funding_removal,
    ),
    "milestone": Correction(
        "milestone",
        milestone_of,
        MilestoneEditForm,
        services.MILESTONE_FIELDS,
        services.project_milestone_edit,
        services.project_milestone_remove,
        "Change the milestone",
        MILESTONE_SAVED,
        MILESTONE_REMOVED,
        _milestone_removal,
    ),
}


def project_record_edit(request, pk: int, project_pk: int, record_pk: int, record: str):
    """Correct a funding line or milestone, refused if it changed since the form was opened."""
    kind = CORRECTIONS[record]
    project = managed_project(request, pk, project_pk)
    found = kind.find(project, record_pk)
    initial = {name: getattr(found, name) for name in kind.fields}
    initial["updated_at"] = found.updated_at.isoformat()

    def save(data: dict):
        fields, expected = without_stamp(data)
        return kind.correct(
            acting_user=request.user, expected_updated_at=expected, **{kind.name: found}, **fields
        )

    return save_form_page(
        request,
        kind.form(request.POST or None, initial=initial),
        save,
        done=kind.saved,
        title=kind.change_title,
        caption=project.name,
        back_url=project_url(project),
    )


def project_record_remove(request, pk: int, project_pk: int, record_pk: int, record: str):
    """Ask before removing a funding line or milestone (GET); remove it (POST)."""
    kind = CORRECTIONS[record]
    project = managed_project(request, pk, project_pk)
    found = kind.find(project, record_pk)
    if request.method == "POST":
        kind.remove(acting_user=request.user, **{kind.name: found})
        messages.success(request, kind.removed)
        return redirect(project_url(project))
    context = kind.removal(found) | {"caption": project.name, "back_url": project_url(project)}
    return render(request, "programme/confirm_remove.html", context)
