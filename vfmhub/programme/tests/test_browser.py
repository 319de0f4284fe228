"""The partnership programme pages in a real browser, checked with axe-core."""

import pytest
from django.urls import reverse

from vfmhub.core.browser import assert_accessible, sign_in
from vfmhub.programme.models import Risk, RiskRegister

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = "partnership.manager@example.org"


def test_it_passes_axe_on_the_programme_overview_and_allocation(page, live_server, personas, built):
    pk = personas.partnership.pk
    sign_in(page, live_server, MANAGER)
    page.goto(live_server.url + reverse("programme:overview", args=[pk]) + "?year=2009")
    assert page.get_by_role("heading", name="Projects by stage and RAG").is_visible()
    assert page.locator("svg[role=img]").first.is_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("programme:funding_allocation", args=[pk]) + "?year=2009")
    assert page.locator("table").first.is_visible()
    assert_accessible(page)


def test_it_passes_axe_on_the_projects_list_and_a_project(page, live_server, personas, built):
    pk = personas.partnership.pk
    sign_in(page, live_server, MANAGER)
    page.goto(live_server.url + reverse("programme:projects", args=[pk]))
    assert page.get_by_role("link", name="Winter Maintenance").is_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("programme:project", args=[pk, built["winter"].pk]))
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)


def test_it_passes_axe_on_the_risk_registers_and_a_risk(page, live_server, personas, built):
    pk = personas.partnership.pk
    register = RiskRegister.objects.get(partnership=personas.partnership)
    risk = Risk.objects.get(register=register, title="Lack of Member engagement")
    sign_in(page, live_server, MANAGER)
    page.goto(live_server.url + reverse("programme:risk_registers", args=[pk]))
    assert page.get_by_role("link", name=register.name).is_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("programme:risk_detail", args=[pk, risk.pk]))
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)


def test_it_passes_axe_on_a_risk_register(page, live_server, personas, built):
    pk = personas.partnership.pk
    register = RiskRegister.objects.get(partnership=personas.partnership)
    sign_in(page, live_server, MANAGER)
    page.goto(live_server.url + reverse("programme:risk_register", args=[pk, register.pk]))
    assert page.locator("#heat-map").is_visible()
    assert_accessible(page)


def test_it_passes_axe_on_an_improvement_programme(page, live_server, personas, built):
    sign_in(page, live_server, MANAGER)
    page.goto(
        live_server.url + reverse("programme:improvement_programme", args=[built["workshops"].pk])
    )
    assert page.get_by_role("heading", name="Use of Resources improvement programme").is_visible()
    assert_accessible(page)


def test_a_body_editor_links_a_plan_action_to_a_risk_with_the_keyboard(page, live_server, personas):
    from vfmhub.plans.models import Action, Plan, PlanItem
    from vfmhub.programme.services import risks as services_risks

    register = services_risks.register_create(
        acting_user=personas.manager, organisation=personas.org_a, name="Corporate risks"
    )
    risk = services_risks.risk_create(
        acting_user=personas.manager,
        register=register,
        title="Savings plan not delivered",
        current_likelihood=2,
        current_impact=3,
    )
    plan = Plan.objects.create(organisation=personas.org_a, title="UoR improvement plan")
    item = PlanItem.objects.create(plan=plan, text="Financial planning")
    action = Action.objects.create(item=item, description="Refresh the medium term plan")
    org = personas.org_a.pk
    sign_in(page, live_server, "editor@example.org")
    page.goto(
        live_server.url + reverse("programme:organisation_risk_register", args=[org, register.pk])
    )
    assert page.locator("#heat-map").is_visible()
    assert_accessible(page)
    page.goto(
        live_server.url + reverse("programme:organisation_risk_actions_link", args=[org, risk.pk])
    )
    assert_accessible(page)
    page.get_by_label("Refresh the medium term plan").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Link actions").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/risks/*/")
    assert page.get_by_role("link", name="Refresh the medium term plan").is_visible()
    assert_accessible(page)
    assert list(risk.plan_actions.all()) == [action]


def test_programme_pages_never_scroll_sideways(page, live_server, personas, built):
    """At 1280 px and on a 390 px phone: wide tables scroll in their own box, charts shrink."""
    from vfmhub.core.browser import assert_no_horizontal_scroll

    pk = personas.partnership.pk
    register = RiskRegister.objects.filter(partnership=personas.partnership).first()
    assert register is not None
    sign_in(page, live_server, MANAGER)
    for url in (
        reverse("programme:overview", args=[pk]) + "?year=2009",
        reverse("programme:projects", args=[pk]),
        reverse("programme:risk_register", args=[pk, register.pk]),
    ):
        assert_no_horizontal_scroll(page, live_server.url + url)
        assert_accessible(page)
