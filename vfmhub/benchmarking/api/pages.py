"""An organisation's benchmarking pages as data: its nearest neighbours (with the overlap with each
published list it holds for its area), one measure compared across a group, and cost against
performance. Its comparator groups (list, read, save, new version, archive) are in `api/groups.py`.

The figures come from the same selectors as the pages (`selectors/pages.py`), so the API and the
pages never disagree. Anyone who may read the organisation may read these (404 to anyone else).
Tokens (`ref:<code>`, `ind:<pk>`, `class`, `neighbours:<version>`,
`list:<pk>` …) are those of the pages' URLs; one that names nothing, or a year outside 1990–2100,
is 404. Lists take `limit` and `offset` and answer `count` and `items`."""

from decimal import Decimal
from typing import Any

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from vfmhub.benchmarking.access import benchmarking_for_user
from vfmhub.benchmarking.calculations.distribution import (
    Distribution,
    Quadrant,
    mads_words,
    position_words,
)
from vfmhub.benchmarking.selectors.benchmark import Measure, measure_choices, spend_choices
from vfmhub.benchmarking.selectors.groups import (
    DEFAULT_TOKEN,
    Body,
    ResolvedGroup,
    body_for,
    group_choices,
    neighbour_model_computed,
    neighbours_citation,
)
from vfmhub.benchmarking.selectors.neighbours import default_model, neighbours_of
from vfmhub.benchmarking.selectors.pages import (
    comparison,
    neighbour_rows,
    published_overlaps,
    quadrant_page,
)
from vfmhub.core.api.pagination import Pagination
from vfmhub.organisations.access import OrganisationAccess

router = Router(tags=["benchmarking"])
ORG = "/benchmarking/organisations/{int:organisation_id}"
NO_CODE = "This organisation has no GSS code, so it cannot be placed among other areas."
NO_MODEL = "No nearest-neighbour model has been computed yet."
TOKEN = 120  # the longest token or year a query may carry


# -- shared shapes ---------------------------------------------------------------------------------


class CompareMeasureOut(Schema):
    token: str
    title: str


class CompareGroupOut(Schema):
    token: str
    label: str
    citation: str


class BenchmarkMeasureOut(Schema):
    token: str
    title: str
    unit: str
    polarity: str
    is_spend: bool


def _measure(measure: Measure) -> BenchmarkMeasureOut:
    return BenchmarkMeasureOut(
        token=measure.token,
        title=measure.title,
        unit=measure.unit,
        polarity=measure.polarity,
        is_spend=measure.is_spend,
    )


def _group(group: ResolvedGroup) -> CompareGroupOut:
    return CompareGroupOut(token=group.token, label=group.label, citation=group.citation)


def _body(request: Any, organisation_id: int) -> tuple[OrganisationAccess, Body]:
    access = benchmarking_for_user(request.user, organisation_id)
    return access, body_for(access.organisation)


def _coded(body: Body) -> Body:
    if not body.code:
        raise HttpError(422, NO_CODE)
    return body


# -- measures and group choices --------------------------------------------------------------------


@router.get(
    "/benchmarking/measures-for-compare",
    response=list[CompareMeasureOut],
    summary="The measures a body can be compared on",
)
@paginate(Pagination)
def measures_for_compare(request: Any, spend_only: bool = False) -> Any:
    """Reference measures (`ref:<code>`; spending lines are in £ per head) then the national
    indicators (`ind:<pk>`), as the compare page lists them. With `spend_only`, the spending lines
    the cost axis of cost against performance takes."""
    choices = spend_choices() if spend_only else measure_choices()
    return [CompareMeasureOut(token=token, title=title) for token, title in choices]


class GroupChoiceOut(Schema):
    token: str
    label: str


@router.get(
    ORG + "/group-choices",
    response=list[GroupChoiceOut],
    summary="The groups the body can be compared with",
)
@paginate(Pagination)
def list_group_choices(request: Any, organisation_id: int) -> Any:
    _access, body = _body(request, organisation_id)
    return [GroupChoiceOut(token=c.token, label=c.label) for c in group_choices(request.user, body)]


# -- neighbours ------------------------------------------------------------------------------------


class BodyNeighbourOut(Schema):
    rank: int
    gss_code: str
    name: str
    distance: float
    rebased: float
    parts: dict[str, float]
    explanation: str


class OverlapAreaOut(Schema):
    gss_code: str
    name: str


