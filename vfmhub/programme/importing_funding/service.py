"""Read an allocation list in £k and write it all or nothing.

Layout: a header row with a name column ("Item", "Name", "Allocation" …), an amount column ("£k",
"Amount") and optionally a "Level" column (1 = outcome, 2 = workstream, 3 = programme, deeper
allowed). Without a level column the depth is the name's leading spaces (two per level) or, in a
workbook, the cell's indent. Rows "Total X" state X's total; a parent row with an amount states its
total; a "GRAND TOTAL" row states the tree's total. Stated totals are kept and checked, never used
in place of the lines. Nodes are matched by their path of names, so importing again changes nothing.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from vfmhub.audit.services import audit_record, changes_between
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
from vfmhub.programme.models import AllocationNode, AllocationPlan, NodeLevel
from vfmhub.programme.selectors_funding import TreeRow, check_tree, fmt_k

HEADINGS = {
    "name": ("item", "name", "allocation", "outcome", "description", "programme", "heading"),
    "amount": ("£k", "amount", "amount £k", "£000", "k", "approved programme £k", "total"),
    "level": ("level", "depth"),
}
LEVELS = {1: NodeLevel.OUTCOME, 2: NodeLevel.WORKSTREAM, 3: NodeLevel.PROGRAMME}
NO_HEADER = "No header row with a name column and an amount column (£k) was found."
BAD_AMOUNT = "{value!r} is not an amount in £k."
BAD_LEVEL = "{value!r} is not a level (1, 2, 3 …)."
LEVEL_JUMP = "This line is more than one level below the line above it."
TOTAL_UNMATCHED = "{name!r} does not follow a block of that name."
DUPLICATE = "{name!r} appears twice under the same heading."
HAS_MOVEMENTS = "{name!r} is no longer in the file but has commitments or spend recorded."
NOTHING = "The file has no allocation lines."
_TOTAL = re.compile(r"^(sub[- ]?)?total\b[:\s]*(?P<rest>.*)$", re.I)


@dataclass
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

    def error(self, row: int, column: int | None, message: str) -> None:
        self.errors.append(
            {
                "row": row,
                "column": column_letter(column) if column is not None else "",
                "message": message,
            }
        )

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


def _raw_rows(content: bytes, filename: str) -> list[RawRow]:
    """Cells with their leading spaces kept (tabular's readers collapse them)."""
    if not content.strip():
        raise TabularError(EMPTY_FILE)
    if content.startswith(b"PK"):
        with xlsx_open(content) as book:
            return [
                RawRow(
                    number,
                    ["" if getattr(c, "value", None) is None else str(c.value) for c in cells],
                    [int(getattr(getattr(c, "alignment", None), "indent", 0) or 0) for c in cells],
                )
                for number, cells in enumerate(book.rows(book.sheetnames[0], cells=True), 1)
            ]
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".docx", ".pdf")):
        raise TabularError(NOT_A_TABLE)
    return [
        RawRow(number, cells, [0] * len(cells))
        for number, cells in enumerate(csv_rows(content), start=1)
    ]


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
    draft = AllocationDraft()
    try:
        rows = _raw_rows(content, filename)
    except TabularError as exc:
        draft.error(exc.row or 0, exc.column, exc.detail)
        return draft
    keys = {name: {heading_key(h) for h in headings} for name, headings in HEADINGS.items()}
    columns: dict[str, int] = {}
    header_at = 0
    for row in rows[:50]:
        found = match_headings(_SourceRow(number=row.number, cells=tuple(row.cells)), keys)
        if "name" in found and "amount" in found:
            columns, header_at = found, row.number
            break
    if not columns:
        draft.error(0, None, NO_HEADER)
        return draft
    name_col, amount_col, level_col = columns["name"], columns["amount"], columns.get("level")
    stack: list[ImportedNode] = []
    seen: set[tuple[str, ...]] = set()
    for row in rows[header_at:]:
        raw_name = row.cells[name_col] if name_col < len(row.cells) else ""
        name = " ".join(raw_name.split()).lstrip("•-– ").strip()
        amount_text = (row.cells[amount_col] if amount_col < len(row.cells) else "").strip()
        if not name and not amount_text:
            continue
        try:
            amount = _amount_k(amount_text)
        except ValueError as exc:
            draft.error(row.number, amount_col, str(exc))
            continue
        if name.upper().replace(" ", "") == "GRANDTOTAL":
            draft.grand_total = amount
            continue
        total = _TOTAL.match(name)
        if total:
            rest = total.group("rest").strip().lower()
            target = next(
                (n for n in reversed(stack) if not rest or n.name.lower() == rest),
                None,
            )
            if target is None:
                draft.error(row.number, name_col, TOTAL_UNMATCHED.format(name=name))
            else:
                target.stated_total = amount
            continue
        if level_col is not None:
            level_text = row.cells[level_col].strip() if level_col < len(row.cells) else ""
            try:
                depth = int(level_text) - 1
                if depth < 0:
                    raise ValueError
            except ValueError:
                draft.error(row.number, level_col, BAD_LEVEL.format(value=level_text))
                continue
        else:
            spaces = len(raw_name) - len(raw_name.lstrip(" \t"))
            depth = spaces // 2 + (row.indents[name_col] if name_col < len(row.indents) else 0)
        depth = min(depth, len(stack))
        if level_col is not None and int(row.cells[level_col]) - 1 > len(stack):
            draft.error(row.number, level_col, LEVEL_JUMP)
            continue
        del stack[depth:]
        path = (*(n.name for n in stack), name)
        if path in seen:
            draft.error(row.number, name_col, DUPLICATE.format(name=name))
            continue
        seen.add(path)
        node = ImportedNode(row=row.number, path=path, name=name, depth=depth, amount=amount)
        draft.nodes.append(node)
        stack.append(node)
    parents = {node.path[:-1] for node in draft.nodes if len(node.path) > 1}
    for node in draft.nodes:
        if node.path in parents and node.amount is not None:
            # A parent row with an amount states the block's total.
            if node.stated_total is None:
                node.stated_total = node.amount
            node.amount = None
    if not draft.nodes and not draft.errors:
        draft.error(header_at, None, NOTHING)
    draft.checks = _checks(draft)
    return draft


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


