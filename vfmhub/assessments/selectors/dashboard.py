"""Reads for the partnership dashboard: members' visible scores in a fixed number of queries.

Assessments are selected only through `access.partnership_assessments`, so drafts, provisional
scores and embargoed results never reach a partnership's dashboard, export or API.
"""

import datetime
from dataclasses import dataclass
from typing import Required, TypedDict, Unpack

from django.db.models import OuterRef, Q, QuerySet, Subquery

from vfmhub.accounts.models import User
from vfmhub.assessments.access import partnership_assessments
from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    RolledUpScore,
    Score,
    ScoreStage,
    ScoreTarget,
)
from vfmhub.assessments.selectors.distribution import (
    SOURCE_FINAL,
    SOURCE_SELF,
    SOURCES,
    CriterionInfo,
    Distribution,
    LevelColumn,
    Member,
    ScoreData,
    ThemeInfo,
    build_distribution,
)
from vfmhub.assessments.selectors.member_scores import MemberScores, member_scores
from vfmhub.assessments.selectors.target_progress import TargetProgress, targets_progress
from vfmhub.frameworks.access import visible_versions_filter
from vfmhub.frameworks.models import (
    Applicability,
    FrameworkVersion,
    ScaleKind,
    ScaleLabel,
    ScaleLevel,
)
from vfmhub.lib.years import financial_year_bounds
from vfmhub.organisations.models import Partnership, PartnershipMember

# Which assessments and which stage of their scores each source reads.
SOURCE_KIND_STAGE = {
    SOURCE_FINAL: (AssessmentKind.AUDITOR, ScoreStage.FINAL),
    SOURCE_SELF: (AssessmentKind.SELF, ScoreStage.ASSESSED),
}
SOURCE_LABELS = {
    SOURCE_FINAL: "Auditors' final scores",
    SOURCE_SELF: "Submitted self-assessments",
}


def members_during_year(partnership: Partnership, year: int) -> list[Member]:
    """Bodies that were members at any time in financial year `year`, by name (one query)."""
    start, end = financial_year_bounds(year)
    rows = (
        PartnershipMember.objects.filter(partnership=partnership, joined__lte=end)
        .filter(Q(left__isnull=True) | Q(left__gte=start))
        .order_by("organisation__name", "organisation_id")
        .values_list("organisation_id", "organisation__name", "organisation__body_type")
    )
    members: dict[int, Member] = {}
    for organisation_id, name, body_type in rows:
        members.setdefault(organisation_id, Member(organisation_id, name, body_type))
    return list(members.values())


def version_levels(version: FrameworkVersion) -> tuple[list[LevelColumn], bool]:
    """The scale's levels with their default labels, and whether it is numeric (one query)."""
    label = ScaleLabel.objects.filter(level=OuterRef("pk"), label_set__is_default=True)
    rows = (
        ScaleLevel.objects.filter(scale__version=version)
        .annotate(default_label=Subquery(label.values("label")[:1]))
        .order_by("value")
        .values_list("value", "default_label", "scale__kind")
    )
    levels = [LevelColumn(value, text or str(value)) for value, text, _ in rows]
    numeric = all(kind == ScaleKind.SCORED for _, _, kind in rows)
    return levels, numeric


def version_structure(
    version: FrameworkVersion, partnership: Partnership, body_types: set[str]
) -> tuple[list[ThemeInfo], list[CriterionInfo]]:
    """Themes and criteria in order, each criterion with the member body types it does not apply
    to; the partnership's applicability overrides win over the defaults (two queries)."""
    criteria = list(
        version.criteria.select_related("theme").order_by(
            "theme__order", "theme__code", "order", "code"
        )
    )
    found: dict[tuple[int, str, bool], bool] = {}
    for criterion_id, body_type, partnership_id, applies in Applicability.objects.filter(
        Q(partnership__isnull=True) | Q(partnership=partnership),
        criterion__version=version,
        body_type__in=body_types,
    ).values_list("criterion_id", "body_type", "partnership_id", "applies"):
        found[(criterion_id, body_type, partnership_id is not None)] = applies
    themes: dict[int, ThemeInfo] = {}
    infos = []
    for c in criteria:
        themes.setdefault(c.theme_id, ThemeInfo(c.theme_id, c.theme.code, c.theme.title))
        excluded = frozenset(b for b in body_types if not _applies(found, c.pk, b))
        infos.append(CriterionInfo(c.pk, c.code, c.title, c.theme_id, excluded))
    return list(themes.values()), infos


