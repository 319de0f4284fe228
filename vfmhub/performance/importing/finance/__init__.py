"""Importing an organisation's finance position for a year from CSV, XLSX or XLS: a revenue
budget (service or cost centre, budget, forecast outturn by quarter, actual to date) and a
capital programme (scheme, reference, budget, spend to date, forecast), one sheet each or one of
them; a workbook holding both imports both.

All or nothing: the whole file is read and checked before anything is written, a dry run writes
nothing, and a file with any problem (by sheet, row and column) writes nothing. Idempotent: the
same file again writes nothing; a changed figure changes the record, with its old and new values
in the history. Lines and schemes the file does not hold are left alone. Money rules, totals
rows and section headings: see `read`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import audit_record
from vfmhub.core.importing import ImportIssue
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices
from vfmhub.organisations.models import Organisation
from vfmhub.performance.importing.finance.apply import (
    CAPITAL_KIND,
    REVENUE_KIND,
    Plan,
    plan_for,
    plan_write,
)
from vfmhub.performance.importing.finance.rows import finance_draft_read

__all__ = ["FINANCE_KIND", "FinanceImportResult", "finance_import"]

FINANCE_KIND = "performance-finance"  # the column choices remembered for this import


@dataclass
class FinanceImportResult:
    filename: str
    dry_run: bool
    errors: list[ImportIssue] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    totals_checked: int = 0
    headings: int = 0
    saved: bool = False

    def _sum(self, name: str) -> int:
        return sum(getattr(p.lines, name) + getattr(p.forecasts, name) for p in self.plans)

    @property
    def created(self) -> int:
        return self._sum("created")

    @property
    def updated(self) -> int:
        return self._sum("updated")

    @property
    def unchanged(self) -> int:
        return self._sum("unchanged")

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    @property
    def preview(self) -> list[dict[str, Any]]:
        return [row for plan in self.plans for row in plan.preview]

    @property
    def sheet(self) -> str:
        return "; ".join(self.sheets)

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for plan in self.plans:
            label = plan.kind.label
            out[f"{label}_lines"] = vars(plan.lines).copy()
            out[f"{label}_figures"] = vars(plan.forecasts).copy()
        return out

    def summary(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "counts": self.counts(),
            "dry_run": self.dry_run,
            "saved": self.saved,
            "sheets": self.sheets,
            "not_read": self.skipped,
            "totals_checked": self.totals_checked,
            "section_headings": self.headings,
            "errors": [e.as_dict() for e in self.errors],
        }


def _sorted(errors: list[ImportIssue]) -> list[ImportIssue]:
    return sorted(errors, key=lambda e: (e.location.sheet, e.location.row, e.location.column or 0))


def _compare(organisation: Organisation, year: int, draft, result: FinanceImportResult) -> None:
    result.plans = [
        plan_for(kind, organisation, year, list(lines.values()))
        for kind, lines in ((REVENUE_KIND, draft.lines), (CAPITAL_KIND, draft.schemes))
        if lines
    ]


def finance_import(
    *,
    acting_user: User | None,
    organisation: Organisation,
    year: int,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
    quarter: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> FinanceImportResult:
    """Import a finance file for `organisation` and `year` (see the module). `quarter` is the
    quarter of figures in a table that does not say; `progress` hears each step."""
    say = progress or (lambda _: None)
    result = FinanceImportResult(filename=filename, dry_run=dry_run)
    say("Reading the file")
    draft = finance_draft_read(content, filename, sheet=sheet, choices=choices, quarter=quarter)
    result.errors, result.sheets, result.skipped = (
        _sorted(draft.errors),
        draft.sheets,
        draft.skipped,
    )
    result.totals_checked, result.headings = draft.totals_checked, draft.headings
    if result.errors:
        return result
    say("Comparing with what is recorded")
    if dry_run:  # reads only: no transaction, so no lock held
        _compare(organisation, year, draft, result)
        return result
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        _compare(organisation, year, draft, result)
        if not result.changed:
            return result
        for plan in result.plans:
            say(f"Saving the {plan.kind.label} figures")
            plan_write(
                plan,
                acting_user=acting_user,
                organisation=organisation,
                year=year,
                filename=filename,
            )
        audit_record(
            acting_user=acting_user,
            action="performance.finance.import",
            obj=organisation,
            changes={"created": [None, result.created], "updated": [None, result.updated]},
            note=filename[:500],
        )
        result.saved = True
    return result
