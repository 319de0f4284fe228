"""Permission before validation: every write operation in the OpenAPI document, sent a body that
is not valid by a read-only persona, answers 403 (and 404 to an outsider), never 422."""

import datetime

import pytest

from vfmhub.api.testing import openapi_document
from vfmhub.assessments import services as assessment_services
from vfmhub.assessments.models import AssessmentKind
from vfmhub.efficiency.tests.conftest import programme  # noqa: F401 (fixture)
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.plans import services as plan_services
from vfmhub.programme.services import events as services_events

pytestmark = pytest.mark.django_db

UNSAFE = ("post", "put", "patch", "delete")
INVALID: list[list] = [[]]  # a list of a list: no field of any body here accepts it
# Path values with no object behind them: each check refuses at the owning object first.
MISSING = 987654


def _write_operations() -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, operations in openapi_document()["paths"].items()
        for method, operation in operations.items()
        if method in UNSAFE
    ]


@pytest.fixture
def objects(personas, programme):  # noqa: F811
    load_frameworks()
    version = FrameworkVersion.objects.get(framework__code="use-of-resources", code="2008-09")
    assessment = assessment_services.assessment_start(
        acting_user=personas.manager,
        organisation=personas.org_a,
        version=version,
        year=2008,
        kind=AssessmentKind.SELF,
    )
    plan = plan_services.plan_create(
        acting_user=personas.manager, organisation=personas.org_a, title="Plan", year=2009
    )
    improvement = services_events.improvement_programme_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="UoR programme",
        year=2009,
    )
    event = services_events.event_create(
        acting_user=personas.partnership_manager,
        programme=improvement,
        title="Workshop 1",
        date=datetime.date(2009, 6, 9),
    )
    membership = personas.org_a.memberships.get(user=personas.editor)
    return {
        "organisation_id": personas.org_a.pk,
        "partnership_id": personas.partnership.pk,
        "membership_id": membership.pk,
        "assessment_id": assessment.pk,
        "criterion_id": assessment.scores.values_list("criterion_id", flat=True)[0],
        "plan_id": plan.pk,
        "efficiency_programme_id": programme.pk,
        "improvement_programme_id": improvement.pk,
        "event_id": event.pk,
        "year": 2009,
    }


def _url(path: str, objects: dict) -> str:
    values = dict(objects)
    key = "efficiency_programme_id" if "/efficiency/" in path else "improvement_programme_id"
    values["programme_id"] = objects[key]
    for name in [part[1:-1] for part in path.split("/") if part.startswith("{")]:
        path = path.replace("{" + name + "}", str(values.get(name, MISSING)))
    return path


def _partnership_side(path: str) -> bool:
    return "{partnership_id}" in path or "/programme/events" in path or "improvement" in path


def _invalid_body(operation: dict, objects: dict) -> dict:
    """Every field of the body not valid, but an organisation named in it (plans, assessments)."""
    ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    name = ref.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
    fields = openapi_document()["components"]["schemas"].get(name, {}).get("properties", {})
    body = dict.fromkeys(fields, INVALID)
    if "organisation_id" in body:
        body["organisation_id"] = objects["organisation_id"]
    return body or {"unexpected": INVALID}


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in _write_operations()])
def test_it_refuses_a_read_only_user_before_reading_the_body(
    as_user, personas, objects, method, path
):
    operation = openapi_document()["paths"][path][method]
    url, body = _url(path, objects), _invalid_body(operation, objects)
    reader = "partnership_viewer" if _partnership_side(path) else "viewer"
    for name, expected in ((reader, 403), ("outsider", 404)):
        client = as_user(personas.user(name))
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == expected, (
            f"{method.upper()} {url} as {name}: {response.status_code} {response.content[:200]}"
        )
        assert set(response.json()) == {"detail", "errors"}


def test_every_write_operation_declares_its_access_check():
    from vfmhub.api.api import api
    from vfmhub.core.api.writes import UNSAFE_METHODS, declared_check

    undeclared = [
        operation.view_func.__name__
        for bound in api._get_bound_routers()
        for view in bound.path_operations.values()
        for operation in view.operations
        if UNSAFE_METHODS & set(operation.methods) and declared_check(operation.view_func) is None
    ]
    assert undeclared == []
