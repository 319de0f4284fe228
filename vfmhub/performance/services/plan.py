"""Writes to a council plan: the plan, its priorities, key deliverables, outcome measures and
actions. Each is keyword-only, atomic, validated with `full_clean()` and audited under the plan's
organisation; an edit names the version it started from (`expected_updated_at`)."""

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q

from vfmhub.accounts.models import User
from vfmhub.audit.services import (
    acting,
    audit_record,
    audit_record_changed,
    audit_record_created,
    audit_record_removed,
    snapshot,
)
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.organisations.models import Organisation
from vfmhub.performance.models import (
    CouncilPlan,
    Deliverable,
    Indicator,
    OutcomeMeasure,
    PlanAction,
    PlanActionStatus,
    Priority,
)
from vfmhub.plans.models import Action
from vfmhub.programme.models import Project

YEARS_BACKWARDS = "The last year cannot be before the first year."
NOT_THIS_BODYS_ACTION = "Choose an action of one of this organisation's improvement plans."
NOT_THIS_BODYS_PROJECT = "Choose a partnership project this organisation leads or is a partner in."
NOT_THIS_BODYS_INDICATOR = "Choose a national indicator or one of this organisation's own."
PLAN_FIELDS = ["title", "first_year", "last_year", "source"]
PRIORITY_FIELDS = ["title", "position"]
DELIVERABLE_FIELDS = ["title", "position"]
MEASURE_FIELDS = ["text", "how_we_know", "indicator", "position"]
ACTION_FIELDS = [
    "title",
    "completion_date",
    "completion_text",
    "resource",
    "resource_amount",
    "resource_staff",
    "lead_officer",
    "lead_member",
    "status",
    "improvement_action",
    "project",
    "position",
]


@dataclass(frozen=True)
class ActionValues:
    """What an action says: as entered on its page, sent to the API or read from a file."""

    title: str
    completion_date: datetime.date | None = None
    completion_text: str = ""
    resource: str = ""
    resource_amount: Decimal | None = None
    resource_staff: Decimal | None = None
    lead_officer: str = ""
    lead_member: str = ""
    status: str = PlanActionStatus.NOT_STARTED
    improvement_action: Action | None = None
    project: Project | None = None


def _organisation_id(obj: models.Model) -> int:
    for path in ("organisation_id", "plan", "priority", "deliverable"):
        owner = getattr(obj, path, None)
        if path == "organisation_id" and owner:
            return int(owner)
        if owner is not None and path != "organisation_id":
            return _organisation_id(owner)
    raise ValueError(obj)


def _saved(acting_user: User | None, obj: models.Model, names: list[str]) -> Any:
    obj.full_clean()
    obj.save()
    audit_record_created(
        acting_user=acting_user,
        action=f"performance.{obj._meta.model_name}.add",
        obj=obj,
        fields=names,
        organisation_id=_organisation_id(obj),
    )
    return obj


def _changed(
    acting_user: User | None,
    obj: Any,
    names: list[str],
    values: dict[str, Any],
    expected_updated_at: Any,
) -> Any:
    locked = lock_unchanged(obj, expected_updated_at)
    before = snapshot(locked, names)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    audit_record_changed(
        acting_user=acting_user,
        action=f"performance.{locked._meta.model_name}.update",
        obj=locked,
        before=before,
        organisation_id=_organisation_id(locked),
    )
    return locked


def _removed(acting_user: User | None, obj: Any, names: list[str], siblings: Any) -> None:
    audit_record_removed(
        acting_user=acting_user,
        action=f"performance.{obj._meta.model_name}.remove",
        obj=obj,
        fields=names,
        organisation_id=_organisation_id(obj),
    )
    obj.delete()
    _renumber(list(siblings.exclude(pk=obj.pk)))


def _renumber(rows: list[Any]) -> None:
    for number, row in enumerate(rows, start=1):
        if row.position != number:
            type(row).objects.filter(pk=row.pk).update(position=number)


def _moved(acting_user: User | None, obj: Any, siblings: Any, position: int) -> Any:
    rows = [r for r in siblings.order_by("position", "pk") if r.pk != obj.pk]
    at = max(0, min(position - 1, len(rows)))
    before = obj.position
    rows.insert(at, obj)
    _renumber(rows)
    obj.refresh_from_db()
    if obj.position != before:
        audit_record(
            acting_user=acting_user,
            action=f"performance.{obj._meta.model_name}.move",
            obj=obj,
            changes={"position": [before, obj.position]},
            organisation_id=_organisation_id(obj),
        )
    return obj


