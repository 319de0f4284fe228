"""Plan items: adding and changing them, and turning an auditor's finding into one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from vfmhub.assessments.access import assessment_for_user
from vfmhub.assessments.models import Finding
from vfmhub.core.form_pages import form_page
from vfmhub.frameworks.models import Criterion
from vfmhub.plans import forms, services
from vfmhub.plans.access import PlanNeed, plan_for_user
from vfmhub.plans.models import Plan, PlanStatus
from vfmhub.plans.views.common import error_text, item_of, plan_url, require


def _criteria(plan: Plan):
    """The plan's framework version's criteria, or (with no version) every version's."""
    criteria = Criterion.objects.select_related("theme", "version")
    if plan.version_id:
        criteria = criteria.filter(version_id=plan.version_id)
    return criteria.order_by("version__first_year", "theme__order", "order", "code")


def item_add(request, pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    form = forms.ItemForm(request.POST or None, criteria=_criteria(plan))
    if request.method == "POST" and form.is_valid():
        values, _ = form.values()
        try:
            services.item_add(acting_user=request.user, plan=plan, **values)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The issue has been added.")
            return redirect(plan_url(plan))
    return form_page(
        request,
        form,
        title="Add an issue",
        caption=plan.title,
        back_url=plan_url(plan),
        submit_label="Add issue",
    )


def item_edit(request, pk: int, item_pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    item = item_of(plan, item_pk)
    form = forms.ItemForm(request.POST or None, criteria=_criteria(plan), item=item)
    if request.method == "POST" and form.is_valid():
        values, expected = form.values()
        try:
            services.item_update(
                acting_user=request.user, item=item, expected_updated_at=expected, **values
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The issue has been saved.")
            return redirect(plan_url(plan))
    return form_page(
        request, form, title="Change the issue", caption=plan.title, back_url=plan_url(plan)
    )


@require_POST
def item_from_finding(request, finding_pk: int):
    """One click from a finding: straight into the body's only open plan, else choose one."""
    finding = get_object_or_404(Finding.objects.select_related("assessment"), pk=finding_pk)
    assessment, access = assessment_for_user(request.user, finding.assessment_id)
    require(access.organisation.can_edit)
    plans = Plan.objects.filter(organisation_id=assessment.organisation_id).exclude(
        status=PlanStatus.CLOSED
    )
    form = forms.ChoosePlanForm(request.POST, plans=plans)
    if "plan" not in request.POST and plans.count() == 1:
        form = forms.ChoosePlanForm({"plan": plans.get().pk}, plans=plans)
    if "plan" in form.data and form.is_valid():
        plan = form.cleaned_data["plan"]
        try:
            item = services.item_from_finding(acting_user=request.user, plan=plan, finding=finding)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect("assessments:detail", assessment.pk)
        messages.success(request, f"“{finding.title}” is an issue in the plan “{plan.title}”.")
        return redirect(f"{plan_url(plan)}#item-{item.pk}")
    if not plans.exists():
        messages.error(request, "Create an improvement plan for the body first. ")
        return redirect("plans:organisation_list", assessment.organisation_id)
    return form_page(
        request,
        form,
        title="Add to an improvement plan",
        caption=finding.title,
        back_url=None,
        submit_label="Add to plan",
    )
