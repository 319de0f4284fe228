"""Small pieces the plan views share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from vfmhub.accounts.models import User
from vfmhub.organisations.access import NEEDS_ROLE, NOT_FOUND
from vfmhub.organisations.models import Organisation
from vfmhub.plans.models import Action, Plan, PlanItem


def plan_url(plan: Plan) -> str:
    return reverse("plans:detail", args=[plan.pk])


def action_url(action: Action) -> str:
    return reverse("plans:action", args=[action.item.plan_id, action.pk])


def members_of(organisation: Organisation) -> QuerySet[User]:
    """People who hold a role at the body: who may own a plan or be linked to an action."""
    return User.objects.filter(organisation_memberships__organisation=organisation).order_by(
        "email"
    )


def item_of(plan: Plan, item_pk: int) -> PlanItem:
    item = plan.items.select_related("criterion").filter(pk=item_pk).first()
    if item is None:
        raise Http404(NOT_FOUND)
    item.plan = plan
    return item


def action_of(plan: Plan, action_pk: int) -> Action:
    action = (
        Action.objects.select_related("item", "officer_user", "added_in_round")
        .filter(item__plan=plan, pk=action_pk)
        .first()
    )
    if action is None:
        raise Http404(NOT_FOUND)
    action.item.plan = plan
    return action


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NEEDS_ROLE)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)
