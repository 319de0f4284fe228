"""Importing projects into a partnership (see views_import.py). Importing risks into a register is
routed with the other register pages in urls_risks.py, for partnerships and bodies alike.

Listed before urls_projects in urls.py, so "projects/import/" is never read as a project."""

from django.urls import path

from vfmhub.programme.views import imports as views

PROJECTS = "partnerships/<int:pk>/projects/import/"

urlpatterns = [
    path(PROJECTS, views.project_import, name="project_import"),
    path(f"{PROJECTS}template/", views.project_import_template, name="project_import_template"),
    path(f"{PROJECTS}<str:token>/", views.project_import_preview, name="project_import_preview"),
    path(
        f"{PROJECTS}<str:token>/confirm/",
        views.project_import_confirm,
        name="project_import_confirm",
    ),
]
