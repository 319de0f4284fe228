"""The benchmarking pages, each part's URLs joined under the `benchmarking` namespace."""

from vfmhub.benchmarking.urls import club, groups, pages, partnership, uses

app_name = "benchmarking"

urlpatterns = [
    *pages.urlpatterns,
    *groups.urlpatterns,
    *club.urlpatterns,
    *partnership.urlpatterns,
    *uses.urlpatterns,
]
