"""An organisation's plans, creating one, the plan table, its settings and the progress summary."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from vfmhub.core.charts import Series, bar_chart
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import form_page
from vfmhub.frameworks.access import visible_versions_filter
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import Need, organisation_for_user
from vfmhub.plans import forms, selectors, services
from vfmhub.plans.access import PlanNeed, plan_for_user, plans_for_organisation
from vfmhub.plans.models import ActionStatus, Rag
from vfmhub.plans.views.common import members_of, plan_url
from vfmhub.plans.views.tables import plan_table_export, progress_rows


def _plan_form(request, organisation, plan=None):
    versions = FrameworkVersion.objects.filter(visible_versions_filter(request.user))
    return forms.PlanForm(
        request.POST or None,
        versions=versions.select_related("framework").order_by("framework__name", "first_year"),
        members=members_of(organisation),
        plan=plan,
    )


def organisation_plans(request, pk: int):
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


def plan_create(request, pk: int):
    access = organisation_for_user(request.user, pk, need=Need.EDIT)
    form = _plan_form(request, access.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                acting_user=request.user, organisation=access.organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The plan has been created.")
            return redirect(plan_url(plan))
    return form_page(
        request,
        form,
        title="Create an improvement plan",
        caption=access.organisation.name,
        back_url=reverse("plans:organisation_list", args=[pk]),
        submit_label="Create plan",
    )


def _filters(form: forms.PlanFilterForm) -> selectors.PlanFilters:
    if not form.is_valid():
        return selectors.PlanFilters()
    return selectors.PlanFilters(**form.cleaned_data)


def plan_detail(request, pk: int):
    plan, access = plan_for_user(request.user, pk)
    today = clock.today()
    form = forms.PlanFilterForm(request.GET or None)
    table = selectors.plan_table(plan, _filters(form), today)
    form.set_themes(table.theme_choices)
    if request.GET.get("export"):
        return plan_table_export(request.GET["export"], plan, table)
    query = request.GET.copy()
    query.pop("export", None)
    context = {
        "plan": plan,
        "access": access,
        "table": table,
        "filter_form": form,
        "query": query.urlencode(),
        "today": today,
    }
    return render(request, "plans/detail.html", context)


def plan_edit(request, pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.MANAGE)
    form = _plan_form(request, plan.organisation, plan)
    if request.method == "POST" and form.is_valid():
        values, expected = form.values()
        try:
            services.plan_update(
                acting_user=request.user, plan=plan, expected_updated_at=expected, **values
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The plan has been saved.")
            return redirect(plan_url(plan))
    return form_page(
        request,
        form,
        title="Change the plan",
        caption=plan.organisation.name,
        back_url=plan_url(plan),
    )


def plan_progress(request, pk: int):
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
