"""Importing a partnership's projects (and, from a workbook's "Milestones" sheet, their
milestones) from XLSX or CSV: all or nothing, and idempotent.

A project is matched by its name within the partnership (case and spacing aside), so importing the
same file again changes nothing. New projects go through `project_create`, changes through
`project_edit` (which keeps a changed stage in the stage history). Bodies are the partnership's
member bodies, named by name, short name or GSS code. A blank kind, stage or savings cell leaves
the project's as it is (a new project is a shared service at the idea stage saving £0); a blank
description or partners cell clears them. Projects not in the file are left alone.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.audit.services import audit_record
from vfmhub.lib.tabular import SourceRow, TabularError
from vfmhub.organisations.models import Organisation, Partnership
from vfmhub.programme import services_projects as services
from vfmhub.programme.importing_registers.common import (
    BAD_POUNDS,
    CREATE,
    NEGATIVE_POUNDS,
    NOTHING_TO_READ,
    TOO_LONG,
    UNCHANGED,
    UPDATE,
    Column,
    ImportResult,
    Problem,
    RowChange,
    Sheet,
    Table,
    choice_key,
    file_problem,
    find_table,
    one_line,
    read_pounds,
    read_sheets,
    same_text,
    service_problems,
    show_pounds,
)
from vfmhub.programme.importing_registers.milestones import (
    MILESTONES_SHEET,
    milestones_apply,
    milestones_read,
)
from vfmhub.programme.models import Project, ProjectKind, ProjectStage

COLUMNS = (
    Column(
        "name",
        "Project",
        ("Project name", "Projects", "Name"),
        required=True,
        hint="A project already in the partnership with this name is updated.",
    ),
    Column(
        "kind",
        "Kind",
        ("Type", "Project type", "Kind of project"),
        hint="Shared service or efficiency.",
    ),
    Column(
        "lead",
        "Lead body",
        ("Lead", "Lead organisation", "Lead authority", "Lead council"),
        required=True,
        hint="A member body's name or GSS code.",
    ),
    Column(
        "partners",
        "Partners",
        ("Partner bodies", "Partner organisations", "Partner authorities", "Partner councils"),
        hint="Member bodies, separated by ; or on separate lines.",
    ),
    Column(
        "stage",
        "Stage",
        ("Project stage", "Phase"),
        hint="Idea, feasibility, business case, implementation, live or closed.",
    ),
    Column(
        "savings",
        "Expected annual savings",
        ("Annual savings", "Expected savings", "Savings", "Expected annual saving"),
        hint="In pounds, such as £120,000.",
    ),
    Column("description", "Description", ("Summary", "Project description")),
)
FIELD_COLUMNS = {
    "name": "name",
    "kind": "kind",
    "lead_organisation": "lead",
    "partners": "partners",
    "stage": "stage",
    "expected_annual_savings": "savings",
    "description": "description",
}
HEADINGS = {c.name: c.heading for c in COLUMNS}
KINDS = (
    {choice_key(k): k for k in ProjectKind.values}
    | {choice_key(label): value for value, label in ProjectKind.choices}
    | {"shared": ProjectKind.SHARED_SERVICE}
)
STAGES = {choice_key(s): s for s in ProjectStage.values} | {
    choice_key(label): value for value, label in ProjectStage.choices
}
MAX_NAME = 200

NO_NAME = "Give the project's name."
NO_LEAD = "Give the lead body."
NOT_MEMBER = "{value!r} is not a member body of {partnership} (give a member's name or GSS code)."
AMBIGUOUS_BODY = "{value!r} could be {names}: give the full name or GSS code."
BAD_KIND = "{value!r} is not a kind of project: shared service or efficiency."
BAD_STAGE = (
    "{value!r} is not a stage: idea, feasibility, business case, implementation, live or closed."
)
DUPLICATE = "The project {name!r} is already on row {row}."
AMBIGUOUS = (
    "The partnership has more than one project called {name!r}, so the file cannot say which."
)


def name_key(name: str) -> str:
    return one_line(name).casefold()


@dataclass
class ProjectDraft:
    row: SourceRow
    name: str
    values: dict[str, Any] = field(default_factory=dict)
    partners: list[Organisation] | None = None


@dataclass
class ProjectStep:
    draft: ProjectDraft
    project: Project | None
    change: RowChange
    fields: dict[str, Any] = field(default_factory=dict)
    partners: list[Organisation] | None = None


# Reading ----------------------------------------------------------------------------------------


class Members:
    """The partnership's member bodies, found by name, short name or GSS code (any case)."""

    def __init__(self, partnership: Partnership):
        self.partnership = partnership
        self.by_key: dict[str, list[Organisation]] = {}
        # Bodies that have left stay findable, as the project services accept them: a project
        # they lead must import again unchanged.
        bodies = Organisation.objects.filter(partnership_memberships__partnership=partnership)
        for body in bodies.distinct().order_by("name"):
            for key in {body.name, body.short_name, body.gss_code or ""} - {""}:
                self.by_key.setdefault(name_key(key), []).append(body)

    def find(self, text: str) -> Organisation:
        """The member body `text` names; ValueError with the message if none or several."""
        found = self.by_key.get(name_key(text), [])
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValueError(NOT_MEMBER.format(value=text, partnership=self.partnership.name))
        names = " or ".join(sorted(body.name for body in found))
        raise ValueError(AMBIGUOUS_BODY.format(value=text, names=names))


