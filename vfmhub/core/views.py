from collections.abc import Callable, Iterable
from typing import TypeVar

from django.shortcuts import render

from vfmhub.core.worklist import due_work_for_user, home_for_user, search_for_user
from vfmhub.lib import clock

SEARCH_MIN_LENGTH = 2
SEARCH_LIMIT_PER_KIND = 20

T = TypeVar("T")


def home(request):
    user = request.user
    due = due_work_for_user(user, clock.today())
    context = {
        # Lines come urgent first, so a module with anything urgent is listed first.
        "due_groups": _grouped(due, key=lambda line: line.group),
        **home_for_user(user),
    }
    return render(request, "core/home.html", context)


def search(request):
    query = request.GET.get("q", "").strip()
    too_short = len(query) < SEARCH_MIN_LENGTH
    results = (
        []
        if too_short
        else search_for_user(request.user, query, limit_per_kind=SEARCH_LIMIT_PER_KIND)
    )
    context = {
        "query": query,
        "search_query": query,
        "too_short": too_short,
        "min_length": SEARCH_MIN_LENGTH,
        "limit": SEARCH_LIMIT_PER_KIND,
        "groups": _grouped(results, key=lambda result: result.kind),
        "total": len(results),
    }
    return render(request, "core/search.html", context)


def _grouped(items: Iterable[T], *, key: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """(name, items) pairs in the order each name first appears, items keeping their order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())
