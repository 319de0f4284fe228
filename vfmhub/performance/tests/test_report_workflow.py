"""The quarterly report's workflow: draft → service sign-off → director sign-off → published, in
that order only, by managers only, published once and never changed afterwards."""

# The fixtures `built` and `published` come from test_report_data, imported by name.
# ruff: noqa: F401, F811

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.performance.models import QuarterlyReport, ReportStatus
from vfmhub.performance.services import reports as services
from vfmhub.performance.tests.test_report_data import QUARTER, YEAR, built, published
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db


def draft(personas, quarter=QUARTER) -> QuarterlyReport:
    return services.report_create(
        acting_user=personas.manager, organisation=personas.org_a, year=YEAR, quarter=quarter
    )


def messages(exc: ValidationError) -> list[str]:
    return exc.messages


def test_it_moves_through_each_step_in_order_keeping_each_note(personas, built):
    manager = personas.manager
    report = draft(personas)
    assert report.status == ReportStatus.DRAFT
    assert report.title == "Ashby District Council quarterly report: Q2 2009/10"

    services.report_sign_off_service(acting_user=manager, report=report, note="Service lead")
    services.report_sign_off_director(acting_user=manager, report=report, note="Director")
    report = services.report_publish(acting_user=manager, report=report, note="Cabinet 20 Oct")

    assert report.status == ReportStatus.PUBLISHED
    assert report.published_by == manager and report.published_at is not None
    steps = [(s.from_status, s.to_status, s.note) for s in report.sign_offs.all()]
    assert steps == [
        ("draft", "service_signed", "Service lead"),
        ("service_signed", "director_signed", "Director"),
        ("director_signed", "published", "Cabinet 20 Oct"),
    ]
    actions = set(
        AuditEvent.objects.filter(object_id=str(report.pk)).values_list("action", flat=True)
    )
    assert {"quarterly_report.create", "quarterly_report.publish"} <= actions


def test_it_refuses_to_skip_a_step(personas, built):
    manager = personas.manager
    report = draft(personas)
    with pytest.raises(ValidationError) as refused:
        services.report_publish(acting_user=manager, report=report)
    assert messages(refused.value) == ["This report is draft: it cannot be published now."]
    with pytest.raises(ValidationError):
        services.report_sign_off_director(acting_user=manager, report=report)
    services.report_sign_off_service(acting_user=manager, report=report)
    with pytest.raises(ValidationError):
        services.report_sign_off_service(acting_user=manager, report=report)
    with pytest.raises(ValidationError):
        services.report_publish(acting_user=manager, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SERVICE_SIGNED and report.snapshot is None


def test_a_published_report_refuses_every_further_change(personas, published):
    manager = personas.manager
    for step in (
        services.report_publish,
        services.report_sign_off_service,
        services.report_sign_off_director,
    ):
        with pytest.raises(ValidationError) as refused:
            step(acting_user=manager, report=published)
        assert messages(refused.value) == [services.PUBLISHED_FROZEN]
    with pytest.raises(ValidationError):
        services.report_send_back(acting_user=manager, report=published, reason="Typo")
    assert published.sign_offs.count() == 3


def test_sending_back_needs_a_reason_and_starts_again_from_draft(personas, built):
    manager = personas.manager
    report = draft(personas)
    with pytest.raises(ValidationError):
        services.report_send_back(acting_user=manager, report=report, reason="Not yet")
    services.report_sign_off_service(acting_user=manager, report=report)
    services.report_sign_off_director(acting_user=manager, report=report)
    with pytest.raises(ValidationError) as refused:
        services.report_send_back(acting_user=manager, report=report, reason="  ")
    assert messages(refused.value) == [services.REASON_NEEDED]

    report = services.report_send_back(acting_user=manager, report=report, reason="Wrong budget")

    assert report.status == ReportStatus.DRAFT
    assert report.sign_offs.order_by("pk").reverse()[0].note == "Wrong budget"
    with pytest.raises(ValidationError):
        services.report_sign_off_director(acting_user=manager, report=report)


def test_only_managers_move_a_report_on(personas, built):
    report = draft(personas)
    for name in ("editor", "viewer", "partnership_manager", "outsider"):
        with pytest.raises(PermissionDenied):
            services.report_sign_off_service(acting_user=personas.user(name), report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_one_report_a_quarter_and_the_quarter_must_exist(personas, built):
    draft(personas)
    with pytest.raises(ValidationError) as refused:
        draft(personas)
    assert refused.value.message_dict == {"quarter": ["There is already a report for Q2 2009/10."]}
    with pytest.raises(ValidationError) as refused:
        draft(personas, quarter=5)
    assert refused.value.message_dict == {"quarter": [services.QUARTER_RANGE]}


def step_url(personas, report, step: str) -> str:
    return reverse(f"performance:report_{step}", args=[personas.org_a.pk, report.pk])


def test_the_step_pages_are_for_managers_only(personas, built):
    report = draft(personas)
    url = step_url(personas, report, "sign_off_service")
    assert_access(
        personas,
        url,
        method="post",
        data={"note": "Looks right"},
        allowed=["manager"],
        forbidden=["editor", "viewer", "auditor", "partnership_manager", "partnership_viewer"],
        hidden=["outsider"],
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SERVICE_SIGNED
    assert report.sign_offs.get().note == "Looks right"


def test_the_step_pages_go_back_to_the_report_or_say_why_not(personas, built):
    report = draft(personas)
    client = client_for(personas.manager)
    response = client.post(step_url(personas, report, "publish"), {"note": ""})
    assert response.status_code == 200
    assert "This report is draft: it cannot be published now." in response.content.decode()

    response = client.post(step_url(personas, report, "sign_off_service"), {"note": "ok"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "performance:report", args=[personas.org_a.pk, report.pk]
    )
    response = client.post(step_url(personas, report, "send_back"), {"reason": ""})
    assert "Say why the report goes back to draft." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SERVICE_SIGNED


def test_the_create_page_starts_a_draft_for_editors(personas, built):
    url = reverse("performance:report_create", args=[personas.org_a.pk])
    assert_access(
        personas,
        url,
        method="post",
        data={"year": "2009", "quarter": "3"},
        allowed=["editor"],
        forbidden=["viewer", "auditor", "partnership_manager"],
        hidden=["outsider"],
    )
    report = QuarterlyReport.objects.get(organisation=personas.org_a)
    assert (report.year, report.quarter, report.status) == (2009, 3, ReportStatus.DRAFT)
    response = client_for(personas.editor).post(url, {"year": "2009", "quarter": "3"})
    assert "There is already a report for Q3 2009/10." in response.content.decode()
    response = client_for(personas.editor).post(url, {"year": "twenty", "quarter": "9"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
