import pytest

from vfmhub.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_it_describes_the_signed_in_person(as_user, personas):
    personas.editor.full_name = "Eddie Tor"
    personas.editor.save()
    response = as_user(personas.editor).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": personas.editor.pk,
        "email": "editor@example.org",
        "full_name": "Eddie Tor",
        "is_staff": False,
    }


def test_it_says_whether_the_person_is_staff(as_user, personas):
    assert as_user(personas.staff).get("/api/v1/me").json()["is_staff"] is True


def test_it_describes_the_tokens_owner(client, personas, django_assert_num_queries):
    _, raw = api_token_create(acting_user=personas.auditor, name="Script")
    headers = {"Authorization": f"Bearer {raw}"}
    client.get("/api/v1/me", headers=headers)  # records last use, once every few minutes
    # the token with its user
    with django_assert_num_queries(1):
        response = client.get("/api/v1/me", headers=headers)
    assert response.json()["email"] == "auditor@example.org"
