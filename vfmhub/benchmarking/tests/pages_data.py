"""Small invented reference data for the benchmarking page tests, made directly with the models.

Organisation A of the personas is Ashby (E07000901, a district in region E12000006). Around it:
districts in the same region and in another, a single-tier council, an abolished district, a
county; a population, a spending line (in £ thousand, as outturn gives it) and a deprivation score
for a year; a computed neighbour model."""

import datetime
from decimal import Decimal

from django.utils import timezone

from vfmhub.benchmarking.models import (
    Aggregation,
    AreaClass,
    ComparatorGroup,
    ComparatorGroupMember,
    GroupKind,
    Neighbour,
    NeighbourModel,
    ReferenceArea,
    ReferenceMeasure,
    ReferenceSource,
    ReferenceValue,
    SourceKind,
)

REGION, OTHER_REGION = "E12000006", "E12000008"
ASHBY = "E07000901"
# code, name, class, region, population, spend £k, deprivation score
AREAS = [
    (ASHBY, "Ashby", AreaClass.DISTRICT, REGION, 100_000, 5_000, "20.0"),
    ("E07000911", "Barford", AreaClass.DISTRICT, REGION, 100_000, 3_000, "10.0"),
    ("E07000912", "Corley", AreaClass.DISTRICT, REGION, 200_000, 8_000, "30.0"),
    ("E07000913", "Denham", AreaClass.DISTRICT, REGION, 50_000, 3_000, "40.0"),
    ("E07000914", "Eastwick", AreaClass.DISTRICT, OTHER_REGION, 100_000, 7_000, "50.0"),
    ("E07000915", "Farley", AreaClass.DISTRICT, OTHER_REGION, 100_000, 2_000, "15.0"),
    ("E06000901", "Bexwell", AreaClass.SINGLE_TIER, REGION, 150_000, 9_000, "25.0"),
    ("E10000901", "Northmoor", AreaClass.COUNTY, REGION, 600_000, 90_000, "22.0"),
]
ABOLISHED = ("E07000999", "Oldtown", AreaClass.DISTRICT, REGION)
YEAR = 2021
SPEND = "outturn.housing.net"
SCORE = "imd.score"


def make_source(kind: str = SourceKind.DEMO, name: str = "test.csv") -> ReferenceSource:
    return ReferenceSource.objects.create(
        kind=kind, title="Test figures", publisher="Tests", file_name=name, sha256=name * 2
    )


def make_reference(year: int = YEAR) -> dict:
    """The areas, and population, spend and deprivation for `year`."""
    source = make_source()
    for code, name, area_class, region, *_ in AREAS:
        ReferenceArea.objects.create(
            gss_code=code, name=name, area_class=area_class, region_code=region
        )
    code, name, area_class, region = ABOLISHED
    ReferenceArea.objects.create(
        gss_code=code,
        name=name,
        area_class=area_class,
        region_code=region,
        active_to=datetime.date(2020, 3, 31),
    )
    population = ReferenceMeasure.objects.create(
        code="population", title="Population", group="Population", unit="people"
    )
    spend = ReferenceMeasure.objects.create(
        code=SPEND,
        title="Housing services",
        group="Revenue outturn",
        unit="£ thousand",
        is_spend=True,
    )
    score = ReferenceMeasure.objects.create(
        code=SCORE,
        title="Deprivation score",
        group="Deprivation",
        unit="score",
        aggregation=Aggregation.NONE,
    )
    rows = []
    for code, _name, _class, _region, people, pounds_k, deprivation in AREAS:
        rows += [
            ReferenceValue(
                measure=population, gss_code=code, year=year, value=people, source=source
            ),
            ReferenceValue(measure=spend, gss_code=code, year=year, value=pounds_k, source=source),
            ReferenceValue(
                measure=score, gss_code=code, year=year, value=Decimal(deprivation), source=source
            ),
        ]
    ReferenceValue.objects.bulk_create(rows)
    return {"population": population, "spend": spend, "score": score, "source": source}


def add_year(measure: ReferenceMeasure, year: int, values: dict[str, Decimal | int]) -> None:
    source = ReferenceSource.objects.first()
    ReferenceValue.objects.bulk_create(
        ReferenceValue(measure=measure, gss_code=code, year=year, value=value, source=source)
        for code, value in values.items()
    )


SPEC = {
    "neighbours": 15,
    "variables": [
        {"code": "population", "label": "population", "weight": 1},
        {"code": "density", "label": "density", "weight": 1},
        {"code": "crime", "label": "crime", "weight": 1},
    ],
}


def make_model(version: str = "2026.1", *, default: bool = True) -> NeighbourModel:
    return NeighbourModel.objects.create(
        version=version,
        title="Open nearest neighbours",
        spec=SPEC,
        yaml_text="",
        is_default=default,
        computed_at=timezone.make_aware(datetime.datetime(2026, 12, 7, 9, 0)),
    )


def make_neighbours(model: NeighbourModel, body: str, codes: list[str]) -> None:
    Neighbour.objects.bulk_create(
        Neighbour(
            model=model,
            body_code=body,
            neighbour_code=code,
            rank=rank,
            distance=rank / 10,
            rebased=rank / 20,
            parts={"population": 0.0, "density": rank / 40, "crime": rank / 20},
        )
        for rank, code in enumerate(codes, start=1)
    )


def make_group(
    owner, name: str, codes: list[str], *, kind: str = GroupKind.CUSTOM, body_code: str = ""
) -> ComparatorGroup:
    series = ComparatorGroup.objects.count() + 1
    group = ComparatorGroup.objects.create(
        owner=owner,
        kind=kind,
        name=name,
        series=series,
        body_code=body_code,
        publisher="CIPFA" if kind == GroupKind.PUBLISHED else "",
    )
    names = dict(ReferenceArea.objects.values_list("gss_code", "name"))
    for position, code in enumerate(codes, start=1):
        ComparatorGroupMember.objects.create(
            group=group, gss_code=code, name=names.get(code, code), position=position
        )
    return group
