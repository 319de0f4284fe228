"""Writing a partnership's funding: streams, the allocation tree, approval, commitments, spend and
carrying an uncommitted balance forward. Callers check access first (`programme/access.py`).

Every write is atomic and audited under the partnership; a removal records the values the row had.
Mistakes are corrected by changing or removing a row, with these rules so no figure changes unseen:

- an allocation line changes only while the year's allocation is a draft, and is removed only once
  nothing hangs off it (lines under it, commitments, spend);
- a ring-fenced stream is removed only once no allocation line is tagged with it;
- once a year's uncommitted balance has been carried into the next year, the streams and
  commitments that balance was worked out from stay as they are: remove the carried-forward stream
  first (the year can then be carried forward again).

Refusals because of what is recorded carry a code in `REFUSAL_CODES` (the API answers them 409).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.audit.services import audit_record, audit_record_created, changes_between, snapshot
from vfmhub.core.concurrency import check_unchanged
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
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
from vfmhub.programme.selectors.funding import FundingPosition, funding_position

STREAM_FIELDS = ["name", "year", "kind", "funder", "purpose", "amount", "status", "description"]
NODE_FIELDS = ["name", "level", "amount", "stated_total", "order", "parent_id", "ring_fence_id"]
MOVEMENT_FIELDS = ["node_id", "date", "amount", "description"]
PLAN_STATUS_FIELDS = ["status", "approved_on", "approved_by"]
NOTHING_TO_CARRY = "There is no uncommitted balance to carry forward from {year}."
ALREADY_CARRIED = "The balance of {year} has already been carried forward."
APPROVED_LOCKED = "The allocation for this year is approved; reopen it as a draft to change it."
ALREADY_APPROVED = "The allocation for {year} is already approved."
ALREADY_DRAFT = "The allocation for {year} is already a draft."
APPROVED_ON_ONLY_WHEN_APPROVING = "Give an approval date only when approving the allocation."
RING_FENCE_IN_USE = (
    "This ring-fenced stream is allocated to {lines}. Take the ring-fence off "
    "{those} first, so no allocation loses its ring-fence unseen."
)
YEAR_CARRIED = (
    "The uncommitted balance of {year} has already been carried into {next_year} as "
    "“{stream}”, worked out from this {what}. Remove that stream from {next_year}'s funding "
    "first; {year} can then be carried forward again."
)
LINE_IN_USE = (
    "This allocation line has {records}. Remove {them} first: a line is removed only when "
    "nothing is recorded under it."
)
REFUSAL_CODES = {"approved", "carried", "in_use", "nothing_to_carry"}


def _plan(partnership: Partnership, year: int) -> AllocationPlan:
    plan, _ = AllocationPlan.objects.get_or_create(partnership=partnership, year=year)
    return plan


def _check_draft(partnership_id: int, year: int) -> None:
    plan = AllocationPlan.objects.filter(partnership_id=partnership_id, year=year).first()
    if plan is not None and plan.status == PlanStatus.APPROVED:
        raise ValidationError(APPROVED_LOCKED, code="approved")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _and_list(items: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _carried_into(partnership_id: int, year: int) -> FundingStream | None:
    """The stream that carried `year`'s uncommitted balance into the next year, if any."""
    return FundingStream.objects.filter(
        partnership_id=partnership_id, year=year + 1, carried_from_year=year
    ).first()


def _check_not_carried(partnership_id: int, year: int, what: str) -> None:
    carried = _carried_into(partnership_id, year)
    if carried is not None:
        raise ValidationError(
            YEAR_CARRIED.format(
                year=financial_year_label(year),
                next_year=financial_year_label(year + 1),
                stream=carried.name,
                what=what,
            ),
            code="carried",
        )


def _record_removal(acting_user, action: str, obj, fields: list[str], partnership_id: int) -> None:
    """Record the values a removed row had, then remove it (the audit row keeps its id)."""
    audit_record(
        acting_user=acting_user,
        action=action,
        obj=obj,
        changes={k: [v, None] for k, v in snapshot(obj, fields).items() if v not in (None, "")},
        partnership_id=partnership_id,
    )
    obj.delete()


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
def stream_update(
    *,
    acting_user,
    stream: FundingStream,
    expected_updated_at: datetime.datetime | str | None = None,
    **fields,
) -> FundingStream:
    """Change a stream; refused (code "stale") if it changed since `expected_updated_at`, and
    (code "in_use") if it would stop being ring-fenced while allocation lines are tagged with it."""
    stream = FundingStream.objects.select_for_update().get(pk=stream.pk)
    check_unchanged(stream, expected_updated_at)
    before = snapshot(stream, STREAM_FIELDS)
    for name, value in fields.items():
        setattr(stream, name, value)
    if before["kind"] == FundingStreamKind.RING_FENCED and stream.kind != before["kind"]:
        _check_ring_fence_unused(stream)
    stream.full_clean()
    stream.save()
    stream.refresh_from_db()  # amounts as stored (7000000.00), so only real changes are recorded
    changes = changes_between(before, snapshot(stream, STREAM_FIELDS))
    if changes:
        audit_record(
            acting_user=acting_user, action="funding_stream.update", obj=stream, changes=changes
        )
    return stream


