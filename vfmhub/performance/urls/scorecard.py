"""The performance page, an indicator's page and my indicators to update."""

from django.urls import URLPattern, path

from vfmhub.performance.views import due, indicator, scorecard

ORGANISATION = "organisations/<int:org_pk>/performance/"

urlpatterns: list[URLPattern] = [
    path(ORGANISATION, scorecard.scorecard, name="scorecard"),
    # The brief's `indicators/<int:pk>/` is the library's `value_detail`; this page sits below it.
    path(f"{ORGANISATION}indicators/<int:pk>/", indicator.indicator, name="indicator"),
    path("performance/due/", due.due, name="due"),
]
