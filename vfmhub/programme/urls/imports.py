"""Importing projects into a partnership (see `views/imports.py`). Importing risks into a register
is routed with the other register pages in `urls/risks.py`, for partnerships and bodies alike.

Listed before `urls/projects.py` in `urls/__init__.py`, so "projects/import/" is never read as a
project."""

from django.urls import path

from vfmhub.programme.views import imports as views

IMPORT = "partnerships/<int:pk>/projects/import/"
PROJECTS = {"what": "projects"}

urlpatterns = [
    path(IMPORT, views.import_upload, PROJECTS, name="project_import"),
    path(f"{IMPORT}template/", views.project_import_template, name="project_import_template"),
    path(f"{IMPORT}<str:token>/", views.import_preview, PROJECTS, name="project_import_preview"),
    path(
        f"{IMPORT}<str:token>/confirm/",
        views.import_confirm,
        PROJECTS,
        name="project_import_confirm",
    ),
]
