"""My indicators to update: the values due and not entered at the organisations where the user
is an editor or manager, with a link to enter each where the library's entry page exists."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from vfmhub.core.exports import export_response
from vfmhub.core.list_pages import filters_query
from vfmhub.lib import clock
from vfmhub.performance.exporting.scorecard import DUE_HEADERS, due_rows
from vfmhub.performance.selectors.pages import DueIndicator, editing_organisations, indicators_due

ENTER_URL_NAME = "performance:value_enter"


def enter_url(due: DueIndicator) -> str:
    """The page to enter the value, when the value entry pages are installed; else ""."""
    try:
        return reverse(ENTER_URL_NAME, args=[due.organisation_id, due.indicator.pk])
    except NoReverseMatch:
        return ""


def due(request: Any) -> HttpResponse:
    organisations = editing_organisations(request.user)
    chosen = request.GET.get("organisation", "")
    organisation_id = int(chosen) if chosen.isdigit() and int(chosen) in organisations else None
    rows = indicators_due(request.user, clock.today(), organisation_id=organisation_id)
    fmt = request.GET.get("export")
    if fmt:
        return export_response(
            fmt, filename="Indicator values due", headers=DUE_HEADERS, rows=due_rows(rows)
        )
    context = {
        "rows": [(row, enter_url(row)) for row in rows],
        "organisations": sorted(organisations.items(), key=lambda item: item[1]),
        "organisation_id": organisation_id,
        "query": filters_query(request),
    }
    return render(request, "performance/scorecard/due.html", context)
