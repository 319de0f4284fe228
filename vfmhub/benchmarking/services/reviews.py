"""Open a VFM review from a service of above average cost and below average performance: an
improvement-plan item (through the plans app's `item_add`) or a council-plan action (through the
performance app's `plan_action_add`) citing the benchmark, and a `VfmReview` row linking it back.

The finding is worked out afresh from the data, never taken from the form, and refused when the
body is no longer above average cost and below average performance on the pair. A second click for
the same finding and plan (or deliverable) returns the review already opened: concurrent clicks are
serialised on the plan's (or deliverable's) row."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import save_created
from vfmhub.benchmarking.models import VfmReview
from vfmhub.benchmarking.selectors.groups import body_for
from vfmhub.benchmarking.selectors.reviews import ReviewCandidate, review_candidate
from vfmhub.organisations.access import OrganisationAccess
from vfmhub.performance.models import Deliverable
from vfmhub.performance.services.plan import ActionValues, plan_action_add
from vfmhub.plans.models import ItemSource, Plan, PlanStatus
from vfmhub.plans.services.items import item_add

NO_LONGER = (
    "This service is not, or no longer, of above average cost and below average performance "
    "against the group in that year, so no review was opened."
)
NOT_THIS_BODYS_PLAN = "Choose one of this organisation's improvement plans that is not closed."
NOT_THIS_BODYS_DELIVERABLE = "Choose a key deliverable of one of this organisation's council plans."
REVIEW_FIELDS = [
    "cost_token",
    "performance_token",
    "group_token",
    "year",
    "finding",
    "citation",
    "plan_item",
    "plan_action",
]
TITLE_LENGTH = 500


def _finding(
    acting_user: User,
    access: OrganisationAccess,
    cost_token: str,
    performance_token: str,
    group_token: str,
    year: int,
    /,
) -> ReviewCandidate:
    found = review_candidate(
        acting_user,
        body_for(access.organisation),
        cost_token=cost_token,
        performance_token=performance_token,
        group_token=group_token,
        year=year,
    )
    if found is None:
        raise ValidationError(NO_LONGER)
    return found


def _same(access: OrganisationAccess, found: ReviewCandidate) -> dict[str, Any]:
    """The fields that name a finding: the body, the pair of measures, the group and the year."""
    return {
        "organisation": access.organisation,
        "cost_token": found.cost.token,
        "performance_token": found.performance.token,
        "group_token": found.group.token,
        "year": found.year,
    }


def _review(
    acting_user: User, access: OrganisationAccess, found: ReviewCandidate, **opened: object
) -> VfmReview:
    review = VfmReview(
        **_same(access, found),
        finding=found.summary[:500],
        citation=found.group.citation[:500],
        created_by=acting_user,
        **opened,
    )
    return save_created(
        review,
        acting_user=acting_user,
        action="benchmarking.vfm_review_opened",
        fields=REVIEW_FIELDS,
    )


def _opened_before(
    access: OrganisationAccess, found: ReviewCandidate, link: str, **under: object
) -> VfmReview | None:
    """The review already opened for the same finding, its `link` (plan_item or plan_action)
    under the same plan or deliverable: a second click returns it."""
    return VfmReview.objects.filter(**_same(access, found), **under).select_related(link).first()


@transaction.atomic
def vfm_review_open_item(
    *,
    acting_user: User,
    access: OrganisationAccess,
    plan: Plan,
    cost_token: str,
    performance_token: str,
    group_token: str,
    year: int,
) -> VfmReview:
    """An improvement-plan item for the finding, in one of the body's open plans."""
    locked = Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if (
        locked is None
        or locked.organisation_id != access.organisation.pk
        or locked.status == PlanStatus.CLOSED
    ):
        raise ValidationError({"plan": NOT_THIS_BODYS_PLAN})
    found = _finding(acting_user, access, cost_token, performance_token, group_token, year)
    existing = _opened_before(access, found, "plan_item", plan_item__plan=locked)
    if existing is not None:
        return existing
    item = item_add(acting_user=acting_user, plan=locked, text=found.text, source=ItemSource.OTHER)
    return _review(acting_user, access, found, plan_item=item)


@transaction.atomic
def vfm_review_open_action(
    *,
    acting_user: User,
    access: OrganisationAccess,
    deliverable: Deliverable,
    cost_token: str,
    performance_token: str,
    group_token: str,
    year: int,
) -> VfmReview:
    """A council-plan action for the finding, under one of the body's key deliverables."""
    locked = (
        Deliverable.objects.select_for_update(of=("self",))
        .filter(pk=deliverable.pk, priority__plan__organisation=access.organisation)
        .first()
    )
    if locked is None:
        raise ValidationError({"deliverable": NOT_THIS_BODYS_DELIVERABLE})
    found = _finding(acting_user, access, cost_token, performance_token, group_token, year)
    existing = _opened_before(access, found, "plan_action", plan_action__deliverable=locked)
    if existing is not None:
        return existing
    title = f"VFM review: {found.summary}"[:TITLE_LENGTH]
    action = plan_action_add(
        acting_user=acting_user, deliverable=locked, values=ActionValues(title=title)
    )
    return _review(acting_user, access, found, plan_action=action)
