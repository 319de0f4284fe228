import pytest
from django.test import Client
from django.urls import reverse

from vfmhub.accounts.forms import locked_message
from vfmhub.accounts.models import FailedSignIn
from vfmhub.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db

WRONG = "Enter a correct email address and password."


@pytest.fixture
def person():
    return make_user("pat.jones@example.org", full_name="Pat Jones")


def sign_in(client: Client, email: str, password: str, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password, **extra}
    )


def signed_in_user_id(client: Client):
    return client.session.get("_auth_user_id")


def test_it_shows_the_sign_in_page_without_signing_in(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sign in to VFM Hub" in body
    assert 'name="username"' in body
    assert 'type="email"' in body


def test_it_signs_in_by_email_and_goes_home(client, person):
    response = sign_in(client, "pat.jones@example.org", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert signed_in_user_id(client) == str(person.pk)


def test_it_ignores_the_case_of_the_email(client, person):
    response = sign_in(client, "  Pat.JONES@Example.ORG ", PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(person.pk)


def test_it_follows_a_safe_next_url(client, person):
    response = sign_in(client, person.email, PASSWORD, next=reverse("accounts:tokens"))
    assert response.url == reverse("accounts:tokens")


def test_it_ignores_a_next_url_on_another_site(client, person):
    response = sign_in(client, person.email, PASSWORD, next="https://evil.example.com/")
    assert response.url == reverse("core:home")


def test_it_refuses_a_wrong_password_with_a_govuk_error(client, person):
    response = sign_in(client, person.email, "not-my-password")
    assert response.status_code == 200
    body = response.content.decode()
    assert WRONG in body
    assert "There is a problem" in body
    assert signed_in_user_id(client) is None
    assert FailedSignIn.objects.filter(email="pat.jones@example.org").count() == 1


def test_it_gives_the_same_message_for_an_unknown_email(client, person):
    response = sign_in(client, "nobody@example.org", PASSWORD)
    assert WRONG in response.content.decode()
    assert FailedSignIn.objects.filter(email="nobody@example.org").count() == 1


def test_it_refuses_a_switched_off_account(client, person):
    person.is_active = False
    person.save()
    response = sign_in(client, person.email, PASSWORD)
    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_it_locks_the_account_after_too_many_failures(client, person, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        response = sign_in(client, person.email, "guess")
        assert locked_message() not in response.content.decode()
    # The right password does not help while the account is locked.
    response = sign_in(client, "PAT.JONES@example.org", PASSWORD)
    assert response.status_code == 200
    assert locked_message() in response.content.decode()
    assert signed_in_user_id(client) is None


def test_it_counts_failures_only_within_the_window(client, person, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_FAILURE_WINDOW_MINUTES = 15
    sign_in(client, person.email, "guess")
    sign_in(client, person.email, "guess")
    FailedSignIn.objects.update(at="2000-01-01T00:00:00Z")
    response = sign_in(client, person.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(person.pk)


def test_it_clears_failures_after_a_success(client, person, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    sign_in(client, person.email, "guess")
    sign_in(client, person.email, "guess")
    assert sign_in(client, person.email, PASSWORD).status_code == 302
    assert not FailedSignIn.objects.filter(email=person.email).exists()
    other = Client()
    sign_in(other, person.email, "guess")
    sign_in(other, person.email, "guess")
    assert sign_in(other, person.email, PASSWORD).status_code == 302


def test_it_does_not_clear_failures_when_the_password_is_left_out(client, person, settings):
    # An empty password never reaches authentication; it must not count as a success either,
    # or a guesser could reset the counter between guesses.
    settings.LOGIN_FAILURE_LIMIT = 3
    sign_in(client, person.email, "guess")
    sign_in(client, person.email, "guess")
    sign_in(client, person.email, "")
    assert FailedSignIn.objects.filter(email=person.email).count() == 2
    sign_in(client, person.email, "guess")
    assert locked_message() in sign_in(client, person.email, PASSWORD).content.decode()


def test_it_locks_one_account_without_locking_others(client, person, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    other = make_user("sam.lee@example.org")
    sign_in(client, person.email, "guess")
    sign_in(client, person.email, "guess")
    response = Client().post(
        reverse("accounts:login"), {"username": other.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_it_sends_a_signed_in_person_home_from_the_sign_in_page(as_user, person):
    response = as_user(person).get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response.url == reverse("core:home")
