"""An organisation's benchmarking home, its neighbours, compare and cost against performance."""

from django.urls import URLPattern, path

from vfmhub.benchmarking.views import compare, neighbours, quadrant

ORGANISATION = "organisations/<int:org_pk>/benchmarking/"

urlpatterns: list[URLPattern] = [
    path(ORGANISATION, neighbours.home, name="home"),
    path(f"{ORGANISATION}neighbours/", neighbours.neighbours, name="neighbours"),
    path(f"{ORGANISATION}compare/", compare.compare, name="compare"),
    path(f"{ORGANISATION}quadrant/", quadrant.quadrant, name="quadrant"),
]
