from django.urls import path

from vfmhub.programme.views import projects as views
from vfmhub.programme.views import projects_corrections as corrections

PROJECT = "partnerships/<int:pk>/projects/<int:project_pk>/"

urlpatterns = [
    path("partnerships/<int:pk>/projects/", views.project_list, name="projects"),
    path("partnerships/<int:pk>/projects/add/", views.project_add, name="project_add"),
    path(PROJECT, views.project_detail, name="project"),
    path(f"{PROJECT}edit/", views.project_edit, name="project_edit"),
    path(f"{PROJECT}updates/add/", views.project_update_add, name="project_update_add"),
    path(f"{PROJECT}milestones/add/", views.project_milestone_add, name="project_milestone_add"),
    path(
        f"{PROJECT}milestones/<int:milestone_pk>/edit/",
        corrections.project_milestone_edit,
        name="project_milestone_edit",
    ),
    path(
        f"{PROJECT}milestones/<int:milestone_pk>/remove/",
        corrections.project_milestone_remove,
        name="project_milestone_remove",
    ),
    path(
        f"{PROJECT}milestones/<int:milestone_pk>/complete/",
        views.project_milestone_complete,
        name="project_milestone_complete",
    ),
    path(f"{PROJECT}funding/add/", views.project_funding_add, name="project_funding_add"),
    path(
        f"{PROJECT}funding/<int:funding_pk>/edit/",
        corrections.project_funding_edit,
        name="project_funding_edit",
    ),
    path(
        f"{PROJECT}funding/<int:funding_pk>/remove/",
        corrections.project_funding_remove,
        name="project_funding_remove",
    ),
    path(f"{PROJECT}gains/link/", views.project_gain_link, name="project_gain_link"),
    path(
        f"{PROJECT}gains/<int:gain_pk>/unlink/",
        views.project_gain_unlink,
        name="project_gain_unlink",
    ),
]
