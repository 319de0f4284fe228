"""The signed-in officer's actions across their bodies, and a plan's overdue actions."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from vfmhub.core.list_pages import filters_query
from vfmhub.lib import clock
from vfmhub.plans import forms
from vfmhub.plans.access import plan_for_user
from vfmhub.plans.exporting.tables import actions_export
from vfmhub.plans.models import Action
from vfmhub.plans.selectors.actions import my_action_plans, my_actions_listed, overdue_actions
from vfmhub.plans.selectors.tables import is_overdue


def _flag_overdue(actions: Iterable[Action], today: datetime.date) -> list[Action]:
    actions = list(actions)
    for action in actions:
        action.is_overdue = is_overdue(action, today)  # type: ignore[attr-defined]
    return actions


@login_required
def my_actions(request) -> HttpResponse:
    today = clock.today()
    plans = list(my_action_plans(request.user))
    form = forms.MyActionsFilterForm(request.GET or None, plans=plans)
    filters = form.filters()
    listed = my_actions_listed(request.user, filters, today)
    actions = _flag_overdue(listed, today)
    if request.GET.get("export"):
        return actions_export(request.GET["export"], "my-actions", actions)
    context = {
        "actions": actions,
        "today": today,
        "overdue_count": sum(a.is_overdue for a in actions),  # type: ignore[attr-defined]
        "filter_form": form,
        "filters": filters,
        "has_plans": bool(plans),
        "query": filters_query(request),
    }
    return render(request, "plans/my_actions.html", context)


def plan_overdue(request, pk: int) -> HttpResponse:
    plan, access = plan_for_user(request.user, pk)
    today = clock.today()
    actions = _flag_overdue(overdue_actions(plan, today), today)
    if request.GET.get("export"):
        return actions_export(request.GET["export"], f"{plan.title}-overdue", actions)
    return render(
        request,
        "plans/overdue.html",
        {"plan": plan, "access": access, "actions": actions, "today": today},
    )
