"""Who may see and change what: every plan page, with the personas (404 hidden, 403 forbidden)."""

import pytest
from django.urls import reverse

from vfmhub.plans import services
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db

BODY = ["manager", "editor", "viewer"]
PARTNERSHIP = ["partnership_manager", "partnership_viewer", "peer_reviewer"]
READERS = [*BODY, "auditor", "staff"]


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


def plan_pages(plan, actions, rounds):
    budget = actions["budget"]
    return [
        url("detail", plan.pk),
        url("detail", plan.pk) + "?export=csv",
        url("progress", plan.pk),
        url("overdue", plan.pk),
        url("reviews", plan.pk),
        url("action", plan.pk, budget.pk),
    ]


def edit_pages(plan, actions, rounds):
    budget = actions["budget"]
    update = budget.updates.get()
    return [
        url("item_add", plan.pk),
        url("item_edit", plan.pk, budget.item_id),
        url("action_add", plan.pk, budget.item_id),
        url("action_edit", plan.pk, budget.pk),
        url("update_add", plan.pk, budget.pk),
        url("update_correct", plan.pk, update.pk),
        url("round_add", plan.pk),
        url("round_entry", plan.pk, rounds[1].pk),
    ]


def test_it_shows_an_unshared_plan_only_to_the_body_and_its_auditor(
    personas, plan, actions, rounds
):
    for page in plan_pages(plan, actions, rounds):
        assert_access(personas, page, allowed=READERS, hidden=["outsider", *PARTNERSHIP])


def test_it_shows_a_shared_plan_to_the_partnership_too(personas, shared_plan, actions, rounds):
    for page in plan_pages(shared_plan, actions, rounds):
        assert_access(personas, page, allowed=[*READERS, *PARTNERSHIP], hidden=["outsider"])


def test_it_lets_only_editors_open_the_edit_pages(personas, shared_plan, actions, rounds):
    for page in edit_pages(shared_plan, actions, rounds):
        assert_access(
            personas,
            page,
            allowed=["manager", "editor", "staff"],
            forbidden=["viewer", "auditor", *PARTNERSHIP],
            hidden=["outsider"],
        )


def test_it_hides_the_edit_pages_of_an_unshared_plan_from_the_partnership(
    personas, plan, actions, rounds
):
    for page in edit_pages(plan, actions, rounds):
        assert_access(personas, page, forbidden=["viewer"], hidden=["outsider", *PARTNERSHIP])


def test_it_lets_only_editors_post_an_update(personas, plan, actions, rounds):
    data = {"round": rounds[1].pk, "text": "Undertaken as part of the 2010/11 budget."}
    assert_access(
        personas,
        url("update_add", plan.pk, actions["panel"].pk),
        method="post",
        data=data,
        allowed=["editor"],
        forbidden=["viewer", "auditor"],
        hidden=["outsider", *PARTNERSHIP],
    )
    assert actions["panel"].updates.get().text == data["text"]


def test_it_lets_only_managers_change_settings_and_share(personas, plan, actions):
    for page in (url("edit", plan.pk), url("share", plan.pk)):
        assert_access(
            personas,
            page,
            allowed=["manager", "staff"],
            forbidden=["editor", "viewer", "auditor"],
            hidden=["outsider", *PARTNERSHIP],
        )
    assert_access(
        personas,
        url("unshare", plan.pk),
        method="post",
        forbidden=["editor", "viewer"],
        hidden=["outsider", *PARTNERSHIP],
    )


def test_it_lists_plans_by_who_may_read_them(personas, plan, as_user):
    page = url("organisation_list", personas.org_a.pk)
    assert_access(personas, page, allowed=[*READERS, *PARTNERSHIP], hidden=["outsider"])
    assert plan.title in as_user(personas.viewer).get(page).content.decode()
    assert plan.title not in as_user(personas.partnership_viewer).get(page).content.decode()
    services.plan_share(acting_user=personas.manager, plan=plan, partnership=personas.partnership)
    assert plan.title in as_user(personas.partnership_viewer).get(page).content.decode()


def test_it_lets_only_editors_create_plans(personas):
    assert_access(
        personas,
        url("create", personas.org_a.pk),
        method="post",
        data={"title": "A second plan"},
        allowed=["editor"],
        forbidden=["viewer", "auditor", *PARTNERSHIP],
        hidden=["outsider"],
    )
    assert personas.org_a.plans.get().title == "A second plan"


def test_it_lets_only_managers_keep_officer_titles(personas):
    assert_access(
        personas,
        url("officer_titles", personas.org_a.pk),
        allowed=[*READERS, *PARTNERSHIP],
        hidden=["outsider"],
    )
    assert_access(
        personas,
        url("officer_title_add", personas.org_a.pk),
        method="post",
        data={"abbreviation": "HoF", "title": "Head of Finance"},
        allowed=["manager"],
        forbidden=["editor", "viewer", "auditor", *PARTNERSHIP],
        hidden=["outsider"],
    )
    officer = personas.org_a.officer_titles.get()
    assert str(officer) == "HoF (Head of Finance)"
    assert_access(
        personas,
        url("officer_title_edit", personas.org_a.pk, officer.pk),
        allowed=["manager"],
        forbidden=["editor", "viewer"],
        hidden=["outsider"],
    )


def test_it_hides_an_unshared_plan_from_its_would_be_reviewer(personas, plan, actions):
    assert_access(
        personas, url("review_start", plan.pk), method="post", hidden=["peer_reviewer", "outsider"]
    )


def test_it_lets_only_a_reviewer_from_another_body_review_a_shared_plan(personas, shared_plan):
    assert_access(
        personas,
        url("review_start", shared_plan.pk),
        method="post",
        allowed=["peer_reviewer"],
        forbidden=[*BODY, "auditor", "partnership_manager", "partnership_viewer"],
        hidden=["outsider"],
    )
    assert shared_plan.reviews.get().reviewer == personas.peer_reviewer


def test_it_lists_shared_plans_for_the_partnership_roles(personas, shared_plan, as_user):
    page = url("shared_for_review", personas.partnership.pk)
    assert_access(personas, page, allowed=[*PARTNERSHIP, "manager"], hidden=["outsider"])
    assert shared_plan.title in as_user(personas.peer_reviewer).get(page).content.decode()
    assert shared_plan.title not in as_user(personas.manager).get(page).content.decode()


def test_it_shows_my_actions_to_anyone_signed_in(personas, as_user):
    page = as_user(personas.outsider).get(url("my_actions"))
    assert page.status_code == 200
    assert page.context["actions"] == [] and not page.context["has_plans"]
    anonymous = as_user(None).get(url("my_actions"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
