import re

import pytest
from django.urls import reverse

from vfmhub.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-2026"


@pytest.fixture
def person():
    return make_user("pat.jones@example.org")


def test_it_changes_the_password(as_user, person):
    client = as_user(person)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    # The session survives the change.
    assert client.get(reverse("accounts:password_change_done")).status_code == 200


def test_it_refuses_a_wrong_old_password(as_user, person):
    response = as_user(person).post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "govuk-error-message" in body
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_it_refuses_a_weak_new_password(as_user, person):
    response = as_user(person).post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def _reset_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_it_emails_a_reset_link(client, person, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "PAT.Jones@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["pat.jones@example.org"]
    assert message.subject == "Reset your VFM Hub password"
    assert "Someone asked to reset the password for pat.jones@example.org" in message.body
    assert _reset_link(message).startswith("/password-reset/")


def test_it_does_not_reveal_whether_an_email_has_an_account(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_it_sets_a_new_password_from_the_link_once(client, person, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": person.email})
    link = _reset_link(mailoutbox[0])
    # Django swaps the token for a session marker and redirects to a URL without it.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    assert form_page.context["validlink"] is True
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "This link has expired or has already been used." in again.content.decode()


def test_it_refuses_a_tampered_reset_link(client, person, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": person.email})
    link = _reset_link(mailoutbox[0])
    tampered = link[:-2] + ("x/" if link[-2] != "x" else "y/")
    response = client.get(tampered, follow=True)
    assert response.context["validlink"] is False
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