def _applies(found: dict[tuple[int, str, bool], bool], criterion_id: int, body_type: str) -> bool:
    # As frameworks.selectors.criteria_with_applicability: override, else default, else applies.
    override = found.get((criterion_id, body_type, True))
    if override is not None:
        return override
    return found.get((criterion_id, body_type, False), True)


def source_assessments(
    partnership: Partnership,
    version: FrameworkVersion,
    year: int,
    *,
    source: str,
    today: datetime.date,
    members: list[Member],
) -> QuerySet[Assessment]:
    """The members' assessments of `source` the partnership may see on `today` (not evaluated)."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    kind, _ = SOURCE_KIND_STAGE[source]
    return partnership_assessments(partnership, today).filter(
        version=version,
        year=year,
        kind=kind,
        organisation_id__in=[m.organisation_id for m in members],
    )


def dashboard_score_data(
    partnership: Partnership,
    version: FrameworkVersion,
    year: int,
    *,
    source: str = SOURCE_FINAL,
    today: datetime.date,
) -> ScoreData:
    """Everything the distribution and targets need, in seven queries whatever the size."""
    members = members_during_year(partnership, year)  # 1: members during the year
    levels, numeric = version_levels(version)  # 2: scale levels and labels
    themes, criteria = version_structure(  # 3: criteria; 4: applicability
        version, partnership, {m.body_type for m in members}
    )
    assessments = source_assessments(
        partnership, version, year, source=source, today=today, members=members
    )
    stage = SOURCE_KIND_STAGE[source][1]
    data = ScoreData(
        levels=levels,
        themes=themes,
        criteria=criteria,
        members=members,
        assessed_ids=set(assessments.values_list("organisation_id", flat=True)),  # 5
        numeric=numeric,
    )
    for organisation_id, criterion_id, value in Score.objects.filter(  # 6: criterion scores
        assessment__in=assessments, stage=stage
    ).values_list("assessment__organisation_id", "criterion_id", "value"):
        data.criterion_scores[(organisation_id, criterion_id)] = value
    for organisation_id, theme_id, value in RolledUpScore.objects.filter(  # 7: theme and overall
        assessment__in=assessments, stage=stage
    ).values_list("assessment__organisation_id", "theme_id", "value"):
        data.rolled_up_scores[(organisation_id, theme_id)] = value
    return data


def partnership_targets(partnership: Partnership, version: FrameworkVersion) -> list[ScoreTarget]:
    """The partnership's targets on `version`, by due date, with their criteria (two queries)."""
    return list(
        ScoreTarget.objects.filter(partnership=partnership, version=version)
        .prefetch_related("criteria")
        .order_by("due_date", "pk")
    )


def assessed_version_years(partnership: Partnership, today: datetime.date) -> dict[int, int]:
    """Version id to the latest year in which the partnership can see a member's assessment."""
    latest: dict[int, int] = {}
    rows = (
        partnership_assessments(partnership, today)
        .order_by()
        .values_list("version_id", "year")
        .distinct()
    )
    for version_id, year in rows:
        latest[version_id] = max(year, latest.get(version_id, year))
    return latest


class DashboardOptions(TypedDict, total=False):
    """What to read and how to count it (see `partnership_dashboard_tables`): by default final
    scores, as recorded, with level 3 for "share at or above"."""

    source: str
    today: Required[datetime.date]
    shift: int
    threshold: int | None


