"""Saving criterion scores, amending final ones, and entering theme and overall scores.

A change names the version it changes (`updated_at`, see `vfmhub.core.api.versions`): 428
without one, 409 Conflict when it would overwrite someone else's newer change.
"""

from ninja import Router, Status

from vfmhub.assessments import services
from vfmhub.assessments.access import (
    AssessmentNeed,
    assessment_for_user,
    rolled_up_of,
    score_of,
)
from vfmhub.assessments.api.common import needs, version_sent
from vfmhub.assessments.api.schemas import (
    AmendIn,
    AmendmentOut,
    RolledUpIn,
    RolledUpOut,
    ScoreIn,
    ScoreOut,
    ScorePatchIn,
)
from vfmhub.assessments.models import Score, ScoreStage
from vfmhub.assessments.services.scores import SCORE_FIELDS
from vfmhub.core.api.versions import updates_record
from vfmhub.core.api.writes import write_access

router = Router()  # joins the assessments router, which tags its operations
SCORE = "/{int:assessment_id}/scores/{int:criterion_id}"
CAN_SCORE = needs(AssessmentNeed.SCORE)


def _save_score(
    request, assessment_id: int, criterion_id: int, payload: ScoreIn | ScorePatchIn
) -> Score:
    """Save the score at the current stage: fields a PATCH leaves out keep their values."""
    assessment, _ = assessment_for_user(request.user, assessment_id, need=AssessmentNeed.SCORE)
    score = score_of(assessment, criterion_id)
    sent = payload.dict(exclude_unset=isinstance(payload, ScorePatchIn), exclude={"updated_at"})
    values = {name: sent.get(name, getattr(score, name)) for name in SCORE_FIELDS}
    for text in SCORE_FIELDS[1:]:
        values[text] = values[text] or ""
    with version_sent(request, payload.updated_at) as expected:
        services.score_save(
            acting_user=request.user, score=score, expected_updated_at=expected, **values
        )
    return score_of(assessment, criterion_id)


@router.put(
    SCORE,
    response=ScoreOut,
    summary="Save a criterion's score at the current stage (send the updated_at you read)",
)
@write_access(CAN_SCORE)
@updates_record
def put_score(request, assessment_id: int, criterion_id: int, payload: ScoreIn):
    return _save_score(request, assessment_id, criterion_id, payload)


@router.patch(
    SCORE,
    response=ScoreOut,
    summary="Change some of a criterion's score fields; those left out keep their values",
)
@write_access(CAN_SCORE)
@updates_record
def patch_score(request, assessment_id: int, criterion_id: int, payload: ScorePatchIn):
    return _save_score(request, assessment_id, criterion_id, payload)


@router.post(
    f"{SCORE}/amend",
    response={201: AmendmentOut},
    summary="Correct a final (locked) score with a reason; the old value stays in history",
)
@write_access(CAN_SCORE)
@updates_record
def amend_score(request, assessment_id: int, criterion_id: int, payload: AmendIn):
    assessment, _ = assessment_for_user(request.user, assessment_id, need=AssessmentNeed.SCORE)
    score = score_of(assessment, criterion_id, ScoreStage.FINAL)
    with version_sent(request, payload.updated_at) as expected:
        amendment = services.score_amend(
            acting_user=request.user,
            score=score,
            expected_updated_at=expected,
            **payload.dict(exclude={"updated_at"}),
        )
    return Status(201, amendment)


@router.put(
    "/{int:assessment_id}/rolled-up/{int:rolled_up_id}",
    response=RolledUpOut,
    summary="Enter a theme or overall score (a manual rule, or an override with a reason)",
)
@write_access(CAN_SCORE)
@updates_record
def put_rolled_up(request, assessment_id: int, rolled_up_id: int, payload: RolledUpIn):
    assessment, _ = assessment_for_user(request.user, assessment_id, need=AssessmentNeed.SCORE)
    rolled_up = rolled_up_of(assessment, rolled_up_id)
    with version_sent(request, payload.updated_at) as expected:
        services.rolled_up_enter(
            acting_user=request.user,
            rolled_up=rolled_up,
            expected_updated_at=expected,
            **payload.dict(exclude={"updated_at"}),
        )
    return rolled_up_of(assessment, rolled_up_id)
