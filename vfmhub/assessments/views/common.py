"""Small pieces the assessment views share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from vfmhub.assessments.access import AssessmentAccess, AssessmentNeed
from vfmhub.assessments.models import Assessment, Score
from vfmhub.assessments.selectors import score_at
from vfmhub.assessments.services.common import check_stage_open
from vfmhub.organisations.access import NEEDS_ROLE, NOT_FOUND


def require(access: AssessmentAccess, need: AssessmentNeed) -> None:
    if not access.allows(need):
        raise PermissionDenied(NEEDS_ROLE)


def detail_url(assessment: Assessment) -> str:
    return reverse("assessments:detail", args=[assessment.pk])


def current_score(assessment: Assessment, criterion_pk: int, stage: str | None = None) -> Score:
    score = score_at(assessment, criterion_pk, stage or assessment.current_stage)
    if score is None:
        raise Http404(NOT_FOUND)
    return score


def is_open(assessment: Assessment) -> bool:
    """Whether the current stage's scores may still be saved (not submitted, not locked)."""
    try:
        check_stage_open(assessment)
    except ValidationError:
        return False
    return True


def error_text(exc) -> str:
    return " ".join(exc.messages)
