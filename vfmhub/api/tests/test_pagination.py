"""Every list refuses a `limit` or `offset` out of range with 422, on every database."""

import pytest

from vfmhub.api.testing import openapi_document
from vfmhub.core.api.pagination import MAX_OFFSET

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = [("offset", 2**63), ("offset", MAX_OFFSET + 1), ("offset", -1), ("limit", 0)]
OUT_OF_RANGE += [("limit", 10**6)]


def _list_paths() -> list[str]:
    return [
        path
        for path, operations in openapi_document()["paths"].items()
        if "get" in operations
        and {"limit", "offset"} <= {p["name"] for p in operations["get"].get("parameters", [])}
    ]


def test_it_finds_the_lists():
    assert "/api/v1/organisations" in _list_paths()
    assert len(_list_paths()) > 20


@pytest.mark.parametrize("path", _list_paths())
def test_it_refuses_limits_and_offsets_out_of_range(as_user, personas, path):
    client = as_user(personas.staff)
    url = "/".join("1" if part.startswith("{") else part for part in path.split("/"))
    for name, value in OUT_OF_RANGE:
        response = client.get(url, {name: value})  # the query is refused before any lookup
        assert response.status_code == 422, f"{path} {name}={value}: {response.status_code}"
        body = response.json()
        assert body["detail"] == "The request is not valid."
        assert name in [e["field"] for e in body["errors"]]
