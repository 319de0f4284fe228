"""Saving criterion scores while an assessment is open, and amending them once locked."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.assessments.models import Score, ScoreAmendment, ScoreStage
from vfmhub.assessments.services.common import check_on_scale, check_stage_open
from vfmhub.assessments.services.rollups import NOT_CURRENT_STAGE, save_and_roll_up
from vfmhub.audit.services import acting, audit_record_changed, snapshot
from vfmhub.core.concurrency import check_unchanged, lock_row, lock_unchanged
from vfmhub.lib import clock

AMEND_ONLY_FINAL = "Only a final score of a locked assessment is corrected by an amendment."
AMEND_NEEDS_REASON = "Give a reason for the amendment."
AMEND_CHANGES_NOTHING = "The amendment changes nothing: give a different score or narrative."

SCORE_FIELDS = ["value", "narrative", "strengths", "areas_for_improvement"]


@transaction.atomic
def score_save(
    *,
    acting_user: User | None,
    score: Score,
    value: int | None,
    narrative: str = "",
    strengths: str = "",
    areas_for_improvement: str = "",
    expected_updated_at: datetime.datetime | str | None = None,
) -> Score:
    """Save one criterion's score; refuses if someone else saved it since `expected_updated_at`."""
    score = lock_row(Score, score.pk, "assessment__version")
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
    score.scored_by = acting(acting_user)
    score.scored_at = clock.now()
    save_and_roll_up(acting_user=acting_user, row=score, roll_up=before["value"] != value)
    audit_record_changed(
        acting_user=acting_user,
        action="score.save",
        obj=score,
        before=before,
    )
    return score


@transaction.atomic
def score_amend(
    *,
    acting_user: User | None,
    score: Score,
    value: int | None,
    reason: str,
    narrative: str | None = None,
    expected_updated_at: datetime.datetime | str | None = None,
) -> ScoreAmendment:
    """Correct a locked final score; the old value and narrative stay in the amendment.
    Refused if the score was changed since `expected_updated_at` (when given)."""
    score = lock_unchanged(score, expected_updated_at, "assessment__version")
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
        amended_by=acting(acting_user),
    )
    amendment.full_clean()
    amendment.save()
    before = snapshot(score, ["value", "narrative"])
    score.value = value
    score.narrative = new_narrative
    save_and_roll_up(acting_user=acting_user, row=score)
    audit_record_changed(
        acting_user=acting_user,
        action="score.amend",
        obj=score,
        before=before,
        note=reason,
    )
    return amendment
