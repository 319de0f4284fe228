"""The partnership score distribution, computed in memory from members' scores.

Nothing here touches the database: `queries.py` gathers a `ScoreData` in a fixed number of queries
and these functions count it, so the page, the exports and the API show the same numbers.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CRITERION = "criterion"
THEME = "theme"
OVERALL = "overall"

SOURCE_FINAL = "final"
SOURCE_SELF = "self"
SOURCES = (SOURCE_FINAL, SOURCE_SELF)
DEFAULT_THRESHOLD = 3
SHIFTS = (0, -1, 1)

PERCENT_PLACES = Decimal("0.1")
MEAN_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class LevelColumn:
    """One point on the version's scale, with its label from the default label set."""

    value: int
    label: str


@dataclass(frozen=True)
class Member:
    organisation_id: int
    name: str
    body_type: str


@dataclass(frozen=True)
class ThemeInfo:
    pk: int
    code: str
    title: str


@dataclass(frozen=True)
class CriterionInfo:
    pk: int
    code: str
    title: str
    theme_id: int
    excluded_body_types: frozenset[str] = frozenset()

    def applies_to(self, body_type: str) -> bool:
        return body_type not in self.excluded_body_types

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"


@dataclass
class ScoreData:
    """Everything the distribution and target progress need, for one version, year and source.

    `criterion_scores` maps (organisation id, criterion id) to a recorded value (None: not scored);
    `rolled_up_scores` maps (organisation id, theme id or None for overall) the same way.
    """

    levels: list[LevelColumn]
    themes: list[ThemeInfo]
    criteria: list[CriterionInfo]
    members: list[Member]
    assessed_ids: set[int]
    criterion_scores: dict[tuple[int, int], int | None] = field(default_factory=dict)
    rolled_up_scores: dict[tuple[int, int | None], int | None] = field(default_factory=dict)
    numeric: bool = True

    @property
    def assessed(self) -> list[Member]:
        return [m for m in self.members if m.organisation_id in self.assessed_ids]

    @property
    def not_assessed(self) -> list[Member]:
        return [m for m in self.members if m.organisation_id not in self.assessed_ids]

    def theme_applies_to(self, theme_id: int, body_type: str) -> bool:
        """A theme counts for a member when any of its criteria applies to the member."""
        return any(c.theme_id == theme_id and c.applies_to(body_type) for c in self.criteria)


@dataclass(frozen=True)
class DistributionRow:
    label: str
    kind: str  # CRITERION, THEME or OVERALL
    code: str  # the criterion or theme code; "" for overall
    group: str  # the heading the row sits under: its theme, "Themes" or "Overall"
    counts: dict[int, int]  # level value -> members at that level
    not_scored: int  # assessed members the row applies to but with no score
    members_counted: int  # assessed members the row applies to (scored or not)
    at_or_above: int  # members scored at the threshold or above
    at_or_above_share: Decimal | None  # per cent of scored members, 1 dp; None if none scored
    mean: Decimal | None  # of scored members, 2 dp; None if none scored (or not a numeric scale)

    @property
    def scored(self) -> int:
        return self.members_counted - self.not_scored


@dataclass(frozen=True)
class Distribution:
    """Members' scores for one partnership, framework version, year and source."""

    year: int
    source: str
    shift: int
    threshold: int
    levels: list[LevelColumn]
    rows: list[DistributionRow]
    members_assessed: list[str]
    members_not_assessed: list[str]

    @property
    def members_counted(self) -> int:
        return len(self.members_assessed)

    @property
    def members_total(self) -> int:
        return len(self.members_assessed) + len(self.members_not_assessed)

    @property
    def lowest(self) -> int | None:
        return self.levels[0].value if self.levels else None

    @property
    def highest(self) -> int | None:
        return self.levels[-1].value if self.levels else None

    @property
    def overall(self) -> DistributionRow | None:
        return next((row for row in self.rows if row.kind == OVERALL), None)

    def as_dict(self) -> dict:
        """A JSON-ready form (level keys as strings, decimals as strings)."""
        return {
            "year": self.year,
            "source": self.source,
            "shift": self.shift,
            "threshold": self.threshold,
            "levels": [{"value": lv.value, "label": lv.label} for lv in self.levels],
            "rows": [_row_dict(row) for row in self.rows],
            "members_counted": self.members_counted,
            "members_assessed": self.members_assessed,
            "members_not_assessed": self.members_not_assessed,
        }


