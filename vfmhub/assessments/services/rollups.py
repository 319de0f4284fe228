"""Theme and overall scores from criterion scores, by the version's roll-up rules (data).

How an entry survives a recalculation:
- a manual rule: `value` is the assessor's; a recalculation refreshes only `advisory`;
- a calculated rule: `value` follows `calculated`, unless an override was recorded (a value with
  `override_reason`). The override then stays, and `is_override` flags it while it differs from
  the new calculation; once the calculation catches up with it, the override is cleared.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.assessments.models import Assessment, RolledUpScore, Score
from vfmhub.assessments.services.common import (
    check_on_scale,
    check_stage_open,
    record,
)
from vfmhub.audit.services import snapshot
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.frameworks import rollup
from vfmhub.frameworks.models import RollupRule, RollupScope
from vfmhub.lib import clock

OVERRIDE_NEEDS_REASON = "Give a reason for a score that differs from the calculated one."
LOCKED_NEEDS_REASON = "These scores are final: give a reason for changing this one."
NOT_CURRENT_STAGE = "Only the scores at the current stage of the assessment can be changed."

ROLLED_UP_FIELDS = ["value", "calculated", "advisory", "override_reason"]


def rules_for(assessment: Assessment) -> dict[str, RollupRule]:
    rules = RollupRule.objects.filter(version_id=assessment.version_id).prefetch_related("rows")
    return {rule.scope: rule for rule in rules}


def _refresh(row: RolledUpScore, result: rollup.RollupResult) -> None:
    if result.method == rollup.MANUAL:
        row.calculated = None
        row.advisory = result.advisory
        return
    row.calculated = result.value
    row.advisory = None
    if row.override_reason and row.value != row.calculated:
        return  # the override stays, flagged by is_override
    row.value = row.calculated
    row.override_reason = ""


def rollup_rows(
    rules: dict[str, RollupRule],
    theme_values: dict[int, list[int | None]],
    existing: dict[int | None, RolledUpScore],
    make_row: Callable[[int | None], RolledUpScore],
) -> list[RolledUpScore]:
    """Theme rows (for themes with scores), then the overall row from the themes; not saved.

    `existing` maps a theme id (None: overall) to the row already held; `make_row(theme_id)` makes
    a missing one. No rule for a scope, no rows for it: those are the scores the version requires.
    """
    rows: list[RolledUpScore] = []
    theme_rule = rules.get(RollupScope.THEME)
    if theme_rule is not None:
        spec = theme_rule.as_spec()
        for theme_id, values in theme_values.items():
            row = existing.get(theme_id) or make_row(theme_id)
            _refresh(row, rollup.roll_up(values, spec))
            rows.append(row)
    overall_rule = rules.get(RollupScope.OVERALL)
    if overall_rule is not None:
        row = existing.get(None) or make_row(None)
        _refresh(row, rollup.roll_up([r.value for r in rows], overall_rule.as_spec()))
        rows.append(row)
    return rows


def stage_theme_values(assessment: Assessment, stage: str) -> dict[int, list[int | None]]:
    """Theme id to its criterion scores at `stage`, in framework order (one query)."""
    theme_values: dict[int, list[int | None]] = {}
    for theme_id, value in (
        Score.objects.filter(assessment=assessment, stage=stage)
        .order_by("criterion__theme__order", "criterion__order")
        .values_list("criterion__theme_id", "value")
    ):
        theme_values.setdefault(theme_id, []).append(value)
    return theme_values


@transaction.atomic
def rollups_recalculate(*, assessment: Assessment, stage: str) -> list[RolledUpScore]:
    """Theme rows (for themes with scores at `stage`), then the overall row from the themes.

    No rule for a scope, no rows for it. Rows are derived data, so no audit event of their own:
    the write that caused the recalculation records one.
    """
    existing: dict[int | None, RolledUpScore] = {
        row.theme_id: row
        for row in RolledUpScore.objects.filter(assessment=assessment, stage=stage)
    }
    rows = rollup_rows(
        rules_for(assessment),
        stage_theme_values(assessment, stage),
        existing,
        lambda theme_id: RolledUpScore(assessment=assessment, stage=stage, theme_id=theme_id),
    )
    # Computed here from validated scores, so saved without full_clean.
    for row in rows:
        row.save()
    return rows


@transaction.atomic
def rolled_up_enter(
    *,
    acting_user,
    rolled_up: RolledUpScore,
    value: int | None,
    reason: str = "",
    expected_updated_at=None,
) -> RolledUpScore:
    """The assessor's theme or overall score: a manual rule's judgement, or an override."""
    rolled_up = lock_unchanged(rolled_up, expected_updated_at)
    assessment = rolled_up.assessment
    if rolled_up.stage != assessment.current_stage:
        raise ValidationError(NOT_CURRENT_STAGE)
    check_stage_open(assessment, allow_locked=True)
    check_on_scale(assessment.version, value)
    reason = reason.strip()
    if assessment.is_locked and not reason:
        raise ValidationError(LOCKED_NEEDS_REASON)
    before = snapshot(rolled_up, ROLLED_UP_FIELDS)
    rolled_up.value = value
    differs = rolled_up.calculated is not None and value != rolled_up.calculated
    if differs and not reason:
        raise ValidationError(OVERRIDE_NEEDS_REASON)
    rolled_up.override_reason = reason if differs else ""
    rolled_up.entered_by = acting_user
    rolled_up.entered_at = clock.now()
    rolled_up.full_clean()
    rolled_up.save()
    rollups_recalculate(assessment=assessment, stage=rolled_up.stage)
    rolled_up.refresh_from_db()
    record(
        acting_user,
        "rolled_up.enter",
        rolled_up,
        before,
        snapshot(rolled_up, ROLLED_UP_FIELDS),
        note=reason,
    )
    return rolled_up
