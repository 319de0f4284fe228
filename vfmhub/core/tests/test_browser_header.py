"""The home page, the search results and the header's search and sign-out in a real browser."""

import pytest
from django.urls import reverse

from vfmhub.core.browser import assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_and_search_pages_fit_and_pass_axe(page, live_server, personas):
    sign_in(page, live_server, "partnership.viewer@example.org")
    home = live_server.url + reverse("core:home")
    results = live_server.url + reverse("core:search") + "?q=council"
    for url in (home, results):
        assert_no_horizontal_scroll(page, url)
        assert_accessible(page)  # at phone width, where the page was left
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        assert_accessible(page)
    assert page.get_by_role("heading", name="Organisations (2)").is_visible()


def test_the_header_search_works_by_keyboard(page, live_server, personas):
    sign_in(page, live_server, "viewer@example.org")
    box = page.get_by_label("Search VFM Hub")
    box.focus()
    page.keyboard.type("ashby")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=ashby")
    assert page.get_by_role("link", name="Ashby District Council").is_visible()
    box.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Search"


def test_sign_out_in_the_header_works_by_keyboard(page, live_server, personas):
    sign_in(page, live_server, "viewer@example.org")
    button = page.locator("header").get_by_role("button", name="Sign out")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + reverse("accounts:login"))
    page.goto(live_server.url + reverse("core:home"))
    assert "/sign-in/" in page.url
