"""Every update names the version it changes: each update operation in the OpenAPI document, sent
without `updated_at` or `If-Match`, answers 428 and changes nothing (after 403 to a read-only user
and 404 to an outsider); with the version in `If-Match` it goes through; with a stale one it
answers 409. The valid change for each operation is in `update_cases.py`."""

import datetime
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import F

from vfmhub.api.testing import openapi_document, version_of
from vfmhub.api.tests.update_cases import (
    NEWLY_GUARDED,
    UPDATES,
    Case,
    Given,
    change_member,
    save_return,
    submit_return,
    update_attendance,
    update_feedback,
    update_project_funding,
)
from vfmhub.core.api.versions import VERSION_NOT_A_TIME, VERSION_REQUIRED
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.efficiency import services as efficiency_services
from vfmhub.efficiency.tests.conftest import programme  # noqa: F401 (fixture)
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db

JSON = "application/json"
UNSAFE = ("post", "put", "patch", "delete")
ONE_HOUR = datetime.timedelta(hours=1)


def _documented(predicate) -> set[tuple[str, str]]:
    return {
        (method, path)
        for path, operations in openapi_document()["paths"].items()
        for method, operation in operations.items()
        if method in UNSAFE and predicate(method, operation)
    }


def _reader(url: str) -> str:
    """A persona who reads what the change is about but may not make it."""
    partnership_side = "/programme/partnerships/" in url or "/programme/events/" in url
    return "partnership_viewer" if partnership_side else "viewer"


def _send(case: Case, persona, *, version: str | None = None, **headers):
    body = case.body if version is None else {**case.body, "updated_at": version}
    send = getattr(client_for(persona), case.method)
    return send(case.url, json.dumps(body), content_type=JSON, headers=headers)


def _state() -> dict:
    """Every row count and every version of VFM Hub's tables: what an update would change."""
    state: dict[str, object] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("vfmhub."):
            continue
        rows = model._default_manager.order_by("pk")
        if "updated_at" in {f.name for f in model._meta.concrete_fields}:
            state[model._meta.label] = list(rows.values_list("pk", "updated_at"))
        else:
            state[model._meta.label] = rows.count()
    return state


@pytest.fixture
def given(personas, request) -> Given:
    return Given(personas, request)


def _case(given: Given, build) -> Case:
    case = build(given)
    case.method = next(method for (method, _), made_by in UPDATES.items() if made_by is build)
    return case


def _needs_version(method: str, operation: dict) -> bool:
    return "428" in operation["responses"]


def test_the_table_holds_exactly_the_documented_update_operations():
    assert _documented(_needs_version) == set(UPDATES)


def test_every_put_and_patch_is_an_update_operation():
    changes = _documented(lambda method, operation: method in ("put", "patch"))
    assert changes and changes <= _documented(_needs_version)


def test_update_operations_document_the_if_match_header():
    for method, path in UPDATES:
        parameters = openapi_document()["paths"][path][method].get("parameters", [])
        headers = [p["name"] for p in parameters if p["in"] == "header"]
        assert headers == ["If-Match"], (method, path)


@pytest.mark.parametrize("build", UPDATES.values(), ids=lambda build: build.__name__)
def test_it_refuses_an_update_that_names_no_version(given, build):
    case = _case(given, build)
    personas = given.personas
    before = _state()
    for name, expected in ((_reader(case.url), 403), ("outsider", 404)):
        refused = _send(case, personas.user(name))
        assert refused.status_code == expected, (name, refused.json())
    response = _send(case, personas.user(case.writer))
    assert response.status_code == 428, response.json()
    assert response.json() == {"detail": VERSION_REQUIRED, "errors": []}
    assert _state() == before
    accepted = _send(case, personas.user(case.writer), **{"If-Match": version_of(case.row)})
    assert accepted.status_code in (200, 201), accepted.json()
    assert _state() != before


