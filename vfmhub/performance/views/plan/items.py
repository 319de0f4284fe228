"""Editing a deliverable's outcome measures and actions."""

from typing import Any

from django.http import HttpResponse

from vfmhub.performance import access as perf
from vfmhub.performance.access import PerformanceAccess, readable_indicators
from vfmhub.performance.forms.plan import ActionForm, MeasureForm, MoveForm, stamped
from vfmhub.performance.models import OutcomeMeasure, PlanAction
from vfmhub.performance.services import plan as services
from vfmhub.performance.views.plan.pages import confirm_form
from vfmhub.performance.views.plan.parts import editing, part_page, versioned

ACTION_VALUES = (
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
)


def _measure_form(request, access: PerformanceAccess, measure: Any) -> MeasureForm:
    initial = None
    if measure is not None:
        initial = {
            "text": measure.text,
            "how_we_know": measure.how_we_know,
            "indicator": measure.indicator_id,
            **stamped(measure),
        }
    indicators = readable_indicators(request.user, access).order_by("code")
    return MeasureForm(request.POST or None, initial=initial, indicators=indicators)


def measure_add(request, org_pk: int, pk: int) -> HttpResponse:
    access = editing(request, org_pk)
    deliverable = perf.deliverable_of(access, pk)
    form = _measure_form(request, access, None)

    def save(data: dict[str, Any]) -> OutcomeMeasure:
        data.pop("version_stamp", None)
        return services.measure_add(acting_user=request.user, deliverable=deliverable, **data)

    title = f"Add an outcome measure to ‘{deliverable.title}’"
    return part_page(request, form, save, deliverable, title=title, done="Outcome measure added.")


def measure_edit(request, org_pk: int, pk: int) -> HttpResponse:
    access = editing(request, org_pk)
    measure = perf.measure_of(access, pk)
    form = _measure_form(request, access, measure)

    def save(data: dict[str, Any]) -> OutcomeMeasure:
        values = versioned(data)
        return services.measure_update(acting_user=request.user, measure=measure, **values)

    title = "Change the outcome measure"
    return part_page(request, form, save, measure, title=title, done="Outcome measure saved.")


def measure_move(request, org_pk: int, pk: int) -> HttpResponse:
    measure = perf.measure_of(editing(request, org_pk), pk)
    form = MoveForm(request.POST or None, initial={"position": measure.position})

    def save(data: dict[str, Any]) -> OutcomeMeasure:
        return services.measure_move(acting_user=request.user, measure=measure, **data)

    title = "Move the outcome measure"
    return part_page(request, form, save, measure, title=title, done="Outcome measure moved.")


def measure_remove(request, org_pk: int, pk: int) -> HttpResponse:
    measure = perf.measure_of(editing(request, org_pk), pk)

    def save(data: dict[str, Any]) -> None:
        services.measure_remove(acting_user=request.user, measure=measure)

    form = confirm_form(request)
    title = "Remove the outcome measure?"
    return part_page(request, form, save, measure, title=title, done="Outcome measure removed.")


def _action_form(request, access: PerformanceAccess, action: Any) -> ActionForm:
    initial = None
    if action is not None:
        initial = {name: getattr(action, name) for name in ACTION_VALUES} | stamped(action)
    org_id = access.organisation.pk
    improvement_actions = services.linkable_improvement_actions(org_id).select_related("item__plan")
    return ActionForm(
        request.POST or None,
        initial=initial,
        improvement_actions=improvement_actions.order_by("item__plan__title", "pk"),
        projects=services.linkable_projects(org_id).order_by("name"),
    )


def action_add(request, org_pk: int, pk: int) -> HttpResponse:
    access = editing(request, org_pk)
    deliverable = perf.deliverable_of(access, pk)
    form = _action_form(request, access, None)

    def save(data: dict[str, Any]) -> PlanAction:
        data.pop("version_stamp", None)
        values = services.ActionValues(**data)
        return services.plan_action_add(
            acting_user=request.user, deliverable=deliverable, values=values
        )

    title = f"Add a project or action to ‘{deliverable.title}’"
    return part_page(request, form, save, deliverable, title=title, done="Action added.")


def action_edit(request, org_pk: int, pk: int) -> HttpResponse:
    access = editing(request, org_pk)
    action = perf.plan_action_of(access, pk)
    form = _action_form(request, access, action)

    def save(data: dict[str, Any]) -> PlanAction:
        expected = data.pop("version_stamp", None) or None
        return services.plan_action_update(
            acting_user=request.user,
            action=action,
            values=services.ActionValues(**data),
            expected_updated_at=expected,
        )

    return part_page(request, form, save, action, title="Change the action", done="Action saved.")


def action_move(request, org_pk: int, pk: int) -> HttpResponse:
    action = perf.plan_action_of(editing(request, org_pk), pk)
    form = MoveForm(request.POST or None, initial={"position": action.position})

    def save(data: dict[str, Any]) -> PlanAction:
        return services.plan_action_move(acting_user=request.user, action=action, **data)

    return part_page(request, form, save, action, title="Move the action", done="Action moved.")


def action_remove(request, org_pk: int, pk: int) -> HttpResponse:
    action = perf.plan_action_of(editing(request, org_pk), pk)

    def save(data: dict[str, Any]) -> None:
        services.plan_action_remove(acting_user=request.user, action=action)

    form = confirm_form(request)
    title = f"Remove ‘{action.title}’?"
    return part_page(request, form, save, action, title=title, done="Action removed.")
