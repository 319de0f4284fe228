"""The progress summary: actions by status and RAG per theme, as a chart and a table."""

import pytest
from django.urls import reverse

from vfmhub.plans.selectors import tables as selectors
from vfmhub.plans.tests.conftest import add_action, add_item

pytestmark = pytest.mark.django_db


def test_it_counts_actions_by_status_and_rag_per_theme(personas, plan, actions):
    item = add_item(personas, plan, "Workforce planning", theme="Theme 3 - Managing resources")
    add_action(personas, item, "Agree a workforce plan", rag="red")
    progress = {p.label: p for p in selectors.plan_progress(plan)}
    managing = progress["Theme 1 - Managing"]
    assert managing.total == 4
    assert (managing.by_status["in_progress"], managing.by_status["completed"]) == (1, 1)
    assert (managing.by_rag["amber"], managing.by_rag["green"], managing.by_rag[""]) == (1, 1, 2)
    assert progress["Theme 3 - Managing resources"].by_rag["red"] == 1


def test_it_draws_the_chart_beside_the_table(personas, plan, actions, as_user):
    page = as_user(personas.viewer).get(reverse("plans:progress", args=[plan.pk]))
    html = page.content.decode()
    assert "<svg" in html and "Actions by status and theme" in html
    csv = as_user(personas.viewer).get(reverse("plans:progress", args=[plan.pk]) + "?export=csv")
    assert "Theme 1 - Managing,2,1,1,0,0,0,1,1,2,4" in csv.content.decode("utf-8-sig")
