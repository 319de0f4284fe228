"""Every response carries the Content-Security-Policy, and no page needs an inline script."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# A <script> that runs its own text: no src, and not a data block such as application/json.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


def test_it_sends_the_policy_with_pages(as_user, personas):
    response = as_user(personas.viewer).get(reverse("core:home"))
    assert response.headers["Content-Security-Policy"] == POLICY


def test_it_sends_the_policy_with_the_sign_in_page_and_the_api(client):
    # Static files carry it too (the middleware sits before WhiteNoise): see the gunicorn test.
    for url in (reverse("accounts:login"), "/api/v1/me"):
        assert client.get(url).headers["Content-Security-Policy"] == POLICY, url


def test_the_sign_in_page_has_no_inline_script(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert INLINE_SCRIPT.findall(body) == []


@pytest.mark.parametrize("path", ["/", "/api/v1/docs", "/admin/", "/admin/accounts/user/"])
def test_the_pages_have_no_inline_script(as_user, personas, path):
    response = as_user(personas.staff).get(path)
    assert response.status_code == 200
    assert INLINE_SCRIPT.findall(response.content.decode()) == []
