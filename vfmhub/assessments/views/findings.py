"""Findings and recommendations: raised by the auditor or peer, answered by the body."""

from vfmhub.assessments import services
from vfmhub.assessments.access import AssessmentNeed, assessment_for_user, finding_of
from vfmhub.assessments.forms.assessments import FindingForm, FindingResponseForm
from vfmhub.assessments.models import Assessment, Finding
from vfmhub.assessments.selectors import assessments as selectors
from vfmhub.assessments.views.common import assessment_form_page
from vfmhub.frameworks.selectors import version_finding_types


def _finding_form(request, assessment: Assessment, finding: Finding | None = None) -> FindingForm:
    return FindingForm(
        request.POST or None,
        finding_types=version_finding_types(assessment.version),
        criteria=selectors.assessment_criteria(assessment),
        finding=finding,
    )


def finding_add(request, pk: int):
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.FINDINGS)

    def save(data: dict) -> Finding:
        del data["version"]
        return services.finding_add(acting_user=request.user, assessment=assessment, **data)

    return assessment_form_page(
        request,
        assessment,
        _finding_form(request, assessment),
        save,
        done="The finding has been added.",
        title="Add a finding or recommendation",
        submit_label="Add",
    )


def finding_edit(request, pk: int, finding_pk: int):
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.FINDINGS)
    finding = finding_of(assessment, finding_pk)

    def save(data: dict) -> Finding:
        expected = data.pop("version") or None
        return services.finding_update(
            acting_user=request.user, finding=finding, expected_updated_at=expected, **data
        )

    return assessment_form_page(
        request,
        assessment,
        _finding_form(request, assessment, finding),
        save,
        done="The finding has been saved.",
        title="Change the finding",
    )


def finding_respond(request, pk: int, finding_pk: int):
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.RESPOND)
    finding = finding_of(assessment, finding_pk)
    form = FindingResponseForm(
        request.POST or None, initial={"management_response": finding.management_response}
    )

    def save(data: dict) -> Finding:
        return services.finding_respond(
            acting_user=request.user, finding=finding, response=data["management_response"]
        )

    return assessment_form_page(
        request,
        assessment,
        form,
        save,
        done="The management response has been saved.",
        title=f"Respond to: {finding.title}",
        submit_label="Save response",
        intro=finding.detail,
    )
