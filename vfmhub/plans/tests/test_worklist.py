"""What plans add to the home page's "What is due" and to the site search."""

import datetime

import pytest
from django.urls import reverse

from vfmhub.core.worklist import search_for_user
from vfmhub.plans import services
from vfmhub.plans.selectors import reviews as selectors
from vfmhub.plans.tests.conftest import TODAY, add_action, add_item
from vfmhub.plans.worklist import actions_matching, plans_due_work, plans_matching

pytestmark = pytest.mark.django_db


def lines(user, today=TODAY):
    return {line.label: line for line in plans_due_work(user, today)}


def test_it_counts_my_overdue_actions_and_those_due_this_month(personas, plan, actions):
    item = add_item(personas, plan, "A further issue")
    for day in (20, 30):  # due later in April 2010
        add_action(
            personas,
            item,
            f"Due on {day} April",
            officer_user=personas.editor,
            target_date=datetime.date(2010, 4, day),
        )
    add_action(  # due this month but done
        personas,
        item,
        "Done early",
        officer_user=personas.editor,
        target_date=datetime.date(2010, 4, 25),
        status="completed",
    )
    mine = lines(personas.editor)
    # Budget (31 March, in progress) is overdue; the panel is due in May, so not this month.
    assert mine["action overdue"].count == 1 and mine["action overdue"].urgent
    assert mine["actions due this month"].count == 2
    assert mine["action overdue"].url == reverse("plans:my_actions") + "?due=overdue"
    assert mine["actions due this month"].url == reverse("plans:my_actions") + "?due=month"
    assert lines(personas.manager)["action overdue"].count == 1  # appraisals
    assert lines(personas.viewer)["actions overdue"].count == 0


def test_it_links_each_count_to_my_actions_listing_exactly_those(
    personas, plan, actions, as_user, clock_at
):
    clock_at(TODAY)
    client = as_user(personas.editor)
    for line in plans_due_work(personas.editor, TODAY):
        if line.url.startswith(reverse("plans:my_actions")):
            assert len(client.get(line.url).context["actions"]) == line.count, line.label


def test_it_counts_peer_reviews_to_do_until_submitted(personas, shared_plan):
    reviews = "peer review to do"
    assert lines(personas.peer_reviewer)[reviews].count == 1
    assert lines(personas.peer_reviewer)[reviews].url == reverse("plans:reviews_to_do")
    assert lines(personas.partnership_viewer)["peer reviews to do"].count == 0
    assert lines(personas.manager)["peer reviews to do"].count == 0  # their own body's plan
    review = services.review_start(acting_user=personas.peer_reviewer, plan=shared_plan)
    assert lines(personas.peer_reviewer)[reviews].count == 1  # a draft is still to do
    review.overall_comment = "Fine."
    review.rating = selectors.rating_scale(personas.partnership).first()
    review.save()
    services.review_submit(acting_user=personas.peer_reviewer, review=review)
    assert lines(personas.peer_reviewer)["peer reviews to do"].count == 0


def test_it_lists_the_peer_reviews_to_do(personas, shared_plan, as_user):
    page = as_user(personas.peer_reviewer).get(reverse("plans:reviews_to_do"))
    html = page.content.decode()
    assert "Use of Resources Action Plan" in html and "Not started" in html
    assert list(page.context["plans"]) == [shared_plan]
    empty = as_user(personas.viewer).get(reverse("plans:reviews_to_do")).content.decode()
    assert "You have no peer reviews to do." in empty


def test_it_shows_the_lines_on_the_home_page(personas, actions, as_user, clock_at):
    clock_at(TODAY)
    html = as_user(personas.editor).get(reverse("core:home")).content.decode()
    assert "Improvement plans" in html and "1 action overdue" in html


def test_it_works_out_due_work_in_two_queries(personas, actions, django_assert_num_queries):
    # 1 my actions overdue and due this month (one aggregate), 2 peer reviews to do.
    with django_assert_num_queries(2):
        plans_due_work(personas.editor, TODAY)


def test_it_gives_nothing_to_someone_signed_out():
    from django.contrib.auth.models import AnonymousUser

    assert plans_due_work(AnonymousUser(), TODAY) == []
    assert plans_matching(AnonymousUser(), "plan", 5) == []


def test_it_finds_plans_and_actions_the_user_may_read(personas, plan, actions):
    found = search_for_user(personas.manager, "Action Plan")
    assert [(r.kind, r.title) for r in found if r.kind == "Plan"] == [
        ("Plan", "Use of Resources Action Plan")
    ]
    plan_result = next(r for r in found if r.kind == "Plan")
    assert plan_result.context == "Ashby District Council · 2009/10"
    by_issue = actions_matching(personas.viewer, "whole life costing", 10)
    assert [r.title for r in by_issue] == ["Standard requirement for all appraisals."]
    assert by_issue[0].url == reverse("plans:action", args=[plan.pk, actions["appraisals"].pk])
    assert by_issue[0].context == "Ashby District Council · Use of Resources Action Plan"


def test_it_finds_nothing_of_another_body_or_an_unshared_plan(personas, plan, actions):
    for name in ("outsider", "partnership_viewer", "peer_reviewer"):
        user = personas.user(name)
        assert plans_matching(user, "Action Plan", 10) == [], name
        assert actions_matching(user, "Citizens Panel", 10) == [], name


def test_it_finds_a_shared_plan_for_the_partnership(personas, shared_plan):
    found = plans_matching(personas.partnership_viewer, "Resources", 10)
    assert [r.url for r in found] == [reverse("plans:detail", args=[shared_plan.pk])]
    assert plans_matching(personas.outsider, "Resources", 10) == []


def test_it_keeps_to_the_limit(personas, plan, actions):
    assert len(actions_matching(personas.manager, "a", 2)) == 2


def test_it_registers_the_providers():
    from vfmhub.core import worklist

    assert plans_due_work in worklist._due_work_providers
    assert {plans_matching, actions_matching} <= set(worklist._search_providers)
