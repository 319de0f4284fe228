"""Read an allocation list in £k and write it all or nothing.

Layout: a header row with a name column ("Item", "Name", "Allocation" …), an amount column ("£k",
"Amount") and optionally a "Level" column (1 = outcome, 2 = workstream, 3 = programme, deeper
allowed). Without a level column the depth is the name's leading spaces (two per level) or, in a
workbook, the cell's indent. Rows "Total X" state X's total; a parent row with an amount states its
total; a "GRAND TOTAL" row states the tree's total. Stated totals are kept and checked, never used
in place of the lines. Nodes are matched by their path of names, so importing again changes nothing.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from vfmhub.lib.tabular import SourceRow as _SourceRow
from vfmhub.lib.tabular import TabularError, column_letter, decode_text, heading_key, match_headings
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
    if content.startswith(b"PK"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        except Exception as exc:
            raise TabularError(str(exc)) from None
        sheet = book.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            texts = ["" if c.value is None else str(c.value) for c in cells]
            indents = [int(getattr(c.alignment, "indent", 0) or 0) for c in cells]
            rows.append(RawRow(number, texts, indents))
        return rows
    text = decode_text(content)
    return [
        RawRow(number, cells, [0] * len(cells))
        for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1)
    ]


def _amount_k(text: str) -> Decimal | None:
    cleaned = text.replace("£", "").replace(",", "").replace(" ", "").replace("k", "")
    if cleaned == "":
        return None
    return (Decimal(cleaned) * 1000).quantize(Decimal("0.01"))


def allocation_read(content: bytes, filename: str) -> AllocationDraft:
    draft = AllocationDraft()
    try:
        rows = _raw_rows(content, filename)
    except TabularError as exc:
        draft.error(0, None, str(exc))
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
        except InvalidOperation:
            draft.error(row.number, amount_col, BAD_AMOUNT.format(value=amount_text))
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


@transaction.atomic
def _apply(draft: AllocationDraft, partnership: Partnership, year: int, acting_user) -> None:
    from vfmhub.audit.services import audit_record

    existing = list(AllocationNode.objects.filter(partnership=partnership, year=year))
    by_pk = {node.pk: node for node in existing}

    def path_of(node: AllocationNode) -> tuple[str, ...]:
        names = [node.name]
        parent = by_pk.get(node.parent_id) if node.parent_id else None
        while parent is not None:
            names.append(parent.name)
            parent = by_pk.get(parent.parent_id) if parent.parent_id else None
        return tuple(reversed(names))

    by_path = {path_of(node): node for node in existing}
    wanted = {node.path for node in draft.nodes}
    stale = [node for path, node in by_path.items() if path not in wanted]
    for old in stale:
        if old.commitments.exists() or old.spends.exists():
            draft.error(0, None, HAS_MOVEMENTS.format(name=old.name))
    if draft.errors:
        transaction.set_rollback(True)
        return
    saved: dict[tuple[str, ...], AllocationNode] = {}
    for order, item in enumerate(draft.nodes, start=1):
        parent = saved.get(item.path[:-1]) if len(item.path) > 1 else None
        values = {
            "parent": parent,
            "amount": item.amount,
            "stated_total": item.stated_total,
            "level": _level(item.depth),
            "order": order,
        }
        node: AllocationNode | None = by_path.get(item.path)
        if node is None:
            node = AllocationNode(partnership=partnership, year=year, name=item.name, **values)
            node.full_clean()
            node.save()
            draft.created += 1
        else:
            if any(
                getattr(node, name) != value for name, value in values.items() if name != "parent"
            ) or node.parent_id != (parent.pk if parent else None):
                for name, value in values.items():
                    setattr(node, name, value)
                node.full_clean()
                node.save()
                draft.updated += 1
            else:
                draft.unchanged += 1
        saved[item.path] = node
    for node in sorted(stale, key=lambda n: -len(path_of(n))):
        node.delete()
        draft.deleted += 1
    plan, _ = AllocationPlan.objects.get_or_create(partnership=partnership, year=year)
    if plan.stated_grand_total != draft.grand_total:
        plan.stated_grand_total = draft.grand_total
        plan.save(update_fields=["stated_grand_total", "updated_at"])
    if acting_user is not None and (draft.created or draft.updated or draft.deleted):
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
) -> AllocationDraft:
    """Read the file and, unless `dry_run` or there are errors, write it: all or nothing."""
    draft = allocation_read(content, filename)
    if draft.errors:
        return draft
    if dry_run:
        with transaction.atomic():
            _apply(draft, partnership, year, acting_user)
            transaction.set_rollback(True)
        return draft
    _apply(draft, partnership, year, acting_user)
    return draft
