"""Findings and recommendations: raised and changed by the auditor or peer reviewer, answered by
the body's editors and managers. A change or an answer names the version it changes."""

from ninja import Router, Status

from vfmhub.assessments import services
from vfmhub.assessments.access import (
    AssessmentNeed,
    assessment_for_user,
    criterion_of,
    finding_of,
    finding_type_of,
)
from vfmhub.assessments.api.common import needs, version_sent
from vfmhub.assessments.api.schemas import FindingIn, FindingOut, FindingPatchIn, ResponseIn
from vfmhub.core.api.versions import updates_record
from vfmhub.core.api.writes import write_access

router = Router()  # joins the assessments router, which tags its operations
FINDING = "/{int:assessment_id}/findings/{int:finding_id}"
CAN_RAISE = needs(AssessmentNeed.FINDINGS)


@router.post(
    "/{int:assessment_id}/findings",
    response={201: FindingOut},
    summary="Record a finding or recommendation (the auditor or peer reviewer)",
)
@write_access(CAN_RAISE)
def add_finding(request, assessment_id: int, payload: FindingIn):
    assessment, _ = assessment_for_user(request.user, assessment_id, need=AssessmentNeed.FINDINGS)
    finding = services.finding_add(
        acting_user=request.user,
        assessment=assessment,
        finding_type=finding_type_of(assessment, payload.finding_type_id),
        title=payload.title,
        detail=payload.detail,
        criterion=criterion_of(assessment, payload.criterion_id),
    )
    return Status(201, finding_of(assessment, finding.pk))


@router.patch(
    FINDING,
    response=FindingOut,
    summary="Change a finding; fields left out keep their values",
)
@write_access(CAN_RAISE)
@updates_record
def patch_finding(request, assessment_id: int, finding_id: int, payload: FindingPatchIn):
    assessment, _ = assessment_for_user(request.user, assessment_id, need=AssessmentNeed.FINDINGS)
    finding = finding_of(assessment, finding_id)
    sent = payload.dict(exclude_unset=True)
    type_id = sent.get("finding_type_id", finding.finding_type_id)
    criterion_id = sent.get("criterion_id", finding.criterion_id)
    with version_sent(request, payload.updated_at) as expected:
        services.finding_update(
            acting_user=request.user,
            finding=finding,
            title=sent.get("title") or finding.title,
            detail=sent.get("detail", finding.detail) or "",
            finding_type=finding_type_of(assessment, type_id),
            criterion=criterion_of(assessment, criterion_id),
            expected_updated_at=expected,
        )
    return finding_of(assessment, finding_id)


@router.post(
    f"{FINDING}/response",
    response=FindingOut,
    summary="The body's management response to a finding (its editors and managers)",
)
@write_access(needs(AssessmentNeed.RESPOND))
@updates_record
def respond_to_finding(request, assessment_id: int, finding_id: int, payload: ResponseIn):
    assessment, _ = assessment_for_user(request.user, assessment_id, need=AssessmentNeed.RESPOND)
    finding = finding_of(assessment, finding_id)
    with version_sent(request, payload.updated_at) as expected:
        services.finding_respond(
            acting_user=request.user,
            finding=finding,
            response=payload.response,
            expected_updated_at=expected,
        )
    return finding_of(assessment, finding_id)
