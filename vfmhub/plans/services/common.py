"""Checks and the audit call shared by the plan services."""

from django.core.exceptions import ValidationError

from vfmhub.audit.services import audit_record, audit_record_created, changes_between
from vfmhub.organisations.models import Organisation, OrganisationMembership

NOT_A_MEMBER = "Choose someone who holds a role at {organisation}."


def record(
    acting_user,
    action: str,
    obj,
    before: dict,
    after: dict,
    *,
    organisation_id: int,
    partnership_id: int | None = None,
    note: str = "",
) -> None:
    """Audit a change, filed under the plan's organisation (and partnership, for reviews)."""
    changes = changes_between(before, after)
    if changes or note:
        audit_record(
            acting_user=acting_user,
            action=action,
            obj=obj,
            changes=changes,
            note=note,
            organisation_id=organisation_id,
            partnership_id=partnership_id,
        )


def record_created(acting_user, action: str, obj, fields: list[str], **owners) -> None:
    audit_record_created(acting_user=acting_user, action=action, obj=obj, fields=fields, **owners)


def check_member(user, organisation: Organisation, field: str) -> None:
    """A linked officer or owner must hold a role at the body (so "my actions" can show it)."""
    if user is None:
        return
    if not OrganisationMembership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({field: NOT_A_MEMBER.format(organisation=organisation.name)})


def apply_fields(instance, fields: dict, allowed: list[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
