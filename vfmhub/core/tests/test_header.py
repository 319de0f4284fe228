"""The header on every page: site search and signing out, and the API docs page inside it."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def header(body: str) -> str:
    found = re.search(r"<header .*?</header>", body, re.S)
    assert found is not None
    return found.group(0)


def test_it_puts_sign_out_in_the_navigation_as_a_post_form(personas, as_user):
    top = header(as_user(personas.viewer).get(reverse("core:home")).content.decode())
    form = re.search(
        r'<form method="post" action="([^"]+)" class="app-sign-out">(.*?)</form>', top, re.S
    )
    assert form is not None
    assert form.group(1) == reverse("accounts:logout")
    assert "csrfmiddlewaretoken" in form.group(2)
    assert (
        '<button type="submit" class="govuk-service-navigation__link app-link-button">'
        "Sign out</button>" in form.group(2)
    )


def test_it_puts_a_labelled_search_box_in_the_header(personas, as_user):
    top = header(as_user(personas.viewer).get(reverse("frameworks:list")).content.decode())
    form = re.search(
        r'<form method="get" action="([^"]+)" class="app-header-search"(.*?)</form>', top, re.S
    )
    assert form is not None
    assert form.group(1) == reverse("core:search")
    assert (
        '<label class="govuk-visually-hidden" for="app-header-search-q">Search VFM Hub</label>'
        in form.group(2)
    )
    assert 'id="app-header-search-q" name="q" type="search"' in form.group(2)
    assert ">Search</button>" in form.group(2)


def test_it_shows_neither_to_someone_signed_out(client):
    top = header(client.get(reverse("accounts:login")).content.decode())
    assert "Sign out" not in top
    assert "app-header-search" not in top


def test_the_api_docs_page_has_the_site_header_and_a_way_back(personas, as_user):
    body = as_user(personas.viewer).get("/api/v1/docs").content.decode()
    assert "<title>API documentation – VFM Hub</title>" in body
    assert '<a href="/" class="govuk-generic-header__homepage-link">VFM Hub</a>' in header(body)
    assert "Sign out" in header(body)
    assert '<a href="/" class="govuk-back-link">Back to VFM Hub</a>' in body
    assert 'href="/api/v1/openapi.json"' in body
    # Swagger UI still runs, from local files only.
    assert '<div id="swagger-ui"></div>' in body
    assert '"url": "/api/v1/openapi.json"' in body
    assert re.findall(r'(?:src|href)="(/static/ninja/[^"]+)"', body) == [
        "/static/ninja/swagger-ui.css",
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
    ]
    assert "cdn" not in body
