"""Checks shared by the assessment services."""

from django.core.exceptions import ValidationError

from vfmhub.assessments.models import Assessment, AssessmentKind, AssessmentStatus
from vfmhub.frameworks.models import FrameworkVersion, ScaleLevel

SCORES_LOCKED = (
    "These scores are final and locked. To correct one, record an amendment with a reason."
)
SUBMITTED_CLOSED = (
    "This assessment has been submitted, so it can no longer be changed. "
    "A manager can reopen a submitted self-assessment."
)
NOT_ON_SCALE = "Choose a level on the {version} scale, or “Not scored”."


def check_stage_open(assessment: Assessment, *, allow_locked: bool = False) -> None:
    """Refuse changes to a submitted self or peer assessment, and (unless allowed) a locked one."""
    if assessment.is_locked and not allow_locked:
        raise ValidationError(SCORES_LOCKED, code="locked")
    if (
        assessment.kind in (AssessmentKind.SELF, AssessmentKind.PEER)
        and assessment.status != AssessmentStatus.DRAFT
    ):
        raise ValidationError(SUBMITTED_CLOSED, code="submitted")


def scale_values(version: FrameworkVersion) -> set[int]:
    return set(ScaleLevel.objects.filter(scale__version=version).values_list("value", flat=True))


def check_on_scale(version: FrameworkVersion, value: int | None) -> None:
    if value is not None and value not in scale_values(version):
        raise ValidationError(NOT_ON_SCALE.format(version=version.name), code="not_on_scale")
