"""Import an allocation file all or nothing: its lines in £k and, from a second sheet of a
workbook, the year's funding streams.

Lines: a header row with a name column ("Item", "Name", "Indicative financial allocation" …), an
amount column in £k ("£k", "Amount", "Approved Programme 2009/2010 £k" …), optionally a "Level"
column (1 = outcome, 2 = workstream, 3 = programme, deeper allowed) and a ring-fenced stream
column. Where a line has no level, its depth is its indentation (leading spaces, the cell's indent
or its bullet). Rows "Total X" state X's total; a parent row with an amount states its total; a
"GRAND TOTAL" row states the tree's total. Stated totals are kept and checked, never used in place
of the lines. Lines are matched by their path of names and streams by name, so importing the same
file again changes nothing.
"""

from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import audit_record
from vfmhub.core.bulk import collection_paused
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices
from vfmhub.organisations.models import Partnership
from vfmhub.programme.importing.funding.draft import AllocationDraft
from vfmhub.programme.importing.funding.reading import allocation_read
from vfmhub.programme.importing.funding.streams import (
    StreamStep,
    ring_fenced_names,
    streams_compare,
    streams_write,
)
from vfmhub.programme.importing.funding.writing import (
    existing_nodes,
    nodes_compare,
    nodes_locked_unchanged,
    nodes_write,
    with_movements,
)
from vfmhub.programme.models import AllocationPlan

HAS_MOVEMENTS = "{name!r} is no longer in the file but has commitments or spend recorded."
CHANGED_MEANWHILE = (
    "{name!r} changed while the file was being imported, so nothing was saved: import the file "
    "again."
)
UNKNOWN_RING_FENCE = (
    "{name!r} is not a ring-fenced funding stream of this year{known}. Add it to the funding "
    "sheet as Ring-fenced, or correct the name."
)


def _check_ring_fences(draft: AllocationDraft, partnership: Partnership, year: int) -> None:
    """Every ring-fenced stream a line names must be one, recorded or in the file."""
    if not draft.has_ring_fences:
        return
    known = ring_fenced_names(draft, partnership, year)
    listed = sorted({s.name for s in draft.streams if s.name.casefold() in known})
    said = f" (the file's are: {', '.join(listed)})" if listed else ""
    for node in draft.nodes:
        if node.ring_fence and node.ring_fence.casefold() not in known:
            draft.error(
                node.row,
                draft.ring_fence_column,
                UNKNOWN_RING_FENCE.format(name=node.ring_fence, known=said),
                sheet=draft.sheet,
            )


def _write(
    draft: AllocationDraft,
    partnership: Partnership,
    year: int,
    acting_user: User | None,
    record_history: bool,
) -> None:
    """Under the write lock: compare again with the streams and lines as they now are, lock
    those that change or go, and write; any problem is on `draft` (the caller then rolls back)."""
    streams = streams_compare(draft, partnership, year)
    streams_write(streams, draft, partnership=partnership, year=year, acting_user=acting_user)
    existing = existing_nodes(partnership, year)
    steps, stale = nodes_compare(draft, existing)
    for name in nodes_locked_unchanged(steps, stale):
        draft.error(0, None, CHANGED_MEANWHILE.format(name=name))
    _refuse_removing_movements(draft, stale)  # again, now the lines are locked
    if draft.errors:
        return
    history = {"acting_user": acting_user} if record_history else None
    nodes_write(steps, stale, existing, partnership, year, history)
    plan, _ = AllocationPlan.objects.get_or_create(partnership=partnership, year=year)
    if plan.stated_grand_total != draft.grand_total:
        plan.stated_grand_total = draft.grand_total
        plan.save(update_fields=["stated_grand_total", "updated_at"])
    if record_history and (draft.created or draft.updated or draft.deleted):
        audit_record(
            acting_user=acting_user,
            action="allocation.import",
            obj=plan,
            changes={
                "created": [None, draft.created],
                "updated": [None, draft.updated],
                "deleted": [None, draft.deleted],
            },
        )


def _compare(draft: AllocationDraft, partnership: Partnership, year: int) -> list[StreamStep]:
    """What importing would change, counted on `draft`; a line no longer in the file that has
    commitments or spend is a problem. Reads only."""
    streams = streams_compare(draft, partnership, year)
    _, stale = nodes_compare(draft, existing_nodes(partnership, year))
    _refuse_removing_movements(draft, stale)
    return streams


def _refuse_removing_movements(draft: AllocationDraft, stale: list) -> None:
    moved = with_movements([old.pk for old in stale])
    for old in stale:
        if old.pk in moved:
            draft.error(0, None, HAS_MOVEMENTS.format(name=old.name))


def allocation_import(
    content: bytes,
    filename: str,
    *,
    partnership: Partnership,
    year: int,
    acting_user: User | None = None,
    dry_run: bool = False,
    record_history: bool = True,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> AllocationDraft:
    """Read the file and, unless `dry_run` or there are errors, write it: all or nothing.

    `sheet` names the workbook's allocation sheet (by default the one whose header fits best);
    `choices` the columns the user chose to leave out or read as known ones. Every stream and
    line created, changed or removed is recorded in the history (as "system" when there is no
    acting user, as from the command line); only the demo generator passes
    `record_history=False`, since generated data has no history.

    Reading and comparing happen outside any transaction, so a dry run never holds the write lock.
    """
    with collection_paused():
        draft = allocation_read(content, filename, sheet=sheet, choices=choices)
        if draft.nodes:
            _check_ring_fences(draft, partnership, year)
        if draft.errors:
            return draft
        _compare(draft, partnership, year)
        if draft.errors or dry_run:
            return draft
        with transaction.atomic():
            _write(draft, partnership, year, acting_user, record_history)
            if draft.errors:
                transaction.set_rollback(True)
    return draft
