"""The signed-in officer's actions across their bodies, and a plan's overdue actions."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from vfmhub.lib import clock
from vfmhub.plans import forms, selectors
from vfmhub.plans.access import plan_for_user
from vfmhub.plans.views.tables import actions_export


def _flag_overdue(actions, today) -> list:
    actions = list(actions)
    for action in actions:
        action.is_overdue = selectors.is_overdue(action, today)
    return actions


@login_required
def my_actions(request):
    today = clock.today()
    plans = list(selectors.my_action_plans(request.user))
    form = forms.MyActionsFilterForm(request.GET or None, plans=plans)
    filters = form.filters()
    listed = selectors.my_actions_listed(request.user, filters, today)
    actions = _flag_overdue(listed, today)
    if request.GET.get("export"):
        return actions_export(request.GET["export"], "my-actions", actions, today)
    query = request.GET.copy()
    query.pop("export", None)
    context = {
        "actions": actions,
        "today": today,
        "overdue_count": sum(a.is_overdue for a in actions),
        "filter_form": form,
        "filters": filters,
        "has_plans": bool(plans),
        "query": query.urlencode(),
    }
    return render(request, "plans/my_actions.html", context)


def plan_overdue(request, pk: int):
    plan, access = plan_for_user(request.user, pk)
    today = clock.today()
    actions = _flag_overdue(selectors.overdue_actions(plan, today), today)
    if request.GET.get("export"):
        return actions_export(request.GET["export"], f"{plan.title}-overdue", actions, today)
    return render(
        request,
        "plans/overdue.html",
        {"plan": plan, "access": access, "actions": actions, "today": today},
    )
