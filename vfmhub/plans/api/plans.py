"""Plans over the API: a body's plans, one plan with its rounds and counts, creating, changing and
sharing a plan, and the actions linked to you."""

from functools import partial
from typing import Any

from ninja import Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import updates_record
from vfmhub.core.api.writes import body_id, write_access
from vfmhub.frameworks.access import version_for_user
from vfmhub.lib import clock
from vfmhub.organisations.access import Need, organisation_for_user, partnership_for_user
from vfmhub.plans import services
from vfmhub.plans.access import PlanNeed, plans_for_organisation
from vfmhub.plans.api.common import KeptIdsRouter, member_of, plan_check, plan_of, update_sent
from vfmhub.plans.api.schemas import (
    MyActionOut,
    PlanDetailOut,
    PlanIn,
    PlanOut,
    PlanPatchIn,
    ShareIn,
)
from vfmhub.plans.models import Plan, PlanStatus
from vfmhub.plans.selectors.actions import my_actions_with_updates
from vfmhub.plans.selectors.plans import plan_with_counts

router = KeptIdsRouter(tags=["plans"])

PLAN_VALUES = ("title", "year", "status", "description")


def _creates_plan(request, **_: Any) -> None:
    organisation_id = body_id(request, "organisation_id")
    if organisation_id is not None:
        organisation_for_user(request.user, organisation_id, need=Need.EDIT)


@router.get("", response=list[PlanOut], summary="An organisation's plans you can see")
@router.get(
    "/organisations/{int:organisation_id}",
    response=list[PlanOut],
    summary="The same list, with the organisation in the path",
    operation_id="vfmhub_plans_api_list_organisation_plans",
    url_name="list_organisation_plans",
)
@paginate(Pagination)
def list_plans(request, organisation_id: int, status: PlanStatus | None = None):
    access = organisation_for_user(request.user, organisation_id)
    return plans_for_organisation(access, request.user, status=status)


@router.get(
    "/my-actions",
    response=list[MyActionOut],
    summary="Actions linked to you as their officer, soonest target first",
)
@paginate(Pagination)
def list_my_actions(request, overdue: bool = False):
    return my_actions_with_updates(request.user, overdue_on=clock.today() if overdue else None)


def _plan_fields(request, plan: Plan, sent: dict[str, Any]) -> dict[str, Any]:
    """The services' field values from what a client sent (ids become records it may use)."""
    fields: dict[str, Any] = {k: sent[k] for k in PLAN_VALUES if k in sent}
    if "version_id" in sent:
        version_id = sent["version_id"]
        fields["version"] = version_for_user(request.user, version_id) if version_id else None
    if "owner_id" in sent:
        fields["owner"] = member_of(plan, sent["owner_id"], "owner_id")
    return fields


@router.post("", response={201: PlanDetailOut}, summary="Create a plan (the body's editors)")
@write_access(_creates_plan)
def create_plan(request, payload: PlanIn):
    access = organisation_for_user(request.user, payload.organisation_id, need=Need.EDIT)
    sent = payload.dict(exclude={"organisation_id"})
    plan = services.plan_create(
        acting_user=request.user,
        organisation=access.organisation,
        **_plan_fields(request, Plan(organisation=access.organisation), sent),
    )
    return Status(201, get_plan(request, plan.pk))


@router.get("/{int:plan_id}", response=PlanDetailOut, summary="A plan with its rounds")
def get_plan(request, plan_id: int):
    plan, _ = plan_of(request, plan_id)
    return plan_with_counts(plan, clock.today())


@router.patch(
    "/{int:plan_id}",
    response=PlanDetailOut,
    summary="Change a plan (the body's managers); send the updated_at you read",
)
@write_access(plan_check(PlanNeed.MANAGE))
@updates_record
def patch_plan(request, plan_id: int, payload: PlanPatchIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.MANAGE)
    update_sent(
        request, payload, services.plan_update, partial(_plan_fields, request, plan), plan=plan
    )
    return get_plan(request, plan_id)


@router.post(
    "/{int:plan_id}/share",
    response=PlanDetailOut,
    summary="Share the plan with a partnership its body belongs to, for peer review (managers)",
)
@write_access(plan_check(PlanNeed.MANAGE))
def share_plan(request, plan_id: int, payload: ShareIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.MANAGE)
    partnership = partnership_for_user(request.user, payload.partnership_id).partnership
    services.plan_share(acting_user=request.user, plan=plan, partnership=partnership)
    return get_plan(request, plan_id)


@router.post("/{int:plan_id}/unshare", response=PlanDetailOut, summary="Stop sharing the plan")
@write_access(plan_check(PlanNeed.MANAGE))
def unshare_plan(request, plan_id: int):
    plan, _ = plan_of(request, plan_id, PlanNeed.MANAGE)
    services.plan_unshare(acting_user=request.user, plan=plan)
    return get_plan(request, plan_id)
