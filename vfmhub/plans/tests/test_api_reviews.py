"""Peer review over the API, end to end, and who may do what."""

import json

import pytest

from vfmhub.api.testing import version_of
from vfmhub.plans.models import PeerReview, ReviewRating, ReviewStatus
from vfmhub.plans.tests.api_helpers import JSON, build_plan, share
from vfmhub.testing import assert_access


@pytest.fixture
def small(personas):
    return build_plan(personas)


@pytest.fixture
def shared(personas, small):
    share(small, personas)
    return small


def send(client, method: str, url: str, body: dict | None = None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type=JSON)


def rating(value: int) -> ReviewRating:
    return ReviewRating.objects.get(partnership=None, value=value)


def test_an_unshared_plan_is_404_to_reviewers(personas, small):
    for url in (small.url, f"{small.url}/reviews"):
        assert_access(personas, url, hidden=["peer_reviewer", "partnership_manager"])
    assert_access(personas, f"{small.url}/reviews", method="post", hidden=["peer_reviewer"])
    assert not PeerReview.objects.exists()


def test_only_the_partnerships_peer_reviewers_start_a_review(personas, shared):
    assert_access(
        personas,
        f"{shared.url}/reviews",
        method="post",
        ok=(201,),
        allowed=["peer_reviewer"],
        forbidden=["manager", "editor", "partnership_manager", "partnership_viewer"],
        hidden=["outsider"],
    )


def test_peer_review_works_end_to_end(personas, as_user, shared):
    reviewer, manager = as_user(personas.peer_reviewer), as_user(personas.manager)
    started = send(reviewer, "post", f"{shared.url}/reviews")
    review_url = f"{shared.url}/reviews/{started.json()['id']}"
    draft = {
        "overall_comment": "A clear plan; say what changed, not only what was done.",
        "rating_id": rating(3).pk,
        "item_comments": {str(shared.finance.pk): "Feed consultation results back."},
        "updated_at": started.json()["updated_at"],
    }

    saved = send(reviewer, "put", review_url, draft)
    hidden_while_draft = manager.get(f"{shared.url}/reviews").json()["count"]
    submitted = send(reviewer, "post", f"{review_url}/submit")
    responded = send(
        manager,
        "post",
        f"{review_url}/respond",
        {"response": "Thank you.", "updated_at": submitted.json()["updated_at"]},
    )

    assert started.status_code == 201
    assert started.json()["status"] == "draft"
    assert saved.status_code == 200
    assert saved.json()["comments"] == [
        {"item_id": shared.finance.pk, "comment": "Feed consultation results back."}
    ]
    assert hidden_while_draft == 0
    assert submitted.json()["status"] == "submitted"
    assert responded.status_code == 200
    listed = as_user(personas.viewer).get(f"{shared.url}/reviews").json()["items"]
    assert [(r["status"], r["rating_value"], r["response"]) for r in listed] == [
        ("submitted", 3, "Thank you.")
    ]
    assert listed[0]["response_by_id"] == personas.manager.pk


def test_a_second_start_gives_back_the_draft(personas, as_user, shared):
    client = as_user(personas.peer_reviewer)

    first = send(client, "post", f"{shared.url}/reviews")
    second = send(client, "post", f"{shared.url}/reviews")

    assert second.json()["id"] == first.json()["id"]


def test_it_refuses_a_stale_save_with_409(personas, as_user, shared):
    client = as_user(personas.peer_reviewer)
    started = send(client, "post", f"{shared.url}/reviews").json()
    url = f"{shared.url}/reviews/{started['id']}"
    first = send(
        client, "put", url, {"overall_comment": "First", "updated_at": started["updated_at"]}
    )
    assert first.status_code == 200

    response = send(
        client, "put", url, {"overall_comment": "Late", "updated_at": started["updated_at"]}
    )

    assert response.status_code == 409
    assert PeerReview.objects.get(pk=started["id"]).overall_comment == "First"


def test_it_refuses_a_rating_off_the_scale_and_an_empty_submission(personas, as_user, shared):
    client = as_user(personas.peer_reviewer)
    started = send(client, "post", f"{shared.url}/reviews").json()
    url = f"{shared.url}/reviews/{started['id']}"

    off_scale = send(
        client,
        "put",
        url,
        {"overall_comment": "x", "rating_id": 999_999, "updated_at": started["updated_at"]},
    )
    empty = send(client, "post", f"{url}/submit")

    assert off_scale.status_code == 422
    assert off_scale.json()["errors"] == [
        {"field": "rating_id", "message": "Choose a rating from the partnership's scale."}
    ]
    assert empty.status_code == 422
    assert {e["field"] for e in empty.json()["errors"]} == {"overall_comment", "rating"}


def test_only_the_author_writes_a_review_and_only_managers_respond(personas, as_user, shared):
    client = as_user(personas.peer_reviewer)
    started = send(client, "post", f"{shared.url}/reviews").json()
    review_id = started["id"]
    url = f"{shared.url}/reviews/{review_id}"
    body = {"overall_comment": "Mine", "updated_at": started["updated_at"]}

    assert_access(
        personas,
        url,
        method="put",
        data=body,
        content_type=JSON,
        forbidden=["manager", "partnership_manager"],
        hidden=["outsider"],
    )
    assert as_user(personas.manager).get(url).status_code == 404  # a draft is the reviewer's
    saved = send(
        client,
        "put",
        url,
        {"overall_comment": "Good", "rating_id": rating(4).pk, "updated_at": started["updated_at"]},
    )
    assert saved.status_code == 200
    send(client, "post", f"{url}/submit")
    review = PeerReview.objects.get(pk=review_id)
    assert_access(
        personas,
        f"{url}/respond",
        method="post",
        data={"response": "Thanks", "updated_at": version_of(review)},
        content_type=JSON,
        allowed=["manager"],
        forbidden=["editor", "viewer", "peer_reviewer"],
        hidden=["outsider"],
    )
    assert PeerReview.objects.get(pk=review_id).status == ReviewStatus.SUBMITTED


def test_it_lists_reviews_in_a_fixed_number_of_queries(
    personas, as_user, shared, django_assert_num_queries
):
    client = as_user(personas.peer_reviewer)
    started = send(client, "post", f"{shared.url}/reviews").json()
    comments = {str(shared.finance.pk): "One", str(shared.data.pk): "Two"}
    url = f"{shared.url}/reviews/{started['id']}"
    saved = send(
        client,
        "put",
        url,
        {
            "overall_comment": "Good",
            "rating_id": rating(3).pk,
            "item_comments": comments,
            "updated_at": started["updated_at"],
        },
    )
    assert saved.status_code == 200
    send(client, "post", f"{url}/submit")
    viewer = as_user(personas.viewer)

    # session, user, plan, body access (two), partnership roles (the plan is shared),
    # count, reviews (with partnership, reviewer, rating, responder), comments
    with django_assert_num_queries(9):
        response = viewer.get(f"{shared.url}/reviews")
    [listed] = response.json()["items"]
    assert (listed["status"], listed["rating_value"]) == ("submitted", 3)
    assert sorted(c["comment"] for c in listed["comments"]) == ["One", "Two"]
