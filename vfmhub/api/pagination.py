"""One pagination for every list endpoint: `limit` and `offset` in, `count` and `items` out."""

from django.conf import settings
from ninja.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    class Input(LimitOffsetPagination.Input):
        pass

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        limit = min(pagination.limit, settings.NINJA_PAGINATION_MAX_LIMIT)
        pagination.limit = limit
        return super().paginate_queryset(queryset, pagination, request=request, **params)
