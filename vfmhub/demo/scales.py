"""The sizes `vfmhub generate --scale` builds. Every body in a scale is invented."""

from dataclasses import dataclass

from vfmhub.organisations.models import OrganisationRole

FIRST_YEAR = 2008
LAST_YEAR = 2017


@dataclass(frozen=True)
class RegionShape:
    """What one invented region holds."""

    counties: int = 0
    districts_per_county: tuple[int, int] = (0, 0)  # inclusive range, drawn per county
    unitaries: int = 0
    new_unitaries: int = 0  # of the unitaries, how many were formed on 1 April 2009
    metropolitan: int = 0
    london_boroughs: int = 0
    fire: int = 0
    police: int = 0


@dataclass(frozen=True)
class Scale:
    name: str
    regions: tuple[RegionShape, ...]
    # Roles a generated person holds at every body (the demo home body has the fixed sign-ins).
    roles_per_body: tuple[str, ...]
    # Every body gets auditor appointments over the years (not only the home body).
    auditor_history: bool
    years: tuple[int, ...] = tuple(range(FIRST_YEAR, LAST_YEAR + 1))


DEMO_REGION = RegionShape(
    counties=4, districts_per_county=(8, 10), unitaries=8, new_unitaries=1, fire=1
)

# Nine regions shaped like England's (a London, two metropolitan north-western and
# north-eastern, shire south-east), about 400 bodies in all.
NATIONAL_REGIONS = (
    RegionShape(
        counties=4, districts_per_county=(6, 9), unitaries=6, new_unitaries=1, fire=4, police=3
    ),
    RegionShape(unitaries=7, new_unitaries=1, metropolitan=5, fire=2, police=3),
    RegionShape(
        counties=2,
        districts_per_county=(6, 8),
        unitaries=8,
        new_unitaries=2,
        metropolitan=10,
        fire=4,
        police=4,
    ),
    RegionShape(
        counties=1, districts_per_county=(7, 8), unitaries=5, metropolitan=9, fire=3, police=4
    ),
    RegionShape(counties=4, districts_per_county=(6, 9), unitaries=9, fire=4, police=5),
    RegionShape(
        counties=3,
        districts_per_county=(5, 8),
        unitaries=4,
        new_unitaries=1,
        metropolitan=7,
        fire=3,
        police=4,
    ),
    RegionShape(london_boroughs=33, fire=1, police=1),
    RegionShape(counties=7, districts_per_county=(7, 11), unitaries=12, fire=6, police=4),
    RegionShape(
        counties=3, districts_per_county=(5, 8), unitaries=10, new_unitaries=2, fire=5, police=5
    ),
)

EVERY_ROLE = (OrganisationRole.MANAGER, OrganisationRole.EDITOR, OrganisationRole.VIEWER)

SCALES = {
    "demo": Scale(
        name="demo",
        regions=(DEMO_REGION,),
        roles_per_body=(OrganisationRole.MANAGER,),
        auditor_history=False,
    ),
    "region": Scale(
        name="region",
        regions=NATIONAL_REGIONS[:1],
        roles_per_body=EVERY_ROLE,
        auditor_history=True,
    ),
    "national": Scale(
        name="national",
        regions=NATIONAL_REGIONS,
        roles_per_body=EVERY_ROLE,
        auditor_history=True,
    ),
}