def stream_removal_refusal(stream: FundingStream) -> str | None:
    """Why the stream cannot be removed (see the module's rules), or None."""
    try:
        _check_stream_removable(stream)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def _check_stream_removable(stream: FundingStream) -> None:
    _check_ring_fence_unused(stream)
    _check_not_carried(stream.partnership_id, stream.year, "year's funding")


def _check_ring_fence_unused(stream: FundingStream) -> None:
    lines = list(stream.allocations.order_by("year", "order", "pk").values_list("name", flat=True))
    if lines:
        named = [f"“{name}”" for name in lines[:3]]
        if len(lines) > 3:
            named.append(_count(len(lines) - 3, "other line", "other lines"))
        raise ValidationError(
            RING_FENCE_IN_USE.format(
                lines=_and_list(named), those="that line" if len(lines) == 1 else "those lines"
            ),
            code="in_use",
        )


@transaction.atomic
def stream_remove(*, acting_user, stream: FundingStream) -> None:
    """Remove a funding stream; refused (code "in_use" or "carried") by the module's rules."""
    locked = FundingStream.objects.select_for_update().filter(pk=stream.pk).first()
    if locked is None:
        return
    _check_stream_removable(locked)
    _record_removal(
        acting_user,
        "funding_stream.remove",
        locked,
        [*STREAM_FIELDS, "carried_from_year"],
        locked.partnership_id,
    )


@transaction.atomic
def node_create(
    *, acting_user, partnership: Partnership, year: int, name: str, **fields
) -> AllocationNode:
    _check_draft(partnership.pk, year)
    node = AllocationNode(partnership=partnership, year=year, name=name, **fields)
    node.full_clean()
    node.save()
    audit_record_created(
        acting_user=acting_user, action="allocation_node.create", obj=node, fields=NODE_FIELDS
    )
    return node


@transaction.atomic
def node_update(
    *,
    acting_user,
    node: AllocationNode,
    expected_updated_at: datetime.datetime | str | None = None,
    **fields,
) -> AllocationNode:
    """Change a line of a draft allocation; refused (code "stale") if it changed since
    `expected_updated_at`, or (code "approved") once the year's allocation is approved."""
    node = AllocationNode.objects.select_for_update().get(pk=node.pk)
    check_unchanged(node, expected_updated_at)
    _check_draft(node.partnership_id, node.year)
    before = snapshot(node, NODE_FIELDS)
    for name, value in fields.items():
        setattr(node, name, value)
    node.full_clean()
    node.save()
    node.refresh_from_db()  # amounts as stored, so only real changes are recorded
    changes = changes_between(before, snapshot(node, NODE_FIELDS))
    if changes:
        audit_record(
            acting_user=acting_user, action="allocation_node.update", obj=node, changes=changes
        )
    return node


def node_removal_refusal(node: AllocationNode) -> str | None:
    """Why the line cannot be removed (an approved allocation, lines, commitments or spend under
    it), or None."""
    try:
        _check_node_removable(node)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def _check_node_removable(node: AllocationNode) -> None:
    _check_draft(node.partnership_id, node.year)
    counts = [
        (node.children.count(), "line under it", "lines under it"),
        (node.commitments.count(), "commitment", "commitments"),
        (node.spends.count(), "spend record", "spend records"),
    ]
    records = [_count(number, one, many) for number, one, many in counts if number]
    if records:
        total = sum(number for number, _, _ in counts)
        raise ValidationError(
            LINE_IN_USE.format(records=_and_list(records), them="it" if total == 1 else "them"),
            code="in_use",
        )


@transaction.atomic
def node_remove(*, acting_user, node: AllocationNode) -> None:
    """Remove a line of a draft allocation that has nothing under it; refused (code "approved" or
    "in_use") otherwise."""
    # Lock the row first, so a line, commitment or spend added meanwhile either is counted here or
    # fails for want of its line, rather than going with it in the cascade.
    locked = AllocationNode.objects.select_for_update().filter(pk=node.pk).first()
    if locked is None:
        return
    _check_node_removable(locked)
    _record_removal(
        acting_user, "allocation_node.remove", locked, NODE_FIELDS, locked.partnership_id
    )


