"""Importing a partnership's projects (and, from a workbook's "Milestones" sheet, their
milestones) from XLSX or CSV: all or nothing, and idempotent.

A project is matched by its name within the partnership (case and spacing aside), so importing the
same file again changes nothing. New and changed projects are written in bulk as `project_create`
and `project_edit` write them (a changed stage kept in the stage history, each row's history
recorded with its old and new values). Bodies are the partnership's
member bodies, named by name, short name or GSS code. A blank kind, stage or savings cell leaves
the project's as it is (a new project is a shared service at the idea stage saving £0); a blank
description or partners cell clears them. Projects not in the file are left alone.
"""

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from vfmhub.core.importing import ImportIssue
from vfmhub.lib.headings import ColumnChoices, Header
from vfmhub.lib.tabular import Sheet, SourceRow
from vfmhub.organisations.models import Organisation, Partnership
from vfmhub.programme.importing.registers.common import (
    BAD_POUNDS,
    CREATE,
    NEGATIVE_POUNDS,
    TOO_LONG,
    UNCHANGED,
    UPDATE,
    ImportResult,
    RowChange,
    choice_key,
    one_line,
    read_pounds,
    same_text,
    show_pounds,
)
from vfmhub.programme.importing.registers.milestones import (
    EXISTING_FIELDS as MILESTONE_FIELDS,
)
from vfmhub.programme.importing.registers.milestones import (
    MilestonesFile,
)
from vfmhub.programme.importing.registers.tables import (
    Column,
    Table,
    find_table,
)
from vfmhub.programme.models import (
    Project,
    ProjectKind,
    ProjectMilestone,
    ProjectStage,
)
from vfmhub.programme.services import projects as services

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
        suggests=("council", "authority", "body", "organisation", "owner"),
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


@dataclass(slots=True)  # one for each row of a large file
class ProjectDraft:
    row: int  # its number in the file (the cells are not kept)
    name: str
    values: dict[str, Any] = field(default_factory=dict)
    partners: list[Organisation] | None = None


@dataclass(slots=True)  # one for each row of a large file
class ProjectStep:
    draft: ProjectDraft
    old: Any  # the project's values as read (a named tuple), None for a new project
    change: RowChange
    fields: dict[str, Any] = field(default_factory=dict)
    partners: list[Organisation] | None = None  # the partners to set, if they change
    old_partners: list[Organisation] = field(default_factory=list)


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

    def bodies(self) -> dict[int, Organisation]:
        return {body.pk: body for found in self.by_key.values() for body in found}

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


def _draft(table: Table, row: SourceRow, members: Members, problems: list[ImportIssue]):
    before = len(problems)
    draft = ProjectDraft(row=row.number, name=table.text(row, "name"))
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


@dataclass
class ProjectsFile:
    """The projects sheet's table and drafts, the (keyed) names of every project row (problems or
    not, for the milestones sheet) and the milestones sheet's drafts, if it has one."""

    table: Table
    drafts: list[ProjectDraft]
    in_file: set[str]
    milestones: MilestonesFile | None = None


def projects_read(
    found: tuple[Sheet, Header | None],
    label: str,
    members: Members,
    result: ImportResult,
    choices: ColumnChoices,
) -> ProjectsFile | None:
    """The projects sheet's rows below its header (`found`) as drafts; every problem in
    `result.errors`, a column not read among them unless the user left it out (`choices`)."""
    table = find_table(*found, COLUMNS, result.errors, label=label)
    if table is None:
        return None
    result.ignored_headings = table.columns_accounted(choices, result.errors)
    read = ProjectsFile(table, [], set())
    seen: dict[str, int] = {}
    for row in table.data_rows():
        read.in_file.add(name_key(table.text(row, "name")))
        draft = _draft(table, row, members, result.errors)
        if draft is None:
            continue
        key = name_key(draft.name)
        if key in seen:
            message = DUPLICATE.format(name=draft.name, row=seen[key])
            result.errors.append(table.problem(row, "name", message))
            continue
        seen[key] = row.number
        read.drafts.append(draft)
    table.no_rows_problem(result.errors)
    return read


# Comparing --------------------------------------------------------------------------------------

EXISTING_FIELDS = ["pk", *services.PROJECT_FIELDS, "updated_at"]


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


