"""One pagination for every list endpoint: `limit` and `offset` in, `count` and `items` out."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# The largest offset a list accepts: the largest 32-bit signed integer, far past any list here and
# small enough for every database's OFFSET (2**63 overflows PostgreSQL's and SQLite's integers).
MAX_OFFSET = 2**31 - 1


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        limit = min(pagination.limit, settings.NINJA_PAGINATION_MAX_LIMIT)
        pagination.limit = limit
        return super().paginate_queryset(queryset, pagination, request=request, **params)
