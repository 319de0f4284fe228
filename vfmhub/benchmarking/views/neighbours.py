"""The benchmarking home page of an organisation (its area, its five nearest neighbours, its
groups) and the neighbours page: all 15 with their distance and why, the model version cited,
and the overlap with each published list the organisation holds for its own area.
`?export=csv|xlsx` downloads the neighbours."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from vfmhub.benchmarking.models import ComparatorGroup, GroupKind, Neighbour, NeighbourModel
from vfmhub.benchmarking.selectors.groups import (
    Body,
    current_groups,
    group_citation,
    neighbour_model_computed,
    neighbours_citation,
)
from vfmhub.benchmarking.selectors.neighbours import (
    default_model,
    neighbour_explanation,
    neighbours_of,
)
from vfmhub.benchmarking.selectors.values import areas_by_code
from vfmhub.benchmarking.views.common import body_page
from vfmhub.core.exports import export_response
from vfmhub.core.list_pages import filters_query

HEADERS = ["Rank", "Area", "GSS code", "Distance (0 to 1)", "Why", "Model version"]
HOME_NEIGHBOURS = 5


@dataclass(frozen=True)
class Row:
    neighbour: Neighbour
    name: str
    why: str


@dataclass(frozen=True)
class Overlap:
    group: ComparatorGroup
    citation: str
    both: list[tuple[str, str]]
    only_ours: list[tuple[str, str]]
    only_theirs: list[tuple[str, str]]
    total: int


def _rows(model: NeighbourModel, found: list[Neighbour]) -> list[Row]:
    codes = {n.neighbour_code for n in found}
    names = {code: area.name for code, area in areas_by_code(codes).items()}
    return [
        Row(
            neighbour=n,
            name=names.get(n.neighbour_code, n.neighbour_code),
            why=neighbour_explanation(model, n.parts or {}),
        )
        for n in found
    ]


def _overlaps(body: Body, rows: list[Row]) -> list[Overlap]:
    """Each current published list held for the body's own area, against the model's list."""
    lists = (
        ComparatorGroup.objects.filter(
            owner=body.organisation, kind=GroupKind.PUBLISHED, body_code=body.code, is_current=True
        )
        .select_related("created_by")
        .prefetch_related("members")
        .order_by("name")
    )
    ours = {row.neighbour.neighbour_code: row.name for row in rows}
    found = []
    for group in lists:
        theirs = {m.gss_code: m.name for m in group.members.all() if m.gss_code != body.code}
        found.append(
            Overlap(
                group=group,
                citation=group_citation(group),
                both=[(code, ours[code]) for code in ours if code in theirs],
                only_ours=[(code, ours[code]) for code in ours if code not in theirs],
                only_theirs=[(code, theirs[code]) for code in theirs if code not in ours],
                total=len(ours),
            )
        )
    return found


def home(request: Any, org_pk: int) -> HttpResponse:
    access, body = body_page(request, org_pk)
    model = default_model()
    rows = (
        _rows(model, neighbours_of(model, body.code)[:HOME_NEIGHBOURS])
        if model and body.code
        else []
    )
    context = {
        "organisation": access.organisation,
        "access": access,
        "body": body,
        "model": model,
        "citation": neighbours_citation(model) if model else "",
        "rows": rows,
        "groups": current_groups(access.organisation),
    }
    return render(request, "benchmarking/home.html", context)


def neighbours(request: Any, org_pk: int) -> HttpResponse:
    access, body = body_page(request, org_pk)
    version = request.GET.get("model", "")
    model = neighbour_model_computed(version) if version else default_model()
    rows = _rows(model, neighbours_of(model, body.code)) if model and body.code else []
    fmt = request.GET.get("export")
    if fmt and model is not None:
        export = [
            [
                r.neighbour.rank,
                r.name,
                r.neighbour.neighbour_code,
                round(r.neighbour.rebased, 4),
                r.why,
                model.version,
            ]
            for r in rows
        ]
        name = f"{access.organisation.name} nearest neighbours {model.version}"
        return export_response(fmt, filename=name, headers=HEADERS, rows=export)
    context = {
        "organisation": access.organisation,
        "body": body,
        "model": model,
        "models": NeighbourModel.objects.filter(computed_at__isnull=False).order_by("-computed_at"),
        "citation": neighbours_citation(model) if model else "",
        "rows": rows,
        "overlaps": _overlaps(body, rows) if rows else [],
        "query": filters_query(request),
    }
    return render(request, "benchmarking/neighbours.html", context)
