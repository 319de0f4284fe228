"""Writing risk registers: matrices, registers, risks and their ratings.

Every write is keyword-only, atomic, validated with `full_clean()` and audited under the register's
partnership (or body). Callers check access first (only partnership managers reach these).
"""

import datetime
from collections.abc import Iterable
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import (
    acting,
    audit_record,
    audit_record_changed,
    audit_record_created,
    changes_between,
    save_changed,
    save_created,
    snapshot,
)
from vfmhub.core.concurrency import check_unchanged, lock_row, lock_unchanged
from vfmhub.lib import clock
from vfmhub.organisations.models import Organisation, Partnership
from vfmhub.plans.models import Action
from vfmhub.programme.models import (
    RatingKind,
    Risk,
    RiskMatrix,
    RiskRating,
    RiskRegister,
    RiskStatus,
)
from vfmhub.programme.selectors.risks import linkable_plan_actions

MATRIX_FIELDS = ["name", "size", "likelihood_labels", "impact_labels", "bands"]
REGISTER_FIELDS = ["name", "description", "matrix_id"]
RISK_FIELDS = [
    "title",
    "cause",
    "effect",
    "owner",
    "owner_user_id",
    "inherent_likelihood",
    "inherent_impact",
    "current_likelihood",
    "current_impact",
    "target_likelihood",
    "target_impact",
    "mitigating_actions",
    "review_date",
    "status",
    "closed_on",
]
ONE_OWNER = "A register belongs to one partnership, body or project."
MATRIX_IN_USE = "This matrix is in use, so it cannot be changed: the changes make a new matrix."
MATRIX_CHANGE_IN_USE = "A register with risks keeps its matrix; start a new register instead."
RATING_PAIR = "Give both likelihood and impact, or neither."
ALREADY_CLOSED = "This risk is already closed."
ACTION_NOT_LINKABLE = "Choose an action from {where}: {action!r} is not one of them."
ACTIONS_OF_BODY = "the body's own improvement plans"
ACTIONS_SHARED = "the improvement plans shared with the partnership"
SHIPPED = "A matrix every installation has, made on first use."
Stamp = datetime.datetime | str | None

THREE_BY_THREE = {
    "key": "3x3",
    "name": "3 × 3 (High, Medium, Low)",
    "size": 3,
    "likelihood_labels": ["Low", "Medium", "High"],
    "impact_labels": ["Low", "Medium", "High"],
    "bands": {"thresholds": [[1, "low"], [3, "medium"], [6, "high"]]},
}
FIVE_BY_FIVE = {
    "key": "5x5",
    "name": "5 × 5",
    "size": 5,
    "likelihood_labels": ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"],
    "impact_labels": ["Insignificant", "Minor", "Moderate", "Major", "Severe"],
    "bands": {"thresholds": [[1, "low"], [5, "medium"], [12, "high"]]},
}


def default_matrices() -> list[dict[str, Any]]:
    """The matrices every installation has: 3 × 3 High/Medium/Low (the default) and 5 × 5."""
    return [dict(THREE_BY_THREE), dict(FIVE_BY_FIVE)]


@transaction.atomic
def ensure_default_matrices(*, acting_user: User | None = None) -> dict[str, RiskMatrix]:
    """Create the shipped matrices on first use (no data migration), each recorded in the
    history as made by the user whose request needed it, and return them by key."""
    keys = [data["key"] for data in default_matrices()]
    stored = {m.key: m for m in RiskMatrix.objects.filter(key__in=keys)}
    for data in default_matrices():
        if data["key"] not in stored:
            stored[data["key"]] = save_created(
                RiskMatrix(**data),
                acting_user=acting_user,
                action="risk_matrix.create",
                fields=MATRIX_FIELDS,
                note=SHIPPED,
            )
    return stored


def default_matrix(*, acting_user: User | None = None) -> RiskMatrix:
    return ensure_default_matrices(acting_user=acting_user)["3x3"]


class Filed(TypedDict):
    partnership_id: int | None
    organisation_id: int | None


def _filed(register: RiskRegister) -> Filed:
    """File history under the register's owner: its partnership, its project's, or its body."""
    return {
        "partnership_id": register.owner_partnership_id,
        "organisation_id": register.organisation_id,
    }


# Matrices ---------------------------------------------------------------------------------------


@transaction.atomic
def matrix_create(
    *,
    acting_user: User | None,
    name: str,
    size: int,
    likelihood_labels: list[str],
    impact_labels: list[str],
    bands: dict[str, Any],
    replaces: RiskMatrix | None = None,
) -> RiskMatrix:
    matrix = RiskMatrix(
        name=name,
        size=size,
        likelihood_labels=likelihood_labels,
        impact_labels=impact_labels,
        bands=bands,
        replaces=replaces,
    )
    return save_created(
        matrix, acting_user=acting_user, action="risk_matrix.create", fields=MATRIX_FIELDS
    )


