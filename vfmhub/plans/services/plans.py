"""Creating and changing plans, and sharing them with a partnership for peer review."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_record_changed, save_created, snapshot
from vfmhub.core.concurrency import lock_row, lock_unchanged
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib import clock
from vfmhub.organisations.models import Organisation, Partnership, PartnershipMember
from vfmhub.plans.models import Plan
from vfmhub.plans.services.common import Version, check_member, fields_save

PLAN_FIELDS = ["title", "version", "year", "owner", "status", "description"]
SHARING = ["shared_with"]
NOT_A_PARTNERSHIP_MEMBER = "{organisation} is not a member of {partnership}."
ALREADY_SHARED = "This plan is already shared with {partnership}. Stop sharing it first."
NOT_SHARED = "This plan is not shared with a partnership."


@transaction.atomic
def plan_create(
    *,
    acting_user: User | None,
    organisation: Organisation,
    title: str,
    version: FrameworkVersion | None = None,
    year: int | None = None,
    owner: User | None = None,
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
        created_by=acting(acting_user),
    )
    return save_created(plan, acting_user=acting_user, action="plan.create", fields=PLAN_FIELDS)


@transaction.atomic
def plan_update(
    *, acting_user: User | None, plan: Plan, expected_updated_at: Version = None, **fields: Any
) -> Plan:
    plan = lock_unchanged(plan, expected_updated_at, "organisation")
    if "owner" in fields:
        check_member(fields["owner"], plan.organisation, "owner")
    before = snapshot(plan, PLAN_FIELDS)
    fields_save(plan, fields, PLAN_FIELDS)
    audit_record_changed(acting_user=acting_user, action="plan.update", obj=plan, before=before)
    return plan


def _check_member_body(plan: Plan, partnership: Partnership) -> None:
    if not PartnershipMember.objects.filter(
        partnership=partnership, organisation_id=plan.organisation_id
    ).exists():
        message = NOT_A_PARTNERSHIP_MEMBER.format(
            organisation=plan.organisation.name, partnership=partnership.name
        )
        raise ValidationError({"partnership": message})


@transaction.atomic
def plan_share(*, acting_user: User | None, plan: Plan, partnership: Partnership) -> Plan:
    """Share the plan with a partnership its body belongs to, so its peer reviewers may review."""
    plan = lock_row(Plan, plan.pk, "organisation")
    _check_member_body(plan, partnership)
    if plan.shared_with_id and plan.shared_with_id != partnership.pk:
        raise ValidationError(ALREADY_SHARED.format(partnership=plan.shared_with))
    before = snapshot(plan, SHARING)
    plan.shared_with = partnership
    plan.shared_at = clock.now()
    plan.save()
    audit_record_changed(
        acting_user=acting_user,
        action="plan.share",
        obj=plan,
        before=before,
        partnership_id=partnership.pk,
    )
    return plan


@transaction.atomic
def plan_unshare(*, acting_user: User | None, plan: Plan) -> Plan:
    plan = lock_row(Plan, plan.pk)
    if plan.shared_with_id is None:
        raise ValidationError(NOT_SHARED)
    partnership_id = plan.shared_with_id
    before = snapshot(plan, SHARING)
    plan.shared_with = None
    plan.shared_at = None
    plan.save()
    audit_record_changed(
        acting_user=acting_user,
        action="plan.unshare",
        obj=plan,
        before=before,
        partnership_id=partnership_id,
    )
    return plan
