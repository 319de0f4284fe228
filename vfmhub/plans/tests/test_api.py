"""Reading plans over the API: lists, one plan, items, actions with filters, my actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vfmhub.organisations.access import NOT_FOUND
from vfmhub.plans import services
from vfmhub.plans.tests.api_helpers import PLANS, add_actions, build_plan, share
from vfmhub.testing import assert_access


@pytest.fixture
def small(personas):
    return build_plan(personas)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


def test_it_lists_an_organisations_plans_to_its_people(personas, as_user, small):
    response = as_user(personas.viewer).get(PLANS, {"organisation_id": personas.org_a.pk})

    assert ids(response) == [small.plan.pk]
    row = response.json()["items"][0]
    assert row["title"] == "Use of Resources Action Plan"
    assert row["status"] == "active"
    assert row["owner_id"] == personas.manager.pk
    assert row["shared_with_id"] is None


def test_it_filters_plans_by_status(personas, as_user, small):
    services.plan_update(acting_user=personas.manager, plan=small.plan, status="closed")
    client = as_user(personas.manager)
    query = {"organisation_id": personas.org_a.pk}

    assert ids(client.get(PLANS, {**query, "status": "closed"})) == [small.plan.pk]
    assert ids(client.get(PLANS, {**query, "status": "active"})) == []


def test_it_lists_only_shared_plans_to_the_partnership(personas, as_user, small):
    other = build_plan(personas, title="Second plan")
    client = as_user(personas.partnership_viewer)
    query = {"organisation_id": personas.org_a.pk}

    assert ids(client.get(PLANS, query)) == []
    share(other, personas)
    assert ids(client.get(PLANS, query)) == [other.plan.pk]


def test_it_hides_the_list_and_the_plan_from_an_outsider(personas, as_user, small):
    client = as_user(personas.outsider)

    response = client.get(PLANS, {"organisation_id": personas.org_a.pk})

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}
    assert client.get(small.url).status_code == 404


def test_it_needs_an_organisation_for_the_list(personas, as_user):
    response = as_user(personas.manager).get(PLANS)

    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid."
    assert response.json()["errors"][0]["field"] == "organisation_id"


def test_it_shows_a_plan_to_the_body_and_hides_an_unshared_one_from_the_partnership(
    personas, small
):
    for url in (small.url, f"{small.url}/items", f"{small.url}/actions", f"{small.url}/rounds"):
        assert_access(
            personas,
            url,
            allowed=["manager", "editor", "viewer", "auditor", "staff"],
            hidden=["outsider", "peer_reviewer", "partnership_manager", "partnership_viewer"],
        )


def test_it_shows_a_shared_plan_to_the_partnership(personas, small):
    share(small, personas)

    assert_access(
        personas,
        small.url,
        allowed=["peer_reviewer", "partnership_manager", "partnership_viewer"],
        hidden=["outsider"],
    )


def test_it_gives_a_plan_with_its_rounds_and_counts(personas, as_user, small):
    body = as_user(personas.viewer).get(small.url).json()

    assert [r["label"] for r in body["rounds"]] == ["December 2009 Position", "March 2010 update"]
    assert body["rounds"][0]["as_at"] == "2009-12-31"
    assert (body["item_count"], body["action_count"], body["overdue_count"]) == (2, 3, 1)
    assert body["updated_at"].endswith("+00:00")


def test_it_lists_items_in_order_with_their_theme(personas, as_user, small):
    body = as_user(personas.viewer).get(f"{small.url}/items").json()

    assert [i["id"] for i in body["items"]] == [small.finance.pk, small.data.pk]
    assert body["items"][0]["theme"] == "Theme 1 - Managing finances"
    assert body["items"][0]["criterion_heading"] == "KLOE 1.1 - Financial planning"
    assert body["items"][0]["source"] == "auditor_finding"


def test_it_lists_actions_with_their_current_update_per_round(personas, as_user, small):
    body = as_user(personas.viewer).get(f"{small.url}/actions").json()

    assert [a["id"] for a in body["items"]] == [small.overdue.pk, small.due_soon.pk, small.done.pk]
    first = body["items"][0]
    assert first["officer"] == "HoF"
    assert first["is_overdue"] is True
    assert first["theme"] == "Theme 1 - Managing finances"
    assert [(u["round_label"], u["text"]) for u in first["current_updates"]] == [
        ("December 2009 Position", "We will meet again in April."),
        ("March 2010 update", "New service plan template."),
    ]
    assert body["items"][1]["current_updates"] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"theme": "Theme 2 - Governing the business"}, ["done"]),
        ({"status": "in_progress"}, ["overdue", "due_soon"]),
        ({"rag": "amber"}, ["due_soon"]),
        ({"overdue": "true"}, ["overdue"]),
        ({"officer": "IPM"}, ["due_soon", "done"]),
        ({"officer": "editor@example.org"}, ["done"]),
        ({"status": "in_progress", "officer": "HoF"}, ["overdue", "due_soon"]),
    ],
)
def test_it_filters_actions_as_the_page_does(personas, as_user, small, query, expected):
    response = as_user(personas.viewer).get(f"{small.url}/actions", query)

    assert ids(response) == [getattr(small, name).pk for name in expected]


def test_it_refuses_an_unknown_status_filter(personas, as_user, small):
    response = as_user(personas.viewer).get(f"{small.url}/actions", {"status": "finished"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"


def test_it_gives_an_action_with_its_whole_history(personas, as_user, small):
    services.action_update_correct(
        acting_user=personas.manager,
        update=small.update,
        text="We will meet again in May.",
        reason="Wrong month.",
    )

    body = as_user(personas.viewer).get(f"{small.url}/actions/{small.overdue.pk}").json()

    assert body["plan_id"] == small.plan.pk
    history = [(u["text"], u["is_current"], u["correction_reason"]) for u in body["history"]]
    assert history == [
        ("We will meet again in April.", False, ""),
        ("We will meet again in May.", True, "Wrong month."),
        ("New service plan template.", True, ""),
    ]
    assert body["current_updates"][0]["text"] == "We will meet again in May."


def test_it_hides_an_action_of_another_plan(personas, as_user, small):
    other = build_plan(personas, title="Second plan")

    response = as_user(personas.viewer).get(f"{small.url}/actions/{other.done.pk}")

    assert response.status_code == 404
    assert response.json()["detail"] == NOT_FOUND


def test_it_lists_my_actions_soonest_first(personas, as_user, small):
    mine = as_user(personas.manager).get(f"{PLANS}/my-actions")
    editors = as_user(personas.editor).get(f"{PLANS}/my-actions")

    assert ids(mine) == [small.overdue.pk]
    assert mine.json()["items"][0]["plan_title"] == small.plan.title
    assert mine.json()["items"][0]["organisation_id"] == personas.org_a.pk
    assert ids(editors) == [small.done.pk]
    assert ids(as_user(personas.editor).get(f"{PLANS}/my-actions", {"overdue": "true"})) == []
    assert ids(as_user(personas.outsider).get(f"{PLANS}/my-actions")) == []


def test_it_needs_a_sign_in(client, small):
    response = client.get(small.url)

    assert response.status_code == 401
    assert response.json()["detail"] == "Sign in or send a valid API token."


def queries_of(client, url: str, query: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query or {}).status_code == 200
    return len(captured)


def test_every_list_keeps_its_queries_fixed_as_it_grows(personas, as_user, small):
    client = as_user(personas.viewer)
    lists = [
        (PLANS, {"organisation_id": personas.org_a.pk}),
        (f"{small.url}/items", None),
        (f"{small.url}/actions", None),
        (f"{small.url}/actions", {"officer": "HoF", "theme": "Theme 1 - Managing finances"}),
        (f"{small.url}/rounds", None),
        (f"{small.url}/reviews", None),
    ]
    before = [queries_of(client, url, query) for url, query in lists]

    build_plan(personas, title="Another plan")
    services.item_add(acting_user=personas.manager, plan=small.plan, text="Another issue")
    services.round_add(acting_user=personas.manager, plan=small.plan, label="July 2010 update")
    add_actions(small, personas.manager, 5)

    assert [queries_of(client, url, query) for url, query in lists] == before


def test_it_lists_plans_in_a_fixed_number_of_queries(
    personas, as_user, small, django_assert_num_queries
):
    build_plan(personas, title="Another plan")
    client = as_user(personas.viewer)

    # session, user, organisation with the viewer's role (access), auditor years, count, plans
    with django_assert_num_queries(6):
        client.get(PLANS, {"organisation_id": personas.org_a.pk})


def test_it_lists_actions_in_a_fixed_number_of_queries(
    personas, as_user, small, django_assert_num_queries
):
    add_actions(small, personas.manager, 5)
    client = as_user(personas.viewer)

    # session, user, plan (with body, version, partnership, owner), body access (two),
    # count, actions (with item, criterion, theme), current updates (with round)
    with django_assert_num_queries(8):
        client.get(f"{small.url}/actions")


def test_it_lists_my_actions_in_a_fixed_number_of_queries(
    personas, as_user, small, django_assert_num_queries
):
    other = build_plan(personas, title="Another plan")
    services.action_update(acting_user=personas.manager, action=other.done, officer_user=None)
    client = as_user(personas.manager)

    # session, user, count, actions (with item, plan, body, criterion, theme), current updates
    with django_assert_num_queries(5):
        client.get(f"{PLANS}/my-actions")
