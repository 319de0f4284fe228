"""The performance pages, each part's URLs joined under the `performance` namespace."""

from vfmhub.performance.urls import finance, indicators, plan, reports

app_name = "performance"

urlpatterns = [
    *indicators.urlpatterns,
    *plan.urlpatterns,
    *finance.urlpatterns,
    *reports.urlpatterns,
]
