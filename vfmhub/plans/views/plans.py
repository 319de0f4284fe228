"""An organisation's plans, creating one, the plan table, its settings and the progress summary."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vfmhub.core.charts import Series, bar_chart
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.core.list_pages import filters_query
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import Need, organisation_for_user
from vfmhub.organisations.models import Organisation
from vfmhub.plans import forms, services
from vfmhub.plans.access import PlanNeed, plan_for_user, plans_for_organisation
from vfmhub.plans.exporting.tables import plan_table_export, progress_rows
from vfmhub.plans.models import ActionStatus, Plan, Rag
from vfmhub.plans.selectors import tables as selectors
from vfmhub.plans.selectors.plans import body_members, framework_versions
from vfmhub.plans.views.common import plan_url

CREATE_PLAN = {
    "title": "Create an improvement plan",
    "done": "The plan has been created.",
    "submit_label": "Create plan",
}
CHANGE_PLAN = {"title": "Change the plan", "done": "The plan has been saved."}


def _plan_form(request, organisation: Organisation, plan: Plan | None = None) -> forms.PlanForm:
    return forms.PlanForm(
        request.POST or None,
        versions=framework_versions(request.user),
        members=body_members(organisation),
        plan=plan,
    )


def _plan_page(request, organisation: Organisation, plan: Plan | None = None) -> HttpResponse:
    """Create a plan for the body (no `plan`), or change one: the same form either way."""

    def save(data: dict[str, Any]) -> Plan:
        if plan is None:
            return services.plan_create(acting_user=request.user, organisation=organisation, **data)
        return services.plan_update(acting_user=request.user, plan=plan, **forms.versioned(data))

    if plan is None:
        back_url = reverse("plans:organisation_list", args=[organisation.pk])
    else:
        back_url = plan_url(plan)
    return save_form_page(
        request,
        _plan_form(request, organisation, plan),
        save,
        caption=organisation.name,
        back_url=back_url,
        next_url=plan_url,
        **(CREATE_PLAN if plan is None else CHANGE_PLAN),
    )


def organisation_plans(request, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, pk)
    plans = plans_for_organisation(access, request.user)
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{access.organisation.display_name}-improvement-plans",
            headers=["Title", "Year", "Status", "Owner", "Shared with"],
            rows=(
                [
                    p.title,
                    financial_year_label(p.year) if p.year else "",
                    p.get_status_display(),
                    p.owner.email if p.owner else "",
                    p.shared_with or "",
                ]
                for p in plans
            ),
        )
    context = {
        "access": access,
        "organisation": access.organisation,
        "plans": plans,
        "form": _plan_form(request, access.organisation) if access.can_edit else None,
    }
    return render(request, "plans/organisation_list.html", context)


def plan_create(request, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, pk, need=Need.EDIT)
    return _plan_page(request, access.organisation)


def _filters(form: forms.PlanFilterForm) -> selectors.PlanFilters:
    if not form.is_valid():
        return selectors.PlanFilters()
    return selectors.PlanFilters(**form.cleaned_data)


def plan_detail(request, pk: int) -> HttpResponse:
    plan, access = plan_for_user(request.user, pk)
    today = clock.today()
    form = forms.PlanFilterForm(request.GET or None)
    table = selectors.plan_table(plan, _filters(form), today)
    form.set_themes(table.theme_choices)
    if request.GET.get("export"):
        return plan_table_export(request.GET["export"], plan, table)
    context = {
        "plan": plan,
        "access": access,
        "table": table,
        "filter_form": form,
        "query": filters_query(request),
        "today": today,
    }
    return render(request, "plans/detail.html", context)


def plan_edit(request, pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.MANAGE)
    return _plan_page(request, plan.organisation, plan)


def plan_progress(request, pk: int) -> HttpResponse:
    plan, access = plan_for_user(request.user, pk)
    progress = selectors.plan_progress(plan)
    if request.GET.get("export"):
        headers, rows = progress_rows(progress)
        return export_response(
            request.GET["export"], filename=f"{plan.title}-progress", headers=headers, rows=rows
        )
    themes = [p.label for p in progress]
    chart = bar_chart(
        title=f"Actions by status and theme: {plan.title}",
        description="Number of actions in each status, for each theme of the plan. "
        "The table beside the chart gives the same figures.",
        categories=[t[:24] for t in themes],
        series=[Series(s.label, [p.by_status[s.value] for p in progress]) for s in ActionStatus],
        y_label="Actions",
    )
    context = {
        "plan": plan,
        "access": access,
        "progress": progress,
        "chart": chart,
        "statuses": list(ActionStatus),
        "rags": list(Rag),
    }
    return render(request, "plans/progress.html", context)
