"""Reads of assessments for one user, each in a fixed number of queries whatever the size."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Evidence,
    Finding,
    RolledUpScore,
    Score,
    ScoreAmendment,
    ScoreStage,
)
from vfmhub.assessments.visibility import organisation_assessments_filter
from vfmhub.frameworks.models import Criterion, FrameworkVersion, ScaleLabel, Theme
from vfmhub.organisations.access import OrganisationAccess
from vfmhub.organisations.models import AuditorAssignment, OrganisationMembership, OrganisationRole


def organisation_assessments(user, access: OrganisationAccess, today: datetime.date):
    """The organisation's assessments `user` may see (and their own draft peer assessments)."""
    visible = organisation_assessments_filter(access, today)
    if visible:  # an empty Q means all of them; `Q() | other` would narrow it to `other`
        visible |= Q(kind=AssessmentKind.PEER, created_by=user)
    return (
        Assessment.objects.filter(organisation=access.organisation)
        .filter(visible)
        .select_related("version", "version__framework", "peer_partnership")
        .order_by("-year", "version__framework__order", "version__first_year", "kind", "pk")
    )


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


def score_at(assessment: Assessment, criterion_pk, stage: str) -> Score | None:
    return (
        Score.objects.filter(assessment=assessment, criterion_id=criterion_pk, stage=stage)
        .select_related("criterion", "criterion__theme", "scored_by")
        .first()
    )


# Side-by-side comparison


@dataclass(frozen=True)
class Column:
    key: str
    label: str


COLUMNS: dict[tuple[str, str], Column] = {
    (AssessmentKind.SELF, ScoreStage.ASSESSED): Column("self", "Self-assessment"),
    (AssessmentKind.AUDITOR, ScoreStage.PROVISIONAL): Column("provisional", "Auditor provisional"),
    (AssessmentKind.AUDITOR, ScoreStage.FINAL): Column("final", "Auditor final"),
}


@dataclass(frozen=True)
class Cell:
    value: int | None
    differs_from: str = ""  # the label of the column to its left it differs from


@dataclass(frozen=True)
class ComparisonRow:
    code: str
    title: str
    cells: list[Cell]
    is_theme: bool = False


@dataclass(frozen=True)
class Comparison:
    columns: list[Column]
    criteria: list[ComparisonRow]
    themes: list[ComparisonRow]
    overall: ComparisonRow | None


def _cells(values: dict[str, int | None], columns: list[Column]) -> list[Cell]:
    cells, previous = [], None
    for column in columns:
        value = values.get(column.key)
        differs = ""
        if previous is not None and value is not None and previous[1] is not None:
            differs = previous[0].label if value != previous[1] else ""
        cells.append(Cell(value, differs))
        if column.key in values:
            previous = (column, value)
    return cells


def sees_provisional(access: OrganisationAccess, year: int) -> bool:
    """Provisional scores reach the body, its auditor and staff, never a partnership."""
    return bool(access.is_staff or access.role or access.is_auditor_for(year))


def comparison(
    access: OrganisationAccess, version: FrameworkVersion, year: int, today: datetime.date
) -> Comparison:
    """Self vs provisional vs final for one body, version and year (four queries)."""
    assessments = Assessment.objects.filter(
        organisation=access.organisation,
        version=version,
        year=year,
        kind__in=[AssessmentKind.SELF, AssessmentKind.AUDITOR],
    ).filter(organisation_assessments_filter(access, today))
    stages = [ScoreStage.ASSESSED, ScoreStage.FINAL]
    if sees_provisional(access, year):
        stages.append(ScoreStage.PROVISIONAL)
    wanted = Q(assessment__in=assessments, stage__in=stages)
    by_criterion: dict[int, dict[str, int | None]] = {}
    for kind, stage, criterion_id, value in Score.objects.filter(wanted).values_list(
        "assessment__kind", "stage", "criterion_id", "value"
    ):
        by_criterion.setdefault(criterion_id, {})[COLUMNS[(kind, stage)].key] = value
    by_theme: dict[int | None, dict[str, int | None]] = {}
    for kind, stage, theme_id, value in RolledUpScore.objects.filter(wanted).values_list(
        "assessment__kind", "stage", "theme_id", "value"
    ):
        by_theme.setdefault(theme_id, {})[COLUMNS[(kind, stage)].key] = value
    present = {key for values in [*by_criterion.values(), *by_theme.values()] for key in values}
    columns = [c for c in COLUMNS.values() if c.key in present]
    criteria = version.criteria.select_related("theme").order_by("theme__order", "order", "code")
    return Comparison(
        columns=columns,
        criteria=[
            ComparisonRow(c.code, c.title, _cells(by_criterion[c.pk], columns))
            for c in criteria
            if c.pk in by_criterion
        ],
        themes=[
            ComparisonRow(t.code, t.title, _cells(by_theme[t.pk], columns), is_theme=True)
            for t in {c.theme_id: c.theme for c in criteria}.values()
            if t.pk in by_theme
        ],
        overall=ComparisonRow("", "Overall", _cells(by_theme[None], columns), is_theme=True)
        if None in by_theme
        else None,
    )


