import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [
    ("core:home", []),
    ("accounts:account", []),
    ("accounts:tokens", []),
    ("accounts:password_change", []),
    ("organisations:list", []),
    ("organisations:detail", [1]),
    ("organisations:partnership_list", []),
    ("organisations:partnership_detail", [1]),
    ("frameworks:list", []),
]

OPEN_PAGES = [
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
]


@pytest.mark.parametrize(("name", "args"), SIGNED_IN_PAGES)
def test_it_sends_anonymous_visitors_to_sign_in(client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("name", OPEN_PAGES)
def test_it_shows_sign_in_and_reset_pages_to_anyone(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "Sign out" not in response.content.decode()


def test_it_serves_static_files_without_signing_in(client):
    response = client.get("/static/css/vfmhub.css")
    assert response.status_code == 200
