"""One sign-in throttle for every way a password is checked (vfmhub/accounts/backends.py).

The site's sign-in, the Django admin's, the old password when changing it and any caller of
`django.contrib.auth.authenticate()` share the lock on an email address; a reset by the emailed
link lifts it.
"""

import pytest
from django.contrib.auth import authenticate, user_logged_in, user_login_failed
from django.test import Client
from django.urls import reverse

from vfmhub.accounts.forms import locked_message
from vfmhub.accounts.models import ApiToken, FailedSignIn
from vfmhub.accounts.tests.test_password import NEW_PASSWORD, _reset_link
from vfmhub.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LIMIT = 3
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def low_limit(settings):
    settings.LOGIN_FAILURE_LIMIT = LIMIT


@pytest.fixture
def staff():
    return make_user("kim.admin@example.org", is_staff=True, is_superuser=True)


def admin_sign_in(client: Client, email: str, password: str):
    return client.post(ADMIN_LOGIN, {"username": email, "password": password, "next": "/admin/"})


def site_sign_in(client: Client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def signed_in_user_id(client: Client):
    return client.session.get("_auth_user_id")


def test_it_counts_wrong_passwords_at_the_admin_sign_in(staff):
    client = Client()
    for _ in range(30):
        response = admin_sign_in(client, staff.email, "guess")
        assert response.status_code == 200
    # Attempts at a locked account are refused before they are counted or checked.
    assert FailedSignIn.objects.filter(email=staff.email).count() == LIMIT


def test_it_refuses_the_right_password_at_the_admin_sign_in_when_locked(staff):
    client = Client()
    for _ in range(30):
        admin_sign_in(client, staff.email, "guess")
    response = admin_sign_in(client, staff.email, PASSWORD)
    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    assert Client().get("/admin/").status_code == 302


def test_it_still_signs_staff_in_at_the_admin_with_the_right_password(staff):
    client = Client()
    admin_sign_in(client, staff.email, "guess")
    response = admin_sign_in(client, staff.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(staff.pk)
    assert not FailedSignIn.objects.filter(email=staff.email).exists()


def test_it_shares_the_lock_between_the_admin_and_the_site(staff):
    for _ in range(LIMIT):
        admin_sign_in(Client(), staff.email.upper(), "guess")
    response = site_sign_in(Client(), staff.email, PASSWORD)
    assert response.status_code == 200
    assert locked_message() in response.content.decode()


def test_it_refuses_a_locked_account_to_any_caller_of_authenticate(staff):
    failures = []
    user_login_failed.connect(lambda **kw: failures.append(kw), weak=False, dispatch_uid="t")
    try:
        for _ in range(LIMIT):
            assert authenticate(None, username=staff.email, password="guess") is None
        assert authenticate(None, username=staff.email, password=PASSWORD) is None
    finally:
        user_login_failed.disconnect(dispatch_uid="t")
    assert len(failures) == LIMIT + 1
    assert FailedSignIn.objects.filter(email=staff.email).count() == LIMIT


def test_it_counts_an_unknown_email_the_same_way():
    for _ in range(LIMIT + 2):
        assert authenticate(None, username="nobody@example.org", password="guess") is None
    assert FailedSignIn.objects.filter(email="nobody@example.org").count() == LIMIT


def test_it_records_the_address_of_each_failure(staff):
    Client(REMOTE_ADDR="203.0.113.9").post(ADMIN_LOGIN, {"username": staff.email, "password": "x"})
    assert FailedSignIn.objects.get(email=staff.email).ip_address == "203.0.113.9"


def test_it_gives_no_api_token_to_an_account_locked_at_the_admin(staff):
    # API tokens are made on a signed-in page; the lock stops the sign-in that would reach it.
    client = Client()
    for _ in range(30):
        admin_sign_in(client, staff.email, "guess")
    site_sign_in(client, staff.email, PASSWORD)
    admin_sign_in(client, staff.email, PASSWORD)
    response = client.post(reverse("accounts:tokens"), {"name": "Script"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not ApiToken.objects.exists()


def test_it_counts_a_wrong_old_password_when_changing_it(as_user):
    person = make_user("pat.jones@example.org")
    client = as_user(person)
    url = reverse("accounts:password_change")
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(LIMIT):
        response = client.post(url, {"old_password": "guess", **data})
        assert "Your old password was entered incorrectly" in response.content.decode()
    response = client.post(url, {"old_password": PASSWORD, **data})
    assert response.status_code == 200
    assert locked_message() in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_it_lifts_the_lock_when_the_password_is_reset_by_the_emailed_link(client, mailoutbox):
    # The link proves the person holds the mailbox; the lock's message tells them to reset.
    person = make_user("pat.jones@example.org")
    for _ in range(LIMIT):
        site_sign_in(Client(), person.email, "guess")
    client.post(reverse("accounts:password_reset"), {"email": person.email})
    form_page = client.get(_reset_link(mailoutbox[0]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert not FailedSignIn.objects.filter(email=person.email).exists()
    other = Client()
    assert site_sign_in(other, person.email, NEW_PASSWORD).status_code == 302
    assert signed_in_user_id(other) == str(person.pk)


def test_it_signs_in_once_per_success(staff):
    signed_in = []
    user_logged_in.connect(lambda **kw: signed_in.append(kw), weak=False, dispatch_uid="t")
    try:
        assert site_sign_in(Client(), staff.email, PASSWORD).status_code == 302
    finally:
        user_logged_in.disconnect(dispatch_uid="t")
    assert len(signed_in) == 1
    assert not FailedSignIn.objects.exists()


def test_it_lists_failed_sign_ins_for_staff_read_only(as_user, staff):
    Client(REMOTE_ADDR="203.0.113.9").post(
        ADMIN_LOGIN, {"username": "x@example.org", "password": "x"}
    )
    client = as_user(staff)
    body = client.get("/admin/accounts/failedsignin/").content.decode()
    assert "x@example.org" in body
    assert "203.0.113.9" in body
    assert client.get("/admin/accounts/failedsignin/add/").status_code == 403
