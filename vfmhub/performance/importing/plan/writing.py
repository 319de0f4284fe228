"""Importing a council plan file: read it all, check it all, then write it all or nothing.

The file goes into the organisation's plan of the same title and years (created when there is
none). When that plan already holds exactly what the file says, nothing is written: importing
the same file twice changes nothing. Otherwise the plan's priorities, deliverables, measures and
actions are replaced by the file's, in the file's order; what the file cannot say (an action's
status, lead officer and links, a measure's indicator) is kept for an action or measure of the
same text under the same priority and deliverable. Every row created or removed is audited,
with the file's name as the note.
"""

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_records_bulk, changes_created, snapshot
from vfmhub.core.importing import ImportIssue, Location, file_location
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices
from vfmhub.lib.tabular import EMPTY_FILE, TabularError, read_sheets
from vfmhub.organisations.models import Organisation
from vfmhub.performance.exporting.plan import completion_as_written, resource_as_written
from vfmhub.performance.importing.plan.reading import columns_read, draft_read
from vfmhub.performance.importing.plan.types import PlanDraft
from vfmhub.performance.models import (
    CouncilPlan,
    Deliverable,
    OutcomeMeasure,
    PlanAction,
    Priority,
)
from vfmhub.performance.services.plan import ACTION_FIELDS, MEASURE_FIELDS, YEARS_BACKWARDS

KEPT_ACTION_FIELDS = ("status", "lead_officer", "improvement_action_id", "project_id")


