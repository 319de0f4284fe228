"""Every API response a test produces must match the OpenAPI document (status code and body).

`api_responses_match_the_document` is an autouse fixture (imported by `vfmhub/conftest.py`): it
wraps the test client, checks each /api/v1/ response against the operation's documented response
and fails the test that produced a mismatch, naming the request and what did not match.
`version_of` reads a record's version as the API returns it, for tests that send an update.
"""

import functools
import json
import re
from dataclasses import dataclass

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from vfmhub.core.api.versions import exact_time

PREFIX = "/api/v1/"
SPEC_URI = "urn:vfmhub-openapi"
ERROR_SCHEMA = {"$ref": f"{SPEC_URI}#/components/schemas/ErrorOut"}


def version_of(instance) -> str:
    """The `updated_at` of `instance`'s row as it now stands, as the API's reads return it."""
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    return exact_time(rows.values_list("updated_at", flat=True).get())


@dataclass(frozen=True)
class Route:
    template: str
    pattern: re.Pattern
    literal_segments: int


@functools.cache
def openapi_document() -> dict:
    from vfmhub.api.api import api

    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


@functools.cache
def _routes() -> list[Route]:
    routes = []
    for template in openapi_document()["paths"]:
        regex = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        literal = sum(1 for part in template.split("/") if part and "{" not in part)
        routes.append(Route(template, re.compile(f"^{regex}$"), literal))
    return sorted(routes, key=lambda r: -r.literal_segments)


@functools.cache
def _registry() -> Registry:
    resource = Resource.from_contents(openapi_document(), default_specification=DRAFT202012)
    return Registry().with_resource(SPEC_URI, resource)


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def operation_for(method: str, path: str) -> tuple[str, dict] | None:
    """The documented path template and operation a request reached, if any."""
    for route in _routes():
        if route.pattern.match(path):
            operation = openapi_document()["paths"][route.template].get(method.lower())
            if operation is not None:
                return route.template, operation
    return None


def _schema_errors(schema: dict, body) -> list[str]:
    validator = Draft202012Validator(schema, registry=_registry())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)
    ]


def mismatches(method: str, path: str, status: int, content: bytes) -> list[str]:
    """What about one response does not match the document (nothing when it matches)."""
    if not path.startswith(PREFIX) or status == 405:
        return []  # 405 answers for a path, not an operation; api tests check its shape
    found = operation_for(method, path)
    if found is None:
        return _schema_errors(ERROR_SCHEMA, json.loads(content)) if status >= 400 else []
    template, operation = found
    if str(status) not in operation["responses"]:
        return [f"status {status} is not documented"]
    media = operation["responses"][str(status)].get("content", {}).get("application/json")
    if media is None:
        return ["a body where none is documented"] if content else []
    pointer = _pointer("paths", template, method.lower(), "responses", str(status))
    schema = {"$ref": f"{SPEC_URI}#/{pointer}/content/application~1json/schema"}
    try:
        body = json.loads(content)
    except ValueError:
        return ["the body is not JSON"]
    return _schema_errors(schema, body)


@pytest.fixture(autouse=True)
def api_responses_match_the_document(monkeypatch):
    found: list[str] = []
    original = Client.request

    def checked_request(self, **request):
        response = original(self, **request)
        method, path = request.get("REQUEST_METHOD", "GET"), request.get("PATH_INFO", "")
        if not path.startswith(PREFIX) or getattr(response, "streaming", False):
            return response  # pages and downloads are not the API's
        for problem in mismatches(method, path, response.status_code, response.content):
            found.append(f"{method} {path} -> {response.status_code}: {problem}")
        return response

    monkeypatch.setattr(Client, "request", checked_request)
    yield found
    if found:
        pytest.fail("API responses that do not match the OpenAPI document:\n" + "\n".join(found))
