"""An organisation's comparator groups."""

from django.urls import URLPattern, path

from vfmhub.benchmarking.urls.pages import ORGANISATION
from vfmhub.benchmarking.views import groups

GROUPS = f"{ORGANISATION}groups/"

urlpatterns: list[URLPattern] = [
    path(GROUPS, groups.groups, name="groups"),
    path(f"{GROUPS}new/", groups.group_create, name="group_create"),
    path(f"{GROUPS}import/", groups.group_import, name="group_import"),
    path(f"{GROUPS}<int:pk>/", groups.group, name="group"),
    path(f"{GROUPS}<int:pk>/change/", groups.group_change, name="group_change"),
    path(f"{GROUPS}<int:pk>/archive/", groups.group_archive, name="group_archive"),
]
