"""Plan items: adding and changing them, and turning an auditor's finding into one."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from vfmhub.assessments.models import Finding
from vfmhub.core.form_pages import form_page, save_form_page
from vfmhub.plans import forms, services
from vfmhub.plans.access import PlanNeed, finding_for_user, item_in_plan, plan_for_user, require
from vfmhub.plans.models import Plan, PlanItem
from vfmhub.plans.selectors.plans import open_plans, plan_criteria
from vfmhub.plans.views.common import error_text, plan_url

ADD_ITEM = {
    "title": "Add an issue",
    "done": "The issue has been added.",
    "submit_label": "Add issue",
}
CHANGE_ITEM = {"title": "Change the issue", "done": "The issue has been saved."}
FINDING_ADDED = "“{finding}” is an issue in the plan “{plan}”."
NO_PLAN = "Create an improvement plan for the body first. "


def _item_page(request, plan: Plan, item: PlanItem | None = None) -> HttpResponse:
    """Add an issue to the plan (no `item`), or change one: the same form either way."""
    form = forms.ItemForm(request.POST or None, criteria=plan_criteria(plan), item=item)

    def save(data: dict[str, Any]) -> PlanItem:
        if item is None:
            return services.item_add(acting_user=request.user, plan=plan, **data)
        values = forms.versioned(data)
        return services.item_update(acting_user=request.user, item=item, **values)

    wording = ADD_ITEM if item is None else CHANGE_ITEM
    return save_form_page(
        request, form, save, caption=plan.title, back_url=plan_url(plan), **wording
    )


def item_add(request, pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    return _item_page(request, plan)


def item_edit(request, pk: int, item_pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    return _item_page(request, plan, item_in_plan(plan, item_pk))


def _finding_to_add(request, finding_pk: int) -> Finding:
    """The finding, for one of its body's editors."""
    finding, access = finding_for_user(request.user, finding_pk)
    require(access.organisation.can_edit)
    return finding


def _add_finding(request, finding: Finding, plan: Plan) -> HttpResponse:
    try:
        item = services.item_from_finding(acting_user=request.user, plan=plan, finding=finding)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("assessments:detail", finding.assessment_id)
    messages.success(request, FINDING_ADDED.format(finding=finding.title, plan=plan.title))
    return redirect(f"{plan_url(plan)}#item-{item.pk}")


def _no_plan(request, finding: Finding) -> HttpResponse:
    messages.error(request, NO_PLAN)
    return redirect("plans:organisation_list", finding.assessment.organisation_id)


@require_POST
def item_from_finding(request, finding_pk: int) -> HttpResponse:
    """One click from a finding: straight into the body's only open plan, else choose one."""
    finding = _finding_to_add(request, finding_pk)
    plans = list(open_plans(finding.assessment.organisation_id)[:2])
    if not plans:
        return _no_plan(request, finding)
    if len(plans) == 1:
        return _add_finding(request, finding, plans[0])
    return redirect("plans:item_from_finding_choose", finding.pk)


def item_from_finding_choose(request, finding_pk: int) -> HttpResponse:
    """The body has several open plans: choose the one the finding goes into."""
    finding = _finding_to_add(request, finding_pk)
    plans = open_plans(finding.assessment.organisation_id)
    form = forms.ChoosePlanForm(request.POST or None, plans=plans)
    if request.method == "POST" and form.is_valid():
        return _add_finding(request, finding, form.cleaned_data["plan"])
    if not plans.exists():
        return _no_plan(request, finding)
    return form_page(
        request,
        form,
        title="Add to an improvement plan",
        caption=finding.title,
        back_url=None,
        submit_label="Add to plan",
    )
