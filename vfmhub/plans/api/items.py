"""A plan's items over the API: the list, adding one (typed in or from a finding), changing one."""

from functools import partial
from typing import Any

from ninja import Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.plans import services
from vfmhub.plans.access import PlanNeed, finding_for_user, item_in_plan
from vfmhub.plans.api.common import (
    KeptIdsRouter,
    criterion_of,
    in_body,
    plan_check,
    plan_of,
    update_sent,
)
from vfmhub.plans.api.schemas import FindingItemIn, ItemIn, ItemOut, ItemPatchIn
from vfmhub.plans.selectors.plans import plan_items

router = KeptIdsRouter()  # tagged "plans" by the plans router it is mounted under

FINDING_NOT_FOUND = "Choose a finding about this plan's body that you can see."
ITEM_VALUES = ("text", "theme_heading", "criterion_heading", "source", "order")


@router.get("/{int:plan_id}/items", response=list[ItemOut], summary="A plan's items, in order")
@paginate(Pagination)
def list_items(request, plan_id: int):
    plan, _ = plan_of(request, plan_id)
    return plan_items(plan)


@router.post("/{int:plan_id}/items", response={201: ItemOut}, summary="Add an item (editors)")
@write_access(plan_check(PlanNeed.EDIT))
def add_item(request, plan_id: int, payload: ItemIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    item = services.item_add(
        acting_user=request.user,
        plan=plan,
        text=payload.text,
        criterion=criterion_of(request, payload.criterion_id),
        theme_heading=payload.theme_heading,
        criterion_heading=payload.criterion_heading,
        source=payload.source,
    )
    return Status(201, item_in_plan(plan, item.pk))


@router.post(
    "/{int:plan_id}/items/from-finding",
    response={201: ItemOut},
    summary="Turn one of the body's assessment findings into an item (again: the same item)",
)
@write_access(plan_check(PlanNeed.EDIT))
def add_item_from_finding(request, plan_id: int, payload: FindingItemIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    finding, _ = in_body(
        "finding_id",
        FINDING_NOT_FOUND,
        partial(finding_for_user, organisation_id=plan.organisation_id),
        request.user,
        payload.finding_id,
    )
    item = services.item_from_finding(acting_user=request.user, plan=plan, finding=finding)
    return Status(201, item_in_plan(plan, item.pk))


def _item_fields(request, sent: dict[str, Any]) -> dict[str, Any]:
    """The services' field values from what a client sent (null leaves a text as it is)."""
    fields = {k: sent[k] for k in ITEM_VALUES if k in sent and sent[k] is not None}
    if "criterion_id" in sent:
        fields["criterion"] = criterion_of(request, sent["criterion_id"])
    return fields


@router.patch(
    "/{int:plan_id}/items/{int:item_id}",
    response=ItemOut,
    summary="Change an item; fields left out keep their values; send the updated_at you read",
)
@write_access(plan_check(PlanNeed.EDIT))
@updates_record
def patch_item(request, plan_id: int, item_id: int, payload: ItemPatchIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    item = item_in_plan(plan, item_id)
    update_sent(request, payload, services.item_update, partial(_item_fields, request), item=item)
    return item_in_plan(plan, item_id)
