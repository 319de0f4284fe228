"""Reading a partnership's funding and allocation, with checks that never hide a mismatch.

The checks are pure functions over plain rows (`TreeRow`), so tests and imports can run them
without the database; `funding_position` loads a year in four queries and runs them.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.db.models import F, QuerySet, Sum

from vfmhub.lib import clock
from vfmhub.organisations.models import Partnership
from vfmhub.programme.models import (
    AllocationNode,
    AllocationPlan,
    Commitment,
    FundingStream,
    FundingStreamKind,
    Spend,
)

ZERO = Decimal(0)
Movement = TypeVar("Movement", bound=Commitment | Spend)


@dataclass
class TreeRow:
    """One node of an allocation tree as the checks see it."""

    key: object
    parent: object | None
    name: str
    amount: Decimal | None = None
    stated_total: Decimal | None = None
    level: str = ""
    ring_fence: object | None = None
    pk: int | None = None
    # Filled in by `check_tree`:
    depth: int = 0
    computed: Decimal = ZERO
    has_children: bool = False
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    problems: list[str] = field(default_factory=list)
    # Set by `allocation_lines` for the API:
    year: int | None = None
    updated_at: datetime.datetime | None = None

    @property
    def stated_differs(self) -> bool:
        return self.stated_total is not None and self.stated_total != self.computed

    @property
    def total(self) -> Decimal:
        """The node's computed total (its own amount plus its children's)."""
        return self.computed


@dataclass
class TotalCheck:
    funding: Decimal
    allocated: Decimal
    stated_grand_total: Decimal | None

    @property
    def unallocated(self) -> Decimal:
        return max(self.funding - self.allocated, ZERO)

    @property
    def over_allocated(self) -> Decimal:
        return max(self.allocated - self.funding, ZERO)

    @property
    def state(self) -> str:
        if self.allocated == self.funding:
            return "allocated"
        return "unallocated" if self.allocated < self.funding else "over-allocated"

    @property
    def grand_total_differs(self) -> bool:
        return self.stated_grand_total is not None and self.stated_grand_total != self.allocated


@dataclass
class RingFenceCheck:
    stream: FundingStream
    allocated: Decimal

    @property
    def difference(self) -> Decimal:
        return self.allocated - self.stream.amount

    @property
    def agrees(self) -> bool:
        return self.difference == ZERO


def fmt_k(value: Decimal | None) -> str:
    """Pounds as £k for messages: 4347000 -> "£4,347k"."""
    if value is None:
        return "—"
    thousands = (value / 1000).normalize()
    text = f"{thousands:,f}"
    return f"£{text}k"


def check_tree(rows: Sequence[TreeRow]) -> list[TreeRow]:
    """Rows in tree order (depth set), each with its computed total and any problems.

    A parent's computed total is its own amount (if any) plus its children's computed totals; a
    parent with an amount of its own as well as children, and a stated total that disagrees with
    the computed one, are flagged with both figures.
    """
    children: dict[object, list[TreeRow]] = defaultdict(list)
    keys = {row.key for row in rows}
    roots: list[TreeRow] = []
    for row in rows:
        if row.parent is None or row.parent not in keys:
            roots.append(row)
        else:
            children[row.parent].append(row)
    ordered: list[TreeRow] = []

    def visit(row: TreeRow, depth: int) -> Decimal:
        row.depth = depth
        row.problems = []
        ordered.append(row)
        kids = children.get(row.key, [])
        row.has_children = bool(kids)
        total = sum((visit(kid, depth + 1) for kid in kids), ZERO)
        if kids and row.amount is not None:
            row.problems.append(
                f"{row.name} has an amount of its own ({fmt_k(row.amount)}) as well as parts "
                f"adding to {fmt_k(total)}."
            )
        row.computed = total + (row.amount or ZERO)
        if row.stated_differs:
            row.problems.append(
                f"{row.name}: stated total {fmt_k(row.stated_total)} but its parts add to "
                f"{fmt_k(row.computed)} "
                f"(difference {fmt_k(row.computed - (row.stated_total or ZERO))})."
            )
        return row.computed

    for root in roots:
        visit(root, 0)
    return ordered


def tree_total(rows: Iterable[TreeRow]) -> Decimal:
    return sum((row.amount or ZERO for row in rows), ZERO)


def check_total(
    funding: Decimal, rows: Iterable[TreeRow], stated_grand_total: Decimal | None = None
) -> TotalCheck:
    return TotalCheck(
        funding=funding, allocated=tree_total(rows), stated_grand_total=stated_grand_total
    )


def check_ring_fences(
    streams: Iterable[FundingStream], ordered_rows: Sequence[TreeRow]
) -> list[RingFenceCheck]:
    """Each ring-fenced stream against the computed totals of the nodes allocated to its purpose.

    A node under another node tagged with the same stream is not counted twice.
    """
    by_key = {row.key: row for row in ordered_rows}
    allocated: dict[object, Decimal] = defaultdict(lambda: ZERO)
    for row in ordered_rows:
        if row.ring_fence is None:
            continue
        ancestor = by_key.get(row.parent) if row.parent is not None else None
        nested = False
        while ancestor is not None:
            if ancestor.ring_fence == row.ring_fence:
                nested = True
                break
            ancestor = by_key.get(ancestor.parent) if ancestor.parent is not None else None
        if not nested:
            allocated[row.ring_fence] += row.computed
    return [
        RingFenceCheck(stream=stream, allocated=allocated[stream.pk])
        for stream in streams
        if stream.kind == FundingStreamKind.RING_FENCED
    ]


@dataclass
class FundingPosition:
    year: int
    streams: list[FundingStream]
    plan: AllocationPlan | None
    rows: list[TreeRow]
    total: TotalCheck
    ring_fences: list[RingFenceCheck]
    committed: Decimal
    spent: Decimal

    @property
    def funding(self) -> Decimal:
        return self.total.funding

    @property
    def received(self) -> Decimal:
        return sum((s.amount for s in self.streams if s.status == "received"), ZERO)

    @property
    def expected(self) -> Decimal:
        return self.funding - self.received

    @property
    def uncommitted(self) -> Decimal:
        return self.funding - self.committed

    @property
    def problems(self) -> list[str]:
        found = [problem for row in self.rows for problem in row.problems]
        if self.total.grand_total_differs:
            found.append(
                f"GRAND TOTAL stated as {fmt_k(self.total.stated_grand_total)} but the "
                f"allocation adds to {fmt_k(self.total.allocated)}."
            )
        found += [
            f"Ring-fenced {check.stream.name} ({check.stream.purpose}): "
            f"{fmt_k(check.stream.amount)} received or expected, {fmt_k(check.allocated)} "
            "allocated to its purpose."
            for check in self.ring_fences
            if not check.agrees
        ]
        return found


NO_FUNDING = "No funding is recorded for this year."
NO_LINES = "The allocation has no lines."
UNALLOCATED = "{amount} of the {funding} funding is not allocated to any line."
OVER_ALLOCATED = "The lines add to {allocated}, {amount} more than the {funding} funding."


def allocation_gaps(position: FundingPosition) -> list[str]:
    """What is missing or wrong in a year's allocation, in plain words: no funding or no lines,
    money left unallocated or allocated twice over, then the problems the checks found."""
    total = position.total
    gaps = [] if position.streams else [NO_FUNDING]
    if not position.rows:
        gaps.append(NO_LINES)
    if total.state == "unallocated":
        gaps.append(
            UNALLOCATED.format(amount=fmt_k(total.unallocated), funding=fmt_k(total.funding))
        )
    elif total.state == "over-allocated":
        gaps.append(
            OVER_ALLOCATED.format(
                allocated=fmt_k(total.allocated),
                amount=fmt_k(total.over_allocated),
                funding=fmt_k(total.funding),
            )
        )
    return gaps + position.problems


def node_rows(nodes: Iterable[AllocationNode]) -> list[TreeRow]:
    return [
        TreeRow(
            key=node.pk,
            parent=node.parent_id,
            name=node.name,
            amount=node.amount,
            stated_total=node.stated_total,
            level=node.level,
            ring_fence=node.ring_fence_id,
            pk=node.pk,
        )
        for node in nodes
    ]


def funding_years(partnership: Partnership) -> list[int]:
    """Years with funding or an allocation, newest first (one query)."""
    years = set(
        FundingStream.objects.filter(partnership=partnership).values_list("year", flat=True)
    ) | set(AllocationNode.objects.filter(partnership=partnership).values_list("year", flat=True))
    return sorted(years, reverse=True)


def year_or_latest(year: int | None, years: list[int]) -> int:
    """`year` if given, else the newest of `years` (newest first), else this year."""
    if year is not None:
        return year
    return years[0] if years else clock.today().year


def funding_year_or_latest(partnership: Partnership, year: int | None = None) -> int:
    """`year` if given, else the latest year with funding or an allocation, else this year."""
    return year if year is not None else year_or_latest(None, funding_years(partnership))


def funding_position(partnership: Partnership, year: int) -> FundingPosition:
    """A year's funding, allocation tree and checks, committed and spent: five queries."""
    streams = list(FundingStream.objects.filter(partnership=partnership, year=year))
    plan = AllocationPlan.objects.filter(partnership=partnership, year=year).first()
    nodes = list(AllocationNode.objects.filter(partnership=partnership, year=year))
    committed = _totals_by_line(Commitment, partnership, year)
    spent = _totals_by_line(Spend, partnership, year)
    rows = check_tree(node_rows(nodes))
    for row in rows:
        row.committed = committed.get(row.pk or 0, ZERO)
        row.spent = spent.get(row.pk or 0, ZERO)
    funding = sum((stream.amount for stream in streams), ZERO)
    return FundingPosition(
        year=year,
        streams=streams,
        plan=plan,
        rows=rows,
        total=check_total(funding, rows, plan.stated_grand_total if plan else None),
        ring_fences=check_ring_fences(streams, rows),
        committed=sum(committed.values(), ZERO),
        spent=sum(spent.values(), ZERO),
    )


