"""A new password (changed, reset or set by an admin) revokes the person's API tokens."""

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from vfmhub.accounts.models import ApiToken
from vfmhub.accounts.services import TOKEN_REVOKED_WITH_PASSWORD, api_token_create
from vfmhub.accounts.tests.test_password import NEW_PASSWORD, _reset_link
from vfmhub.audit.models import AuditEvent
from vfmhub.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


@pytest.fixture
def person():
    return make_user("pat.jones@example.org")


@pytest.fixture
def raw_token(person):
    _, raw = api_token_create(acting_user=person, name="Monthly returns script")
    assert api_status(raw) == 200
    return raw


def api_status(raw: str) -> int:
    return Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def assert_revoked_by(actor, person, action="user.password_change"):
    token = ApiToken.objects.get(user=person)
    assert token.revoked_at is not None
    revoke = AuditEvent.objects.get(action="api_token.revoke")
    assert revoke.actor == actor
    assert revoke.object_id == str(token.pk)
    assert revoke.note == TOKEN_REVOKED_WITH_PASSWORD
    change = AuditEvent.objects.get(action=action)
    assert change.actor == actor
    assert change.object_id == str(person.pk)
    assert change.note == "API tokens revoked: 1."
    assert person.password not in str(change.changes)


def test_it_revokes_tokens_when_the_password_is_changed(as_user, person, raw_token):
    response = as_user(person).post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert api_status(raw_token) == 401
    assert_revoked_by(person, person)


def test_it_revokes_tokens_when_the_password_is_reset(client, person, raw_token, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": person.email})
    form_page = client.get(_reset_link(mailoutbox[0]), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert api_status(raw_token) == 401
    assert_revoked_by(person, person)


def test_it_revokes_tokens_when_an_admin_sets_the_password(as_user, person, raw_token):
    staff = make_user("kim.admin@example.org", is_staff=True, is_superuser=True)
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    response = as_user(staff).post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "set-password": "1"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert api_status(raw_token) == 401
    assert_revoked_by(staff, person)


def test_it_revokes_tokens_when_an_admin_switches_password_sign_in_off(as_user, person, raw_token):
    staff = make_user("kim.admin@example.org", is_staff=True, is_superuser=True)
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    response = as_user(staff).post(url, {"usable_password": "false", "unset-password": "1"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.has_usable_password()
    assert api_status(raw_token) == 401
    assert_revoked_by(staff, person, action="user.password_disable")


def test_it_keeps_tokens_when_other_details_change(person, raw_token):
    person.full_name = "Pat Jones-Smith"
    person.save()
    assert api_status(raw_token) == 200
    assert not AuditEvent.objects.filter(action="api_token.revoke").exists()


def test_it_keeps_tokens_when_signing_in_upgrades_the_stored_hash(person, raw_token):
    # Django re-hashes an outdated hash (here a short salt) on a right password; not a change.
    person.password = make_password(PASSWORD, salt="short", hasher="md5")
    person.save(update_fields=["password"])
    outdated = person.password
    data = {"username": person.email, "password": PASSWORD}
    assert Client().post(reverse("accounts:login"), data).status_code == 302
    person.refresh_from_db()
    assert person.password != outdated
    assert api_status(raw_token) == 200
    assert not AuditEvent.objects.filter(action="user.password_change").exists()


def test_it_revokes_only_that_persons_tokens(as_user, person, raw_token):
    other = make_user("sam.lee@example.org")
    _, others_raw = api_token_create(acting_user=other, name="Their script")
    person.set_password(NEW_PASSWORD)
    person.save()
    assert api_status(raw_token) == 401
    assert api_status(others_raw) == 200
