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
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404

from vfmhub.accounts.access import is_site_staff
from vfmhub.accounts.models import User
from vfmhub.efficiency.models import (
    BodyAlias,
    EfficiencyProgramme,
    EfficiencyReturn,
    Gain,
    GainCategory,
    Participant,
)
from vfmhub.efficiency.selectors.gains import body_gains
from vfmhub.efficiency.selectors.returns import returns_visible
from vfmhub.organisations.access import NEEDS_ROLE, NOT_FOUND, one_or_404
from vfmhub.organisations.models import (
    ORGANISATION_ROLE_RANK,
    AuditorAssignment,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    PartnershipMember,
    PartnershipRole,
    PartnershipRoleKind,
)

CATEGORY_NOT_IN_PROGRAMME = "Choose a category of this programme."


class ProgrammeNeed(StrEnum):
    READ = "read"
    MANAGE = "manage"


class BodyNeed(StrEnum):
    READ = "read"
    EDIT = "edit"  # gains and draft returns
    SUBMIT = "submit"  # submitting returns


def signed_in(user: User | AnonymousUser) -> User:
    """The signed-in user; an anonymous visitor sees no programme (404)."""
    if not user.is_authenticated or not isinstance(user, User):
        raise Http404(NOT_FOUND)
    return user


def _int_or_404(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None


def _programme_or_404(pk: Any) -> EfficiencyProgramme:
    programmes = EfficiencyProgramme.objects.select_related("partnership", "organisation")
    return one_or_404(programmes.filter(pk=_int_or_404(pk)))


def _partnership_roles(user: User, programme: EfficiencyProgramme) -> frozenset[str]:
    if programme.partnership_id is None:
        return frozenset()
    roles = PartnershipRole.objects.filter(partnership_id=programme.partnership_id, user=user)
    return frozenset(roles.values_list("role", flat=True))


def manages(
    programme: EfficiencyProgramme,
    is_staff: bool,
    partnership_roles: frozenset[str],
    manages_own_body: bool,
) -> bool:
    """Who manages a programme: staff, the partnership's managers, and for a single body's own
    programme that body's managers."""
    if is_staff:
        return True
    if programme.partnership_id is not None:
        return PartnershipRoleKind.MANAGER in partnership_roles
    return manages_own_body


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
        manages_own_body = any(
            org_id == self.programme.organisation_id and role == OrganisationRole.MANAGER
            for org_id, role in self.body_roles
        )
        return manages(self.programme, self.is_staff, self.partnership_roles, manages_own_body)

    @property
    def own_organisation_ids(self) -> set[int]:
        return {org_id for org_id, _ in self.body_roles}

    @property
    def sees_every_body(self) -> bool:
        """The partnership's roles and staff see every body's page; others only their own."""
        return bool(self.is_staff or self.partnership_roles)

    def allows(self, need: ProgrammeNeed) -> bool:
        return self.can_read if need is ProgrammeNeed.READ else self.can_manage


def programme_access(user: User, programme: EfficiencyProgramme) -> ProgrammeAccess:
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
    user: User | AnonymousUser, pk: Any, *, need: ProgrammeNeed = ProgrammeNeed.READ
) -> tuple[EfficiencyProgramme, ProgrammeAccess]:
    """Fetch a programme for `user`: 404 if they may not see it, 403 if they lack `need`."""
    user = signed_in(user)
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
    def organisation(self) -> Organisation:
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
        manages_body = self.role == OrganisationRole.MANAGER
        return manages(self.programme, self.is_staff, self.partnership_roles, manages_body)

    def allows(self, need: BodyNeed) -> bool:
        return {
            BodyNeed.READ: self.can_read,
            BodyNeed.EDIT: self.can_edit,
            BodyNeed.SUBMIT: self.can_submit,
        }[need]


