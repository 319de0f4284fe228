"""The programme's pages, each part's URLs joined under the `programme` namespace."""

from vfmhub.programme.urls import events, funding, imports, projects, risks

app_name = "programme"

urlpatterns = [
    *funding.urlpatterns,
    *imports.urlpatterns,
    *projects.urlpatterns,
    *risks.urlpatterns,
    *events.urlpatterns,
]
