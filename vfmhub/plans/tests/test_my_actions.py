"""Overdue actions and "my actions" for a signed-in officer, across their bodies."""

import datetime

import pytest
from django.urls import reverse

from vfmhub.organisations.models import OrganisationMembership
from vfmhub.plans import selectors, services
from vfmhub.plans.tests.conftest import TODAY, add_action, add_item

pytestmark = pytest.mark.django_db


def test_it_finds_overdue_actions_of_a_plan(plan, actions):
    overdue = selectors.overdue_actions(plan, TODAY)
    # Training is past its date but completed; the panel is not due until May.
    assert list(overdue) == [actions["appraisals"], actions["budget"]]


def test_it_finds_the_officers_overdue_actions(personas, actions):
    assert list(selectors.overdue_actions(personas.editor, TODAY)) == [actions["budget"]]


def test_it_lists_my_actions_with_overdue_flagged(personas, actions, as_user, on_day):
    on_day(TODAY)
    page = as_user(personas.editor).get(reverse("plans:my_actions"))
    assert [a.pk for a in page.context["actions"]] == [actions["budget"].pk, actions["panel"].pk]
    assert page.context["overdue_count"] == 1
    assert "Overdue" in page.content.decode()


def test_it_drops_actions_at_a_body_the_officer_has_left(personas, actions):
    OrganisationMembership.objects.filter(user=personas.editor).delete()
    assert not selectors.my_actions(personas.editor).exists()


def test_it_lists_a_plans_overdue_actions(personas, plan, actions, as_user, on_day):
    on_day(TODAY)
    page = as_user(personas.viewer).get(reverse("plans:overdue", args=[plan.pk]))
    assert [a.pk for a in page.context["actions"]] == [
        actions["appraisals"].pk,
        actions["budget"].pk,
    ]


def test_it_pins_the_my_actions_query_count(
    personas, plan, actions, as_user, django_assert_num_queries
):
    client = as_user(personas.editor)
    # 1 session, 2 user, 3 actions (with item, plan, organisation and linked officer).
    with django_assert_num_queries(3):
        client.get(reverse("plans:my_actions"))
    other = services.plan_create(
        acting_user=personas.manager, organisation=personas.org_a, title="Second plan"
    )
    for i in range(5):
        item = add_item(personas, other, f"Issue {i}")
        add_action(
            personas,
            item,
            f"Action {i}",
            officer_user=personas.editor,
            target_date=datetime.date(2010, 1, i + 1),
        )
    with django_assert_num_queries(3):
        response = client.get(reverse("plans:my_actions"))
    assert len(response.context["actions"]) == 7
