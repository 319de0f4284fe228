"""A year's allocation list at any size, shaped like seed 001's (bench data: no real allocation
has 100,000 lines): an "Item, £k" CSV whose depth is the name's leading spaces, ten outcomes of a
hundred workstreams each and programmes under those, amounts in £k written as a finance officer
types them ("1,250", "£75", "12.5"), a "Total <outcome>" row after each outcome, some workstreams
stating their own total on their row, and a GRAND TOTAL."""

import csv
import random
from decimal import Decimal
from pathlib import Path

OUTCOMES = (
    "Performance",
    "LSPs/LAAs",
    "Efficiency",
    "Skills and capacity",
    "Housing and Planning",
    "Children and young people",
    "Adult social care",
    "Safer communities",
    "Climate change",
    "Customer access",
)
THEMES = (
    "Menu of Support",
    "Use of Resources",
    "Innovation Fund",
    "Partnership Support",
    "Equalities",
    "Member development",
    "Procurement",
    "Shared services",
    "Transformation",
    "Data and insight",
)
WORKSTREAMS = 100


def prepare() -> dict:
    from bench.measure import bench_ids
    from vfmhub.accounts.models import User
    from vfmhub.demo.personas import ACCOUNT
    from vfmhub.programme.models import AllocationNode, AllocationPlan

    manager = User.objects.get(email=ACCOUNT["partnership_manager"].email)
    partnership = bench_ids()["partnership"]
    used = {
        *AllocationPlan.objects.filter(partnership_id=partnership).values_list("year", flat=True),
        *AllocationNode.objects.filter(partnership_id=partnership).values_list("year", flat=True),
    }
    year = max([2010, *(y + 1 for y in used)])  # a year with no allocation yet
    return {"partnership": partnership, "year": year, "user": manager.pk}


def _amount(rng: random.Random, pounds_k: Decimal) -> str:
    text = f"{pounds_k:,}" if rng.random() < 0.5 else str(pounds_k)
    return f"£{text}" if rng.random() < 0.2 else text


def allocation_rows(rows: int, seed: int = 2012):
    """About `rows` rows (outcome, workstream, programme and total rows) of the list."""
    rng = random.Random(seed)
    fixed = len(OUTCOMES) * (2 + WORKSTREAMS) + 1
    programmes = max(1, rows - fixed)
    per_workstream, extra = divmod(programmes, len(OUTCOMES) * WORKSTREAMS)
    grand = Decimal(0)
    for o, outcome in enumerate(OUTCOMES):
        yield [outcome, ""]
        outcome_total = Decimal(0)
        for w in range(WORKSTREAMS):
            count = per_workstream + (1 if o * WORKSTREAMS + w < extra else 0)
            amounts = [
                Decimal(rng.randrange(5, 2000)) / rng.choice((1, 2, 4)) for _ in range(count)
            ]
            stated = sum(amounts, Decimal(0))
            name = f"{THEMES[w % len(THEMES)]} {o + 1}.{w + 1:03d}"
            yield [f"  {name}", _amount(rng, stated) if rng.random() < 0.3 else ""]
            for p, amount in enumerate(amounts, start=1):
                bullet = "• " if rng.random() < 0.1 else ""
                yield [f"    {bullet}Programme {o + 1}.{w + 1:03d}.{p:03d}", _amount(rng, amount)]
            outcome_total += stated
        yield [f"Total {outcome}", _amount(rng, outcome_total)]
        grand += outcome_total
    yield ["GRAND TOTAL", _amount(rng, grand)]


def write_file(folder: Path, rows: int, context: dict) -> Path:
    path = folder / "allocation.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Item", "£k"])
        writer.writerows(allocation_rows(rows))
    return path


def run(path: Path, context: dict, dry_run: bool) -> dict:
    from vfmhub.accounts.models import User
    from vfmhub.organisations.models import Partnership
    from vfmhub.programme.importing.funding import allocation_import

    draft = allocation_import(
        path.read_bytes(),
        path.name,
        partnership=Partnership.objects.get(pk=context["partnership"]),
        year=context["year"],
        acting_user=User.objects.get(pk=context["user"]),
        dry_run=dry_run,
    )
    return {
        "nodes": len(draft.nodes),
        "created": draft.created,
        "updated": draft.updated,
        "deleted": draft.deleted,
        "unchanged": draft.unchanged,
        "checks": len(draft.checks),
        "errors": len(draft.errors),
        "first_errors": draft.errors[:3],
    }
