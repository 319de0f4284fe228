import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

ERROR_SHAPE = {"detail", "errors"}


def test_it_publishes_a_valid_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)  # raises with the offending path if the document is not valid OpenAPI
    assert spec["info"]["title"] == "VFM Hub API"
    assert spec["openapi"].startswith("3.")


def test_it_documents_every_endpoint_with_both_ways_to_sign_in(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/me",
        "/api/v1/organisations",
        "/api/v1/organisations/{organisation_id}",
        "/api/v1/organisations/{organisation_id}/members",
        "/api/v1/organisations/{organisation_id}/members/{membership_id}",
        "/api/v1/partnerships",
        "/api/v1/partnerships/{partnership_id}",
        "/api/v1/partnerships/{partnership_id}/members",
        "/api/v1/partnerships/{partnership_id}/people",
    } <= set(spec["paths"])
    schemes = spec["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionWithCsrf"]["in"] == "cookie"
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation.get("security"), f"{method.upper()} {path} has no security"


def test_it_documents_limit_and_offset_on_lists(client):
    spec = client.get("/api/v1/openapi.json").json()
    parameters = spec["paths"]["/api/v1/organisations"]["get"]["parameters"]
    by_name = {p["name"]: p["schema"] for p in parameters}
    assert by_name["limit"]["default"] == 50
    assert by_name["limit"]["maximum"] == 500
    assert by_name["offset"]["minimum"] == 0


def test_it_renders_the_interactive_docs(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>API documentation – VFM Hub</title>" in body
    assert "/api/v1/openapi.json" in body


def test_it_answers_validation_errors_in_the_error_shape(as_user, personas):
    response = as_user(personas.staff).get("/api/v1/organisations?limit=many")
    assert response.status_code == 422
    body = response.json()
    assert set(body) == ERROR_SHAPE
    assert body["detail"] == "The request is not valid."
    assert body["errors"][0]["field"] == "limit"


def _schema_classes() -> dict[str, set[str]]:
    """Every pydantic model and enum an operation reads or answers with, by name."""
    import enum

    import pydantic

    from vfmhub.api.api import api

    found: dict[str, set[str]] = {}

    def walk(annotation) -> None:
        for arg in getattr(annotation, "__args__", ()) or ():
            walk(arg)
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            found.setdefault(annotation.__name__, set()).add(annotation.__module__)
        if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
            key = f"{annotation.__module__}.{annotation.__qualname__}"
            if key in seen:
                return
            seen.add(key)
            found.setdefault(annotation.__name__, set()).add(annotation.__module__)
            for field in annotation.model_fields.values():
                walk(field.annotation)

    seen: set[str] = set()
    for bound in api._get_bound_routers():
        for view in bound.path_operations.values():
            for operation in view.operations:
                for model in operation.response_models.values():
                    walk(model)
                for model in operation.models:
                    walk(model)
    return found


def test_it_gives_every_schema_its_own_name():
    collisions = {name: modules for name, modules in _schema_classes().items() if len(modules) > 1}
    assert collisions == {}


def test_it_lists_every_plan_status(client):
    from vfmhub.plans.models import PlanStatus

    spec = client.get("/api/v1/openapi.json").json()
    assert spec["components"]["schemas"]["PlanStatus"]["enum"] == list(PlanStatus.values)


def test_it_documents_the_error_responses_of_every_operation(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert set(spec["components"]["schemas"]["ErrorOut"]["properties"]) == ERROR_SHAPE
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            expected = {"401", "403", "404", "422", "500"}
            if method in ("post", "put", "patch", "delete"):
                expected |= {"400", "409"}
            assert expected <= set(operation["responses"]), f"{method.upper()} {path}"
