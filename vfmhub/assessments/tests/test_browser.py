"""The assessment pages in a real browser, checked with axe-core."""

import pytest
from django.urls import reverse

from vfmhub.assessments import services
from vfmhub.assessments.tests.conftest import enter_rolled_up, score_of
from vfmhub.core.browser import assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scored_final(personas, self_submitted, provisional):
    """Org A's submitted self-assessment and its auditor's final scores, published."""
    for index, score in enumerate(provisional.scores.all()):
        services.score_save(acting_user=personas.auditor, score=score, value=2 + index % 2)
    values: dict[int, int | None] = {s.criterion_id: 3 for s in provisional.scores.all()}
    enter_rolled_up(provisional, personas.auditor)
    final = services.assessment_finalise(
        acting_user=personas.auditor, assessment=provisional, final_values=values
    )
    return services.assessment_publish(acting_user=personas.auditor, assessment=final)


def test_it_passes_axe_on_the_task_list_and_a_criterion_page(
    page, live_server, personas, self_draft
):
    score = score_of(self_draft, "1.1")
    services.score_save(acting_user=personas.editor, score=score, value=2, narrative="Adequate.")
    sign_in(page, live_server, "editor@example.org")
    page.goto(live_server.url + reverse("assessments:detail", args=[self_draft.pk]))
    assert page.locator(".govuk-task-list").first.is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="1.1 Financial planning").click()
    assert page.get_by_role("heading", level=1).inner_text() == "1.1 Financial planning"
    assert_accessible(page)


def test_it_passes_axe_on_the_comparison_page(page, live_server, personas, scored_final):
    sign_in(page, live_server, "manager@example.org")
    page.goto(live_server.url + reverse("assessments:compare", args=[personas.org_a.pk]))
    assert page.locator("table").first.is_visible()
    assert_accessible(page)


def test_it_passes_axe_on_the_partnership_dashboard(page, live_server, personas, scored_final):
    sign_in(page, live_server, "partnership.manager@example.org")
    page.goto(
        live_server.url
        + reverse("assessments:partnership_dashboard", args=[personas.partnership.pk])
    )
    assert page.locator("svg[role=img]").first.is_visible()
    assert_accessible(page)


def test_it_keeps_the_dashboard_within_the_window(page, live_server, personas, scored_final):
    """At 390 and 1280 px wide nothing scrolls sideways: wide tables scroll in their own box."""
    sign_in(page, live_server, "partnership.manager@example.org")
    dashboard = live_server.url + reverse(
        "assessments:partnership_dashboard", args=[personas.partnership.pk]
    )
    assert_no_horizontal_scroll(page, dashboard)
    assert page.locator("[data-testid=member-scores]").is_visible()
    assert_accessible(page)


def test_it_keeps_the_task_list_and_comparison_within_the_window(
    page, live_server, personas, scored_final
):
    sign_in(page, live_server, "manager@example.org")
    for url in (
        reverse("assessments:detail", args=[scored_final.pk]),
        reverse("assessments:compare", args=[personas.org_a.pk]),
    ):
        assert_no_horizontal_scroll(page, live_server.url + url)
        assert_accessible(page)


def test_it_passes_axe_on_the_check_before_submitting(page, live_server, personas, self_draft):
    sign_in(page, live_server, "manager@example.org")
    page.goto(live_server.url + reverse("assessments:submit", args=[self_draft.pk]))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check before you submit")
    assert_accessible(page)
    page.get_by_role("button", name="Submit the assessment").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
