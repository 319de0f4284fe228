"""The council plan pages: the organisation's plans, one plan's tree, its edit pages and its
downloads (DOCX, XLSX, CSV in the shape it is imported from)."""

from typing import Any

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_of
from vfmhub.organisations.access import Need
from vfmhub.performance import access as perf
from vfmhub.performance.exporting.plan import DOCX_TYPE, HEADERS, plan_docx, plan_rows
from vfmhub.performance.forms.plan import PlanForm, TitleForm, stamped
from vfmhub.performance.models import CouncilPlan
from vfmhub.performance.selectors.plan import plan_priorities, plans_for
from vfmhub.performance.services import plan as services

EXPORT_FORMATS = {"docx", "xlsx", "csv"}


def plan_url(plan: CouncilPlan) -> str:
    return reverse("performance:plan_detail", args=[plan.organisation_id, plan.pk])


def plan_list(request, org_pk: int) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk)
    context = {"access": access, "organisation": access.organisation, "plans": plans_for(access)}
    return render(request, "performance/plan/list.html", context)


def plan_detail(request, org_pk: int, pk: int) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk)
    plan = perf.plan_of(access, pk)
    context = {
        "access": access,
        "organisation": access.organisation,
        "plan": plan,
        "priorities": plan_priorities(plan),
    }
    return render(request, "performance/plan/detail.html", context)


def plan_export(request, org_pk: int, pk: int, fmt: str) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk)
    plan = perf.plan_of(access, pk)
    if fmt not in EXPORT_FORMATS:
        raise Http404("Exports are available as docx, xlsx or csv.")
    rows = plan_rows(plan_priorities(plan))
    name = slugify(f"{plan.title} {plan.first_year}") or "council-plan"
    if fmt != "docx":
        return export_response(fmt, filename=name, headers=HEADERS, rows=rows)
    response = HttpResponse(plan_docx(plan, rows), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


def plan_create(request, org_pk: int) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk, need=Need.EDIT)
    year = financial_year_of(clock.today())
    form = PlanForm(request.POST or None, initial={"first_year": year, "last_year": year + 2})

    def save(data: dict[str, Any]) -> CouncilPlan:
        data.pop("version_stamp", None)
        return services.plan_create(
            acting_user=request.user, organisation=access.organisation, **data
        )

    return save_form_page(
        request,
        form,
        save,
        done="Council plan created.",
        back_url=reverse("performance:plan_list", args=[org_pk]),
        next_url=plan_url,
        title="Create a council plan",
        caption=access.organisation.name,
    )


def plan_edit(request, org_pk: int, pk: int) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk, need=Need.EDIT)
    plan = perf.plan_of(access, pk)
    initial = {
        "title": plan.title,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        **stamped(plan),
    }
    form = PlanForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> CouncilPlan:
        data["expected_updated_at"] = data.pop("version_stamp", None) or None
        return services.plan_update(acting_user=request.user, plan=plan, **data)

    return save_form_page(
        request,
        form,
        save,
        done="Council plan saved.",
        back_url=plan_url(plan),
        title="Change the council plan",
        caption=plan.title,
    )


def priority_add(request, org_pk: int, pk: int) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk, need=Need.EDIT)
    plan = perf.plan_of(access, pk)
    form = TitleForm(request.POST or None)
    form.fields["title"].label = "Priority"
    form.fields["title"].help_text = 'As the plan writes it: "Value for Money (FP1)".'

    def save(data: dict[str, Any]) -> Any:
        return services.priority_add(acting_user=request.user, plan=plan, title=data["title"])

    return save_form_page(
        request,
        form,
        save,
        done="Priority added.",
        back_url=plan_url(plan),
        title="Add a priority",
        caption=plan.title,
    )


class ConfirmForm(forms.Form):
    """A removal's page: nothing to fill in, a button to press."""


def confirm_form(request) -> ConfirmForm:
    return ConfirmForm(request.POST if request.method == "POST" else None)
