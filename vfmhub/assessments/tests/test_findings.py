"""Findings on auditor and peer assessments, and the body's management response."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.assessments import services
from vfmhub.assessments.services import findings
from vfmhub.assessments.tests.conftest import score_of
from vfmhub.audit.models import AuditEvent
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.frameworks.models import FindingType

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(provisional) -> FindingType:
    return FindingType.objects.get(version=provisional.version, code="area-for-improvement")


def add(personas, assessment, finding_type, **fields):
    return services.finding_add(
        acting_user=personas.auditor,
        assessment=assessment,
        finding_type=finding_type,
        title=fields.pop("title", "Link plans to the budget"),
        **fields,
    )


def test_it_adds_a_finding_linked_to_a_criterion(personas, provisional, area):
    criterion = score_of(provisional, "1.1").criterion
    finding = add(personas, provisional, area, criterion=criterion, detail="Gaps.")
    assert (finding.criterion, finding.raised_by) == (criterion, personas.auditor)
    assert AuditEvent.objects.get(action="finding.add").organisation_id == personas.org_a.pk


def test_it_refuses_findings_on_a_self_assessment(personas, self_draft, area):
    with pytest.raises(ValidationError) as caught:
        add(personas, self_draft, area)
    assert caught.value.messages == [findings.FINDINGS_ONLY_AUDIT_OR_PEER]


def test_it_refuses_a_type_from_another_version(personas, provisional, uor_2005):
    other = FindingType.objects.filter(version=uor_2005).first()
    with pytest.raises(ValidationError, match="Choose a type of finding from"):
        add(personas, provisional, other)


def test_it_refuses_a_stale_edit(personas, provisional, area):
    finding = add(personas, provisional, area)
    opened_at = finding.updated_at
    services.finding_update(
        acting_user=personas.auditor,
        finding=finding,
        title="New",
        detail="",
        finding_type=area,
        criterion=None,
        expected_updated_at=opened_at,
    )
    with pytest.raises(ValidationError) as caught:
        services.finding_update(
            acting_user=personas.auditor,
            finding=finding,
            title="Other",
            detail="",
            finding_type=area,
            criterion=None,
            expected_updated_at=opened_at,
        )
    assert caught.value.messages == [CHANGED_SINCE_OPENED]


def test_it_records_the_management_response(personas, as_user, provisional, area):
    finding = add(personas, provisional, area)
    url = reverse("assessments:finding_respond", args=[provisional.pk, finding.pk])
    client = as_user(personas.editor)
    empty = client.post(url, {"management_response": " "})
    assert "govuk-error-message" in empty.content.decode()
    assert client.post(url, {"management_response": "Agreed; by March."}).status_code == 302
    finding.refresh_from_db()
    assert finding.management_response == "Agreed; by March."
    assert finding.response_by == personas.editor and finding.response_at
    page = client.get(reverse("assessments:detail", args=[provisional.pk])).content.decode()
    assert "Agreed; by March." in page and "Link plans to the budget" in page


def test_it_adds_a_finding_through_the_page(personas, as_user, provisional, area):
    url = reverse("assessments:finding_add", args=[provisional.pk])
    response = as_user(personas.auditor).post(
        url, {"finding_type": area.pk, "criterion": "", "title": "Improve reporting"}
    )
    assert response.status_code == 302
    assert provisional.findings.get().title == "Improve reporting"
