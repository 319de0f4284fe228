"""The pages in a real browser: signing in, keyboard use, styling and an axe-core check.

Drives Debian's chromium through Playwright (never a downloaded browser). CI must run these: when
chromium or axe-core is missing they fail under CI=true and are skipped, with the reason, elsewhere.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from vfmhub.accounts.services import api_token_create
from vfmhub.core.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -r requirements.txt)")
    # Playwright's sync API keeps an event loop on this thread; the test's own ORM calls (fixtures,
    # assertions) are still plain synchronous code, so Django's async-safety guard is lifted here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + reverse("core:home"))


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        _unavailable(f"axe-core not found at {AXE} (npm ci)")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run()")
    return [v for v in map(_without_back_links, results["violations"]) if v["nodes"]]


def _without_back_links(violation: dict) -> dict:
    """Drop the one finding GOV.UK accepts: a back link before <main>, outside any landmark.

    The Design System places back links before <main> so the skip link skips them, and decided in
    2025 to keep it so (alphagov/govuk-frontend#6460); axe's `region` rule is a best practice.
    """
    if violation["id"] != "region":
        return violation
    nodes = [n for n in violation["nodes"] if n["target"] != [".govuk-back-link"]]
    return {**violation, "nodes": nodes}


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} {v['helpUrl']}")
        lines += [f"    {', '.join(node['target'])}: {node['html'][:160]}" for node in v["nodes"]]
    return "\n".join(lines)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe found problems on {page.url}:\n{describe(violations)}"


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
