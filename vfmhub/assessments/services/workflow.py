"""Starting assessments and moving them on: draft → submitted; provisional → final → published."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    RolledUpScore,
    Score,
    ScoreStage,
)
from vfmhub.assessments.services.checks import finalise_gaps, listed, stage_gaps
from vfmhub.assessments.services.common import NOT_ON_SCALE, scale_values
from vfmhub.assessments.services.rollups import rollups_recalculate
from vfmhub.audit.services import acting, audit_record_changed, audit_record_created, snapshot
from vfmhub.core.concurrency import lock_row
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.frameworks.selectors import applicable_criteria
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import Organisation, Partnership

YEAR_OUTSIDE_VERSION = "{version} is for {first} to {last}. Choose a year in that range."
ALREADY_STARTED = "{organisation} already has a {kind} of {version} for {year}."
PEER_NEEDS_PARTNERSHIP = "Say which partnership's peer review this is."
NOT_A_MEMBER = "{organisation} is not a member of {partnership}."
SUBMIT_ONLY_DRAFT = "Only a draft self or peer assessment can be submitted."
REOPEN_ONLY_SUBMITTED = "Only a submitted self-assessment can be reopened."
REOPEN_NEEDS_REASON = "Give a reason for reopening the self-assessment."
REOPEN_AFTER_FINAL = (
    "The auditor has recorded final scores for this year, so the self-assessment stays submitted."
)
SUBMIT_INCOMPLETE = (
    "{count} {noun} not scored ({codes}). Confirm that you want to submit the assessment with "
    "{them} not scored."
)
FINALISE_ONLY_PROVISIONAL = "Only a provisional auditor assessment can be finalised."
FINALISE_UNKNOWN_CRITERION = "Criterion {criterion} is not part of this assessment."
FINALISE_MISSING_ROLLED_UP = (
    "The final scores cannot be locked without these scores: {missing}. Enter them as "
    "provisional scores first."
)
PUBLISH_ONLY_FINAL = "Only a final auditor assessment can be published."
PUBLISH_EMBARGOED = "The results are embargoed until {date}. Publish them on or after that date."

INITIAL_STATUS = {
    AssessmentKind.SELF: AssessmentStatus.DRAFT,
    AssessmentKind.AUDITOR: AssessmentStatus.PROVISIONAL,
    AssessmentKind.PEER: AssessmentStatus.DRAFT,
}
ASSESSMENT_FIELDS = ["status", "submitted_at", "finalised_at", "publish_on", "published_at"]


def _check_year(version: FrameworkVersion, year: int) -> None:
    last = version.last_year
    if year < version.first_year or (last is not None and year > last):
        raise ValidationError(
            YEAR_OUTSIDE_VERSION.format(
                version=version.name,
                first=financial_year_label(version.first_year),
                last=financial_year_label(last) if last is not None else "now",
            ),
            code="year",
        )


def _check_new(
    organisation: Organisation,
    version: FrameworkVersion,
    year: int,
    kind: str,
    peer_partnership: Partnership | None,
) -> None:
    if kind == AssessmentKind.PEER:
        if peer_partnership is None:
            raise ValidationError(PEER_NEEDS_PARTNERSHIP)
        if not peer_partnership.members.filter(organisation=organisation).exists():
            raise ValidationError(
                NOT_A_MEMBER.format(organisation=organisation, partnership=peer_partnership)
            )
        return
    duplicate = Assessment.objects.filter(
        organisation=organisation, version=version, year=year, kind=kind
    )
    if duplicate.exists():
        raise ValidationError(
            ALREADY_STARTED.format(
                organisation=organisation,
                kind=AssessmentKind(kind).label.lower(),
                version=version.name,
                year=financial_year_label(year),
            ),
            code="duplicate",
        )


@transaction.atomic
def assessment_start(
    *,
    acting_user: User | None,
    organisation: Organisation,
    version: FrameworkVersion,
    year: int,
    kind: str,
    peer_partnership: Partnership | None = None,
) -> Assessment:
    """A new assessment with an empty score for every criterion that applies to the body type."""
    _check_year(version, year)
    _check_new(organisation, version, year, kind, peer_partnership)
    assessment = Assessment(
        organisation=organisation,
        version=version,
        year=year,
        kind=kind,
        status=INITIAL_STATUS[AssessmentKind(kind)],
        peer_partnership=peer_partnership if kind == AssessmentKind.PEER else None,
        created_by=acting(acting_user),
    )
    assessment.full_clean()
    assessment.save()
    # Rows built here from the version's own criteria, so no per-row full_clean.
    Score.objects.bulk_create(
        Score(assessment=assessment, criterion=criterion, stage=assessment.current_stage)
        for criterion in applicable_criteria(version, organisation.body_type)
    )
    rollups_recalculate(
        acting_user=acting_user, assessment=assessment, stage=assessment.current_stage
    )
    audit_record_created(
        acting_user=acting_user,
        action="assessment.start",
        obj=assessment,
        fields=["version", "year", "kind", "status", "peer_partnership"],
    )
    return assessment


def _transition(
    acting_user: User | None,
    assessment: Assessment,
    action: str,
    before: dict[str, Any],
    *,
    note: str = "",
    added: dict[str, Any] | None = None,
) -> None:
    """Save the assessment moved on a step and record it, with what the step `added` (such as
    the final scores) beside the changes to its own fields."""
    assessment.full_clean()
    assessment.save()
    audit_record_changed(
        acting_user=acting_user,
        action=action,
        obj=assessment,
        before=before,
        after={**snapshot(assessment, ASSESSMENT_FIELDS), **(added or {})},
        note=note,
    )


def _locked(assessment: Assessment) -> Assessment:
    return lock_row(Assessment, assessment.pk, "version")


def check_submission_complete(
    assessment: Assessment, unscored: list[str], *, confirm_incomplete: bool
) -> None:
    """Refuse to submit with criteria unscored unless the submitter confirmed it explicitly."""
    if unscored and not confirm_incomplete:
        one = len(unscored) == 1
        version = assessment.version
        raise ValidationError(
            {
                "confirm_incomplete": SUBMIT_INCOMPLETE.format(
                    count=len(unscored),
                    noun=version.criterion_noun if one else version.criterion_noun_plural,
                    codes=listed(unscored),
                    them="it" if one else "them",
                )
            },
            code="incomplete",
        )


@transaction.atomic
def assessment_submit(
    *, acting_user: User | None, assessment: Assessment, confirm_incomplete: bool = False
) -> Assessment:
    """Submit a draft; with criteria unscored only when `confirm_incomplete` says so."""
    assessment = _locked(assessment)
    if (
        assessment.kind not in (AssessmentKind.SELF, AssessmentKind.PEER)
        or assessment.status != AssessmentStatus.DRAFT
    ):
        raise ValidationError(SUBMIT_ONLY_DRAFT)
    unscored = stage_gaps(assessment).unscored_codes
    check_submission_complete(assessment, unscored, confirm_incomplete=confirm_incomplete)
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_by = acting(acting_user)
    assessment.submitted_at = clock.now()
    added = {"submitted_unscored": unscored} if unscored else None
    _transition(acting_user, assessment, "assessment.submit", before, added=added)
    return assessment


def final_auditor_assessment_exists(assessment: Assessment) -> bool:
    return Assessment.objects.filter(
        organisation_id=assessment.organisation_id,
        version_id=assessment.version_id,
        year=assessment.year,
        kind=AssessmentKind.AUDITOR,
        status__in=[AssessmentStatus.FINAL, AssessmentStatus.PUBLISHED],
    ).exists()


@transaction.atomic
def assessment_reopen(
    *, acting_user: User | None, assessment: Assessment, reason: str
) -> Assessment:
    """Back to draft, so the body can correct it; not once the auditor's scores are final."""
    assessment = _locked(assessment)
    if assessment.kind != AssessmentKind.SELF or assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(REOPEN_ONLY_SUBMITTED)
    reason = reason.strip()
    if not reason:
        raise ValidationError(REOPEN_NEEDS_REASON)
    if final_auditor_assessment_exists(assessment):
        raise ValidationError(REOPEN_AFTER_FINAL)
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    assessment.status = AssessmentStatus.DRAFT
    assessment.submitted_by = None
    assessment.submitted_at = None
    _transition(acting_user, assessment, "assessment.reopen", before, note=reason)
    return assessment


