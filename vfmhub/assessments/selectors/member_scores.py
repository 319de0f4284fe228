"""Each member's own scores beside the dashboard's counts: one row per member assessed.

Built in memory from the same `ScoreData` as the distribution, so it adds no query and shows only
what the partnership may see (final or submitted, never a draft, provisional or embargoed score).
"""

from dataclasses import dataclass

from vfmhub.assessments.selectors.distribution import CRITERION, OVERALL, THEME, ScoreData, shifted

DOES_NOT_APPLY = "n/a"


@dataclass(frozen=True)
class MemberColumn:
    kind: str  # CRITERION, THEME or OVERALL
    code: str  # "1.1", "1" or "" for overall
    title: str

    @property
    def heading(self) -> str:
        if self.kind == OVERALL:
            return "Overall"
        return f"Theme {self.code}" if self.kind == THEME else self.code


@dataclass(frozen=True)
class MemberRow:
    organisation_id: int
    name: str
    cells: list[int | str | None]  # a level, DOES_NOT_APPLY, or None (not scored)


@dataclass(frozen=True)
class MemberScores:
    columns: list[MemberColumn]
    rows: list[MemberRow]


def member_scores(data: ScoreData, *, shift: int = 0) -> MemberScores:
    """A row per assessed member: each criterion, each theme, then overall (moved `shift`)."""
    levels = [lv.value for lv in data.levels]
    columns = [MemberColumn(CRITERION, c.code, c.title) for c in data.criteria]
    columns += [MemberColumn(THEME, t.code, t.title) for t in data.themes]
    columns.append(MemberColumn(OVERALL, "", "Overall score"))

    def value(recorded: int | None) -> int | None:
        return shifted(recorded, levels, shift)

    rows = []
    for member in data.assessed:
        org = member.organisation_id
        cells: list[int | str | None] = [
            value(data.criterion_scores.get((org, c.pk)))
            if c.applies_to(member.body_type)
            else DOES_NOT_APPLY
            for c in data.criteria
        ]
        cells += [
            value(data.rolled_up_scores.get((org, t.pk)))
            if data.theme_applies_to(t.pk, member.body_type)
            else DOES_NOT_APPLY
            for t in data.themes
        ]
        cells.append(value(data.rolled_up_scores.get((org, None))))
        rows.append(MemberRow(org, member.name, cells))
    return MemberScores(columns=columns, rows=rows)
