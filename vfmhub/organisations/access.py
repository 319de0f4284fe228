"""The access layer: every view and endpoint fetches organisations and partnerships through here.

A user with no access at all gets 404 (an outsider cannot tell the object exists); a user who can
see it but lacks the role for the action gets 403. Later modules build on `organisation_access` and
`partnership_access` for their own objects.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from vfmhub.accounts.access import is_site_staff
from vfmhub.accounts.models import User
from vfmhub.organisations.models import (
    ORGANISATION_ROLE_RANK,
    AuditorAssignment,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    Partnership,
    PartnershipMember,
    PartnershipRole,
    PartnershipRoleKind,
)

NOT_FOUND = "Not found."
NEEDS_ROLE = "You do not have permission to do that."

M = TypeVar("M", bound=Model)


class Need(StrEnum):
    READ = "read"
    EDIT = "edit"
    MANAGE = "manage"


@dataclass(frozen=True)
class OrganisationAccess:
    """What one user may do at one organisation."""

    organisation: Organisation
    role: str | None = None
    auditor_years: tuple[tuple[int, int | None], ...] = ()
    via_partnership: bool = False
    is_staff: bool = False

    @property
    def can_read(self) -> bool:
        return bool(self.role or self.auditor_years or self.via_partnership or self.is_staff)

    def has_role(self, minimum: str) -> bool:
        if self.is_staff:
            return True
        return ORGANISATION_ROLE_RANK.get(self.role or "", 0) >= ORGANISATION_ROLE_RANK[minimum]

    @property
    def can_edit(self) -> bool:
        return self.has_role(OrganisationRole.EDITOR)

    @property
    def can_manage(self) -> bool:
        return self.has_role(OrganisationRole.MANAGER)

    def is_auditor_for(self, year: int) -> bool:
        return any(
            first <= year and (last is None or year <= last) for first, last in self.auditor_years
        )

    def allows(self, need: Need) -> bool:
        return {
            Need.READ: self.can_read,
            Need.EDIT: self.can_edit,
            Need.MANAGE: self.can_manage,
        }[need]


@dataclass(frozen=True)
class PartnershipAccess:
    partnership: Partnership
    roles: frozenset[str] = field(default_factory=frozenset)
    via_member_organisation: bool = False
    is_staff: bool = False

    @property
    def can_read(self) -> bool:
        return bool(self.roles or self.via_member_organisation or self.is_staff)

    @property
    def can_manage(self) -> bool:
        return self.is_staff or PartnershipRoleKind.MANAGER in self.roles

    @property
    def is_peer_reviewer(self) -> bool:
        return PartnershipRoleKind.PEER_REVIEWER in self.roles

    def allows(self, need: Need) -> bool:
        if need is Need.READ:
            return self.can_read
        return self.can_manage


def _organisation_access_queryset(user: User) -> QuerySet[Organisation]:
    """Organisations annotated with the user's role and partnership reach, in one query."""
    role = OrganisationMembership.objects.filter(organisation=OuterRef("pk"), user=user).values(
        "role"
    )[:1]
    via_partnership = PartnershipMember.objects.filter(
        organisation=OuterRef("pk"),
        partnership__roles__user=user,
    )
    return Organisation.objects.select_related("region", "parent").annotate(
        access_role=Subquery(role),
        access_via_partnership=Exists(via_partnership),
    )


def organisation_access(user: User, organisation: Organisation) -> OrganisationAccess:
    """What `user` may do at an organisation already reached through another object."""
    annotated = _organisation_access_queryset(user).get(pk=organisation.pk)
    return _access_from_annotated(user, annotated)


def _access_from_annotated(user: User, organisation: Organisation) -> OrganisationAccess:
    return OrganisationAccess(
        organisation=organisation,
        role=getattr(organisation, "access_role", None),
        auditor_years=_auditor_years(user, organisation.pk),
        via_partnership=getattr(organisation, "access_via_partnership", False),
        is_staff=is_site_staff(user),
    )


def _auditor_years(user: User, organisation_id: int) -> tuple[tuple[int, int | None], ...]:
    return tuple(
        AuditorAssignment.objects.filter(user=user, organisation_id=organisation_id).values_list(
            "first_year", "last_year"
        )
    )


