"""Small pieces the plan views share."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from vfmhub.core.post_outcomes import report_outcome
from vfmhub.plans.models import Action, Plan


def plan_url(plan: Plan) -> str:
    return reverse("plans:detail", args=[plan.pk])


def action_url(action: Action) -> str:
    return reverse("plans:action", args=[action.item.plan_id, action.pk])


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def button_done(request, act: Callable[[], object], *, done: str, url: str) -> HttpResponse:
    """A button's POST: `act`, then show its refusal as an error or `done` as a success, and go
    to `url` either way."""
    report_outcome(request, act, done)
    return redirect(url)