def _new_shown(draft: ProjectDraft) -> list[tuple[str, str, str]]:
    shown = [
        (HEADINGS[FIELD_COLUMNS[name]], "", _show(name, value))
        for name, value in draft.values.items()
        if value is not None and value != ""
    ]
    if draft.partners:
        shown.append(("Partners", "", _bodies_text(draft.partners)))
    return shown


def _step_new(draft: ProjectDraft) -> ProjectStep:
    change = RowChange(draft.row, draft.name, CREATE, describe=partial(_new_shown, draft))
    return ProjectStep(draft, None, change)


def _was(old: Any, name: str, existing: "Existing") -> Any:
    if name == "lead_organisation":
        return existing.bodies.get(old.lead_organisation_id)
    return getattr(old, name)


def _differs(old: Any, name: str, value: Any) -> bool:
    if name == "lead_organisation":
        return old.lead_organisation_id != value.pk
    if name == "description":
        return not same_text(old.description, value)
    return getattr(old, name) != value


def _step_existing(draft: ProjectDraft, old: Any, existing: "Existing") -> ProjectStep:
    step = ProjectStep(draft, old, RowChange(draft.row, draft.name, UNCHANGED, []))
    shown = step.change.changes
    if draft.name != old.name:
        step.fields["name"] = draft.name
        shown.append(("Project", old.name, draft.name))
    for name, value in draft.values.items():
        if _differs(old, name, value):
            step.fields[name] = value
            heading = HEADINGS[FIELD_COLUMNS[name]]
            shown.append((heading, _show(name, _was(old, name, existing)), _show(name, value)))
    partners = existing.partners(old.pk)
    if draft.partners is not None and {b.pk for b in draft.partners} != {b.pk for b in partners}:
        step.partners, step.old_partners = draft.partners, partners
        shown.append(("Partners", _bodies_text(partners), _bodies_text(draft.partners)))
    if shown:
        step.change.action = UPDATE
    return step


class Existing:
    """The partnership's projects by (keyed) name, their partners and milestones: read once, in
    a few queries whatever their number, as named tuples rather than model instances."""

    def __init__(self, partnership: Partnership, members: Members):
        self.by_name: dict[str, list[Any]] = {}
        rows = Project.objects.filter(partnership=partnership)
        for row in rows.values_list(*EXISTING_FIELDS, named=True).iterator(chunk_size=5000):
            self.by_name.setdefault(name_key(row.name), []).append(row)
        links = Project.partners.through.objects.filter(project__partnership=partnership)
        self.partner_ids: dict[int, list[int]] = {}
        for project_id, body_id in links.values_list("project_id", "organisation_id").iterator():
            self.partner_ids.setdefault(project_id, []).append(body_id)
        self.bodies = members.bodies()
        named = {pk for ids in self.partner_ids.values() for pk in ids}
        named |= {row.lead_organisation_id for rows in self.by_name.values() for row in rows}
        missing = named - set(self.bodies)
        self.bodies |= Organisation.objects.in_bulk(missing) if missing else {}
        self.milestones: dict[int, list[Any]] = {}
        milestones = ProjectMilestone.objects.filter(project__partnership=partnership)
        for row in milestones.values_list(*MILESTONE_FIELDS, named=True).iterator():
            self.milestones.setdefault(row.project_id, []).append(row)

    def partners(self, project_id: int) -> list[Organisation]:
        bodies = [self.bodies[pk] for pk in self.partner_ids.get(project_id, ())]
        return sorted(bodies, key=lambda b: b.name)


def projects_compare(
    table: Table, drafts: list[ProjectDraft], existing: Existing, result: ImportResult
) -> list[ProjectStep]:
    """Match each row to the partnership's project of that name and work out what changes: the
    steps of the rows that change. Reads only, so a dry run holds no write lock."""
    steps = []
    for draft in drafts:
        matches = existing.by_name.get(name_key(draft.name), [])
        if len(matches) > 1:
            result.errors.append(
                table.problem(draft.row, "name", AMBIGUOUS.format(name=draft.name))
            )
            continue
        step = _step_existing(draft, matches[0], existing) if matches else _step_new(draft)
        result.record(step.change)
        if step.change.action != UNCHANGED:
            steps.append(step)
    in_file = {name_key(d.name) for d in drafts}
    result.not_in_file = sum(len(p) for key, p in existing.by_name.items() if key not in in_file)
    return steps
