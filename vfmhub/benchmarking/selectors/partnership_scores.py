"""Scores across a partnership: the overall Use of Resources / VFM scores of a partnership's
members against all bodies of the same class on the platform (seed 003: "Nationally 60% of
Districts achieved level 3 or 4 on VFM. In Leicestershire, the figure is closer to 30%"), with
the assessments dashboard's projection (every score moved a level, held within the scale).

What is counted, and why:

- **Members**: the overall scores of the members during the year that the partnership may see
  (`assessments.access.partnership_assessments`: auditors' scores once final and not embargoed,
  self-assessments once submitted), exactly as the assessments dashboard counts them.
- **All bodies of the class on the platform**: for auditors' final scores, every auditor
  assessment that is *published* and past any embargo date (public on the platform), and the
  members' scores counted above. Nothing else: a body outside the partnership whose final
  scores are not yet published is not counted, so the page never gives away a score the reader
  may not see. Self-assessments are never published, so with self-assessed scores there is no
  platform figure.

Classes are the benchmarking classes, by body type: shire districts, single-tier councils
(unitary, metropolitan; London boroughs apart), county councils, fire authorities; other bodies
(police, primary care trusts, national parks) are grouped as "other bodies".
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from vfmhub.assessments.access import partnership_assessments
from vfmhub.assessments.models import Assessment, AssessmentKind, AssessmentStatus, RolledUpScore
from vfmhub.assessments.selectors.dashboard import (
    SOURCE_KIND_STAGE,
    members_during_year,
    version_levels,
)
from vfmhub.assessments.selectors.distribution import (
    OVERALL,
    SOURCE_FINAL,
    SOURCES,
    DistributionRow,
    LevelColumn,
    Member,
    distribution_row,
    effective_threshold,
    percent,
    shifted,
)
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.organisations.models import BodyType, Partnership

CLASS_OF_BODY_TYPE: dict[str, str] = {
    BodyType.DISTRICT: "district",
    BodyType.UNITARY: "single_tier",
    BodyType.METROPOLITAN: "single_tier",
    BodyType.LONDON_BOROUGH: "london",
    BodyType.COUNTY: "county",
    BodyType.FIRE: "fire",
}
CLASS_NAMES: dict[str, str] = {
    "district": "Shire districts",
    "single_tier": "Single-tier councils (unitary and metropolitan)",
    "london": "London boroughs",
    "county": "County councils",
    "fire": "Fire and rescue authorities",
    "other": "Other bodies",
}
CLASS_ORDER = tuple(CLASS_NAMES)
PLATFORM_RULE = (
    "All bodies of the class on VFM Hub: every auditor's assessment published on the platform "
    "(past any embargo date), and the scores of this partnership's members that it may see. "
    "Final scores not yet published are not counted for bodies outside the partnership."
)
NO_PLATFORM_FOR_SELF = (
    "Self-assessments are never published, so there is no figure for all bodies on the "
    "platform: only the members' submitted self-assessments are counted."
)


def class_of_body_type(body_type: str) -> str:
    return CLASS_OF_BODY_TYPE.get(body_type, "other")


@dataclass(frozen=True)
class ClassComparison:
    area_class: str
    label: str
    members: DistributionRow
    platform: DistributionRow | None
    member_names: list[str]
    levels: tuple[LevelColumn, ...] = ()

    @property
    def level_rows(self) -> list[tuple[LevelColumn, int, int | None]]:
        """Each level with the members at it and all on the platform at it (None: no figure)."""
        return [
            (
                level,
                self.members.counts.get(level.value, 0),
                self.platform.counts.get(level.value, 0) if self.platform else None,
            )
            for level in self.levels
        ]

    @property
    def difference(self) -> float | None:
        """Members' share at or above the threshold less the platform's, in percentage points."""
        ours, theirs = (
            self.members.at_or_above_share,
            (self.platform.at_or_above_share if self.platform else None),
        )
        if ours is None or theirs is None:
            return None
        return float(ours - theirs)


@dataclass(frozen=True)
class PartnershipScores:
    version: FrameworkVersion
    year: int
    source: str
    shift: int
    threshold: int
    levels: list[LevelColumn]
    classes: list[ClassComparison]
    platform_rule: str


def published_filter(today: datetime.date) -> Q:
    """Auditor assessments public on the platform: published and past any embargo date."""
    return Q(kind=AssessmentKind.AUDITOR, status=AssessmentStatus.PUBLISHED) & (
        Q(publish_on__isnull=True) | Q(publish_on__lte=today)
    )


def _overall_scores(
    assessments: QuerySet[Assessment], stage: str
) -> dict[int, tuple[str, int | None]]:
    rows = RolledUpScore.objects.filter(
        assessment__in=assessments, stage=stage, theme__isnull=True
    ).values_list("assessment__organisation_id", "assessment__organisation__body_type", "value")
    return {org_id: (body_type, value) for org_id, body_type, value in rows}


def _row_maker(
    levels: list[LevelColumn], numeric: bool, level: int, shift: int
) -> Callable[[str, list[int | None]], DistributionRow]:
    """A class's distribution row of overall scores, each moved `shift` levels."""
    level_values = [lv.value for lv in levels]

    def row(label: str, values: list[int | None]) -> DistributionRow:
        return distribution_row(
            label=label,
            kind=OVERALL,
            code="",
            group=label,
            values=[shifted(v, level_values, shift) for v in values],
            levels=levels,
            threshold=level,
            numeric=numeric,
        )

    return row


