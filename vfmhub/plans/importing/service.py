"""The import services: read a file, compare it with a plan, write it all or not at all."""

from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_record_created
from vfmhub.core.bulk import collection_paused
from vfmhub.core.importing import file_location
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib.tabular import EMPTY_FILE, TabularError, read_table
from vfmhub.organisations.models import Organisation
from vfmhub.plans.importing.apply import changes_apply
from vfmhub.plans.importing.columns import columns_read
from vfmhub.plans.importing.parse import draft_read
from vfmhub.plans.importing.types import ImportResult, Location, PlanDraft
from vfmhub.plans.importing.validate import changes_for, changes_preview
from vfmhub.plans.models import Plan


def draft_read_file(
    content: bytes,
    filename: str,
    *,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
) -> PlanDraft:
    """Read a file into a draft; problems with the file itself become errors on the draft."""
    draft = PlanDraft()
    try:
        rows = read_table(content, filename, sheet=sheet)
    except TabularError as exc:
        draft.error(file_location(exc), exc.detail)
        return draft
    if all(row.is_blank for row in rows):
        draft.error(Location(row=0), EMPTY_FILE)
        return draft
    columns = columns_read(rows, draft, mapping)
    if columns is not None:
        draft_read(rows, columns, draft)
    return draft


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
    counts = changes.counts()
    result.preview = changes_preview(changes)
    if not result.errors and not dry_run:
        counts = changes_apply(
            acting_user=acting_user, plan=plan, changes=changes, filename=filename
        )
        result.saved = True
    for name, count in counts.items():
        setattr(result, name, count)
    return result


def plan_import(
    *,
    acting_user: User | None,
    plan: Plan,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Import a plan file (XLSX, CSV or DOCX) into `plan`: all or nothing, idempotent.

    `mapping` names the heading of a column a file words unusually ({"officer": "Lead"}; keys
    issue, action, officer, target, status, rag, assessment). On a dry run, or when there is any
    error, nothing is saved and the result says what would have been created.
    """
    with collection_paused():
        draft = draft_read_file(content, filename, mapping=mapping, sheet=sheet)
        if dry_run:  # reads only: no transaction, so no write lock held while comparing
            plan = Plan.objects.select_related("version").get(pk=plan.pk)
            return _import_into(
                acting_user=acting_user, plan=plan, draft=draft, filename=filename, dry_run=True
            )
        with transaction.atomic():
            plan = (
                Plan.objects.select_for_update(of=("self",))
                .select_related("version")
                .get(pk=plan.pk)
            )
            return _import_into(
                acting_user=acting_user, plan=plan, draft=draft, filename=filename, dry_run=False
            )


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
) -> ImportResult:
    """Create a plan and import the file into it, in one transaction: if the file has errors,
    or on a dry run, the plan is not kept either (the result's plan_id is then None).

    A dry run writes nothing: it checks the plan as it would be created and compares the file
    with an empty plan, so it holds no write lock (which on SQLite would stop every other write).
    """
    with collection_paused():
        draft = draft_read_file(content, filename, mapping=mapping, sheet=sheet)
        plan = _plan_unsaved(
            acting_user=acting_user,
            organisation=organisation,
            title=title,
            version=version,
            year=year,
        )
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
        return result
