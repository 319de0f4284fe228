"""Efficiency programmes over the API, mounted at /api/v1/efficiency, with the pages' rules.

Programmes are reached through `efficiency.access` (404 to those who may not see one, 403 to those
who lack the role): a partnership's programmes, one programme with its targets (yearly and
cumulative), deadlines, participants and baselines, and the dashboard figures as JSON (the same
`programme_dashboard` the page shows). A body's gains register is in `api_gains.py`, its returns
in `api_returns.py`. Lists are paginated (`limit`, `offset`; `count` and `items`).
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from ninja import Router
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.efficiency import selectors
from vfmhub.efficiency.access import programme_for_user
from vfmhub.efficiency.api_gains import router as gains_router
from vfmhub.efficiency.api_returns import router as returns_router
from vfmhub.efficiency.api_schemas import DashboardOut, ProgrammeDetailOut, ProgrammeOut
from vfmhub.efficiency.calculations import round_percent
from vfmhub.efficiency.dashboard import programme_dashboard
from vfmhub.efficiency.models import Baseline, EfficiencyProgramme, ReturnKind
from vfmhub.lib import clock
from vfmhub.lib.years import FinancialYear
from vfmhub.organisations.access import organisation_for_user, partnership_for_user

router = Router(tags=["efficiency"])


@router.get(
    "/partnerships/{int:partnership_id}/programmes",
    response=list[ProgrammeOut],
    summary="A partnership's efficiency programmes (its readers)",
)
@paginate(Pagination)
def list_partnership_programmes(request, partnership_id: int):
    access = partnership_for_user(request.user, partnership_id)
    return selectors.programmes_for_partnership(access.partnership).order_by("-first_year", "pk")


@router.get(
    "/organisations/{int:organisation_id}/programmes",
    response=list[ProgrammeOut],
    summary="The programmes an organisation takes part in (its readers)",
)
@paginate(Pagination)
def list_organisation_programmes(request, organisation_id: int):
    access = organisation_for_user(request.user, organisation_id)
    programmes = selectors.programmes_for_organisation(access.organisation)
    return programmes.order_by("-first_year", "pk")


def _detail(programme: EfficiencyProgramme) -> EfficiencyProgramme:
    """The programme with its targets, deadlines, participants and baselines (five queries)."""
    targets = list(programme.year_targets.order_by("year"))
    cumulative = selectors.cumulative_targets(programme, targets)
    baselines: dict[int, list[Baseline]] = defaultdict(list)
    for baseline in Baseline.objects.filter(programme=programme).order_by("kind"):
        baselines[baseline.organisation_id].append(baseline)
    participants = programme.participants.select_related("organisation")
    detail = programme
    detail.targets = [  # type: ignore[attr-defined]
        {
            "year": t.year,
            "percent": t.percent,
            "cumulative_percent": round_percent(cumulative[t.year]),
        }
        for t in targets
    ]
    detail.deadlines_out = list(programme.deadlines.all())  # type: ignore[attr-defined]
    detail.participants_out = [  # type: ignore[attr-defined]
        {
            "organisation_id": p.organisation_id,
            "name": p.organisation.name,
            "body_type": p.organisation.body_type,
            "carry_forward": p.carry_forward,
            "carry_forward_source": p.carry_forward_source,
            "baselines": baselines.get(p.organisation_id, []),
            "baseline_total": selectors.baseline_amount(baselines.get(p.organisation_id, [])),
        }
        for p in participants
    ]
    detail.categories_out = [  # type: ignore[attr-defined]
        {"id": pk, "name": name} for pk, name in programme.categories.values_list("pk", "name")
    ]
    return detail


class _DetailOut(ProgrammeDetailOut):
    @staticmethod
    def resolve_deadlines(obj) -> list:
        return obj.deadlines_out

    @staticmethod
    def resolve_participants(obj) -> list:
        return obj.participants_out

    @staticmethod
    def resolve_categories(obj) -> list:
        return obj.categories_out


@router.get(
    "/programmes/{int:programme_id}",
    response=_DetailOut,
    summary="A programme: targets (yearly and cumulative), deadlines, participants, baselines",
)
def get_programme(request, programme_id: int):
    programme, _ = programme_for_user(request.user, programme_id)
    return _detail(programme)


@router.get(
    "/programmes/{int:programme_id}/dashboard",
    response=DashboardOut,
    summary="The dashboard figures: returns received and missing, Green/Amber/Red by year, "
    "achieved against target, bodies below a threshold (% of baseline)",
)
def get_dashboard(
    request,
    programme_id: int,
    year: FinancialYear | None = None,
    kind: ReturnKind = ReturnKind.FORECAST,
    threshold: Decimal | None = None,
    today: datetime.date | None = None,
):
    """`year` defaults to the latest with returns; `today` (default: today) sets late/overdue."""
    programme, _ = programme_for_user(request.user, programme_id)
    return programme_dashboard(
        programme,
        year=year,
        kind=kind,
        threshold=threshold,
        today=today or clock.today(),
    )


router.add_router("", gains_router)
router.add_router("", returns_router)
