"""Findings and recommendations: raised by the auditor or peer, answered by the body."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect

from vfmhub.assessments import forms, services
from vfmhub.assessments.access import AssessmentNeed, assessment_for_user
from vfmhub.assessments.models import Assessment, Finding
from vfmhub.assessments.views.common import detail_url
from vfmhub.core.form_pages import form_page
from vfmhub.frameworks.models import Criterion
from vfmhub.frameworks.selectors import version_finding_types
from vfmhub.organisations.access import NEEDS_ROLE, NOT_FOUND


def _finding_form(request, assessment: Assessment, finding: Finding | None = None):
    criteria = Criterion.objects.filter(scores__assessment=assessment).distinct()
    return forms.FindingForm(
        request.POST or None,
        finding_types=version_finding_types(assessment.version),
        criteria=criteria.order_by("theme__order", "order", "code"),
        finding=finding,
    )


def _raiser(request, pk: int) -> Assessment:
    assessment, access = assessment_for_user(request.user, pk)
    if not access.can_raise_findings:
        raise PermissionDenied(NEEDS_ROLE)
    return assessment


def _finding(assessment: Assessment, finding_pk: int) -> Finding:
    finding = assessment.findings.select_related("finding_type", "criterion").filter(pk=finding_pk)
    found = finding.first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def finding_add(request, pk: int):
    assessment = _raiser(request, pk)
    form = _finding_form(request, assessment)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.finding_add(acting_user=request.user, assessment=assessment, **values)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The finding has been added.")
            return redirect(detail_url(assessment))
    return form_page(
        request,
        form,
        title="Add a finding or recommendation",
        caption=str(assessment),
        back_url=detail_url(assessment),
        submit_label="Add",
    )


def finding_edit(request, pk: int, finding_pk: int):
    assessment = _raiser(request, pk)
    finding = _finding(assessment, finding_pk)
    form = _finding_form(request, assessment, finding)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        expected = values.pop("version") or None
        try:
            services.finding_update(
                acting_user=request.user, finding=finding, expected_updated_at=expected, **values
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The finding has been saved.")
            return redirect(detail_url(assessment))
    return form_page(
        request,
        form,
        title="Change the finding",
        caption=str(assessment),
        back_url=detail_url(assessment),
    )


def finding_respond(request, pk: int, finding_pk: int):
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.RESPOND)
    finding = _finding(assessment, finding_pk)
    form = forms.FindingResponseForm(
        request.POST or None, initial={"management_response": finding.management_response}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_respond(
                acting_user=request.user,
                finding=finding,
                response=form.cleaned_data["management_response"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The management response has been saved.")
            return redirect(detail_url(assessment))
    return form_page(
        request,
        form,
        title=f"Respond to: {finding.title}",
        caption=str(assessment),
        back_url=detail_url(assessment),
        submit_label="Save response",
        intro=finding.detail,
    )
