"""Creating and changing plans, and sharing them with a partnership for peer review."""

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.audit.services import snapshot
from vfmhub.core.concurrency import check_unchanged
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib import clock
from vfmhub.organisations.models import Organisation, Partnership, PartnershipMember
from vfmhub.plans.models import Plan
from vfmhub.plans.services.common import apply_fields, check_member, record, record_created

PLAN_FIELDS = ["title", "version", "year", "owner", "status", "description"]
NOT_A_PARTNERSHIP_MEMBER = "{organisation} is not a member of {partnership}."
ALREADY_SHARED = "This plan is already shared with {partnership}. Stop sharing it first."
NOT_SHARED = "This plan is not shared with a partnership."


@transaction.atomic
def plan_create(
    *,
    acting_user,
    organisation: Organisation,
    title: str,
    version: FrameworkVersion | None = None,
    year: int | None = None,
    owner=None,
    description: str = "",
) -> Plan:
    check_member(owner, organisation, "owner")
    plan = Plan(
        organisation=organisation,
        title=title.strip(),
        version=version,
        year=year,
        owner=owner,
        description=description,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    plan.full_clean()
    plan.save()
    record_created(acting_user, "plan.create", plan, PLAN_FIELDS)
    return plan


@transaction.atomic
def plan_update(*, acting_user, plan: Plan, expected_updated_at=None, **fields) -> Plan:
    plan = (
        Plan.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=plan.pk)
    )
    check_unchanged(plan, expected_updated_at)
    if "owner" in fields:
        check_member(fields["owner"], plan.organisation, "owner")
    before = snapshot(plan, PLAN_FIELDS)
    apply_fields(plan, fields, PLAN_FIELDS)
    plan.full_clean()
    plan.save()
    record(
        acting_user,
        "plan.update",
        plan,
        before,
        snapshot(plan, PLAN_FIELDS),
        organisation_id=plan.organisation_id,
    )
    return plan


@transaction.atomic
def plan_share(*, acting_user, plan: Plan, partnership: Partnership) -> Plan:
    """Share the plan with a partnership its body belongs to, so its peer reviewers may review."""
    plan = (
        Plan.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=plan.pk)
    )
    if not PartnershipMember.objects.filter(
        partnership=partnership, organisation_id=plan.organisation_id
    ).exists():
        raise ValidationError(
            {
                "partnership": NOT_A_PARTNERSHIP_MEMBER.format(
                    organisation=plan.organisation.name, partnership=partnership.name
                )
            }
        )
    if plan.shared_with_id and plan.shared_with_id != partnership.pk:
        raise ValidationError(ALREADY_SHARED.format(partnership=plan.shared_with))
    before = snapshot(plan, ["shared_with"])
    plan.shared_with = partnership
    plan.shared_at = clock.now()
    plan.save()
    record(
        acting_user,
        "plan.share",
        plan,
        before,
        snapshot(plan, ["shared_with"]),
        organisation_id=plan.organisation_id,
        partnership_id=partnership.pk,
    )
    return plan


@transaction.atomic
def plan_unshare(*, acting_user, plan: Plan) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.shared_with_id is None:
        raise ValidationError(NOT_SHARED)
    partnership_id = plan.shared_with_id
    before = snapshot(plan, ["shared_with"])
    plan.shared_with = None
    plan.shared_at = None
    plan.save()
    record(
        acting_user,
        "plan.unshare",
        plan,
        before,
        snapshot(plan, ["shared_with"]),
        organisation_id=plan.organisation_id,
        partnership_id=partnership_id,
    )
    return plan
