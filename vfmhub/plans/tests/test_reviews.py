"""Peer review end to end: share, review with per-item comments and a rating, submit, respond."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.plans import services
from vfmhub.plans.models import ReviewRating
from vfmhub.plans.selectors import reviews as selectors
from vfmhub.plans.services.plans import NOT_A_PARTNERSHIP_MEMBER
from vfmhub.plans.services.reviews import RATING_REQUIRED, REVIEW_SUBMITTED

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


def test_it_rates_on_the_default_scale_unless_the_partnership_has_its_own(personas):
    labels = [r.label for r in selectors.rating_scale(personas.partnership)]
    assert labels == ["Poor", "Needs improvement", "Adequate", "Good"]
    ReviewRating.objects.create(partnership=personas.partnership, value=1, label="Weak")
    ReviewRating.objects.create(partnership=personas.partnership, value=2, label="Strong")
    labels = [r.label for r in selectors.rating_scale(personas.partnership)]
    assert labels == ["Weak", "Strong"]


def test_it_shares_only_with_a_partnership_the_body_belongs_to(personas, plan):
    other = type(personas.partnership).objects.create(name="Elsewhere", kind="other")
    with pytest.raises(ValidationError) as refused:
        services.plan_share(acting_user=personas.manager, plan=plan, partnership=other)
    assert refused.value.message_dict["partnership"] == [
        NOT_A_PARTNERSHIP_MEMBER.format(organisation=personas.org_a.name, partnership="Elsewhere")
    ]


def test_it_runs_a_peer_review_end_to_end(personas, plan, actions, as_user):
    manager, reviewer = as_user(personas.manager), as_user(personas.peer_reviewer)
    assert reviewer.get(url("reviews", plan.pk)).status_code == 404
    manager.post(url("share", plan.pk), {"partnership": personas.partnership.pk})
    response = reviewer.post(url("review_start", plan.pk))
    review = plan.reviews.get()
    assert response["Location"] == url("review_edit", plan.pk, review.pk)
    item = actions["panel"].item
    good = selectors.rating_scale(personas.partnership).get(label="Good")
    reviewer.post(
        url("review_edit", plan.pk, review.pk),
        {
            "version_stamp": review.updated_at.isoformat(),
            "overall_comment": "A clear plan with owners for every action.",
            "rating": good.pk,
            f"item_{item.pk}": "Say which groups will be consulted.",
        },
    )
    # The body sees drafts of nobody else's review.
    assert manager.get(url("review", plan.pk, review.pk)).status_code == 404
    reviewer.post(url("review_submit", plan.pk, review.pk))
    page = manager.get(url("review", plan.pk, review.pk)).content.decode()
    assert "Say which groups will be consulted." in page and "Good" in page
    assert (
        as_user(personas.editor).get(url("review_respond", plan.pk, review.pk)).status_code == 403
    )
    manager.post(url("review_respond", plan.pk, review.pk), {"response": "Agreed; we will."})
    review.refresh_from_db()
    assert (review.status, review.rating, review.response) == (
        "submitted",
        good,
        "Agreed; we will.",
    )
    assert review.comments.get().item == item
    event = AuditEvent.objects.get(action="peer_review.submit")
    assert (event.organisation_id, event.partnership_id) == (
        personas.org_a.pk,
        personas.partnership.pk,
    )


def test_it_needs_a_rating_to_submit(personas, shared_plan):
    review = services.review_start(acting_user=personas.peer_reviewer, plan=shared_plan)
    services.review_save(acting_user=personas.peer_reviewer, review=review, overall_comment="OK")
    with pytest.raises(ValidationError) as refused:
        services.review_submit(acting_user=personas.peer_reviewer, review=review)
    assert refused.value.message_dict["rating"] == [RATING_REQUIRED]


def test_it_closes_a_submitted_review(personas, shared_plan):
    review = services.review_start(acting_user=personas.peer_reviewer, plan=shared_plan)
    rating = selectors.rating_scale(None).first()
    services.review_save(
        acting_user=personas.peer_reviewer, review=review, overall_comment="OK", rating=rating
    )
    services.review_submit(acting_user=personas.peer_reviewer, review=review)
    with pytest.raises(ValidationError) as refused:
        services.review_save(acting_user=personas.peer_reviewer, review=review, overall_comment="")
    assert refused.value.messages == [REVIEW_SUBMITTED]


def test_it_hides_the_plan_again_once_unshared(personas, shared_plan, as_user):
    services.plan_unshare(acting_user=personas.manager, plan=shared_plan)
    shared_plan.refresh_from_db()
    assert (shared_plan.shared_with, shared_plan.shared_at) == (None, None)
    event = AuditEvent.objects.get(action="plan.unshare")
    assert (event.organisation_id, event.partnership_id) == (
        personas.org_a.pk,
        personas.partnership.pk,
    )
    assert event.changes == {"shared_with": [str(personas.partnership), None]}
    for name in ("peer_reviewer", "partnership_viewer"):
        page = as_user(personas.user(name)).get(url("detail", shared_plan.pk))
        assert page.status_code == 404


def test_it_shows_the_review_form_with_a_comment_field_per_item(personas, shared_plan, as_user):
    review = services.review_start(acting_user=personas.peer_reviewer, plan=shared_plan)
    page = as_user(personas.peer_reviewer).get(url("review_edit", shared_plan.pk, review.pk))
    html = page.content.decode()
    assert html.count('name="item_') == shared_plan.items.count() == 3
    assert "Needs improvement" in html and 'type="radio"' in html
    other = as_user(personas.manager).get(url("review_edit", shared_plan.pk, review.pk))
    assert other.status_code == 403
