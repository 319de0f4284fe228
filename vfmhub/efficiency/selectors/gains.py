"""A body's gains register: the gains, filtered the same way for the page and the API, each
marked with its persistence status, and the register's cumulative value."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q, QuerySet

from vfmhub.efficiency import calculations
from vfmhub.efficiency.models import EfficiencyProgramme, Gain, Participant
from vfmhub.organisations.models import Organisation

GAIN_VALUE_FIELDS = (
    "id",
    "is_cash_releasing",
    "first_year",
    "removed_from_year",
    "persistence_confirmed_on",
    "gross_annual_value",
    "investment_cost",
    "ongoing_cost",
)
# The persistence statuses (`calculations.persistence_status`), and "in_register": not removed.
PERSISTENCE_STATUSES = ("removed", "confirmed", "due", "coming", "live")
IN_REGISTER = "in_register"


def body_gains(programme: EfficiencyProgramme, organisation: Organisation) -> QuerySet[Gain]:
    return Gain.objects.filter(programme=programme, organisation=organisation).select_related(
        "category"
    )


def persistence_filter(status: str, today: datetime.date) -> Q:
    """The gains whose persistence status on `today` is `status`, as the register words it."""
    if status == IN_REGISTER:
        return Q(removed_from_year__isnull=True)
    if status == "removed":
        return Q(removed_from_year__isnull=False)
    if status == "confirmed":
        return Q(removed_from_year__isnull=True, persistence_confirmed_on__isnull=False)
    unchecked = Q(removed_from_year__isnull=True, persistence_confirmed_on__isnull=True)
    due = Q(first_year__lte=calculations.last_first_year_due(today))
    coming_year = calculations.first_year_coming(today)
    coming = Q(first_year=coming_year) if coming_year is not None else Q(pk__in=[])
    if status == "due":
        return unchecked & due
    if status == "coming":
        return unchecked & coming
    return unchecked & ~due & ~coming


def gains_filtered(
    programme: EfficiencyProgramme,
    organisation: Organisation,
    *,
    today: datetime.date,
    year: int | None = None,
    category_id: int | None = None,
    cash: bool | None = None,
    status: str | None = None,
) -> QuerySet[Gain]:
    """The register, by first year: `year` keeps the gains counting in that year (begun, not
    removed); `status` is a persistence status or `IN_REGISTER`."""
    gains = body_gains(programme, organisation).order_by("first_year", "pk")
    if year is not None:
        gains = gains.filter(first_year__lte=year).exclude(removed_from_year__lte=year)
    if category_id is not None:
        gains = gains.filter(category_id=category_id)
    if cash is not None:
        gains = gains.filter(is_cash_releasing=cash)
    if status is not None:
        gains = gains.filter(persistence_filter(status, today))
    return gains


def with_persistence(gains: Iterable[Gain], today: datetime.date) -> list[Gain]:
    """The gains, each marked with its `persistence` status and `persistence_check_on` date."""
    marked = list(gains)
    for gain in marked:
        gain.persistence = calculations.persistence_status(gain, today)  # type: ignore[attr-defined]
        gain.persistence_check_on = calculations.persistence_check_date(gain)  # type: ignore[attr-defined]
    return marked


def register_value_for(participant: Participant, year: int) -> Decimal:
    """The register's cumulative value for a body and year, with its carry-forward."""
    return register_values(participant, [year])[0][1]


def register_values(participant: Participant, years: Iterable[int]) -> list[tuple[int, Decimal]]:
    """The register's cumulative value for each of `years`, with the carry-forward (one query)."""
    gains = list(
        Gain.objects.filter(
            programme_id=participant.programme_id, organisation_id=participant.organisation_id
        ).only(*GAIN_VALUE_FIELDS)
    )
    return [
        (year, calculations.cumulative_value(gains, year, participant.carry_forward))
        for year in years
    ]
