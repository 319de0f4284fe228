"""The Django admin's own "Change password" page goes through the sign-in throttle like every
other way a password is checked, and the new password revokes the person's API tokens."""

import pytest
from django.test import Client
from django.urls import reverse

from vfmhub.accounts.forms import locked_message
from vfmhub.accounts.models import ApiToken, FailedSignIn
from vfmhub.accounts.services import api_token_create
from vfmhub.accounts.tests.test_password import NEW_PASSWORD
from vfmhub.accounts.tests.test_password_revokes_tokens import api_status, assert_revoked_by
from vfmhub.accounts.tests.test_throttle import site_sign_in
from vfmhub.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LIMIT = 3
CHANGE = "/admin/password_change/"
WRONG = "Your old password was entered incorrectly"


@pytest.fixture(autouse=True)
def low_limit(settings):
    settings.LOGIN_FAILURE_LIMIT = LIMIT


@pytest.fixture
def staff():
    return make_user("kim.admin@example.org", is_staff=True, is_superuser=True)


def change(client: Client, old_password: str):
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    return client.post(CHANGE, {"old_password": old_password, **data})


def test_it_is_the_page_the_admin_links_to():
    assert reverse("admin:password_change") == CHANGE


def test_it_counts_wrong_old_passwords_and_then_refuses_the_right_one(as_user, staff):
    client = as_user(staff)
    for _ in range(LIMIT):
        response = change(client, "guess")
        assert response.status_code == 200
        assert WRONG in response.content.decode()
    assert FailedSignIn.objects.filter(email=staff.email).count() == LIMIT
    response = change(client, PASSWORD)
    assert response.status_code == 200
    assert locked_message() in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    assert FailedSignIn.objects.filter(email=staff.email).count() == LIMIT


def test_it_shares_the_lock_with_the_site_sign_in(as_user, staff):
    for _ in range(LIMIT):
        site_sign_in(Client(), staff.email, "guess")
    response = change(as_user(staff), PASSWORD)
    assert response.status_code == 200
    assert locked_message() in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_it_changes_the_password_and_revokes_the_api_tokens(as_user, staff):
    _, raw = api_token_create(acting_user=staff, name="Nightly export")
    assert api_status(raw) == 200
    client = as_user(staff)
    assert "Change password" in client.get(CHANGE).content.decode()  # the admin's own page
    response = change(client, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("admin:password_change_done")
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    assert api_status(raw) == 401
    assert ApiToken.objects.get(user=staff).revoked_at is not None
    assert_revoked_by(staff, staff)


def test_it_is_for_staff_only(as_user):
    person = make_user("pat.jones@example.org")
    response = change(as_user(person), PASSWORD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
