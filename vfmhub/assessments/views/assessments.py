"""An organisation's assessments, starting one, the task list, and reopening a self-assessment."""

from django.shortcuts import render
from django.urls import reverse

from vfmhub.assessments import services
from vfmhub.assessments.access import (
    AssessmentNeed,
    assessment_for_user,
    check_can_start,
    organisation_for_starting,
    peer_partnerships_for,
    startable_kinds,
)
from vfmhub.assessments.exporting.lists import assessments_table, task_list_table
from vfmhub.assessments.forms.assessments import ReopenForm, StartAssessmentForm
from vfmhub.assessments.models import Assessment, AssessmentKind, AssessmentStatus, ScoreStage
from vfmhub.assessments.selectors import assessments as selectors
from vfmhub.assessments.services.workflow import final_auditor_assessment_exists
from vfmhub.assessments.views.common import assessment_form_page, detail_url, is_open
from vfmhub.assessments.views.workflow import next_step_note
from vfmhub.assessments.worklist import AWAITING_TITLES
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.lib import clock
from vfmhub.organisations.access import organisation_for_user


def _start_form(request, access, data=None) -> StartAssessmentForm:
    year = request.GET.get("year", "")
    return StartAssessmentForm(
        data,
        versions=selectors.startable_versions(request.user),
        kinds=startable_kinds(request.user, access),
        partnerships=peer_partnerships_for(request.user, access.organisation),
        year=int(year) if year.isdigit() else None,
    )


def organisation_assessments(request, pk: int):
    access = organisation_for_user(request.user, pk)
    awaiting = request.GET.get("awaiting", "")
    assessments = selectors.organisation_assessments(
        request.user, access, clock.today(), awaiting=awaiting
    )
    export = request.GET.get("export")
    if export:
        headers, rows = assessments_table(assessments)
        filename = f"{access.organisation.display_name}-assessments"
        return export_response(export, filename=filename, headers=headers, rows=rows)
    filtered = awaiting in AWAITING_TITLES
    context = {
        "access": access,
        "organisation": access.organisation,
        "assessments": assessments,
        "form": _start_form(request, access) if startable_kinds(request.user, access) else None,
        "awaiting_title": AWAITING_TITLES[awaiting] if filtered else "",
        "query": f"awaiting={awaiting}" if filtered else "",
    }
    return render(request, "assessments/organisation_list.html", context)


def assessment_start(request, pk: int):
    access = organisation_for_starting(request.user, pk)

    def save(data: dict) -> Assessment:
        check_can_start(
            request.user,
            access,
            kind=data["kind"],
            year=data["year"],
            peer_partnership=data.get("peer_partnership"),
        )
        return services.assessment_start(
            acting_user=request.user, organisation=access.organisation, **data
        )

    form = _start_form(request, access, request.POST or None)
    return save_form_page(
        request,
        form,
        save,
        done=f"The {_kind_started(request, form).label.lower()} has started.",
        back_url=reverse("assessments:organisation_list", args=[pk]),
        title="Start an assessment",
        caption=access.organisation.name,
        submit_label="Start assessment",
        next_url=detail_url,
    )


def _kind_started(request, form: StartAssessmentForm) -> AssessmentKind:
    """The kind of assessment a valid POST starts (the words of the message once it has)."""
    valid = request.method == "POST" and form.is_valid()
    return AssessmentKind(form.cleaned_data["kind"] if valid else AssessmentKind.SELF)


def assessment_detail(request, pk: int):
    assessment, access = assessment_for_user(request.user, pk)
    task_list = selectors.assessment_task_list(assessment)
    labels = selectors.level_labels(assessment.version)
    export = request.GET.get("export")
    if export:
        headers, rows = task_list_table(task_list, labels)
        filename = (
            f"{assessment.organisation.display_name}-{assessment.version.code}-{assessment.kind}"
        )
        return export_response(export, filename=filename, headers=headers, rows=rows)
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
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.REOPEN)

    def save(data: dict) -> Assessment:
        return services.assessment_reopen(acting_user=request.user, assessment=assessment, **data)

    return assessment_form_page(
        request,
        assessment,
        ReopenForm(request.POST or None),
        save,
        done="The self-assessment is a draft again.",
        title="Reopen the self-assessment",
        submit_label="Reopen",
    )