def _next_position(siblings: Any) -> int:
    return int(siblings.aggregate(top=models.Max("position"))["top"] or 0) + 1


# The plan ---------------------------------------------------------------------------------------


def _check_years(first_year: int, last_year: int) -> None:
    if last_year < first_year:
        raise ValidationError({"last_year": YEARS_BACKWARDS})


@transaction.atomic
def plan_create(
    *,
    acting_user: User | None,
    organisation: Organisation,
    title: str,
    first_year: int,
    last_year: int,
    source: str = "Entered",
) -> CouncilPlan:
    _check_years(first_year, last_year)
    plan = CouncilPlan(
        organisation=organisation,
        title=title,
        first_year=first_year,
        last_year=last_year,
        source=source,
        created_by=acting(acting_user),
    )
    return _saved(acting_user, plan, PLAN_FIELDS)


@transaction.atomic
def plan_update(
    *,
    acting_user: User | None,
    plan: CouncilPlan,
    title: str,
    first_year: int,
    last_year: int,
    expected_updated_at: Any = None,
) -> CouncilPlan:
    _check_years(first_year, last_year)
    values = {"title": title, "first_year": first_year, "last_year": last_year}
    return _changed(acting_user, plan, PLAN_FIELDS, values, expected_updated_at)


# Priorities and deliverables --------------------------------------------------------------------


@transaction.atomic
def priority_add(*, acting_user: User | None, plan: CouncilPlan, title: str) -> Priority:
    position = _next_position(plan.priorities.all())
    return _saved(acting_user, Priority(plan=plan, title=title, position=position), PRIORITY_FIELDS)


@transaction.atomic
def priority_update(
    *, acting_user: User | None, priority: Priority, title: str, expected_updated_at: Any = None
) -> Priority:
    return _changed(acting_user, priority, PRIORITY_FIELDS, {"title": title}, expected_updated_at)


@transaction.atomic
def priority_move(*, acting_user: User | None, priority: Priority, position: int) -> Priority:
    siblings = Priority.objects.select_for_update().filter(plan_id=priority.plan_id)
    return _moved(acting_user, priority, siblings, position)


@transaction.atomic
def priority_remove(*, acting_user: User | None, priority: Priority) -> None:
    _removed(
        acting_user, priority, PRIORITY_FIELDS, Priority.objects.filter(plan_id=priority.plan_id)
    )


@transaction.atomic
def deliverable_add(*, acting_user: User | None, priority: Priority, title: str) -> Deliverable:
    position = _next_position(priority.deliverables.all())
    deliverable = Deliverable(priority=priority, title=title, position=position)
    return _saved(acting_user, deliverable, DELIVERABLE_FIELDS)


@transaction.atomic
def deliverable_update(
    *,
    acting_user: User | None,
    deliverable: Deliverable,
    title: str,
    expected_updated_at: Any = None,
) -> Deliverable:
    values = {"title": title}
    return _changed(acting_user, deliverable, DELIVERABLE_FIELDS, values, expected_updated_at)


@transaction.atomic
def deliverable_move(
    *, acting_user: User | None, deliverable: Deliverable, position: int
) -> Deliverable:
    siblings = Deliverable.objects.select_for_update().filter(priority_id=deliverable.priority_id)
    return _moved(acting_user, deliverable, siblings, position)


@transaction.atomic
def deliverable_remove(*, acting_user: User | None, deliverable: Deliverable) -> None:
    siblings = Deliverable.objects.filter(priority_id=deliverable.priority_id)
    _removed(acting_user, deliverable, DELIVERABLE_FIELDS, siblings)


# Outcome measures -------------------------------------------------------------------------------


def _check_indicator(organisation_id: int, indicator: Indicator | None) -> None:
    if indicator is not None and indicator.owner_id not in (None, organisation_id):
        raise ValidationError({"indicator": NOT_THIS_BODYS_INDICATOR})


@transaction.atomic
def measure_add(
    *,
    acting_user: User | None,
    deliverable: Deliverable,
    text: str,
    how_we_know: str = "",
    indicator: Indicator | None = None,
) -> OutcomeMeasure:
    _check_indicator(_organisation_id(deliverable), indicator)
    measure = OutcomeMeasure(
        deliverable=deliverable,
        text=text,
        how_we_know=how_we_know,
        indicator=indicator,
        position=_next_position(deliverable.measures.all()),
    )
    return _saved(acting_user, measure, MEASURE_FIELDS)


