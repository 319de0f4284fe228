"""Theme and overall scores from criterion scores, by the version's roll-up rules (data).

How an entry survives a recalculation:
- a manual rule: `value` is the assessor's; a recalculation refreshes only `advisory`;
- a calculated rule: `value` follows `calculated`, unless an override was recorded (a value with
  `override_reason`). The override then stays, and `is_override` flags it while it differs from
  the new calculation; once the calculation catches up with it, the override is cleared.
"""

import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.assessments.models import Assessment, RolledUpScore, Score, ScoreStage
from vfmhub.assessments.services.common import check_on_scale, check_stage_open
from vfmhub.audit.services import acting, audit_record_changed, snapshot
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.frameworks import rollup
from vfmhub.frameworks.models import RollupRule, RollupScope, Theme
from vfmhub.lib import clock

OVERRIDE_NEEDS_REASON = "Give a reason for a score that differs from the calculated one."
LOCKED_NEEDS_REASON = "These scores are final: give a reason for changing this one."
NOT_CURRENT_STAGE = "Only the scores at the current stage of the assessment can be changed."

ROLLED_UP_FIELDS = ["value", "calculated", "advisory", "override_reason"]
RECALCULATED_FIELDS = ["value", "calculated", "advisory"]


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


def _rollup_values(
    rows: Iterable[RolledUpScore], stage: str, theme_codes: dict[int, str]
) -> dict[str, int | None]:
    """Each row's figures, as "final theme 1 value" or "final overall calculated", for the
    history."""
    values = {}
    for row in rows:
        scope = f"theme {theme_codes[row.theme_id]}" if row.theme_id else "overall"
        for name in RECALCULATED_FIELDS:
            values[f"{ScoreStage(stage).label.lower()} {scope} {name}"] = getattr(row, name)
    return values


@transaction.atomic
def rollups_recalculate(
    *, acting_user: User | None, assessment: Assessment, stage: str
) -> list[RolledUpScore]:
    """Theme rows (for themes with scores at `stage`), then the overall row from the themes.

    No rule for a scope, no rows for it. Records what the recalculation changed, on the
    assessment, against the user whose write caused it (nothing when nothing changed).
    """
    existing: dict[int | None, RolledUpScore] = {
        row.theme_id: row
        for row in RolledUpScore.objects.filter(assessment=assessment, stage=stage)
    }
    theme_values = stage_theme_values(assessment, stage)
    theme_ids = [pk for pk in [*theme_values, *existing] if pk is not None]
    codes = dict(Theme.objects.filter(pk__in=theme_ids).values_list("pk", "code"))
    before = _rollup_values(existing.values(), stage, codes)
    rows = rollup_rows(
        rules_for(assessment),
        theme_values,
        existing,
        lambda theme_id: RolledUpScore(assessment=assessment, stage=stage, theme_id=theme_id),
    )
    # Computed here from validated scores, so saved without full_clean.
    for row in rows:
        row.save()
    audit_record_changed(
        acting_user=acting_user,
        action="rollups.recalculate",
        obj=assessment,
        before=before,
        after=_rollup_values(rows, stage, codes),
    )
    return rows


def save_and_roll_up(
    *, acting_user: User | None, row: Score | RolledUpScore, roll_up: bool = True
) -> None:
    """Save a changed criterion, theme or overall score, then (when `roll_up`) work out its
    assessment's theme and overall scores at that stage again."""
    row.full_clean()
    row.save()
    if roll_up:
        rollups_recalculate(acting_user=acting_user, assessment=row.assessment, stage=row.stage)


@transaction.atomic
def rolled_up_enter(
    *,
    acting_user: User | None,
    rolled_up: RolledUpScore,
    value: int | None,
    reason: str = "",
    expected_updated_at: datetime.datetime | str | None = None,
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
    rolled_up.entered_by = acting(acting_user)
    rolled_up.entered_at = clock.now()
    save_and_roll_up(acting_user=acting_user, row=rolled_up)
    rolled_up.refresh_from_db()
    audit_record_changed(
        acting_user=acting_user,
        action="rolled_up.enter",
        obj=rolled_up,
        before=before,
        note=reason,
    )
    return rolled_up