def organisation_for_user(user: User, pk: Any, *, need: Need = Need.READ) -> OrganisationAccess:
    """Fetch an organisation for `user`: 404 if they cannot see it, 403 if they lack `need`."""
    if not user.is_authenticated:
        raise Http404(NOT_FOUND)
    try:
        organisation = _organisation_access_queryset(user).get(pk=int(pk))
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    access = _access_from_annotated(user, organisation)
    if not access.can_read:
        raise Http404(NOT_FOUND)
    if not access.allows(need):
        raise PermissionDenied(NEEDS_ROLE)
    return access


def partnership_for_user(user: User, pk: Any, *, need: Need = Need.READ) -> PartnershipAccess:
    """Fetch a partnership for `user`: 404 if they cannot see it, 403 if they lack `need`."""
    if not user.is_authenticated:
        raise Http404(NOT_FOUND)
    member_org = PartnershipMember.objects.filter(
        partnership=OuterRef("pk"), organisation__memberships__user=user
    )
    try:
        partnership = (
            Partnership.objects.select_related("lead_organisation")
            .annotate(access_via_member=Exists(member_org))
            .get(pk=int(pk))
        )
    except (Partnership.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    roles = frozenset(
        PartnershipRole.objects.filter(partnership=partnership, user=user).values_list(
            "role", flat=True
        )
    )
    access = PartnershipAccess(
        partnership=partnership,
        roles=roles,
        via_member_organisation=partnership.access_via_member,
        is_staff=is_site_staff(user),
    )
    if not access.can_read:
        raise Http404(NOT_FOUND)
    if not access.allows(need):
        raise PermissionDenied(NEEDS_ROLE)
    return access


def readable_member_ids(access: PartnershipAccess, user: User) -> set[int] | None:
    """Which members' pages `user` may open: None for all of them (a partnership role, staff),
    else the ids of their own bodies (someone who reaches the partnership through their body)."""
    if access.roles or access.is_staff:
        return None
    return set(
        OrganisationMembership.objects.filter(user=user).values_list("organisation_id", flat=True)
    )


def readable_organisations_filter(user: User) -> Q:
    """A filter on Organisation for the ones `user` may read; staff read all."""
    if is_site_staff(user):
        return Q()
    return (
        Q(Exists(OrganisationMembership.objects.filter(organisation=OuterRef("pk"), user=user)))
        | Q(Exists(AuditorAssignment.objects.filter(organisation=OuterRef("pk"), user=user)))
        | Q(
            Exists(
                PartnershipMember.objects.filter(
                    organisation=OuterRef("pk"), partnership__roles__user=user
                )
            )
        )
    )


def readable_partnerships_filter(user: User) -> Q:
    if is_site_staff(user):
        return Q()
    return Q(Exists(PartnershipRole.objects.filter(partnership=OuterRef("pk"), user=user))) | Q(
        Exists(
            PartnershipMember.objects.filter(
                partnership=OuterRef("pk"), organisation__memberships__user=user
            )
        )
    )


# Records under an organisation or partnership the user already reached --------------------------


def one_or_404(queryset: QuerySet[M]) -> M:
    """The first row of `queryset`, a lookup already limited to what the user may reach; 404
    when there is none."""
    found = queryset.first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def membership_of(access: OrganisationAccess, pk: int) -> OrganisationMembership:
    """A person's role at the body the user reached; 404 when it is not one of the body's."""
    return one_or_404(access.organisation.memberships.select_related("user").filter(pk=pk))


def partnership_member_of(access: PartnershipAccess, pk: int) -> PartnershipMember:
    """A member body of the partnership the user reached; 404 when it is not one of its."""
    return one_or_404(access.partnership.members.select_related("organisation").filter(pk=pk))


def partnership_role_of(access: PartnershipAccess, pk: int) -> PartnershipRole:
    """A person's role in the partnership the user reached; 404 when it is not one of its."""
    return one_or_404(access.partnership.roles.select_related("user").filter(pk=pk))


def organisation_to_add(pk: int) -> Organisation:
    """A body a partnership manager names to add as a member: any body in the register."""
    return one_or_404(Organisation.objects.filter(pk=pk))
