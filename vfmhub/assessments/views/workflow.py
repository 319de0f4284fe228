"""The workflow steps, each behind a check-your-answers page: submit, record final scores, publish.

Each step is a GET page saying what is missing, what will happen and who can undo it, and a POST
that takes the step through the service (which enforces the same rules).
"""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render

from vfmhub.assessments import services
from vfmhub.assessments.access import AssessmentNeed, assessment_for_user
from vfmhub.assessments.forms.assessments import ConfirmForm, FinaliseForm, SubmitCheckForm
from vfmhub.assessments.models import AssessmentKind, AssessmentStatus, ScoreStage
from vfmhub.assessments.selectors import assessments as selectors
from vfmhub.assessments.services.checks import finalise_gaps, listed, stage_gaps
from vfmhub.assessments.services.workflow import (
    FINALISE_ONLY_PROVISIONAL,
    PUBLISH_ONLY_FINAL,
    SUBMIT_ONLY_DRAFT,
)
from vfmhub.assessments.views.common import detail_url, form_saved
from vfmhub.core.form_pages import form_page
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label

FINALISE_ANSWERS = "assessments-finalise-{pk}"


def _refuse(request, assessment, message: str):
    messages.error(request, message)
    return redirect(detail_url(assessment))


def assessment_submit(request, pk: int):
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.SUBMIT)
    if assessment.status != AssessmentStatus.DRAFT:
        return _refuse(request, assessment, SUBMIT_ONLY_DRAFT)
    gaps = stage_gaps(assessment)
    data = request.POST if request.method == "POST" else None  # an empty POST still confirms
    form = SubmitCheckForm(data, assessment=assessment, gaps=gaps)

    def save(data: dict) -> None:
        services.assessment_submit(
            acting_user=request.user,
            assessment=assessment,
            confirm_incomplete=data.get("confirm_incomplete", False),
        )

    if form_saved(request, form, save, done="The assessment has been submitted."):
        return redirect(detail_url(assessment))
    context = {
        "assessment": assessment,
        "gaps": gaps,
        "form": form,
        "managers": selectors.organisation_managers(assessment.organisation_id),
        "is_self": assessment.kind == AssessmentKind.SELF,
    }
    return render(request, "assessments/check_submit.html", context)


def _stored_answers(request, pk: int) -> tuple[dict[int, int | None], datetime.date | None] | None:
    stored = request.session.get(FINALISE_ANSWERS.format(pk=pk))
    if not stored:
        return None
    values = {int(key): value for key, value in stored["final_values"].items()}
    publish_on = stored["publish_on"]
    return values, datetime.date.fromisoformat(publish_on) if publish_on else None


def assessment_finalise(request, pk: int):
    """The final scores form; its answers wait in the session for the check page."""
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.AUDIT)
    if assessment.status != AssessmentStatus.PROVISIONAL:
        return _refuse(request, assessment, FINALISE_ONLY_PROVISIONAL)
    provisional = list(selectors.assessment_scores(assessment, ScoreStage.PROVISIONAL))
    labels = selectors.level_labels(assessment.version)
    form = FinaliseForm(
        request.POST or None,
        labels=labels,
        provisional=provisional,
        answers=_stored_answers(request, pk),
    )
    if request.method == "POST" and form.is_valid():
        publish_on = form.cleaned_data["publish_on"]
        request.session[FINALISE_ANSWERS.format(pk=pk)] = {
            "final_values": {str(key): value for key, value in form.final_values().items()},
            "publish_on": publish_on.isoformat() if publish_on else None,
        }
        return redirect("assessments:finalise_check", pk=pk)
    return form_page(
        request,
        form,
        title="Record final scores",
        caption=str(assessment),
        back_url=detail_url(assessment),
        submit_label="Continue",
        intro="Each score starts from the provisional one. You can check your answers before "
        "the final scores are recorded and locked.",
    )


def assessment_finalise_check(request, pk: int):
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.AUDIT)
    if assessment.status != AssessmentStatus.PROVISIONAL:
        return _refuse(request, assessment, FINALISE_ONLY_PROVISIONAL)
    answers = _stored_answers(request, pk)
    if answers is None:
        return redirect("assessments:finalise", pk=pk)
    final_values, publish_on = answers
    form = ConfirmForm(request.POST if request.method == "POST" else None)

    def save(_: dict) -> None:
        services.assessment_finalise(
            acting_user=request.user,
            assessment=assessment,
            final_values=final_values,
            publish_on=publish_on,
        )
        del request.session[FINALISE_ANSWERS.format(pk=pk)]

    if form_saved(request, form, save, done="The final scores are recorded and locked."):
        return redirect(detail_url(assessment))
    provisional = list(selectors.assessment_scores(assessment, ScoreStage.PROVISIONAL))
    context = {
        "assessment": assessment,
        "gaps": finalise_gaps(assessment, final_values),
        "changed": [
            (score, final_values[score.criterion_id])
            for score in provisional
            if final_values.get(score.criterion_id, score.value) != score.value
        ],
        "publish_on": publish_on,
        "form": form,
    }
    return render(request, "assessments/check_finalise.html", context)


def assessment_publish(request, pk: int):
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.AUDIT)
    if assessment.status != AssessmentStatus.FINAL:
        return _refuse(request, assessment, PUBLISH_ONLY_FINAL)
    form = ConfirmForm(request.POST if request.method == "POST" else None)

    def save(_: dict) -> None:
        services.assessment_publish(acting_user=request.user, assessment=assessment)

    if form_saved(request, form, save, done="The final scores are published."):
        return redirect(detail_url(assessment))
    context = {
        "assessment": assessment,
        "gaps": stage_gaps(assessment, ScoreStage.FINAL),
        "embargoed": assessment.is_embargoed_on(clock.today()),
        "form": form,
    }
    return render(request, "assessments/check_publish.html", context)


def _people(users) -> str:
    return listed([f"{u.full_name} ({u.email})" if u.full_name else u.email for u in users], "or")


def next_step_note(assessment, access) -> str:
    """Who can take the assessment's next step, for someone who cannot (empty when they can)."""
    organisation = assessment.organisation
    kind, status = assessment.kind, assessment.status
    if kind == AssessmentKind.SELF and status == AssessmentStatus.DRAFT and not access.can_submit:
        managers = selectors.organisation_managers(organisation.pk)
        who = (
            f"ask {_people(managers)}"
            if managers
            else f"{organisation.name} has no manager yet, so ask a VFM Hub administrator"
        )
        return f"Only a manager at {organisation.name} can submit this assessment: {who}."
    if kind == AssessmentKind.PEER and status == AssessmentStatus.DRAFT and not access.can_submit:
        author = assessment.created_by
        who = f": {_people([author])}" if author else ""
        return f"Only the peer reviewer who made this assessment can submit it{who}."
    steps = {
        AssessmentStatus.PROVISIONAL: "record the final scores",
        AssessmentStatus.FINAL: "publish the final scores",
    }
    if kind == AssessmentKind.AUDITOR and status in steps and not access.can_audit:
        auditors = selectors.appointed_auditors(organisation.pk, assessment.year)
        who = (
            f"ask {_people(auditors)}"
            if auditors
            else "no auditor has been appointed in VFM Hub for that year yet"
        )
        year = financial_year_label(assessment.year)
        return (
            f"Only the auditor appointed to {organisation.name} for {year} can "
            f"{steps[status]}: {who}."
        )
    return ""
