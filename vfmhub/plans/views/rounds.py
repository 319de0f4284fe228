"""Update rounds: adding one, and the round entry page where an officer fills in all their actions
for a round in one form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from vfmhub.core.form_pages import form_page
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.plans import forms, selectors, services
from vfmhub.plans.access import PlanNeed, plan_for_user
from vfmhub.plans.views.common import plan_url


def round_add(request, pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    form = forms.RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_add(acting_user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The update round has been added.")
            return redirect(plan_url(plan))
    return form_page(
        request,
        form,
        title="Add an update round",
        caption=plan.title,
        back_url=plan_url(plan),
        submit_label="Add round",
        intro="A round is a column of the plan, such as “March 2010 update”.",
    )


def _entry_actions(request, update_round):
    """Whose actions: the signed-in officer's, or those whose officer text matches."""
    officer_text = request.GET.get("officer", "").strip()
    if officer_text:
        return officer_text, selectors.round_entry_actions(update_round, officer_text=officer_text)
    return "", selectors.round_entry_actions(update_round, officer_user=request.user)


def round_entry(request, pk: int, round_pk: int):
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    update_round = plan.rounds.filter(pk=round_pk).first()
    if update_round is None:
        raise Http404(NOT_FOUND)
    officer_text, actions = _entry_actions(request, update_round)
    form = forms.RoundEntryForm(request.POST or None, actions=actions)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.round_entry_save(
                acting_user=request.user, round=update_round, entries=form.entries()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            noun = "update" if len(saved) == 1 else "updates"
            messages.success(request, f"{len(saved)} {noun} saved for {update_round.label}.")
            return redirect(plan_url(plan))
    context = {
        "plan": plan,
        "round": update_round,
        "form": form,
        "actions": actions,
        "officer_text": officer_text,
    }
    return render(request, "plans/round_entry.html", context)
