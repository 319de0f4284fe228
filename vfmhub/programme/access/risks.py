"""Reaching risk registers and their risks for a user, and what a request names in them (plan
actions, a matrix, a project).

A register or risk is looked for only among its owner's (`owners.RegisterOwner`: a partnership
with its projects, or a body), once the user's access to that owner is checked: no access at all
is 404, read-only access 403 on writes. Ids sent in a request body that name something to use
(a matrix, plan actions, a project) are refused as field errors (422 in the API, beside the field
on a page) rather than 404.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404

from vfmhub.accounts.models import User
from vfmhub.organisations.access import NOT_FOUND, one_or_404
from vfmhub.plans.models import Action
from vfmhub.programme.access import Need
from vfmhub.programme.access.owners import RegisterOwner, register_owner_for_user
from vfmhub.programme.models import Project, Risk, RiskMatrix, RiskRegister

NO_MATRIX = "Choose a risk matrix."
NO_PROJECT = "Choose one of the partnership's projects."
PROJECTS_ONLY_IN_PARTNERSHIPS = "Only a partnership's registers can belong to a project."
NO_ACTION = "There is no plan action {pk}."


def register_of_owner(owner: RegisterOwner, register_id: Any) -> RiskRegister:
    """One of the owner's registers (for a partnership, its projects' too); 404 otherwise."""
    registers = RiskRegister.objects.select_related(
        "matrix", "partnership", "organisation", "project"
    )
    return one_or_404(registers.filter(owner.registers_filter(), pk=register_id))


def risk_of_owner(owner: RegisterOwner, risk_id: Any) -> Risk:
    """A risk on one of the owner's registers, with its register and matrix; 404 otherwise."""
    risks = Risk.objects.select_related(
        "register__matrix",
        "register__partnership",
        "register__organisation",
        "register__project",
        "owner_user",
    )
    return one_or_404(risks.filter(owner.registers_filter("register__"), pk=risk_id))


def register_for_user(
    user: User, kind: str, pk: Any, register_id: Any, *, need: Need = Need.READ
) -> tuple[RegisterOwner, RiskRegister]:
    """The owner (`kind` with id `pk`) as `user` may reach it for `need`, and its register."""
    owner = register_owner_for_user(user, kind, pk, need=need)
    return owner, register_of_owner(owner, register_id)


def risk_for_user(
    user: User, kind: str, pk: Any, risk_id: Any, *, need: Need = Need.READ
) -> tuple[RegisterOwner, Risk]:
    """The owner (`kind` with id `pk`) as `user` may reach it for `need`, and its risk."""
    owner = register_owner_for_user(user, kind, pk, need=need)
    return owner, risk_of_owner(owner, risk_id)


def linked_action_of(risk: Risk, action_id: Any) -> Action:
    """A plan action linked to the risk; 404 for any other (or an id that is not a number)."""
    action = None
    if str(action_id).isdigit():
        action = risk.plan_actions.filter(pk=int(action_id)).first()
    if action is None:
        raise Http404(NOT_FOUND)
    return action


def plan_actions_named(ids: Iterable[int] | None) -> list[Action] | None:
    """The plan actions a request names, in its order (None when it names none to set); an id
    of no action is an error on `plan_action_ids`. Whether the risk may name them is the
    services' check."""
    if ids is None:
        return None
    ids = list(ids)
    found = Action.objects.in_bulk(ids)
    for pk in ids:
        if pk not in found:
            raise ValidationError({"plan_action_ids": NO_ACTION.format(pk=pk)})
    return [found[pk] for pk in ids]


def matrix_named(matrix_id: int | None) -> RiskMatrix | None:
    """The matrix a new register is to use (None: the default); an unknown id is an error on
    `matrix_id`."""
    if matrix_id is None:
        return None
    matrix = RiskMatrix.objects.filter(pk=matrix_id).first()
    if matrix is None:
        raise ValidationError({"matrix_id": NO_MATRIX})
    return matrix


def register_owner_fields(owner: RegisterOwner, project_id: int | None) -> dict[str, Any]:
    """Whose a new register is, as `register_create` takes it: the owner's own, or with
    `project_id` one of a partnership's projects (an error on `project_id` otherwise)."""
    if project_id is None:
        return owner.owner_fields()
    if owner.partnership is None:
        raise ValidationError({"project_id": PROJECTS_ONLY_IN_PARTNERSHIPS})
    if not Project.objects.filter(pk=project_id, partnership=owner.partnership).exists():
        raise ValidationError({"project_id": NO_PROJECT})
    return {"project_id": project_id}