@transaction.atomic
def plan_set_status(
    *,
    acting_user,
    partnership: Partnership,
    year: int,
    status: str,
    approved_on: datetime.date | None = None,
) -> AllocationPlan:
    """Approve a year's allocation (dated today unless given) or reopen it as a draft.

    The history records what changes: the status, and the approval's date and who approved it
    (which reopening clears), with who did it."""
    if status != PlanStatus.APPROVED and approved_on is not None:
        raise ValidationError({"approved_on": APPROVED_ON_ONLY_WHEN_APPROVING})
    _plan(partnership, year)
    plan = AllocationPlan.objects.select_for_update().get(partnership=partnership, year=year)
    before = snapshot(plan, PLAN_STATUS_FIELDS)
    plan.status = status
    if status == PlanStatus.APPROVED:
        plan.approved_on = approved_on or clock.today()
        plan.approved_by = acting_user if getattr(acting_user, "pk", None) else None
    else:
        plan.approved_on = None
        plan.approved_by = None
    plan.full_clean()
    plan.save()
    changes = changes_between(before, snapshot(plan, PLAN_STATUS_FIELDS))
    if changes:
        audit_record(
            acting_user=acting_user,
            action=f"allocation_plan.{'approve' if status == PlanStatus.APPROVED else 'reopen'}",
            obj=plan,
            changes=changes,
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


def movement_removal_refusal(movement: Commitment | Spend) -> str | None:
    """Why a commitment cannot be removed (its year's balance has been carried forward), or None.
    Spend does not change the uncommitted balance, so it can always be removed."""
    if not isinstance(movement, Commitment):
        return None
    try:
        _check_not_carried(movement.node.partnership_id, movement.node.year, "year's commitments")
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def _locked_movement(model: type[Commitment] | type[Spend], pk: int) -> Commitment | Spend | None:
    """The row locked (not its line), with its line; None if it has gone already."""
    return (
        model.objects.select_for_update(of=("self",)).select_related("node").filter(pk=pk).first()
    )


@transaction.atomic
def commitment_remove(*, acting_user, commitment: Commitment) -> None:
    """Remove a commitment; refused (code "carried") once its year's balance is carried forward."""
    locked = _locked_movement(Commitment, commitment.pk)
    if locked is None:
        return
    node = locked.node
    _check_not_carried(node.partnership_id, node.year, "year's commitments")
    _record_removal(acting_user, "commitment.remove", locked, MOVEMENT_FIELDS, node.partnership_id)


@transaction.atomic
def spend_remove(*, acting_user, spend: Spend) -> None:
    """Remove a spend record: spend does not change the uncommitted balance, so it can always go."""
    locked = _locked_movement(Spend, spend.pk)
    if locked is None:
        return
    _record_removal(
        acting_user, "spend.remove", locked, MOVEMENT_FIELDS, locked.node.partnership_id
    )


def plan_status_refusal(plan: AllocationPlan | None, year: int, status: str) -> str | None:
    """Why the pages will not set a year's allocation to `status`: it has that status already.

    The API may still re-approve an approved allocation, to change its approval date."""
    current = plan.status if plan is not None else PlanStatus.DRAFT
    if current != status:
        return None
    message = ALREADY_APPROVED if status == PlanStatus.APPROVED else ALREADY_DRAFT
    return message.format(year=financial_year_label(year))


def carried_stream_name(year: int) -> str:
    """The name of the stream that carries `year`'s uncommitted balance into the next year."""
    return f"Uncommitted from {year}/{str(year + 1)[-2:]}"


def _check_carriable(partnership_id: int, year: int, uncommitted: Decimal) -> None:
    if _carried_into(partnership_id, year) is not None:
        raise ValidationError(
            ALREADY_CARRIED.format(year=financial_year_label(year)), code="carried"
        )
    if uncommitted <= 0:
        raise ValidationError(
            NOTHING_TO_CARRY.format(year=financial_year_label(year)), code="nothing_to_carry"
        )


def carry_forward_refusal(partnership: Partnership, position: FundingPosition) -> str | None:
    """Why `position`'s year cannot be carried forward (already carried, nothing to carry), or
    None: the rules `carry_forward` enforces."""
    try:
        _check_carriable(partnership.pk, position.year, position.uncommitted)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


@transaction.atomic
def carry_forward(*, acting_user, partnership: Partnership, year: int) -> FundingStream:
    """Add `year`'s uncommitted balance (funding less commitments) to next year's funding."""
    position = funding_position(partnership, year)
    balance = position.uncommitted
    _check_carriable(partnership.pk, year, balance)
    stream = FundingStream(
        partnership=partnership,
        year=year + 1,
        name=carried_stream_name(year),
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
