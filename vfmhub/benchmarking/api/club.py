"""Benchmarking clubs over the API: the clubs a user can see, a club (its measures, windows and
members), the values of a window (the pages' visibility rule: the user's own bodies' values, and
the others' only once the window has closed and only when submitted), and a body's value added
(POST) or changed at the version read (PUT, 409 when it changed since). Writes need an editor of
the body (403 to its viewers); anyone outside the club gets 404."""

import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from vfmhub.benchmarking.access.club import (
    club_for_user,
    measure_of,
    own_member_for_user,
    own_value_of,
    window_of,
)
from vfmhub.benchmarking.selectors import club as selectors
from vfmhub.benchmarking.services import club as services
from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import (
    VersionedOut,
    sent_version,
    stale_as_conflict,
    updates_record,
)
from vfmhub.core.api.writes import refuse_null, write_access
from vfmhub.lib import clock
from vfmhub.organisations.access import Need

router = Router(tags=["benchmarking"])
CLUBS = "/benchmarking/clubs"
CLUB = CLUBS + "/{int:club_id}"
VALUES = CLUB + "/windows/{int:window_id}/organisations/{int:organisation_id}/values"
Status_ = Literal["provisional", "submitted"]


class ClubOut(Schema):
    id: int
    name: str
    description: str
    partnership_id: int | None
    member_count: int
    measure_count: int


class ClubMeasureOut(VersionedOut):
    id: int
    code: str
    title: str
    definition: str
    unit: str
    polarity: str
    decimal_places: int
    updated_at: str


class WindowOut(VersionedOut):
    id: int
    year: int
    quarter: int
    opens: datetime.date
    closes: datetime.date
    state: str
    updated_at: str

    @staticmethod
    def resolve_state(obj: Any) -> str:
        return selectors.window_state(obj, clock.today())


class MemberOut(Schema):
    organisation_id: int
    name: str
    joined: datetime.date
    left: datetime.date | None

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.organisation.name


class ClubDetailOut(Schema):
    id: int
    name: str
    description: str
    partnership_id: int | None
    measures: list[ClubMeasureOut]
    windows: list[WindowOut]
    members: list[MemberOut]


class ClubValueOut(VersionedOut):
    id: int
    measure_id: int
    window_id: int
    organisation_id: int
    organisation_name: str
    value: Decimal
    note: str
    status: str
    updated_at: str

    @staticmethod
    def resolve_organisation_name(obj: Any) -> str:
        return obj.organisation.name


class ValueIn(Schema):
    measure_id: int
    value: Decimal
    note: str = ""
    status: Status_ = "provisional"


class ValuePutIn(Schema):
    """The whole value; `updated_at` is the value's, as read (409 when it changed since)."""

    value: Decimal
    note: str = ""
    status: Status_
    updated_at: datetime.datetime | None = None

    _not_null = refuse_null("value", "note", "status")


@router.get(CLUBS, response=list[ClubOut], summary="The benchmarking clubs you can see")
@paginate(Pagination)
def list_clubs(request: Any):
    return selectors.clubs_for_user(request.user)


@router.get(CLUB, response=ClubDetailOut, summary="A club: its measures, windows and members")
def get_club(request: Any, club_id: int):
    access = club_for_user(request.user, club_id)
    club = access.club
    return {
        "id": club.pk,
        "name": club.name,
        "description": club.description,
        "partnership_id": club.partnership_id,
        "measures": selectors.club_measures(club),
        "windows": selectors.club_windows(club),
        "members": selectors.club_members(club),
    }


@router.get(
    CLUB + "/windows/{int:window_id}/values",
    response=list[ClubValueOut],
    summary="The values of a window you may see: your bodies' own, and the others' submitted "
    "values once the window has closed",
)
@paginate(Pagination)
def list_window_values(request: Any, club_id: int, window_id: int):
    access = club_for_user(request.user, club_id)
    window = window_of(access, window_id)
    return selectors.visible_values(access, window, clock.today())


def _edits(request: Any, club_id: int, organisation_id: int, **_: Any) -> Any:
    return own_member_for_user(request.user, club_id, organisation_id, need=Need.EDIT)


@router.post(
    VALUES,
    response={201: ClubValueOut},
    summary="Add your body's value for a measure in an open window (editors)",
)
@write_access(_edits)
def add_value(request: Any, club_id: int, window_id: int, organisation_id: int, payload: ValueIn):
    access, member = _edits(request, club_id, organisation_id)
    window = window_of(access, window_id)
    measure = measure_of(access, payload.measure_id)
    with stale_as_conflict():
        row = services.club_value_create(
            acting_user=request.user,
            member=member,
            window=window,
            measure=measure,
            value=payload.value,
            note=payload.note,
            status=payload.status,
        )
    return Status(201, row)


@router.put(
    VALUES + "/{int:measure_id}",
    response=ClubValueOut,
    summary="Change your body's value for a measure in an open window; send the updated_at "
    "you read",
)
@write_access(_edits)
@updates_record
def put_value(
    request: Any,
    club_id: int,
    window_id: int,
    organisation_id: int,
    measure_id: int,
    payload: ValuePutIn,
):
    access, member = _edits(request, club_id, organisation_id)
    window = window_of(access, window_id)
    row = own_value_of(member, window, measure_of(access, measure_id))
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        return services.club_value_change(
            acting_user=request.user,
            member=member,
            row=row,
            value=payload.value,
            note=payload.note,
            status=payload.status,
            expected_updated_at=expected,
        )
