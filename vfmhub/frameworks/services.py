"""Writes to framework data made through pages. Each records an AuditEvent.

Framework definitions themselves change only through the loader (new versions) or, for drafts,
the admin. A partnership may record where its own view of applicability differs from the default.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import audit_record, save_changed, save_created, snapshot
from vfmhub.frameworks.models import Applicability, Criterion, FrameworkVersion
from vfmhub.frameworks.selectors import criteria_with_applicability
from vfmhub.organisations.models import BodyType, Partnership

UNKNOWN_BODY_TYPE = "Choose a body type from the list."
UNKNOWN_CRITERION = "Choose criteria from this version only."


@transaction.atomic
def applicability_override_set(
    *,
    acting_user: User | None,
    version: FrameworkVersion,
    partnership: Partnership,
    body_type: str,
    applicable_ids: Iterable[int],
    note: str = "",
) -> int:
    """Make exactly `applicable_ids` apply to `body_type` for `partnership`; return how many
    criteria changed. Where the choice matches the default, any override row is removed, so
    overrides record only real differences (and later changes to defaults still reach them)."""
    if body_type not in BodyType.values:
        raise ValidationError({"body_type": UNKNOWN_BODY_TYPE})
    criteria = list(criteria_with_applicability(version, body_type, partnership))
    wanted = {int(pk) for pk in applicable_ids}
    if wanted - {c.pk for c in criteria}:
        raise ValidationError({"criteria": UNKNOWN_CRITERION})
    rows = {
        row.criterion_id: row
        for row in Applicability.objects.select_for_update().filter(
            criterion__version=version, body_type=body_type, partnership=partnership
        )
    }
    changed = 0
    for criterion in criteria:
        applies = criterion.pk in wanted
        row = rows.get(criterion.pk)
        if applies == criterion.default_applies:  # type: ignore[attr-defined]
            changed += _override_remove(acting_user, row)
        elif row is None:
            _override_add(acting_user, criterion, body_type, partnership, applies, note)
            changed += 1
        elif row.applies != applies:
            _override_change(acting_user, row, applies, note)
            changed += 1
    return changed


def _override_add(
    acting_user: User | None,
    criterion: Criterion,
    body_type: str,
    partnership: Partnership | None,
    applies: bool,
    note: str,
) -> None:
    row = Applicability(
        criterion=criterion,
        body_type=body_type,
        partnership=partnership,
        applies=applies,
        note=note,
    )
    save_created(
        row,
        acting_user=acting_user,
        action="frameworks.applicability_override_add",
        fields=["criterion", "body_type", "applies", "note"],
    )


def _override_change(
    acting_user: User | None, row: Applicability, applies: bool, note: str
) -> None:
    before = snapshot(row, ["applies", "note"])
    row.applies, row.note = applies, note
    action = "frameworks.applicability_override_change"
    save_changed(row, before, acting_user=acting_user, action=action)


def _override_remove(acting_user: User | None, row: Applicability | None) -> int:
    if row is None:
        return 0
    audit_record(
        acting_user=acting_user,
        action="frameworks.applicability_override_remove",
        obj=row,
        changes={"applies": [row.applies, None]},
        note="Back to the default.",
    )
    row.delete()
    return 1