@transaction.atomic
def matrix_update(*, acting_user: User | None, matrix: RiskMatrix, **fields: Any) -> RiskMatrix:
    """Change a matrix that is not in use; a matrix in use is never edited in place, so the
    changes make a new matrix (returned) that replaces it, and the old one stays as it was."""
    matrix = RiskMatrix.objects.select_for_update().get(pk=matrix.pk)
    if matrix.is_locked or matrix.registers.exists():
        data = {name: getattr(matrix, name) for name in MATRIX_FIELDS} | fields
        if "name" not in fields:
            data["name"] = f"{matrix.name} (revised)"
        return matrix_create(acting_user=acting_user, replaces=matrix, **data)
    before = snapshot(matrix, MATRIX_FIELDS)
    for name, value in fields.items():
        setattr(matrix, name, value)
    matrix.full_clean()
    matrix.save()
    audit_record(
        acting_user=acting_user,
        action="risk_matrix.update",
        obj=matrix,
        changes=changes_between(before, snapshot(matrix, MATRIX_FIELDS)),
    )
    return matrix


def _lock(matrix: RiskMatrix) -> None:
    if not matrix.is_locked:
        RiskMatrix.objects.filter(pk=matrix.pk).update(is_locked=True)
        matrix.is_locked = True


# Registers --------------------------------------------------------------------------------------


@transaction.atomic
def register_create(
    *,
    acting_user: User | None,
    name: str,
    partnership: Partnership | None = None,
    organisation: Organisation | None = None,
    project_id: int | None = None,
    matrix: RiskMatrix | None = None,
    description: str = "",
) -> RiskRegister:
    if sum(owner is not None for owner in (partnership, organisation, project_id)) != 1:
        raise ValidationError(ONE_OWNER)
    register = RiskRegister(
        name=name,
        partnership=partnership,
        organisation=organisation,
        project_id=project_id,
        matrix=matrix or default_matrix(acting_user=acting_user),
        description=description,
    )
    save_created(
        register,
        acting_user=acting_user,
        action="risk_register.create",
        fields=REGISTER_FIELDS,
        **_filed(register),
    )
    _lock(register.matrix)
    return register


@transaction.atomic
def register_update(
    *,
    acting_user: User | None,
    register: RiskRegister,
    expected_updated_at: Stamp = None,
    **fields: Any,
) -> RiskRegister:
    register = lock_unchanged(register, expected_updated_at)
    matrix = fields.get("matrix")
    if matrix is not None and matrix.pk != register.matrix_id and register.risks.exists():
        raise ValidationError({"matrix": MATRIX_CHANGE_IN_USE})
    before = snapshot(register, REGISTER_FIELDS)
    for name, value in fields.items():
        setattr(register, name, value)
    save_changed(
        register,
        before,
        acting_user=acting_user,
        action="risk_register.update",
        **_filed(register),
    )
    _lock(register.matrix)
    return register


# Risks ------------------------------------------------------------------------------------------


def _check_pairs(risk: Risk) -> None:
    errors = {}
    for kind in (RatingKind.INHERENT, RatingKind.TARGET):
        likelihood = getattr(risk, f"{kind}_likelihood")
        impact = getattr(risk, f"{kind}_impact")
        if (likelihood is None) != (impact is None):
            errors[f"{kind}_impact" if impact is None else f"{kind}_likelihood"] = RATING_PAIR
    if errors:
        raise ValidationError(errors)


def _validate(risk: Risk, register: RiskRegister) -> None:
    risk.full_clean(exclude=["plan_actions"])
    _check_pairs(risk)
    risk.check_ratings(register.matrix.size)


def _check_actions(register: RiskRegister, actions: Iterable[Action]) -> list[Action]:
    actions = list(actions)
    allowed = set(
        linkable_plan_actions(register)
        .filter(pk__in=[a.pk for a in actions])
        .values_list("pk", flat=True)
    )
    for action in actions:
        if action.pk not in allowed:
            where = ACTIONS_OF_BODY if register.organisation_id else ACTIONS_SHARED
            raise ValidationError(
                {"plan_actions": ACTION_NOT_LINKABLE.format(where=where, action=str(action))}
            )
    return actions


def _action_ids(risk: Risk) -> list[int]:
    return sorted(risk.plan_actions.values_list("pk", flat=True))


