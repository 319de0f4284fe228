"""A partnership's benchmarking pages (scores across the partnership, who may be struggling)
and an organisation's place view."""

from django.urls import URLPattern, path

from vfmhub.benchmarking.views import partnership, place

PARTNERSHIP = "partnerships/<int:partnership_pk>/benchmarking/"

urlpatterns: list[URLPattern] = [
    path(f"{PARTNERSHIP}scores/", partnership.scores, name="partnership_scores"),
    path(f"{PARTNERSHIP}struggling/", partnership.struggling_page, name="partnership_struggling"),
    path("organisations/<int:org_pk>/benchmarking/place/", place.place, name="place"),
]