def _choice(table, row, name, choices, message, draft, field_name, problems) -> None:
    text = table.text(row, name)
    if not text:
        return
    value = choices.get(choice_key(text))
    if value is None:
        problems.append(table.problem(row, name, message.format(value=text)))
    else:
        draft.values[field_name] = value


def _bodies(table: Table, row: SourceRow, members: Members, draft, problems) -> None:
    lead = table.text(row, "lead")
    if not lead:
        problems.append(table.problem(row, "lead", NO_LEAD))
    else:
        try:
            draft.values["lead_organisation"] = members.find(lead)
        except ValueError as exc:
            problems.append(table.problem(row, "lead", str(exc)))
    if not table.has("partners"):
        return
    names = [one_line(n) for n in table.lines(row, "partners").replace(";", "\n").split("\n")]
    draft.partners = []
    for name in filter(None, names):
        try:
            body = members.find(name)
        except ValueError as exc:
            problems.append(table.problem(row, "partners", str(exc)))
            continue
        if body not in draft.partners:
            draft.partners.append(body)


def _savings(table: Table, row: SourceRow, draft: ProjectDraft, problems) -> None:
    text = table.text(row, "savings")
    if not text:
        return
    try:
        amount = read_pounds(text)
    except ValueError:
        problems.append(table.problem(row, "savings", BAD_POUNDS.format(value=text)))
        return
    if amount < 0:
        problems.append(table.problem(row, "savings", NEGATIVE_POUNDS))
    else:
        draft.values["expected_annual_savings"] = amount


def _draft(table: Table, row: SourceRow, members: Members, problems: list[Problem]):
    before = len(problems)
    draft = ProjectDraft(row=row, name=table.text(row, "name"))
    if not draft.name:
        problems.append(table.problem(row, "name", NO_NAME))
    elif len(draft.name) > MAX_NAME:
        problems.append(table.problem(row, "name", TOO_LONG.format(limit=MAX_NAME)))
    _choice(table, row, "kind", KINDS, BAD_KIND, draft, "kind", problems)
    _choice(table, row, "stage", STAGES, BAD_STAGE, draft, "stage", problems)
    _bodies(table, row, members, draft, problems)
    _savings(table, row, draft, problems)
    if table.has("description"):
        draft.values["description"] = table.lines(row, "description")
    return draft if len(problems) == before else None


def projects_read(sheet: Sheet, members: Members, result: ImportResult):
    table = find_table(sheet, COLUMNS, result.errors)
    if table is None:
        return None, []
    result.ignored_headings = table.ignored_headings()
    drafts: list[ProjectDraft] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        draft = _draft(table, row, members, result.errors)
        if draft is None:
            continue
        key = name_key(draft.name)
        if key in seen:
            message = DUPLICATE.format(name=draft.name, row=seen[key])
            result.errors.append(table.problem(row, "name", message))
            continue
        seen[key] = row.number
        drafts.append(draft)
    if not table.rows:
        result.errors.append(Problem(table.header.row.number, None, NOTHING_TO_READ))
    return table, drafts


# Comparing --------------------------------------------------------------------------------------


