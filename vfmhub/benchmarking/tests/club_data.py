"""A club for the club tests: run by the personas' partnership, with organisation A, the county
and C (the fire authority) as members, one measure, a closed window and an open one, on
7 December 2026.

Closed window (2026/27 Q1): A submitted 10.00, the county submitted 20.00, C left 77.77
provisional. Open window (Q2): A has 12.34 provisional, C has submitted 55.55."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from vfmhub.benchmarking.models import Club, ClubMeasure, ClubMember, ClubValue, ClubWindow
from vfmhub.testing import Personas

TODAY = datetime.date(2026, 12, 7)
AFTER_OPEN_CLOSES = datetime.date(2026, 12, 22)
SECRET_PROVISIONAL = "77.77"
SECRET_SUBMITTED_EARLY = "55.55"


@dataclass
class ClubData:
    club: Club
    measure: ClubMeasure
    closed: ClubWindow
    open: ClubWindow
    member_a: ClubMember
    member_c: ClubMember
    a_open: ClubValue
    c_closed: ClubValue


def make_club(personas: Personas) -> ClubData:
    club = Club.objects.create(name="Service costs club", partnership=personas.partnership)
    county = personas.org_a.parent
    assert county is not None
    members = {
        org: ClubMember.objects.create(
            club=club, organisation=org, joined=datetime.date(2026, 4, 1)
        )
        for org in (personas.org_a, county, personas.org_c)
    }
    measure = ClubMeasure.objects.create(
        club=club,
        code="WASTE-1",
        title="Cost per household of waste collection",
        unit="£",
        polarity="lower",
        decimal_places=2,
    )
    closed = ClubWindow.objects.create(
        club=club,
        year=2026,
        quarter=1,
        opens=datetime.date(2026, 7, 1),
        closes=datetime.date(2026, 8, 11),
    )
    open_window = ClubWindow.objects.create(
        club=club,
        year=2026,
        quarter=2,
        opens=datetime.date(2026, 10, 1),
        closes=datetime.date(2026, 12, 21),
    )

    def value(window, org, amount, status):
        return ClubValue.objects.create(
            measure=measure, window=window, organisation=org, value=Decimal(amount), status=status
        )

    value(closed, personas.org_a, "10.00", "submitted")
    value(closed, county, "20.00", "submitted")
    c_closed = value(closed, personas.org_c, SECRET_PROVISIONAL, "provisional")
    a_open = value(open_window, personas.org_a, "12.34", "provisional")
    value(open_window, personas.org_c, SECRET_SUBMITTED_EARLY, "submitted")
    return ClubData(
        club=club,
        measure=measure,
        closed=closed,
        open=open_window,
        member_a=members[personas.org_a],
        member_c=members[personas.org_c],
        a_open=a_open,
        c_closed=c_closed,
    )
