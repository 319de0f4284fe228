"""Actions: adding and changing them, the action page with its update history, and updates."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from vfmhub.core.form_pages import save_form_page
from vfmhub.plans import forms, services
from vfmhub.plans.access import (
    PlanNeed,
    action_in_plan,
    item_in_plan,
    plan_for_user,
    update_in_plan,
)
from vfmhub.plans.models import Action, Plan, PlanItem
from vfmhub.plans.selectors.actions import action_history
from vfmhub.plans.selectors.plans import body_members
from vfmhub.plans.views.common import action_url, plan_url

ADD_ACTION = {
    "title": "Add an action",
    "done": "The action has been added.",
    "submit_label": "Add action",
}
CHANGE_ACTION = {"title": "Change the action", "done": "The action has been saved."}
ADD_UPDATE = {
    "title": "Add an update",
    "done": "The update has been added.",
    "submit_label": "Add update",
}
CORRECT_UPDATE = {
    "done": "The update has been corrected. The original is kept.",
    "submit_label": "Save correction",
    "intro": "The original update is kept in the action's history, marked as corrected.",
}


def _action_page(request, plan: Plan, item: PlanItem, action: Action | None = None) -> HttpResponse:
    """Add an action to the item (no `action`), or change one: the same form either way."""
    form = forms.ActionForm(
        request.POST or None,
        members=body_members(plan.organisation),
        rounds=plan.rounds.all(),
        action=action,
    )

    def save(data: dict[str, Any]) -> Action:
        if action is None:
            return services.action_add(acting_user=request.user, item=item, **data)
        values = forms.versioned(data)
        return services.action_update(acting_user=request.user, action=action, **values)

    back_url = plan_url(plan) if action is None else action_url(action)
    wording = ADD_ACTION if action is None else CHANGE_ACTION
    caption = item.text[:200]
    return save_form_page(
        request, form, save, caption=caption, back_url=back_url, next_url=action_url, **wording
    )


def action_add(request, pk: int, item_pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    return _action_page(request, plan, item_in_plan(plan, item_pk))


def action_edit(request, pk: int, action_pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    action = action_in_plan(plan, action_pk)
    return _action_page(request, plan, action.item, action)


def action_detail(request, pk: int, action_pk: int) -> HttpResponse:
    plan, access = plan_for_user(request.user, pk)
    action = action_in_plan(plan, action_pk)
    context = {
        "plan": plan,
        "access": access,
        "action": action,
        "history": action_history(action),
        "rounds": plan.rounds.all(),
    }
    return render(request, "plans/action.html", context)


def update_add(request, pk: int, action_pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    action = action_in_plan(plan, action_pk)
    rounds = list(plan.rounds.all())
    # The latest round is the one being filled in; an earlier one only when asked for.
    chosen = request.GET.get("round") or (rounds[-1].pk if rounds else None)
    form = forms.UpdateForm(
        request.POST or None, rounds=plan.rounds.all(), initial={"round": chosen}
    )
    return save_form_page(
        request,
        form,
        lambda data: services.action_update_add(acting_user=request.user, action=action, **data),
        caption=action.description[:200],
        back_url=action_url(action),
        **ADD_UPDATE,
    )


def update_correct(request, pk: int, update_pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    update = update_in_plan(plan, update_pk)
    initial = {"text": update.text, "status": update.status, "rag": update.rag}
    return save_form_page(
        request,
        forms.CorrectionForm(request.POST or None, initial=initial),
        lambda data: services.action_update_correct(
            acting_user=request.user, update=update, **data
        ),
        title=f"Correct the {update.round.update_name}",
        caption=update.action.description[:200],
        back_url=action_url(update.action),
        **CORRECT_UPDATE,
    )
