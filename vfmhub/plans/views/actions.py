"""Actions: adding and changing them, the action page with its update history, and updates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from vfmhub.core.form_pages import form_page
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.plans import forms, selectors, services
from vfmhub.plans.access import PlanNeed, plan_for_user
from vfmhub.plans.models import ActionUpdate
from vfmhub.plans.views.common import (
    action_of,
    action_url,
    item_of,
    members_of,
    plan_url,
)


def _action_form(request, plan, action=None):
    return forms.ActionForm(
        request.POST or None,
        members=members_of(plan.organisation),
        rounds=plan.rounds.all(),
        action=action,
    )


def action_add(request, pk: int, item_pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    item = item_of(plan, item_pk)
    form = _action_form(request, plan)
    if request.method == "POST" and form.is_valid():
        values, _ = form.values()
        try:
            action = services.action_add(acting_user=request.user, item=item, **values)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The action has been added.")
            return redirect(action_url(action))
    return form_page(
        request,
        form,
        title="Add an action",
        caption=item.text[:200],
        back_url=plan_url(plan),
        submit_label="Add action",
    )


def action_edit(request, pk: int, action_pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    action = action_of(plan, action_pk)
    form = _action_form(request, plan, action)
    if request.method == "POST" and form.is_valid():
        values, expected = form.values()
        try:
            services.action_update(
                acting_user=request.user, action=action, expected_updated_at=expected, **values
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The action has been saved.")
            return redirect(action_url(action))
    return form_page(
        request,
        form,
        title="Change the action",
        caption=action.item.text[:200],
        back_url=action_url(action),
    )


def action_detail(request, pk: int, action_pk: int):
    plan, access = plan_for_user(request.user, pk)
    action = action_of(plan, action_pk)
    context = {
        "plan": plan,
        "access": access,
        "action": action,
        "history": selectors.action_history(action),
        "rounds": plan.rounds.all(),
    }
    return render(request, "plans/action.html", context)


def update_add(request, pk: int, action_pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    action = action_of(plan, action_pk)
    rounds = list(plan.rounds.all())
    # The latest round is the one being filled in; an earlier one only when asked for.
    chosen = request.GET.get("round") or (rounds[-1].pk if rounds else None)
    form = forms.UpdateForm(
        request.POST or None, rounds=plan.rounds.all(), initial={"round": chosen}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update_add(acting_user=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The update has been added.")
            return redirect(action_url(action))
    return form_page(
        request,
        form,
        title="Add an update",
        caption=action.description[:200],
        back_url=action_url(action),
        submit_label="Add update",
    )


def update_correct(request, pk: int, update_pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    update = (
        ActionUpdate.objects.select_related("action__item", "round")
        .filter(pk=update_pk, action__item__plan=plan)
        .first()
    )
    if update is None:
        raise Http404(NOT_FOUND)
    initial = {"text": update.text, "status": update.status, "rag": update.rag}
    form = forms.CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update_correct(
                acting_user=request.user, update=update, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The update has been corrected. The original is kept.")
            return redirect(action_url(update.action))
    return form_page(
        request,
        form,
        title=f"Correct the {update.round.update_name}",
        caption=update.action.description[:200],
        back_url=action_url(update.action),
        submit_label="Save correction",
        intro="The original update is kept in the action's history, marked as corrected.",
    )
