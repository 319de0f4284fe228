"""Update rounds: adding one, and the round entry page where an officer fills in all their actions
for a round in one form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from vfmhub.core.form_pages import add_service_errors, save_form_page
from vfmhub.plans import forms, services
from vfmhub.plans.access import PlanNeed, plan_for_user, round_in_plan
from vfmhub.plans.models import Action, UpdateRound
from vfmhub.plans.selectors.actions import round_entry_actions
from vfmhub.plans.views.common import plan_url

ADD_ROUND = {
    "title": "Add an update round",
    "done": "The update round has been added.",
    "submit_label": "Add round",
    "intro": "A round is a column of the plan, such as “March 2010 update”.",
}
ENTRIES_SAVED = "{count} {noun} saved for {round}."


def round_add(request, pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    return save_form_page(
        request,
        forms.RoundForm(request.POST or None),
        lambda data: services.round_add(acting_user=request.user, plan=plan, **data),
        caption=plan.title,
        back_url=plan_url(plan),
        **ADD_ROUND,
    )


def _entry_actions(request, update_round: UpdateRound) -> tuple[str, list[Action]]:
    """Whose actions: the signed-in officer's, or those whose officer text matches."""
    officer_text = request.GET.get("officer", "").strip()
    if officer_text:
        return officer_text, round_entry_actions(update_round, officer_text=officer_text)
    return "", round_entry_actions(update_round, officer_user=request.user)


def round_entry(request, pk: int, round_pk: int) -> HttpResponse:
    plan, _ = plan_for_user(request.user, pk, need=PlanNeed.EDIT)
    update_round = round_in_plan(plan, round_pk)
    officer_text, actions = _entry_actions(request, update_round)
    form = forms.RoundEntryForm(request.POST or None, actions=actions)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.round_entry_save(
                acting_user=request.user, round=update_round, entries=form.entries()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            noun = "update" if len(saved) == 1 else "updates"
            done = ENTRIES_SAVED.format(count=len(saved), noun=noun, round=update_round.label)
            messages.success(request, done)
            return redirect(plan_url(plan))
    context = {
        "plan": plan,
        "round": update_round,
        "form": form,
        "actions": actions,
        "officer_text": officer_text,
    }
    return render(request, "plans/round_entry.html", context)
