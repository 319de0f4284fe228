"""Every fetch of a user-supplied id on the benchmarking club pages and endpoints.

Who sees a club: site staff, the people of its member bodies, and the people with a role in the
partnership that runs it; anyone else gets 404. Who runs it: the partnership's managers and site
staff (a club with no partnership is run by staff alone); anyone else who sees it gets 403 on
those writes. A body's own values (the entry page) are reached only by that body's own people:
a provisional value is never shown outside its body, so even a partnership manager or site staff
gets 404 there; a viewer of the body reads the page and gets 403 on saving."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from vfmhub.accounts.access import is_site_staff
from vfmhub.accounts.models import User
from vfmhub.benchmarking.models import Club, ClubMeasure, ClubMember, ClubValue, ClubWindow
from vfmhub.organisations.access import (
    NEEDS_ROLE,
    NOT_FOUND,
    Need,
    one_or_404,
    organisation_for_user,
)
from vfmhub.organisations.models import PartnershipRole, PartnershipRoleKind

MAX_ID = 2**63 - 1


def _id(text: Any) -> int:
    """A user-supplied id as a number the database can hold; 404 otherwise."""
    try:
        number = int(text)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None
    if not 0 < number <= MAX_ID:
        raise Http404(NOT_FOUND)
    return number


def readable_clubs_filter(user: User) -> Q:
    """A filter on Club for the clubs `user` may see."""
    if is_site_staff(user):
        return Q()
    member = ClubMember.objects.filter(club=OuterRef("pk"), organisation__memberships__user=user)
    runs = PartnershipRole.objects.filter(partnership=OuterRef("partnership"), user=user)
    return Q(Exists(member)) | Q(Exists(runs))


@dataclass(frozen=True)
class ClubAccess:
    """What one user may do in one club. `own_ids` are the member bodies the user holds a role
    at: theirs are the only provisional values the user ever sees."""

    club: Club
    own_ids: frozenset[int]
    can_manage: bool
    is_staff: bool


def club_access(user: User, club: Club) -> ClubAccess:
    is_staff = is_site_staff(user)
    own = ClubMember.objects.filter(club=club, organisation__memberships__user=user)
    manages = club.partnership_id is not None and (
        PartnershipRole.objects.filter(
            partnership=club.partnership, user=user, role=PartnershipRoleKind.MANAGER
        ).exists()
    )
    return ClubAccess(
        club=club,
        own_ids=frozenset(own.values_list("organisation_id", flat=True)),
        can_manage=is_staff or manages,
        is_staff=is_staff,
    )


def club_for_user(user: User, pk: Any, *, need: Need = Need.READ) -> ClubAccess:
    """A club for `user`: 404 if they cannot see it, 403 if they need to run it and do not."""
    if not user.is_authenticated:
        raise Http404(NOT_FOUND)
    club = one_or_404(
        Club.objects.select_related("partnership").filter(readable_clubs_filter(user), pk=_id(pk))
    )
    access = club_access(user, club)
    if need is not Need.READ and not access.can_manage:
        raise PermissionDenied(NEEDS_ROLE)
    return access


def window_of(access: ClubAccess, pk: Any) -> ClubWindow:
    return one_or_404(access.club.windows.filter(pk=_id(pk)))


def measure_of(access: ClubAccess, pk: Any) -> ClubMeasure:
    return one_or_404(access.club.measures.filter(pk=_id(pk)))


def member_of(access: ClubAccess, pk: Any) -> ClubMember:
    return one_or_404(access.club.members.select_related("organisation").filter(pk=_id(pk)))


def own_member_for_user(
    user: User, club_pk: Any, org_pk: Any, *, need: Need = Need.READ
) -> tuple[ClubAccess, ClubMember]:
    """The club, and a member body's place in it, for one of the body's own people. The body is
    checked first (404 to anyone who cannot see it, 403 to a read-only role when `need` is
    EDIT), then the club; anyone else who can see the body, such as a partnership manager or
    site staff, gets 404: its provisional values are on the page."""
    organisation_for_user(user, org_pk, need=need)
    access = club_for_user(user, club_pk)
    org_id = _id(org_pk)
    if org_id not in access.own_ids:
        raise Http404(NOT_FOUND)
    member = one_or_404(
        access.club.members.select_related("organisation").filter(organisation_id=org_id)
    )
    return access, member


def own_value_of(member: ClubMember, window: ClubWindow, measure: ClubMeasure) -> ClubValue:
    """The body's value for a measure in a window; 404 when none is saved."""
    return one_or_404(
        ClubValue.objects.filter(window=window, measure=measure, organisation=member.organisation)
    )