class OverlapOut(Schema):
    group_id: int
    name: str
    citation: str
    total: int
    both: list[OverlapAreaOut]
    only_ours: list[OverlapAreaOut]
    only_theirs: list[OverlapAreaOut]


class BodyNeighboursOut(Schema):
    model_version: str
    citation: str
    gss_code: str
    name: str
    neighbours: list[BodyNeighbourOut]
    overlaps: list[OverlapOut]


def _areas(pairs: list[tuple[str, str]]) -> list[OverlapAreaOut]:
    return [OverlapAreaOut(gss_code=code, name=name) for code, name in pairs]


@router.get(ORG + "/neighbours", response=BodyNeighboursOut, summary="The body's neighbours")
def body_neighbours(
    request: Any, organisation_id: int, version: str = Query("", max_length=TOKEN)
) -> Any:
    """The body's nearest neighbours under `version` (default: the model the pages use), each
    with its distance, each variable's part of it and why in words; and, for each published list
    held for the body's own area, which neighbours both share and which only one has."""
    _access, body = _body(request, organisation_id)
    model = neighbour_model_computed(version) if version else default_model()
    if model is None:
        raise HttpError(404, NO_MODEL)
    rows = neighbour_rows(model, neighbours_of(model, body.code)) if body.code else []
    overlaps = published_overlaps(body, rows) if rows else []
    return BodyNeighboursOut(
        model_version=model.version,
        citation=neighbours_citation(model),
        gss_code=body.code,
        name=body.name,
        neighbours=[
            BodyNeighbourOut(
                rank=row.neighbour.rank,
                gss_code=row.neighbour.neighbour_code,
                name=row.name,
                distance=row.neighbour.distance,
                rebased=row.neighbour.rebased,
                parts=row.neighbour.parts or {},
                explanation=row.why,
            )
            for row in rows
        ],
        overlaps=[
            OverlapOut(
                group_id=o.group.pk,
                name=o.group.name,
                citation=o.citation,
                total=o.total,
                both=_areas(o.both),
                only_ours=_areas(o.only_ours),
                only_theirs=_areas(o.only_theirs),
            )
            for o in overlaps
        ],
    )


# -- compare ---------------------------------------------------------------------------------------


class CompareQuery(Schema):
    measure: str = Field(..., max_length=TOKEN, description="`ref:<code>` or `ind:<pk>`.")
    group: str = Field(DEFAULT_TOKEN, max_length=TOKEN, description="A group token.")
    year: str = Field("", max_length=TOKEN, description="Default: the latest year with values.")


class ComparisonMemberOut(Schema):
    gss_code: str = Field(description="Empty for a body that is not named.")
    name: str
    value: Decimal
    is_body: bool
    named: bool


class ComparisonDistributionOut(Schema):
    n: int
    median: Decimal
    lower_quartile: Decimal
    upper_quartile: Decimal
    minimum: Decimal
    maximum: Decimal
    mad: Decimal
    percentile: Decimal | None
    mads_from_median: Decimal | None


class ComparisonWordsOut(Schema):
    value: str
    median: str
    quartiles: str
    position: str
    mads: str


class TrendPointOut(Schema):
    year: int
    label: str
    value: Decimal | None
    median: Decimal | None
    n: int


class ComparisonOut(Schema):
    measure: BenchmarkMeasureOut
    group: CompareGroupOut
    year: int
    year_label: str
    years: list[int]
    value: Decimal | None
    members: list[ComparisonMemberOut]
    distribution: ComparisonDistributionOut | None
    wording: ComparisonWordsOut
    trend: list[TrendPointOut]


def _distribution(stats: Distribution) -> ComparisonDistributionOut:
    return ComparisonDistributionOut(
        n=stats.n,
        median=stats.median,
        lower_quartile=stats.lower_quartile,
        upper_quartile=stats.upper_quartile,
        minimum=stats.minimum,
        maximum=stats.maximum,
        mad=stats.mad,
        percentile=stats.percentile,
        mads_from_median=stats.mads_from_median,
    )


def _wording(stats: Distribution | None, measure: Measure) -> ComparisonWordsOut:
    """The summary's words, as the compare page shows them."""
    text = measure.value_text
    return ComparisonWordsOut(
        value=text(stats.value) if stats else "No value",
        median=text(stats.median) if stats else "",
        quartiles=f"{text(stats.lower_quartile)} to {text(stats.upper_quartile)}" if stats else "",
        position=(
            position_words(stats.position, measure.polarity) if stats and stats.position else ""
        ),
        mads=mads_words(stats.mads_from_median, stats.mad) if stats else "",
    )


