"""Reading the allocation's lines below its header: names, amounts in £k, levels and totals.

A line's depth is its Level cell (1 = outcome, 2 = workstream, 3 = programme, deeper allowed) or,
where that is blank or there is no Level column, its indentation (`indentation.py`). Rows
"Total X" state X's total; a parent row with an amount states its total; a "GRAND TOTAL" row
states the tree's. Every problem is recorded; a line with one is left out, so the lines below
are still read and checked.
"""

import re
from decimal import Decimal, InvalidOperation

from vfmhub.lib.headings import Header
from vfmhub.lib.money import MONEY_MAX_DIGITS, to_pounds
from vfmhub.lib.tabular import SourceRow
from vfmhub.programme.importing.funding.draft import AllocationDraft, ImportedNode
from vfmhub.programme.importing.funding.indentation import bullet_depth, plain_name
from vfmhub.programme.selectors.funding import TreeRow, check_tree, fmt_k

BAD_AMOUNT = "{value!r} is not an amount in £k."
BAD_LEVEL = "{value!r} is not a level (1, 2, 3 …)."
LEVEL_JUMP = "This line is more than one level below the line above it."
TOTAL_UNMATCHED = "{name!r} does not follow a block of that name."
DUPLICATE = "{name!r} appears twice under the same heading."
NEGATIVE = "Amounts cannot be negative."
NAME_TOO_LONG = "The name is longer than {limit} characters."
NO_NAME = "This row has an amount but no name."
MAX_NAME = 300
_TOTAL = re.compile(r"^(sub[- ]?)?total\b[:\s]*(?P<rest>.*)$", re.I)


def amount_k(text: str) -> Decimal | None:
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


def is_grand_total(name: str) -> bool:
    return name.upper().replace(" ", "") == "GRANDTOTAL"


class LinesReader:
    """Reads the lines below the header, keeping the path of the headings above each."""

    def __init__(self, header: Header, draft: AllocationDraft, indents: dict[int, int]):
        columns = header.columns
        self.name, self.amount = columns["name"], columns["amount"]
        self.level, self.ring_fence = columns.get("level"), columns.get("ring_fence")
        self.header, self.draft, self.indents = header, draft, indents
        self.stack: list[ImportedNode] = []
        self.seen: set[tuple[str, ...]] = set()

    def error(self, row: SourceRow, column: int | None, message: str) -> None:
        self.draft.error(row.number, column, message, sheet=self.header.sheet)

    def read(self, row: SourceRow) -> None:
        raw_name = row.cell(self.name)
        name = plain_name(raw_name)
        amount_text = row.cell(self.amount).strip()
        if not name and not amount_text:
            return
        try:
            amount = amount_k(amount_text)
        except ValueError as exc:
            self.error(row, self.amount, str(exc))
            amount = None
        else:
            if amount is not None and amount < 0 and not is_grand_total(name):
                self.error(row, self.amount, NEGATIVE)  # as the allocation line refuses
        if not name:
            self.error(row, self.name, NO_NAME)
        elif is_grand_total(name):
            self.draft.grand_total = amount
        elif _TOTAL.match(name):
            self.total(row, name, amount)
        else:
            self.line(row, raw_name, name, amount)

    def total(self, row: SourceRow, name: str, amount: Decimal | None) -> None:
        match = _TOTAL.match(name)
        rest = match.group("rest").strip().lower() if match else ""
        target = next((n for n in reversed(self.stack) if not rest or n.name.lower() == rest), None)
        if target is None:
            self.error(row, self.name, TOTAL_UNMATCHED.format(name=name))
        else:
            target.stated_total = amount

    def depth(self, row: SourceRow, raw_name: str) -> int | None:
        level_text = row.cell(self.level).strip()
        if not level_text:
            indent = self.indents.get(row.number, 0) or bullet_depth(raw_name)
            return min(indent, len(self.stack))
        try:
            depth = int(level_text) - 1
            if depth < 0:
                raise ValueError
        except ValueError:
            self.error(row, self.level, BAD_LEVEL.format(value=level_text))
            return None
        if depth > len(self.stack):
            self.error(row, self.level, LEVEL_JUMP)
            return None
        return depth

    def line(self, row: SourceRow, raw_name: str, name: str, amount: Decimal | None) -> None:
        depth = self.depth(row, raw_name)
        if depth is None:
            return
        if len(name) > MAX_NAME:
            self.error(row, self.name, NAME_TOO_LONG.format(limit=MAX_NAME))
            return
        del self.stack[depth:]
        path = (*(n.name for n in self.stack), name)
        if path in self.seen:
            self.error(row, self.name, DUPLICATE.format(name=name))
            return
        self.seen.add(path)
        ring_fence = None if self.ring_fence is None else plain_name(row.cell(self.ring_fence))
        node = ImportedNode(row.number, path, name, depth, amount, ring_fence=ring_fence)
        self.draft.nodes.append(node)
        self.stack.append(node)


def stated_totals_settled(draft: AllocationDraft) -> None:
    """A parent row with an amount states the block's total."""
    parents = {node.path[:-1] for node in draft.nodes if len(node.path) > 1}
    for node in draft.nodes:
        if node.path in parents and node.amount is not None:
            if node.stated_total is None:
                node.stated_total = node.amount
            node.amount = None


def tree_checks(draft: AllocationDraft) -> list[str]:
    """Every block whose stated total differs from its lines, and a GRAND TOTAL that does, with
    both figures."""
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
