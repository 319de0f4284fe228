"""Read an allocation list in £k and write it all or nothing.

Layout: a header row with a name column ("Item", "Name", "Allocation" …), an amount column ("£k",
"Amount") and optionally a "Level" column (1 = outcome, 2 = workstream, 3 = programme, deeper
allowed). Without a level column the depth is the name's leading spaces (two per level) or, in a
workbook, the cell's indent. Rows "Total X" state X's total; a parent row with an amount states its
total; a "GRAND TOTAL" row states the tree's total. Stated totals are kept and checked, never used
in place of the lines. Nodes are matched by their path of names, so importing again changes nothing.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import chain, islice

from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import audit_record
from vfmhub.core.bulk import collection_paused
from vfmhub.core.importing import ImportIssue, Location
from vfmhub.lib.money import MONEY_MAX_DIGITS, to_pounds
from vfmhub.lib.tabular import (
    EMPTY_FILE,
    NOT_A_TABLE,
    TabularError,
    column_letter,
    heading_key,
    match_headings,
)
from vfmhub.lib.tabular import SourceRow as _SourceRow
from vfmhub.lib.tabular_files import csv_rows, xlsx_open
from vfmhub.organisations.models import Partnership
from vfmhub.programme.importing.funding.writing import (
    existing_nodes,
    nodes_compare,
    nodes_locked_unchanged,
    nodes_write,
    with_movements,
)
from vfmhub.programme.models import AllocationPlan
from vfmhub.programme.selectors.funding import TreeRow, check_tree, fmt_k

HEADINGS = {
    "name": ("item", "name", "allocation", "outcome", "description", "programme", "heading"),
    "amount": ("£k", "amount", "amount £k", "£000", "k", "approved programme £k", "total"),
    "level": ("level", "depth"),
}
NO_HEADER = "No header row with a name column and an amount column (£k) was found."
BAD_AMOUNT = "{value!r} is not an amount in £k."
BAD_LEVEL = "{value!r} is not a level (1, 2, 3 …)."
LEVEL_JUMP = "This line is more than one level below the line above it."
TOTAL_UNMATCHED = "{name!r} does not follow a block of that name."
DUPLICATE = "{name!r} appears twice under the same heading."
HAS_MOVEMENTS = "{name!r} is no longer in the file but has commitments or spend recorded."
CHANGED_MEANWHILE = (
    "{name!r} changed while the file was being imported, so nothing was saved: import the file "
    "again."
)
NOTHING = "The file has no allocation lines."
NEGATIVE = "Amounts cannot be negative."
NAME_TOO_LONG = "The name is longer than {limit} characters."
MAX_NAME = 300
_TOTAL = re.compile(r"^(sub[- ]?)?total\b[:\s]*(?P<rest>.*)$", re.I)


@dataclass(slots=True)  # one for each row of a large file
class ImportedNode:
    row: int
    path: tuple[str, ...]
    name: str
    depth: int
    amount: Decimal | None = None
    stated_total: Decimal | None = None


@dataclass
class AllocationDraft:
    nodes: list[ImportedNode] = field(default_factory=list)
    grand_total: Decimal | None = None
    errors: list[dict] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    checks: list[str] = field(default_factory=list)
    header_at: int = 0
    issues: list[ImportIssue] = field(
        default_factory=list
    )  # the errors, as every import words them

    def error(self, row: int, column: int | None, message: str) -> None:
        self.errors.append(
            {
                "row": row,
                "column": column_letter(column) if column is not None else "",
                "message": message,
            }
        )
        self.issues.append(ImportIssue(Location(row=row).at_column(column), message))

    def as_dict(self) -> dict:
        return {
            "ok": not self.errors,
            "errors": self.errors,
            "nodes": len(self.nodes),
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "grand_total": str(self.grand_total) if self.grand_total is not None else None,
            "checks": self.checks,
        }


@dataclass
class RawRow:
    number: int
    cells: list[str]
    indents: list[int]


def _xlsx_rows(book) -> Iterator[RawRow]:
    for number, cells in enumerate(book.rows(book.sheetnames[0], cells=True), 1):
        yield RawRow(
            number,
            ["" if getattr(c, "value", None) is None else str(c.value) for c in cells],
            [int(getattr(getattr(c, "alignment", None), "indent", 0) or 0) for c in cells],
        )


@contextmanager
def _raw_rows(content: bytes, filename: str) -> Iterator[Iterator[RawRow]]:
    """Cells with their leading spaces kept (tabular's readers collapse them), read from the
    file as they are gone through (so a large file is never held whole) while the `with` lasts."""
    if not content.strip():
        raise TabularError(EMPTY_FILE)
    if content.startswith(b"PK"):
        with xlsx_open(content) as book:
            yield _xlsx_rows(book)
        return
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".docx", ".pdf")):
        raise TabularError(NOT_A_TABLE)
    yield (
        RawRow(number, cells, [0] * len(cells))
        for number, cells in enumerate(csv_rows(content), start=1)
    )


def _amount_k(text: str) -> Decimal | None:
    """£k to pounds, bounded as the amount columns are after multiplying; ValueError if not."""
    cleaned = text.replace("£", "").replace(",", "").replace(" ", "").replace("k", "")
    if cleaned == "":
        return None
    try:
        thousands = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(BAD_AMOUNT.format(value=text)) from None
    if not thousands.is_finite() or abs(thousands) >= 10**MONEY_MAX_DIGITS:
        raise ValueError(BAD_AMOUNT.format(value=text))
    try:
        return to_pounds(thousands * 1000, max_digits=MONEY_MAX_DIGITS)
    except ValueError as exc:
        raise ValueError(f"{exc} ({text} in £k)") from None


def allocation_read(content: bytes, filename: str) -> AllocationDraft:
    """The file's lines as nodes with their paths of names, every problem by row and column."""
    draft = AllocationDraft()
    try:
        with _raw_rows(content, filename) as rows:
            _read_rows(rows, draft)
    except TabularError as exc:
        draft.error(exc.row or 0, exc.column, exc.detail)
        return draft
    parents = {node.path[:-1] for node in draft.nodes if len(node.path) > 1}
    for node in draft.nodes:
        if node.path in parents and node.amount is not None:
            # A parent row with an amount states the block's total.
            if node.stated_total is None:
                node.stated_total = node.amount
            node.amount = None
    if not draft.nodes and not draft.errors:
        draft.error(draft.header_at, None, NOTHING)
    draft.checks = _checks(draft)
    return draft


def _read_rows(rows: Iterator[RawRow], draft: AllocationDraft) -> None:
    keys = {name: {heading_key(h) for h in headings} for name, headings in HEADINGS.items()}
    head = list(islice(rows, 50))
    columns: dict[str, int] = {}
    for row in head:
        found = match_headings(_SourceRow(number=row.number, cells=tuple(row.cells)), keys)
        if "name" in found and "amount" in found:
            columns, draft.header_at = found, row.number
            break
    if not columns:
        draft.error(0, None, NO_HEADER)
        return
    lines = _Lines(columns, draft)
    for row in chain(head, rows):
        if row.number > draft.header_at:
            lines.read(row)


class _Lines:
    """Reads the lines below the header, keeping the path of the headings above each."""

    def __init__(self, columns: dict[str, int], draft: AllocationDraft):
        self.name, self.amount, self.level = (
            columns["name"],
            columns["amount"],
            columns.get("level"),
        )
        self.draft = draft
        self.stack: list[ImportedNode] = []
        self.seen: set[tuple[str, ...]] = set()

    def cell(self, row: RawRow, index: int) -> str:
        return row.cells[index] if index < len(row.cells) else ""

    def read(self, row: RawRow) -> None:
        draft, raw_name = self.draft, self.cell(row, self.name)
        name = " ".join(raw_name.split()).lstrip("•-– ").strip()
        amount_text = self.cell(row, self.amount).strip()
        if not name and not amount_text:
            return
        try:
            amount = _amount_k(amount_text)
        except ValueError as exc:
            draft.error(row.number, self.amount, str(exc))
            return
        if amount is not None and amount < 0 and name.upper().replace(" ", "") != "GRANDTOTAL":
            draft.error(row.number, self.amount, NEGATIVE)  # as the allocation line refuses
            return
        if name.upper().replace(" ", "") == "GRANDTOTAL":
            draft.grand_total = amount
        elif _TOTAL.match(name):
            self.total(row, name, amount)
        else:
            self.line(row, raw_name, name, amount)

    def total(self, row: RawRow, name: str, amount: Decimal | None) -> None:
        match = _TOTAL.match(name)
        rest = match.group("rest").strip().lower() if match else ""
        target = next((n for n in reversed(self.stack) if not rest or n.name.lower() == rest), None)
        if target is None:
            self.draft.error(row.number, self.name, TOTAL_UNMATCHED.format(name=name))
        else:
            target.stated_total = amount

    def depth(self, row: RawRow, raw_name: str) -> int | None:
        if self.level is None:
            spaces = len(raw_name) - len(raw_name.lstrip(" \t"))
            indent = row.indents[self.name] if self.name < len(row.indents) else 0
            return min(spaces // 2 + indent, len(self.stack))
        level_text = self.cell(row, self.level).strip()
        try:
            depth = int(level_text) - 1
            if depth < 0:
                raise ValueError
        except ValueError:
            self.draft.error(row.number, self.level, BAD_LEVEL.format(value=level_text))
            return None
        if depth > len(self.stack):
            self.draft.error(row.number, self.level, LEVEL_JUMP)
            return None
        return depth

    def line(self, row: RawRow, raw_name: str, name: str, amount: Decimal | None) -> None:
        depth = self.depth(row, raw_name)
        if depth is None:
            return
        if len(name) > MAX_NAME:
            self.draft.error(row.number, self.name, NAME_TOO_LONG.format(limit=MAX_NAME))
            return
        del self.stack[depth:]
        path = (*(n.name for n in self.stack), name)
        if path in self.seen:
            self.draft.error(row.number, self.name, DUPLICATE.format(name=name))
            return
        self.seen.add(path)
        node = ImportedNode(row=row.number, path=path, name=name, depth=depth, amount=amount)
        self.draft.nodes.append(node)
        self.stack.append(node)


def _checks(draft: AllocationDraft) -> list[str]:
    rows = check_tree(
        [
            TreeRow(
                key=node.path,
                parent=node.path[:-1] or None,
                name=node.name,
                amount=node.amount,
                stated_total=node.stated_total,
            )
            for node in draft.nodes
        ]
    )
    found = [problem for row in rows for problem in row.problems]
    allocated = sum((row.amount or Decimal(0) for row in rows), Decimal(0))
    if draft.grand_total is not None and draft.grand_total != allocated:
        found.append(
            f"GRAND TOTAL stated as {fmt_k(draft.grand_total)} but the lines add to "
            f"{fmt_k(allocated)}."
        )
    return found


def _write(
    draft: AllocationDraft,
    partnership: Partnership,
    year: int,
    acting_user: User | None,
    record_history: bool,
) -> None:
    """Under the write lock: compare again with the lines as they now are, lock those that
    change or go, and write; any problem is on `draft` (the caller then rolls back)."""
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


def _compare(draft: AllocationDraft, partnership: Partnership, year: int) -> None:
    """What importing would change, counted on `draft`; a line no longer in the file that has
    commitments or spend is a problem. Reads only."""
    _, stale = nodes_compare(draft, existing_nodes(partnership, year))
    _refuse_removing_movements(draft, stale)


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
) -> AllocationDraft:
    """Read the file and, unless `dry_run` or there are errors, write it: all or nothing.

    Every line created, changed or removed is recorded in the history (as "system" when there is
    no acting user, as from the command line); only the demo generator passes
    `record_history=False`, since generated data has no history.

    Reading and comparing happen outside any transaction, so a dry run never holds the write lock.
    """
    with collection_paused():
        draft = allocation_read(content, filename)
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
