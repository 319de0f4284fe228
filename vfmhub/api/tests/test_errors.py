"""Every API error has the shape {"detail": …, "errors": [{"field": …, "message": …}]}."""

import logging

import pytest

from vfmhub.api.api import SERVER_ERROR
from vfmhub.organisations import selectors

pytestmark = pytest.mark.django_db

ERROR_SHAPE = {"detail", "errors"}


def test_it_answers_an_unexpected_failure_in_the_error_shape(
    as_user, personas, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr(selectors, "organisations_for_user", broken)
    with caplog.at_level(logging.ERROR, logger="vfmhub.api.api"):
        response = as_user(personas.viewer).get("/api/v1/organisations")
    assert response.status_code == 500
    assert response.json() == {"detail": SERVER_ERROR, "errors": []}
    assert "the database fell over" in caplog.text  # logged with its traceback, not shown


def test_it_answers_a_method_not_allowed_in_the_error_shape(as_user, personas):
    response = as_user(personas.viewer).put("/api/v1/organisations", {})
    assert response.status_code == 405
    assert response.json() == {"detail": "Method not allowed.", "errors": []}
    assert response["Allow"] == "GET"


def test_it_answers_a_body_that_is_not_json_in_the_error_shape(as_user, personas):
    url = f"/api/v1/organisations/{personas.org_a.pk}/members"
    response = as_user(personas.manager).post(url, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == ERROR_SHAPE


def test_it_answers_a_missing_sign_in_in_the_error_shape(client):
    response = client.post("/api/v1/plans", {}, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in or send a valid API token.", "errors": []}


@pytest.mark.parametrize("method", ["get", "post", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/plans/a%0Ab/share"])
def test_it_answers_an_unknown_path_in_the_error_shape(as_user, personas, method, path):
    # A POST with a token and no CSRF cookie once met the CSRF page, and a newline the site's 404.
    response = getattr(as_user(personas.manager), method)(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_it_refuses_an_id_too_large_for_the_database(as_user, personas):
    owner = as_user(personas.manager)
    response = owner.post(
        "/api/v1/plans",
        {"organisation_id": personas.org_a.pk, "title": "Plan", "owner_id": 2**70},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()) == ERROR_SHAPE
    assert owner.get(f"/api/v1/plans/{2**70}").status_code in (404, 422)


def test_it_refuses_null_for_text_that_can_only_be_left_out(as_user, personas):
    # Once a 500: `description: null` reached the database's NOT NULL constraint.
    owner = as_user(personas.manager)
    created = owner.post(
        "/api/v1/plans",
        {"organisation_id": personas.org_a.pk, "title": "Plan"},
        content_type="application/json",
    ).json()
    response = owner.patch(
        f"/api/v1/plans/{created['id']}",
        {"description": None, "updated_at": created["updated_at"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["description"]


@pytest.mark.parametrize("email", ["", "   ", "not an address"])
def test_it_refuses_a_member_with_no_usable_email(as_user, personas, email):
    # Once a 500: the user model's own check raised ValueError for a blank address.
    response = as_user(personas.manager).post(
        f"/api/v1/organisations/{personas.org_a.pk}/members",
        {"email": email, "role": "viewer"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["email"]