def _totals_by_line(
    model: type[Commitment] | type[Spend], partnership: Partnership, year: int
) -> dict[int, Decimal]:
    return dict(
        model.objects.filter(node__partnership=partnership, node__year=year)
        .values_list("node")
        .annotate(total=Sum("amount"))
        .values_list("node", "total")
    )


def allocation_lines(partnership: Partnership, year: int) -> list[TreeRow]:
    """The year's lines in tree order with their computed totals, checks, year and version
    (`updated_at`): the funding position's rows, and one query for the versions."""
    rows = funding_position(partnership, year).rows
    nodes = AllocationNode.objects.filter(partnership=partnership, year=year)
    stamps: dict[int, datetime.datetime] = dict(nodes.values_list("pk", "updated_at"))
    for row in rows:
        row.year = year
        row.updated_at = stamps[row.pk or 0]
    return rows


def allocation_line(partnership: Partnership, node: AllocationNode) -> TreeRow:
    """One of the partnership's lines as `allocation_lines` gives it."""
    return next(row for row in allocation_lines(partnership, node.year) if row.pk == node.pk)


def lines_of_year(partnership: Partnership, year: int) -> QuerySet[AllocationNode]:
    """The lines of the partnership's allocation for `year`: those a line may sit under, and a
    commitment or spend be recorded against."""
    return AllocationNode.objects.filter(partnership=partnership, year=year)


