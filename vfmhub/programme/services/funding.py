"""Writing a partnership's funding: streams, the allocation tree, approval, commitments, spend and
carrying an uncommitted balance forward. Callers check access first (`programme/access/`).

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
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import (
    acting,
    audit_record_changed,
    audit_record_removed,
    save_changed,
    save_created,
    snapshot,
)
from vfmhub.core.concurrency import lock_unchanged
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

Changed = TypeVar("Changed", FundingStream, AllocationNode)
Version = datetime.datetime | str | None


def _check_draft(partnership_id: int, year: int) -> None:
    plan = AllocationPlan.objects.filter(partnership_id=partnership_id, year=year).first()
    if plan is not None and plan.status == PlanStatus.APPROVED:
        raise ValidationError(APPROVED_LOCKED, code="approved")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _and_list(items: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _refusal(check: Callable[[], None]) -> str | None:
    """What `check` refuses, in words; None when it lets the write through."""
    try:
        check()
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


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


def _update(
    obj: Changed,
    expected_updated_at: Version,
    *,
    acting_user: User | None,
    action: str,
    fields: list[str],
    changes: dict[str, Any],
    check: Callable[[Changed, dict[str, Any]], None],
) -> Changed:
    """Lock `obj`'s row, refuse (code "stale") if it changed since `expected_updated_at`, run
    `check(row, its values before)` once `changes` are set, save and record what changed."""
    obj = lock_unchanged(obj, expected_updated_at)
    before = snapshot(obj, fields)
    for name, value in changes.items():
        setattr(obj, name, value)
    check(obj, before)
    obj.full_clean()
    obj.save()
    obj.refresh_from_db()  # amounts as stored (7000000.00), so only real changes are recorded
    audit_record_changed(acting_user=acting_user, action=action, obj=obj, before=before)
    return obj


def _remove(
    model: type[Any],
    pk: int,
    *,
    check: Callable[[Any], None],
    acting_user: User | None,
    action: str,
    fields: list[str],
    related: tuple[str, ...] = (),
) -> None:
    """Remove a row once `check` lets it go, recording the values it had (the audit row keeps its
    id). The row is locked first (not the rows it joins), so a record added under it meanwhile
    either is counted by `check` or fails for want of it, rather than going with it in the
    cascade; if it has gone already there is nothing to do."""
    rows = model.objects.select_for_update(of=("self",)).select_related(*related)
    locked = rows.filter(pk=pk).first()
    if locked is None:
        return
    check(locked)
    audit_record_removed(
        acting_user=acting_user,
        action=action,
        obj=locked,
        fields=fields,
        partnership_id=locked.partnership_id,
    )
    locked.delete()


# Funding streams ---------------------------------------------------------------------------------


@transaction.atomic
def stream_create(
    *, acting_user: User | None, partnership: Partnership, **fields: Any
) -> FundingStream:
    return save_created(
        FundingStream(partnership=partnership, **fields),
        acting_user=acting_user,
        action="funding_stream.create",
        fields=STREAM_FIELDS,
    )


def _check_kind_change(stream: FundingStream, before: dict[str, Any]) -> None:
    if before["kind"] == FundingStreamKind.RING_FENCED and stream.kind != before["kind"]:
        _check_ring_fence_unused(stream)


@transaction.atomic
def stream_update(
    *,
    acting_user: User | None,
    stream: FundingStream,
    expected_updated_at: Version = None,
    **fields: Any,
) -> FundingStream:
    """Change a stream; refused (code "stale") if it changed since `expected_updated_at`, and
    (code "in_use") if it would stop being ring-fenced while allocation lines are tagged with it."""
    return _update(
        stream,
        expected_updated_at,
        acting_user=acting_user,
        action="funding_stream.update",
        fields=STREAM_FIELDS,
        changes=fields,
        check=_check_kind_change,
    )


def stream_removal_refusal(stream: FundingStream) -> str | None:
    """Why the stream cannot be removed (see the module's rules), or None."""
    return _refusal(lambda: _check_stream_removable(stream))


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
def stream_remove(*, acting_user: User | None, stream: FundingStream) -> None:
    """Remove a funding stream; refused (code "in_use" or "carried") by the module's rules."""
    _remove(
        FundingStream,
        stream.pk,
        check=_check_stream_removable,
        acting_user=acting_user,
        action="funding_stream.remove",
        fields=[*STREAM_FIELDS, "carried_from_year"],
    )


# Allocation lines and the year's approval -------------------------------------------------------


@transaction.atomic
def node_create(
    *, acting_user: User | None, partnership: Partnership, year: int, name: str, **fields: Any
) -> AllocationNode:
    _check_draft(partnership.pk, year)
    return save_created(
        AllocationNode(partnership=partnership, year=year, name=name, **fields),
        acting_user=acting_user,
        action="allocation_node.create",
        fields=NODE_FIELDS,
    )


def _check_node_draft(node: AllocationNode, before: dict[str, Any]) -> None:
    _check_draft(node.partnership_id, node.year)


@transaction.atomic
def node_update(
    *,
    acting_user: User | None,
    node: AllocationNode,
    expected_updated_at: Version = None,
    **fields: Any,
) -> AllocationNode:
    """Change a line of a draft allocation; refused (code "stale") if it changed since
    `expected_updated_at`, or (code "approved") once the year's allocation is approved."""
    return _update(
        node,
        expected_updated_at,
        acting_user=acting_user,
        action="allocation_node.update",
        fields=NODE_FIELDS,
        changes=fields,
        check=_check_node_draft,
    )


def node_removal_refusal(node: AllocationNode) -> str | None:
    """Why the line cannot be removed (an approved allocation, lines, commitments or spend under
    it), or None."""
    return _refusal(lambda: _check_node_removable(node))


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
def node_remove(*, acting_user: User | None, node: AllocationNode) -> None:
    """Remove a line of a draft allocation that has nothing under it; refused (code "approved" or
    "in_use") otherwise."""
    _remove(
        AllocationNode,
        node.pk,
        check=_check_node_removable,
        acting_user=acting_user,
        action="allocation_node.remove",
        fields=NODE_FIELDS,
    )


@transaction.atomic
def plan_set_status(
    *,
    acting_user: User | None,
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
    AllocationPlan.objects.get_or_create(partnership=partnership, year=year)
    plan = AllocationPlan.objects.select_for_update().get(partnership=partnership, year=year)
    before = snapshot(plan, PLAN_STATUS_FIELDS)
    approving = status == PlanStatus.APPROVED
    plan.status = status
    plan.approved_on = (approved_on or clock.today()) if approving else None
    plan.approved_by = acting(acting_user) if approving else None
    return save_changed(
        plan,
        before,
        acting_user=acting_user,
        action=f"allocation_plan.{'approve' if approving else 'reopen'}",
    )


def plan_status_refusal(plan: AllocationPlan | None, year: int, status: str) -> str | None:
    """Why the pages will not set a year's allocation to `status`: it has that status already.

    The API may still re-approve an approved allocation, to change its approval date."""
    current = plan.status if plan is not None else PlanStatus.DRAFT
    if current != status:
        return None
    message = ALREADY_APPROVED if status == PlanStatus.APPROVED else ALREADY_DRAFT
    return message.format(year=financial_year_label(year))


# Commitments and spend ---------------------------------------------------------------------------

Movement = TypeVar("Movement", Commitment, Spend)
MOVEMENT_ACTIONS: dict[type, str] = {Commitment: "commitment", Spend: "spend"}


def _movement_create(
    model: type[Movement], acting_user: User | None, node: AllocationNode, fields: dict[str, Any]
) -> Movement:
    return save_created(
        model(node=node, **fields),
        acting_user=acting_user,
        action=f"{MOVEMENT_ACTIONS[model]}.create",
        fields=MOVEMENT_FIELDS,
        partnership_id=node.partnership_id,
    )


@transaction.atomic
def commitment_create(
    *, acting_user: User | None, node: AllocationNode, **fields: Any
) -> Commitment:
    """Record a commitment against a line: its `date`, `amount` and `description`."""
    return _movement_create(Commitment, acting_user, node, fields)


@transaction.atomic
def spend_create(*, acting_user: User | None, node: AllocationNode, **fields: Any) -> Spend:
    """Record spend against a line: its `date`, `amount` and `description`."""
    return _movement_create(Spend, acting_user, node, fields)


def _check_movement_removable(movement: Commitment | Spend) -> None:
    """A commitment stays once its year's balance has been carried forward; spend does not
    change the uncommitted balance, so it can always go."""
    if isinstance(movement, Commitment):
        node = movement.node
        _check_not_carried(node.partnership_id, node.year, "year's commitments")


def movement_removal_refusal(movement: Commitment | Spend) -> str | None:
    """Why a commitment cannot be removed (its year's balance has been carried forward), or None.
    Spend does not change the uncommitted balance, so it can always be removed."""
    return _refusal(lambda: _check_movement_removable(movement))


def _movement_remove(model: type[Movement], pk: int, acting_user: User | None) -> None:
    _remove(
        model,
        pk,
        check=_check_movement_removable,
        acting_user=acting_user,
        action=f"{MOVEMENT_ACTIONS[model]}.remove",
        fields=MOVEMENT_FIELDS,
        related=("node",),
    )


@transaction.atomic
def commitment_remove(*, acting_user: User | None, commitment: Commitment) -> None:
    """Remove a commitment; refused (code "carried") once its year's balance is carried forward."""
    _movement_remove(Commitment, commitment.pk, acting_user)


@transaction.atomic
def spend_remove(*, acting_user: User | None, spend: Spend) -> None:
    """Remove a spend record: spend does not change the uncommitted balance, so it can always go."""
    _movement_remove(Spend, spend.pk, acting_user)


# Carrying the uncommitted balance forward --------------------------------------------------------


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
    return _refusal(lambda: _check_carriable(partnership.pk, position.year, position.uncommitted))


@transaction.atomic
def carry_forward(
    *, acting_user: User | None, partnership: Partnership, year: int
) -> FundingStream:
    """Add `year`'s uncommitted balance (funding less commitments) to next year's funding."""
    balance = funding_position(partnership, year).uncommitted
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
    return save_created(
        stream, acting_user=acting_user, action="funding_stream.carry_forward", fields=STREAM_FIELDS
    )
