"""Overdue actions and "my actions" for a signed-in officer, across their bodies."""

import datetime

import pytest
from django.urls import reverse

from vfmhub.organisations.models import OrganisationMembership
from vfmhub.plans import services
from vfmhub.plans.selectors import actions as selectors
from vfmhub.plans.tests.conftest import TODAY, add_action, add_item

pytestmark = pytest.mark.django_db


def test_it_finds_overdue_actions_of_a_plan(plan, actions):
    overdue = selectors.overdue_actions(plan, TODAY)
    # Training is past its date but completed; the panel is not due until May.
    assert list(overdue) == [actions["appraisals"], actions["budget"]]


def test_it_finds_the_officers_overdue_actions(personas, actions):
    assert list(selectors.overdue_actions(personas.editor, TODAY)) == [actions["budget"]]


def test_it_lists_my_actions_with_overdue_flagged(personas, actions, as_user, clock_at):
    clock_at(TODAY)
    page = as_user(personas.editor).get(reverse("plans:my_actions"))
    assert [a.pk for a in page.context["actions"]] == [actions["budget"].pk, actions["panel"].pk]
    assert page.context["overdue_count"] == 1
    assert "Overdue" in page.content.decode()


def test_it_drops_actions_at_a_body_the_officer_has_left(personas, actions):
    OrganisationMembership.objects.filter(user=personas.editor).delete()
    assert not selectors.my_actions(personas.editor).exists()


def test_it_lists_a_plans_overdue_actions(personas, plan, actions, as_user, clock_at):
    clock_at(TODAY)
    page = as_user(personas.viewer).get(reverse("plans:overdue", args=[plan.pk]))
    assert [a.pk for a in page.context["actions"]] == [
        actions["appraisals"].pk,
        actions["budget"].pk,
    ]


def test_it_pins_the_my_actions_query_count(
    personas, plan, actions, as_user, django_assert_num_queries
):
    client = as_user(personas.editor)
    # 1 session, 2 user, 3 the plans the user has actions in (for the plan filter),
    # 4 actions (with item, plan, organisation and linked officer).
    with django_assert_num_queries(4):
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
    with django_assert_num_queries(4):
        response = client.get(reverse("plans:my_actions"))
    assert len(response.context["actions"]) == 7


def listed(client, query=""):
    page = client.get(reverse("plans:my_actions") + query)
    return [a.description for a in page.context["actions"]], page.content.decode()


@pytest.fixture
def mine(personas, plan, actions):
    """The editor's: budget (overdue), panel (due in May), and three more."""
    item = add_item(personas, plan, "More issues")
    for description, target, status in (
        ("Due 25 April", datetime.date(2010, 4, 25), "not_started"),
        ("Completed one", datetime.date(2010, 2, 1), "completed"),
        ("Deferred one", datetime.date(2011, 3, 31), "deferred"),
    ):
        add_action(
            personas,
            item,
            description,
            officer_user=personas.editor,
            target_date=target,
            status=status,
        )
    return item


def test_it_lists_overdue_first_and_hides_completed_and_deferred(personas, mine, as_user, clock_at):
    clock_at(datetime.date(2010, 4, 26))  # both budget (31 March) and 25 April are overdue
    names, html = listed(as_user(personas.editor))
    assert names == [
        "Ensure managers and members understand the budget process.",
        "Due 25 April",
        "Broaden scope of Citizens Panel questions.",
    ]
    assert "Show completed, deferred and no-action actions as well" in html
    everything, _ = listed(as_user(personas.editor), "?show_closed=on")
    assert set(everything) - set(names) == {"Completed one", "Deferred one"}


def test_it_filters_my_actions_by_status_and_plan(personas, plan, mine, as_user, clock_at):
    clock_at(TODAY)
    client = as_user(personas.editor)
    assert listed(client, "?status=deferred")[0] == ["Deferred one"]
    other = services.plan_create(
        acting_user=personas.manager, organisation=personas.org_a, title="Second plan"
    )
    add_action(
        personas,
        add_item(personas, other, "Elsewhere"),
        "In the second plan",
        officer_user=personas.editor,
    )
    assert listed(client, f"?plan={other.pk}")[0] == ["In the second plan"]
    names, html = listed(client, f"?plan={plan.pk}")
    assert "In the second plan" not in names and len(names) == 3
    assert "Second plan (Ashby)" in html  # a choice of the plan filter


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("overdue", ["Ensure managers and members understand the budget process."]),
        ("month", ["Due 25 April"]),
    ],
)
def test_it_lists_the_actions_due_as_the_home_page_counts_them(
    personas, mine, as_user, clock_at, due, expected
):
    clock_at(TODAY)
    assert listed(as_user(personas.editor), f"?due={due}")[0] == expected
