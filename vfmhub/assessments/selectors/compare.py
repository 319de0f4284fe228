"""One body's assessments side by side for a year, and its final scores over the years."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q

from vfmhub.accounts.models import User
from vfmhub.assessments.access import organisation_assessments_filter, sees_provisional
from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    RolledUpScore,
    Score,
    ScoreStage,
)
from vfmhub.assessments.selectors.assessments import organisation_assessments
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.organisations.access import OrganisationAccess


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


def comparison_choices(user: User, access: OrganisationAccess, today: datetime.date) -> list[tuple]:
    """(version id, version name, year) the user can compare for the body, latest first."""
    rows = (
        organisation_assessments(user, access, today)
        .exclude(kind=AssessmentKind.PEER)
        .order_by("-year", "version__name")
        .values_list("version_id", "version__name", "year")
        .distinct()
    )
    return list(dict.fromkeys(rows))


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
