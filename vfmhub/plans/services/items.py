"""Plan items: the issues or areas for improvement, typed in or made from an auditor's finding."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from vfmhub.accounts.models import User
from vfmhub.assessments.models import AssessmentKind, Finding
from vfmhub.audit.services import audit_record_changed, save_created, snapshot
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.frameworks.models import Criterion, FindingKind
from vfmhub.plans.models import ItemSource, Plan, PlanItem
from vfmhub.plans.services.common import Version, fields_save

ITEM_FIELDS = ["text", "criterion", "theme_heading", "criterion_heading", "source", "order"]
CRITERION_NOT_IN_VERSION = "Choose a criterion from {version}, the plan's framework version."
FINDING_OF_ANOTHER_BODY = "That finding is about another body."


def _check_criterion(plan: Plan, criterion: Criterion | None) -> None:
    if criterion is not None and plan.version_id and criterion.version_id != plan.version_id:
        raise ValidationError({"criterion": CRITERION_NOT_IN_VERSION.format(version=plan.version)})


def _next_order(plan: Plan) -> int:
    return (plan.items.aggregate(top=Max("order"))["top"] or 0) + 1


def _create(acting_user: User | None, item: PlanItem) -> PlanItem:
    return save_created(item, acting_user=acting_user, action="plan_item.add", fields=ITEM_FIELDS)


@transaction.atomic
def item_add(
    *,
    acting_user: User | None,
    plan: Plan,
    text: str,
    criterion: Criterion | None = None,
    theme_heading: str = "",
    criterion_heading: str = "",
    source: str = ItemSource.OTHER,
    finding: Finding | None = None,
    order: int | None = None,
) -> PlanItem:
    _check_criterion(plan, criterion)
    item = PlanItem(
        plan=plan,
        text=text.strip(),
        criterion=criterion,
        theme_heading=theme_heading.strip(),
        criterion_heading=criterion_heading.strip(),
        source=source,
        finding=finding,
        order=_next_order(plan) if order is None else order,
    )
    return _create(acting_user, item)


def _source_for(finding: Finding) -> str:
    if finding.finding_type.kind == FindingKind.RECOMMENDATION:
        return ItemSource.RECOMMENDATION
    if finding.assessment.kind == AssessmentKind.PEER:
        return ItemSource.PEER_REVIEW
    return ItemSource.AUDITOR_FINDING


@transaction.atomic
def item_from_finding(*, acting_user: User | None, plan: Plan, finding: Finding) -> PlanItem:
    """One click from a finding to a plan item; a second click returns the same item."""
    finding = Finding.objects.select_related("assessment", "finding_type", "criterion").get(
        pk=finding.pk
    )
    if finding.assessment.organisation_id != plan.organisation_id:
        raise ValidationError(FINDING_OF_ANOTHER_BODY)
    Plan.objects.select_for_update().filter(pk=plan.pk).first()  # serialise concurrent clicks
    existing = plan.items.filter(finding=finding).first()
    if existing is not None:
        return existing
    text = finding.title if not finding.detail else f"{finding.title}\n\n{finding.detail}"
    item = PlanItem(
        plan=plan,
        text=text,
        criterion=finding.criterion,
        source=_source_for(finding),
        finding=finding,
        order=_next_order(plan),
    )
    return _create(acting_user, item)


@transaction.atomic
def item_update(
    *,
    acting_user: User | None,
    item: PlanItem,
    expected_updated_at: Version = None,
    **fields: Any,
) -> PlanItem:
    item = lock_unchanged(item, expected_updated_at, "plan")
    if "criterion" in fields:
        _check_criterion(item.plan, fields["criterion"])
    before = snapshot(item, ITEM_FIELDS)
    fields_save(item, fields, ITEM_FIELDS)
    audit_record_changed(
        acting_user=acting_user, action="plan_item.update", obj=item, before=before
    )
    return item
