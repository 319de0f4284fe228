"""Writing risk registers: matrices, registers, risks and their ratings.

Every write is keyword-only, atomic, validated with `full_clean()` and audited under the register's
partnership (or body). Callers check access first (only partnership managers reach these).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.audit.services import audit_record, audit_record_created, changes_between, snapshot
from vfmhub.core.concurrency import check_unchanged, lock_row, lock_unchanged
from vfmhub.lib import clock
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


def default_matrices() -> list[dict]:
    """The matrices every installation has: 3 × 3 High/Medium/Low (the default) and 5 × 5."""
    return [dict(THREE_BY_THREE), dict(FIVE_BY_FIVE)]


def ensure_default_matrices() -> dict[str, RiskMatrix]:
    """Create the shipped matrices on first use (no data migration) and return them by key."""
    stored = {m.key: m for m in RiskMatrix.objects.filter(key__in=["3x3", "5x5"])}
    for data in default_matrices():
        if data["key"] not in stored:
            matrix = RiskMatrix(**data)
            matrix.full_clean()
            matrix.save()
            stored[matrix.key] = matrix
    return stored


def default_matrix() -> RiskMatrix:
    return ensure_default_matrices()["3x3"]


def _filed(register: RiskRegister) -> dict:
    """File history under the register's owner: its partnership, its project's, or its body."""
    return {
        "partnership_id": register.owner_partnership_id,
        "organisation_id": register.organisation_id,
    }


def _actor(acting_user):
    return acting_user if getattr(acting_user, "pk", None) else None


def _record(acting_user, action, obj, before, after, *, register, note="") -> None:
    changes = changes_between(before, after)
    if changes or note:
        audit_record(
            acting_user=acting_user,
            action=action,
            obj=obj,
            changes=changes,
            note=note,
            **_filed(register),
        )


# Matrices ---------------------------------------------------------------------------------------


@transaction.atomic
def matrix_create(
    *,
    acting_user,
    name: str,
    size: int,
    likelihood_labels: list[str],
    impact_labels: list[str],
    bands: dict,
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
    matrix.full_clean()
    matrix.save()
    audit_record_created(
        acting_user=acting_user, action="risk_matrix.create", obj=matrix, fields=MATRIX_FIELDS
    )
    return matrix


@transaction.atomic
def matrix_update(*, acting_user, matrix: RiskMatrix, **fields) -> RiskMatrix:
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
    acting_user,
    name: str,
    partnership=None,
    organisation=None,
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
        matrix=matrix or default_matrix(),
        description=description,
    )
    register.full_clean()
    register.save()
    _lock(register.matrix)
    audit_record_created(
        acting_user=acting_user,
        action="risk_register.create",
        obj=register,
        fields=REGISTER_FIELDS,
        **_filed(register),
    )
    return register


@transaction.atomic
def register_update(
    *,
    acting_user,
    register: RiskRegister,
    expected_updated_at: datetime.datetime | str | None = None,
    **fields,
) -> RiskRegister:
    register = lock_unchanged(register, expected_updated_at)
    matrix = fields.get("matrix")
    if matrix is not None and matrix.pk != register.matrix_id and register.risks.exists():
        raise ValidationError({"matrix": MATRIX_CHANGE_IN_USE})
    before = snapshot(register, REGISTER_FIELDS)
    for name, value in fields.items():
        setattr(register, name, value)
    register.full_clean()
    register.save()
    _lock(register.matrix)
    _record(
        acting_user,
        "risk_register.update",
        register,
        before,
        snapshot(register, REGISTER_FIELDS),
        register=register,
    )
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


def _check_actions(register: RiskRegister, actions) -> list:
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


def _rate(risk: Risk, kind: str, *, acting_user, note: str = "", at=None) -> RiskRating:
    rating = RiskRating(
        risk=risk,
        kind=kind,
        likelihood=getattr(risk, f"{kind}_likelihood"),
        impact=getattr(risk, f"{kind}_impact"),
        rated_by=_actor(acting_user),
        rated_at=at or clock.now(),
        note=note,
    )
    rating.save()
    return rating


@transaction.atomic
def risk_create(
    *,
    acting_user,
    register: RiskRegister,
    title: str,
    current_likelihood: int,
    current_impact: int,
    plan_actions=(),
    **fields,
) -> Risk:
    risk = Risk(
        register=register,
        title=title,
        current_likelihood=current_likelihood,
        current_impact=current_impact,
        **fields,
    )
    _validate(risk, register)
    plan_actions = _check_actions(register, plan_actions)
    risk.save()
    if plan_actions:
        risk.plan_actions.set(plan_actions)
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


def _locked(risk: Risk) -> Risk:
    return lock_row(Risk, risk.pk, "register__matrix")


@transaction.atomic
def risk_update(
    *,
    acting_user,
    risk: Risk,
    expected_updated_at: datetime.datetime | str | None = None,
    plan_actions=None,
    note: str = "",
    **fields,
) -> Risk:
    """Change a risk; any rating that changes gets a new row in its history."""
    risk = _locked(risk)
    check_unchanged(risk, expected_updated_at)
    register = risk.register
    before = snapshot(risk, RISK_FIELDS) | {"plan_actions": _action_ids(risk)}
    for name, value in fields.items():
        setattr(risk, name, value)
    _validate(risk, register)
    if plan_actions is not None:
        plan_actions = _check_actions(register, plan_actions)
    risk.save()
    if plan_actions is not None:
        risk.plan_actions.set(plan_actions)
    now = clock.now()
    for kind in RatingKind.values:
        pair = [f"{kind}_likelihood", f"{kind}_impact"]
        new = [getattr(risk, name) for name in pair]
        if new[0] is not None and new != [before[name] for name in pair]:
            _rate(risk, kind, acting_user=acting_user, note=note, at=now)
    _record(
        acting_user,
        "risk.update",
        risk,
        before,
        snapshot(risk, RISK_FIELDS) | {"plan_actions": _action_ids(risk)},
        register=register,
        note=note,
    )
    return risk


def risk_link_actions(*, acting_user, risk: Risk, actions) -> Risk:
    """Add plan actions to those that mitigate the risk (the earlier links stay)."""
    current = list(risk.plan_actions.all())
    added = [a for a in actions if a.pk not in {c.pk for c in current}]
    return risk_update(acting_user=acting_user, risk=risk, plan_actions=[*current, *added])


def risk_unlink_action(*, acting_user, risk: Risk, action) -> Risk:
    remaining = [a for a in risk.plan_actions.all() if a.pk != action.pk]
    return risk_update(acting_user=acting_user, risk=risk, plan_actions=remaining)


@transaction.atomic
def risk_rerate(
    *,
    acting_user,
    risk: Risk,
    likelihood: int,
    impact: int,
    kind: str = RatingKind.CURRENT,
    note: str = "",
    review_date: datetime.date | None = None,
    expected_updated_at: datetime.datetime | str | None = None,
) -> RiskRating:
    """Rate a risk again: a new history row (earlier ones stay) and the risk's fields follow."""
    risk = _locked(risk)
    check_unchanged(risk, expected_updated_at)
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
    _record(
        acting_user,
        "risk.rerate",
        risk,
        before,
        snapshot(risk, RISK_FIELDS),
        register=register,
        note=note,
    )
    return rating


@transaction.atomic
def risk_close(
    *,
    acting_user,
    risk: Risk,
    closed_on: datetime.date | None = None,
    note: str = "",
    expected_updated_at: datetime.datetime | str | None = None,
) -> Risk:
    risk = _locked(risk)
    check_unchanged(risk, expected_updated_at)
    if risk.status == RiskStatus.CLOSED:
        raise ValidationError({"status": ALREADY_CLOSED})
    before = snapshot(risk, RISK_FIELDS)
    risk.status = RiskStatus.CLOSED
    risk.closed_on = closed_on or clock.today()
    risk.full_clean(exclude=["plan_actions"])
    risk.save()
    _record(
        acting_user,
        "risk.close",
        risk,
        before,
        snapshot(risk, RISK_FIELDS),
        register=risk.register,
        note=note,
    )
    return risk
