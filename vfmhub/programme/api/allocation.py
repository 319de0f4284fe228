"""A partnership's allocation lines, the year's approval, and commitments and spend over the API
(mounted under /api/v1/programme beside `funding.py`, whose rules and answers these share).

Readers list lines (with computed totals and checks), commitments and spend; managers add, change
and remove lines, approve or reopen a year's allocation, and record and remove commitments and
spend. A change to a line needs the `updated_at` read (428 without it); a stale one or a write
the rules refuse answers 409; invalid values 422 by field.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated

from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import VersionedOut, sent_version, updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.lib.money import Money
from vfmhub.lib.years import FinancialYear
from vfmhub.programme.access import Need
from vfmhub.programme.access.funding import (
    Movement,
    line_links,
    line_named,
    line_of,
    manages_programme,
    movement_of,
    partnership_for,
)
from vfmhub.programme.api.funding import (
    PARTNERSHIP,
    FundingPlanOut,
    RowOut,
    funding_answers,
    patch_changes,
    patch_of,
)
from vfmhub.programme.models import Commitment, PlanStatus, Spend
from vfmhub.programme.selectors.funding import (
    allocation_line,
    allocation_lines,
    funding_year_or_latest,
    movements,
)
from vfmhub.programme.services import funding as services

router = Router(tags=["programme"])

LINES = f"{PARTNERSHIP}/allocation-lines"
LINE = f"{LINES}/{{int:line_id}}"


# Allocation lines --------------------------------------------------------------------------------


class LineOut(RowOut, VersionedOut):
    year: int
    updated_at: str


class LineIn(Schema):
    year: FinancialYear
    name: str
    parent_id: int | None = None
    level: str = ""
    amount: Money | None = None
    stated_total: Money | None = None
    order: int = 0
    ring_fence_id: int | None = None


@patch_of(LineIn, exclude=("year",))
class LinePatchIn(Schema):
    updated_at: datetime.datetime | None = None


@router.get(
    LINES,
    response=list[LineOut],
    summary="A year's allocation lines in tree order, with computed totals and checks",
)
@paginate(Pagination)
def list_lines(request, partnership_id: int, year: FinancialYear | None = None):
    partnership = partnership_for(request.user, partnership_id)
    return allocation_lines(partnership, funding_year_or_latest(partnership, year))


@router.post(
    LINES,
    response={201: LineOut},
    summary="Add an allocation line to a draft allocation (managers); 409 once it is approved",
)
@write_access(manages_programme)
def create_line(request, partnership_id: int, payload: LineIn):
    partnership = partnership_for(request.user, partnership_id, need=Need.MANAGE)
    fields = payload.dict(exclude={"year"})
    with funding_answers():
        node = services.node_create(
            acting_user=request.user,
            partnership=partnership,
            year=payload.year,
            **line_links(partnership, payload.year, fields),
        )
    return Status(201, allocation_line(partnership, node))


@router.patch(
    LINE,
    response=LineOut,
    summary="Change an allocation line of a draft allocation (managers); null clears parent_id, "
    "amount, stated_total and ring_fence_id; send the updated_at you read; 409 if stale or "
    "approved",
)
@write_access(manages_programme)
@updates_record
def update_line(request, partnership_id: int, line_id: int, payload: LinePatchIn):
    partnership = partnership_for(request.user, partnership_id, need=Need.MANAGE)
    node = line_of(partnership, line_id)
    expected = sent_version(request, payload.updated_at)
    nullable = ("parent_id", "amount", "stated_total", "ring_fence_id")
    with funding_answers():
        node = services.node_update(
            acting_user=request.user,
            node=node,
            expected_updated_at=expected,
            **line_links(partnership, node.year, patch_changes(payload, nullable=nullable)),
        )
    return allocation_line(partnership, node)


@router.delete(
    LINE,
    response={204: None},
    summary="Remove an allocation line (managers); 409 once approved or while lines, commitments "
    "or spend are under it",
)
@write_access(manages_programme)
def remove_line(request, partnership_id: int, line_id: int):
    node = line_of(partnership_for(request.user, partnership_id, need=Need.MANAGE), line_id)
    with funding_answers():
        services.node_remove(acting_user=request.user, node=node)
    return Status(204, None)


# Inline rather than a `PlanStatus` component: that name is the improvement plans' status.
AllocationPlanStatus = Annotated[
    PlanStatus,
    WithJsonSchema(
        {"enum": list(PlanStatus.values), "title": "AllocationPlanStatus", "type": "string"}
    ),
]


class PlanStatusIn(Schema):
    status: AllocationPlanStatus
    approved_on: datetime.date | None = None


class PlanStatusOut(FundingPlanOut):
    year: int
    approved_by_id: int | None


@router.post(
    f"{PARTNERSHIP}/allocation/{{int:year}}/status",
    response=PlanStatusOut,
    summary="Approve a year's allocation (dated today unless approved_on is given) or reopen it "
    "as a draft (managers)",
)
@write_access(manages_programme)
def set_allocation_status(request, partnership_id: int, year: FinancialYear, payload: PlanStatusIn):
    partnership = partnership_for(request.user, partnership_id, need=Need.MANAGE)
    with funding_answers():
        return services.plan_set_status(
            acting_user=request.user,
            partnership=partnership,
            year=year,
            status=payload.status,
            approved_on=payload.approved_on,
        )


# Commitments and spend ---------------------------------------------------------------------------


class MovementOut(Schema):
    id: int
    line_id: int
    line_name: str
    year: int
    date: datetime.date
    amount: Decimal
    description: str
    created_at: datetime.datetime


class MovementIn(Schema):
    line_id: int
    date: datetime.date
    amount: Money
    description: str = ""


def _record(request, partnership_id: int, payload: MovementIn, model: type[Movement], create):
    """Record a commitment or spend, and answer with it as the lists read it."""
    partnership = partnership_for(request.user, partnership_id, need=Need.MANAGE)
    node = line_named(partnership, payload.line_id)
    with funding_answers():
        made = create(acting_user=request.user, node=node, **payload.dict(exclude={"line_id"}))
    return Status(201, movement_of(model, partnership, made.pk))


def _remove(request, partnership_id: int, model: type[Movement], pk: int, remove: Callable):
    partnership = partnership_for(request.user, partnership_id, need=Need.MANAGE)
    movement = movement_of(model, partnership, pk)
    with funding_answers():
        remove(movement)
    return Status(204, None)


COMMITMENTS = f"{PARTNERSHIP}/commitments"
SPEND = f"{PARTNERSHIP}/spend"


@router.get(COMMITMENTS, response=list[MovementOut], summary="Commitments (all years, or one)")
@paginate(Pagination)
def list_commitments(request, partnership_id: int, year: FinancialYear | None = None):
    return movements(Commitment, partnership_for(request.user, partnership_id), year)


@router.post(COMMITMENTS, response={201: MovementOut}, summary="Record a commitment (managers)")
@write_access(manages_programme)
def create_commitment(request, partnership_id: int, payload: MovementIn):
    return _record(request, partnership_id, payload, Commitment, services.commitment_create)


@router.delete(
    f"{COMMITMENTS}/{{int:commitment_id}}",
    response={204: None},
    summary="Remove a commitment (managers); 409 once its year has been carried forward",
)
@write_access(manages_programme)
def remove_commitment(request, partnership_id: int, commitment_id: int):
    return _remove(
        request,
        partnership_id,
        Commitment,
        commitment_id,
        lambda commitment: services.commitment_remove(
            acting_user=request.user, commitment=commitment
        ),
    )


@router.get(SPEND, response=list[MovementOut], summary="Spend (all years, or one)")
@paginate(Pagination)
def list_spend(request, partnership_id: int, year: FinancialYear | None = None):
    return movements(Spend, partnership_for(request.user, partnership_id), year)


@router.post(SPEND, response={201: MovementOut}, summary="Record spend (managers)")
@write_access(manages_programme)
def create_spend(request, partnership_id: int, payload: MovementIn):
    return _record(request, partnership_id, payload, Spend, services.spend_create)


@router.delete(
    f"{SPEND}/{{int:spend_id}}", response={204: None}, summary="Remove a spend record (managers)"
)
@write_access(manages_programme)
def remove_spend(request, partnership_id: int, spend_id: int):
    return _remove(
        request,
        partnership_id,
        Spend,
        spend_id,
        lambda spend: services.spend_remove(acting_user=request.user, spend=spend),
    )
