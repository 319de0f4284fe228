"""A partnership's benchmarking as data: its members' overall scores against all bodies of the
same class on the platform, and who may be struggling; and an organisation's place view. The same
selectors and the same visibility as the pages: anyone who may read the partnership (or the
organisation) may read these, 404 to anyone else. Choices that name nothing usable fall back to
their defaults, as on the pages."""

from decimal import Decimal
from typing import Any

from ninja import Field, Query, Router, Schema

from vfmhub.assessments.forms.dashboard import DashboardForm
from vfmhub.assessments.selectors.distribution import DistributionRow
from vfmhub.benchmarking.access import benchmarking_for_user
from vfmhub.benchmarking.access.partnership import partnership_benchmarking_for_user
from vfmhub.benchmarking.selectors.groups import body_for
from vfmhub.benchmarking.selectors.partnership_scores import partnership_scores
from vfmhub.benchmarking.selectors.place import place_area, place_code_for, place_view
from vfmhub.benchmarking.selectors.struggling import struggling
from vfmhub.lib import clock
from vfmhub.lib.years import year_or_none

router = Router(tags=["benchmarking"])
PARTNERSHIP = "/benchmarking/partnerships/{int:partnership_id}"
CHOICE = 20


class ScoresQuery(Schema):
    version: str = Field("", max_length=CHOICE, description="A framework version id.")
    year: str = Field("", max_length=CHOICE, description="A financial year, such as 2008.")
    source: str = Field("", max_length=CHOICE, description="`final` or `self`.")
    shift: str = Field("", max_length=CHOICE, description="`0`, `-1` (one level lower) or `1`.")
    threshold: str = Field("", max_length=CHOICE, description="The level for the share.")


class LevelsOut(Schema):
    counts: dict[str, int]
    not_scored: int
    scored: int
    at_or_above: int
    at_or_above_share: Decimal | None


class ClassOut(Schema):
    area_class: str
    label: str
    members: LevelsOut
    platform: LevelsOut | None
    member_names: list[str]


class ScoresOut(Schema):
    version_id: int | None
    version: str
    year: int | None
    source: str
    shift: int
    threshold: int | None
    levels: list[int]
    what_is_counted: str
    classes: list[ClassOut]


def _levels(row: DistributionRow) -> LevelsOut:
    return LevelsOut(
        counts={str(k): v for k, v in row.counts.items()},
        not_scored=row.not_scored,
        scored=row.scored,
        at_or_above=row.at_or_above,
        at_or_above_share=row.at_or_above_share,
    )


@router.get(
    PARTNERSHIP + "/scores",
    response=ScoresOut,
    summary="Members' overall scores against all bodies of the same class",
)
def scores(request: Any, partnership_id: int, query: Query[ScoresQuery]) -> Any:
    access = partnership_benchmarking_for_user(request.user, partnership_id)
    today = clock.today()
    choices = {k: v for k, v in query.dict().items() if v}
    choice = DashboardForm.for_partnership(
        request.user, access.partnership, choices, today=today
    ).choice
    if choice is None:
        return ScoresOut(
            version_id=None,
            version="",
            year=None,
            source="",
            shift=0,
            threshold=None,
            levels=[],
            what_is_counted="There are no framework versions to show yet.",
            classes=[],
        )
    found = partnership_scores(
        access.partnership,
        choice.version,
        choice.year,
        today=today,
        source=choice.source,
        shift=choice.shift,
        threshold=choice.threshold,
    )
    return ScoresOut(
        version_id=choice.version.pk,
        version=choice.version.name,
        year=found.year,
        source=found.source,
        shift=found.shift,
        threshold=found.threshold,
        levels=[lv.value for lv in found.levels],
        what_is_counted=found.platform_rule,
        classes=[
            ClassOut(
                area_class=c.area_class,
                label=c.label,
                members=_levels(c.members),
                platform=_levels(c.platform) if c.platform else None,
                member_names=c.member_names,
            )
            for c in found.classes
        ],
    )


class SignalOut(Schema):
    key: str
    label: str
    figure: str
    comparison: str
    concern: bool | None = Field(description="Null: no figure to judge.")
    rule: str


class MemberSignalsOut(Schema):
    organisation_id: int
    name: str
    concerns: int
    judged: int
    signals: list[SignalOut]


class StrugglingOut(Schema):
    outturn_year: int | None
    quarter: str
    members: list[MemberSignalsOut]


@router.get(
    PARTNERSHIP + "/struggling",
    response=StrugglingOut,
    summary="Each member's signals, most signals of concern first (no composite score)",
)
def struggling_members(request: Any, partnership_id: int) -> Any:
    access = partnership_benchmarking_for_user(request.user, partnership_id)
    found = struggling(access.partnership, today=clock.today())
    return StrugglingOut(
        outturn_year=found.outturn_year,
        quarter=found.quarter_label,
        members=[
            MemberSignalsOut(
                organisation_id=m.organisation.pk,
                name=m.organisation.name,
                concerns=m.concerns,
                judged=m.judged,
                signals=[
                    SignalOut(
                        key=s.key,
                        label=s.label,
                        figure=s.figure,
                        comparison=s.comparison,
                        concern=s.concern,
                        rule=s.rule,
                    )
                    for s in m.signals
                ],
            )
            for m in found.members
        ],
    )


class PlaceQuery(Schema):
    year: str = Field("", max_length=CHOICE, description="Default: the latest year with figures.")


class PlaceBodyOut(Schema):
    gss_code: str
    name: str
    role: str


class PlaceLineOut(Schema):
    code: str
    title: str
    amounts: list[Decimal | None] = Field(description="£ thousand, in the order of `bodies`.")
    total: Decimal | None
    per_head: Decimal | None


class PlaceOut(Schema):
    gss_code: str
    name: str
    year: int | None
    years: list[int]
    population: Decimal | None
    bodies: list[PlaceBodyOut]
    lines: list[PlaceLineOut]


@router.get(
    "/benchmarking/organisations/{int:organisation_id}/place",
    response=PlaceOut,
    summary="Every body covering the organisation's area, with their spend by service",
)
def place(request: Any, organisation_id: int, query: Query[PlaceQuery]) -> Any:
    """The place of a district is its county's; of a county or a single-tier council, its own.
    A body with no place (a fire authority, a body with no GSS code) answers an empty place."""
    body = body_for(benchmarking_for_user(request.user, organisation_id).organisation)
    code = place_code_for(body.code, body.area) if body.code else None
    area = place_area(code) if code else None
    if area is None:
        return PlaceOut(
            gss_code="", name="", year=None, years=[], population=None, bodies=[], lines=[]
        )
    found = place_view(area, year_or_none(query.year))
    return PlaceOut(
        gss_code=found.code,
        name=found.name,
        year=found.year,
        years=found.years,
        population=found.population,
        bodies=[PlaceBodyOut(gss_code=b.code, name=b.name, role=b.role) for b in found.bodies],
        lines=[
            PlaceLineOut(
                code=line.code,
                title=line.title,
                amounts=list(line.amounts),
                total=line.total,
                per_head=line.per_head,
            )
            for line in found.lines
        ],
    )
