"""Writing plans over the API: plans, items, actions, rounds, updates, corrections, sharing."""

import json

import pytest

from vfmhub.api.testing import version_of
from vfmhub.audit.models import AuditEvent
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.plans.models import Action, ActionUpdate, Plan
from vfmhub.plans.tests.api_helpers import JSON, PLANS, build_plan
from vfmhub.testing import assert_access


@pytest.fixture
def small(personas):
    return build_plan(personas)


def send(client, method: str, url: str, body: dict | None = None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type=JSON)


def test_it_creates_a_plan_for_the_bodys_editors(personas, as_user):
    body = {"organisation_id": personas.org_a.pk, "title": "VFM action plan", "year": 2010}

    response = send(as_user(personas.editor), "post", PLANS, body)

    assert response.status_code == 201
    plan = Plan.objects.get(pk=response.json()["id"])
    assert (plan.title, plan.year, plan.created_by) == ("VFM action plan", 2010, personas.editor)
    assert response.json()["rounds"] == []
    assert AuditEvent.objects.filter(action="plan.create", object_id=str(plan.pk)).exists()


def test_it_refuses_to_create_a_plan_for_viewers_and_outsiders(personas):
    assert_access(
        personas,
        PLANS,
        method="post",
        data={"organisation_id": personas.org_a.pk, "title": "A plan"},
        content_type=JSON,
        forbidden=[
            "viewer",
            "auditor",
            "peer_reviewer",
        ],  # who reads the body through a partnership
        hidden=["outsider"],
    )
    assert not Plan.objects.exists()


def test_it_refuses_an_owner_from_another_body(personas, as_user):
    body = {
        "organisation_id": personas.org_a.pk,
        "title": "A plan",
        "owner_id": personas.outsider.pk,
    }

    response = send(as_user(personas.manager), "post", PLANS, body)

    assert response.status_code == 422
    assert response.json()["detail"] == "The data is not valid."
    assert response.json()["errors"] == [
        {
            "field": "owner_id",
            "message": "Choose someone who holds a role at Ashby District Council.",
        }
    ]


