"""Writes to a partnership's score targets; each records an AuditEvent under the partnership."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.assessments.models import ScoreTarget, TargetKind
from vfmhub.assessments.selectors.target_progress import number_text
from vfmhub.assessments.services.common import scale_values
from vfmhub.audit.services import (
    acting,
    audit_record,
    audit_record_changed,
    changes_created,
    snapshot,
)
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.frameworks.models import Criterion, FrameworkVersion
from vfmhub.organisations.models import BodyType, Partnership

NO_SCALE = "{version} has no scale of levels, so it cannot have score targets."
LEVEL_OFF_SCALE = "Enter a level from {lowest} to {highest}, the levels of {version}'s scale."
SHARE_NEEDED = "Enter the percentage of members, more than 0 and up to 100."
CRITERIA_OF_OTHER_VERSION = "Choose criteria from {version} only."
UNKNOWN_BODY_TYPE = "Choose body types from the list."
UNKNOWN_KIND = "Choose what kind of target this is."

TARGET_FIELDS = [
    "version",
    "kind",
    "level",
    "share_percent",
    "body_types",
    "due_date",
    "description",
]


def _audit_snapshot(target: ScoreTarget, criteria: Iterable[Criterion]) -> dict:
    values = snapshot(target, TARGET_FIELDS)
    # 3, 3.0 and the stored 3.00 are one level: compare them as numbers written the same way.
    for name in ("level", "share_percent"):
        number = getattr(target, name)
        values[name] = None if number is None else number_text(Decimal(number))
    values["criteria"] = sorted(c.code for c in criteria)
    return values


def _check(
    *,
    version: FrameworkVersion,
    kind: str,
    level: Decimal,
    share_percent: Decimal | None,
    criteria: list[Criterion],
    body_types: list[str],
    **_: Any,
) -> None:
    """Errors a form can show beside its fields, keyed by field name (the due date and the
    description are the form's to check)."""
    errors: dict[str, str] = {}
    if kind not in TargetKind.values:
        errors["kind"] = UNKNOWN_KIND
    values = sorted(scale_values(version))
    if not values:
        errors["level"] = NO_SCALE.format(version=version)
    elif level is None or not values[0] <= level <= values[-1]:
        errors["level"] = LEVEL_OFF_SCALE.format(
            lowest=values[0], highest=values[-1], version=version
        )
    if kind == TargetKind.SHARE_AT_LEVEL and (
        share_percent is None or not 0 < share_percent <= 100
    ):
        errors["share_percent"] = SHARE_NEEDED
    if any(c.version_id != version.pk for c in criteria):
        errors["criteria"] = CRITERIA_OF_OTHER_VERSION.format(version=version)
    if any(b not in BodyType.values for b in body_types):
        errors["body_types"] = UNKNOWN_BODY_TYPE
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def score_target_save(
    *,
    acting_user: User | None,
    partnership: Partnership,
    version: FrameworkVersion,
    kind: str,
    level: Decimal,
    due_date: datetime.date,
    share_percent: Decimal | None = None,
    criteria: Iterable[Criterion] = (),
    body_types: Iterable[str] = (),
    description: str = "",
    target: ScoreTarget | None = None,
    expected_updated_at: datetime.datetime | str | None = None,
) -> ScoreTarget:
    """Add a target to `partnership`, or change `target` (which must be the partnership's).

    A percentage is kept only for a share target; the other kinds ignore it. A change is
    refused if the target was saved since `expected_updated_at`.
    """
    if target is not None:
        if target.partnership_id != partnership.pk:
            raise ValueError("The target belongs to another partnership.")
        target = lock_unchanged(target, expected_updated_at)
    criteria = list(criteria)
    values: dict[str, Any] = {
        "version": version,
        "kind": kind,
        "level": level,
        "share_percent": share_percent if kind == TargetKind.SHARE_AT_LEVEL else None,
        "body_types": list(dict.fromkeys(body_types)),
        "due_date": due_date,
        "description": description,
    }
    _check(criteria=criteria, **values)
    if target is None:
        target = ScoreTarget(partnership=partnership, created_by=acting(acting_user))
        _save(target, values, criteria)
        after = _audit_snapshot(target, criteria)
        audit_record(
            acting_user=acting_user,
            action="score_target.create",
            obj=target,
            changes=changes_created(after),
        )
        return target
    before = _audit_snapshot(target, target.criteria.all())
    _save(target, values, criteria)
    audit_record_changed(
        acting_user=acting_user,
        action="score_target.update",
        obj=target,
        before=before,
        after=_audit_snapshot(target, criteria),
    )
    return target


def _save(target: ScoreTarget, values: dict[str, Any], criteria: list[Criterion]) -> None:
    for name, value in values.items():
        setattr(target, name, value)
    target.full_clean(exclude=["created_by"])  # may be empty: people leave, targets stay
    target.save()
    target.criteria.set(criteria)


@transaction.atomic
def score_target_delete(*, acting_user: User | None, target: ScoreTarget) -> None:
    """Remove a target; its last values stay in the partnership's history."""
    before = _audit_snapshot(target, target.criteria.all())
    audit_record(
        acting_user=acting_user,
        action="score_target.delete",
        obj=target,
        changes={k: [v, None] for k, v in before.items() if v not in (None, "", [])},
    )
    target.delete()
