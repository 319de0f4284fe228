"""Reaching an efficiency programme, and one body's part in it, for a user.

- A programme is read by the partnership's readers (its roles and the users of its member bodies),
  by the users of a participating body, and by staff; it is managed by the partnership's managers,
  or for a single body's own programme by that body's managers.
- A body's page in a programme: the body's own users see its gains and every return (viewer reads,
  editor edits gains and drafts, manager submits). The partnership's roles, and the body's
  auditors (who may read the body), read the page but see submitted returns only and no gains
  register; an auditor does not reach the programme's own pages. Users of other bodies and
  outsiders get 404.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from vfmhub.accounts.access import is_site_staff
from vfmhub.efficiency.models import EfficiencyProgramme, Participant
from vfmhub.organisations.access import NEEDS_ROLE, NOT_FOUND
from vfmhub.organisations.models import (
    ORGANISATION_ROLE_RANK,
    AuditorAssignment,
    OrganisationMembership,
    OrganisationRole,
    PartnershipMember,
    PartnershipRole,
    PartnershipRoleKind,
)


class ProgrammeNeed(StrEnum):
    READ = "read"
    MANAGE = "manage"


class BodyNeed(StrEnum):
    READ = "read"
    EDIT = "edit"  # gains and draft returns
    SUBMIT = "submit"  # submitting returns


def _int_or_404(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None


def _programme_or_404(pk) -> EfficiencyProgramme:
    programme = (
        EfficiencyProgramme.objects.select_related("partnership", "organisation")
        .filter(pk=_int_or_404(pk))
        .first()
    )
    if programme is None:
        raise Http404(NOT_FOUND)
    return programme


def _partnership_roles(user, programme: EfficiencyProgramme) -> frozenset[str]:
    if programme.partnership_id is None:
        return frozenset()
    roles = PartnershipRole.objects.filter(partnership_id=programme.partnership_id, user=user)
    return frozenset(roles.values_list("role", flat=True))


@dataclass(frozen=True)
class ProgrammeAccess:
    programme: EfficiencyProgramme
    partnership_roles: frozenset[str] = frozenset()
    body_roles: tuple[tuple[int, str], ...] = ()  # (organisation id, role) for the user's bodies
    via_member_organisation: bool = False
    is_staff: bool = False

    @property
    def can_read(self) -> bool:
        return bool(
            self.is_staff
            or self.partnership_roles
            or self.body_roles
            or self.via_member_organisation
        )

    @property
    def can_manage(self) -> bool:
        if self.is_staff:
            return True
        if self.programme.partnership_id is not None:
            return PartnershipRoleKind.MANAGER in self.partnership_roles
        return any(
            org_id == self.programme.organisation_id and role == OrganisationRole.MANAGER
            for org_id, role in self.body_roles
        )

    @property
    def own_organisation_ids(self) -> set[int]:
        return {org_id for org_id, _ in self.body_roles}

    @property
    def sees_every_body(self) -> bool:
        """The partnership's roles and staff see every body's page; others only their own."""
        return bool(self.is_staff or self.partnership_roles)

    def allows(self, need: ProgrammeNeed) -> bool:
        return self.can_read if need is ProgrammeNeed.READ else self.can_manage


def programme_access(user, programme: EfficiencyProgramme) -> ProgrammeAccess:
    """What `user` may do with a programme already fetched."""
    participating = Q(organisation__efficiency_participations__programme=programme)
    if programme.organisation_id is not None:
        participating |= Q(organisation_id=programme.organisation_id)
    body_roles = tuple(
        OrganisationMembership.objects.filter(participating, user=user)
        .values_list("organisation_id", "role")
        .distinct()
    )
    via_member = programme.partnership_id is not None and (
        PartnershipMember.objects.filter(
            partnership_id=programme.partnership_id, organisation__memberships__user=user
        ).exists()
    )
    return ProgrammeAccess(
        programme=programme,
        partnership_roles=_partnership_roles(user, programme),
        body_roles=body_roles,
        via_member_organisation=via_member,
        is_staff=is_site_staff(user),
    )


def programme_for_user(
    user, pk, *, need: ProgrammeNeed = ProgrammeNeed.READ
) -> tuple[EfficiencyProgramme, ProgrammeAccess]:
    """Fetch a programme for `user`: 404 if they may not see it, 403 if they lack `need`."""
    if not user.is_authenticated:
        raise Http404(NOT_FOUND)
    programme = _programme_or_404(pk)
    access = programme_access(user, programme)
    if not access.can_read:
        raise Http404(NOT_FOUND)
    if not access.allows(need):
        raise PermissionDenied(NEEDS_ROLE)
    return programme, access


@dataclass(frozen=True)
class BodyAccess:
    """What one user may do with one body's part in one programme."""

    programme: EfficiencyProgramme
    participant: Participant
    role: str | None = None  # the user's role at the body
    partnership_roles: frozenset[str] = frozenset()
    is_auditor: bool = False  # assigned to audit the body (any year)
    is_staff: bool = False

    @property
    def organisation(self):
        return self.participant.organisation

    @property
    def is_body(self) -> bool:
        """The body's own users (and staff): they see its gains and draft returns."""
        return bool(self.role or self.is_staff)

    @property
    def sees_gains(self) -> bool:
        return self.is_body

    @property
    def sees_drafts(self) -> bool:
        return self.is_body

    @property
    def can_read(self) -> bool:
        return self.is_body or bool(self.partnership_roles) or self.is_auditor

    @property
    def reads_programme(self) -> bool:
        """Whether the programme's own pages are open to the user (a body's auditor only reads
        the body's page)."""
        return self.is_body or bool(self.partnership_roles)

    def _has_role(self, minimum: str) -> bool:
        if self.is_staff:
            return True
        return ORGANISATION_ROLE_RANK.get(self.role or "", 0) >= ORGANISATION_ROLE_RANK[minimum]

    @property
    def can_edit(self) -> bool:
        return self._has_role(OrganisationRole.EDITOR)

    @property
    def can_submit(self) -> bool:
        return self._has_role(OrganisationRole.MANAGER)

    @property
    def can_manage_programme(self) -> bool:
        if self.is_staff:
            return True
        if self.programme.partnership_id is not None:
            return PartnershipRoleKind.MANAGER in self.partnership_roles
        return self.role == OrganisationRole.MANAGER

    def allows(self, need: BodyNeed) -> bool:
        return {
            BodyNeed.READ: self.can_read,
            BodyNeed.EDIT: self.can_edit,
            BodyNeed.SUBMIT: self.can_submit,
        }[need]


