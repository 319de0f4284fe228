"""The "Milestones" sheet of a projects workbook: Project, Milestone, Due date and Status.

A milestone is matched by its project and title, so importing the same file again changes nothing.
New milestones go through `project_milestone_add`, a changed status through
`project_milestone_set_status` (done gets today's completion date). There is no service that moves
a milestone's due date, so a file that would move one is refused on that row rather than ignored.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from vfmhub.lib.tabular import SourceRow
from vfmhub.programme import services_projects as services
from vfmhub.programme.importing_registers.common import (
    BAD_DATE,
    CREATE,
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
    find_table,
    one_line,
    read_date,
    service_problems,
)
from vfmhub.programme.models import MilestoneStatus, Project, ProjectMilestone

MILESTONES_SHEET = "Milestones"
COLUMNS = (
    Column(
        "project",
        "Project",
        ("Project name",),
        required=True,
        hint="A project in the projects sheet or already in the partnership.",
    ),
    Column("title", "Milestone", ("Milestones", "Title"), required=True),
    Column(
        "due_on",
        "Due date",
        ("Due", "Due on", "Date due", "Target date"),
        required=True,
        hint="Such as 31/03/2010.",
    ),
    Column(
        "status",
        "Status",
        hint="Not started, in progress, done or missed; blank leaves it as it is.",
    ),
)
FIELD_COLUMNS = {"title": "title", "due_on": "due_on", "status": "status", "completed_on": "status"}
STATUSES = (
    {choice_key(s): s for s in MilestoneStatus.values}
    | {choice_key(label): value for value, label in MilestoneStatus.choices}
    | {"complete": MilestoneStatus.DONE, "completed": MilestoneStatus.DONE}
)
MAX_TITLE = 200

NO_PROJECT = "Give the project the milestone belongs to."
NO_TITLE = "Give the milestone."
NO_DUE = "Give the date the milestone is due."
UNKNOWN_PROJECT = "{name!r} is not a project in the projects sheet or in the partnership."
BAD_STATUS = "{value!r} is not a milestone status: not started, in progress, done or missed."
DUPLICATE = "The milestone {title!r} of {project!r} is already on row {row}."
AMBIGUOUS = (
    "The project has more than one milestone called {title!r}, so the file cannot say which."
)
DUE_DATE_FIXED = "The milestone is due on {was}; an import cannot move a milestone's due date."


def _key(text: str) -> str:
    return one_line(text).casefold()


@dataclass
class MilestoneDraft:
    row: SourceRow
    project_name: str
    title: str
    due_on: datetime.date
    status: str = ""


@dataclass
class MilestoneStep:
    draft: MilestoneDraft
    project: Project | None  # None: a project the import creates
    milestone: ProjectMilestone | None
    change: RowChange
    status: str = ""  # the status to move to, if it changes


@dataclass
class MilestonesPlan:
    table: Table
    steps: list[MilestoneStep]


def _draft(table: Table, row: SourceRow, problems: list[Problem]) -> MilestoneDraft | None:
    before = len(problems)
    project, title = table.text(row, "project"), table.text(row, "title")
    if not project:
        problems.append(table.problem(row, "project", NO_PROJECT))
    if not title:
        problems.append(table.problem(row, "title", NO_TITLE))
    elif len(title) > MAX_TITLE:
        problems.append(table.problem(row, "title", TOO_LONG.format(limit=MAX_TITLE)))
    due_text = table.text(row, "due_on")
    due_on = None
    try:
        due_on = read_date(due_text) if due_text else None
    except ValueError:
        problems.append(table.problem(row, "due_on", BAD_DATE.format(value=due_text)))
    if not due_text:
        problems.append(table.problem(row, "due_on", NO_DUE))
    status_text = table.text(row, "status")
    status = STATUSES.get(choice_key(status_text), "") if status_text else ""
    if status_text and not status:
        problems.append(table.problem(row, "status", BAD_STATUS.format(value=status_text)))
    if len(problems) > before or due_on is None:
        return None
    return MilestoneDraft(row, project, title, due_on, status)


def _show_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _step(draft: MilestoneDraft, project, milestones: list[ProjectMilestone], table, problems):
    change = RowChange(draft.row.number, f"{draft.project_name}: {draft.title}", CREATE)
    change.sheet = table.label
    matches = [m for m in milestones if _key(m.title) == _key(draft.title)]
    if len(matches) > 1:
        problems.append(table.problem(draft.row, "title", AMBIGUOUS.format(title=draft.title)))
        return None
    if not matches:
        change.changes = [("Due date", "", _show_date(draft.due_on))]
        if draft.status:
            change.changes.append(("Status", "", MilestoneStatus(draft.status).label))
        return MilestoneStep(draft, project, None, change, draft.status)
    milestone = matches[0]
    step = MilestoneStep(draft, project, milestone, change)
    change.action = UNCHANGED
    if milestone.due_on != draft.due_on:
        message = DUE_DATE_FIXED.format(was=_show_date(milestone.due_on))
        problems.append(table.problem(draft.row, "due_on", message))
    if draft.status and draft.status != milestone.status:
        step.status = draft.status
        was = milestone.get_status_display()
        change.changes.append(("Status", was, MilestoneStatus(draft.status).label))
        change.action = UPDATE
    return step


def milestones_read(
    partnership, sheet: Sheet, in_file: set[str], result: ImportResult
) -> MilestonesPlan | None:
    """Read the sheet and compare it with the projects' milestones; `in_file` has the (keyed)
    names of the projects in the projects sheet."""
    table = find_table(sheet, COLUMNS, result.errors, label=sheet.name)
    if table is None:
        return None
    projects = {
        _key(p.name): p
        for p in Project.objects.filter(partnership=partnership).prefetch_related("milestones")
    }
    plan = MilestonesPlan(table, [])
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        draft = _draft(table, row, result.errors)
        if draft is None:
            continue
        project_key, key = _key(draft.project_name), _key(draft.title)
        project = projects.get(project_key)
        if project is None and project_key not in in_file:
            message = UNKNOWN_PROJECT.format(name=draft.project_name)
            result.errors.append(table.problem(row, "project", message))
            continue
        if (project_key, key) in seen:
            message = DUPLICATE.format(
                title=draft.title, project=draft.project_name, row=seen[project_key, key]
            )
            result.errors.append(table.problem(row, "title", message))
            continue
        seen[project_key, key] = row.number
        existing = list(project.milestones.all()) if project else []
        step = _step(draft, project, existing, table, result.errors)
        if step is not None:
            plan.steps.append(step)
            result.record(step.change, counted_as="milestones")
    return plan


def _write(step: MilestoneStep, project: Project, acting_user) -> None:
    if step.milestone is None:
        services.project_milestone_add(
            acting_user=acting_user,
            project=project,
            title=step.draft.title,
            due_on=step.draft.due_on,
            status=step.status or MilestoneStatus.NOT_STARTED,
        )
    elif step.status:
        step.milestone.project = project
        services.project_milestone_set_status(
            acting_user=acting_user, milestone=step.milestone, status=step.status
        )


def milestones_apply(
    plan: MilestonesPlan, saved: dict[str, Project], result: ImportResult, acting_user
) -> None:
    """Write the milestones; `saved` has the projects the import wrote, by keyed name."""
    for step in plan.steps:
        if step.change.action == UNCHANGED:
            continue
        project = saved.get(_key(step.draft.project_name)) or step.project
        if project is None:
            continue  # its project could not be written: that row already has a problem
        try:
            _write(step, project, acting_user)
        except ValidationError as exc:
            result.errors += service_problems(plan.table, step.draft.row, exc, FIELD_COLUMNS)
