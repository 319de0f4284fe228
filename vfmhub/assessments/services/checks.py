"""What is missing before a step that cannot simply be taken back: submitting, locking.

The check-your-answers pages show these gaps and the services refuse on them, from the same
functions, so the page and the rule cannot disagree. Which theme and overall scores are required
comes from the roll-up engine: every theme and overall score the version's rules produce.
"""

from dataclasses import dataclass, field

from vfmhub.assessments.models import Assessment, RolledUpScore, Score, ScoreStage
from vfmhub.assessments.services.rollups import rollup_rows, rules_for
from vfmhub.frameworks.models import Criterion, Theme

OVERALL_LABEL = "Overall score"


@dataclass(frozen=True)
class Gaps:
    """Criteria with no score, and the theme and overall scores the rules require (by label)."""

    unscored: list[Criterion] = field(default_factory=list)
    rolled_up: list[tuple[str, int | None]] = field(default_factory=list)
    total: int = 0  # criteria in the assessment

    @property
    def scored(self) -> int:
        return self.total - len(self.unscored)

    @property
    def rolled_up_missing(self) -> list[str]:
        return [label for label, value in self.rolled_up if value is None]

    @property
    def unscored_codes(self) -> list[str]:
        return [criterion.code for criterion in self.unscored]

    @property
    def is_complete(self) -> bool:
        return not self.unscored and not self.rolled_up_missing


def _criteria_in_order(scores: list[Score]) -> list[Score]:
    return sorted(
        scores,
        key=lambda s: (s.criterion.theme.order, s.criterion.order, s.criterion.code),
    )


def stage_gaps(assessment: Assessment, stage: str | None = None) -> Gaps:
    """The unscored criteria and empty theme or overall scores at `stage` (two queries)."""
    stage = stage or assessment.current_stage
    scores = _criteria_in_order(
        list(
            Score.objects.filter(assessment=assessment, stage=stage).select_related(
                "criterion", "criterion__theme"
            )
        )
    )
    rows = (
        RolledUpScore.objects.filter(assessment=assessment, stage=stage)
        .select_related("theme")
        .order_by("theme__order")
    )
    rows_in_order = sorted(rows, key=lambda r: r.theme is None)  # the overall score last
    return Gaps(
        unscored=[s.criterion for s in scores if s.value is None],
        rolled_up=[(_label(r.theme), r.value) for r in rows_in_order],
        total=len(scores),
    )


def _label(theme: Theme | None) -> str:
    return f"{theme.code} {theme.title}" if theme is not None else OVERALL_LABEL


def finalise_gaps(assessment: Assessment, final_values: dict[int, int | None]) -> Gaps:
    """What the final scores would lack if recorded with `final_values` (four queries).

    Final scores start from the provisional ones (criteria left out of `final_values` keep their
    provisional value), and entered theme and overall scores are carried over, as
    `assessment_finalise` does; the roll-up rules then give the final theme and overall scores.
    """
    provisional = _criteria_in_order(
        list(
            Score.objects.filter(assessment=assessment, stage=ScoreStage.PROVISIONAL)
            .select_related("criterion", "criterion__theme")
            .order_by()
        )
    )
    values = {s.criterion_id: final_values.get(s.criterion_id, s.value) for s in provisional}
    theme_values: dict[int, list[int | None]] = {}
    themes: dict[int, Theme] = {}
    for score in provisional:
        theme_values.setdefault(score.criterion.theme_id, []).append(values[score.criterion_id])
        themes[score.criterion.theme_id] = score.criterion.theme
    carried: dict[int | None, RolledUpScore] = {
        row.theme_id: RolledUpScore(
            theme_id=row.theme_id, value=row.value, override_reason=row.override_reason
        )
        for row in RolledUpScore.objects.filter(assessment=assessment, stage=ScoreStage.PROVISIONAL)
    }
    rows = rollup_rows(
        rules_for(assessment),
        theme_values,
        carried,
        lambda theme_id: RolledUpScore(theme_id=theme_id),
    )
    return Gaps(
        unscored=[s.criterion for s in provisional if values[s.criterion_id] is None],
        total=len(provisional),
        rolled_up=[
            (_label(themes.get(row.theme_id) if row.theme_id else None), row.value) for row in rows
        ],
    )


def listed(items: list[str], last_word: str = "and") -> str:
    """“1.1, 1.2 and 2.3” (or, with `last_word` "or", “1.1, 1.2 or 2.3”)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last_word} {items[-1]}"
