"""An organisation's assessments, starting one, the task list and the workflow steps."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from vfmhub.assessments import forms, selectors, services
from vfmhub.assessments.access import (
    assessment_for_user,
    check_can_start,
    peer_partnerships_for,
    startable_kinds,
)
from vfmhub.assessments.models import AssessmentKind, AssessmentStatus, ScoreStage
from vfmhub.assessments.services.workflow import final_auditor_assessment_exists
from vfmhub.assessments.views.common import detail_url, is_open
from vfmhub.assessments.views.workflow import next_step_note
from vfmhub.assessments.worklist import AWAITING_TITLES, awaiting_filter
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import form_page
from vfmhub.frameworks.access import visible_versions_filter
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import NEEDS_ROLE, organisation_for_user


def _start_form(request, access, data=None) -> forms.StartAssessmentForm:
    versions = (
        FrameworkVersion.objects.filter(visible_versions_filter(request.user))
        .select_related("framework")
        .order_by("framework__order", "framework__name", "first_year")
    )
    year = request.GET.get("year", "")
    return forms.StartAssessmentForm(
        data,
        versions=versions,
        kinds=startable_kinds(request.user, access),
        partnerships=peer_partnerships_for(request.user, access.organisation),
        year=int(year) if year.isdigit() else None,
    )


def organisation_assessments(request, pk: int):
    access = organisation_for_user(request.user, pk)
    assessments = selectors.organisation_assessments(request.user, access, clock.today())
    awaiting = request.GET.get("awaiting", "")
    awaiting_q = awaiting_filter(awaiting, access)
    if awaiting_q is not None:
        assessments = assessments.filter(awaiting_q)
    export = request.GET.get("export")
    if export:
        return export_response(
            export,
            filename=f"{access.organisation.display_name}-assessments",
            headers=["Year", "Framework version", "Kind", "Status", "Publication date"],
            rows=(
                [
                    financial_year_label(a.year),
                    a.version.name,
                    a.get_kind_display(),
                    a.get_status_display(),
                    a.publish_on,
                ]
                for a in assessments
            ),
        )
    can_start = bool(startable_kinds(request.user, access))
    context = {
        "access": access,
        "organisation": access.organisation,
        "assessments": assessments,
        "form": _start_form(request, access) if can_start else None,
        "awaiting_title": AWAITING_TITLES.get(awaiting, "") if awaiting_q is not None else "",
        "query": f"awaiting={awaiting}" if awaiting_q is not None else "",
    }
    return render(request, "assessments/organisation_list.html", context)


def assessment_start(request, pk: int):
    access = organisation_for_user(request.user, pk)
    if not startable_kinds(request.user, access):
        raise PermissionDenied(NEEDS_ROLE)
    form = _start_form(request, access, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check_can_start(
            request.user,
            access,
            kind=data["kind"],
            year=data["year"],
            peer_partnership=data.get("peer_partnership"),
        )
        try:
            assessment = services.assessment_start(
                acting_user=request.user, organisation=access.organisation, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"The {assessment.get_kind_display().lower()} has started.")
            return redirect(detail_url(assessment))
    return form_page(
        request,
        form,
        title="Start an assessment",
        caption=access.organisation.name,
        back_url=reverse("assessments:organisation_list", args=[pk]),
        submit_label="Start assessment",
    )


def _task_rows(task_list, labels):
    for theme in task_list.themes:
        for score in theme.scores:
            yield [
                f"{theme.theme.code} {theme.theme.title}",
                score.criterion.code,
                score.criterion.title,
                score.value,
                labels.get(score.value, "Not scored") if score.value else "Not scored",
                score.narrative,
                score.strengths,
                score.areas_for_improvement,
                score.scored_by.email if score.scored_by else "",
                score.scored_at,
            ]


def assessment_detail(request, pk: int):
    assessment, access = assessment_for_user(request.user, pk)
    task_list = selectors.assessment_task_list(assessment)
    labels = selectors.level_labels(assessment.version)
    export = request.GET.get("export")
    if export:
        return export_response(
            export,
            filename=f"{assessment.organisation.display_name}-{assessment.version.code}-"
            f"{assessment.kind}",
            headers=[
                "Theme",
                "Code",
                "Criterion",
                "Score",
                "Level",
                "Narrative",
                "Strengths",
                "Areas for improvement",
                "Scored by",
                "Scored at",
            ],
            rows=_task_rows(task_list, labels),
        )
    context = {
        "assessment": assessment,
        "access": access,
        "task_list": task_list,
        "labels": labels,
        "findings": selectors.assessment_findings(assessment),
        "can_reopen": _can_reopen(assessment, access),
        "can_enter_rolled_up": access.can_score and (assessment.is_locked or is_open(assessment)),
        "can_edit_scores": access.can_score and is_open(assessment),
        "is_auditor_kind": assessment.kind == AssessmentKind.AUDITOR,
        "stage_label": ScoreStage(assessment.current_stage).label,
        "next_step_note": next_step_note(assessment, access),
    }
    return render(request, "assessments/detail.html", context)


def _can_reopen(assessment, access) -> bool:
    return (
        access.can_reopen
        and assessment.status == AssessmentStatus.SUBMITTED
        and not final_auditor_assessment_exists(assessment)
    )


def assessment_reopen(request, pk: int):
    assessment, access = assessment_for_user(request.user, pk)
    if not access.can_reopen:
        raise PermissionDenied(NEEDS_ROLE)
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_reopen(
                acting_user=request.user, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The self-assessment is a draft again.")
            return redirect(detail_url(assessment))
    return form_page(
        request,
        form,
        title="Reopen the self-assessment",
        caption=str(assessment),
        back_url=detail_url(assessment),
        submit_label="Reopen",
    )
