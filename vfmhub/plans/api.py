"""Improvement plans over the API, mounted at /api/v1/plans, with the pages' rules and permissions.

Plans are reached through `plans.access.plan_for_user` (404 to those who may not see a plan, 403
to those who lack the role), lists come from the app's selectors, writes go through its services,
which validate and audit. A change names the version it changes (428 without one); one that
would overwrite someone else's newer change answers 409 Conflict, as does adding a round's update
that someone has already given, or correcting an update already corrected. Actions, rounds and
updates are in `api_actions.py`, reviews in `api_reviews`.
"""

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404
from ninja import Router, Status
from ninja.pagination import paginate

from vfmhub.assessments.access import assessment_for_user
from vfmhub.assessments.models import Finding
from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import sent_version, stale_as_conflict, updates_record
from vfmhub.core.api.writes import body_id, write_access
from vfmhub.frameworks.access import version_for_user
from vfmhub.frameworks.models import Criterion
from vfmhub.lib import clock
from vfmhub.organisations.access import NOT_FOUND, Need, organisation_for_user
from vfmhub.organisations.access import partnership_for_user as _partnership_for_user
from vfmhub.plans import selectors, services
from vfmhub.plans.access import PlanNeed, plans_for_organisation
from vfmhub.plans.api_actions import router as actions_router
from vfmhub.plans.api_common import (
    actions_with_updates,
    item_in,
    member_of,
    plan_check,
    plan_of,
)
from vfmhub.plans.api_reviews import router as reviews_router
from vfmhub.plans.api_schemas import (
    FindingItemIn,
    ItemIn,
    ItemOut,
    ItemPatchIn,
    MyActionOut,
    PlanDetailOut,
    PlanIn,
    PlanOut,
    PlanPatchIn,
    ShareIn,
)
from vfmhub.plans.models import Action, Plan, PlanStatus

router = Router(tags=["plans"])


def _creates_plan(request, **_):
    organisation_id = body_id(request, "organisation_id")
    if organisation_id is not None:
        organisation_for_user(request.user, organisation_id, need=Need.EDIT)


CRITERION_NOT_FOUND = "Choose a criterion of a framework version you can see."
FINDING_NOT_FOUND = "Choose a finding about this plan's body that you can see."


@router.get("", response=list[PlanOut], summary="An organisation's plans you can see")
@paginate(Pagination)
def list_plans(request, organisation_id: int, status: PlanStatus | None = None):
    return _plans(request, organisation_id, status)


def _plans(request, organisation_id: int, status: PlanStatus | None) -> QuerySet[Plan]:
    access = organisation_for_user(request.user, organisation_id)
    plans = plans_for_organisation(access, request.user)
    return plans.filter(status=status) if status else plans


@router.get(
    "/organisations/{int:organisation_id}",
    response=list[PlanOut],
    summary="The same list, with the organisation in the path",
)
@paginate(Pagination)
def list_organisation_plans(request, organisation_id: int, status: PlanStatus | None = None):
    return _plans(request, organisation_id, status)


@router.get(
    "/my-actions",
    response=list[MyActionOut],
    summary="Actions linked to you as their officer, soonest target first",
)
@paginate(Pagination)
def list_my_actions(request, overdue: bool = False):
    actions = selectors.my_actions(request.user)
    if overdue:
        actions = actions.filter(selectors.overdue_filter(clock.today()))
    return actions_with_updates(actions).select_related("item__plan__organisation")


def _plan_detail(plan: Plan) -> Plan:
    """The plan with its rounds and the counts of its items, actions and overdue actions."""
    plan.rounds_out = list(plan.rounds.all())  # type: ignore[attr-defined]
    overdue = selectors.overdue_filter(clock.today())
    counts = Action.objects.filter(item__plan=plan).aggregate(
        action_count=Count("pk"), overdue_count=Count("pk", filter=overdue)
    )
    plan.item_count = plan.items.count()  # type: ignore[attr-defined]
    for name, value in counts.items():
        setattr(plan, name, value)
    return plan


@router.post("", response={201: PlanDetailOut}, summary="Create a plan (the body's editors)")
@write_access(_creates_plan)
def create_plan(request, payload: PlanIn):
    access = organisation_for_user(request.user, payload.organisation_id, need=Need.EDIT)
    version = version_for_user(request.user, payload.version_id) if payload.version_id else None
    holder = Plan(organisation=access.organisation)
    plan = services.plan_create(
        acting_user=request.user,
        organisation=access.organisation,
        title=payload.title,
        version=version,
        year=payload.year,
        owner=member_of(holder, payload.owner_id, "owner_id"),
        description=payload.description,
    )
    plan, _ = plan_of(request, plan.pk)
    return Status(201, _plan_detail(plan))


@router.get("/{int:plan_id}", response=PlanDetailOut, summary="A plan with its rounds")
def get_plan(request, plan_id: int):
    plan, _ = plan_of(request, plan_id)
    return _plan_detail(plan)


