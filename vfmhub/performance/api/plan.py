"""The council plan and service ratings over the API (mounted under /api/v1/performance).

Anyone who may read the organisation reads its plans and ratings; its editors add and change
actions and ratings. A change sends the `updated_at` it read (409 when someone changed it since).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import (
    VersionedOut,
    sent_version,
    stale_as_conflict,
    updates_record,
)
from vfmhub.core.api.writes import refuse_null, write_access
from vfmhub.lib.years import FinancialYear
from vfmhub.organisations.access import Need
from vfmhub.performance import access as perf
from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.models import PlanAction, PlanActionStatus
from vfmhub.performance.selectors import ratings as rating_selectors
from vfmhub.performance.selectors.plan import plan_priorities, plans_for
from vfmhub.performance.services import plan as plan_services
from vfmhub.performance.services import ratings as rating_services

router = Router()
ORG = "/organisations/{int:organisation_id}"
ALREADY_RATED = "This service is already rated for that year: change the rating (PATCH) instead."
NOT_RATED = "This service is not rated for that year."


def _reading(request, organisation_id: int) -> PerformanceAccess:
    return perf.performance_for_user(request.user, organisation_id)


def _editing(request, organisation_id: int, **_: Any) -> PerformanceAccess:
    return perf.performance_for_user(request.user, organisation_id, need=Need.EDIT)


# Schemas ----------------------------------------------------------------------------------------


class CouncilPlanOut(VersionedOut):
    id: int
    title: str
    first_year: int
    last_year: int
    source: str
    updated_at: str


class PlanActionOut(VersionedOut):
    id: int
    position: int
    title: str
    completion_date: datetime.date | None
    completion_text: str
    resource: str
    resource_amount: Decimal | None
    resource_staff: Decimal | None
    lead_officer: str
    lead_member: str
    status: str
    improvement_action_id: int | None
    project_id: int | None
    updated_at: str


class PlanMeasureOut(VersionedOut):
    id: int
    position: int
    text: str
    how_we_know: str
    indicator_id: int | None
    updated_at: str


class PlanDeliverableOut(VersionedOut):
    id: int
    position: int
    title: str
    measures: list[PlanMeasureOut]
    actions: list[PlanActionOut]
    updated_at: str

    @staticmethod
    def resolve_measures(obj: Any) -> list[Any]:
        return list(obj.measures.all())

    @staticmethod
    def resolve_actions(obj: Any) -> list[Any]:
        return list(obj.actions.all())


class PlanPriorityOut(VersionedOut):
    id: int
    position: int
    title: str
    deliverables: list[PlanDeliverableOut]
    updated_at: str

    @staticmethod
    def resolve_deliverables(obj: Any) -> list[Any]:
        return list(obj.deliverables.all())


class CouncilPlanTreeOut(CouncilPlanOut):
    priorities: list[PlanPriorityOut]

    @staticmethod
    def resolve_priorities(obj: Any) -> list[Any]:
        return list(plan_priorities(obj))


class PlanActionIn(Schema):
    title: str
    completion_date: datetime.date | None = None
    completion_text: str = ""
    resource: str = ""
    resource_amount: Decimal | None = None
    resource_staff: Decimal | None = None
    lead_officer: str = ""
    lead_member: str = ""
    status: PlanActionStatus = PlanActionStatus.NOT_STARTED
    improvement_action_id: int | None = None
    project_id: int | None = None


class PlanActionPatchIn(Schema):
    """Fields left out keep their values; send `updated_at` as read (409 when stale)."""

    title: str | None = None
    completion_date: datetime.date | None = None
    completion_text: str | None = None
    resource: str | None = None
    resource_amount: Decimal | None = None
    resource_staff: Decimal | None = None
    lead_officer: str | None = None
    lead_member: str | None = None
    status: PlanActionStatus | None = None
    improvement_action_id: int | None = None
    project_id: int | None = None
    updated_at: datetime.datetime | None = None

    _not_null = refuse_null(
        "title", "completion_text", "resource", "lead_officer", "lead_member", "status"
    )


class ServiceRatingOut(VersionedOut):
    service_id: int
    year: int
    score: int
    reason: str
    updated_at: str


class RatedServiceOut(Schema):
    id: int
    name: str
    rating: ServiceRatingOut | None

    @staticmethod
    def resolve_rating(obj: Any) -> Any:
        return obj.year_ratings[0] if obj.year_ratings else None


class ServiceRatingIn(Schema):
    year: FinancialYear
    score: int
    reason: str


class ServiceRatingPatchIn(Schema):
    score: int
    reason: str
    updated_at: datetime.datetime | None = None


class RatingTargetCheckOut(Schema):
    year: int
    minimum_score: int
    share_percent: Decimal
    rated: int
    at_or_above: int
    share: Decimal | None
    met: bool | None
    target_set: bool
    sentence: str


# Plans ------------------------------------------------------------------------------------------


@router.get(
    f"{ORG}/plans", response=list[CouncilPlanOut], summary="The organisation's council plans"
)
@paginate(Pagination)
def list_plans(request, organisation_id: int):
    return plans_for(_reading(request, organisation_id))


@router.get(
    f"{ORG}/plans/{{int:plan_id}}",
    response=CouncilPlanTreeOut,
    summary="A council plan: priorities, key deliverables, outcome measures and actions",
)
def get_plan(request, organisation_id: int, plan_id: int):
    return perf.plan_of(_reading(request, organisation_id), plan_id)


def _values(access: PerformanceAccess, fields: dict[str, Any]) -> plan_services.ActionValues:
    """An action's values, its links found among those the organisation may link to."""
    action, project = plan_services.action_links_found(
        organisation_id=access.organisation.pk,
        improvement_action_id=fields.pop("improvement_action_id", None),
        project_id=fields.pop("project_id", None),
    )
    return plan_services.ActionValues(**fields, improvement_action=action, project=project)


