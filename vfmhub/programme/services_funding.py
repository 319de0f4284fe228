"""Writing a partnership's funding: streams, the allocation tree, approval, commitments, spend and
carrying an uncommitted balance forward. Callers check access first (`programme/access.py`)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vfmhub.audit.services import audit_record, audit_record_created, changes_between, snapshot
from vfmhub.organisations.models import Partnership
from vfmhub.programme.models import (
    AllocationNode,
    AllocationPlan,
    Commitment,
    FundingStream,
    FundingStreamKind,
    FundingStreamStatus,
    PlanStatus,
    Spend,
)
from vfmhub.programme.selectors_funding import funding_position

STREAM_FIELDS = ["name", "year", "kind", "funder", "purpose", "amount", "status", "description"]
NODE_FIELDS = ["name", "level", "amount", "stated_total", "order", "parent_id", "ring_fence_id"]
MOVEMENT_FIELDS = ["node_id", "date", "amount", "description"]
NOTHING_TO_CARRY = "There is no uncommitted balance to carry forward from {year}."
ALREADY_CARRIED = "The balance of {year} has already been carried forward."
APPROVED_LOCKED = "The allocation for this year is approved; reopen it as a draft to change it."


def _plan(partnership: Partnership, year: int) -> AllocationPlan:
    plan, _ = AllocationPlan.objects.get_or_create(partnership=partnership, year=year)
    return plan


def _check_draft(partnership: Partnership, year: int) -> None:
    plan = AllocationPlan.objects.filter(partnership=partnership, year=year).first()
    if plan is not None and plan.status == PlanStatus.APPROVED:
        raise ValidationError(APPROVED_LOCKED)


@transaction.atomic
def stream_create(*, acting_user, partnership: Partnership, **fields) -> FundingStream:
    stream = FundingStream(partnership=partnership, **fields)
    stream.full_clean()
    stream.save()
    audit_record_created(
        acting_user=acting_user, action="funding_stream.create", obj=stream, fields=STREAM_FIELDS
    )
    return stream


@transaction.atomic
def stream_update(*, acting_user, stream: FundingStream, **fields) -> FundingStream:
    before = snapshot(stream, STREAM_FIELDS)
    for name, value in fields.items():
        setattr(stream, name, value)
    stream.full_clean()
    stream.save()
    changes = changes_between(before, snapshot(stream, STREAM_FIELDS))
    if changes:
        audit_record(
            acting_user=acting_user, action="funding_stream.update", obj=stream, changes=changes
        )
    return stream


@transaction.atomic
def node_create(
    *, acting_user, partnership: Partnership, year: int, name: str, **fields
) -> AllocationNode:
    _check_draft(partnership, year)
    node = AllocationNode(partnership=partnership, year=year, name=name, **fields)
    node.full_clean()
    node.save()
    audit_record_created(
        acting_user=acting_user, action="allocation_node.create", obj=node, fields=NODE_FIELDS
    )
    return node


@transaction.atomic
def node_update(*, acting_user, node: AllocationNode, **fields) -> AllocationNode:
    _check_draft(node.partnership, node.year)
    before = snapshot(node, NODE_FIELDS)
    for name, value in fields.items():
        setattr(node, name, value)
    node.full_clean()
    node.save()
    changes = changes_between(before, snapshot(node, NODE_FIELDS))
    if changes:
        audit_record(
            acting_user=acting_user, action="allocation_node.update", obj=node, changes=changes
        )
    return node


@transaction.atomic
def plan_set_status(
    *,
    acting_user,
    partnership: Partnership,
    year: int,
    status: str,
    approved_on: datetime.date | None = None,
) -> AllocationPlan:
    """Approve a year's allocation (dated today unless given) or reopen it as a draft."""
    plan = _plan(partnership, year)
    before = snapshot(plan, ["status", "approved_on"])
    plan.status = status
    if status == PlanStatus.APPROVED:
        plan.approved_on = approved_on or timezone.localdate()
        plan.approved_by = acting_user
    else:
        plan.approved_on = None
        plan.approved_by = None
    plan.full_clean()
    plan.save()
    audit_record(
        acting_user=acting_user,
        action=f"allocation_plan.{'approve' if status == PlanStatus.APPROVED else 'reopen'}",
        obj=plan,
        changes=changes_between(before, snapshot(plan, ["status", "approved_on"])),
    )
    return plan


@transaction.atomic
def commitment_create(
    *, acting_user, node: AllocationNode, date: datetime.date, amount: Decimal, description=""
) -> Commitment:
    commitment = Commitment(node=node, date=date, amount=amount, description=description)
    commitment.full_clean()
    commitment.save()
    audit_record_created(
        acting_user=acting_user,
        action="commitment.create",
        obj=commitment,
        fields=MOVEMENT_FIELDS,
        partnership_id=node.partnership_id,
    )
    return commitment


@transaction.atomic
def spend_create(
    *, acting_user, node: AllocationNode, date: datetime.date, amount: Decimal, description=""
) -> Spend:
    spend = Spend(node=node, date=date, amount=amount, description=description)
    spend.full_clean()
    spend.save()
    audit_record_created(
        acting_user=acting_user,
        action="spend.create",
        obj=spend,
        fields=MOVEMENT_FIELDS,
        partnership_id=node.partnership_id,
    )
    return spend


@transaction.atomic
def carry_forward(*, acting_user, partnership: Partnership, year: int) -> FundingStream:
    """Add `year`'s uncommitted balance (funding less commitments) to next year's funding."""
    if FundingStream.objects.filter(
        partnership=partnership, year=year + 1, carried_from_year=year
    ).exists():
        raise ValidationError(ALREADY_CARRIED.format(year=year))
    position = funding_position(partnership, year)
    balance = position.uncommitted
    if balance <= 0:
        raise ValidationError(NOTHING_TO_CARRY.format(year=year))
    stream = FundingStream(
        partnership=partnership,
        year=year + 1,
        name=f"Uncommitted from {year}/{str(year + 1)[-2:]}",
        kind=FundingStreamKind.UNCOMMITTED,
        amount=balance,
        status=FundingStreamStatus.RECEIVED,
        carried_from_year=year,
        description="Carried forward: funding less commitments at the end of the year.",
    )
    stream.full_clean()
    stream.save()
    audit_record_created(
        acting_user=acting_user,
        action="funding_stream.carry_forward",
        obj=stream,
        fields=STREAM_FIELDS,
    )
    return stream