def _show(name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if name == "kind":
        return ProjectKind(value).label
    if name == "stage":
        return ProjectStage(value).label
    if name == "expected_annual_savings":
        return show_pounds(value)
    return str(value)


def _bodies_text(bodies) -> str:
    return "; ".join(body.name for body in bodies)


def _step_new(draft: ProjectDraft) -> ProjectStep:
    shown = [
        (HEADINGS[FIELD_COLUMNS[name]], "", _show(name, value))
        for name, value in draft.values.items()
        if value not in (None, "")
    ]
    if draft.partners:
        shown.append(("Partners", "", _bodies_text(draft.partners)))
    change = RowChange(draft.row.number, draft.name, CREATE, shown)
    return ProjectStep(draft, None, change)


def _differs(project: Project, name: str, value: Any) -> bool:
    if name == "lead_organisation":
        return project.lead_organisation_id != value.pk
    if name == "description":
        return not same_text(project.description, value)
    return getattr(project, name) != value


def _step_existing(draft: ProjectDraft, project: Project, partners: list) -> ProjectStep:
    step = ProjectStep(draft, project, RowChange(draft.row.number, draft.name, UNCHANGED))
    shown = step.change.changes
    if draft.name != project.name:
        step.fields["name"] = draft.name
        shown.append(("Project", project.name, draft.name))
    for name, value in draft.values.items():
        if _differs(project, name, value):
            step.fields[name] = value
            heading = HEADINGS[FIELD_COLUMNS[name]]
            shown.append((heading, _show(name, getattr(project, name)), _show(name, value)))
    if draft.partners is not None and {b.pk for b in draft.partners} != {b.pk for b in partners}:
        step.partners = draft.partners
        shown.append(("Partners", _bodies_text(partners), _bodies_text(draft.partners)))
    if shown:
        step.change.action = UPDATE
    return step


def projects_compare(partnership, table: Table, drafts, result: ImportResult) -> list[ProjectStep]:
    existing: dict[str, list[Project]] = {}
    projects = (
        Project.objects.filter(partnership=partnership)
        .select_related("lead_organisation")
        .prefetch_related("partners")
    )
    for project in projects:
        existing.setdefault(name_key(project.name), []).append(project)
    steps = []
    for draft in drafts:
        matches = existing.get(name_key(draft.name), [])
        if len(matches) > 1:
            result.errors.append(
                table.problem(draft.row, "name", AMBIGUOUS.format(name=draft.name))
            )
            continue
        if matches:
            project = matches[0]
            partners = sorted(project.partners.all(), key=lambda b: b.name)
            step = _step_existing(draft, project, partners)
        else:
            step = _step_new(draft)
        steps.append(step)
        result.record(step.change)
    in_file = {name_key(d.name) for d in drafts}
    result.not_in_file = sum(len(p) for key, p in existing.items() if key not in in_file)
    return steps


# Writing ----------------------------------------------------------------------------------------


def _write(step: ProjectStep, partnership, acting_user) -> Project:
    draft = step.draft
    if step.project is None:
        return services.project_create(
            acting_user=acting_user,
            partnership=partnership,
            name=draft.name,
            partners=draft.partners or [],
            **draft.values,
        )
    if step.fields or step.partners is not None:
        step.project.partnership = partnership
        return services.project_edit(
            acting_user=acting_user, project=step.project, partners=step.partners, **step.fields
        )
    return step.project


def projects_apply(partnership, table: Table, steps, result: ImportResult, acting_user):
    """Write each project through the project services; the projects by name, for milestones."""
    saved: dict[str, Project] = {}
    for step in steps:
        try:
            saved[name_key(step.draft.name)] = _write(step, partnership, acting_user)
        except ValidationError as exc:
            result.errors += service_problems(table, step.draft.row, exc, FIELD_COLUMNS)
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


def _milestones_sheet(sheets: list[Sheet]) -> Sheet | None:
    return next((s for s in sheets[1:] if name_key(s.name) == name_key(MILESTONES_SHEET)), None)


def _import(partnership, sheets: list[Sheet], result: ImportResult, acting_user) -> None:
    members = Members(partnership)
    table, drafts = projects_read(sheets[0], members, result)
    steps = projects_compare(partnership, table, drafts, result) if table else []
    milestone_sheet = _milestones_sheet(sheets)
    in_file = {name_key(table.text(row, "name")) for row in table.rows} if table else set()
    milestones = (
        milestones_read(partnership, milestone_sheet, in_file, result) if milestone_sheet else None
    )
    if result.errors or table is None or result.dry_run:
        return
    saved = projects_apply(partnership, table, steps, result, acting_user)
    if milestones is not None and not result.errors:
        milestones_apply(milestones, saved, result, acting_user)
    if result.changed and not result.errors:
        _summary_event(partnership, result, acting_user)


def projects_import(
    *,
    acting_user,
    partnership: Partnership,
    content: bytes,
    filename: str,
    dry_run: bool = False,
) -> ImportResult:
    """Import a projects file (with a "Milestones" sheet if a workbook has one): on a dry run, or
    with any problem, nothing is saved and the result says what would have changed."""
    result = ImportResult(filename=filename, dry_run=dry_run)
    result.counts = {"milestones_created": 0, "milestones_updated": 0, "milestones_unchanged": 0}
    try:
        sheets = read_sheets(content, filename)
    except TabularError as exc:
        result.errors.append(file_problem(exc))
        return result
    if dry_run:  # reads only: no transaction, so no write lock held while comparing
        _import(partnership, sheets, result, acting_user)
        result.sort_errors()
        return result
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        _import(partnership, sheets, result, acting_user)
        if result.errors:
            transaction.set_rollback(True)
        else:
            result.saved = result.changed
    result.sort_errors()
    return result
