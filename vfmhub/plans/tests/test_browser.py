"""The plan pages in a real browser, checked with axe-core."""

import pytest
from django.urls import reverse

from vfmhub.core.browser import assert_accessible, sign_in

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
