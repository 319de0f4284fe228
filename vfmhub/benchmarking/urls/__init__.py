"""The benchmarking pages, each part's URLs joined under the `benchmarking` namespace."""

from vfmhub.benchmarking.urls import groups, pages

app_name = "benchmarking"

urlpatterns = [*pages.urlpatterns, *groups.urlpatterns]
