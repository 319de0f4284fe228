"""Update rounds and the append-only updates officers give in them.

An action has at most one current update per round. A correction never overwrites: it adds a row
that `corrects` the old one, which stays (no longer current) so the history shows both.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from vfmhub.accounts.models import User
from vfmhub.audit.services import (
    acting,
    audit_record_changed,
    audit_record_created,
    save_created,
    snapshot,
)
from vfmhub.core.concurrency import lock_row
from vfmhub.lib import clock
from vfmhub.plans.models import Action, ActionStatus, ActionUpdate, Plan, UpdateRound
from vfmhub.plans.services.actions import NO_ACTION_NEEDS_REASON

ROUND_FIELDS = ["label", "as_at", "order"]
UPDATE_FIELDS = ["round", "text", "status", "rag"]
ROUND_LABEL_TAKEN = "This plan already has a round called “{label}”."
UPDATE_EXISTS = (
    "There is already an update for this action in “{round}”. Correct that update instead."
)
UPDATE_TEXT_REQUIRED = "Enter the update."
CORRECTION_REASON_REQUIRED = "Enter the reason for the correction."
ALREADY_CORRECTED = "This update has already been corrected. Correct the latest version instead."
ROUND_OF_ANOTHER_PLAN = "That round belongs to another plan."
ENTRY_ERROR = "{action}: {message}"


@transaction.atomic
def round_add(
    *, acting_user: User | None, plan: Plan, label: str, as_at: datetime.date | None = None
) -> UpdateRound:
    label = label.strip()
    if plan.rounds.filter(label__iexact=label).exists():
        raise ValidationError({"label": ROUND_LABEL_TAKEN.format(label=label)})
    top = plan.rounds.aggregate(top=Max("order"))["top"]
    update_round = UpdateRound(plan=plan, label=label, as_at=as_at, order=(top or 0) + 1)
    return save_created(
        update_round, acting_user=acting_user, action="round.add", fields=ROUND_FIELDS
    )


def _author_fields(acting_user: User | None) -> dict[str, Any]:
    author = acting(acting_user)
    return {"author": author, "author_label": (author.email if author else "") or "system"}


def _apply_to_action(acting_user: User | None, action: Action, status: str, rag: str) -> None:
    """An update's status and RAG become the action's own (its latest position)."""
    before = snapshot(action, ["status", "rag"])
    if status:
        if status == ActionStatus.NO_ACTION and not action.no_action_reason.strip():
            raise ValidationError({"status": NO_ACTION_NEEDS_REASON})
        action.status = status
    if rag:
        action.rag = rag
    after = snapshot(action, ["status", "rag"])
    if after != before:
        action.full_clean()
        action.save()
        audit_record_changed(
            acting_user=acting_user, action="action.update", obj=action, before=before, after=after
        )


def _new_update(
    acting_user: User | None, action: Action, update_round: UpdateRound, **values: Any
) -> ActionUpdate:
    if not values["text"].strip():
        raise ValidationError({"text": UPDATE_TEXT_REQUIRED})
    if update_round.plan_id != action.item.plan_id:
        raise ValidationError({"round": ROUND_OF_ANOTHER_PLAN})
    update = ActionUpdate(
        action=action, round=update_round, created_at=clock.now(), **_author_fields(acting_user)
    )
    for name, value in values.items():
        setattr(update, name, value.strip() if isinstance(value, str) else value)
    update.full_clean(validate_constraints=False)
    update.save()
    _apply_to_action(acting_user, action, update.status, update.rag)
    return update


def _locked_action(action: Action) -> Action:
    return lock_row(Action, action.pk, "item__plan")


@transaction.atomic
def action_update_add(
    *,
    acting_user: User | None,
    action: Action,
    round: UpdateRound,
    text: str,
    status: str = "",
    rag: str = "",
) -> ActionUpdate:
    action = _locked_action(action)
    if ActionUpdate.objects.filter(action=action, round=round, is_current=True).exists():
        raise ValidationError(UPDATE_EXISTS.format(round=round.label), code="exists")
    update = _new_update(acting_user, action, round, text=text, status=status, rag=rag)
    audit_record_created(
        acting_user=acting_user, action="action_update.add", obj=update, fields=UPDATE_FIELDS
    )
    return update


@transaction.atomic
def action_update_correct(
    *,
    acting_user: User | None,
    update: ActionUpdate,
    text: str,
    status: str = "",
    rag: str = "",
    reason: str,
) -> ActionUpdate:
    """Replace an update with a corrected one; the original stays, marked as no longer current."""
    old = lock_row(ActionUpdate, update.pk, "round")
    if not old.is_current:
        raise ValidationError(ALREADY_CORRECTED, code="corrected")
    if not reason.strip():
        raise ValidationError({"reason": CORRECTION_REASON_REQUIRED})
    action = _locked_action(old.action)
    old.is_current = False
    old.save(update_fields=["is_current"])
    new = _new_update(
        acting_user,
        action,
        old.round,
        text=text,
        status=status,
        rag=rag,
        corrects=old,
        correction_reason=reason,
    )
    audit_record_changed(
        acting_user=acting_user,
        action="action_update.correct",
        obj=new,
        before=snapshot(old, UPDATE_FIELDS),
        note=reason.strip(),
    )
    return new


@transaction.atomic
def round_entry_save(
    *,
    acting_user: User | None,
    round: UpdateRound,
    entries: list[dict[str, Any]],
) -> list[ActionUpdate]:
    """Save an officer's updates for a round in one go: every one, or (on any error) none.

    Entries with blank text are skipped. Errors are collected so the officer sees them all.
    """
    saved: list[ActionUpdate] = []
    errors: list[str] = []
    for entry in entries:
        if not (entry.get("text") or "").strip():
            continue
        action = entry["action"]
        try:
            with transaction.atomic():
                saved.append(
                    action_update_add(
                        acting_user=acting_user,
                        action=action,
                        round=round,
                        text=entry["text"],
                        status=entry.get("status") or "",
                        rag=entry.get("rag") or "",
                    )
                )
        except ValidationError as exc:
            errors += [ENTRY_ERROR.format(action=action, message=m) for m in exc.messages]
    if errors:
        raise ValidationError(errors)
    return saved
