"""A partnership's score distribution over the API: the numbers of its dashboard page."""

import datetime

from django.core.exceptions import ValidationError
from ninja import Router

from vfmhub.accounts.models import User
from vfmhub.assessments.api.schemas import DistributionOut
from vfmhub.assessments.selectors.dashboard import (
    assessed_version_years,
    partnership_dashboard_tables,
)
from vfmhub.assessments.selectors.distribution import SHIFTS, SOURCE_FINAL, SOURCES
from vfmhub.frameworks.access import version_for_user
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib import clock
from vfmhub.lib.years import FinancialYear
from vfmhub.organisations.access import partnership_for_user
from vfmhub.organisations.models import Partnership

router = Router()  # joins the assessments router, which tags its operations

SOURCE_UNKNOWN = "Choose a source: {choices}."
SHIFT_UNKNOWN = "Choose a shift of {choices}."
NOTHING_ASSESSED = (
    "No member has results the partnership can see yet: give version_id and year to choose."
)


def _version_and_year(
    user: User,
    partnership: Partnership,
    version_id: int | None,
    year: int | None,
    today: datetime.date,
) -> tuple[FrameworkVersion, int]:
    """The version and year asked for; by default the latest year with results (as the page)."""
    if version_id is not None and year is not None:
        return version_for_user(user, version_id), year
    latest = assessed_version_years(partnership, today)
    if version_id is None:
        if not latest:
            raise ValidationError({"version_id": NOTHING_ASSESSED})
        version_id = max(latest, key=lambda pk: (latest[pk], pk))
    version = version_for_user(user, version_id)
    if year is None:
        year = latest.get(version.pk, version.first_year)
    return version, year


def _check_choices(source: str, shift: int) -> None:
    if source not in SOURCES:
        raise ValidationError({"source": SOURCE_UNKNOWN.format(choices=", ".join(SOURCES))})
    if shift not in SHIFTS:
        choices = ", ".join(str(s) for s in sorted(SHIFTS))
        raise ValidationError({"shift": SHIFT_UNKNOWN.format(choices=choices)})


@router.get(
    "/partnerships/{int:partnership_id}/distribution",
    response=DistributionOut,
    summary="Members' scores per criterion, theme and overall, and progress against targets",
)
def partnership_distribution(
    request,
    partnership_id: int,
    version_id: int | None = None,
    year: FinancialYear | None = None,
    source: str = SOURCE_FINAL,
    shift: int = 0,
    threshold: int | None = None,
):
    """Without `version_id` and `year`: the latest year in which the partnership can see results.
    `shift` (−1, 0 or 1) moves every score a level: the projection control of the page."""
    access = partnership_for_user(request.user, partnership_id)
    _check_choices(source, shift)
    today = clock.today()
    version, year = _version_and_year(request.user, access.partnership, version_id, year, today)
    distribution, targets, _ = partnership_dashboard_tables(
        access.partnership,
        version,
        year,
        source=source,
        today=today,
        shift=shift,
        threshold=threshold,
    )
    return {
        "partnership_id": access.partnership.pk,
        "version_id": version.pk,
        **distribution.as_dict(),
        "targets": [{**vars(t), "status": t.status} for t in targets],
    }
