"""The nearest-neighbour model: its versions (each with its variables, transforms and weights as
data) and one area's neighbours under a version, with each variable's part of the distance.
Public like the reference data it is computed from."""

import datetime
from typing import Any

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from vfmhub.benchmarking.selectors import reference
from vfmhub.benchmarking.selectors.neighbours import default_model, neighbours_of
from vfmhub.core.api.pagination import Pagination

router = Router(tags=["benchmarking"])
NO_MODEL = "No neighbour model has that version."
NO_AREA = "No area has that GSS code."


class ModelOut(Schema):
    version: str
    title: str
    description: str
    is_default: bool
    created_at: datetime.datetime
    computed_at: datetime.datetime | None
    neighbour_count: int


class ModelDetailOut(ModelOut):
    spec: dict[str, Any]
    computed_summary: dict[str, Any]
    yaml_text: str


class NeighbourOut(Schema):
    rank: int
    gss_code: str
    name: str
    distance: float
    rebased: float
    parts: dict[str, float]


class NeighboursOut(Schema):
    model_version: str
    gss_code: str
    name: str
    neighbours: list[NeighbourOut]


@router.get("/benchmarking/models", response=list[ModelOut])
@paginate(Pagination)
def models(request):
    return reference.neighbour_models()


@router.get("/benchmarking/models/{version}", response=ModelDetailOut)
def model_detail(request, version: str):
    model = reference.neighbour_models().filter(version=version).first()
    if model is None:
        raise Http404(NO_MODEL)
    return model


@router.get("/benchmarking/neighbours/{gss_code}", response=NeighboursOut)
def neighbours(request, gss_code: str, version: str = ""):
    """An area's nearest neighbours, nearest first, under `version` (default: the model the
    pages use)."""
    model = reference.neighbour_model_by_version(version) if version else default_model()
    if model is None:
        raise Http404(NO_MODEL)
    area = reference.area_by_code(gss_code)
    if area is None:
        raise Http404(NO_AREA)
    rows = neighbours_of(model, area.gss_code)
    names = dict(
        reference.reference_areas()
        .filter(gss_code__in=[r.neighbour_code for r in rows])
        .values_list("gss_code", "name")
    )
    return NeighboursOut(
        model_version=model.version,
        gss_code=area.gss_code,
        name=area.name,
        neighbours=[
            NeighbourOut(
                rank=r.rank,
                gss_code=r.neighbour_code,
                name=names.get(r.neighbour_code, r.neighbour_code),
                distance=r.distance,
                rebased=r.rebased,
                parts=r.parts,
            )
            for r in rows
        ],
    )
