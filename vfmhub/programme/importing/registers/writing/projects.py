"""Writing a projects import in bulk: new projects with their partners and first stage, changes
with a new stage kept in the stage history, and the milestones sheet, each row recorded in the
history as the project services record it (`project.create`, `project.edit`), the file named in
the note. `projects_import` reads, compares and (unless a dry run) writes."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from vfmhub.audit.services import audit_record
from vfmhub.core.bulk import collection_paused, rows_insert
from vfmhub.lib import clock
from vfmhub.lib.headings import NO_CHOICES, ColumnChoices
from vfmhub.lib.tabular import Sheet, heading_key
from vfmhub.organisations.models import Partnership, PartnershipMember
from vfmhub.programme.importing.registers.bulk import (
    IN_CLAUSE,
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
    label_for,
)
from vfmhub.programme.importing.registers.milestones import (
    MILESTONES_SHEET,
    milestones_apply,
    milestones_compare,
    milestones_read,
    milestones_sheet,
)
from vfmhub.programme.importing.registers.projects import (
    COLUMNS,
    NOT_MEMBER,
    Existing,
    Members,
    ProjectDraft,
    ProjectsFile,
    ProjectStep,
    name_key,
    projects_compare,
    projects_read,
)
from vfmhub.programme.importing.registers.tables import (
    locate,
)
from vfmhub.programme.models import Project, ProjectKind, ProjectStage, ProjectStageChange
from vfmhub.programme.services import projects as services

NEW_FIELDS = [
    "name",
    "lead_organisation_id",
    "kind",
    "description",
    "stage",
    "expected_annual_savings",
]
NEW_DEFAULTS = {
    "kind": ProjectKind.SHARED_SERVICE,
    "description": "",
    "stage": ProjectStage.IDEA,
    "expected_annual_savings": Decimal(0),
}


@dataclass
class ProjectHistory(RowsHistory):
    """The rows' history, and what the rows written add besides themselves: their partners and
    their stage history."""

    links: list[tuple[int, int]] = field(default_factory=list)
    stages: list[tuple[int, str, str]] = field(default_factory=list)

    def flush(self) -> None:
        link = Project.partners.through
        rows_insert(link, ["project_id", "organisation_id"], self.links)
        moves = ((pk, was, to, self.actor_id) for pk, was, to in self.stages)
        rows_insert(
            ProjectStageChange, ["project_id", "from_stage", "to_stage", "changed_by_id"], moves
        )
        self.links, self.stages = [], []
        super().flush()


def _new_values(draft: ProjectDraft) -> dict[str, Any]:
    """A new project's fields as `project_create` sets them."""
    values: dict[str, Any] = {**NEW_DEFAULTS, **draft.values}
    values["lead_organisation_id"] = values.pop("lead_organisation").pk
    values["name"] = draft.name
    return values


def _projects_create(steps, history: ProjectHistory, saved: dict[str, int]) -> None:
    """Insert the new projects a batch at a time, with their partners, their first stage and
    their history; `saved` gets each one's id by (keyed) name, for the milestones."""
    fields = ["partnership_id", "created_by_id", *NEW_FIELDS]
    fixed = [history.owners["partnership_id"], history.actor_id]
    for batch in batches(step for step in steps if step.old is None):
        created = [_new_values(step.draft) for step in batch]
        rows = ([*fixed, *(values[name] for name in NEW_FIELDS)] for values in created)
        keys = rows_insert(Project, fields, rows, returning=True)
        for pk, values, step in zip(keys, created, batch, strict=True):
            saved[name_key(values["name"])] = pk
            partners = step.draft.partners or []
            history.links += [(pk, body.pk) for body in partners]
            history.stages.append((pk, "", values["stage"]))
            changes = {k: [None, values[k]] for k in services.PROJECT_FIELDS}
            changes = {k: v for k, v in changes.items() if v[1] is not None and v[1] != ""}
            if partners:
                changes["partners"] = [None, _ids(partners)]
            history.record("project.create", pk, values["name"], changes)
        history.flush()


def _ids(bodies) -> list[int]:
    return sorted(body.pk for body in bodies)


def _changed_project(step: ProjectStep, history: ProjectHistory) -> tuple[Project, set[str]]:
    """The project with its fields set as `project_edit` sets them, recorded as it records
    them, a new stage added to the stage history; and the fields that change."""
    project = Project(**step.old._asdict())
    before = {name: getattr(project, name) for name in services.PROJECT_FIELDS}
    for name, value in step.fields.items():
        setattr(project, name, value)
    changes = changed_values(before, project)
    if step.partners is not None:
        changes["partners"] = [_ids(step.old_partners), _ids(step.partners)]
        history.links += [(project.pk, body.pk) for body in step.partners]
    if "stage" in changes:
        history.stages.append((project.pk, before["stage"], project.stage))
    history.record("project.edit", project.pk, project.name, changes)
    return project, {name.removesuffix("_id") for name in changes if name != "partners"}


