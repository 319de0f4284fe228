"""The Content-Security-Policy in a real browser: the pages, a chart, the API docs and the admin
load and work without the browser refusing anything.

The policy allows scripts, styles and fonts only from this site (vfmhub/core/middleware.py).
"""

import pytest
from django.urls import reverse

from vfmhub.core.browser import sign_in
from vfmhub.plans import services as plan_services
from vfmhub.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script (Playwright's init scripts are not subject to the policy).
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} refused ${e.blockedURI} ${e.sample}`);
});
"""


@pytest.fixture
def csp_page(page):
    """The page, recording every policy violation it reports in an event or on its console."""
    console: list[str] = []

    def note(message) -> None:
        if "Content Security Policy" in message.text:
            console.append(message.text)

    page.on("console", note)
    page.add_init_script(LISTEN)
    page.csp_console = console
    return page


def violations(page) -> list[str]:
    return [*page.evaluate("() => window.cspViolations"), *page.csp_console]


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], f"{url} broke the Content-Security-Policy"


@pytest.fixture
def plan_with_an_action(personas):
    plan = plan_services.plan_create(
        acting_user=personas.manager,
        organisation=personas.org_a,
        title="Use of Resources Action Plan",
        year=2009,
    )
    item = plan_services.item_add(
        acting_user=personas.editor,
        plan=plan,
        text="Improve the medium-term financial plan",
        theme_heading="Theme 1 - Managing",
        criterion_heading="KLOE 1.1 - Financial",
    )
    plan_services.action_add(acting_user=personas.editor, item=item, description="Draft it")
    return plan


def test_the_pages_and_a_chart_keep_to_the_policy(
    csp_page, live_server, personas, plan_with_an_action
):
    visit(csp_page, live_server.url + reverse("accounts:login"))
    sign_in(csp_page, live_server, "editor@example.org")
    visit(csp_page, live_server.url + reverse("core:home"))
    # GOV.UK Frontend ran, from our own files rather than inline scripts.
    classes = csp_page.evaluate("() => document.body.className")
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes
    assert csp_page.locator("[data-module=govuk-skip-link][data-govuk-skip-link-init]").count()
    visit(csp_page, live_server.url + reverse("plans:progress", args=[plan_with_an_action.pk]))
    assert csp_page.locator("svg.app-chart").first.is_visible()
    assert violations(csp_page) == []


def test_the_api_docs_work_under_the_policy(csp_page, live_server, personas):
    sign_in(csp_page, live_server, "viewer@example.org")
    visit(csp_page, live_server.url + "/api/v1/docs")
    assert csp_page.locator(".swagger-ui .opblock").first.is_visible()
    csp_page.locator(".swagger-ui .opblock-summary").first.click()
    csp_page.wait_for_load_state("networkidle")
    assert violations(csp_page) == []


def test_the_admin_works_under_the_policy(csp_page, live_server, personas):
    visit(csp_page, live_server.url + "/admin/login/?next=/admin/")
    csp_page.locator("#id_username").fill(personas.staff.email)
    csp_page.locator("#id_password").fill(PASSWORD)
    csp_page.get_by_role("button", name="Log in").click()
    csp_page.wait_for_url(live_server.url + "/admin/")
    assert violations(csp_page) == []
    visit(csp_page, live_server.url + "/admin/")
    visit(csp_page, live_server.url + "/admin/accounts/user/")
    visit(csp_page, live_server.url + f"/admin/accounts/user/{personas.viewer.pk}/change/")
    # The change form's JavaScript ran: the groups box became a two-list chooser.
    assert csp_page.locator(".selector-available").first.is_visible()


def test_it_notices_an_inline_script(csp_page, live_server, personas):
    # The check above would pass on a page that reported nothing; this shows it reports.
    visit(csp_page, live_server.url + reverse("accounts:login"))
    csp_page.evaluate(
        "() => document.body.append(Object.assign(document.createElement('script'),"
        " {textContent: 'window.ran = true'}))"
    )
    csp_page.wait_for_timeout(200)
    assert csp_page.evaluate("() => window.ran") is None
    assert any("script-src" in v for v in violations(csp_page))
