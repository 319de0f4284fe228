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
