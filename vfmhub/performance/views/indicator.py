"""One indicator of an organisation: its definition and RAG rule, the trend chart with its target
line beside the table of its data, comparator areas, commentary and the history of its values."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from vfmhub.core.exports import export_response
from vfmhub.core.list_pages import filters_query
from vfmhub.lib import clock
from vfmhub.performance.access import indicator_of, performance_for_user
from vfmhub.performance.exporting.scorecard import TREND_HEADERS, trend_chart, trend_rows
from vfmhub.performance.selectors.indicators import IndicatorPage, indicator_page
from vfmhub.performance.selectors.pages import (
    band_tag,
    quarter_asked,
    shown_value,
    year_choices,
)


def _chart(page: IndicatorPage) -> str:
    indicator = page.indicator
    points = page.points
    described = "; ".join(
        f"{p.period.label}: {p.value_text or 'no value'}"
        + (f" against a target of {p.target_text}" if p.target_text else "")
        for p in points
    )
    return trend_chart(
        title=f"{indicator.code}: {indicator.title}, value and target by period",
        description=described or "No values or targets yet.",
        categories=[p.period.label for p in points],
        values=[p.evaluation.value for p in points],
        targets=[p.evaluation.target for p in points],
    )


def indicator(request: Any, org_pk: int, pk: int) -> HttpResponse:
    access = performance_for_user(request.user, org_pk)
    found = indicator_of(request.user, access, pk)
    today = clock.today()
    year, quarter = quarter_asked(request.GET, today)
    page = indicator_page(access, found, year=year, quarter=quarter)
    fmt = request.GET.get("export")
    if fmt:
        name = f"{access.organisation.name} {found.code} trend"
        return export_response(
            fmt, filename=name, headers=TREND_HEADERS, rows=trend_rows(page.points)
        )
    evaluation = page.reported.evaluation
    context = {
        "organisation": access.organisation,
        "access": access,
        "indicator": found,
        "page": page,
        "evaluation": evaluation,
        "years": year_choices(year, today),
        "chart": _chart(page) if page.points else "",
        "year_to_date": shown_value(evaluation.year_to_date, found),
        "forecast": shown_value(evaluation.forecast, found),
        "value": shown_value(evaluation.value, found),
        "target": shown_value(evaluation.target, found),
        "band_tag": band_tag(evaluation.band),
        "query": filters_query(request),
    }
    return render(request, "performance/scorecard/indicator.html", context)
