"""A partnership's projects: the list, a project's page and the pages that change a project and
its updates, milestones, funding lines and linked gains (the same views add, correct and remove
each kind of record: the URL's `record` says which)."""

from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import path

from vfmhub.programme.views import projects as views
from vfmhub.programme.views.projects import project_record_add as add
from vfmhub.programme.views.projects_corrections import project_record_edit as edit
from vfmhub.programme.views.projects_corrections import project_record_remove as remove

PROJECTS = "partnerships/<int:pk>/projects/"
PROJECT = f"{PROJECTS}<int:project_pk>/"
MILESTONE = f"{PROJECT}milestones/<int:record_pk>/"
FUNDING = f"{PROJECT}funding/<int:record_pk>/"
UPDATES, GAINS = {"record": "update"}, {"record": "gain"}
MILESTONES, FUNDING_LINES = {"record": "milestone"}, {"record": "funding"}

ROUTES: list[tuple[str, Callable[..., HttpResponseBase], str, dict[str, str]]] = [
    (PROJECTS, views.project_list, "projects", {}),
    (f"{PROJECTS}add/", views.project_add, "project_add", {}),
    (PROJECT, views.project_detail, "project", {}),
    (f"{PROJECT}edit/", views.project_edit, "project_edit", {}),
    (f"{PROJECT}updates/add/", add, "project_update_add", UPDATES),
    (f"{PROJECT}milestones/add/", add, "project_milestone_add", MILESTONES),
    (f"{MILESTONE}edit/", edit, "project_milestone_edit", MILESTONES),
    (f"{MILESTONE}remove/", remove, "project_milestone_remove", MILESTONES),
    (f"{MILESTONE}complete/", views.project_milestone_complete, "project_milestone_complete", {}),
    (f"{PROJECT}funding/add/", add, "project_funding_add", FUNDING_LINES),
    (f"{FUNDING}edit/", edit, "project_funding_edit", FUNDING_LINES),
    (f"{FUNDING}remove/", remove, "project_funding_remove", FUNDING_LINES),
    (f"{PROJECT}gains/link/", add, "project_gain_link", GAINS),
    (f"{PROJECT}gains/<int:gain_pk>/unlink/", views.project_gain_unlink, "project_gain_unlink", {}),
]

urlpatterns = [path(route, view, kwargs, name=name) for route, view, name, kwargs in ROUTES]
