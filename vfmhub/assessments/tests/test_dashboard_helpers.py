"""Set-up shared by the dashboard and target tests (this module holds no tests).

`dashboard_scenario` builds the worked example the tests count by hand: five members of the
personas' partnership assessed by their auditors for Use of Resources 2008/09 (final, published),
one member not assessed, and bodies outside the year's membership that must not be counted.

    member (body type)          1.1  1.2   3.2  theme 1  overall
    Ashby (district)             2    1    (4)*    2        2
    Carrow Fire (fire)           3    –     –      3        3
    Dunton (district)            1    –     –      2        2
    Elmswell (district)          3  blank   –      3        4
    Northmoor County (county)    4    –     3      3        3
    Fenby (district)            not assessed

    * recorded, but 3.2 does not apply to districts in 2008/09, so it is not counted.
"""

import datetime
from dataclasses import dataclass

from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    RolledUpScore,
    Score,
    ScoreStage,
)
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.organisations.models import BodyType, Organisation, Partnership, PartnershipMember

YEAR = 2008
JOINED = datetime.date(2008, 4, 1)


def uor_version(code: str = "2008-09") -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__code="use-of-resources", code=code)


def add_member(
    partnership: Partnership,
    name: str,
    body_type: str = BodyType.DISTRICT,
    *,
    joined: datetime.date = JOINED,
    left: datetime.date | None = None,
) -> Organisation:
    organisation = Organisation.objects.create(name=name, body_type=body_type)
    PartnershipMember.objects.create(
        partnership=partnership, organisation=organisation, joined=joined, left=left
    )
    return organisation


def assess(
    organisation: Organisation,
    version: FrameworkVersion,
    *,
    kind: str = AssessmentKind.AUDITOR,
    status: str = AssessmentStatus.PUBLISHED,
    year: int = YEAR,
    publish_on: datetime.date | None = None,
    stage: str | None = None,
    criteria: dict[str, int | None] | None = None,
    themes: dict[str, int | None] | None = None,
    overall: int | None = None,
) -> Assessment:
    """An assessment with score rows at `stage` (final for an auditor, else assessed)."""
    assessment = Assessment.objects.create(
        organisation=organisation,
        version=version,
        year=year,
        kind=kind,
        status=status,
        publish_on=publish_on,
    )
    add_scores(assessment, stage=stage, criteria=criteria, themes=themes, overall=overall)
    return assessment


def add_scores(
    assessment: Assessment,
    *,
    stage: str | None = None,
    criteria: dict[str, int | None] | None = None,
    themes: dict[str, int | None] | None = None,
    overall: int | None = None,
) -> None:
    version = assessment.version
    if stage is None:
        stage = (
            ScoreStage.FINAL if assessment.kind == AssessmentKind.AUDITOR else ScoreStage.ASSESSED
        )
    for code, value in (criteria or {}).items():
        Score.objects.create(
            assessment=assessment,
            criterion=version.criteria.get(code=code),
            stage=stage,
            value=value,
        )
    for code, value in (themes or {}).items():
        RolledUpScore.objects.create(
            assessment=assessment, stage=stage, theme=version.themes.get(code=code), value=value
        )
    if overall is not None:
        RolledUpScore.objects.create(assessment=assessment, stage=stage, value=overall)


@dataclass
class Scenario:
    version: FrameworkVersion
    partnership: Partnership
    county: Organisation
    ashby: Organisation
    carrow: Organisation
    dunton: Organisation
    elmswell: Organisation
    fenby: Organisation


def dashboard_scenario(personas) -> Scenario:
    version = uor_version()
    partnership = personas.partnership
    county = Organisation.objects.get(name="Northmoor County Council")
    dunton = add_member(partnership, "Dunton District Council")
    elmswell = add_member(partnership, "Elmswell District Council", left=datetime.date(2008, 10, 1))
    fenby = add_member(partnership, "Fenby District Council")
    assess(county, version, criteria={"1.1": 4, "3.2": 3}, themes={"1": 3}, overall=3)
    assess(
        personas.org_a, version, criteria={"1.1": 2, "1.2": 1, "3.2": 4}, themes={"1": 2}, overall=2
    )
    assess(personas.org_c, version, criteria={"1.1": 3}, themes={"1": 3}, overall=3)
    assess(
        dunton,
        version,
        status=AssessmentStatus.FINAL,
        criteria={"1.1": 1},
        themes={"1": 2},
        overall=2,
    )
    assess(elmswell, version, criteria={"1.1": 3, "1.2": None}, themes={"1": 3}, overall=4)
    _outside_the_year(partnership, version)
    return Scenario(
        version=version,
        partnership=partnership,
        county=county,
        ashby=personas.org_a,
        carrow=personas.org_c,
        dunton=dunton,
        elmswell=elmswell,
        fenby=fenby,
    )


def _outside_the_year(partnership: Partnership, version: FrameworkVersion) -> None:
    """Bodies with final scores that were not members in 2008/09, and a non-member."""
    gone = add_member(
        partnership,
        "Gone District Council",
        joined=datetime.date(2005, 4, 1),
        left=datetime.date(2008, 3, 31),
    )
    late = add_member(partnership, "Late District Council", joined=datetime.date(2009, 4, 1))
    outside = Organisation.objects.create(
        name="Outside District Council", body_type=BodyType.DISTRICT
    )
    for organisation in (gone, late, outside):
        assess(organisation, version, criteria={"1.1": 4}, themes={"1": 4}, overall=4)
