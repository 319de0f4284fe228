"""The plan pages in a real browser, checked with axe-core."""

import pytest
from django.urls import reverse

from vfmhub.core.browser import assert_accessible, assert_no_horizontal_scroll, sign_in
from vfmhub.plans import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_passes_axe_on_the_plan_table_and_progress(page, live_server, personas, plan, actions):
    sign_in(page, live_server, "editor@example.org")
    page.goto(live_server.url + reverse("plans:detail", args=[plan.pk]))
    assert page.locator("table").first.is_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("plans:progress", args=[plan.pk]))
    assert page.locator("svg[role=img]").first.is_visible()
    assert_accessible(page)


def test_it_passes_axe_on_round_entry(page, live_server, personas, plan, rounds, actions):
    sign_in(page, live_server, "editor@example.org")
    page.goto(
        live_server.url
        + reverse("plans:round_entry", args=[plan.pk, rounds[-1].pk])
        + "?officer=HoF"
    )
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)


def test_it_keeps_the_plan_pages_within_the_window(page, live_server, personas, plan, actions):
    sign_in(page, live_server, "editor@example.org")
    for url in (
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:progress", args=[plan.pk]),
        reverse("plans:my_actions"),
    ):
        assert_no_horizontal_scroll(page, live_server.url + url)
        assert_accessible(page)  # at phone width, the last one loaded


def test_it_opens_earlier_rounds_from_the_keyboard(
    page, live_server, personas, plan, rounds, actions
):
    services.action_update_add(
        acting_user=personas.editor,
        action=actions["budget"],
        round=rounds[1],
        text="Budget briefings held in March.",
    )
    sign_in(page, live_server, "editor@example.org")
    page.goto(live_server.url + reverse("plans:detail", args=[plan.pk]))
    earlier = page.get_by_text("2010/11, we will meet again in April")
    assert not earlier.is_visible()
    summary = page.locator("summary", has_text="Earlier rounds (1)")
    summary.focus()
    page.keyboard.press("Enter")
    assert earlier.is_visible()
    assert_accessible(page)