@dataclass
class PlanImportResult:
    errors: list[ImportIssue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    plan_id: int | None = None
    plan_created: bool = False
    changed: bool = False
    replaced: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    rows: int = 0
    joined_rows: int = 0
    repeated_headers: int = 0
    sheet: str = ""

    def summary(self) -> dict[str, Any]:
        return {
            "errors": [e.as_dict() for e in self.errors],
            "counts": self.counts,
            "plan": self.plan_id,
            "plan_created": self.plan_created,
            "changed": self.changed,
            "replaced": self.replaced,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "joined_rows": self.joined_rows,
            "repeated_headers": self.repeated_headers,
        }


def plan_draft_read(
    content: bytes, filename: str, *, sheet: str | None = None, choices: ColumnChoices = NO_CHOICES
) -> tuple[PlanDraft, str]:
    """The file read into a draft (with its errors), and the sheet read."""
    draft = PlanDraft()
    try:
        sheets = read_sheets(content, filename, sheet=sheet or None)
    except TabularError as exc:
        draft.error(file_location(exc), exc.detail)
        return draft, ""
    if all(row.is_blank for found in sheets for row in found.rows):
        draft.error(Location(row=0), EMPTY_FILE)
        return draft, ""
    chosen, header = columns_read(sheets, draft, choices)
    if header is not None:
        draft_read(chosen.rows, header, draft)
    return draft, chosen.name


def saved_tree(plan: CouncilPlan) -> tuple:
    """A saved plan as `PlanDraft.tree` gives a file's (dates and resources as the export writes
    them, so an entered plan's download imports back unchanged): four queries."""
    priorities = plan.priorities.prefetch_related("deliverables__measures", "deliverables__actions")
    return tuple(
        (
            p.title,
            tuple(
                (
                    d.title,
                    tuple((m.text, m.how_we_know) for m in d.measures.all()),
                    tuple(
                        (
                            a.title,
                            a.completion_date,
                            completion_as_written(a),
                            resource_as_written(a),
                            a.resource_amount,
                            a.resource_staff,
                            a.lead_member,
                        )
                        for a in d.actions.all()
                    ),
                )
                for d in p.deliverables.all()
            ),
        )
        for p in priorities
    )


def council_plan_import(
    *,
    acting_user: User | None,
    organisation: Organisation,
    content: bytes,
    filename: str,
    title: str,
    first_year: int,
    last_year: int,
    dry_run: bool = False,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> PlanImportResult:
    """Import a council plan table into the organisation's plan titled `title` for those years."""
    draft, sheet_read = plan_draft_read(content, filename, sheet=sheet, choices=choices)
    if last_year < first_year:
        draft.error(Location(row=0), YEARS_BACKWARDS)
    result = PlanImportResult(
        errors=sorted(draft.errors, key=lambda e: (e.location.row, e.location.column or 0)),
        counts=draft.counts(),
        dry_run=dry_run,
        rows=draft.rows,
        joined_rows=draft.joined_rows,
        repeated_headers=draft.repeated_headers,
        sheet=sheet_read,
    )
    if result.errors:
        return result
    with transaction.atomic():
        plan = (
            CouncilPlan.objects.select_for_update()
            .filter(
                organisation=organisation, title=title, first_year=first_year, last_year=last_year
            )
            .first()
        )
        result.plan_id = plan.pk if plan else None
        result.plan_created = plan is None
        result.changed = plan is None or saved_tree(plan) != draft.tree()
        if plan is not None:
            result.replaced = _replaced_counts(plan) if result.changed else {}
        if dry_run or not result.changed:
            return result
        if plan is None:
            plan = _plan_created(acting_user, organisation, title, first_year, last_year, filename)
            result.plan_id = plan.pk
        _plan_replaced(acting_user, plan, draft, filename)
    return result


def _replaced_counts(plan: CouncilPlan) -> dict[str, int]:
    under = {"deliverable__priority__plan": plan}
    return {
        "priorities": plan.priorities.count(),
        "deliverables": Deliverable.objects.filter(priority__plan=plan).count(),
        "measures": OutcomeMeasure.objects.filter(**under).count(),
        "actions": PlanAction.objects.filter(**under).count(),
    }


def _plan_created(
    acting_user: User | None,
    organisation: Organisation,
    title: str,
    first_year: int,
    last_year: int,
    filename: str,
) -> CouncilPlan:
    plan = CouncilPlan(
        organisation=organisation,
        title=title,
        first_year=first_year,
        last_year=last_year,
        source=filename[:200],
        created_by=acting(acting_user),
    )
    plan.full_clean()
    plan.save()
    _audit(acting_user, "add", plan, [(plan, ["title", "first_year", "last_year", "source"])])
    return plan


def _audit(
    acting_user: User | None, verb: str, plan: CouncilPlan, rows: list[tuple[Any, list[str]]]
) -> None:
    by_kind: dict[str, list] = {}
    for obj, names in rows:
        values = snapshot(obj, names)
        changes = (
            changes_created(values)
            if verb == "add"
            else {k: [v, None] for k, v in values.items() if v not in (None, "")}
        )
        by_kind.setdefault(obj._meta.model_name, []).append((obj, changes))
    for kind, pairs in by_kind.items():
        audit_records_bulk(
            acting_user=acting_user,
            action=f"performance.{kind}.{'import' if verb == 'add' else 'remove'}",
            rows=pairs,
            note=plan.source,
            organisation_id=plan.organisation_id,
        )


def _kept(plan: CouncilPlan) -> tuple[dict, dict]:
    """What the file cannot say, by the text it belongs to."""
    actions = PlanAction.objects.filter(deliverable__priority__plan=plan).select_related(
        "deliverable__priority"
    )
    measures = OutcomeMeasure.objects.filter(deliverable__priority__plan=plan).select_related(
        "deliverable__priority"
    )
    kept_actions = {
        (a.deliverable.priority.title, a.deliverable.title, a.title): {
            name: getattr(a, name) for name in KEPT_ACTION_FIELDS
        }
        for a in actions
    }
    kept_measures = {
        (m.deliverable.priority.title, m.deliverable.title, m.text, m.how_we_know): m.indicator_id
        for m in measures
    }
    return kept_actions, kept_measures


def _plan_replaced(
    acting_user: User | None, plan: CouncilPlan, draft: PlanDraft, filename: str
) -> None:
    plan.source = filename[:200]
    kept_actions, kept_measures = _kept(plan)
    old = list(plan.priorities.all())
    if old:
        removed = [(p, ["title"]) for p in old]
        _audit(acting_user, "remove", plan, removed)
        plan.priorities.all().delete()
    priorities = Priority.objects.bulk_create(
        [Priority(plan=plan, title=p.title, position=i) for i, p in enumerate(draft.priorities, 1)]
    )
    deliverables = Deliverable.objects.bulk_create(
        [
            Deliverable(priority=saved, title=d.title, position=i)
            for saved, p in zip(priorities, draft.priorities, strict=True)
            for i, d in enumerate(p.deliverables, 1)
        ]
    )
    drafts = [(p.title, d) for p in draft.priorities for d in p.deliverables]
    pairs = [(saved, t, d) for saved, (t, d) in zip(deliverables, drafts, strict=True)]
    measures, actions = _children(pairs, kept_actions, kept_measures)
    OutcomeMeasure.objects.bulk_create(measures)
    PlanAction.objects.bulk_create(actions)
    CouncilPlan.objects.filter(pk=plan.pk).update(source=plan.source)
    created: list[tuple[Any, list[str]]] = [(p, ["title", "position"]) for p in priorities]
    created += [(d, ["title", "position"]) for d, _, _ in pairs]
    created += [(m, MEASURE_FIELDS) for m in measures]
    created += [(a, ACTION_FIELDS) for a in actions]
    _audit(acting_user, "add", plan, created)


def _children(pairs: list, kept_actions: dict, kept_measures: dict) -> tuple[list, list]:
    measures, actions = [], []
    for saved, priority_title, d in pairs:
        for i, m in enumerate(d.measures, 1):
            indicator_id = kept_measures.get((priority_title, d.title, m.text, m.how_we_know))
            measures.append(
                OutcomeMeasure(
                    deliverable=saved,
                    position=i,
                    text=m.text,
                    how_we_know=m.how_we_know,
                    indicator_id=indicator_id,
                )
            )
        for i, a in enumerate(d.actions, 1):
            values = {f.name: getattr(a, f.name) for f in dataclasses.fields(a) if f.name != "row"}
            kept = kept_actions.get((priority_title, d.title, a.title), {})
            actions.append(PlanAction(deliverable=saved, position=i, **values, **kept))
    return measures, actions
