"""What the club pages and endpoints list, with the one visibility rule in one place.

A user sees a value when it is their own body's (any status), or when its window has closed and
it was submitted. Group statistics are computed only from submitted values of a closed window:
the values every member sees, so a provisional value never moves a median or a count."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from vfmhub.accounts.models import User
from vfmhub.benchmarking.access.club import ClubAccess, readable_clubs_filter
from vfmhub.benchmarking.calculations.distribution import Distribution, distribution
from vfmhub.benchmarking.models import (
    Club,
    ClubMeasure,
    ClubMember,
    ClubValue,
    ClubValueStatus,
    ClubWindow,
)


def clubs_for_user(user: User) -> QuerySet[Club]:
    return (
        Club.objects.filter(readable_clubs_filter(user))
        .select_related("partnership")
        .annotate(
            member_count=Count("members", filter=Q(members__left__isnull=True), distinct=True),
            measure_count=Count("measures", distinct=True),
        )
        .order_by("name", "pk")
    )


def window_label(window: ClubWindow) -> str:
    """Such as "2026/27 quarter 2"."""
    return f"{window.year}/{(window.year + 1) % 100:02d} quarter {window.quarter}"


def quarter_dates(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """A quarter of the financial year starting in April of `year`: its first and last day."""
    first_month = 4 + 3 * (quarter - 1)
    start = datetime.date(year + (first_month - 1) // 12, (first_month - 1) % 12 + 1, 1)
    after_month = first_month + 3
    after = datetime.date(year + (after_month - 1) // 12, (after_month - 1) % 12 + 1, 1)
    return start, after - datetime.timedelta(days=1)


def window_is_closed(window: ClubWindow, today: datetime.date) -> bool:
    return today > window.closes


def window_is_open(window: ClubWindow, today: datetime.date) -> bool:
    return window.opens <= today <= window.closes


def window_state(window: ClubWindow, today: datetime.date) -> str:
    if window_is_closed(window, today):
        return "Closed"
    return "Open" if window_is_open(window, today) else "Not open yet"


def club_measures(club: Club) -> list[ClubMeasure]:
    return list(club.measures.order_by("position", "code"))


def club_windows(club: Club) -> list[ClubWindow]:
    return list(club.windows.order_by("-year", "-quarter"))


def club_members(club: Club) -> list[ClubMember]:
    return list(club.members.select_related("organisation").order_by("organisation__name"))


def latest_closed_window(club: Club, today: datetime.date) -> ClubWindow | None:
    return club.windows.filter(closes__lt=today).order_by("-closes", "-year", "-quarter").first()


def visible_values(
    access: ClubAccess, window: ClubWindow, today: datetime.date
) -> QuerySet[ClubValue]:
    """The window's values `access`'s user may see (the module's rule)."""
    seen = Q(organisation_id__in=access.own_ids)
    if window_is_closed(window, today):
        seen |= Q(status=ClubValueStatus.SUBMITTED)
    return (
        ClubValue.objects.filter(window=window, measure__club=access.club)
        .filter(seen)
        .select_related("organisation", "measure")
        .order_by("measure__position", "measure__code", "organisation__name", "pk")
    )


@dataclass(frozen=True)
class MeasureTable:
    measure: ClubMeasure
    rows: list[ClubValue]
    stats: Distribution | None

    @property
    def submitted_count(self) -> int:
        return self.stats.n if self.stats else 0


def window_tables(
    access: ClubAccess, window: ClubWindow, measures: list[ClubMeasure], today: datetime.date
) -> list[MeasureTable]:
    """Per measure: the values the user may see, and the statistics of the shared ones."""
    by_measure: dict[int, list[ClubValue]] = {m.pk: [] for m in measures}
    for value in visible_values(access, window, today):
        by_measure.setdefault(value.measure_id, []).append(value)
    closed = window_is_closed(window, today)
    tables = []
    for measure in measures:
        rows = by_measure.get(measure.pk, [])
        shared: list[Decimal] = [
            v.value for v in rows if closed and v.status == ClubValueStatus.SUBMITTED
        ]
        tables.append(MeasureTable(measure, rows, distribution(shared, None)))
    return tables


def own_values(window: ClubWindow, member: ClubMember) -> dict[int, ClubValue]:
    """The body's values in a window by measure id (its own page: any status)."""
    rows = ClubValue.objects.filter(
        window=window, organisation_id=member.organisation_id, measure__club_id=member.club_id
    )
    return {row.measure_id: row for row in rows}