def _body_roles(user: User, participant: Participant) -> dict[str, Any]:
    """The user's ways to a body's part in a programme: their role at the body, in the
    partnership, as staff, and as the body's auditor (asked only of users with no other way in,
    so the body's own users pay no extra query)."""
    role = (
        OrganisationMembership.objects.filter(
            user=user, organisation_id=participant.organisation_id
        )
        .values_list("role", flat=True)
        .first()
    )
    partnership_roles = _partnership_roles(user, participant.programme)
    is_staff = is_site_staff(user)
    is_auditor = not (role or partnership_roles or is_staff) and (
        AuditorAssignment.objects.filter(
            user=user, organisation_id=participant.organisation_id
        ).exists()
    )
    return {
        "role": role,
        "partnership_roles": partnership_roles,
        "is_auditor": is_auditor,
        "is_staff": is_staff,
    }


def body_efficiency_for_user(
    user: User | AnonymousUser,
    programme_pk: Any,
    organisation_pk: Any,
    *,
    need: BodyNeed = BodyNeed.READ,
) -> BodyAccess:
    """Fetch a body's part in a programme for `user`: 404 if hidden, 403 if they lack `need`."""
    user = signed_in(user)
    participant = participant_for_programme(_programme_or_404(programme_pk), organisation_pk)
    roles = _body_roles(user, participant)
    access = BodyAccess(programme=participant.programme, participant=participant, **roles)
    if not access.can_read:
        raise Http404(NOT_FOUND)
    if not access.allows(need):
        raise PermissionDenied(NEEDS_ROLE)
    return access


def require_body(access: BodyAccess) -> None:
    """The gains register and drafts are the body's own: 404 to the partnership side."""
    if not access.is_body:
        raise Http404(NOT_FOUND)


def register_for_user(
    user: User | AnonymousUser,
    programme_pk: Any,
    organisation_pk: Any,
    *,
    need: BodyNeed = BodyNeed.READ,
    role_first: bool = False,
) -> BodyAccess:
    """A body's own records (its gains register, its return form) for `user`: 404 to the
    partnership side and the body's auditors, 403 to the body's users without `need`. The API
    refuses a missing role first (`role_first`), the pages hide the records first."""
    access = body_efficiency_for_user(
        user, programme_pk, organisation_pk, need=need if role_first else BodyNeed.READ
    )
    require_body(access)
    if not access.allows(need):
        raise PermissionDenied(NEEDS_ROLE)
    return access


def gain_for_body(access: BodyAccess, gain_pk: Any) -> Gain:
    """One gain of the body's register (the access already checked), or 404."""
    found = body_gains(access.programme, access.organisation).filter(pk=_int_or_404(gain_pk))
    gain = one_or_404(found)
    gain.programme, gain.organisation = access.programme, access.organisation
    return gain


def return_for_body(access: BodyAccess, return_pk: Any) -> EfficiencyReturn:
    """One version of the body's returns the user may see (drafts only to the body), or 404."""
    visible = returns_visible(access.programme, access.organisation, sees_drafts=access.sees_drafts)
    return one_or_404(visible.filter(pk=_int_or_404(return_pk)))


def participant_for_programme(programme: EfficiencyProgramme, organisation_pk: Any) -> Participant:
    """A body taking part in a programme the user already reached, or 404."""
    participant = one_or_404(
        Participant.objects.select_related("organisation").filter(
            programme=programme, organisation_id=_int_or_404(organisation_pk)
        )
    )
    participant.programme = programme
    return participant


def category_for_programme(
    programme: EfficiencyProgramme, category_pk: int | None, *, field: str = "category_id"
) -> GainCategory | None:
    """A category of the programme named in a request body: none for None, and a field error
    (not 404: the body, not the address, named it) for one of another programme."""
    if category_pk is None:
        return None
    category = GainCategory.objects.filter(programme=programme, pk=category_pk).first()
    if category is None:
        raise ValidationError({field: CATEGORY_NOT_IN_PROGRAMME})
    return category


def alias_for_programme(programme: EfficiencyProgramme, alias_pk: Any) -> BodyAlias:
    """One of the aliases of the programme's partnership (the user already reached the
    programme), or 404; a body's own programme has none."""
    if programme.partnership_id is None:
        raise Http404(NOT_FOUND)
    aliases = BodyAlias.objects.select_related("organisation")
    return one_or_404(
        aliases.filter(partnership_id=programme.partnership_id, pk=_int_or_404(alias_pk))
    )
