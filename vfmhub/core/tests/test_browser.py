"""The pages in a real browser: signing in, keyboard use, styling and an axe-core check.

Drives Debian's chromium through Playwright (never a downloaded browser). CI must run these: when
chromium or axe-core is missing they fail under CI=true and are skipped, with the reason, elsewhere.
"""

import pytest
from django.urls import reverse

from vfmhub.accounts.services import api_token_create
from vfmhub.core.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_signs_a_person_in_through_the_form(page, live_server, personas):
    sign_in(page, live_server, "Manager@Example.org")
    assert page.get_by_role("heading", name="Your organisations").is_visible()
    link = page.get_by_role("link", name="Ashby District Council")
    assert link.is_visible()
    assert "Bexwell Borough Council" not in page.content()
    link.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ashby District Council"


def test_it_shows_a_wrong_password_as_a_govuk_error(page, live_server, personas):
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Email address").fill("manager@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    assert "Enter a correct email address and password." in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)


def test_it_styles_pages_with_govuk_frontend(page, live_server, personas):
    page.goto(live_server.url + reverse("accounts:login"))
    stylesheet = page.evaluate(
        "() => [...document.styleSheets].map(s => [s.href, s.cssRules.length])"
    )
    assert any(href.endswith("/static/css/vfmhub.css") and n > 100 for href, n in stylesheet)
    # Not a GOV.UK service, so the system font rather than GDS Transport (see vfmhub.scss).
    font = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert font == "system-ui, sans-serif"
    button = page.get_by_role("button", name="Sign in")
    colour = button.evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "rgb(239, 239, 239)"), "button is unstyled"
    assert "govuk-frontend-supported" in page.evaluate("() => document.body.className")


def test_it_makes_the_skip_link_the_first_tab_stop(page, live_server, personas):
    sign_in(page, live_server, "viewer@example.org")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.text]")
    assert focused == ["govuk-skip-link", "Skip to main content"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


def test_it_passes_axe_on_the_sign_in_page(page, live_server, personas):
    page.goto(live_server.url + reverse("accounts:login"))
    assert_accessible(page)


def test_it_passes_axe_on_the_home_page(page, live_server, personas):
    sign_in(page, live_server, "peer.reviewer@example.org")
    assert page.get_by_role("link", name="Improvement Northmoor").is_visible()
    assert_accessible(page)


def test_it_passes_axe_on_an_organisation_page(page, live_server, personas):
    sign_in(page, live_server, "manager@example.org")
    page.goto(live_server.url + reverse("organisations:detail", args=[personas.org_a.pk]))
    assert page.get_by_role("heading", level=1).inner_text() == "Ashby District Council"
    assert_accessible(page)


def test_it_passes_axe_on_a_partnership_page(page, live_server, personas):
    sign_in(page, live_server, "partnership.manager@example.org")
    page.goto(
        live_server.url
        + reverse("organisations:partnership_detail", args=[personas.partnership.pk])
    )
    assert page.get_by_role("link", name="Add a member body").is_visible()
    assert_accessible(page)


def test_it_passes_axe_on_the_tokens_page_with_a_new_token(page, live_server, personas):
    api_token_create(acting_user=personas.viewer, name="Old script")
    sign_in(page, live_server, "viewer@example.org")
    page.goto(live_server.url + reverse("accounts:tokens"))
    page.get_by_label("Token name").fill("Monthly returns script")
    page.get_by_role("button", name="Create token").click()
    new_token = page.get_by_test_id("new-token").locator("code").inner_text()
    assert new_token.startswith("vfm_")
    assert_accessible(page)
    page.reload()
    assert page.get_by_test_id("new-token").count() == 0
    assert new_token not in page.content()


def test_it_passes_axe_on_a_form_with_errors(page, live_server, personas):
    sign_in(page, live_server, "manager@example.org")
    page.goto(live_server.url + reverse("organisations:member_invite", args=[personas.org_a.pk]))
    page.get_by_role("button", name="Add person").click()
    assert page.locator(".govuk-error-summary").is_visible()
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    assert "govuk-error-summary" in page.evaluate("() => document.activeElement.className")
    assert_accessible(page)
