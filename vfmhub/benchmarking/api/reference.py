"""Reference data: the files loaded, the measures, the areas, the lineage of reorganised councils
and one measure's values for a year (as published, or joined through the lineage). Reference data
is public: every signed-in user may read it. Lists take `limit` and `offset` and answer `count`
and `items`."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from vfmhub.benchmarking.selectors import reference
from vfmhub.benchmarking.selectors.values import joined_values, published_values
from vfmhub.core.api.pagination import Pagination

router = Router(tags=["benchmarking"])
NO_MEASURE = "No reference measure has that code."


class SourceOut(Schema):
    id: int
    kind: str
    title: str
    publisher: str
    url: str
    file_name: str
    sha256: str
    year: int | None
    value_count: int
    loaded_at: datetime.datetime


class MeasureOut(Schema):
    code: str
    title: str
    group: str
    unit: str
    aggregation: str
    is_spend: bool
    description: str


class AreaOut(Schema):
    gss_code: str
    name: str
    area_class: str
    region_code: str
    county_code: str
    hectares: Decimal | None
    latitude: Decimal | None
    longitude: Decimal | None
    active_from: datetime.date | None
    active_to: datetime.date | None


class ReorganisationOut(Schema):
    predecessor_code: str
    successor_code: str
    effective: datetime.date
    share: Decimal
    note: str


class AreaFilters(Schema):
    area_class: str = Field("", max_length=12, description="district, single_tier, london, …")
    q: str = Field("", max_length=100, description="Part of a name, or a whole GSS code.")


class ValueOut(Schema):
    gss_code: str
    value: Decimal


class ValuesOut(Schema):
    measure: MeasureOut
    year: int
    joined: bool
    items: list[ValueOut]


@router.get("/benchmarking/sources", response=list[SourceOut])
@paginate(Pagination)
def sources(request):
    return reference.reference_sources()


@router.get("/benchmarking/measures", response=list[MeasureOut])
@paginate(Pagination)
def measures(request, spend_only: bool = False):
    return reference.reference_measures(spend_only=spend_only)


@router.get("/benchmarking/measures/{code}/values", response=ValuesOut)
def measure_values(
    request, code: str, year: int = Query(..., ge=1900, le=2200), joined: bool = True
):
    """One measure's value for every area in `year`. With `joined` (the default) a reorganised
    council's figure for a year before it existed is built from its predecessors'."""
    measure = reference.measure_by_code(code)
    if measure is None:
        raise Http404(NO_MEASURE)
    values = joined_values(measure, year) if joined else published_values(measure, year)
    items = [ValueOut(gss_code=c, value=v) for c, v in sorted(values.items())]
    return ValuesOut(measure=MeasureOut.from_orm(measure), year=year, joined=joined, items=items)


@router.get("/benchmarking/areas", response=list[AreaOut])
@paginate(Pagination)
def areas(request, filters: Query[AreaFilters]):
    return reference.reference_areas(area_class=filters.area_class, search=filters.q)


@router.get("/benchmarking/lineage", response=list[ReorganisationOut])
@paginate(Pagination)
def lineage(request):
    return reference.reorganisations()