@router.patch(
    "/{int:plan_id}",
    response=PlanDetailOut,
    summary="Change a plan (the body's managers); send the updated_at you read",
)
@write_access(plan_check(PlanNeed.MANAGE))
@updates_record
def patch_plan(request, plan_id: int, payload: PlanPatchIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.MANAGE)
    expected = sent_version(request, payload.updated_at)
    sent = payload.dict(exclude_unset=True)
    names = ("title", "year", "status", "description")
    fields: dict[str, object] = {k: sent[k] for k in names if k in sent}
    if "version_id" in sent:
        version_id = sent["version_id"]
        fields["version"] = version_for_user(request.user, version_id) if version_id else None
    if "owner_id" in sent:
        fields["owner"] = member_of(plan, sent["owner_id"], "owner_id")
    with stale_as_conflict():
        services.plan_update(
            acting_user=request.user,
            plan=plan,
            expected_updated_at=expected,
            **fields,
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
    partnership = _partnership_for_user(request.user, payload.partnership_id).partnership
    services.plan_share(acting_user=request.user, plan=plan, partnership=partnership)
    return get_plan(request, plan_id)


@router.post("/{int:plan_id}/unshare", response=PlanDetailOut, summary="Stop sharing the plan")
@write_access(plan_check(PlanNeed.MANAGE))
def unshare_plan(request, plan_id: int):
    plan, _ = plan_of(request, plan_id, PlanNeed.MANAGE)
    services.plan_unshare(acting_user=request.user, plan=plan)
    return get_plan(request, plan_id)


@router.get("/{int:plan_id}/items", response=list[ItemOut], summary="A plan's items, in order")
@paginate(Pagination)
def list_items(request, plan_id: int):
    plan, _ = plan_of(request, plan_id)
    return plan.items.select_related("criterion__theme").order_by("order", "pk")


def _criterion(request, plan: Plan, criterion_id: int | None) -> Criterion | None:
    """A criterion the user can see (the services check it belongs to the plan's version)."""
    if criterion_id is None:
        return None
    criterion = Criterion.objects.select_related("version").filter(pk=criterion_id).first()
    try:
        if criterion is None:
            raise Http404(NOT_FOUND)
        version_for_user(request.user, criterion.version_id)
    except Http404:
        raise ValidationError({"criterion_id": CRITERION_NOT_FOUND}) from None
    return criterion


@router.post("/{int:plan_id}/items", response={201: ItemOut}, summary="Add an item (editors)")
@write_access(plan_check(PlanNeed.EDIT))
def add_item(request, plan_id: int, payload: ItemIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    item = services.item_add(
        acting_user=request.user,
        plan=plan,
        text=payload.text,
        criterion=_criterion(request, plan, payload.criterion_id),
        theme_heading=payload.theme_heading,
        criterion_heading=payload.criterion_heading,
        source=payload.source,
    )
    return Status(201, item_in(plan, item.pk))


@router.post(
    "/{int:plan_id}/items/from-finding",
    response={201: ItemOut},
    summary="Turn one of the body's assessment findings into an item (again: the same item)",
)
@write_access(plan_check(PlanNeed.EDIT))
def add_item_from_finding(request, plan_id: int, payload: FindingItemIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    finding = Finding.objects.filter(
        pk=payload.finding_id, assessment__organisation=plan.organisation_id
    ).first()
    try:
        if finding is None:
            raise Http404(NOT_FOUND)
        assessment_for_user(request.user, finding.assessment_id)  # the finding is visible
    except Http404:
        raise ValidationError({"finding_id": FINDING_NOT_FOUND}) from None
    item = services.item_from_finding(acting_user=request.user, plan=plan, finding=finding)
    return Status(201, item_in(plan, item.pk))


@router.patch(
    "/{int:plan_id}/items/{int:item_id}",
    response=ItemOut,
    summary="Change an item; fields left out keep their values; send the updated_at you read",
)
@write_access(plan_check(PlanNeed.EDIT))
@updates_record
def patch_item(request, plan_id: int, item_id: int, payload: ItemPatchIn):
    plan, _ = plan_of(request, plan_id, PlanNeed.EDIT)
    item = item_in(plan, item_id)
    expected = sent_version(request, payload.updated_at)
    sent = payload.dict(exclude_unset=True)
    names = ("text", "theme_heading", "criterion_heading", "source", "order")
    fields = {k: sent[k] for k in names if k in sent and sent[k] is not None}
    if "criterion_id" in sent:
        fields["criterion"] = _criterion(request, plan, sent["criterion_id"])
    with stale_as_conflict():
        services.item_update(
            acting_user=request.user,
            item=item,
            expected_updated_at=expected,
            **fields,
        )
    return item_in(plan, item_id)


router.add_router("", actions_router)
router.add_router("", reviews_router)