def _level(depth: int) -> str:
    return LEVELS.get(depth + 1, "")


NODE_FIELDS = ["name", "parent", "amount", "stated_total", "level", "order"]


@dataclass
class NodeStep:
    item: ImportedNode
    node: AllocationNode | None
    values: dict


def _existing(partnership: Partnership, year: int) -> dict[tuple[str, ...], AllocationNode]:
    """The year's nodes by their path of names."""
    existing = list(AllocationNode.objects.filter(partnership=partnership, year=year))
    by_pk = {node.pk: node for node in existing}

    def path_of(node: AllocationNode) -> tuple[str, ...]:
        names = [node.name]
        parent = by_pk.get(node.parent_id) if node.parent_id else None
        while parent is not None:
            names.append(parent.name)
            parent = by_pk.get(parent.parent_id) if parent.parent_id else None
        return tuple(reversed(names))

    return {path_of(node): node for node in existing}


def _compare(draft: AllocationDraft, by_path: dict) -> tuple[list[NodeStep], list]:
    """What each line does, and the nodes no longer in the file; counts and errors on `draft`.
    Reads only, so a dry run takes no write lock."""
    wanted = {node.path for node in draft.nodes}
    stale = [node for path, node in by_path.items() if path not in wanted]
    moved = set(
        AllocationNode.objects.filter(pk__in=[n.pk for n in stale])
        .filter(Q(commitments__isnull=False) | Q(spends__isnull=False))
        .values_list("pk", flat=True)
    )
    for old in stale:
        if old.pk in moved:
            draft.error(0, None, HAS_MOVEMENTS.format(name=old.name))
    steps = []
    for order, item in enumerate(draft.nodes, start=1):
        values = {
            "amount": item.amount,
            "stated_total": item.stated_total,
            "level": _level(item.depth),
            "order": order,
        }
        node = by_path.get(item.path)
        parent = by_path.get(item.path[:-1]) if len(item.path) > 1 else None
        if node is None:
            draft.created += 1
        elif any(getattr(node, k) != v for k, v in values.items()) or node.parent_id != (
            parent.pk if parent else None
        ):
            draft.updated += 1
        else:
            draft.unchanged += 1
        steps.append(NodeStep(item, node, values))
    draft.deleted = len(stale)
    return steps, stale


def _write(draft, steps, stale, partnership, year, acting_user, record_history=True) -> None:
    """Create, change and remove the nodes, recording each with its old and new values."""
    from vfmhub.audit.services import audit_records_bulk, snapshot

    saved: dict[tuple[str, ...], AllocationNode] = {}
    audited: list[tuple] = []
    for step in steps:
        parent = saved.get(step.item.path[:-1]) if len(step.item.path) > 1 else None
        node = step.node or AllocationNode(partnership=partnership, year=year, name=step.item.name)
        before = snapshot(node, NODE_FIELDS) if step.node else {}
        for name, value in {**step.values, "parent": parent}.items():
            setattr(node, name, value)
        after = snapshot(node, NODE_FIELDS)
        if step.node is None or after != before:
            try:
                node.full_clean()
            except ValidationError as exc:
                for message in exc.messages:
                    draft.error(step.item.row, None, message)
                continue
            node.save()
            audited.append((node, changes_between(before, after)))
        saved[step.item.path] = node
    if draft.errors:
        return
    for node in stale:
        audited.append((node, changes_between(snapshot(node, NODE_FIELDS), {})))
    AllocationNode.objects.filter(pk__in=[n.pk for n in stale]).delete()
    plan, _ = AllocationPlan.objects.get_or_create(partnership=partnership, year=year)
    if plan.stated_grand_total != draft.grand_total:
        plan.stated_grand_total = draft.grand_total
        plan.save(update_fields=["stated_grand_total", "updated_at"])
    if not record_history:
        return
    audit_records_bulk(acting_user=acting_user, action="allocation.import_line", rows=audited)
    if draft.created or draft.updated or draft.deleted:
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


def allocation_import(
    content: bytes,
    filename: str,
    *,
    partnership: Partnership,
    year: int,
    acting_user=None,
    dry_run: bool = False,
    record_history: bool = True,
) -> AllocationDraft:
    """Read the file and, unless `dry_run` or there are errors, write it: all or nothing.

    Every line created, changed or removed is recorded in the history (as "system" when there is
    no acting user, as from the command line); only the demo generator passes
    `record_history=False`, since generated data has no history.

    Reading and comparing happen outside any transaction, so a dry run never holds the write lock.
    """
    draft = allocation_read(content, filename)
    if draft.errors:
        return draft
    steps, stale = _compare(draft, _existing(partnership, year))
    if draft.errors or dry_run:
        return draft
    with transaction.atomic():
        by_path = _existing(partnership, year)  # again, now that the write lock is held
        draft.created = draft.updated = draft.unchanged = 0
        steps, stale = _compare(draft, by_path)
        if not draft.errors:
            _write(draft, steps, stale, partnership, year, acting_user, record_history)
        if draft.errors:
            transaction.set_rollback(True)
    return draft
