"""The efficiency pages in a real browser, checked with axe-core."""

import pytest
from django.urls import reverse

from vfmhub.core.browser import assert_accessible, sign_in
from vfmhub.efficiency.tests.conftest import add_gain, body_url
from vfmhub.efficiency.tests.seed003 import make_seed_003

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_passes_axe_on_a_body_page_and_its_gains(page, live_server, personas, programme):
    add_gain(personas, programme)
    sign_in(page, live_server, "editor@example.org")
    page.goto(live_server.url + body_url(programme, personas.org_a))
    assert page.locator("svg[role=img]").first.is_visible()
    assert_accessible(page)
    page.goto(live_server.url + body_url(programme, personas.org_a, "efficiency:gains"))
    assert page.locator("table").first.is_visible()
    assert_accessible(page)


def test_it_passes_axe_on_the_programme_dashboard(page, live_server, personas):
    seed = make_seed_003(personas)
    sign_in(page, live_server, "partnership.manager@example.org")
    page.goto(live_server.url + reverse("efficiency:dashboard", args=[seed.programme.pk]))
    assert page.get_by_text("Returns not received (6)").is_visible()
    assert_accessible(page)


def test_the_body_page_and_dashboard_never_scroll_sideways(page, live_server, personas):
    """At 1280 px and on a 390 px phone (the dashboard was 891 px wide on a phone)."""
    from vfmhub.core.browser import assert_no_horizontal_scroll

    seed = make_seed_003(personas)
    sign_in(page, live_server, "partnership.manager@example.org")
    for url in (
        reverse("efficiency:dashboard", args=[seed.programme.pk]),
        body_url(seed.programme, personas.org_a),
    ):
        assert_no_horizontal_scroll(page, live_server.url + url)
        assert_accessible(page)
