"""Programme history: every partnership's funding streams, approved allocation tree, commitments
and spend, year by year.

Everything is drawn first (for every partnership and year, so the draws never depend on what is
stored), then written for the years that have no streams, allocation plan or nodes yet. The tree
is inserted level by level: a node's natural key is (partnership, year, parent, name), and a
child's parent pk is only known once its level above is stored.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from vfmhub.demo.generator import DemoContext, create_missing
from vfmhub.lib.years import financial_year_bounds, financial_year_label
from vfmhub.programme.demo.history.common import K, day_between, pounds_k, split_total
from vfmhub.programme.models import (
    AllocationNode,
    AllocationPlan,
    Commitment,
    FundingStream,
    FundingStreamKind,
    FundingStreamStatus,
    NodeLevel,
    PlanStatus,
    Spend,
)

Path = tuple[str, ...]
Year = tuple[int, int]  # (partnership pk, year)

OUTCOMES = {
    "Performance": [
        "Adult social care",
        "Children's services",
        "Use of Resources",
        "Menu of support",
        "Equalities",
        "Housing and planning",
    ],
    "LSPs/LAAs": [
        "Partnership support",
        "LAA outcomes",
        "Area assessment",
        "Multi-area agreements",
        "Neighbourhood working",
    ],
    "Efficiency": [
        "Shared services",
        "Procurement",
        "Asset management",
        "Transforming customer access",
        "Smarter working",
    ],
    "Skills and Capacity": [
        "Leadership development",
        "Member development",
        "Workforce planning",
        "Graduate programme",
        "Peer support",
    ],
    "Other": [
        "Programme management",
        "Communications",
        "Evaluation",
        "Innovation fund",
        "Contingency",
    ],
}
PROGRAMMES = ["Pilot", "Roll-out", "Evaluation", "Training", "Support to districts"]
RING_FENCES = [
    ("Department for Communities and Local Government", "Climate change and sustainability"),
    ("Department for Children, Schools and Families", "Children's services improvement"),
    ("Home Office", "Community safety partnerships"),
    ("Department of Health", "Adult social care transformation"),
]
SUPPLIERS = ["Consultancy support", "Training provider", "Secondment", "ICT licences", "Venue hire"]
UNDER = (0.005, 0.04)  # how far the allocation falls short of the funding


@dataclass
class NodeSpec:
    path: Path
    level: str
    order: int
    amount: int | None = None  # £k, leaves only
    stated: int | None = None  # £k, parents only
    ring_fence: str = ""  # the ring-fenced stream's name


@dataclass
class YearSpec:
    streams: list[FundingStream]
    allocated: int  # £k
    nodes: list[NodeSpec]
    commitments: list[tuple[Path, datetime.date, int, str]] = field(default_factory=list)
    spends: list[tuple[Path, datetime.date, int, str]] = field(default_factory=list)


def _streams(rng: random.Random, pid: int, year: int, first: bool) -> list[FundingStream]:
    """Three to five streams adding to £8m to £15m; the year grant takes what the others leave."""
    label = financial_year_label(year)
    total = rng.randint(8000, 15000)  # £k
    drawn: list[tuple[str, str, tuple[int, int], dict]] = []
    extra: dict[str, object]
    if rng.random() < 0.4:
        funder, purpose = rng.choice(RING_FENCES)
        extra = {"funder": funder, "purpose": purpose}
        drawn.append(
            (f"{purpose} grant {label}", FundingStreamKind.RING_FENCED, (300, 1200), extra)
        )
    if rng.random() < 0.5:
        extra = {"funder": "Member bodies"}
        if rng.random() < 0.4:
            extra["status"] = FundingStreamStatus.EXPECTED
        drawn.append((f"Partner contributions {label}", FundingStreamKind.GRANT, (200, 800), extra))
    if first:
        drawn.append((f"Efficiency grant {label}", FundingStreamKind.GRANT, (500, 2000), {}))
    else:
        name = f"Carry forward from {financial_year_label(year - 1)}"
        extra = {"carried_from_year": year - 1}
        drawn.append((name, FundingStreamKind.CARRY_FORWARD, (200, 1500), extra))
    name = f"Capital Efficiency and Transformation Fund {label}"
    drawn.append((name, FundingStreamKind.CAPITAL, (1000, 3000), {}))
    amounts = [rng.randint(*bounds) for _, _, bounds, _ in drawn]
    drawn.append((f"Year grant {label}", FundingStreamKind.GRANT, (0, 0), {}))
    amounts.append(total - sum(amounts))  # at least £1m: the others come to £7m at most
    return [
        FundingStream(
            partnership_id=pid, year=year, name=name, kind=kind, amount=pounds_k(amount), **extra
        )
        for (name, kind, _, extra), amount in zip(drawn, amounts, strict=True)
    ]


def _tree(rng: random.Random, allocated: int, ring_fence: FundingStream | None) -> list[NodeSpec]:
    fenced = int(ring_fence.amount / K) if ring_fence else 0
    outcomes = list(OUTCOMES)
    fenced_under = rng.randrange(len(outcomes))
    nodes: list[NodeSpec] = []
    for n, (outcome, share) in enumerate(
        zip(outcomes, split_total(rng, allocated - fenced, len(outcomes), 400), strict=True)
    ):
        names = rng.sample(OUTCOMES[outcome], rng.randint(2, 5))
        children: list[NodeSpec] = []
        for m, (name, amount) in enumerate(
            zip(names, split_total(rng, share, len(names), 100), strict=True)
        ):
            path = (outcome, name)
            if rng.random() < 0.3:
                parts = rng.sample(PROGRAMMES, rng.randint(2, 3))
                children.append(NodeSpec(path, NodeLevel.WORKSTREAM, m, stated=amount))
                children += [
                    NodeSpec((*path, part), NodeLevel.PROGRAMME, k, amount=value)
                    for k, (part, value) in enumerate(
                        zip(parts, split_total(rng, amount, len(parts), 30), strict=True)
                    )
                ]
            else:
                children.append(NodeSpec(path, NodeLevel.WORKSTREAM, m, amount=amount))
        if ring_fence is not None and n == fenced_under:
            fence = NodeSpec((outcome, ring_fence.purpose), NodeLevel.WORKSTREAM, len(names))
            fence.amount, fence.ring_fence = fenced, ring_fence.name
            children.append(fence)
        stated = share + (fenced if ring_fence is not None and n == fenced_under else 0)
        nodes += [NodeSpec((outcome,), NodeLevel.OUTCOME, n, stated=stated), *children]
    return nodes


def _money(rng: random.Random, spec: YearSpec, year: int) -> None:
    """20 to 40 commitments on leaves (never over a leaf's amount), then 10 to 30 spend records
    (never over what the leaf has committed), dated in the year."""
    start, end = financial_year_bounds(year)
    left = {n.path: n.amount * 1000 for n in spec.nodes if n.amount is not None}
    unspent: dict[Path, int] = defaultdict(int)
    first: dict[Path, datetime.date] = {}
    for number in range(1, rng.randint(20, 40) + 1):
        path = rng.choice(sorted(p for p, value in left.items() if value >= 5000))
        amount = max(500, int(left[path] * rng.uniform(0.05, 0.35)))
        day = day_between(rng, start, end - datetime.timedelta(days=60))
        left[path] -= amount
        unspent[path] += amount
        first[path] = min(first.get(path, day), day)
        what = f"Commitment {number:03d}: {rng.choice(SUPPLIERS).lower()}"
        spec.commitments.append((path, day, amount, what))
    for number in range(1, rng.randint(10, 30) + 1):
        open_ = sorted(p for p, value in unspent.items() if value >= 200)
        if not open_:
            break
        path = rng.choice(open_)
        amount = max(100, int(unspent[path] * rng.uniform(0.2, 0.8)))
        unspent[path] -= amount
        what = f"Invoice {number:03d}: {rng.choice(SUPPLIERS).lower()}"
        spec.spends.append((path, day_between(rng, first[path], end), amount, what))


def _draw(ctx: DemoContext) -> dict[Year, YearSpec]:
    rng = ctx.rng("programme-history:funding")
    years = list(ctx.scale.years)
    drawn: dict[Year, YearSpec] = {}
    for partnership in ctx.partnerships:
        for year in years:
            streams = _streams(rng, partnership.pk, year, year == years[0])
            total = sum(int(s.amount / K) for s in streams)
            allocated = min(total - 1, int(total * (1 - rng.uniform(*UNDER))))
            fence = next((s for s in streams if s.kind == FundingStreamKind.RING_FENCED), None)
            spec = YearSpec(streams, allocated, _tree(rng, allocated, fence))
            _money(rng, spec, year)
            drawn[(partnership.pk, year)] = spec
    return drawn


def _taken(ctx: DemoContext) -> set[Year]:
    """The partnerships and years that already have streams, a plan or an allocation."""
    found: set[Year] = set()
    for model in (FundingStream, AllocationPlan, AllocationNode):
        found |= set(
            model._default_manager.filter(partnership__in=ctx.partnerships).values_list(
                "partnership_id", "year"
            )
        )
    return found


def _node_paths(wanted: dict[Year, YearSpec]) -> dict[tuple[int, int, Path], int]:
    """(partnership pk, year, path of names) -> pk for the nodes of the years `wanted`."""
    rows = AllocationNode.objects.filter(
        partnership_id__in={pid for pid, _ in wanted}, year__in={year for _, year in wanted}
    ).values_list("pk", "partnership_id", "year", "parent_id", "name")
    by_pk = {pk: (parent, name) for pk, _, _, parent, name in rows}

    def path(pk: int) -> Path:
        parent, name = by_pk[pk]
        return (*path(parent), name) if parent is not None else (name,)

    return {(pid, year, path(pk)): pk for pk, pid, year, _, _ in rows if (pid, year) in wanted}


def _write_tree(wanted: dict[Year, YearSpec], fences: dict[tuple[int, int, str], int]) -> dict:
    paths: dict[tuple[int, int, Path], int] = {}
    for depth in (1, 2, 3):
        create_missing(
            AllocationNode,
            (
                AllocationNode(
                    partnership_id=pid,
                    year=year,
                    parent_id=paths[(pid, year, node.path[:-1])] if depth > 1 else None,
                    name=node.path[-1],
                    level=node.level,
                    amount=pounds_k(node.amount) if node.amount is not None else None,
                    stated_total=pounds_k(node.stated) if node.stated is not None else None,
                    order=node.order,
                    ring_fence_id=fences.get((pid, year, node.ring_fence)),
                )
                for (pid, year), spec in wanted.items()
                for node in spec.nodes
                if len(node.path) == depth
            ),
            ("partnership_id", "year", "parent_id", "name"),
        )
        paths = _node_paths(wanted)
    return paths


def funding_history(ctx: DemoContext) -> None:
    """Every partnership's funding, allocation, commitments and spend for each year of the scale
    that has none yet."""
    drawn = _draw(ctx)
    taken = _taken(ctx)
    wanted = {key: spec for key, spec in drawn.items() if key not in taken}
    if not wanted:
        return
    streams = [stream for spec in wanted.values() for stream in spec.streams]
    create_missing(FundingStream, streams, ("partnership_id", "year", "name"))
    fences = {
        (pid, year, name): pk
        for pk, pid, year, name in FundingStream.objects.filter(
            partnership_id__in={pid for pid, _ in wanted}, kind=FundingStreamKind.RING_FENCED
        ).values_list("pk", "partnership_id", "year", "name")
    }
    plans = [
        AllocationPlan(
            partnership_id=pid,
            year=year,
            title=f"Approved programme {financial_year_label(year)}",
            status=PlanStatus.APPROVED,
            approved_on=financial_year_bounds(year)[0] - datetime.timedelta(days=1),
            stated_grand_total=pounds_k(spec.allocated),
        )
        for (pid, year), spec in wanted.items()
    ]
    create_missing(AllocationPlan, plans, ("partnership_id", "year"))
    paths = _write_tree(wanted, fences)
    for model, attribute in ((Commitment, "commitments"), (Spend, "spends")):
        rows = [
            model(
                node_id=paths[(pid, year, path)], date=day, amount=Decimal(amount), description=what
            )
            for (pid, year), spec in wanted.items()
            for path, day, amount, what in getattr(spec, attribute)
        ]
        create_missing(model, rows, ("node_id", "description"))