def partnership_dashboard_tables(
    partnership: Partnership,
    version: FrameworkVersion,
    year: int,
    **options: Unpack[DashboardOptions],
) -> tuple[Distribution, list[TargetProgress], MemberScores]:
    """Members' scores per criterion, theme and overall for one version and financial year,
    the progress of the partnership's targets on `version` judged on them, and each member's
    scores (nine queries, whatever the number of members: all three come from one read).

    `source` is "final" (auditors' final scores) or "self" (submitted self-assessments); every
    score is moved `shift` levels (held within the scale); `threshold` is the level for the
    "share at or above" column (default 3).
    """
    data = _score_data(partnership, version, year, options)
    return (
        _distribution(data, year, options),
        _progress(partnership, version, data, options),
        member_scores(data, shift=options.get("shift", 0)),
    )


def partnership_dashboard(
    partnership: Partnership,
    version: FrameworkVersion,
    year: int,
    **options: Unpack[DashboardOptions],
) -> tuple[Distribution, list[TargetProgress]]:
    """The distribution and target progress of `partnership_dashboard_tables`."""
    data = _score_data(partnership, version, year, options)
    return _distribution(data, year, options), _progress(partnership, version, data, options)


def partnership_distribution(
    partnership: Partnership,
    version: FrameworkVersion,
    year: int,
    **options: Unpack[DashboardOptions],
) -> Distribution:
    """The distribution of `partnership_dashboard_tables` alone (seven queries)."""
    data = _score_data(partnership, version, year, options)
    return _distribution(data, year, options)


def partnership_target_progress(
    partnership: Partnership,
    version: FrameworkVersion,
    year: int,
    **options: Unpack[DashboardOptions],
) -> list[TargetProgress]:
    """The target progress of `partnership_dashboard_tables` alone."""
    data = _score_data(partnership, version, year, options)
    return _progress(partnership, version, data, options)


def _score_data(
    partnership: Partnership, version: FrameworkVersion, year: int, options: DashboardOptions
) -> ScoreData:
    source = options.get("source", SOURCE_FINAL)
    return dashboard_score_data(partnership, version, year, source=source, today=options["today"])


def _distribution(data: ScoreData, year: int, options: DashboardOptions) -> Distribution:
    return build_distribution(
        data,
        year=year,
        source=options.get("source", SOURCE_FINAL),
        shift=options.get("shift", 0),
        threshold=options.get("threshold"),
    )


def _progress(
    partnership: Partnership, version: FrameworkVersion, data: ScoreData, options: DashboardOptions
) -> list[TargetProgress]:
    targets = partnership_targets(partnership, version)
    return targets_progress(targets, data, shift=options.get("shift", 0), today=options["today"])


@dataclass(frozen=True)
class DashboardChoices:
    """What the dashboard's controls offer: the versions `user` may see, each version's levels,
    and the latest year in which the partnership can see a member's assessment of it."""

    versions: list[FrameworkVersion]
    levels: dict[int, list[int]]
    latest_years: dict[int, int]


def dashboard_choices(
    user: User, partnership: Partnership, today: datetime.date
) -> DashboardChoices:
    """Three queries: the versions `user` may see, their levels, the years assessed."""
    versions = list(
        FrameworkVersion.objects.filter(visible_versions_filter(user)).select_related("framework")
    )
    levels: dict[int, list[int]] = {}
    for version_id, value in (
        ScaleLevel.objects.filter(scale__version__in=versions)
        .order_by("value")
        .values_list("scale__version_id", "value")
    ):
        levels.setdefault(version_id, []).append(value)
    return DashboardChoices(versions, levels, assessed_version_years(partnership, today))


def partnership_score_targets(partnership: Partnership) -> QuerySet[ScoreTarget]:
    """Every score target of the partnership, with its version and criteria."""
    return partnership.score_targets.select_related("version").prefetch_related("criteria")
