"""The benchmarking home page of an organisation (its area, its five nearest neighbours, its
groups) and the neighbours page: all 15 with their distance and why, the model version cited,
and the overlap with each published list the organisation holds for its own area.
`?export=csv|xlsx` downloads the neighbours."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from vfmhub.benchmarking.models import NeighbourModel
from vfmhub.benchmarking.selectors.groups import (
    current_groups,
    neighbour_model_computed,
    neighbours_citation,
)
from vfmhub.benchmarking.selectors.neighbours import (
    default_model,
    neighbours_of,
)
from vfmhub.benchmarking.selectors.pages import neighbour_rows, published_overlaps
from vfmhub.benchmarking.views.common import body_page
from vfmhub.core.exports import export_response
from vfmhub.core.list_pages import filters_query

HEADERS = ["Rank", "Area", "GSS code", "Distance (0 to 1)", "Why", "Model version"]
HOME_NEIGHBOURS = 5


def home(request: Any, org_pk: int) -> HttpResponse:
    access, body = body_page(request, org_pk)
    model = default_model()
    rows = (
        neighbour_rows(model, neighbours_of(model, body.code)[:HOME_NEIGHBOURS])
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
    rows = neighbour_rows(model, neighbours_of(model, body.code)) if model and body.code else []
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
        "overlaps": published_overlaps(body, rows) if rows else [],
        "query": filters_query(request),
    }
    return render(request, "benchmarking/neighbours.html", context)