def _row_dict(row: DistributionRow) -> dict:
    return {
        "label": row.label,
        "kind": row.kind,
        "code": row.code,
        "group": row.group,
        "counts": {str(level): count for level, count in row.counts.items()},
        "not_scored": row.not_scored,
        "members_counted": row.members_counted,
        "at_or_above": row.at_or_above,
        "at_or_above_share": _text(row.at_or_above_share),
        "mean": _text(row.mean),
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def shifted(value: int | None, level_values: list[int], shift: int) -> int | None:
    """`value` moved `shift` levels along the scale, held at its lowest and highest level.

    With shift −1 a 4 becomes 3 and a 1 stays 1 ("the new framework is harder", seed 003 §7).
    """
    if value is None or not level_values:
        return value
    if value in level_values:
        index = level_values.index(value) + shift
        return level_values[max(0, min(index, len(level_values) - 1))]
    return max(level_values[0], min(value + shift, level_values[-1]))


def effective_threshold(threshold: int | None, levels: list[LevelColumn]) -> int:
    """The level for "share at or above": the one asked for if on the scale, else 3, else middle."""
    values = [lv.value for lv in levels]
    for candidate in (threshold, DEFAULT_THRESHOLD):
        if candidate in values:
            return int(candidate)
    return values[len(values) // 2] if values else DEFAULT_THRESHOLD


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT_PLACES, ROUND_HALF_UP)


def mean_of(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(MEAN_PLACES, ROUND_HALF_UP)


def distribution_row(
    *,
    label: str,
    kind: str,
    code: str,
    group: str,
    values: list[int | None],
    levels: list[LevelColumn],
    threshold: int,
    numeric: bool = True,
) -> DistributionRow:
    """Count `values` (one per member the row applies to, already shifted; None: not scored)."""
    counts = {lv.value: 0 for lv in levels}
    scored = [v for v in values if v is not None]
    for value in scored:
        counts[value] = counts.get(value, 0) + 1
    at_or_above = sum(1 for v in scored if v >= threshold)
    return DistributionRow(
        label=label,
        kind=kind,
        code=code,
        group=group,
        counts=counts,
        not_scored=len(values) - len(scored),
        members_counted=len(values),
        at_or_above=at_or_above,
        at_or_above_share=percent(at_or_above, len(scored)),
        mean=mean_of(scored) if numeric else None,
    )


def build_distribution(
    data: ScoreData, *, year: int, source: str, shift: int = 0, threshold: int | None = None
) -> Distribution:
    """Rows for each criterion (grouped by theme), then each theme, then overall."""
    level_values = [lv.value for lv in data.levels]
    level = effective_threshold(threshold, data.levels)
    assessed = data.assessed

    themes = {t.pk: f"{t.code} {t.title}" for t in data.themes}

    def row(
        label: str, kind: str, code: str, group: str, values: list[int | None]
    ) -> DistributionRow:
        moved = [shifted(v, level_values, shift) for v in values]
        return distribution_row(
            label=label,
            kind=kind,
            code=code,
            group=group,
            values=moved,
            levels=data.levels,
            threshold=level,
            numeric=data.numeric,
        )

    rows = [
        row(
            criterion.label,
            CRITERION,
            criterion.code,
            themes.get(criterion.theme_id, ""),
            criterion_values(data, criterion, assessed),
        )
        for criterion in data.criteria
    ]
    for theme in data.themes:
        values = [
            data.rolled_up_scores.get((m.organisation_id, theme.pk))
            for m in assessed
            if data.theme_applies_to(theme.pk, m.body_type)
        ]
        rows.append(row(themes[theme.pk], THEME, theme.code, "Themes", values))
    overall = [data.rolled_up_scores.get((m.organisation_id, None)) for m in assessed]
    rows.append(row("Overall", OVERALL, "", "Overall", overall))
    return Distribution(
        year=year,
        source=source,
        shift=shift,
        threshold=level,
        levels=data.levels,
        rows=rows,
        members_assessed=[m.name for m in assessed],
        members_not_assessed=[m.name for m in data.not_assessed],
    )


def criterion_values(
    data: ScoreData, criterion: CriterionInfo, members: list[Member]
) -> list[int | None]:
    """Recorded values of `criterion` for the `members` it applies to (None: not scored)."""
    return [
        data.criterion_scores.get((m.organisation_id, criterion.pk))
        for m in members
        if criterion.applies_to(m.body_type)
    ]
