"""Generator step: a benchmarking club run by the demo council's partnership (order 840).

The club holds the partnership's current members and five measures a council benchmarks
quarterly. It has a window for each of the last four quarters, all closed, in which most members
submitted their values, some left theirs provisional and a few entered nothing; and the window of
the quarter just ended, open, in which about half the members have entered values, the demo
council's still provisional. Each member's values sit around the measure's level by a factor of
its own, so the spread looks like a real group's. Rows are written directly, as every generated
row is (the history pages start empty); a second run writes nothing."""

import datetime
from decimal import Decimal

from vfmhub.benchmarking.models import (
    Club,
    ClubMeasure,
    ClubMember,
    ClubValue,
    ClubValueStatus,
    ClubWindow,
)
from vfmhub.benchmarking.selectors.club import quarter_dates
from vfmhub.demo.generator import DemoContext, create_missing, demo_step
from vfmhub.demo.personas import ACCOUNT
from vfmhub.lib import clock
from vfmhub.organisations.models import PartnershipMember

CLUB_NAME = "Quarterly service costs club"
CLUB_DESCRIPTION = (
    "Members compare the cost and speed of everyday services each quarter, on definitions "
    "agreed across the partnership."
)
NO_PARTNERSHIP = "Benchmarking club: the demo council belongs to no partnership."
# code, title, definition, unit, polarity, decimal places, typical level, spread
MEASURES = (
    (
        "WASTE-1",
        "Cost per household of waste collection",
        "Net cost of household waste collection in the quarter divided by households.",
        "£",
        "lower",
        2,
        Decimal("17.50"),
        0.25,
    ),
    (
        "BEN-1",
        "Days to process new benefit claims",
        "Average calendar days from a new housing benefit claim to its decision.",
        "days",
        "lower",
        1,
        Decimal("19.0"),
        0.3,
    ),
    (
        "PLAN-1",
        "Major planning applications decided in 13 weeks",
        "Share of major applications decided within 13 weeks or an agreed extension.",
        "%",
        "higher",
        1,
        Decimal("84.0"),
        0.08,
    ),
    (
        "TAX-1",
        "Council tax collected in the quarter",
        "Council tax received as a share of the year's net collectable debit.",
        "%",
        "higher",
        1,
        Decimal("27.5"),
        0.04,
    ),
    (
        "SICK-1",
        "Working days lost to sickness per employee",
        "Days lost to sickness absence in the quarter per full-time equivalent employee.",
        "days",
        "lower",
        2,
        Decimal("2.40"),
        0.2,
    ),
)
PAST_WINDOWS = 4
SHARE_SUBMITTED = 0.8
SHARE_PROVISIONAL = 0.1
SHARE_ENTERED_OPEN = 0.5


def quarter_ending_before(day: datetime.date) -> tuple[int, int]:
    """The financial year and quarter of the last quarter to end before `day`."""
    year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def _earlier(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def window_plan(today: datetime.date) -> list[tuple[int, int, datetime.date, datetime.date]]:
    """The open window (the quarter just ended: open from the day after it ended until two weeks
    from today at least) and the four before it, each closed six weeks after it opened."""
    year, quarter = quarter_ending_before(today)
    opens = quarter_dates(year, quarter)[1] + datetime.timedelta(days=1)
    plan = [
        (
            year,
            quarter,
            opens,
            max(opens + datetime.timedelta(days=60), today + datetime.timedelta(days=14)),
        )
    ]
    for _ in range(PAST_WINDOWS):
        year, quarter = _earlier(year, quarter)
        opens = quarter_dates(year, quarter)[1] + datetime.timedelta(days=1)
        plan.append((year, quarter, opens, opens + datetime.timedelta(days=41)))
    return plan


@demo_step(
    order=840,
    label="Benchmarking club",
    models=(Club, ClubMember, ClubMeasure, ClubWindow, ClubValue),
)
def benchmarking_club(ctx: DemoContext) -> None:
    home_member = (
        PartnershipMember.objects.filter(organisation=ctx.home, left__isnull=True)
        .select_related("partnership")
        .first()
    )
    if home_member is None:
        print(NO_PARTNERSHIP)
        return
    partnership = home_member.partnership
    manager = ctx.users.get(ACCOUNT["partnership_manager"].email)
    club = Club.objects.filter(partnership=partnership, name=CLUB_NAME).first()
    if club is None:
        club = Club.objects.create(
            partnership=partnership,
            name=CLUB_NAME,
            description=CLUB_DESCRIPTION,
            created_by=manager,
        )
    today = clock.today()
    plan = window_plan(today)
    bodies = list(
        PartnershipMember.objects.filter(partnership=partnership, left__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    joined = plan[-1][2] - datetime.timedelta(days=30)
    create_missing(
        ClubMember,
        [ClubMember(club=club, organisation=m.organisation, joined=joined) for m in bodies],
        ["club_id", "organisation_id"],
    )
    create_missing(
        ClubMeasure,
        [
            ClubMeasure(
                club=club,
                code=code,
                title=title,
                definition=definition,
                unit=unit,
                polarity=polarity,
                decimal_places=places,
                position=i,
            )
            for i, (code, title, definition, unit, polarity, places, _, _) in enumerate(MEASURES)
        ],
        ["club_id", "code"],
    )
    create_missing(
        ClubWindow,
        [ClubWindow(club=club, year=y, quarter=q, opens=o, closes=c) for y, q, o, c in plan],
        ["club_id", "year", "quarter"],
    )
    _values(ctx, club, [m.organisation for m in bodies], today)


def _values(ctx: DemoContext, club: Club, organisations: list, today: datetime.date) -> None:
    rng = ctx.rng("benchmarking-club")
    measures = {m.code: m for m in club.measures.all()}
    windows = list(club.windows.order_by("year", "quarter"))
    factors = {o.pk: {code: rng.gauss(0, 1) for code in measures} for o in organisations}
    editor = ctx.users.get(ACCOUNT["editor"].email)
    rows = []
    for window in windows:
        is_open = window.closes >= today
        for organisation in organisations:
            is_home = organisation.pk == ctx.home.pk
            status = _status(rng.random(), is_open)
            if is_home:
                status = ClubValueStatus.PROVISIONAL if is_open else ClubValueStatus.SUBMITTED
            if status is None:
                continue
            for code, _, _, _, _, places, level, spread in MEASURES:
                measure = measures.get(code)
                if measure is None:
                    continue
                wobble = factors[organisation.pk][code] * spread + rng.gauss(0, spread / 4)
                value = (level * Decimal(str(max(0.2, 1 + wobble)))).quantize(
                    Decimal(1).scaleb(-places)
                )
                rows.append(
                    ClubValue(
                        measure=measure,
                        window=window,
                        organisation=organisation,
                        value=value,
                        status=status,
                        entered_by=editor if is_home else None,
                    )
                )
    create_missing(ClubValue, rows, ["measure_id", "window_id", "organisation_id"])


def _status(draw: float, is_open: bool) -> str | None:
    """Closed windows: most submitted, some provisional, a few nothing; the open window: about
    half entered, a third of those submitted already."""
    if is_open:
        if draw >= SHARE_ENTERED_OPEN:
            return None
        return (
            ClubValueStatus.SUBMITTED
            if draw < SHARE_ENTERED_OPEN / 3
            else (ClubValueStatus.PROVISIONAL)
        )
    if draw < SHARE_SUBMITTED:
        return ClubValueStatus.SUBMITTED
    return ClubValueStatus.PROVISIONAL if draw < SHARE_SUBMITTED + SHARE_PROVISIONAL else None
