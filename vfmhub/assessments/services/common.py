"""Checks and the audit call shared by the assessment services."""

from django.core.exceptions import ValidationError

from vfmhub.assessments.models import Assessment, AssessmentKind, AssessmentStatus
from vfmhub.audit.services import audit_record, changes_between
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


def record(acting_user, action: str, obj, before: dict, after: dict, *, note: str = "") -> None:
    """Audit a change to an object that reaches its organisation through `obj.assessment`."""
    changes = changes_between(before, after)
    if changes or note:
        audit_record(
            acting_user=acting_user,
            action=action,
            obj=obj,
            changes=changes,
            note=note,
            organisation_id=obj.assessment.organisation_id,
        )
