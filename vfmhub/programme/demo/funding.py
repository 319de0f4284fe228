"""Demo step: seed 001's 2009 funding and allocation for the demo partnership.

£13m of funding (carry forward £0.5m, uncommitted from last year £3.5m, year grant £7.0m, capital
fund £2.0m) and an approved allocation tree of £12,922k: the Performance and LSPs/LAAs blocks as
seed 001 lists them, then Efficiency, Skills and Capacity and Other, leaving £78k unallocated.
The tree goes through the allocation importer, so its stated totals are kept and checked.
Idempotent: nothing is added if the partnership already has funding streams for 2009.
"""

import datetime
from decimal import Decimal

from vfmhub.demo.generator import DemoContext, demo_step
from vfmhub.programme.importing.funding import allocation_import
from vfmhub.programme.models import (
    AllocationNode,
    AllocationPlan,
    FundingStream,
    FundingStreamKind,
    PlanStatus,
)

YEAR = 2009
APPROVED = datetime.date(2009, 3, 31)
STREAMS = [
    ("Building Capacity East carry forward", FundingStreamKind.CARRY_FORWARD, "0.5"),
    ("Year One uncommitted", FundingStreamKind.UNCOMMITTED, "3.5"),
    ("Year Two funding", FundingStreamKind.GRANT, "7.0"),
    ("Capital Efficiency and Transformation Fund (2008/9)", FundingStreamKind.CAPITAL, "2.0"),
]
# The lines of tests/fixtures/seed001_allocation.csv, then the remaining outcomes (£6,955k).
ALLOCATION = """Item,£k
Performance,
  Individual Authorities,1000
  Adult Social Care,1297
  Children's Services,
    14-19 Transition Programme,220
    Children's Services Programme,750
  Use of Resources,150
  Menu of Support,580
  Equalities,65
  Housing and Planning,120
  Innovation Fund,100
  Innovations Day,65
Total Performance,4347
LSPs/LAAs,
  Partnership Support,550
  LAA Outcomes,600
  CAA,270
  MAA,100
  Other LSP/LAA support,100
Total LSPs/LAAs,1620
Efficiency,4575
Skills and Capacity,1180
Other,1200
"""


@demo_step(
    order=610,
    label="Programme funding",
    models=(FundingStream, AllocationPlan, AllocationNode),
)
def programme_funding(ctx: DemoContext) -> None:
    if not ctx.partnerships:
        return
    partnership = ctx.partnerships[0]
    if FundingStream.objects.filter(partnership=partnership, year=YEAR).exists():
        return
    FundingStream.objects.bulk_create(
        [
            FundingStream(
                partnership=partnership,
                year=YEAR,
                name=name,
                kind=kind,
                amount=Decimal(millions) * 1_000_000,
            )
            for name, kind, millions in STREAMS
        ]
    )
    draft = allocation_import(
        ALLOCATION.encode(),
        "seed001_allocation.csv",
        partnership=partnership,
        year=YEAR,
        acting_user=None,
        record_history=False,  # generated data has no history
    )
    if draft.errors:
        raise ValueError(f"Demo allocation did not import: {draft.errors}")
    AllocationPlan.objects.filter(partnership=partnership, year=YEAR).update(
        title=f"Approved programme {YEAR}/{str(YEAR + 1)[2:]}",
        status=PlanStatus.APPROVED,
        approved_on=APPROVED,
    )
