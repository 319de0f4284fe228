"""Submitting a peer review goes through a check-your-answers page: what is sent, what happens,
who can undo it; only the POST submits."""

import pytest
from django.urls import reverse

from vfmhub.plans import services
from vfmhub.plans.models import ReviewStatus
from vfmhub.plans.selectors import reviews as selectors
from vfmhub.plans.services.reviews import OVERALL_COMMENT_REQUIRED, RATING_REQUIRED
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(personas, shared_plan, actions):
    review = services.review_start(acting_user=personas.peer_reviewer, plan=shared_plan)
    return services.review_save(
        acting_user=personas.peer_reviewer,
        review=review,
        overall_comment="Clear owners for every action.",
        rating=selectors.rating_scale(personas.partnership).get(label="Good"),
        item_comments={actions["panel"].item_id: "Say which groups will be consulted."},
    )


def submit_url(review):
    return reverse("plans:review_submit", args=[review.plan_id, review.pk])


def test_it_shows_what_will_be_sent_before_submitting(personas, draft, as_user):
    page = as_user(personas.peer_reviewer).get(submit_url(draft))
    html = page.content.decode()
    for text in (
        "Check your review before you submit it",
        "Ashby District Council",
        "Improvement Northmoor",
        "Good",
        "Clear owners for every action.",
        "Say which groups will be consulted.",
        "can read the review and respond to it",
        "Only a site administrator can undo a submission.",
        ">Submit the review</button>",
    ):
        assert text in html
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.DRAFT  # looking submits nothing


def test_it_submits_only_on_post(personas, draft, as_user):
    response = as_user(personas.peer_reviewer).post(submit_url(draft))
    draft.refresh_from_db()
    assert response["Location"] == reverse("plans:review", args=[draft.plan_id, draft.pk])
    assert draft.status == ReviewStatus.SUBMITTED and draft.submitted_at is not None


def test_it_says_what_is_missing_and_offers_no_submit_button(personas, shared_plan, as_user):
    review = services.review_start(acting_user=personas.peer_reviewer, plan=shared_plan)
    html = as_user(personas.peer_reviewer).get(submit_url(review)).content.decode()
    assert OVERALL_COMMENT_REQUIRED in html and RATING_REQUIRED in html
    assert "Submit the review</button>" not in html


def test_it_links_the_review_page_to_the_check_page(personas, draft, as_user):
    url = reverse("plans:review", args=[draft.plan_id, draft.pk])
    html = as_user(personas.peer_reviewer).get(url).content.decode()
    assert f'href="{submit_url(draft)}"' in html


def test_it_lets_only_the_reviewer_reach_the_check_page(personas, draft):
    assert_access(
        personas,
        submit_url(draft),
        allowed=["peer_reviewer"],
        forbidden=["manager", "viewer", "partnership_viewer"],
        hidden=["outsider"],
    )
