"""The programme's pages, each part's URLs joined under the `programme` namespace."""

from vfmhub.programme.urls import allocation_import, events, funding, imports, projects, risks

app_name = "programme"

urlpatterns = [
    *funding.urlpatterns,
    *allocation_import.urlpatterns,
    *imports.urlpatterns,
    *projects.urlpatterns,
    *risks.urlpatterns,
    *events.urlpatterns,
]
