"""The quarterly report endpoints: the list (queries pinned), one report with its snapshot (a
draft 404 to the organisation's partnerships), starting one and each workflow move."""

# The fixtures `built` and `published` come from test_report_data, imported by name.
# ruff: noqa: F401, F811

import pytest

from vfmhub.performance.models import QuarterlyReport, ReportStatus
from vfmhub.performance.services import reports as services
from vfmhub.performance.tests.test_report_data import QUARTER, YEAR, built, published
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"


def base(personas) -> str:
    return f"/api/v1/performance/organisations/{personas.org_a.pk}/reports"


def test_it_lists_drafts_to_own_users_and_published_reports_to_partnerships(personas, published):
    draft = services.report_create(
        acting_user=personas.manager, organisation=personas.org_a, year=YEAR, quarter=3
    )
    own = client_for(personas.viewer).get(base(personas)).json()
    assert [(r["id"], r["status"]) for r in own["items"]] == [
        (draft.pk, "draft"),
        (published.pk, "published"),
    ]
    theirs = client_for(personas.partnership_viewer).get(base(personas)).json()
    assert [r["id"] for r in theirs["items"]] == [published.pk]
    assert client_for(personas.outsider).get(base(personas)).status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(personas, built, django_assert_num_queries):
    client = client_for(personas.viewer)
    for quarter in (1, 2, 3):
        QuarterlyReport.objects.create(
            organisation=personas.org_a, year=2010, quarter=quarter, title=f"Q{quarter}"
        )
    # 1 session, 2 user, 3 the organisation with the user's role, 4 their auditor years,
    # 5 the count, 6 the page of reports
    with django_assert_num_queries(6):
        response = client.get(base(personas))
    assert response.json()["count"] == 3
    QuarterlyReport.objects.create(organisation=personas.org_a, year=2011, quarter=1, title="Q")
    with django_assert_num_queries(6):
        assert client.get(base(personas)).json()["count"] == 4


def test_a_published_report_answers_with_its_frozen_snapshot(personas, published):
    response = client_for(personas.partnership_viewer).get(f"{base(personas)}/{published.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["is_draft"] is False
    assert body["snapshot"] == published.snapshot
    assert [s["to_status"] for s in body["sign_offs"]] == [
        "service_signed",
        "director_signed",
        "published",
    ]


def test_a_draft_is_not_found_for_the_organisations_partnerships(personas, built):
    draft = services.report_create(
        acting_user=personas.manager, organisation=personas.org_a, year=YEAR, quarter=QUARTER
    )
    url = f"{base(personas)}/{draft.pk}"
    assert_access(
        personas,
        url,
        allowed=["viewer", "manager"],
        hidden=["outsider", "partnership_viewer", "partnership_manager", "auditor"],
        ok=(200,),
    )
    body = client_for(personas.viewer).get(url).json()
    assert body["is_draft"] is True
    assert body["snapshot"]["performance"]["groups"][0]["rows"][0]["value"] == {
        "raw": "150",
        "text": "150 kg",
    }


def test_it_starts_a_report_and_moves_it_through_the_workflow(personas, built):
    manager = client_for(personas.manager)
    created = manager.post(
        base(personas), {"year": YEAR, "quarter": QUARTER, "title": ""}, content_type=JSON
    )
    assert created.status_code == 201
    report_id = created.json()["id"]
    url = f"{base(personas)}/{report_id}"
    skipped = manager.post(f"{url}/publish", {"note": ""}, content_type=JSON)
    assert skipped.status_code == 422
    for step in ("sign-off/service", "sign-off/director"):
        moved = manager.post(f"{url}/{step}", {"note": step}, content_type=JSON)
        assert moved.status_code == 200, moved.json()
    back = manager.post(f"{url}/send-back", {"reason": "Budget wrong"}, content_type=JSON)
    assert back.json()["status"] == "draft"
    for step in ("sign-off/service", "sign-off/director", "publish"):
        assert manager.post(f"{url}/{step}", {"note": ""}, content_type=JSON).status_code == 200
    report = QuarterlyReport.objects.get(pk=report_id)
    assert report.status == ReportStatus.PUBLISHED and report.published_pdf
    again = manager.post(f"{url}/publish", {"note": ""}, content_type=JSON)
    assert again.status_code == 422


def test_workflow_moves_are_for_managers_only(personas, built):
    draft = services.report_create(
        acting_user=personas.manager, organisation=personas.org_a, year=YEAR, quarter=QUARTER
    )
    assert_access(
        personas,
        f"{base(personas)}/{draft.pk}/sign-off/service",
        method="post",
        data={"note": "ok"},
        content_type=JSON,
        allowed=["manager"],
        forbidden=["viewer", "editor", "auditor", "partnership_manager"],
        hidden=["outsider"],
    )
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SERVICE_SIGNED
    assert_access(
        personas,
        base(personas),
        method="post",
        data={"year": YEAR, "quarter": 4},
        content_type=JSON,
        allowed=["editor"],
        forbidden=["viewer", "partnership_viewer"],
        hidden=["outsider"],
        ok=(201,),
    )


def test_a_partnerships_reports_answer_drafts_to_its_managers_only(personas, built):
    report = services.report_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=YEAR,
        quarter=QUARTER,
    )
    listed = f"/api/v1/performance/partnerships/{personas.partnership.pk}/reports"
    own = client_for(personas.partnership_manager).get(listed).json()
    assert [r["id"] for r in own["items"]] == [report.pk]
    assert client_for(personas.partnership_viewer).get(listed).json()["items"] == []
    assert client_for(personas.outsider).get(listed).status_code == 404
    one = f"{listed}/{report.pk}"
    body = client_for(personas.partnership_manager).get(one).json()
    assert body["is_draft"] is True and body["snapshot"]["meta"]["kind"] == "partnership"
    assert client_for(personas.partnership_viewer).get(one).status_code == 404


def test_the_partnership_list_runs_a_fixed_number_of_queries(
    personas, built, django_assert_num_queries
):
    client = client_for(personas.partnership_manager)
    listed = f"/api/v1/performance/partnerships/{personas.partnership.pk}/reports"
    for quarter in (1, 2):
        QuarterlyReport.objects.create(
            partnership=personas.partnership, year=2010, quarter=quarter, title=f"Q{quarter}"
        )
    # 1 session, 2 user, 3 the partnership, 4 the user's roles in it, 5 the count, 6 the page
    with django_assert_num_queries(6):
        assert client.get(listed).json()["count"] == 2
    QuarterlyReport.objects.create(partnership=personas.partnership, year=2011, quarter=1)
    with django_assert_num_queries(6):
        assert client.get(listed).json()["count"] == 3