@pytest.mark.parametrize("build", NEWLY_GUARDED, ids=lambda build: build.__name__)
def test_it_refuses_a_stale_version(given, build):
    case = _case(given, build)
    read = version_of(case.row)
    moved_on = F("updated_at") + datetime.timedelta(seconds=1)
    type(case.row)._default_manager.filter(pk=case.row.pk).update(updated_at=moved_on)
    before = _state()
    response = _send(case, given.personas.user(case.writer), version=read)
    assert response.status_code == 409, response.json()
    assert response.json() == {"detail": CHANGED_SINCE_OPENED, "errors": []}
    assert _state() == before


def test_it_refuses_a_body_and_an_if_match_that_differ(given):
    case = _case(given, update_attendance)
    read = version_of(case.row)
    earlier = datetime.datetime.fromisoformat(read) - datetime.timedelta(seconds=1)
    before = _state()
    writer = given.personas.user(case.writer)
    response = _send(case, writer, version=read, **{"If-Match": earlier.isoformat()})
    assert response.status_code == 409
    assert _state() == before
    # The same moment in another offset, quoted as an entity tag: the same version.
    same = datetime.datetime.fromisoformat(read).astimezone(datetime.timezone(-ONE_HOUR))
    agreed = _send(case, writer, version=read, **{"If-Match": f'"{same.isoformat()}"'})
    assert agreed.status_code == 200


@pytest.mark.parametrize(
    ("if_match", "status"), [("*", 428), ("yesterday", 422), ("2009-06-09T10:00:00", 422)]
)
def test_it_reads_only_a_moment_from_if_match(given, if_match, status):
    """`*` (any version) names none; a value that is not a moment with its offset is refused."""
    case = _case(given, update_feedback)
    before = _state()
    response = _send(case, given.personas.user(case.writer), **{"If-Match": if_match})
    assert response.status_code == status
    if status == 422:
        assert response.json()["errors"] == [{"field": "If-Match", "message": VERSION_NOT_A_TIME}]
    assert _state() == before


def test_saving_a_return_needs_a_version_once_a_draft_exists(given):
    case = _case(given, save_return)
    case.row.delete()
    writer = given.personas.user(case.writer)
    started = _send(case, writer)  # no draft yet: the save starts one, with no version to name
    assert (started.status_code, started.json()["status"]) == (200, "draft")
    assert _send(case, writer).status_code == 428
    changed = _send(case, writer, version=started.json()["updated_at"])
    assert (changed.status_code, changed.json()["id"]) == (200, started.json()["id"])


def test_a_draft_started_since_is_not_overwritten_by_a_save_that_expected_none(given):
    """Two first saves: the one that finds the other's draft under the lock is refused."""
    case = _case(given, save_return)
    with pytest.raises(ValidationError) as refused:
        efficiency_services.return_save(
            acting_user=given.personas.editor,
            programme=given.fixture("programme"),
            organisation=given.personas.org_a,
            year=2009,
            kind="forecast",
            narrative="Mine",
            version_required=True,
        )
    assert [e.code for e in refused.value.error_list] == ["stale"]
    case.row.refresh_from_db()
    assert getattr(case.row, "narrative") == ""  # noqa: B009 (a row of any model)


@pytest.mark.parametrize(
    ("build", "listing"),
    [
        (update_attendance, "attendance"),
        (update_feedback, "feedback"),
        (update_project_funding, "funding"),
        (submit_return, "returns"),
        (change_member, "members"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_reads_give_the_version_to_send_back(given, build, listing):
    """The records whose reads had no `updated_at`: the list gives it, exact, and it is accepted."""
    case = _case(given, build)
    reader = given.personas.user(case.writer)
    url = case.url.split(f"/{listing}/")[0] + f"/{listing}"
    items = client_for(reader).get(url).json()["items"]
    read = next(item["updated_at"] for item in items if item["id"] == case.row.pk)
    assert read == version_of(case.row)
    assert _send(case, reader, version=read).status_code == 200
