"""Comparing a finance file's draft with what the organisation already has for the year, and
writing the difference: new lines and schemes, changed budgets, new and changed quarterly
figures. A line is matched by its service and cost centre (a scheme by its name and reference),
ignoring case; a line the file does not hold is left as it is. Each write is recorded in the
history with the old and new values, the file's name as the note."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models

from vfmhub.audit.services import AuditRow, acting, audit_rows_bulk
from vfmhub.lib import clock
from vfmhub.performance.importing.finance.read import DraftForecast, DraftLine
from vfmhub.performance.models import (
    CapitalForecast,
    CapitalScheme,
    RevenueForecast,
    RevenueLine,
)


@dataclass(frozen=True)
class Kind:
    """How one kind of table is stored: revenue lines or capital schemes, and their figures."""

    label: str
    line_model: type[models.Model]
    forecast_model: type[models.Model]
    name: str  # the line's name field
    code: str  # its code field
    parent: str  # the forecast's link to its line
    forecast: str  # the forecast's figure
    to_date: str  # actual or spend to date

    def forecast_values(self, draft: DraftForecast) -> dict[str, Any]:
        to_date = draft.actual
        if to_date is None and self.to_date == "spend_to_date":
            to_date = Decimal(0)
        return {self.forecast: draft.forecast, self.to_date: to_date, "note": draft.note}


REVENUE_KIND = Kind(
    "revenue",
    RevenueLine,
    RevenueForecast,
    "service",
    "cost_centre",
    "line",
    "forecast_outturn",
    "actual_to_date",
)
CAPITAL_KIND = Kind(
    "capital",
    CapitalScheme,
    CapitalForecast,
    "name",
    "reference",
    "scheme",
    "forecast",
    "spend_to_date",
)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Plan:
    """What one kind of table in the file would change."""

    kind: Kind
    new_lines: list[DraftLine] = field(default_factory=list)
    changed_lines: list[tuple[Any, DraftLine]] = field(default_factory=list)
    # (the line, or None for a new one; its draft; the quarter; the figures)
    new_forecasts: list[tuple[Any, DraftLine, int, DraftForecast]] = field(default_factory=list)
    changed_forecasts: list[tuple[Any, DraftForecast]] = field(default_factory=list)
    lines: Counts = field(default_factory=Counts)
    forecasts: Counts = field(default_factory=Counts)
    preview: list[dict[str, Any]] = field(default_factory=list)


def _existing(kind: Kind, organisation, year: int) -> tuple[dict, dict]:
    """The year's lines by (name, code) folded, and their figures by (line id, quarter)."""
    lines = kind.line_model._default_manager.filter(organisation=organisation, year=year)
    by_key = {
        (getattr(x, kind.name).casefold(), getattr(x, kind.code).casefold()): x for x in lines
    }
    parent_filter = {f"{kind.parent}__organisation": organisation, f"{kind.parent}__year": year}
    forecasts: Any = kind.forecast_model._default_manager.filter(**parent_filter)
    by_quarter = {(getattr(f, f"{kind.parent}_id"), f.quarter): f for f in forecasts}
    return by_key, by_quarter


def _differs(row: Any, kind: Kind, draft: DraftForecast) -> bool:
    values = kind.forecast_values(draft)
    if not draft.note:
        values.pop("note")  # a file without a note keeps the note entered
    return any(getattr(row, name) != value for name, value in values.items())


def _preview(plan: Plan, line: DraftLine, what: str, detail: str = "") -> None:
    plan.preview.append(
        {
            "row": line.location.row,
            "sheet": line.location.sheet,
            "table": plan.kind.label,
            "name": line.name,
            "code": line.code,
            "what": what,
            "detail": detail,
        }
    )


def _compare_forecasts(plan: Plan, line: Any, draft: DraftLine, existing: dict) -> None:
    for quarter, figures in sorted(draft.quarters.items()):
        row = existing.get((line.pk, quarter)) if line is not None else None
        label = f"Q{quarter} £{figures.forecast:,}"
        if row is None:
            plan.new_forecasts.append((line, draft, quarter, figures))
            plan.forecasts.created += 1
            _preview(plan, draft, "New figures", label)
        elif _differs(row, plan.kind, figures):
            plan.changed_forecasts.append((row, figures))
            plan.forecasts.updated += 1
            _preview(plan, draft, "Changed figures", label)
        else:
            plan.forecasts.unchanged += 1


