"""The history page: every recorded write filed under an organisation or partnership, newest first.
The caller has reached the owner through the access layer."""

from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vfmhub.audit.models import AuditEvent

HISTORY_PAGE_SIZE = 100


def history_page(
    request: HttpRequest, *, owner: Model, events: QuerySet[AuditEvent], back_url: str
) -> HttpResponse:
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"object": owner, "events": page, "page": page, "back_url": back_url}
    return render(request, "audit/history.html", context)