def _final_scores(assessment: Assessment, final_values: dict[int, int | None]) -> list[Score]:
    provisional = list(Score.objects.filter(assessment=assessment, stage=ScoreStage.PROVISIONAL))
    known = {score.criterion_id for score in provisional}
    unknown = sorted(set(final_values) - known)
    if unknown:
        raise ValidationError(FINALISE_UNKNOWN_CRITERION.format(criterion=unknown[0]))
    allowed = scale_values(assessment.version)
    if any(v is not None and v not in allowed for v in final_values.values()):
        raise ValidationError(NOT_ON_SCALE.format(version=assessment.version.name))
    return [
        Score(
            assessment=assessment,
            criterion_id=p.criterion_id,
            stage=ScoreStage.FINAL,
            value=final_values.get(p.criterion_id, p.value),
            narrative=p.narrative,
            strengths=p.strengths,
            areas_for_improvement=p.areas_for_improvement,
            scored_by=p.scored_by,
            scored_at=p.scored_at,
        )
        for p in provisional
    ]


def _copy_entered_rollups(assessment: Assessment) -> None:
    """Manual theme and overall scores start from the provisional ones, as the scores do."""
    RolledUpScore.objects.bulk_create(
        RolledUpScore(
            assessment=assessment,
            stage=ScoreStage.FINAL,
            theme_id=row.theme_id,
            value=row.value,
            override_reason=row.override_reason,
            entered_by=row.entered_by,
            entered_at=row.entered_at,
        )
        for row in RolledUpScore.objects.filter(assessment=assessment, stage=ScoreStage.PROVISIONAL)
    )


