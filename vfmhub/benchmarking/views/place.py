"""The place view of a council: every body covering its area (the county, its districts, the
fire authority; or the single-tier council and its fire authority) with their revenue spend by
service together, the place total and per head. `?year=` chooses the year; `?export=csv|xlsx`
downloads the table. Reference data is public: anyone who may read the organisation sees it."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from vfmhub.benchmarking.selectors.place import (
    Place,
    place_area,
    place_code_for,
    place_table,
    place_view,
)
from vfmhub.benchmarking.views.common import body_page
from vfmhub.core.charts import Series, bar_chart, money
from vfmhub.core.exports import export_response
from vfmhub.lib.years import financial_year_label, year_or_none


def _chart(place: Place) -> Any:
    lines = [line for line in place.lines if not line.is_total and line.per_head is not None]
    if not lines:
        return None
    words = "; ".join(f"{line.title}: £{line.per_head}" for line in lines)
    return bar_chart(
        title=f"Spend per head by service, {place.name}",
        description=f"Bar chart of the place's net current expenditure per head. {words}.",
        categories=[line.title for line in lines],
        series=[Series("£ per head", [float(line.per_head or 0) for line in lines])],
        y_label="£ per head",
        width=720,
        height=360,
        number_format=money,
    )


def place(request: Any, org_pk: int) -> HttpResponse:
    access, body = body_page(request, org_pk)
    code = place_code_for(body.code, body.area) if body.code else None
    area = place_area(code) if code else None
    found = place_view(area, year_or_none(request.GET.get("year", ""))) if area else None
    fmt = request.GET.get("export")
    if fmt and found is not None and found.year is not None:
        headers, rows = place_table(found)
        name = f"{found.name} place {financial_year_label(found.year)}"
        return export_response(fmt, filename=name, headers=headers, rows=rows)
    context = {
        "organisation": access.organisation,
        "body": body,
        "place": found,
        "year_options": [(y, financial_year_label(y)) for y in found.years] if found else [],
        "year_label": financial_year_label(found.year) if found and found.year else "",
        "chart": _chart(found) if found else None,
        "query": f"year={found.year}" if found and found.year else "",
    }
    return render(request, "benchmarking/place/place.html", context)
