"""Reference data as the pages and the API list it: sources, measures, areas, the lineage.

Reference data is public (published by ONS and MHCLG): every signed-in user may read all of it."""

from django.db.models import Count, Q, QuerySet

from vfmhub.benchmarking.models import (
    NeighbourModel,
    ReferenceArea,
    ReferenceMeasure,
    ReferenceSource,
    Reorganisation,
)


def reference_sources() -> QuerySet[ReferenceSource]:
    return ReferenceSource.objects.annotate(value_count=Count("values")).order_by(
        "kind", "-year", "file_name"
    )


def reference_measures(*, group: str = "", spend_only: bool = False) -> QuerySet[ReferenceMeasure]:
    measures = ReferenceMeasure.objects.order_by("group", "title")
    if group:
        measures = measures.filter(group=group)
    if spend_only:
        measures = measures.filter(is_spend=True)
    return measures


def measure_by_code(code: str) -> ReferenceMeasure | None:
    return ReferenceMeasure.objects.filter(code=code).first()


def measure_years(measure: ReferenceMeasure) -> list[int]:
    return sorted(set(measure.values.order_by().values_list("year", flat=True).distinct()))


def reference_areas(*, area_class: str = "", search: str = "") -> QuerySet[ReferenceArea]:
    areas = ReferenceArea.objects.order_by("name", "gss_code")
    if area_class:
        areas = areas.filter(area_class=area_class)
    if search:
        areas = areas.filter(Q(name__icontains=search) | Q(gss_code__iexact=search))
    return areas


def area_by_code(gss_code: str) -> ReferenceArea | None:
    return ReferenceArea.objects.filter(gss_code=gss_code.upper()).first()


def reorganisations() -> QuerySet[Reorganisation]:
    return Reorganisation.objects.order_by("effective", "successor_code", "predecessor_code")


def neighbour_models() -> QuerySet[NeighbourModel]:
    return NeighbourModel.objects.annotate(neighbour_count=Count("neighbours")).order_by(
        "-created_at"
    )


def neighbour_model_by_version(version: str) -> NeighbourModel | None:
    return NeighbourModel.objects.filter(version=version).first()
