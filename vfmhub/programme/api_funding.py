"""A partnership's funding over the API (mounted under /api/v1/programme, see `api.py`).

Members of the partnership read its funding position for a year (streams, the allocation tree with
computed and stated totals and the checks, unallocated or over-allocated) and its funding streams.
Outsiders get 404. Changes are made on the pages (see `views_funding.py`).
"""

import datetime
from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import paginate

from vfmhub.api.pagination import Pagination
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.models import FundingStream, FundingStreamKind, FundingStreamStatus
from vfmhub.programme.selectors_funding import FundingPosition, funding_position, funding_years

router = Router(tags=["programme"])
PARTNERSHIP = "/partnerships/{int:partnership_id}"


class StreamOut(Schema):
    id: int
    year: int
    name: str
    kind: FundingStreamKind
    funder: str
    purpose: str
    amount: Decimal
    status: FundingStreamStatus
    carried_from_year: int | None


class RowOut(Schema):
    id: int | None
    parent_id: int | None
    name: str
    level: str
    depth: int
    amount: Decimal | None
    computed_total: Decimal
    stated_total: Decimal | None
    stated_differs: bool
    has_children: bool
    ring_fence_id: int | None
    committed: Decimal
    spent: Decimal
    problems: list[str]

    @staticmethod
    def resolve_id(obj) -> int | None:
        return obj.pk

    @staticmethod
    def resolve_parent_id(obj):
        return obj.parent

    @staticmethod
    def resolve_computed_total(obj) -> Decimal:
        return obj.computed

    @staticmethod
    def resolve_ring_fence_id(obj):
        return obj.ring_fence


class RingFenceOut(Schema):
    stream_id: int
    name: str
    funder: str
    purpose: str
    amount: Decimal
    allocated: Decimal
    difference: Decimal
    agrees: bool

    @staticmethod
    def resolve_stream_id(obj) -> int:
        return obj.stream.pk

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.stream.name

    @staticmethod
    def resolve_funder(obj) -> str:
        return obj.stream.funder

    @staticmethod
    def resolve_purpose(obj) -> str:
        return obj.stream.purpose

    @staticmethod
    def resolve_amount(obj) -> Decimal:
        return obj.stream.amount


class PlanOut(Schema):
    status: str
    approved_on: datetime.date | None
    stated_grand_total: Decimal | None


class PositionOut(Schema):
    year: int
    years: list[int]
    funding: Decimal
    received: Decimal
    expected: Decimal
    allocated: Decimal
    unallocated: Decimal
    over_allocated: Decimal
    state: str
    stated_grand_total: Decimal | None
    grand_total_differs: bool
    committed: Decimal
    spent: Decimal
    uncommitted: Decimal
    plan: PlanOut | None
    streams: list[StreamOut]
    allocations: list[RowOut]
    ring_fences: list[RingFenceOut]
    problems: list[str]


def _partnership(request, partnership_id: int, need=Need.READ):
    return programme_partnership_for_user(request.user, partnership_id, need=need).partnership


def _position_out(position: FundingPosition, years: list[int]) -> dict:
    total = position.total
    return {
        "year": position.year,
        "years": years,
        "funding": position.funding,
        "received": position.received,
        "expected": position.expected,
        "allocated": total.allocated,
        "unallocated": total.unallocated,
        "over_allocated": total.over_allocated,
        "state": total.state,
        "stated_grand_total": total.stated_grand_total,
        "grand_total_differs": total.grand_total_differs,
        "committed": position.committed,
        "spent": position.spent,
        "uncommitted": position.uncommitted,
        "plan": position.plan,
        "streams": position.streams,
        "allocations": position.rows,
        "ring_fences": position.ring_fences,
        "problems": position.problems,
    }


@router.get(
    f"{PARTNERSHIP}/funding",
    response=PositionOut,
    summary="A year's funding position: streams, allocation tree with its checks, unallocated",
)
def get_funding(request, partnership_id: int, year: int | None = None):
    partnership = _partnership(request, partnership_id)
    years = funding_years(partnership)
    if year is None:
        year = years[0] if years else datetime.date.today().year
    return _position_out(funding_position(partnership, year), years)


@router.get(
    f"{PARTNERSHIP}/funding-streams",
    response=list[StreamOut],
    summary="A partnership's funding streams (all years, or one)",
)
@paginate(Pagination)
def list_streams(request, partnership_id: int, year: int | None = None):
    partnership = _partnership(request, partnership_id)
    streams = FundingStream.objects.filter(partnership=partnership)
    if year is not None:
        streams = streams.filter(year=year)
    return streams.order_by("-year", "pk")
