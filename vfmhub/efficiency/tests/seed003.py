"""Seed 003's situation as test data: LALAT's NI 179 programme, 13 participating bodies, and the
seven forecast returns for 2009/10 with their Green/Amber/Red forecasts (§5 of the 2008/09 review).

Built directly with the ORM so the dashboard, import, export and chase tests do not depend on the
order services are written in.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from vfmhub.efficiency.models import (
    Baseline,
    EfficiencyProgramme,
    EfficiencyReturn,
    Participant,
    ReturnDeadline,
    ReturnKind,
    ReturnRating,
    ReturnStatus,
    YearTarget,
)
from vfmhub.lib import clock
from vfmhub.organisations.models import BodyType, Organisation, PartnershipMember
from vfmhub.testing import Personas

# name, GSS code, body type, baseline £m; (value as % of baseline, 2009, 2010, 2011 ratings)
RETURNED = {
    "Leicester City Council": ("E06000016", BodyType.UNITARY, 300, ("3.2", "A", "A", "A")),
    "Leicestershire Police Authority": (None, BodyType.POLICE, 180, ("3.0", "A", "A", "A")),
    "Hinckley and Bosworth Borough Council": (
        "E07000132",
        BodyType.DISTRICT,
        20,
        ("3.1", "A", "A", "A"),
    ),
    "North West Leicestershire District Council": (
        "E07000134",
        BodyType.DISTRICT,
        20,
        ("3.4", "A", "A", "A"),
    ),
    "Oadby and Wigston Borough Council": (
        "E07000135",
        BodyType.DISTRICT,
        10,
        ("1.5", "A", "R", "R"),
    ),
    "Melton Borough Council": ("E07000133", BodyType.DISTRICT, 10, ("2.0", "A", "R", "")),
    "Leicestershire County Council": ("E10000018", BodyType.COUNTY, 400, ("3.5", "R", "A", "")),
}
MISSING = {
    "Blaby District Council": ("E07000129", BodyType.DISTRICT, 20),
    "Charnwood Borough Council": ("E07000130", BodyType.DISTRICT, 30),
    "Harborough District Council": ("E07000131", BodyType.DISTRICT, 20),
    "Leicestershire Fire and Rescue Authority": (None, BodyType.FIRE, 40),
    "Leicestershire County PCT": (None, BodyType.OTHER, 600),
    "Leicester City PCT": (None, BodyType.OTHER, 400),
}
DUE_ON = datetime.date(2009, 10, 31)
SUBMITTED_AT = datetime.datetime(2009, 10, 15, 12, 0, tzinfo=datetime.UTC)
MILLION = Decimal(1_000_000)


@dataclass
class Seed003:
    programme: EfficiencyProgramme
    bodies: dict[str, Organisation]
    returns: dict[str, EfficiencyReturn]


def _body(personas: Personas, name: str, code: str | None, body_type: str) -> Organisation:
    body = Organisation.objects.create(
        name=name, gss_code=code, body_type=body_type, region=personas.region
    )
    PartnershipMember.objects.create(
        partnership=personas.partnership, organisation=body, joined=datetime.date(2008, 4, 1)
    )
    return body


def make_programme(personas: Personas) -> EfficiencyProgramme:
    """The MAA's programme: 3%, 3% and 3.4% added over 2009/10 to 2011/12 (9.4%)."""
    programme = EfficiencyProgramme.objects.create(
        partnership=personas.partnership,
        name="LALAT NI 179 efficiency",
        baseline_year=2007,
        first_year=2009,
        last_year=2011,
        method="added",
    )
    for year, percent in ((2009, "3"), (2010, "3"), (2011, "3.4")):
        YearTarget.objects.create(programme=programme, year=year, percent=Decimal(percent))
    ReturnDeadline.objects.create(
        programme=programme, year=2009, kind=ReturnKind.FORECAST, due_on=DUE_ON
    )
    return programme


def participate(programme: EfficiencyProgramme, body: Organisation, baseline_m: int) -> None:
    Participant.objects.create(programme=programme, organisation=body)
    Baseline.objects.create(
        programme=programme, organisation=body, year=2007, amount=baseline_m * MILLION
    )


def submitted_return(
    programme: EfficiencyProgramme,
    body: Organisation,
    value: Decimal,
    ratings: dict[int, str],
    *,
    year: int = 2009,
    status: str = ReturnStatus.SUBMITTED,
    submitted_at: datetime.datetime | None = SUBMITTED_AT,
    version: int = 1,
    is_current: bool = True,
) -> EfficiencyReturn:
    made = EfficiencyReturn.objects.create(
        programme=programme,
        organisation=body,
        year=year,
        kind=ReturnKind.FORECAST,
        status=status,
        version=version,
        is_current=is_current,
        reported_value=value,
        submitted_at=submitted_at if status == ReturnStatus.SUBMITTED else None,
        created_at=clock.now(),
    )
    ReturnRating.objects.bulk_create(
        ReturnRating(efficiency_return=made, year=y, rating=r) for y, r in ratings.items() if r
    )
    return made


def make_seed_003(personas: Personas, *, with_returns: bool = True) -> Seed003:
    programme = make_programme(personas)
    bodies: dict[str, Organisation] = {}
    returns: dict[str, EfficiencyReturn] = {}
    for name, (code, body_type, baseline_m) in MISSING.items():
        bodies[name] = _body(personas, name, code, body_type)
        participate(programme, bodies[name], baseline_m)
    for name, (code, body_type, baseline_m, (percent, *ratings)) in RETURNED.items():
        bodies[name] = _body(personas, name, code, body_type)
        participate(programme, bodies[name], baseline_m)
        if not with_returns:
            continue
        value = baseline_m * MILLION * Decimal(percent) / 100
        returns[name] = submitted_return(
            programme, bodies[name], value, dict(zip((2009, 2010, 2011), ratings, strict=True))
        )
    return Seed003(programme, bodies, returns)