def plan_for(kind: Kind, organisation, year: int, drafts: list[DraftLine]) -> Plan:
    """What the file's lines (or schemes) would change for the organisation and year."""
    by_key, by_quarter = _existing(kind, organisation, year)
    plan = Plan(kind)
    for draft in drafts:
        line = by_key.get(draft.key)
        if line is None:
            plan.new_lines.append(draft)
            plan.lines.created += 1
            _preview(plan, draft, "New", f"Budget £{draft.budget:,}")
        elif line.budget != draft.budget:
            plan.changed_lines.append((line, draft))
            plan.lines.updated += 1
            _preview(plan, draft, "Budget changed", f"£{line.budget:,} to £{draft.budget:,}")
        else:
            plan.lines.unchanged += 1
        _compare_forecasts(plan, line, draft, by_quarter)
    return plan


def _write_lines(plan: Plan, organisation, year: int, source: str) -> dict[int, Any]:
    """Add the new lines and change the changed budgets; the new lines by id of their draft."""
    kind, now = plan.kind, clock.now()
    made = [
        kind.line_model(
            organisation=organisation,
            year=year,
            budget=draft.budget,
            source=source,
            **{kind.name: draft.name, kind.code: draft.code},
        )
        for draft in plan.new_lines
    ]
    kind.line_model._default_manager.bulk_create(made)
    for line, draft in plan.changed_lines:
        line.budget, line.updated_at, line.source = draft.budget, now, source
    fields = ["budget", "updated_at", "source"]
    kind.line_model._default_manager.bulk_update([x for x, _ in plan.changed_lines], fields)
    return {id(draft): line for draft, line in zip(plan.new_lines, made, strict=True)}


def _write_forecasts(plan: Plan, made: dict[int, Any], acting_user) -> tuple[list, list]:
    """Add the new figures and change the changed ones; the changed with their old values."""
    kind, now, user = plan.kind, clock.now(), acting(acting_user)
    rows = [
        kind.forecast_model(
            quarter=quarter,
            entered_by=user,
            **{kind.parent: line if line is not None else made[id(draft)]},
            **kind.forecast_values(figures),
        )
        for line, draft, quarter, figures in plan.new_forecasts
    ]
    kind.forecast_model._default_manager.bulk_create(rows)
    changed = []
    for row, figures in plan.changed_forecasts:
        values = kind.forecast_values(figures)
        if not figures.note:
            values.pop("note")
        before = {name: getattr(row, name) for name in values}
        for name, value in values.items():
            setattr(row, name, value)
        row.entered_by, row.updated_at = user, now
        changed.append((row, before, values))
    fields = [kind.forecast, kind.to_date, "note", "entered_by", "updated_at"]
    kind.forecast_model._default_manager.bulk_update([r for r, _, _ in changed], fields)
    return rows, changed


def _values(obj: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    return {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}


def plan_write(plan: Plan, *, acting_user, organisation, year: int, filename: str) -> None:
    """Write the plan and record each row written in the history."""
    kind, note = plan.kind, filename[:500]
    old_budgets = {line.pk: line.budget for line, _ in plan.changed_lines}
    made = _write_lines(plan, organisation, year, filename[:200])
    rows, changed = _write_forecasts(plan, made, acting_user)
    line_fields = ["year", kind.name, kind.code, "budget"]
    figure_fields = ["quarter", kind.forecast, kind.to_date, "note"]
    events = {
        "add": (
            kind.line_model,
            [
                AuditRow(x.pk, str(x), {k: [None, v] for k, v in _values(x, line_fields).items()})
                for x in made.values()
            ],
        ),
        "update": (
            kind.line_model,
            [
                AuditRow(x.pk, str(x), {"budget": [old_budgets[x.pk], x.budget]})
                for x, _ in plan.changed_lines
            ],
        ),
        "figures_add": (
            kind.forecast_model,
            [
                AuditRow(
                    r.pk,
                    f"{kind.label} Q{r.quarter}",
                    {
                        k: [None, v]
                        for k, v in _values(r, figure_fields).items()
                        if v not in (None, "")
                    },
                )
                for r in rows
            ],
        ),
        "figures_update": (
            kind.forecast_model,
            [
                AuditRow(r.pk, f"{kind.label} Q{r.quarter}", _changes(before, after))
                for r, before, after in changed
            ],
        ),
    }
    for action, (model, audit_rows) in events.items():
        audit_rows_bulk(
            acting_user=acting_user,
            action=f"performance.{kind.label}.import_{action}",
            model=model,
            rows=audit_rows,
            note=note,
            organisation_id=organisation.pk,
        )
