import datetime

from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import exact_time, sent_version, stale_as_conflict, updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.organisations import selectors, services
from vfmhub.organisations.access import (
    Need,
    membership_of,
    organisation_for_user,
    organisation_to_add,
    partnership_for_user,
)
from vfmhub.organisations.models import (
    BodyType,
    OrganisationRole,
    PartnershipRoleKind,
)

ALREADY_A_MEMBER = (
    "This person is already a member: change their role with PATCH …/members/{id}, sending the "
    "updated_at you read."
)

router = Router(tags=["organisations"])


def _manages_organisation(request, organisation_id, **_):
    organisation_for_user(request.user, organisation_id, need=Need.MANAGE)


def _manages_partnership(request, partnership_id, **_):
    partnership_for_user(request.user, partnership_id, need=Need.MANAGE)


class RegionOut(Schema):
    code: str
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    body_type: BodyType
    gss_code: str | None
    region: RegionOut | None
    parent_id: int | None
    active_from: datetime.date | None
    active_to: datetime.date | None


class MembershipOut(Schema):
    id: int
    user_id: int
    email: str
    full_name: str
    role: OrganisationRole
    officer_title: str
    updated_at: str  # exact, to send back when changing the role


class MembershipIn(Schema):
    email: str
    role: OrganisationRole
    full_name: str = ""
    officer_title: str = ""


class MembershipRoleIn(Schema):
    role: OrganisationRole
    officer_title: str | None = None
    updated_at: datetime.datetime | None = None


class PartnershipOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    lead_organisation_id: int | None
    active_from: datetime.date | None
    active_to: datetime.date | None


class PartnershipMemberOut(Schema):
    id: int
    organisation: OrganisationOut
    joined: datetime.date
    left: datetime.date | None


class PartnershipMemberIn(Schema):
    organisation_id: int
    joined: datetime.date


class PartnershipRoleOut(Schema):
    id: int
    user_id: int
    email: str
    role: PartnershipRoleKind


def _membership_out(m) -> dict:
    return {
        "id": m.pk,
        "user_id": m.user_id,
        "email": m.user.email,
        "full_name": m.user.full_name,
        "role": m.role,
        "officer_title": m.officer_title,
        "updated_at": exact_time(m.updated_at),
    }


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations you can see")
@paginate(Pagination)
def list_organisations(request, q: str = "", body_type: BodyType | None = None):
    return selectors.organisations_for_user(request.user, search=q, body_type=body_type or "")


@router.get("/organisations/{organisation_id}", response=OrganisationOut)
def get_organisation(request, organisation_id: int):
    return organisation_for_user(request.user, organisation_id).organisation


@router.get(
    "/organisations/{organisation_id}/members",
    response=list[MembershipOut],
    summary="People with a role at an organisation",
)
@paginate(Pagination)
def list_organisation_members(request, organisation_id: int):
    access = organisation_for_user(request.user, organisation_id)
    return [_membership_out(m) for m in selectors.organisation_members(access.organisation)]


@router.post(
    "/organisations/{organisation_id}/members",
    response={201: MembershipOut},
    summary="Give a person a role (managers)",
)
@write_access(_manages_organisation)
def add_organisation_member(request, organisation_id: int, payload: MembershipIn):
    access = organisation_for_user(request.user, organisation_id, need=Need.MANAGE)
    existing = selectors.organisation_member_with_email(access.organisation, payload.email)
    if existing is not None:
        # Adding would change their role without saying which version it changes (see PATCH).
        raise HttpError(409, ALREADY_A_MEMBER.format(id=existing.pk))
    membership = services.organisation_member_invite(
        acting_user=request.user,
        organisation=access.organisation,
        invite_url_base=f"{request.scheme}://{request.get_host()}",
        **payload.dict(),
    )
    return Status(201, _membership_out(membership))


@router.patch(
    "/organisations/{organisation_id}/members/{membership_id}",
    response=MembershipOut,
    summary="Change a person's role (managers); send the updated_at you read",
)
@write_access(_manages_organisation)
@updates_record
def change_organisation_member(
    request, organisation_id: int, membership_id: int, payload: MembershipRoleIn
):
    access = organisation_for_user(request.user, organisation_id, need=Need.MANAGE)
    membership = membership_of(access, membership_id)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        membership = services.organisation_member_set_role(
            acting_user=request.user,
            membership=membership,
            expected_updated_at=expected,
            **payload.dict(exclude={"updated_at"}),
        )
    return _membership_out(membership)


@router.delete("/organisations/{organisation_id}/members/{membership_id}", response={204: None})
@write_access(_manages_organisation)
def remove_organisation_member(request, organisation_id: int, membership_id: int):
    access = organisation_for_user(request.user, organisation_id, need=Need.MANAGE)
    services.organisation_member_remove(
        acting_user=request.user, membership=membership_of(access, membership_id)
    )
    return Status(204, None)


@router.get("/partnerships", response=list[PartnershipOut], summary="Partnerships you can see")
@paginate(Pagination)
def list_partnerships(request):
    return selectors.partnerships_for_user(request.user)


@router.get("/partnerships/{partnership_id}", response=PartnershipOut)
def get_partnership(request, partnership_id: int):
    return partnership_for_user(request.user, partnership_id).partnership


@router.get("/partnerships/{partnership_id}/members", response=list[PartnershipMemberOut])
@paginate(Pagination)
def list_partnership_members(request, partnership_id: int):
    access = partnership_for_user(request.user, partnership_id)
    return selectors.partnership_members(access.partnership)


@router.post(
    "/partnerships/{partnership_id}/members",
    response={201: PartnershipMemberOut},
    summary="Add a member body (partnership managers)",
)
@write_access(_manages_partnership)
def add_partnership_member(request, partnership_id: int, payload: PartnershipMemberIn):
    access = partnership_for_user(request.user, partnership_id, need=Need.MANAGE)
    organisation = organisation_to_add(payload.organisation_id)
    member = services.partnership_member_add(
        acting_user=request.user,
        partnership=access.partnership,
        organisation=organisation,
        joined=payload.joined,
    )
    return Status(201, member)


@router.get("/partnerships/{partnership_id}/people", response=list[PartnershipRoleOut])
@paginate(Pagination)
def list_partnership_people(request, partnership_id: int):
    access = partnership_for_user(request.user, partnership_id)
    return [
        {"id": r.pk, "user_id": r.user_id, "email": r.user.email, "role": r.role}
        for r in selectors.partnership_people(access.partnership)
    ]