def _projects_change(steps, history: ProjectHistory) -> None:
    """Write the changed projects a batch at a time, only the fields that change in each."""
    now = clock.now()
    link = Project.partners.through
    for batch in batches(step for step in steps if step.old is not None):
        replaced = [step.old.pk for step in batch if step.partners is not None]
        for ids in batches(replaced, IN_CLAUSE):
            link.objects.filter(project_id__in=ids).delete()
        changed = [_changed_project(step, history) for step in batch]
        for project, _ in changed:
            project.updated_at = now
        update_changed(Project, changed)
        history.flush()


def projects_apply(partnership, read: ProjectsFile, steps, result: ImportResult, acting_user):
    """Write the projects in bulk, as the project services write them one at a time; the ids
    of the new ones by (keyed) name, for the milestones. A project changed by someone else
    since it was read is a problem on its row: the caller then rolls back."""
    old = [(step.old, step.draft.row) for step in steps if step.old is not None]
    refuse_changed_meanwhile(Project, old, (read.table, "name"), "project", result)
    saved: dict[str, int] = {}
    if result.errors:
        return saved
    note = IMPORT_NOTE.format(filename=result.filename)
    history = ProjectHistory(Project, acting_user, note, {"partnership_id": partnership.pk})
    _projects_create(steps, history, saved)
    _projects_change(steps, history)
    return saved


def _summary_event(partnership, result: ImportResult, acting_user) -> None:
    counts = {"created": result.created, "updated": result.updated, **result.counts}
    audit_record(
        acting_user=acting_user,
        action="project.import",
        obj=partnership,
        changes={name: [None, n] for name, n in counts.items()},
        note=result.filename[:500],
    )


def _project_sheets(sheets: list[Sheet]) -> list[Sheet]:
    """The sheets the projects may be on: any but one called Milestones, unless it is the only."""
    others = [s for s in sheets if heading_key(s.name) != heading_key(MILESTONES_SHEET)]
    return others or sheets


def _read(content: bytes, filename: str, partnership, result: ImportResult, options):
    """Both sheets read into drafts; None if the projects sheet cannot be. The projects sheet
    is the one named, or the one whose header fits best; the milestones sheet the one called
    Milestones, or another whose header has every column a milestone needs."""
    sheets = options.sheets(content, filename, result)
    if not sheets:
        return None
    found = locate(options.candidates(_project_sheets(sheets)), COLUMNS, options.choices)
    result.sheet = found[0].name
    label = label_for(found[0], sheets)
    read = projects_read(found, label, Members(partnership), result, options.choices)
    milestones = milestones_sheet(sheets, found[0], options.choices)
    if read is not None and milestones is not None:
        read.milestones = milestones_read(milestones, result, options.choices)
    return read


def _compare(partnership, read: ProjectsFile, result: ImportResult):
    existing = Existing(partnership, Members(partnership))
    steps = projects_compare(read.table, read.drafts, existing, result)
    plan = None
    if read.milestones is not None:
        plan = milestones_compare(read.milestones, existing, read.in_file, result)
    return steps, plan


def _import(partnership, read: ProjectsFile, result: ImportResult, acting_user) -> None:
    steps, plan = _compare(partnership, read, result)
    _check_still_members(partnership, read, result)
    if result.errors:
        return
    saved = projects_apply(partnership, read, steps, result, acting_user)
    if plan is not None and not result.errors:
        milestones_apply(plan, saved, result, acting_user, partnership)
    if result.changed and not result.errors:
        _summary_event(partnership, result, acting_user)


def _check_still_members(partnership, read: ProjectsFile, result: ImportResult) -> None:
    """The bodies named were members when the file was read; refuse a row naming one that no
    longer is (the project services refuse such a body)."""
    members = set(
        PartnershipMember.objects.filter(partnership=partnership).values_list(
            "organisation_id", flat=True
        )
    )
    for draft in read.drafts:
        lead = draft.values.get("lead_organisation")
        for column, bodies in (("lead", [lead] if lead else []), ("partners", draft.partners)):
            for body in bodies or []:
                if body.pk not in members:
                    message = NOT_MEMBER.format(value=body.name, partnership=partnership.name)
                    result.errors.append(read.table.problem(draft.row, column, message))


def projects_import(
    *,
    acting_user,
    partnership: Partnership,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    sheet: str | None = None,
    choices: ColumnChoices = NO_CHOICES,
) -> ImportResult:
    """Import a projects file (with a "Milestones" sheet if a workbook has one): on a dry run, or
    with any problem, nothing is saved and the result says what would have changed. `sheet`
    names the projects' sheet (else the one that fits best); `choices` the columns the user left
    out or read as known ones.

    The file is read and checked before any transaction starts; a dry run only reads, so it never
    holds the write lock. The import compares and writes under a lock on the partnership."""
    result = ImportResult(filename=filename, dry_run=dry_run)
    result.counts = {"milestones_created": 0, "milestones_updated": 0, "milestones_unchanged": 0}
    with collection_paused():
        read = _read(content, filename, partnership, result, ReadOptions(sheet, choices))
        if read is None or dry_run or result.errors:
            if read is not None:
                _compare(partnership, read, result)
        else:
            _write(partnership, read, result, acting_user)
    result.sort_errors()
    return result


def _write(partnership, read: ProjectsFile, result: ImportResult, acting_user) -> None:
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        _import(partnership, read, result, acting_user)
        if result.errors:
            transaction.set_rollback(True)
        else:
            result.saved = result.changed
