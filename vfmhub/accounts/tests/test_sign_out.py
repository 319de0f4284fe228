import pytest
from django.urls import reverse

from vfmhub.testing import make_user

pytestmark = pytest.mark.django_db


def test_it_signs_out_on_post(as_user):
    client = as_user(make_user("pat@example.org"))
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("core:home")).status_code == 302


def test_it_refuses_to_sign_out_on_get(as_user):
    # A link or image elsewhere must not be able to sign a person out.
    client = as_user(make_user("pat@example.org"))
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert client.get(reverse("core:home")).status_code == 200


def test_it_offers_a_sign_out_button_on_every_page(as_user):
    body = as_user(make_user("pat@example.org")).get(reverse("core:home")).content.decode()
    assert f'action="{reverse("accounts:logout")}"' in body
    assert "Sign out" in body
