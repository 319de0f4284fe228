"""What is due for a user, and what a search finds, gathered from every module.

`core` knows no domain app: each app registers its providers in its `AppConfig.ready()`, and the
home page and the site search ask every registered provider. A provider answers only with what the
user may read (it goes through its app's access layer or selectors).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DueWork:
    """One line of the home page's "What is due" list: a count of things and where to see them."""

    group: str  # the module, as users name it: "Improvement plans", "Efficiency returns"
    label: str  # what is counted, plural: "actions overdue"
    count: int
    url: str  # a page listing exactly the things counted
    urgent: bool = False  # overdue or late: shown first, with a red tag


@dataclass(frozen=True)
class SearchResult:
    kind: str  # "Organisation", "Plan", "Action", "Risk", "Project"
    title: str
    url: str
    context: str = ""  # where it sits: "Ashby District Council · Use of Resources plan 2009/10"


DueWorkProvider = Callable[[object, datetime.date], Iterable[DueWork]]
SearchProvider = Callable[[object, str, int], Iterable[SearchResult]]
HomeProvider = Callable[[Any], dict[str, Any]]

_due_work_providers: list[DueWorkProvider] = []
_search_providers: list[SearchProvider] = []
_home_providers: list[HomeProvider] = []


def register_home(provider: HomeProvider) -> HomeProvider:
    """Register `provider(user)`; it gives names for the home page's context (the user's
    organisations, partnerships, assignments)."""
    if provider not in _home_providers:
        _home_providers.append(provider)
    return provider


def home_for_user(user: object) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _home_providers:
        context |= provider(user)
    return context


def register_due_work(provider: DueWorkProvider) -> DueWorkProvider:
    """Register `provider(user, today)`; it yields the user's `DueWork` lines."""
    if provider not in _due_work_providers:
        _due_work_providers.append(provider)
    return provider


def register_search(provider: SearchProvider) -> SearchProvider:
    """Register `provider(user, query, limit)`; it yields at most `limit` readable matches."""
    if provider not in _search_providers:
        _search_providers.append(provider)
    return provider


def due_work_for_user(user, today: datetime.date) -> list[DueWork]:
    lines = [line for provider in _due_work_providers for line in provider(user, today)]
    lines = [line for line in lines if line.count > 0]
    return sorted(lines, key=lambda line: (not line.urgent, line.group, line.label))


def search_for_user(user, query: str, *, limit_per_kind: int = 20) -> list[SearchResult]:
    query = query.strip()
    if len(query) < 2:
        return []
    return [
        result for provider in _search_providers for result in provider(user, query, limit_per_kind)
    ]