@router.get(ORG + "/compare", response=ComparisonOut, summary="One measure across a group")
def compare(request: Any, organisation_id: int, query: Query[CompareQuery]) -> Any:
    """The body's value against the group's median and quartiles in one year, its percentile
    (the share of the others below it, ties half) and its distance from the median in median
    absolute deviations, the group's members with their values (a body that entered its own
    figures on VFM Hub is shown without its name or code), and the trend against the median."""
    _access, body = _body(request, organisation_id)
    found = comparison(
        request.user,
        _coded(body),
        measure_token=query.measure,
        group_token=query.group or DEFAULT_TOKEN,
        year_text=query.year or None,
    )
    stats, measure = found.stats, found.measure
    return ComparisonOut(
        measure=_measure(measure),
        group=_group(found.group),
        year=found.year,
        year_label=measure.year_label(found.year) if found.years else "",
        years=found.years,
        value=stats.value if stats else None,
        members=[
            ComparisonMemberOut(
                gss_code=m.code if m.named else "",
                name=m.name,
                value=found.values.values[m.code],
                is_body=m.is_body,
                named=m.named,
            )
            for m in found.members
        ],
        distribution=_distribution(stats) if stats else None,
        wording=_wording(stats, measure),
        trend=[
            TrendPointOut(year=r.year, label=r.label, value=r.value, median=r.median, n=r.n)
            for r in found.trend
        ],
    )


# -- cost against performance ----------------------------------------------------------------------


class QuadrantQuery(Schema):
    cost: str = Field(..., max_length=TOKEN, description="A spending line, `ref:<code>`.")
    performance: str = Field(..., max_length=TOKEN, description="`ref:<code>` or `ind:<pk>`.")
    group: str = Field(DEFAULT_TOKEN, max_length=TOKEN, description="A group token.")
    year: str = Field("", max_length=TOKEN, description="Default: the latest year with both.")


class QuadrantPlaceOut(Schema):
    key: str = Field(description="`<cost>-<performance>`: above-poor, below-good, at-unnamed …")
    words: str
    is_concern: bool


class QuadrantPointOut(Schema):
    gss_code: str = Field(description="Empty for a body that is not named.")
    name: str
    is_body: bool
    named: bool
    cost: Decimal
    performance: Decimal
    quadrant: QuadrantPlaceOut


class QuadrantOut(Schema):
    cost: BenchmarkMeasureOut
    performance: BenchmarkMeasureOut
    group: CompareGroupOut
    year: int
    year_label: str
    years: list[int]
    cost_median: Decimal | None
    performance_median: Decimal | None
    points: list[QuadrantPointOut]
    body: QuadrantPlaceOut | None
    body_words: str


def _place(quadrant: Quadrant) -> QuadrantPlaceOut:
    return QuadrantPlaceOut(key=quadrant.key, words=quadrant.words, is_concern=quadrant.is_concern)


@router.get(ORG + "/quadrant", response=QuadrantOut, summary="Cost against performance")
def quadrant(request: Any, organisation_id: int, query: Query[QuadrantQuery]) -> Any:
    """Every body of the group with both values, split at the group medians (the body's own
    figures counted in them), polarity respected; the body's own quadrant in words."""
    _access, body = _body(request, organisation_id)
    page = quadrant_page(
        request.user,
        _coded(body),
        cost_token=query.cost,
        performance_token=query.performance,
        group_token=query.group or DEFAULT_TOKEN,
        year=query.year or None,
    )
    mine = page.body
    return QuadrantOut(
        cost=_measure(page.cost),
        performance=_measure(page.performance),
        group=_group(page.group),
        year=page.year,
        year_label=page.cost.year_label(page.year) if page.years else "",
        years=page.years,
        cost_median=page.cost_median,
        performance_median=page.performance_median,
        points=[
            QuadrantPointOut(
                gss_code=p.member.code if p.member.named else "",
                name=p.member.name,
                is_body=p.member.is_body,
                named=p.member.named,
                cost=p.cost,
                performance=p.performance,
                quadrant=_place(p.quadrant),
            )
            for p in page.placed
        ],
        body=_place(mine.quadrant) if mine else None,
        body_words=(
            f"{body.name}: {mine.quadrant.words}."
            if mine
            else f"{body.name} has no value for both measures in this year."
        ),
    )
