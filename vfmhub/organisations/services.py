"""Writes to organisations, partnerships and roles. Each records an AuditEvent."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.accounts.services import user_invite
from vfmhub.audit.services import (
    audit_record,
    changes_between,
    save_changed,
    save_created,
    snapshot,
)
from vfmhub.core.concurrency import check_unchanged
from vfmhub.organisations.models import (
    AuditorAssignment,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    Partnership,
    PartnershipMember,
    PartnershipRole,
)

LAST_MANAGER = "An organisation must keep at least one manager. Make someone else a manager first."
ALREADY_MEMBER = "{organisation} is already a member of {partnership} on that date."
LEFT_BEFORE_JOINED = "The date it left must be the same as or after the date it joined."

ORGANISATION_FIELDS = [
    "name",
    "short_name",
    "body_type",
    "gss_code",
    "region",
    "parent",
    "active_from",
    "active_to",
]


SAME_NAME = "There is already a body called {name} of that type."


@transaction.atomic
def organisation_create(
    *,
    acting_user: User | None,
    name: str,
    body_type: str,
    gss_code: str | None = None,
    short_name: str = "",
) -> Organisation:
    """Add a body that is not in the councils' register (a police body, a primary care trust):
    refused when one of that name and type is already recorded; audited."""
    name = " ".join(name.split())
    if Organisation.objects.filter(name__iexact=name, body_type=body_type).exists():
        raise ValidationError({"name": SAME_NAME.format(name=name)})
    organisation = Organisation(
        name=name, body_type=body_type, gss_code=gss_code or None, short_name=short_name
    )
    return save_created(
        organisation,
        acting_user=acting_user,
        action="organisation.create",
        fields=ORGANISATION_FIELDS,
    )


@transaction.atomic
def organisation_update(
    *,
    acting_user: User | None,
    organisation: Organisation,
    expected_updated_at: datetime.datetime | None = None,
    **values: Any,
) -> Organisation:
    """Change details; refuses if someone else saved since `expected_updated_at`."""
    check_unchanged(organisation, expected_updated_at)
    before = snapshot(organisation, ORGANISATION_FIELDS)
    for name, value in values.items():
        if name not in ORGANISATION_FIELDS:
            raise ValueError(f"{name} is not an editable organisation field")
        setattr(organisation, name, value)
    return save_changed(organisation, before, acting_user=acting_user, action="organisation.update")


@transaction.atomic
def organisation_member_invite(
    *,
    acting_user: User | None,
    organisation: Organisation,
    email: str,
    role: str,
    full_name: str = "",
    officer_title: str = "",
    invite_url_base: str = "",
) -> OrganisationMembership:
    """Give a person a role at an organisation, creating and inviting them if they are new."""
    user = user_invite(
        acting_user=acting_user, email=email, full_name=full_name, url_base=invite_url_base
    )
    membership = OrganisationMembership.objects.filter(user=user, organisation=organisation).first()
    if membership:
        return organisation_member_set_role(
            acting_user=acting_user, membership=membership, role=role, officer_title=officer_title
        )
    return save_created(
        OrganisationMembership(
            user=user, organisation=organisation, role=role, officer_title=officer_title
        ),
        acting_user=acting_user,
        action="organisation.member_add",
        fields=["user", "role", "officer_title"],
    )


@transaction.atomic
def organisation_member_set_role(
    *,
    acting_user: User | None,
    membership: OrganisationMembership,
    role: str,
    officer_title: str | None = None,
    expected_updated_at: datetime.datetime | None = None,
) -> OrganisationMembership:
    """Change a person's role; refuses if it changed since `expected_updated_at` (when given)."""
    membership = OrganisationMembership.objects.select_for_update().get(pk=membership.pk)
    check_unchanged(membership, expected_updated_at)
    before = snapshot(membership, ["role", "officer_title"])
    if membership.role == OrganisationRole.MANAGER and role != OrganisationRole.MANAGER:
        _ensure_another_manager(membership)
    membership.role = role
    if officer_title is not None:
        membership.officer_title = officer_title
    return save_changed(
        membership, before, acting_user=acting_user, action="organisation.member_role"
    )


@transaction.atomic
def organisation_member_remove(
    *, acting_user: User | None, membership: OrganisationMembership
) -> None:
    if membership.role == OrganisationRole.MANAGER:
        _ensure_another_manager(membership)
    audit_record(
        acting_user=acting_user,
        action="organisation.member_remove",
        obj=membership,
        changes={"role": [membership.role, None]},
    )
    membership.delete()


def _ensure_another_manager(membership: OrganisationMembership) -> None:
    others = OrganisationMembership.objects.filter(
        organisation_id=membership.organisation_id, role=OrganisationRole.MANAGER
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(LAST_MANAGER)


@transaction.atomic
def auditor_assign(
    *,
    acting_user: User | None,
    organisation: Organisation,
    email: str,
    first_year: int,
    last_year: int | None = None,
    firm: str = "",
    full_name: str = "",
) -> AuditorAssignment:
    user = user_invite(acting_user=acting_user, email=email, full_name=full_name)
    assignment = AuditorAssignment(
        user=user,
        organisation=organisation,
        first_year=first_year,
        last_year=last_year,
        firm=firm,
    )
    return save_created(
        assignment,
        acting_user=acting_user,
        action="organisation.auditor_assign",
        fields=["user", "firm", "first_year", "last_year"],
    )


@transaction.atomic
def partnership_member_add(
    *,
    acting_user: User | None,
    partnership: Partnership,
    organisation: Organisation,
    joined: datetime.date,
    left: datetime.date | None = None,
) -> PartnershipMember:
    overlapping = PartnershipMember.objects.filter(
        partnership=partnership, organisation=organisation, joined__lte=left or datetime.date.max
    ).exclude(left__lt=joined)
    if overlapping.exists():
        raise ValidationError(
            ALREADY_MEMBER.format(organisation=organisation, partnership=partnership)
        )
    return save_created(
        PartnershipMember(
            partnership=partnership, organisation=organisation, joined=joined, left=left
        ),
        acting_user=acting_user,
        action="partnership.member_add",
        fields=["organisation", "joined", "left"],
    )


@transaction.atomic
def partnership_member_end(
    *, acting_user: User | None, member: PartnershipMember, left: datetime.date
) -> PartnershipMember:
    if left < member.joined:
        raise ValidationError(LEFT_BEFORE_JOINED)
    before = snapshot(member, ["left"])
    member.left = left
    member.full_clean()
    member.save()
    audit_record(
        acting_user=acting_user,
        action="partnership.member_end",
        obj=member,
        changes=changes_between(before, snapshot(member, ["left"])),
    )
    return member


@transaction.atomic
def partnership_role_grant(
    *,
    acting_user: User | None,
    partnership: Partnership,
    email: str,
    role: str,
    full_name: str = "",
    invite_url_base: str = "",
) -> PartnershipRole:
    user = user_invite(
        acting_user=acting_user, email=email, full_name=full_name, url_base=invite_url_base
    )
    existing = PartnershipRole.objects.filter(user=user, partnership=partnership, role=role).first()
    if existing:
        return existing
    grant = PartnershipRole(user=user, partnership=partnership, role=role)
    return save_created(
        grant, acting_user=acting_user, action="partnership.role_grant", fields=["user", "role"]
    )


@transaction.atomic
def partnership_role_revoke(*, acting_user: User | None, grant: PartnershipRole) -> None:
    audit_record(
        acting_user=acting_user,
        action="partnership.role_revoke",
        obj=grant,
        changes={"role": [grant.role, None], "user": [str(grant.user), None]},
    )
    grant.delete()
