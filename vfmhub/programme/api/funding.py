"""A partnership's funding over the API (mounted under /api/v1/programme).

Members of the partnership read its funding position for a year (streams, the allocation tree with
computed and stated totals and the checks, unallocated or over-allocated), its funding streams,
allocation lines, commitments and spend. Its managers add, change and remove streams and lines,
approve or reopen a year's allocation, record and remove commitments and spend, and carry a year's
uncommitted balance forward. Outsiders get 404, other readers 403 on writes.

A change needs the `updated_at` read (428 without it); a stale one answers 409, and so does a
write the rules refuse because of what is recorded (an approved allocation, a ring-fence in use, a
line with records under it, a year already carried forward: see `services/funding.py`). Invalid
values answer 422 by field.
"""

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, Any, TypeVar, cast

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import create_model

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import (
    VersionedOut,
    sent_version,
    stale_as_conflict,
    updates_record,
)
from vfmhub.core.api.writes import write_access
from vfmhub.lib.money import Money
from vfmhub.lib.years import FinancialYear
from vfmhub.programme.access import Need
from vfmhub.programme.access.funding import manages_programme, partnership_for, stream_of
from vfmhub.programme.models import FundingStreamKind, FundingStreamStatus
from vfmhub.programme.selectors.funding import (
    FundingPosition,
    RingFenceCheck,
    funding_position,
    funding_streams,
    funding_years,
    year_or_latest,
)
from vfmhub.programme.services import funding as services

router = Router(tags=["programme"])

PARTNERSHIP = "/partnerships/{int:partnership_id}"


S = TypeVar("S", bound=Schema)


def patch_of(
    schema: type[Schema], *, exclude: tuple[str, ...] = ()
) -> Callable[[type[S]], type[S]]:
    """Make the class it decorates the PATCH body of `schema`: each of `schema`'s fields (but
    `exclude`) may be left out or sent as null, then the `updated_at` the client read (which the
    class declares, for the type checker)."""

    def patch(declared: type[S]) -> type[S]:
        fields: dict[str, Any] = {
            name: (_annotated(info.annotation, info.metadata) | None, None)
            for name, info in schema.model_fields.items()
            if name not in exclude
        }
        fields["updated_at"] = (datetime.datetime | None, None)
        made = create_model(declared.__name__, __base__=Schema, **fields)
        made.__module__ = declared.__module__
        return cast(type[S], made)

    return patch


def _annotated(annotation: Any, metadata: list[Any]) -> Any:
    """A field's type with its constraints (a `Money`'s digits, a year's bounds)."""
    return Annotated[(annotation, *metadata)] if metadata else annotation


class StreamOut(VersionedOut):
    id: int
    year: int
    name: str
    kind: FundingStreamKind
    funder: str
    purpose: str
    amount: Decimal
    status: FundingStreamStatus
    description: str
    carried_from_year: int | None
    updated_at: str


class StreamIn(Schema):
    year: FinancialYear
    name: str
    kind: FundingStreamKind
    funder: str = ""
    purpose: str = ""
    amount: Money
    status: FundingStreamStatus = FundingStreamStatus.RECEIVED
    description: str = ""


@patch_of(StreamIn)
class StreamPatchIn(Schema):
    updated_at: datetime.datetime | None = None


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


class FundingPlanOut(Schema):
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
    plan: FundingPlanOut | None
    streams: list[StreamOut]
    allocations: list[RowOut]
    ring_fences: list[RingFenceOut]
    problems: list[str]


def _ring_fence_out(check: RingFenceCheck) -> dict[str, Any]:
    stream = check.stream
    return {
        "stream_id": stream.pk,
        "name": stream.name,
        "funder": stream.funder,
        "purpose": stream.purpose,
        "amount": stream.amount,
        "allocated": check.allocated,
        "difference": check.difference,
        "agrees": check.agrees,
    }


def _position_out(position: FundingPosition, years: list[int]) -> dict[str, Any]:
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
        "ring_fences": [_ring_fence_out(check) for check in position.ring_fences],
        "problems": position.problems,
    }