def body_efficiency_for_user(
    user, programme_pk, organisation_pk, *, need: BodyNeed = BodyNeed.READ
) -> BodyAccess:
    """Fetch a body's part in a programme for `user`: 404 if hidden, 403 if they lack `need`."""
    if not user.is_authenticated:
        raise Http404(NOT_FOUND)
    programme = _programme_or_404(programme_pk)
    participant = (
        Participant.objects.select_related("organisation")
        .filter(programme=programme, organisation_id=_int_or_404(organisation_pk))
        .first()
    )
    if participant is None:
        raise Http404(NOT_FOUND)
    participant.programme = programme
    role = (
        OrganisationMembership.objects.filter(
            user=user, organisation_id=participant.organisation_id
        )
        .values_list("role", flat=True)
        .first()
    )
    partnership_roles = _partnership_roles(user, programme)
    is_staff = is_site_staff(user)
    # Asked only of users with no other way in, so the body's own users pay no extra query.
    is_auditor = not (role or partnership_roles or is_staff) and (
        AuditorAssignment.objects.filter(
            user=user, organisation_id=participant.organisation_id
        ).exists()
    )
    access = BodyAccess(
        programme=programme,
        participant=participant,
        role=role,
        partnership_roles=partnership_roles,
        is_auditor=is_auditor,
        is_staff=is_staff,
    )
    if not access.can_read:
        raise Http404(NOT_FOUND)
    if not access.allows(need):
        raise PermissionDenied(NEEDS_ROLE)
    return access


def require_body(access: BodyAccess) -> None:
    """The gains register and drafts are the body's own: 404 to the partnership side."""
    if not access.is_body:
        raise Http404(NOT_FOUND)