def _rate(
    risk: Risk,
    kind: str,
    *,
    acting_user: User | None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> RiskRating:
    rating = RiskRating(
        risk=risk,
        kind=kind,
        likelihood=getattr(risk, f"{kind}_likelihood"),
        impact=getattr(risk, f"{kind}_impact"),
        rated_by=acting(acting_user),
        rated_at=at or clock.now(),
        note=note,
    )
    rating.save()
    return rating


@transaction.atomic
def risk_create(
    *,
    acting_user: User | None,
    register: RiskRegister,
    title: str,
    current_likelihood: int,
    current_impact: int,
    plan_actions: Iterable[Action] = (),
    **fields: Any,
) -> Risk:
    risk = Risk(
        register=register,
        title=title,
        current_likelihood=current_likelihood,
        current_impact=current_impact,
        **fields,
    )
    _validate(risk, register)
    actions = _check_actions(register, plan_actions)
    risk.save()
    if actions:
        risk.plan_actions.set(actions)
    now = clock.now()
    for kind in RatingKind.values:
        if getattr(risk, f"{kind}_likelihood") is not None:
            _rate(risk, kind, acting_user=acting_user, note="First rating.", at=now)
    _lock(register.matrix)
    audit_record_created(
        acting_user=acting_user,
        action="risk.create",
        obj=risk,
        fields=RISK_FIELDS,
        **_filed(register),
    )
    return risk


def _locked(risk: Risk, expected_updated_at: Stamp = None) -> Risk:
    """The risk's row locked (with its register and matrix), as it now stands; refused if it
    is not the version `expected_updated_at` names."""
    locked = lock_row(Risk, risk.pk, "register__matrix")
    check_unchanged(locked, expected_updated_at)
    return locked


@transaction.atomic
def risk_update(
    *,
    acting_user: User | None,
    risk: Risk,
    expected_updated_at: Stamp = None,
    plan_actions: Iterable[Action] | None = None,
    note: str = "",
    **fields: Any,
) -> Risk:
    """Change a risk; any rating that changes gets a new row in its history. `plan_actions`,
    when given, replaces the linked plan actions."""
    risk = _locked(risk, expected_updated_at)
    register = risk.register
    before = snapshot(risk, RISK_FIELDS) | {"plan_actions": _action_ids(risk)}
    for name, value in fields.items():
        setattr(risk, name, value)
    _validate(risk, register)
    actions = None if plan_actions is None else _check_actions(register, plan_actions)
    risk.save()
    if actions is not None:
        risk.plan_actions.set(actions)
    now = clock.now()
    for kind in RatingKind.values:
        pair = [f"{kind}_likelihood", f"{kind}_impact"]
        new = [getattr(risk, name) for name in pair]
        if new[0] is not None and new != [before[name] for name in pair]:
            _rate(risk, kind, acting_user=acting_user, note=note, at=now)
    after = snapshot(risk, RISK_FIELDS) | {"plan_actions": _action_ids(risk)}
    audit_record_changed(
        acting_user=acting_user,
        action="risk.update",
        obj=risk,
        before=before,
        after=after,
        note=note,
        **_filed(register),
    )
    return risk


@transaction.atomic
def risk_link_actions(*, acting_user: User | None, risk: Risk, actions: Iterable[Action]) -> Risk:
    """Add plan actions to those that mitigate the risk (the earlier links stay). The links are
    read with the risk's row locked, so a link made meanwhile is neither lost nor doubled."""
    risk = _locked(risk)
    current = list(risk.plan_actions.all())
    linked = {action.pk for action in current}
    added = [action for action in actions if action.pk not in linked]
    return risk_update(acting_user=acting_user, risk=risk, plan_actions=[*current, *added])


@transaction.atomic
def risk_unlink_action(*, acting_user: User | None, risk: Risk, action: Action) -> Risk:
    """Take one plan action off those that mitigate the risk (read with the risk locked)."""
    risk = _locked(risk)
    remaining = [linked for linked in risk.plan_actions.all() if linked.pk != action.pk]
    return risk_update(acting_user=acting_user, risk=risk, plan_actions=remaining)


@transaction.atomic
def risk_rerate(
    *,
    acting_user: User | None,
    risk: Risk,
    likelihood: int,
    impact: int,
    kind: str = RatingKind.CURRENT,
    note: str = "",
    review_date: datetime.date | None = None,
    expected_updated_at: Stamp = None,
) -> RiskRating:
    """Rate a risk again: a new history row (earlier ones stay) and the risk's fields follow."""
    risk = _locked(risk, expected_updated_at)
    if kind not in RatingKind.values:
        raise ValidationError({"kind": "Choose inherent, current or target."})
    register = risk.register
    before = snapshot(risk, RISK_FIELDS)
    setattr(risk, f"{kind}_likelihood", likelihood)
    setattr(risk, f"{kind}_impact", impact)
    if review_date is not None:
        risk.review_date = review_date
    _validate(risk, register)
    risk.save()
    rating = _rate(risk, kind, acting_user=acting_user, note=note)
    audit_record_changed(
        acting_user=acting_user,
        action="risk.rerate",
        obj=risk,
        before=before,
        note=note,
        **_filed(register),
    )
    return rating


@transaction.atomic
def risk_close(
    *,
    acting_user: User | None,
    risk: Risk,
    closed_on: datetime.date | None = None,
    note: str = "",
    expected_updated_at: Stamp = None,
) -> Risk:
    risk = _locked(risk, expected_updated_at)
    if risk.status == RiskStatus.CLOSED:
        raise ValidationError({"status": ALREADY_CLOSED})
    before = snapshot(risk, RISK_FIELDS)
    risk.status = RiskStatus.CLOSED
    risk.closed_on = closed_on or clock.today()
    risk.full_clean(exclude=["plan_actions"])
    risk.save()
    audit_record_changed(
        acting_user=acting_user,
        action="risk.close",
        obj=risk,
        before=before,
        note=note,
        **_filed(risk.register),
    )
    return risk