def test_it_changes_a_plan_with_the_updated_at_it_read(personas, as_user, small):
    client = as_user(personas.manager)
    read = client.get(small.url).json()

    response = send(
        client, "patch", small.url, {"title": "Renamed", "updated_at": read["updated_at"]}
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Renamed"
    assert response.json()["year"] == 2009  # left out, so kept


def test_it_refuses_a_stale_plan_change_with_409(personas, as_user, small):
    client = as_user(personas.manager)
    read = client.get(small.url).json()
    first = send(
        client, "patch", small.url, {"description": "First", "updated_at": read["updated_at"]}
    )
    assert first.status_code == 200

    response = send(client, "patch", small.url, {"title": "Late", "updated_at": read["updated_at"]})

    assert response.status_code == 409
    assert response.json() == {"detail": CHANGED_SINCE_OPENED, "errors": []}
    assert Plan.objects.get(pk=small.plan.pk).title == "Use of Resources Action Plan"


def test_only_managers_change_a_plan(personas, small):
    assert_access(
        personas,
        small.url,
        method="patch",
        data={"title": "Mine", "updated_at": version_of(small.plan)},
        content_type=JSON,
        allowed=["manager"],
        forbidden=["editor", "viewer", "auditor"],
        hidden=["outsider", "peer_reviewer"],
    )


def test_it_adds_and_changes_items(personas, as_user, small):
    client = as_user(personas.editor)

    added = send(
        client, "post", f"{small.url}/items", {"text": "A new issue", "source": "peer_review"}
    )
    item = added.json()
    changed = send(
        client,
        "patch",
        f"{small.url}/items/{item['id']}",
        {"theme_heading": "Theme 3 - Managing resources", "updated_at": item["updated_at"]},
    )

    assert added.status_code == 201
    assert (item["source"], item["order"]) == ("peer_review", 3)
    assert changed.status_code == 200
    assert changed.json()["theme"] == "Theme 3 - Managing resources"
    assert changed.json()["text"] == "A new issue"


def test_it_refuses_item_writes_to_viewers_and_outsiders(personas, small):
    assert_access(
        personas,
        f"{small.url}/items",
        method="post",
        data={"text": "Issue"},
        content_type=JSON,
        forbidden=["viewer", "auditor"],
        hidden=["outsider", "peer_reviewer", "partnership_manager"],
    )


def test_it_refuses_a_finding_it_cannot_find(personas, as_user, small):
    response = send(
        as_user(personas.editor), "post", f"{small.url}/items/from-finding", {"finding_id": 999}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "finding_id"


def test_it_adds_an_action_with_its_officer(personas, as_user, small):
    body = {
        "description": "Paper on benchmarking to SMT.",
        "officer": "HoF",
        "officer_user_id": personas.manager.pk,
        "target_date": "2026-03-31",
        "added_in_round_id": small.march.pk,
        "added_from": "Action Plan from 2010 Assessment",
    }

    response = send(
        as_user(personas.editor), "post", f"{small.url}/items/{small.data.pk}/actions", body
    )

    assert response.status_code == 201
    action = Action.objects.get(pk=response.json()["id"])
    assert (action.item, action.officer_user, action.added_in_round) == (
        small.data,
        personas.manager,
        small.march,
    )
    assert response.json()["history"] == []


def test_it_refuses_no_action_without_a_reason(personas, as_user, small):
    body = {"description": "Propose no action.", "status": "no_action"}

    response = send(
        as_user(personas.editor), "post", f"{small.url}/items/{small.data.pk}/actions", body
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "no_action_reason", "message": "Give the reason why no action is proposed."}
    ]


def test_it_refuses_a_round_of_another_plan(personas, as_user, small):
    other = build_plan(personas, title="Second plan")
    body = {"description": "An action", "added_in_round_id": other.march.pk}

    response = send(
        as_user(personas.editor), "post", f"{small.url}/items/{small.data.pk}/actions", body
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "added_in_round_id"


def test_it_changes_an_action_and_409s_when_stale(personas, as_user, small):
    client = as_user(personas.editor)
    url = f"{small.url}/actions/{small.due_soon.pk}"
    read = client.get(url).json()

    first = send(client, "patch", url, {"rag": "red", "updated_at": read["updated_at"]})
    second = send(client, "patch", url, {"rag": "green", "updated_at": read["updated_at"]})

    assert first.status_code == 200
    assert first.json()["rag"] == "red"
    assert second.status_code == 409
    assert Action.objects.get(pk=small.due_soon.pk).rag == "red"


def test_it_adds_a_round_and_refuses_the_same_label_twice(personas, as_user, small):
    client = as_user(personas.editor)
    body = {"label": "July 2010 update", "as_at": "2010-07-31"}

    first = send(client, "post", f"{small.url}/rounds", body)
    again = send(client, "post", f"{small.url}/rounds", body)

    assert first.status_code == 201
    assert (first.json()["label"], first.json()["as_at"]) == ("July 2010 update", "2010-07-31")
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "label"


def test_it_adds_an_update_and_409s_on_a_second_for_the_round(personas, as_user, small):
    client = as_user(personas.editor)
    url = f"{small.url}/actions/{small.due_soon.pk}/updates"
    body = {
        "round_id": small.march.pk,
        "text": "Session booked.",
        "status": "completed",
        "rag": "green",
    }

    first = send(client, "post", url, body)
    second = send(client, "post", url, {**body, "text": "Another"})

    assert first.status_code == 201
    assert (first.json()["round_label"], first.json()["author_id"]) == (
        "March 2010 update",
        personas.editor.pk,
    )
    assert Action.objects.get(pk=small.due_soon.pk).status == "completed"
    assert second.status_code == 409
    assert "Correct that update instead" in second.json()["detail"]


def test_it_corrects_an_update_keeping_the_original(personas, as_user, small):
    client = as_user(personas.editor)
    url = f"{small.url}/updates/{small.update.pk}/correct"
    body = {"text": "We will meet again in May.", "reason": "Wrong month."}

    response = send(client, "post", url, body)
    again = send(client, "post", url, {**body, "text": "June"})

    assert response.status_code == 201
    assert response.json()["corrects_id"] == small.update.pk
    original = ActionUpdate.objects.get(pk=small.update.pk)
    assert (original.text, original.is_current) == ("We will meet again in April.", False)
    assert again.status_code == 409


def test_it_needs_a_reason_to_correct(personas, as_user, small):
    url = f"{small.url}/updates/{small.update.pk}/correct"

    response = send(as_user(personas.editor), "post", url, {"text": "Changed", "reason": " "})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"


def test_it_refuses_updates_to_viewers_and_outsiders(personas, small):
    assert_access(
        personas,
        f"{small.url}/actions/{small.due_soon.pk}/updates",
        method="post",
        data={"round_id": small.march.pk, "text": "x"},
        content_type=JSON,
        forbidden=["viewer", "auditor"],
        hidden=["outsider", "peer_reviewer"],
    )


def test_it_saves_a_round_entry_whole_or_not_at_all(personas, as_user, small):
    client = as_user(personas.editor)
    url = f"{small.url}/rounds/{small.march.pk}/entries"
    good = {"action_id": small.due_soon.pk, "text": "Booked."}
    clash = {"action_id": small.overdue.pk, "text": "Already has a March update."}

    refused = send(client, "post", url, {"entries": [good, clash]})
    count = ActionUpdate.objects.count()
    saved = send(
        client, "post", url, {"entries": [good, {"action_id": small.done.pk, "text": "Done."}]}
    )

    assert refused.status_code == 422
    assert ActionUpdate.objects.count() == count + 2
    assert saved.status_code == 201
    assert [u["text"] for u in saved.json()] == ["Booked.", "Done."]


def test_it_refuses_a_round_entry_for_an_action_of_another_plan(personas, as_user, small):
    other = build_plan(personas, title="Second plan")
    url = f"{small.url}/rounds/{small.march.pk}/entries"

    response = send(
        as_user(personas.editor),
        "post",
        url,
        {"entries": [{"action_id": other.done.pk, "text": "x"}]},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "entries"


def test_it_shares_and_unshares_a_plan(personas, as_user, small):
    client = as_user(personas.manager)

    shared = send(client, "post", f"{small.url}/share", {"partnership_id": personas.partnership.pk})
    unshared = send(client, "post", f"{small.url}/unshare")
    again = send(client, "post", f"{small.url}/unshare")

    assert shared.json()["shared_with_id"] == personas.partnership.pk
    assert unshared.json()["shared_with_id"] is None
    assert again.status_code == 422


def test_only_managers_share_a_plan(personas, small):
    assert_access(
        personas,
        f"{small.url}/share",
        method="post",
        data={"partnership_id": personas.partnership.pk},
        content_type=JSON,
        allowed=["manager"],
        forbidden=["editor", "viewer"],
        hidden=["outsider", "partnership_manager"],
    )
