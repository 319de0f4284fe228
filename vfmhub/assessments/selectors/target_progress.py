"""Progress against a partnership's score targets, computed in memory from a `ScoreData`.

A target is about the overall score (no criteria) or about its chosen criteria, for every member or
for members of some body types. Only assessed members can be judged; members in scope with no
visible assessment are listed beside the result rather than counted as failing.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from vfmhub.assessments.models import ScoreTarget, TargetKind
from vfmhub.assessments.selectors.distribution import (
    CriterionInfo,
    Member,
    ScoreData,
    mean_of,
    percent,
    shifted,
)
from vfmhub.organisations.models import BodyType

MET = "met"
NOT_MET = "not_met"
NO_SCORES = "no_scores"


@dataclass(frozen=True)
class TargetLine:
    """One measure of a target: the overall score, one criterion, or a mean across criteria."""

    label: str
    members_counted: int  # assessed members in scope that the line applies to
    at_or_above: int  # of those, scored at the target level or above
    share: Decimal | None  # at_or_above as a per cent of members_counted, 1 dp
    mean: Decimal | None  # for an average target: over every scored member and criterion
    below: list[str]  # members below the level or not scored (for an average: own mean below)
    met: bool | None  # None when nobody in scope is assessed


@dataclass(frozen=True)
class TargetProgress:
    target_id: int
    title: str  # the target's description, or its words when it has none
    words: str  # such as "All members at level 3 or above: overall, by 31 March 2011"
    kind: str
    level: Decimal
    share_percent: Decimal | None
    due_date: datetime.date
    body_types: list[str]
    lines: list[TargetLine]
    members_not_assessed: list[str]  # members in scope with no visible assessment
    met: bool | None  # every line met; None when there is nothing to judge
    overdue: bool  # not met and the due date has passed

    @property
    def status(self) -> str:
        if self.met is None:
            return NO_SCORES
        return MET if self.met else NOT_MET


def number_text(value: Decimal | None) -> str:
    """3.00 -> "3", 2.50 -> "2.5"."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def target_words(target: ScoreTarget, criteria: list[CriterionInfo]) -> str:
    """The target in words, such as "All members at level 3 or above overall, by 31 March 2011"."""
    level = number_text(target.level)
    codes = ", ".join(c.code for c in criteria)
    who = _who(target.body_types)
    if target.kind == TargetKind.AVERAGE_AT_LEAST:
        scope = f"across {codes}" if criteria else "overall"
        what = f"An average of at least {level} {scope} for {who}"
    else:
        scope = f"in {codes}" if criteria else "overall"
        share = (
            f"{number_text(target.share_percent)}% of"
            if target.kind == TargetKind.SHARE_AT_LEVEL
            else "All"
        )
        what = f"{share} {who} at level {level} or above {scope}"
    due = target.due_date
    return f"{what}, by {due.day} {due:%B %Y}"


def _who(body_types: list[str]) -> str:
    if not body_types:
        return "members"
    labels = dict(BodyType.choices)
    return " and ".join(labels.get(b, b).lower() for b in body_types) + " members"


def target_progress(
    target: ScoreTarget,
    data: ScoreData,
    *,
    shift: int = 0,
    today: datetime.date,
) -> TargetProgress:
    """How `target` stands on `data`, with every score moved `shift` levels."""
    chosen = {c.pk for c in target.criteria.all()}
    criteria = [c for c in data.criteria if c.pk in chosen]
    in_scope = [
        m for m in data.members if not target.body_types or m.body_type in target.body_types
    ]
    assessed = [m for m in in_scope if m.organisation_id in data.assessed_ids]
    values = _ScoreLookup(data, shift)
    if target.kind == TargetKind.AVERAGE_AT_LEAST:
        lines = [_average_line(target.level, criteria, assessed, values)]
    else:
        share = target.share_percent if target.kind == TargetKind.SHARE_AT_LEVEL else None
        measures: list[CriterionInfo | None] = list(criteria) or [None]
        lines = [_level_line(target.level, share, c, assessed, values) for c in measures]
    judged = [line.met for line in lines if line.met is not None]
    met = all(judged) if judged else None
    words = target_words(target, criteria)
    return TargetProgress(
        target_id=target.pk,
        title=target.description or words,
        words=words,
        kind=target.kind,
        level=target.level,
        share_percent=target.share_percent,
        due_date=target.due_date,
        body_types=list(target.body_types),
        lines=lines,
        members_not_assessed=[m.name for m in in_scope if m not in assessed],
        met=met,
        overdue=met is not True and target.due_date < today,
    )


def targets_progress(
    targets: Iterable[ScoreTarget], data: ScoreData, *, shift: int = 0, today: datetime.date
) -> list[TargetProgress]:
    return [target_progress(t, data, shift=shift, today=today) for t in targets]


class _ScoreLookup:
    """Shifted scores of one member: for a criterion, or overall when the criterion is None."""

    def __init__(self, data: ScoreData, shift: int):
        self.data = data
        self.shift = shift
        self.level_values = [lv.value for lv in data.levels]

    def value(self, member: Member, criterion: CriterionInfo | None) -> int | None:
        if criterion is None:
            raw = self.data.rolled_up_scores.get((member.organisation_id, None))
        else:
            raw = self.data.criterion_scores.get((member.organisation_id, criterion.pk))
        return shifted(raw, self.level_values, self.shift)


def _level_line(
    level: Decimal,
    share_percent: Decimal | None,
    criterion: CriterionInfo | None,
    assessed: list[Member],
    values: _ScoreLookup,
) -> TargetLine:
    """All (or `share_percent` per cent) of the members at `level` or above on one measure."""
    members = [m for m in assessed if criterion is None or criterion.applies_to(m.body_type)]
    scores = [(m, values.value(m, criterion)) for m in members]
    at_or_above = sum(1 for _, v in scores if v is not None and v >= level)
    share = percent(at_or_above, len(members))
    if not members:
        met = None
    elif share_percent is None:
        met = at_or_above == len(members)
    else:
        met = share is not None and share >= share_percent
    return TargetLine(
        label=criterion.label if criterion else "Overall",
        members_counted=len(members),
        at_or_above=at_or_above,
        share=share,
        mean=None,
        below=[m.name for m, v in scores if v is None or v < level],
        met=met,
    )


def _average_line(
    level: Decimal, criteria: list[CriterionInfo], assessed: list[Member], values: _ScoreLookup
) -> TargetLine:
    """The mean over every scored (member, criterion) pair in scope must reach `level`."""
    measures: list[CriterionInfo | None] = list(criteria) or [None]
    pooled: list[int] = []
    below: list[str] = []
    counted = 0
    at_or_above = 0
    for member in assessed:
        own = [
            v
            for c in measures
            if c is None or c.applies_to(member.body_type)
            for v in [values.value(member, c)]
            if v is not None
        ]
        if not own:
            continue
        counted += 1
        pooled += own
        if Decimal(sum(own)) >= level * len(own):
            at_or_above += 1
        else:
            below.append(member.name)
    mean = mean_of(pooled)
    label = "Mean across " + ", ".join(c.code for c in criteria) if criteria else "Mean overall"
    return TargetLine(
        label=label,
        members_counted=counted,
        at_or_above=at_or_above,
        share=percent(at_or_above, counted),
        mean=mean,
        below=below,
        # Compared unrounded, so a mean of 2.996 does not count as 3.
        met=None if not pooled else Decimal(sum(pooled)) >= level * len(pooled),
    )
