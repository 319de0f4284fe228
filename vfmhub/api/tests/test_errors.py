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