def _platform_scores(
    version: FrameworkVersion,
    year: int,
    today: datetime.date,
    stage: str,
    assessed: list[Member],
    member_scores: dict[int, tuple[str, int | None]],
) -> dict[int, tuple[str, int | None]]:
    """The platform's published overall scores, each assessed member counted with its own
    score from the source (one query)."""
    public = Assessment.objects.filter(published_filter(today), version=version, year=year)
    platform = _overall_scores(public, stage)
    for member in assessed:
        value = member_scores.get(member.organisation_id, (member.body_type, None))[1]
        platform[member.organisation_id] = (member.body_type, value)
    return platform


def _class_comparison(
    area_class: str,
    assessed: list[Member],
    member_scores: dict[int, tuple[str, int | None]],
    platform: dict[int, tuple[str, int | None]] | None,
    row: Callable[[str, list[int | None]], DistributionRow],
    levels: list[LevelColumn],
) -> ClassComparison:
    """One class: its assessed members' overall levels, and the platform's (None when the
    source is a self-assessment, which the platform does not publish)."""
    ours = [m for m in assessed if class_of_body_type(m.body_type) == area_class]
    label = CLASS_NAMES[area_class]
    theirs = None
    if platform is not None:
        values = [v for kind, v in platform.values() if class_of_body_type(kind) == area_class]
        theirs = row(label, values)
    return ClassComparison(
        area_class=area_class,
        label=label,
        members=row(label, [member_scores.get(m.organisation_id, ("", None))[1] for m in ours]),
        platform=theirs,
        member_names=[m.name for m in ours],
        levels=tuple(levels),
    )


def partnership_scores(
    partnership: Partnership,
    version: FrameworkVersion,
    year: int,
    *,
    today: datetime.date,
    source: str = SOURCE_FINAL,
    shift: int = 0,
    threshold: int | None = None,
) -> PartnershipScores:
    """Per class present among the members: the members' overall levels and the platform's,
    counted after moving every score `shift` levels (five queries: members, levels, the members'
    visible assessments, their overall scores, the platform's published overall scores)."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    kind, stage = SOURCE_KIND_STAGE[source]
    members = members_during_year(partnership, year)  # 1
    levels, numeric = version_levels(version)  # 2
    level = effective_threshold(threshold, levels)
    visible = partnership_assessments(partnership, today).filter(
        version=version,
        year=year,
        kind=kind,
        organisation_id__in=[m.organisation_id for m in members],
    )
    assessed_ids = set(visible.values_list("organisation_id", flat=True))  # 3
    assessed = [m for m in members if m.organisation_id in assessed_ids]
    member_scores = _overall_scores(visible, stage)  # 4
    platform = None
    if source == SOURCE_FINAL:
        platform = _platform_scores(version, year, today, stage, assessed, member_scores)  # 5
    row = _row_maker(levels, numeric, level, shift)
    present = {class_of_body_type(m.body_type) for m in assessed}
    classes = [
        _class_comparison(area_class, assessed, member_scores, platform, row, levels)
        for area_class in CLASS_ORDER
        if area_class in present
    ]
    return PartnershipScores(
        version=version,
        year=year,
        source=source,
        shift=shift,
        threshold=level,
        levels=levels,
        classes=classes,
        platform_rule=PLATFORM_RULE if source == SOURCE_FINAL else NO_PLATFORM_FOR_SELF,
    )


def level_share(row: DistributionRow, level: int) -> str:
    """The share of the scored bodies at `level`, as "40.0%" (blank when none scored)."""
    share = percent(row.counts.get(level, 0), row.scored)
    return "" if share is None else f"{share}%"


def scores_table(scores: PartnershipScores) -> tuple[list[str], list[list]]:
    """A row per class and side (members, all on the platform): bodies at each level, not
    scored, and the share at or above the threshold."""
    headers = [
        "Class",
        "Counted",
        *(f"Level {lv.value}" for lv in scores.levels),
        "Not scored",
        "Bodies scored",
        f"Share at level {scores.threshold} or above (%)",
    ]
    rows = []
    for comparison in scores.classes:
        for side, found in (
            ("Members", comparison.members),
            ("All on the platform", comparison.platform),
        ):
            if found is None:
                continue
            rows.append(
                [
                    comparison.label,
                    side,
                    *(found.counts.get(lv.value, 0) for lv in scores.levels),
                    found.not_scored,
                    found.scored,
                    "" if found.at_or_above_share is None else found.at_or_above_share,
                ]
            )
    return headers, rows
