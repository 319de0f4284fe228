"""Saving criterion scores while an assessment is open, and amending them once locked."""

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.assessments.models import Score, ScoreAmendment, ScoreStage
from vfmhub.assessments.services.common import check_on_scale, check_stage_open, record
from vfmhub.assessments.services.rollups import NOT_CURRENT_STAGE, rollups_recalculate
from vfmhub.audit.services import snapshot
from vfmhub.core.concurrency import check_unchanged
from vfmhub.lib import clock

AMEND_ONLY_FINAL = "Only a final score of a locked assessment is corrected by an amendment."
AMEND_NEEDS_REASON = "Give a reason for the amendment."
AMEND_CHANGES_NOTHING = "The amendment changes nothing: give a different score or narrative."

SCORE_FIELDS = ["value", "narrative", "strengths", "areas_for_improvement"]


@transaction.atomic
def score_save(
    *,
    acting_user,
    score: Score,
    value: int | None,
    narrative: str = "",
    strengths: str = "",
    areas_for_improvement: str = "",
    expected_updated_at=None,
) -> Score:
    """Save one criterion's score; refuses if someone else saved it since `expected_updated_at`."""
    score = (
        Score.objects.select_for_update(of=("self",))
        .select_related("assessment__version")
        .get(pk=score.pk)
    )
    assessment = score.assessment
    check_stage_open(assessment)
    if score.stage != assessment.current_stage:
        raise ValidationError(NOT_CURRENT_STAGE)
    check_unchanged(score, expected_updated_at)
    check_on_scale(assessment.version, value)
    before = snapshot(score, SCORE_FIELDS)
    score.value = value
    score.narrative = narrative
    score.strengths = strengths
    score.areas_for_improvement = areas_for_improvement
    score.scored_by = acting_user
    score.scored_at = clock.now()
    score.full_clean()
    score.save()
    if before["value"] != value:
        rollups_recalculate(assessment=assessment, stage=score.stage)
    record(acting_user, "score.save", score, before, snapshot(score, SCORE_FIELDS))
    return score


@transaction.atomic
def score_amend(
    *,
    acting_user,
    score: Score,
    value: int | None,
    reason: str,
    narrative: str | None = None,
    expected_updated_at=None,
) -> ScoreAmendment:
    """Correct a locked final score; the old value and narrative stay in the amendment.
    Refused if the score was changed since `expected_updated_at` (when given)."""
    score = (
        Score.objects.select_for_update(of=("self",))
        .select_related("assessment__version")
        .get(pk=score.pk)
    )
    check_unchanged(score, expected_updated_at)
    assessment = score.assessment
    if not assessment.is_locked or score.stage != ScoreStage.FINAL:
        raise ValidationError(AMEND_ONLY_FINAL)
    reason = reason.strip()
    if not reason:
        raise ValidationError(AMEND_NEEDS_REASON)
    check_on_scale(assessment.version, value)
    new_narrative = score.narrative if narrative is None else narrative
    if value == score.value and new_narrative == score.narrative:
        raise ValidationError(AMEND_CHANGES_NOTHING)
    amendment = ScoreAmendment(
        score=score,
        old_value=score.value,
        new_value=value,
        old_narrative=score.narrative,
        new_narrative=new_narrative,
        reason=reason,
        amended_by=acting_user,
    )
    amendment.full_clean()
    amendment.save()
    before = snapshot(score, ["value", "narrative"])
    score.value = value
    score.narrative = new_narrative
    score.full_clean()
    score.save()
    rollups_recalculate(assessment=assessment, stage=score.stage)
    record(
        acting_user,
        "score.amend",
        score,
        before,
        snapshot(score, ["value", "narrative"]),
        note=reason,
    )
    return amendment
