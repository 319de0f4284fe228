"""A criterion's page: its score form beside the framework's guidance, evidence and amendments."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.assessments import services
from vfmhub.assessments.access import (
    AssessmentNeed,
    assessment_for_user,
    evidence_of,
    score_of,
)
from vfmhub.assessments.forms.assessments import (
    AmendForm,
    EvidenceFileForm,
    EvidenceLinkForm,
    ScoreForm,
)
from vfmhub.assessments.models import Assessment, EvidenceKind, Score, ScoreStage
from vfmhub.assessments.selectors import assessments as selectors
from vfmhub.assessments.views.common import detail_url, form_saved, is_open
from vfmhub.core.post_outcomes import report_outcome
from vfmhub.frameworks.selectors import criterion_details
from vfmhub.organisations.access import NOT_FOUND


def _criterion_url(assessment: Assessment, score: Score) -> str:
    return reverse("assessments:criterion", args=[assessment.pk, score.criterion_id])


def _criterion_page(request, assessment, access, score, **bound_forms):
    labels = selectors.level_labels(assessment.version)
    editable = access.can_score and is_open(assessment)
    context = {
        "assessment": assessment,
        "access": access,
        "score": score,
        "criterion": criterion_details(score.criterion),
        "labels": labels,
        "editable": editable,
        "evidence": selectors.criterion_evidence(assessment, score.criterion),
        "amendments": selectors.score_amendments(score) if assessment.is_locked else [],
        "form": bound_forms.get("form")
        or (ScoreForm(labels=labels, score=score) if editable else None),
        "file_form": bound_forms.get("file_form") or EvidenceFileForm(),
        "link_form": bound_forms.get("link_form") or EvidenceLinkForm(),
    }
    return render(request, "assessments/criterion.html", context)


def criterion_score(request, pk: int, criterion_pk: int):
    assessment, access = assessment_for_user(request.user, pk)
    score = score_of(assessment, criterion_pk)
    if request.method != "POST":
        return _criterion_page(request, assessment, access, score)
    access.require(AssessmentNeed.SCORE)
    form = ScoreForm(request.POST, labels=selectors.level_labels(assessment.version), score=score)

    def save(data: dict) -> None:
        expected = data.pop("version")
        services.score_save(
            acting_user=request.user, score=score, expected_updated_at=expected, **data
        )

    if form_saved(
        request, form, save, done=f"The score for {score.criterion.code} has been saved."
    ):
        return redirect(detail_url(assessment))
    return _criterion_page(request, assessment, access, score, form=form)


def score_amend(request, pk: int, criterion_pk: int):
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.AUDIT)
    score = score_of(assessment, criterion_pk, ScoreStage.FINAL)
    labels = selectors.level_labels(assessment.version)
    form = AmendForm(request.POST or None, labels=labels, score=score)

    def save(data: dict) -> None:
        services.score_amend(acting_user=request.user, score=score, **data)

    done = f"The amendment to {score.criterion.code} is recorded."
    if form_saved(request, form, save, done=done):
        return redirect(_criterion_url(assessment, score))
    context = {
        "assessment": assessment,
        "score": score,
        "labels": labels,
        "form": form,
        "amendments": selectors.score_amendments(score),
    }
    return render(request, "assessments/amend.html", context)


@require_POST
def evidence_upload(request, pk: int, criterion_pk: int):
    assessment, access = assessment_for_user(request.user, pk, need=AssessmentNeed.SCORE)
    score = score_of(assessment, criterion_pk)
    form = EvidenceFileForm(request.POST, request.FILES)

    def save(data: dict) -> None:
        services.evidence_add_file(
            acting_user=request.user,
            assessment=assessment,
            criterion=score.criterion,
            title=data["title"],
            uploaded_file=data["file"],
        )

    if form_saved(request, form, save, done="The file has been added.", field="file"):
        return redirect(_criterion_url(assessment, score))
    return _criterion_page(request, assessment, access, score, file_form=form)


@require_POST
def evidence_link(request, pk: int, criterion_pk: int):
    assessment, access = assessment_for_user(request.user, pk, need=AssessmentNeed.SCORE)
    score = score_of(assessment, criterion_pk)
    form = EvidenceLinkForm(request.POST)

    def save(data: dict) -> None:
        services.evidence_add_link(
            acting_user=request.user, assessment=assessment, criterion=score.criterion, **data
        )

    if form_saved(request, form, save, done="The link has been added."):
        return redirect(_criterion_url(assessment, score))
    return _criterion_page(request, assessment, access, score, link_form=form)


def evidence_download(request, pk: int, evidence_pk: int):
    assessment, _ = assessment_for_user(request.user, pk)
    evidence = evidence_of(assessment, evidence_pk)
    if evidence.kind != EvidenceKind.FILE:
        raise Http404(NOT_FOUND)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name or "evidence",
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def evidence_remove(request, pk: int, evidence_pk: int):
    assessment, _ = assessment_for_user(request.user, pk, need=AssessmentNeed.SCORE)
    evidence = evidence_of(assessment, evidence_pk)
    report_outcome(
        request,
        lambda: services.evidence_remove(acting_user=request.user, evidence=evidence),
        f"“{evidence.title}” has been removed.",
    )
    return redirect("assessments:criterion", pk=assessment.pk, criterion_pk=evidence.criterion_id)
