"""What the efficiency endpoints share: where a body's records are, and the pagination that marks
each page's items with what the list shows beside the record's own fields."""

from collections.abc import Callable
from typing import Any

from vfmhub.core.api.pagination import Pagination

BODY = "/programmes/{int:programme_id}/bodies/{int:organisation_id}"


def marked_pagination(mark: Callable[[list[Any]], list[Any]]) -> type[Pagination]:
    """The shared pagination, with `mark` applied to each page's items."""

    class MarkedPagination(Pagination):
        def paginate_queryset(self, queryset, pagination, request=None, **params):
            page = super().paginate_queryset(queryset, pagination, request=request, **params)
            page["items"] = mark(list(page["items"]))
            return page

    return MarkedPagination