def ring_fences_of_year(partnership: Partnership, year: int) -> QuerySet[FundingStream]:
    """The partnership's ring-fenced streams of `year`: those a line may be allocated to."""
    return FundingStream.objects.filter(
        partnership=partnership, year=year, kind=FundingStreamKind.RING_FENCED
    )


def funding_streams(partnership: Partnership, year: int | None = None) -> QuerySet[FundingStream]:
    """The partnership's funding streams, newest year first (all years, or one)."""
    streams = FundingStream.objects.filter(partnership=partnership)
    if year is not None:
        streams = streams.filter(year=year)
    return streams.order_by("-year", "pk")


def movements(
    model: type[Movement], partnership: Partnership, year: int | None = None
) -> QuerySet[Movement]:
    """The partnership's commitments (or spend), each with its line (and the line's id, name and
    year as `line_id`, `line_name` and `year`), by date, in all years or one: the page of the
    year's commitments and spend and the API's lists."""
    found = (
        model.objects.filter(node__partnership=partnership)
        .select_related("node")
        .annotate(line_id=F("node_id"), line_name=F("node__name"), year=F("node__year"))
    )
    if year is not None:
        found = found.filter(node__year=year)
    # The stubs type annotated rows apart from the model's; they are the same rows.
    return found.order_by("date", "pk")  # type: ignore[return-value]