@transaction.atomic
def measure_update(
    *,
    acting_user: User | None,
    measure: OutcomeMeasure,
    text: str,
    how_we_know: str,
    indicator: Indicator | None,
    expected_updated_at: Any = None,
) -> OutcomeMeasure:
    _check_indicator(_organisation_id(measure), indicator)
    values = {"text": text, "how_we_know": how_we_know, "indicator": indicator}
    return _changed(acting_user, measure, MEASURE_FIELDS, values, expected_updated_at)


@transaction.atomic
def measure_move(
    *, acting_user: User | None, measure: OutcomeMeasure, position: int
) -> OutcomeMeasure:
    siblings = OutcomeMeasure.objects.select_for_update().filter(
        deliverable_id=measure.deliverable_id
    )
    return _moved(acting_user, measure, siblings, position)


@transaction.atomic
def measure_remove(*, acting_user: User | None, measure: OutcomeMeasure) -> None:
    siblings = OutcomeMeasure.objects.filter(deliverable_id=measure.deliverable_id)
    _removed(acting_user, measure, MEASURE_FIELDS, siblings)


# Actions ----------------------------------------------------------------------------------------


def linkable_improvement_actions(organisation_id: int) -> models.QuerySet[Action]:
    """The improvement-plan actions a plan action of this organisation may link to."""
    return Action.objects.filter(item__plan__organisation_id=organisation_id)


def linkable_projects(organisation_id: int) -> models.QuerySet[Project]:
    """The partnership projects the organisation leads or is a partner in."""
    rows = Project.objects.filter(
        Q(lead_organisation_id=organisation_id) | Q(partners__id=organisation_id)
    )
    return rows.distinct()


def action_links_found(
    *, organisation_id: int, improvement_action_id: int | None, project_id: int | None
) -> tuple[Action | None, Project | None]:
    """The improvement-plan action and the project an API client names by id, among those the
    organisation may link to; anything else is refused beside its field."""
    errors = {}
    action = project = None
    if improvement_action_id is not None:
        rows = linkable_improvement_actions(organisation_id)
        action = rows.filter(pk=improvement_action_id).first()
        if action is None:
            errors["improvement_action_id"] = NOT_THIS_BODYS_ACTION
    if project_id is not None:
        project = linkable_projects(organisation_id).filter(pk=project_id).first()
        if project is None:
            errors["project_id"] = NOT_THIS_BODYS_PROJECT
    if errors:
        raise ValidationError(errors)
    return action, project


def _check_links(organisation_id: int, values: ActionValues) -> None:
    errors = {}
    link = values.improvement_action
    if link is not None and not linkable_improvement_actions(organisation_id).filter(pk=link.pk):
        errors["improvement_action"] = NOT_THIS_BODYS_ACTION
    project = values.project
    if project is not None and not linkable_projects(organisation_id).filter(pk=project.pk):
        errors["project"] = NOT_THIS_BODYS_PROJECT
    if errors:
        raise ValidationError(errors)


def _as_dict(values: ActionValues) -> dict[str, Any]:
    return {f.name: getattr(values, f.name) for f in fields(values)}


@transaction.atomic
def plan_action_add(
    *, acting_user: User | None, deliverable: Deliverable, values: ActionValues
) -> PlanAction:
    _check_links(_organisation_id(deliverable), values)
    position = _next_position(deliverable.actions.all())
    action = PlanAction(deliverable=deliverable, position=position, **_as_dict(values))
    return _saved(acting_user, action, ACTION_FIELDS)


@transaction.atomic
def plan_action_update(
    *,
    acting_user: User | None,
    action: PlanAction,
    values: ActionValues,
    expected_updated_at: Any = None,
) -> PlanAction:
    _check_links(_organisation_id(action), values)
    return _changed(acting_user, action, ACTION_FIELDS, _as_dict(values), expected_updated_at)


@transaction.atomic
def plan_action_move(*, acting_user: User | None, action: PlanAction, position: int) -> PlanAction:
    siblings = PlanAction.objects.select_for_update().filter(deliverable_id=action.deliverable_id)
    return _moved(acting_user, action, siblings, position)


@transaction.atomic
def plan_action_remove(*, acting_user: User | None, action: PlanAction) -> None:
    siblings = PlanAction.objects.filter(deliverable_id=action.deliverable_id)
    _removed(acting_user, action, ACTION_FIELDS, siblings)
