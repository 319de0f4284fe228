"""The organisation's performance page: its indicators at a report quarter, by council-plan
priority, filtered by RAG band, direction, owner and priority; `?export=csv|xlsx` downloads
exactly the rows shown."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from vfmhub.core.exports import export_response
from vfmhub.core.list_pages import filters_query
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
from vfmhub.performance.access import performance_for_user
from vfmhub.performance.calculations import Direction
from vfmhub.performance.exporting.scorecard import HEADERS, scorecard_rows
from vfmhub.performance.selectors.pages import (
    DIRECTION_SYMBOLS,
    OWNERS,
    filters_from,
    quarter_asked,
    scorecard_page,
    year_choices,
)


def scorecard(request: Any, org_pk: int) -> HttpResponse:
    access = performance_for_user(request.user, org_pk)
    today = clock.today()
    year, quarter = quarter_asked(request.GET, today)
    card = scorecard_page(access, year=year, quarter=quarter, filters=filters_from(request.GET))
    fmt = request.GET.get("export")
    if fmt:
        name = f"{access.organisation.name} performance {financial_year_label(year)} Q{quarter}"
        return export_response(fmt, filename=name, headers=HEADERS, rows=scorecard_rows(card))
    context = {
        "organisation": access.organisation,
        "access": access,
        "card": card,
        "years": year_choices(year, today),
        "directions": [(d.value, d.value.capitalize()) for d in Direction],
        "owners": OWNERS,
        "key": [(symbol, d.value.capitalize()) for d, symbol in DIRECTION_SYMBOLS.items()],
        "query": filters_query(request),
    }
    return render(request, "performance/scorecard/scorecard.html", context)
