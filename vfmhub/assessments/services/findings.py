"""Findings and recommendations on auditor and peer assessments, and the body's response.

Findings are never deleted: the improvement-plan module will point plan items at them.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.assessments.models import Assessment, AssessmentKind, Finding, Score
from vfmhub.audit.services import acting, save_changed, save_created, snapshot
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.frameworks.models import Criterion, FindingType
from vfmhub.lib import clock

FINDINGS_ONLY_AUDIT_OR_PEER = "Findings are recorded on auditor and peer assessments only."
FINDING_TYPE_NOT_IN_VERSION = "Choose a type of finding from {version}."
FINDING_CRITERION_NOT_IN_ASSESSMENT = "Choose a criterion that is part of this assessment."
RESPONSE_REQUIRED = "Enter the management response."

FINDING_FIELDS = ["title", "detail", "finding_type", "criterion"]


def _check(assessment: Assessment, finding_type: FindingType, criterion: Criterion | None) -> None:
    if assessment.kind not in (AssessmentKind.AUDITOR, AssessmentKind.PEER):
        raise ValidationError(FINDINGS_ONLY_AUDIT_OR_PEER)
    if finding_type.version_id != assessment.version_id:
        raise ValidationError(
            {"finding_type": FINDING_TYPE_NOT_IN_VERSION.format(version=assessment.version.name)}
        )
    if criterion is not None and not (
        Score.objects.filter(assessment=assessment, criterion=criterion).exists()
    ):
        raise ValidationError({"criterion": FINDING_CRITERION_NOT_IN_ASSESSMENT})


@transaction.atomic
def finding_add(
    *,
    acting_user: User | None,
    assessment: Assessment,
    finding_type: FindingType,
    title: str,
    detail: str = "",
    criterion: Criterion | None = None,
) -> Finding:
    _check(assessment, finding_type, criterion)
    finding = Finding(
        assessment=assessment,
        finding_type=finding_type,
        criterion=criterion,
        title=title.strip(),
        detail=detail,
        raised_by=acting(acting_user),
    )
    return save_created(
        finding, acting_user=acting_user, action="finding.add", fields=FINDING_FIELDS
    )


@transaction.atomic
def finding_update(
    *,
    acting_user: User | None,
    finding: Finding,
    title: str,
    detail: str,
    finding_type: FindingType,
    criterion: Criterion | None,
    expected_updated_at: datetime.datetime | str | None = None,
) -> Finding:
    finding = lock_unchanged(finding, expected_updated_at, "assessment__version")
    _check(finding.assessment, finding_type, criterion)
    before = snapshot(finding, FINDING_FIELDS)
    finding.title = title.strip()
    finding.detail = detail
    finding.finding_type = finding_type
    finding.criterion = criterion
    return save_changed(finding, before, acting_user=acting_user, action="finding.update")


@transaction.atomic
def finding_respond(
    *,
    acting_user: User | None,
    finding: Finding,
    response: str,
    expected_updated_at: datetime.datetime | str | None = None,
) -> Finding:
    """The body's management response to a finding (replacing any earlier one, kept in history)."""
    finding = lock_unchanged(finding, expected_updated_at, "assessment")
    response = response.strip()
    if not response:
        raise ValidationError({"management_response": RESPONSE_REQUIRED})
    before = snapshot(finding, ["management_response"])
    finding.management_response = response
    finding.response_by = acting(acting_user)
    finding.response_at = clock.now()
    return save_changed(finding, before, acting_user=acting_user, action="finding.respond")