def _action_out(action: PlanAction) -> PlanAction:
    action.refresh_from_db()
    return action


@router.post(
    f"{ORG}/plan-deliverables/{{int:deliverable_id}}/actions",
    response={201: PlanActionOut},
    summary="Add a project or action to a key deliverable (editors)",
)
@write_access(_editing)
def add_action(request, organisation_id: int, deliverable_id: int, payload: PlanActionIn):
    access = _editing(request, organisation_id)
    deliverable = perf.deliverable_of(access, deliverable_id)
    action = plan_services.plan_action_add(
        acting_user=request.user, deliverable=deliverable, values=_values(access, payload.dict())
    )
    return Status(201, _action_out(action))


@router.patch(
    f"{ORG}/plan-actions/{{int:action_id}}",
    response=PlanActionOut,
    summary="Change an action; fields left out keep their values; send the updated_at you read",
)
@write_access(_editing)
@updates_record
def patch_action(request, organisation_id: int, action_id: int, payload: PlanActionPatchIn):
    access = _editing(request, organisation_id)
    action = perf.plan_action_of(access, action_id)
    expected = sent_version(request, payload.updated_at)
    current = {
        "improvement_action_id": action.improvement_action_id,
        "project_id": action.project_id,
    } | {name: getattr(action, name) for name in PlanActionPatchIn.model_fields if name in _PLAIN}
    sent = payload.dict(exclude_unset=True, exclude={"updated_at"})
    with stale_as_conflict():
        plan_services.plan_action_update(
            acting_user=request.user,
            action=action,
            values=_values(access, current | sent),
            expected_updated_at=expected,
        )
    return _action_out(action)


_PLAIN = {
    "title",
    "completion_date",
    "completion_text",
    "resource",
    "resource_amount",
    "resource_staff",
    "lead_officer",
    "lead_member",
    "status",
}


# Service ratings --------------------------------------------------------------------------------


@router.get(
    f"{ORG}/rated-services",
    response=list[RatedServiceOut],
    summary="The organisation's services, each with its rating for the year",
)
@paginate(Pagination)
def list_rated_services(request, organisation_id: int, year: FinancialYear):
    return rating_selectors.services_rated(_reading(request, organisation_id), year)


@router.get(
    f"{ORG}/rating-target",
    response=RatingTargetCheckOut,
    summary="The year's ratings target (75% scoring 2 or above unless set) checked",
)
def rating_target(request, organisation_id: int, year: FinancialYear):
    check = rating_selectors.rating_target_check(_reading(request, organisation_id), year)
    return {name: getattr(check, name) for name in RatingTargetCheckOut.model_fields}


@router.post(
    f"{ORG}/rated-services/{{int:service_id}}/ratings",
    response={201: ServiceRatingOut},
    summary="Rate a service for a year (1 to 4, with the reason; editors)",
)
@write_access(_editing)
def add_rating(request, organisation_id: int, service_id: int, payload: ServiceRatingIn):
    service = perf.service_of(_editing(request, organisation_id), service_id)
    if service.ratings.filter(year=payload.year).exists():
        raise ValidationError({"year": ALREADY_RATED})
    rating = rating_services.service_rating_set(
        acting_user=request.user, service=service, **payload.dict()
    )
    return Status(201, rating)


@router.patch(
    f"{ORG}/rated-services/{{int:service_id}}/ratings/{{int:year}}",
    response=ServiceRatingOut,
    summary="Change a year's rating of a service; send the updated_at you read",
)
@write_access(_editing)
@updates_record
def patch_rating(
    request, organisation_id: int, service_id: int, year: int, payload: ServiceRatingPatchIn
):
    service = perf.service_of(_editing(request, organisation_id), service_id)
    if not service.ratings.filter(year=year).exists():
        raise ValidationError({"year": NOT_RATED})
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        rating = rating_services.service_rating_set(
            acting_user=request.user,
            service=service,
            year=year,
            score=payload.score,
            reason=payload.reason,
            expected_updated_at=expected,
        )
    return rating


__all__ = ["router"]