@router.get(
    f"{PARTNERSHIP}/funding",
    response=PositionOut,
    summary="A year's funding position: streams, allocation tree with its checks, unallocated",
)
def get_funding(request, partnership_id: int, year: FinancialYear | None = None):
    partnership = partnership_for(request.user, partnership_id)
    years = funding_years(partnership)
    return _position_out(funding_position(partnership, year_or_latest(year, years)), years)


@router.get(
    f"{PARTNERSHIP}/funding-streams",
    response=list[StreamOut],
    summary="A partnership's funding streams (all years, or one)",
)
@paginate(Pagination)
def list_streams(request, partnership_id: int, year: FinancialYear | None = None):
    return funding_streams(partnership_for(request.user, partnership_id), year)


# Writes ------------------------------------------------------------------------------------------

STREAM = f"{PARTNERSHIP}/funding-streams/{{int:stream_id}}"
# The model's field names as the API's bodies spell them.
API_FIELDS = {
    "parent": "parent_id",
    "ring_fence": "ring_fence_id",
    "node": "line_id",
    "__all__": "",
}


@contextmanager
def funding_answers() -> Iterator[None]:
    """A funding write's refusals as the API answers them: stale saves and refusals because of
    what is recorded 409 with the reason; field errors 422, naming the API's fields."""
    try:
        with stale_as_conflict():
            yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            named = {
                API_FIELDS.get(field, field): errors for field, errors in exc.error_dict.items()
            }
            raise ValidationError(named) from None
        if any(error.code in services.REFUSAL_CODES for error in exc.error_list):
            raise HttpError(409, " ".join(exc.messages)) from None
        raise


def patch_changes(payload: Schema, *, nullable: tuple[str, ...] = ()) -> dict[str, Any]:
    """What a PATCH sent: null leaves a field as it is, except the `nullable` ones it clears."""
    sent = payload.dict(exclude_unset=True, exclude={"updated_at"})
    return {name: v for name, v in sent.items() if v is not None or name in nullable}


@router.post(
    f"{PARTNERSHIP}/funding-streams",
    response={201: StreamOut},
    summary="Add a funding stream (partnership managers)",
)
@write_access(manages_programme)
def create_stream(request, partnership_id: int, payload: StreamIn):
    partnership = partnership_for(request.user, partnership_id, need=Need.MANAGE)
    with funding_answers():
        stream = services.stream_create(
            acting_user=request.user, partnership=partnership, **payload.dict()
        )
    return Status(201, stream)


@router.patch(
    STREAM,
    response=StreamOut,
    summary="Change a funding stream (managers); send the `updated_at` you read (409 if stale)",
)
@write_access(manages_programme)
@updates_record
def update_stream(request, partnership_id: int, stream_id: int, payload: StreamPatchIn):
    partnership = partnership_for(request.user, partnership_id, need=Need.MANAGE)
    stream = stream_of(partnership, stream_id)
    expected = sent_version(request, payload.updated_at)
    with funding_answers():
        return services.stream_update(
            acting_user=request.user,
            stream=stream,
            expected_updated_at=expected,
            **patch_changes(payload),
        )


@router.delete(
    STREAM,
    response={204: None},
    summary="Remove a funding stream (managers); 409 while a line is ring-fenced to it or its "
    "year has been carried forward",
)
@write_access(manages_programme)
def remove_stream(request, partnership_id: int, stream_id: int):
    partnership = partnership_for(request.user, partnership_id, need=Need.MANAGE)
    stream = stream_of(partnership, stream_id)
    with funding_answers():
        services.stream_remove(acting_user=request.user, stream=stream)
    return Status(204, None)


@router.post(
    f"{PARTNERSHIP}/funding/{{int:year}}/carry-forward",
    response={201: StreamOut},
    summary="Carry a year's uncommitted balance into next year's funding as a stream (managers)",
)
@write_access(manages_programme)
def carry_forward(request, partnership_id: int, year: FinancialYear):
    partnership = partnership_for(request.user, partnership_id, need=Need.MANAGE)
    with funding_answers():
        stream = services.carry_forward(
            acting_user=request.user, partnership=partnership, year=year
        )
    return Status(201, stream)
