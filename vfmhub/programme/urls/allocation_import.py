"""Importing a year's allocation and funding streams (see `views/allocation_import.py`)."""

from django.urls import path

from vfmhub.programme.views import allocation_import as views

IMPORT = "partnerships/<int:pk>/programme/allocation/import/"

urlpatterns = [
    path(IMPORT, views.allocation_import_upload, name="allocation_import"),
    path(
        f"{IMPORT}<str:token>/", views.allocation_import_preview, name="allocation_import_preview"
    ),
    path(
        f"{IMPORT}<str:token>/confirm/",
        views.allocation_import_confirm,
        name="allocation_import_confirm",
    ),
]
