"""Writing a risk register import in bulk: new risks with their first ratings, re-ratings kept in
the rating history, changes and closures, each row recorded in the risk's history as the risk
services record it (`risk.create`, `risk.rerate`, `risk.update`, `risk.close`), the file named in
the note. `risks_import` reads, compares and (unless a dry run) writes."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from vfmhub.audit.services import audit_record
from vfmhub.core.bulk import collection_paused, rows_insert
from vfmhub.core.importing import ImportIssue, Location
from vfmhub.lib import clock
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices
from vfmhub.programme.importing.registers.bulk import (
    RowsHistory,
    batches,
    changed_values,
    refuse_changed_meanwhile,
    update_changed,
)
from vfmhub.programme.importing.registers.common import (
    IMPORT_NOTE,
    ImportResult,
    ReadOptions,
)
from vfmhub.programme.importing.registers.risks import (
    CURRENT,
    FIRST_RATING,
    MATRIX_CHANGED,
    OTHER_RATINGS,
    PARTS,
    RATING_KINDS,
    STATUS,
    TEXT_FIELDS,
    RiskStep,
    risks_compare,
    risks_read,
)
from vfmhub.programme.importing.registers.tables import (
    Table,
)
from vfmhub.programme.models import (
    RatingKind,
    Risk,
    RiskMatrix,
    RiskRating,
    RiskRegister,
    RiskStatus,
)
from vfmhub.programme.services import risks as services

NEW_FIELDS = [
    "title",
    *TEXT_FIELDS,
    *(f"{kind}_{part}" for kind in RATING_KINDS for part in PARTS),
    "current_score",
    "review_date",
    "status",
    "closed_on",
]
RATING_FIELDS = ["risk_id", "kind", "likelihood", "impact", "rated_by_id", "rated_at", "note"]


@dataclass
class RiskHistory(RowsHistory):
    """The rows' history, and the rating history their ratings add (kept as of `now`)."""

    now: datetime.datetime = field(default_factory=clock.now)
    ratings: list[tuple] = field(default_factory=list)

    def rate(self, risk_id: int, kind: str, pair: tuple, note: str) -> None:
        """A row of the rating history: `pair` is (likelihood, impact)."""
        self.ratings.append((risk_id, kind, *pair, self.actor_id, self.now, note))

    def flush(self) -> None:
        rows_insert(RiskRating, RATING_FIELDS, self.ratings)
        self.ratings = []
        super().flush()


def _new_values(step: RiskStep, today) -> dict[str, Any]:
    """A new risk's fields as `risk_create` (and `risk_close`, if closed) would set them."""
    values: dict[str, Any] = dict.fromkeys(TEXT_FIELDS, "") | dict.fromkeys(OTHER_RATINGS)
    values |= {"title": step.draft.title, "review_date": None, **step.draft.values}
    values["current_score"] = values["current_likelihood"] * values["current_impact"]
    closed = step.status == RiskStatus.CLOSED
    values["status"] = RiskStatus.CLOSED if closed else RiskStatus.OPEN
    values["closed_on"] = today if closed else None
    return values


def _created(values: dict[str, Any]) -> dict[str, list]:
    """A new risk's history, as `risk_create` records it: each field with a value."""
    return {k: [None, values[k]] for k in services.RISK_FIELDS if values.get(k) not in (None, "")}


def _risks_create(steps: list[RiskStep], register: RiskRegister, history: RiskHistory) -> None:
    """Insert the new risks a batch at a time, each with its first ratings and its history."""
    today = clock.today()
    fields = ["register_id", *NEW_FIELDS]
    for batch in batches(step for step in steps if step.old is None):
        created = [_new_values(step, today) for step in batch]
        rows = ([register.pk, *(values[name] for name in NEW_FIELDS)] for values in created)
        keys = rows_insert(Risk, fields, rows, returning=True)
        for pk, values in zip(keys, created, strict=True):
            for kind in RATING_KINDS:
                pair = (values[f"{kind}_likelihood"], values[f"{kind}_impact"])
                if pair[0] is not None:
                    history.rate(pk, kind, pair, FIRST_RATING)
            history.record("risk.create", pk, values["title"], _created(values))
        history.flush()


