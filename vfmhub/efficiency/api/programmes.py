"""A partnership's and a body's programmes, one programme with its targets (yearly and
cumulative), deadlines, participants and baselines, and the dashboard's figures as JSON (the same
`programme_dashboard` the page shows). Programmes are reached through `efficiency.access` (404 to
those who may not see one, 403 to those who lack the role). Lists are paginated (`limit`,
`offset`; `count` and `items`)."""

import datetime
from decimal import Decimal

from ninja import Router
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.efficiency.access import programme_for_user
from vfmhub.efficiency.api.schemas import DashboardOut, ProgrammeDetailOut, ProgrammeOut
from vfmhub.efficiency.models import ReturnKind
from vfmhub.efficiency.selectors.dashboard import programme_dashboard
from vfmhub.efficiency.selectors.programmes import (
    ID_ORDER,
    programme_detail,
    programmes_for_organisation,
    programmes_for_partnership,
)
from vfmhub.lib import clock
from vfmhub.lib.years import FinancialYear
from vfmhub.organisations.access import organisation_for_user, partnership_for_user

router = Router(tags=["efficiency"])


# The operation ids are pinned as published before the API became a package, so clients
# generated from the document keep their names.
@router.get(
    "/partnerships/{int:partnership_id}/programmes",
    response=list[ProgrammeOut],
    summary="A partnership's efficiency programmes (its readers)",
    operation_id="vfmhub_efficiency_api_list_partnership_programmes",
)
@paginate(Pagination)
def list_partnership_programmes(request, partnership_id: int):
    access = partnership_for_user(request.user, partnership_id)
    return programmes_for_partnership(access.partnership, ordering=ID_ORDER)


@router.get(
    "/organisations/{int:organisation_id}/programmes",
    response=list[ProgrammeOut],
    summary="The programmes an organisation takes part in (its readers)",
    operation_id="vfmhub_efficiency_api_list_organisation_programmes",
)
@paginate(Pagination)
def list_organisation_programmes(request, organisation_id: int):
    access = organisation_for_user(request.user, organisation_id)
    return programmes_for_organisation(access.organisation, ordering=ID_ORDER)


@router.get(
    "/programmes/{int:programme_id}",
    response=ProgrammeDetailOut,
    summary="A programme: targets (yearly and cumulative), deadlines, participants, baselines",
    operation_id="vfmhub_efficiency_api_get_programme",
)
def get_programme(request, programme_id: int):
    programme, _ = programme_for_user(request.user, programme_id)
    return programme_detail(programme)


@router.get(
    "/programmes/{int:programme_id}/dashboard",
    response=DashboardOut,
    summary="The dashboard figures: returns received and missing, Green/Amber/Red by year, "
    "achieved against target, bodies below a threshold (% of baseline)",
    operation_id="vfmhub_efficiency_api_get_dashboard",
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