def comparison_choices(user, access: OrganisationAccess, today: datetime.date) -> list[tuple]:
    """(version id, version name, year) the user can compare for the body, latest first."""
    rows = (
        organisation_assessments(user, access, today)
        .exclude(kind=AssessmentKind.PEER)
        .order_by("-year", "version__name")
        .values_list("version_id", "version__name", "year")
        .distinct()
    )
    return list(dict.fromkeys(rows))


# History over years


@dataclass(frozen=True)
class HistoryRow:
    year: int
    version: str
    assessment_id: int
    overall: int | None
    themes: list[int | None]


@dataclass(frozen=True)
class FrameworkHistory:
    framework: str
    theme_columns: list[tuple[str, str]]  # (code, title)
    rows: list[HistoryRow]
    top_level: int | None  # the highest level on the framework's scales, for charts


def final_history(access: OrganisationAccess, today: datetime.date) -> list[FrameworkHistory]:
    """Final overall and theme scores per year the user may see, by framework (two queries)."""
    finals = list(
        Assessment.objects.filter(
            organisation=access.organisation,
            kind=AssessmentKind.AUDITOR,
            status__in=[AssessmentStatus.FINAL, AssessmentStatus.PUBLISHED],
        )
        .filter(organisation_assessments_filter(access, today))
        .select_related("version", "version__framework")
        .annotate(top_level=Max("version__scale__levels__value"))
        .order_by("version__framework__order", "version__framework__name", "year")
    )
    values: dict[int, dict[str | None, int | None]] = {}
    titles: dict[str, str] = {}
    for assessment_id, code, title, value in (
        RolledUpScore.objects.filter(assessment__in=finals, stage=ScoreStage.FINAL)
        .order_by("theme__order")
        .values_list("assessment_id", "theme__code", "theme__title", "value")
    ):
        values.setdefault(assessment_id, {})[code] = value
        if code is not None:
            titles.setdefault(code, title)
    groups: dict[str, list[Assessment]] = {}
    for assessment in finals:
        groups.setdefault(assessment.version.framework.name, []).append(assessment)
    histories = []
    for name, assessments in groups.items():
        codes = list(
            dict.fromkeys(c for a in assessments for c in values.get(a.pk, {}) if c is not None)
        )
        rows = [
            HistoryRow(
                year=a.year,
                version=a.version.name,
                assessment_id=a.pk,
                overall=values.get(a.pk, {}).get(None),
                themes=[values.get(a.pk, {}).get(code) for code in codes],
            )
            for a in assessments
        ]
        tops = [getattr(a, "top_level", None) for a in assessments]  # annotated above
        top = max((t for t in tops if t is not None), default=None)
        histories.append(FrameworkHistory(name, [(c, titles[c]) for c in codes], rows, top))
    return histories


# Who can take the next step, named on the pages of those who cannot


def organisation_managers(organisation_id: int) -> list:
    """The users who manage the organisation, by name (one query)."""
    memberships = OrganisationMembership.objects.filter(
        organisation_id=organisation_id, role=OrganisationRole.MANAGER
    ).select_related("user")
    return sorted((m.user for m in memberships), key=lambda u: (u.full_name or u.email).lower())


def appointed_auditors(organisation_id: int, year: int) -> list:
    """The users appointed to audit the organisation for `year`, by name (one query)."""
    assignments = (
        AuditorAssignment.objects.filter(organisation_id=organisation_id, first_year__lte=year)
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
        .select_related("user")
    )
    users = {a.user_id: a.user for a in assignments}
    return sorted(users.values(), key=lambda u: (u.full_name or u.email).lower())
