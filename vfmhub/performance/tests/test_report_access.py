"""Who sees which quarterly reports: an organisation's drafts only its own users; its published
reports its partnerships too; outsiders nothing. The list page's queries are pinned."""

# The fixtures `built` and `published` come from test_report_data, imported by name.
# ruff: noqa: F401, F811

import pytest
from django.urls import reverse

from vfmhub.performance.models import QuarterlyReport
from vfmhub.performance.services import reports as services
from vfmhub.performance.tests.test_report_data import QUARTER, YEAR, built, published
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db
OWN = ["manager", "editor", "viewer", "staff"]
PARTNERSHIP = ["partnership_manager", "partnership_viewer", "peer_reviewer"]


def page_url(personas, report, name="report") -> str:
    return reverse(f"performance:{name}", args=[personas.org_a.pk, report.pk])


def list_url(personas) -> str:
    return reverse("performance:reports", args=[personas.org_a.pk])


@pytest.fixture
def draft(personas, built):
    return services.report_create(
        acting_user=personas.manager, organisation=personas.org_a, year=YEAR, quarter=3
    )


def test_a_draft_is_seen_by_the_organisations_own_users_only(personas, draft):
    for name in ("report", "report_pdf", "report_xlsx"):
        assert_access(
            personas,
            page_url(personas, draft, name),
            allowed=OWN,
            hidden=["outsider", "auditor", *PARTNERSHIP],
            ok=(200,),
        )


def test_a_published_report_is_seen_by_the_organisations_partnerships(personas, published):
    assert_access(
        personas,
        page_url(personas, published),
        allowed=[*OWN, "auditor", *PARTNERSHIP],
        hidden=["outsider"],
        ok=(200,),
    )
    page = client_for(personas.partnership_viewer).get(page_url(personas, published))
    assert published.published_html in page.content.decode()
    assert "Sign off" not in page.content.decode()  # no workflow buttons for readers
    assert "will change until it is published" not in page.content.decode()


def test_the_list_shows_drafts_to_own_users_and_only_published_to_others(
    personas, published, draft
):
    own = client_for(personas.viewer).get(list_url(personas)).content.decode()
    assert published.title in own and draft.title in own
    theirs = client_for(personas.partnership_viewer).get(list_url(personas)).content.decode()
    assert published.title in theirs and draft.title not in theirs
    assert "Start a report" not in theirs
    assert client_for(personas.outsider).get(list_url(personas)).status_code == 404
    exported = client_for(personas.partnership_viewer).get(list_url(personas) + "?export=csv")
    assert published.title in exported.content.decode()
    assert draft.title not in exported.content.decode()


def test_the_manager_sees_the_steps_the_report_can_take(personas, draft):
    page = client_for(personas.manager).get(page_url(personas, draft)).content.decode()
    assert "Sign off for the service" in page and "Publish" not in page.split("Download")[0]
    page = client_for(personas.viewer).get(page_url(personas, draft)).content.decode()
    assert "Sign off for the service" not in page


def test_hostile_ids_are_not_found(personas, published):
    client = client_for(personas.manager)
    other = reverse("performance:report", args=[personas.org_b.pk, published.pk])
    assert client.get(other).status_code == 404
    for huge in (2**31, 2**70):
        for name in ("report", "report_pdf", "report_sign_off_service"):
            url = reverse(f"performance:{name}", args=[personas.org_a.pk, huge])
            assert client.get(url).status_code == 404, url
        listed = reverse("performance:reports", args=[huge])
        assert client.get(listed).status_code == 404


def test_the_list_page_runs_a_fixed_number_of_queries(personas, built, django_assert_num_queries):
    client = client_for(personas.viewer)
    client.get(list_url(personas))  # warm the session
    for quarter in (1, 2, 3, 4):
        QuarterlyReport.objects.create(
            organisation=personas.org_a, year=2010, quarter=quarter, title=f"Q{quarter} 2010/11"
        )
    # 1 session, 2 user, 3 the organisation with the user's role, 4 their auditor years,
    # 5 the reports (with who published each)
    with django_assert_num_queries(5):
        response = client.get(list_url(personas))
    assert response.content.decode().count("2010/11</a>") == 4
    QuarterlyReport.objects.create(organisation=personas.org_a, year=2011, quarter=1, title="More")
    with django_assert_num_queries(5):
        client.get(list_url(personas))
