"""A partnership's allocation lines, the year's approval, and commitments and spend over the API
(mounted under /api/v1/programme beside `api_funding.py`, whose rules and helpers these share).

Readers list lines (with computed totals and checks), commitments and spend; managers add, change
and remove lines, approve or reopen a year's allocation, and record and remove commitments and
spend. A change to a line needs the `updated_at` read (428 without it); a stale one or a write
the rules refuse answers 409; invalid values 422 by field.
"""

import datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import exact_time, sent_version, updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.lib import clock
from vfmhub.lib.money import Money
from vfmhub.lib.years import FinancialYear
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.programme.access import Need
from vfmhub.programme.api.funding import (
    PARTNERSHIP,
    FundingPlanOut,
    RowOut,
    _answered,
    _changes,
    _partnership,
)
from vfmhub.programme.models import (
    AllocationNode,
    Commitment,
    FundingStream,
    FundingStreamKind,
    PlanStatus,
    Spend,
)
from vfmhub.programme.selectors.funding import (
    TreeRow,
    funding_position,
    funding_years,
)
from vfmhub.programme.services import funding as services

router = Router(tags=["programme"])


def _manages_partnership(request, partnership_id, **_):
    _partnership(request, partnership_id, Need.MANAGE)


LINES = f"{PARTNERSHIP}/allocation-lines"
LINE = f"{LINES}/{{int:line_id}}"
NO_PARENT = "Choose a line of the partnership's {year} allocation as the parent."
NO_RING_FENCE = "Choose a ring-fenced funding stream of the partnership's {year} funding."
NO_LINE = "Choose a line of the partnership's allocation."


# Allocation lines --------------------------------------------------------------------------------


class LineOut(RowOut):
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


class LinePatchIn(Schema):
    name: str | None = None
    parent_id: int | None = None
    level: str | None = None
    amount: Money | None = None
    stated_total: Money | None = None
    order: int | None = None
    ring_fence_id: int | None = None
    updated_at: datetime.datetime | None = None


def _year_or_latest(partnership, year: int | None) -> int:
    if year is not None:
        return year
    years = funding_years(partnership)
    return years[0] if years else clock.today().year


def _lines(partnership, year: int) -> list[TreeRow]:
    """The year's lines in tree order with their computed totals, checks and `updated_at`."""
    rows = funding_position(partnership, year).rows
    nodes = AllocationNode.objects.filter(partnership=partnership, year=year)
    stamps: dict[int | None, datetime.datetime] = dict(nodes.values_list("pk", "updated_at"))
    for row in rows:
        row.year = year  # type: ignore[attr-defined]
        row.updated_at = exact_time(stamps[row.pk])  # type: ignore[attr-defined]
    return rows


def _line_out(partnership, node: AllocationNode) -> TreeRow:
    return next(row for row in _lines(partnership, node.year) if row.pk == node.pk)


def _line(partnership, line_id: int) -> AllocationNode:
    node = AllocationNode.objects.filter(partnership=partnership, pk=line_id).first()
    if node is None:
        raise Http404(NOT_FOUND)
    return node


def _line_links(partnership, year: int, sent: dict) -> dict:
    """`parent_id` and `ring_fence_id` as the lines and streams they name, within the year."""
    links: dict = {}
    if "parent_id" in sent:
        links["parent"] = None
        if sent["parent_id"] is not None:
            links["parent"] = AllocationNode.objects.filter(
                partnership=partnership, year=year, pk=sent["parent_id"]
            ).first()
            if links["parent"] is None:
                raise ValidationError({"parent_id": NO_PARENT.format(year=year)})
    if "ring_fence_id" in sent:
        links["ring_fence"] = None
        if sent["ring_fence_id"] is not None:
            links["ring_fence"] = FundingStream.objects.filter(
                partnership=partnership,
                year=year,
                kind=FundingStreamKind.RING_FENCED,
                pk=sent["ring_fence_id"],
            ).first()
            if links["ring_fence"] is None:
                raise ValidationError({"ring_fence_id": NO_RING_FENCE.format(year=year)})
    return {k: v for k, v in sent.items() if k not in ("parent_id", "ring_fence_id")} | links


@router.get(
    LINES,
    response=list[LineOut],
    summary="A year's allocation lines in tree order, with computed totals and checks",
)
@paginate(Pagination)
def list_lines(request, partnership_id: int, year: FinancialYear | None = None):
    partnership = _partnership(request, partnership_id)
    return _lines(partnership, _year_or_latest(partnership, year))


@router.post(
    LINES,
    response={201: LineOut},
    summary="Add an allocation line to a draft allocation (managers); 409 once it is approved",
)
@write_access(_manages_partnership)
def create_line(request, partnership_id: int, payload: LineIn):
    partnership = _partnership(request, partnership_id, Need.MANAGE)
    fields = payload.dict(exclude={"year"})
    with _answered():
        node = services.node_create(
            acting_user=request.user,
            partnership=partnership,
            year=payload.year,
            **_line_links(partnership, payload.year, fields),
        )
    return Status(201, _line_out(partnership, node))


