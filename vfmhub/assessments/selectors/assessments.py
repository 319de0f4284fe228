"""Reads of assessments for one user, each in a fixed number of queries whatever the size.

Pages and the API read the same lists through the same functions here.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from vfmhub.accounts.models import User
from vfmhub.assessments.access import organisation_assessments_filter, sees_provisional
from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    Evidence,
    Finding,
    RolledUpScore,
    Score,
    ScoreAmendment,
    ScoreStage,
)
from vfmhub.assessments.worklist import awaiting_filter
from vfmhub.frameworks.access import visible_versions_filter
from vfmhub.frameworks.models import (
    Criterion,
    FrameworkVersion,
    RollupRule,
    ScaleLabel,
    Theme,
)
from vfmhub.organisations.access import OrganisationAccess
from vfmhub.organisations.models import AuditorAssignment, OrganisationMembership, OrganisationRole


def organisation_assessments(
    user: User,
    access: OrganisationAccess,
    today: datetime.date,
    *,
    awaiting: str = "",
    year: int | None = None,
    version_id: int | None = None,
    kind: str | None = None,
) -> QuerySet[Assessment]:
    """The organisation's assessments `user` may see (and their own draft peer assessments),
    narrowed to those `awaiting` a step (see `worklist`), a year, a version or a kind."""
    visible = organisation_assessments_filter(access, today)
    if visible:  # an empty Q means all of them; `Q() | other` would narrow it to `other`
        visible |= Q(kind=AssessmentKind.PEER, created_by=user)
    wanted = {"year": year, "version_id": version_id, "kind": kind}
    assessments = (
        Assessment.objects.filter(organisation=access.organisation)
        .filter(visible)
        .filter(**{name: value for name, value in wanted.items() if value is not None})
    )
    awaiting_q = awaiting_filter(awaiting, access)
    if awaiting_q is not None:
        assessments = assessments.filter(awaiting_q)
    return assessments.select_related("version", "version__framework", "peer_partnership").order_by(
        "-year", "version__framework__order", "version__first_year", "kind", "pk"
    )


def assessment_with_scores(assessment: Assessment, access: OrganisationAccess) -> Assessment:
    """The assessment with the scores, theme and overall scores of each stage the user may see,
    and its findings, attached as `scores_out`, `rolled_up_out` and `findings_out` (four
    queries)."""
    stages = list(assessment.score_stages)
    if not sees_provisional(access, assessment.year):
        stages = [stage for stage in stages if stage != ScoreStage.PROVISIONAL]
    amendments = ScoreAmendment.objects.order_by("-amended_at", "-pk")
    assessment.scores_out = list(  # type: ignore[attr-defined]
        Score.objects.filter(assessment=assessment, stage__in=stages)
        .select_related("criterion", "criterion__theme")
        .prefetch_related(Prefetch("amendments", queryset=amendments))
        .order_by("stage", "criterion__theme__order", "criterion__order", "criterion__code")
    )
    assessment.rolled_up_out = list(  # type: ignore[attr-defined]
        RolledUpScore.objects.filter(assessment=assessment, stage__in=stages)
        .select_related("theme")
        .order_by("stage", "theme__order")
    )
    assessment.findings_out = list(assessment_findings(assessment))  # type: ignore[attr-defined]
    return assessment


def startable_versions(user: User) -> QuerySet[FrameworkVersion]:
    """The framework versions `user` may start an assessment on, in framework order."""
    return (
        FrameworkVersion.objects.filter(visible_versions_filter(user))
        .select_related("framework")
        .order_by("framework__order", "framework__name", "first_year")
    )


def assessment_criteria(assessment: Assessment) -> QuerySet[Criterion]:
    """The criteria the assessment scores, in framework order."""
    return (
        Criterion.objects.filter(scores__assessment=assessment)
        .distinct()
        .order_by("theme__order", "order", "code")
    )


def rollup_rule(version: FrameworkVersion, scope: str) -> RollupRule | None:
    """The version's rule for theme or overall scores, with its rows."""
    return version.rollup_rules.prefetch_related("rows").filter(scope=scope).first()


def level_labels(version: FrameworkVersion) -> dict[int, str]:
    """Level value to its words in the version's default label set (one query)."""
    return dict(
        ScaleLabel.objects.filter(
            label_set__scale__version=version, label_set__is_default=True
        ).values_list("level__value", "label")
    )


@dataclass
class ThemeTasks:
    theme: Theme
    scores: list[Score] = field(default_factory=list)
    rolled_up: RolledUpScore | None = None


@dataclass
class TaskList:
    themes: list[ThemeTasks]
    overall: RolledUpScore | None
    scored: int
    total: int


def assessment_scores(assessment: Assessment, stage: str) -> QuerySet[Score]:
    """Scores at `stage` in framework order, with criterion, theme and `evidence_count`."""
    evidence = (
        Evidence.objects.filter(assessment=assessment, criterion=OuterRef("criterion"))
        .order_by()
        .values("criterion")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Score.objects.filter(assessment=assessment, stage=stage)
        .select_related("criterion", "criterion__theme", "scored_by")
        .annotate(evidence_count=Coalesce(Subquery(evidence), 0))
        .order_by("criterion__theme__order", "criterion__order", "criterion__code")
    )


def assessment_task_list(assessment: Assessment, stage: str | None = None) -> TaskList:
    """One task per criterion, grouped by theme, with theme and overall scores (two queries)."""
    stage = stage or assessment.current_stage
    themes: dict[int, ThemeTasks] = {}
    for score in assessment_scores(assessment, stage):
        theme = score.criterion.theme
        themes.setdefault(theme.pk, ThemeTasks(theme=theme)).scores.append(score)
    overall = None
    for row in RolledUpScore.objects.filter(assessment=assessment, stage=stage):
        if row.theme_id is None:
            overall = row
        elif row.theme_id in themes:
            themes[row.theme_id].rolled_up = row
    all_scores = [s for t in themes.values() for s in t.scores]
    return TaskList(
        themes=list(themes.values()),
        overall=overall,
        scored=sum(1 for s in all_scores if s.value is not None),
        total=len(all_scores),
    )


def assessment_findings(assessment: Assessment) -> QuerySet[Finding]:
    return assessment.findings.select_related(
        "finding_type", "criterion", "raised_by", "response_by"
    ).order_by("criterion__order", "raised_at", "pk")


def criterion_evidence(assessment: Assessment, criterion: Criterion) -> QuerySet[Evidence]:
    return assessment.evidence.filter(criterion=criterion).select_related("added_by")


def score_amendments(score: Score) -> QuerySet[ScoreAmendment]:
    return score.amendments.select_related("amended_by").order_by("-amended_at", "-pk")


# Who can take the next step, named on the pages of those who cannot


def organisation_managers(organisation_id: int) -> list[User]:
    """The users who manage the organisation, by name (one query)."""
    memberships = OrganisationMembership.objects.filter(
        organisation_id=organisation_id, role=OrganisationRole.MANAGER
    ).select_related("user")
    return _by_name(m.user for m in memberships)


def appointed_auditors(organisation_id: int, year: int) -> list[User]:
    """The users appointed to audit the organisation for `year`, by name (one query)."""
    assignments = (
        AuditorAssignment.objects.filter(organisation_id=organisation_id, first_year__lte=year)
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
        .select_related("user")
    )
    return _by_name({a.user_id: a.user for a in assignments}.values())


def _by_name(users: Iterable[User]) -> list[User]:
    return sorted(users, key=lambda u: (u.full_name or u.email).lower())
