"""Editing a plan's parts: each priority, deliverable, measure and action has its edit, move and
remove page; deliverables are added under a priority, measures and actions under a deliverable."""

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse

from vfmhub.core.form_pages import save_form_page
from vfmhub.organisations.access import Need
from vfmhub.performance import access as perf
from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.forms.plan import MoveForm, TitleForm, stamped
from vfmhub.performance.models import CouncilPlan, Deliverable, Priority
from vfmhub.performance.services import plan as services
from vfmhub.performance.views.plan.pages import confirm_form, plan_url


def editing(request, org_pk: int) -> PerformanceAccess:
    return perf.performance_for_user(request.user, org_pk, need=Need.EDIT)


def _plan_of(part: Any) -> CouncilPlan:
    for step in ("deliverable", "priority", "plan"):
        part = getattr(part, step, part)
    return part


def part_page(
    request, form: Any, save: Callable, part: Any, *, title: str, done: str
) -> HttpResponse:
    plan = _plan_of(part)
    return save_form_page(
        request, form, save, done=done, back_url=plan_url(plan), title=title, caption=plan.title
    )


def versioned(data: dict[str, Any]) -> dict[str, Any]:
    data["expected_updated_at"] = data.pop("version_stamp", None) or None
    return data


# Priorities and deliverables --------------------------------------------------------------------


def _title_form(request, instance: Any, label: str) -> TitleForm:
    initial = {"title": instance.title, **stamped(instance)} if instance else None
    form = TitleForm(request.POST or None, initial=initial)
    form.fields["title"].label = label
    return form


def priority_edit(request, org_pk: int, pk: int) -> HttpResponse:
    priority = perf.priority_of(editing(request, org_pk), pk)
    form = _title_form(request, priority, "Priority")

    def save(data: dict[str, Any]) -> Priority:
        values = versioned(data)
        return services.priority_update(acting_user=request.user, priority=priority, **values)

    return part_page(
        request, form, save, priority, title="Change the priority", done="Priority saved."
    )


def priority_move(request, org_pk: int, pk: int) -> HttpResponse:
    priority = perf.priority_of(editing(request, org_pk), pk)
    form = MoveForm(request.POST or None, initial={"position": priority.position})

    def save(data: dict[str, Any]) -> Priority:
        return services.priority_move(acting_user=request.user, priority=priority, **data)

    return part_page(
        request, form, save, priority, title="Move the priority", done="Priority moved."
    )


def priority_remove(request, org_pk: int, pk: int) -> HttpResponse:
    priority = perf.priority_of(editing(request, org_pk), pk)

    def save(data: dict[str, Any]) -> None:
        services.priority_remove(acting_user=request.user, priority=priority)

    title = f"Remove ‘{priority.title}’ and everything under it?"
    form = confirm_form(request)
    return part_page(request, form, save, priority, title=title, done="Priority removed.")


def deliverable_add(request, org_pk: int, pk: int) -> HttpResponse:
    priority = perf.priority_of(editing(request, org_pk), pk)
    form = _title_form(request, None, "Key deliverable")

    def save(data: dict[str, Any]) -> Deliverable:
        return services.deliverable_add(
            acting_user=request.user, priority=priority, title=data["title"]
        )

    title = f"Add a key deliverable to ‘{priority.title}’"
    return part_page(request, form, save, priority, title=title, done="Key deliverable added.")


def deliverable_edit(request, org_pk: int, pk: int) -> HttpResponse:
    deliverable = perf.deliverable_of(editing(request, org_pk), pk)
    form = _title_form(request, deliverable, "Key deliverable")

    def save(data: dict[str, Any]) -> Deliverable:
        values = versioned(data)
        return services.deliverable_update(
            acting_user=request.user, deliverable=deliverable, **values
        )

    title = "Change the key deliverable"
    return part_page(request, form, save, deliverable, title=title, done="Key deliverable saved.")


def deliverable_move(request, org_pk: int, pk: int) -> HttpResponse:
    deliverable = perf.deliverable_of(editing(request, org_pk), pk)
    form = MoveForm(request.POST or None, initial={"position": deliverable.position})

    def save(data: dict[str, Any]) -> Deliverable:
        return services.deliverable_move(acting_user=request.user, deliverable=deliverable, **data)

    title = "Move the key deliverable"
    return part_page(request, form, save, deliverable, title=title, done="Key deliverable moved.")


def deliverable_remove(request, org_pk: int, pk: int) -> HttpResponse:
    deliverable = perf.deliverable_of(editing(request, org_pk), pk)

    def save(data: dict[str, Any]) -> None:
        services.deliverable_remove(acting_user=request.user, deliverable=deliverable)

    title = f"Remove ‘{deliverable.title}’ with its measures and actions?"
    form = confirm_form(request)
    return part_page(request, form, save, deliverable, title=title, done="Key deliverable removed.")