@router.patch(
    LINE,
    response=LineOut,
    summary="Change an allocation line of a draft allocation (managers); null clears parent_id, "
    "amount, stated_total and ring_fence_id; send the updated_at you read; 409 if stale or "
    "approved",
)
@write_access(_manages_partnership)
@updates_record
def update_line(request, partnership_id: int, line_id: int, payload: LinePatchIn):
    partnership = _partnership(request, partnership_id, Need.MANAGE)
    node = _line(partnership, line_id)
    expected = sent_version(request, payload.updated_at)
    nullable = ("parent_id", "amount", "stated_total", "ring_fence_id")
    with _answered():
        node = services.node_update(
            acting_user=request.user,
            node=node,
            expected_updated_at=expected,
            **_line_links(partnership, node.year, _changes(payload, nullable=nullable)),
        )
    return _line_out(partnership, node)


@router.delete(
    LINE,
    response={204: None},
    summary="Remove an allocation line (managers); 409 once approved or while lines, commitments "
    "or spend are under it",
)
@write_access(_manages_partnership)
def remove_line(request, partnership_id: int, line_id: int):
    node = _line(_partnership(request, partnership_id, Need.MANAGE), line_id)
    with _answered():
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
@write_access(_manages_partnership)
def set_allocation_status(request, partnership_id: int, year: FinancialYear, payload: PlanStatusIn):
    partnership = _partnership(request, partnership_id, Need.MANAGE)
    with _answered():
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

    @staticmethod
    def resolve_line_id(obj) -> int:
        return obj.node_id

    @staticmethod
    def resolve_line_name(obj) -> str:
        return obj.node.name

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.node.year


class MovementIn(Schema):
    line_id: int
    date: datetime.date
    amount: Money
    description: str = ""


def _movements(model, partnership, year: int | None):
    found = model.objects.filter(node__partnership=partnership).select_related("node")
    if year is not None:
        found = found.filter(node__year=year)
    return found.order_by("date", "pk")


def _movement(model, partnership, movement_id: int):
    movement = _movements(model, partnership, None).filter(pk=movement_id).first()
    if movement is None:
        raise Http404(NOT_FOUND)
    return movement


def _record(request, partnership_id: int, payload: MovementIn, create):
    partnership = _partnership(request, partnership_id, Need.MANAGE)
    node = AllocationNode.objects.filter(partnership=partnership, pk=payload.line_id).first()
    if node is None:
        raise ValidationError({"line_id": NO_LINE})
    with _answered():
        movement = create(acting_user=request.user, node=node, **payload.dict(exclude={"line_id"}))
    return Status(201, movement)


COMMITMENTS = f"{PARTNERSHIP}/commitments"
SPEND = f"{PARTNERSHIP}/spend"


@router.get(COMMITMENTS, response=list[MovementOut], summary="Commitments (all years, or one)")
@paginate(Pagination)
def list_commitments(request, partnership_id: int, year: FinancialYear | None = None):
    return _movements(Commitment, _partnership(request, partnership_id), year)


@router.post(COMMITMENTS, response={201: MovementOut}, summary="Record a commitment (managers)")
@write_access(_manages_partnership)
def create_commitment(request, partnership_id: int, payload: MovementIn):
    return _record(request, partnership_id, payload, services.commitment_create)


@router.delete(
    f"{COMMITMENTS}/{{int:commitment_id}}",
    response={204: None},
    summary="Remove a commitment (managers); 409 once its year has been carried forward",
)
@write_access(_manages_partnership)
def remove_commitment(request, partnership_id: int, commitment_id: int):
    partnership = _partnership(request, partnership_id, Need.MANAGE)
    commitment = _movement(Commitment, partnership, commitment_id)
    with _answered():
        services.commitment_remove(acting_user=request.user, commitment=commitment)
    return Status(204, None)


@router.get(SPEND, response=list[MovementOut], summary="Spend (all years, or one)")
@paginate(Pagination)
def list_spend(request, partnership_id: int, year: FinancialYear | None = None):
    return _movements(Spend, _partnership(request, partnership_id), year)


@router.post(SPEND, response={201: MovementOut}, summary="Record spend (managers)")
@write_access(_manages_partnership)
def create_spend(request, partnership_id: int, payload: MovementIn):
    return _record(request, partnership_id, payload, services.spend_create)


@router.delete(
    f"{SPEND}/{{int:spend_id}}", response={204: None}, summary="Remove a spend record (managers)"
)
@write_access(_manages_partnership)
def remove_spend(request, partnership_id: int, spend_id: int):
    spend = _movement(Spend, _partnership(request, partnership_id, Need.MANAGE), spend_id)
    with _answered():
        services.spend_remove(acting_user=request.user, spend=spend)
    return Status(204, None)
