"""The import services: read a file, compare it with a plan, write it all or not at all."""

import dataclasses
import hashlib

from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_record_created
from vfmhub.core.bulk import collection_paused
from vfmhub.core.importing import file_location
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices
from vfmhub.lib.tabular import EMPTY_FILE, SourceRow, TabularError, read_sheets
from vfmhub.organisations.models import Organisation
from vfmhub.plans.importing.apply import changes_apply
from vfmhub.plans.importing.columns import columns_read
from vfmhub.plans.importing.parse import draft_read
from vfmhub.plans.importing.types import (
    MATCHED_BY_FILE,
    MATCHED_BY_TITLE,
    ImportResult,
    Location,
    PlanDraft,
)
from vfmhub.plans.importing.validate import changes_for, changes_preview
from vfmhub.plans.models import Plan


def draft_read_file(
    content: bytes,
    filename: str,
    *,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> PlanDraft:
    """Read a file into a draft: the sheet that fits best (or the one named), every column
    accounted for; problems with the file itself become errors on the draft."""
    draft = PlanDraft()
    try:
        sheets = read_sheets(content, filename, sheet=sheet or None)
    except TabularError as exc:
        where = file_location(exc)
        if where.row and where.table is None and exc.sheet:
            where = dataclasses.replace(where, sheet=exc.sheet)
        draft.error(where, exc.detail)
        return draft
    if all(row.is_blank for found in sheets for row in found.rows):
        draft.error(Location(row=0), EMPTY_FILE)
        return draft
    chosen, columns = columns_read(sheets, draft, mapping, choices)
    draft.fingerprint = table_fingerprint(chosen.rows)
    if columns is not None:
        draft_read(chosen.rows, columns, draft)
    return draft


def table_fingerprint(rows: list[SourceRow]) -> str:
    """The SHA-256 of a table's text, row by row: the same table saved again (or as another kind
    of file) has the same fingerprint."""
    digest = hashlib.sha256()
    for row in rows:
        if not row.is_blank:
            digest.update("\x1f".join(row.cells).encode("utf-8", "surrogatepass") + b"\x1e")
    return digest.hexdigest()


def _sorted_errors(draft: PlanDraft) -> list:
    return sorted(
        draft.errors,
        key=lambda e: (e.location.table or 0, e.location.row, e.location.column or 0),
    )


def _import_into(
    *, acting_user: User | None, plan: Plan, draft: PlanDraft, filename: str, dry_run: bool
) -> ImportResult:
    """Compare and (no errors, not a dry run) write; the caller holds the transaction."""
    changes = changes_for(plan, draft)
    result = ImportResult(filename=filename, dry_run=dry_run, plan_id=plan.pk, draft=draft)
    result.errors = _sorted_errors(draft)
    result.sheet = draft.sheet
    counts = changes.counts()
    result.preview = changes_preview(changes)
    if not result.errors and not dry_run:
        counts = changes_apply(
            acting_user=acting_user,
            plan=plan,
            changes=changes,
            filename=filename,
            fingerprint=draft.fingerprint,
        )
        result.saved = True
    for name, count in counts.items():
        setattr(result, name, count)
    return result


def _import_existing(
    *, acting_user: User | None, plan: Plan, draft: PlanDraft, filename: str, dry_run: bool
) -> ImportResult:
    if dry_run:  # reads only: no transaction, so no write lock held while comparing
        plan = Plan.objects.select_related("version").get(pk=plan.pk)
        return _import_into(
            acting_user=acting_user, plan=plan, draft=draft, filename=filename, dry_run=True
        )
    with transaction.atomic():
        locked = Plan.objects.select_for_update(of=("self",)).select_related("version")
        plan = locked.get(pk=plan.pk)
        return _import_into(
            acting_user=acting_user, plan=plan, draft=draft, filename=filename, dry_run=False
        )


def plan_import(
    *,
    acting_user: User | None,
    plan: Plan,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> ImportResult:
    """Import a plan file (XLSX, XLS, CSV or DOCX) into `plan`: all or nothing, idempotent.

    The sheet whose header fits best is read, or `sheet`. `mapping` names the heading of a column
    a file words unusually ({"officer": "Lead"}; keys issue, action, officer, target, status,
    rag, assessment); `choices` leaves out columns the import does not recognise, or reads them
    as known ones. On a dry run, or when there is any error, nothing is saved and the result says
    what would have been created.
    """
    with collection_paused():
        draft = draft_read_file(content, filename, mapping=mapping, sheet=sheet, choices=choices)
        return _import_existing(
            acting_user=acting_user, plan=plan, draft=draft, filename=filename, dry_run=dry_run
        )


def plan_for_file(
    *,
    organisation: Organisation,
    fingerprint: str,
    title: str,
    version: FrameworkVersion | None,
) -> tuple[Plan | None, str]:
    """The body's plan a file was imported into before (the same table), else its plan of the
    same title and framework version (the latest such), and how it was found."""
    plans = Plan.objects.filter(organisation=organisation).order_by("-created_at", "-pk")
    if fingerprint:
        found = plans.filter(source_files__fingerprint=fingerprint).first()
        if found is not None:
            return found, MATCHED_BY_FILE
    found = plans.filter(title__iexact=title.strip(), version=version).first()
    return (found, MATCHED_BY_TITLE) if found is not None else (None, "")


def _plan_unsaved(
    *,
    acting_user: User | None,
    organisation: Organisation,
    title: str,
    version: FrameworkVersion | None,
    year: int | None,
) -> Plan:
    """The plan to import into, checked as the plans service checks a new plan, not saved."""
    user = acting(acting_user)
    plan = Plan(
        organisation=organisation,
        title=title.strip() if user else title.strip()[:300],
        version=version,
        year=year,
        created_by=user,
    )
    plan.full_clean(exclude=None if user else ["created_by"])
    return plan


def _plan_saved(acting_user: User | None, plan: Plan) -> Plan:
    """The plans service's create, except from the command line, where there is no user."""
    if acting(acting_user):
        from vfmhub.plans.services.plans import plan_create

        return plan_create(
            acting_user=acting_user,
            organisation=plan.organisation,
            title=plan.title,
            version=plan.version,
            year=plan.year,
        )
    plan.save()
    audit_record_created(
        acting_user=None, action="plan.create", obj=plan, fields=["title", "version", "year"]
    )
    return plan


def plan_import_new(
    *,
    acting_user: User | None,
    organisation: Organisation,
    title: str,
    content: bytes,
    filename: str,
    version: FrameworkVersion | None = None,
    year: int | None = None,
    dry_run: bool = False,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
    new_plan: bool = False,
) -> ImportResult:
    """Import the file into the body's plan it was imported into before, or its plan of the same
    title and framework version (the result's `matched` says which); else (or with `new_plan`)
    create a plan and import into it, in one transaction: if the file has errors, or on a dry
    run, the new plan is not kept either (the result's plan_id is then None).

    A dry run writes nothing: it checks the plan as it would be created and compares the file
    with an empty plan, so it holds no write lock (which on SQLite would stop every other write).
    """
    with collection_paused():
        draft = draft_read_file(content, filename, mapping=mapping, sheet=sheet, choices=choices)
        if not new_plan:
            found, matched = plan_for_file(
                organisation=organisation,
                fingerprint=draft.fingerprint,
                title=title,
                version=version,
            )
            if found is not None:
                result = _import_existing(
                    acting_user=acting_user,
                    plan=found,
                    draft=draft,
                    filename=filename,
                    dry_run=dry_run,
                )
                result.matched = matched
                return result
        return _import_new(
            acting_user=acting_user,
            plan=_plan_unsaved(
                acting_user=acting_user,
                organisation=organisation,
                title=title,
                version=version,
                year=year,
            ),
            draft=draft,
            filename=filename,
            dry_run=dry_run,
        )


def _import_new(
    *, acting_user: User | None, plan: Plan, draft: PlanDraft, filename: str, dry_run: bool
) -> ImportResult:
    if dry_run:
        return _import_into(
            acting_user=acting_user, plan=plan, draft=draft, filename=filename, dry_run=True
        )
    with transaction.atomic():
        plan = _plan_saved(acting_user, plan)
        result = _import_into(
            acting_user=acting_user, plan=plan, draft=draft, filename=filename, dry_run=False
        )
        if not result.saved:
            transaction.set_rollback(True)
            result.plan_id = None
        result.plan_created = result.saved
    return result
