from vfmhub.programme import urls_events, urls_funding, urls_import, urls_projects, urls_risks

app_name = "programme"

urlpatterns = [
    *urls_funding.urlpatterns,
    *urls_import.urlpatterns,
    *urls_projects.urlpatterns,
    *urls_risks.urlpatterns,
    *urls_events.urlpatterns,
]
