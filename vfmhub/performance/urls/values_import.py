"""The indicator values import's URLs."""

from django.urls import URLPattern, path

from vfmhub.performance.views import values_import as views

IMPORT = "organisations/<int:org_pk>/performance/import/"

urlpatterns: list[URLPattern] = [
    path(IMPORT, views.values_import_upload, name="values_import"),
    path(f"{IMPORT}<str:token>/", views.values_import_preview, name="values_import_preview"),
    path(
        f"{IMPORT}<str:token>/confirm/",
        views.values_import_confirm,
        name="values_import_confirm",
    ),
]
