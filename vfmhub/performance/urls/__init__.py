"""The performance pages, each part's URLs joined under the `performance` namespace."""

from vfmhub.performance.urls import (
    finance,
    indicators,
    library,
    plan,
    reports,
    scorecard,
    values_import,
)

app_name = "performance"

urlpatterns = [
    *indicators.urlpatterns,
    *library.urlpatterns,
    *plan.urlpatterns,
    *finance.urlpatterns,
    *reports.urlpatterns,
    *scorecard.urlpatterns,
    *values_import.urlpatterns,
]
