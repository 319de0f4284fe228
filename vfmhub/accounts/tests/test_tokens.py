import pytest
from django.urls import reverse

from vfmhub.accounts.models import ApiToken, hash_token
from vfmhub.audit.models import AuditEvent
from vfmhub.testing import make_user

pytestmark = pytest.mark.django_db

URL = "/account/tokens/"


@pytest.fixture
def person():
    return make_user("pat.jones@example.org")


def test_it_lives_at_a_stable_url():
    assert reverse("accounts:tokens") == URL


def test_it_creates_a_token_and_shows_it_once(as_user, person):
    client = as_user(person)
    response = client.post(URL, {"name": "Monthly returns script"})
    assert response.status_code == 302
    assert response.url == URL

    token = ApiToken.objects.get(user=person)
    first = client.get(URL).content.decode()
    assert 'data-testid="new-token"' in first
    raw = first.split('data-testid="new-token"')[1].split("<code>")[1].split("</code>")[0]
    assert raw.startswith("vfm_")
    assert token.name == "Monthly returns script"
    assert token.hint == raw[:8]

    second = client.get(URL).content.decode()
    assert raw not in second
    assert 'data-testid="new-token"' not in second
    assert "Monthly returns script" in second
    assert f"{token.hint}…" in second


def test_it_stores_only_the_hash(as_user, person):
    client = as_user(person)
    client.post(URL, {"name": "Script"})
    raw = client.get(URL).context["new_token"]
    token = ApiToken.objects.get(user=person)
    assert token.token_hash == hash_token(raw)
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert raw not in stored
    event = AuditEvent.objects.get(action="api_token.create")
    assert raw not in str(event.changes)
    assert event.actor == person


def test_it_requires_a_name(as_user, person):
    response = as_user(person).post(URL, {"name": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "govuk-error-message" in body
    assert not ApiToken.objects.exists()


def test_it_lists_only_my_tokens(as_user, person):
    other = make_user("someone.else@example.org")
    as_user(other).post(URL, {"name": "Their script"})
    as_user(person).post(URL, {"name": "My script"})
    body = as_user(person).get(URL).content.decode()
    assert "My script" in body
    assert "Their script" not in body


def test_it_revokes_a_token(as_user, person):
    client = as_user(person)
    client.post(URL, {"name": "Script"})
    token = ApiToken.objects.get(user=person)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert response.url == URL
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.actor == person
    body = client.get(URL).content.decode()
    assert "The token ‘Script’ has been revoked." in body
    assert "Revoked" in body


def test_it_refuses_to_revoke_with_get(as_user, person):
    client = as_user(person)
    client.post(URL, {"name": "Script"})
    token = ApiToken.objects.get(user=person)
    assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_hides_another_persons_token(as_user, person):
    other = make_user("someone.else@example.org")
    as_user(other).post(URL, {"name": "Their script"})
    token = ApiToken.objects.get(user=other)
    response = as_user(person).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEvent.objects.filter(action="api_token.revoke").exists()


def test_it_pins_its_queries(as_user, person, django_assert_num_queries):
    client = as_user(person)
    for name in ("One", "Two", "Three"):
        client.post(URL, {"name": name})
    client.get(URL)  # the page that shows the last new token once
    # session, user, the page's tokens
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.context["tokens"].count() == 3
