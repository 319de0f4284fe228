import datetime

import pytest
from django.test import Client

from vfmhub.accounts.models import ApiToken
from vfmhub.accounts.services import api_token_create, api_token_revoke
from vfmhub.lib import clock

pytestmark = pytest.mark.django_db

UNAUTHENTICATED = {"detail": "Sign in or send a valid API token.", "errors": []}


def bearer(raw: str, **kwargs) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"}, **kwargs)


@pytest.fixture
def token(personas):
    return api_token_create(acting_user=personas.viewer, name="Script")


def test_it_signs_in_with_a_bearer_token(personas, token):
    _, raw = token
    response = bearer(raw).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == "viewer@example.org"


def test_it_records_when_a_token_was_last_used(personas, token):
    record, raw = token
    assert record.last_used_at is None
    bearer(raw).get("/api/v1/me")
    record.refresh_from_db()
    assert record.last_used_at is not None
    assert clock.now() - record.last_used_at < datetime.timedelta(minutes=1)


def test_it_refuses_a_revoked_token(personas, token):
    record, raw = token
    api_token_revoke(acting_user=personas.viewer, token=record)
    response = bearer(raw).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_it_refuses_the_token_of_a_switched_off_account(personas, token):
    _, raw = token
    personas.viewer.is_active = False
    personas.viewer.save()
    assert bearer(raw).get("/api/v1/me").status_code == 401


def test_it_refuses_a_made_up_token(personas, token):
    _, raw = token
    response = bearer(raw[:-1] + ("A" if raw[-1] != "A" else "B")).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_it_refuses_the_stored_hash_as_a_token(personas, token):
    record, _ = token
    assert bearer(record.token_hash).get("/api/v1/me").status_code == 401


def test_it_refuses_a_request_without_credentials(client, personas):
    response = client.get("/api/v1/organisations")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_it_accepts_a_signed_in_session_for_reads(as_user, personas):
    response = as_user(personas.manager).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": personas.manager.pk,
        "email": "manager@example.org",
        "full_name": "",
        "is_staff": False,
    }


def test_it_refuses_a_session_write_without_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.manager)
    response = client.post(
        f"/api/v1/organisations/{personas.org_a.pk}/members",
        {"email": "new.person@example.org", "role": "viewer"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert not personas.org_a.memberships.filter(user__email="new.person@example.org").exists()


def test_it_accepts_a_session_write_with_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.manager)
    client.get("/")  # every page sets the CSRF cookie for its sign-out form
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        f"/api/v1/organisations/{personas.org_a.pk}/members",
        {"email": "new.person@example.org", "role": "viewer"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201
    assert personas.org_a.memberships.filter(user__email="new.person@example.org").exists()


def test_it_needs_no_csrf_token_with_a_bearer_token(personas):
    _, raw = api_token_create(acting_user=personas.manager, name="Script")
    response = bearer(raw, enforce_csrf_checks=True).post(
        f"/api/v1/organisations/{personas.org_a.pk}/members",
        {"email": "new.person@example.org", "role": "viewer"},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_it_gives_a_token_only_its_owners_roles(personas):
    _, raw = api_token_create(acting_user=personas.outsider, name="Script")
    response = bearer(raw).get(f"/api/v1/organisations/{personas.org_a.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}
    assert ApiToken.objects.count() == 1


def test_it_answers_unknown_api_paths_in_the_error_shape(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_it_serves_the_docs_scripts_locally(personas, as_user):
    body = as_user(personas.viewer).get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in body
    assert "/static/ninja/swagger-ui-bundle.js" in body