@transaction.atomic
def assessment_finalise(
    *,
    acting_user: User | None,
    assessment: Assessment,
    final_values: dict[int, int | None],
    publish_on: datetime.date | None = None,
) -> Assessment:
    """Record the final scores (criterion id to value; any left out keep the provisional value).

    After this the scores are locked: a change is an amendment with a reason.
    """
    assessment = _locked(assessment)
    if assessment.status != AssessmentStatus.PROVISIONAL:
        raise ValidationError(FINALISE_ONLY_PROVISIONAL)
    scores = _final_scores(assessment, final_values)
    missing = finalise_gaps(assessment, final_values).rolled_up_missing
    if missing:
        raise ValidationError(
            FINALISE_MISSING_ROLLED_UP.format(missing=listed(missing)), code="missing"
        )
    finals = Score.objects.bulk_create(scores)
    _copy_entered_rollups(assessment)
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    assessment.status = AssessmentStatus.FINAL
    assessment.finalised_by = acting(acting_user)
    assessment.finalised_at = clock.now()
    assessment.publish_on = publish_on
    values = {str(score.criterion_id): score.value for score in finals}
    _transition(
        acting_user,
        assessment,
        "assessment.finalise",
        before,
        added={"final_scores": values},
    )
    rollups_recalculate(acting_user=acting_user, assessment=assessment, stage=ScoreStage.FINAL)
    return assessment


@transaction.atomic
def assessment_publish(*, acting_user: User | None, assessment: Assessment) -> Assessment:
    assessment = _locked(assessment)
    if assessment.status != AssessmentStatus.FINAL:
        raise ValidationError(PUBLISH_ONLY_FINAL)
    today = clock.today()
    if assessment.is_embargoed_on(today):
        raise ValidationError(
            PUBLISH_EMBARGOED.format(date=assessment.publish_on.strftime("%-d %B %Y"))  # type: ignore[union-attr]
        )
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    assessment.status = AssessmentStatus.PUBLISHED
    assessment.published_at = clock.now()
    _transition(acting_user, assessment, "assessment.publish", before)
    return assessment
