"""Pieces of list pages that filter and download (see `exports.py`)."""

from django.http import HttpRequest


def filters_query(request: HttpRequest) -> str:
    """The page's query string without `export`: the filters its other links keep."""
    query = request.GET.copy()
    query.pop("export", None)
    return query.urlencode()