def _changed_risk(step: RiskStep, today, history: RiskHistory) -> tuple[Risk, set[str]]:
    """The risk with its fields set as a re-rating, an update and a closure set them, each
    recorded as that service records it, and a rating that changes added to the rating history;
    and the fields that change."""
    assert step.old is not None
    risk, note = Risk(**step.old._asdict()), history.note
    fields = set(step.fields)
    if step.rerate:
        before = {name: getattr(risk, name) for name in CURRENT}
        risk.current_likelihood, risk.current_impact = step.rerate
        risk.current_score = risk.current_likelihood * risk.current_impact
        fields |= {*CURRENT, "current_score"}
        history.rate(risk.pk, RatingKind.CURRENT, step.rerate, note)
        history.record("risk.rerate", risk.pk, risk.title, changed_values(before, risk))
    before = {name: getattr(risk, name) for name in [*step.fields, *OTHER_RATINGS, *STATUS]}
    for name, value in step.fields.items():
        setattr(risk, name, value)
    for kind in (RatingKind.INHERENT, RatingKind.TARGET):
        pair = [f"{kind}_{part}" for part in PARTS]
        new = tuple(getattr(risk, name) for name in pair)
        if new[0] is not None and new != tuple(before[name] for name in pair):
            history.rate(risk.pk, kind, new, note)
    if step.status == RiskStatus.OPEN:
        risk.status, risk.closed_on = RiskStatus.OPEN, None
    history.record("risk.update", risk.pk, risk.title, changed_values(before, risk))
    if step.status == RiskStatus.CLOSED:
        risk.status, risk.closed_on = RiskStatus.CLOSED, today
        closing = changed_values({name: before[name] for name in STATUS}, risk)
        history.record("risk.close", risk.pk, risk.title, closing)
    return risk, fields | (set(STATUS) if step.status else set())


def _risks_change(steps: list[RiskStep], history: RiskHistory) -> None:
    """Write the changed risks a batch at a time, only the fields that change in each."""
    today = clock.today()
    for batch in batches(step for step in steps if step.old is not None):
        changed = [_changed_risk(step, today, history) for step in batch]
        for risk, _ in changed:
            risk.updated_at = history.now
        update_changed(Risk, changed)
        history.flush()


def risks_apply(
    register: RiskRegister, table: Table, steps: list[RiskStep], result: ImportResult, acting_user
) -> None:
    """Write the steps in bulk, as the risk services write them one at a time (the rating
    history kept, each row's history recorded with its old and new values). A risk changed by
    someone else since it was read is a problem on its row: the caller then rolls back."""
    read = [(step.old, step.draft.row) for step in steps if step.old is not None]
    refuse_changed_meanwhile(Risk, read, (table, "title"), "risk", result)
    if result.errors or not steps:
        return
    owners = {
        "organisation_id": register.organisation_id,
        "partnership_id": register.owner_partnership_id,
    }
    note = IMPORT_NOTE.format(filename=result.filename)
    history = RiskHistory(Risk, acting_user, note, owners)
    _risks_create(steps, register, history)
    _risks_change(steps, history)
    if any(step.old is None for step in steps):
        RiskMatrix.objects.filter(pk=register.matrix_id, is_locked=False).update(is_locked=True)
    audit_record(
        acting_user=acting_user,
        action="risk_register.import",
        obj=register,
        changes={
            name: [None, n]
            for name, n in {
                "created": result.created,
                "updated": result.updated,
                **result.counts,
            }.items()
        },
        note=result.filename[:500],
        partnership_id=register.owner_partnership_id,
    )


def risks_import(
    *,
    acting_user,
    register: RiskRegister,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> ImportResult:
    """Import a risk register file: on a dry run, or with any problem, nothing is saved and the
    result says what would have changed. `sheet` names the workbook's sheet to read (else the
    one that fits best); `choices` the columns the user left out or read as known ones.

    The file is read and checked before any transaction starts; a dry run only reads, so it never
    holds the write lock. The import compares and writes under a lock on the register."""
    result = ImportResult(filename=filename, dry_run=dry_run)
    result.counts = {"rerated": 0, "closed": 0, "reopened": 0}
    with collection_paused():
        register = RiskRegister.objects.select_related("matrix", "project").get(pk=register.pk)
        options = ReadOptions(sheet, choices)
        table, drafts = risks_read(content, filename, register.matrix, result, options)
        if table is None or dry_run or result.errors:
            if table is not None:
                risks_compare(register, table, drafts, result)
        else:
            _write(register, table, drafts, result, acting_user)
    result.sort_errors()
    return result


def _write(register: RiskRegister, table: Table, drafts, result: ImportResult, acting_user):
    with transaction.atomic():
        locked = (
            RiskRegister.objects.select_for_update(of=("self",))
            .select_related("matrix", "project")
            .get(pk=register.pk)
        )
        if locked.matrix_id != register.matrix_id:
            result.errors.append(ImportIssue(Location(row=0), MATRIX_CHANGED))
        else:
            steps = risks_compare(locked, table, drafts, result)
            if not result.errors:
                risks_apply(locked, table, steps, result, acting_user)
        if result.errors:
            transaction.set_rollback(True)
        else:
            result.saved = result.changed
