"""The "Milestones" sheet of a projects workbook: Project, Milestone, Due date and Status.

A milestone is matched by its project and title, so importing the same file again changes nothing.
New milestones are written in bulk as `project_milestone_add` writes them, a changed status as
`project_milestone_set_status` (done gets today's completion date), each recorded in the history.
There is no service that moves a milestone's due date, so a file that would move one is refused on
that row rather than ignored.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from vfmhub.core.bulk import rows_insert
from vfmhub.core.importing import ImportIssue
from vfmhub.lib import clock
from vfmhub.lib.headings import ColumnChoices, Header
from vfmhub.lib.tabular import Sheet, SourceRow, heading_key
from vfmhub.programme.importing.registers.bulk import (
    RowsHistory,
    changed_values,
    refuse_changed_meanwhile,
    update_changed,
)
from vfmhub.programme.importing.registers.common import (
    BAD_DATE,
    CREATE,
    IMPORT_NOTE,
    TOO_LONG,
    UNCHANGED,
    UPDATE,
    ImportResult,
    RowChange,
    choice_key,
    one_line,
    read_date,
)
from vfmhub.programme.importing.registers.tables import (
    Column,
    Table,
    find_table,
    locate,
)
from vfmhub.programme.models import MilestoneStatus, ProjectMilestone
from vfmhub.programme.services import projects as services

MILESTONES_SHEET = "Milestones"
COLUMNS = (
    Column(
        "project",
        "Project",
        ("Project name",),
        required=True,
        hint="A project in the projects sheet or already in the partnership.",
    ),
    Column("title", "Milestone", ("Milestones", "Title"), required=True, label="the milestone"),
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
STATUSES = (
    {choice_key(s): s for s in MilestoneStatus.values}
    | {choice_key(label): value for value, label in MilestoneStatus.choices}
    | {"complete": MilestoneStatus.DONE, "completed": MilestoneStatus.DONE}
)
MAX_TITLE = 200
EXISTING_FIELDS = ["pk", "project_id", "title", "due_on", "status", "completed_on", "updated_at"]

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


@dataclass(slots=True)  # one for each row of a large file
class MilestoneDraft:
    row: int  # its number in the file
    project_name: str
    title: str
    due_on: datetime.date
    status: str = ""


@dataclass(slots=True)  # one for each row of a large file
class MilestoneStep:
    draft: MilestoneDraft
    project: Any  # the project's values as read; None for a project the import creates
    milestone: Any  # the milestone's values as read (a named tuple); None for a new one
    change: RowChange
    status: str = ""  # the status to move to, if it changes


@dataclass
class MilestonesFile:
    table: Table
    drafts: list[MilestoneDraft]


@dataclass
class MilestonesPlan:
    table: Table
    steps: list[MilestoneStep]  # the rows that change


def _draft(table: Table, row: SourceRow, problems: list[ImportIssue]) -> MilestoneDraft | None:
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
    return MilestoneDraft(row.number, project, title, due_on, status)


def _show_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _step(draft: MilestoneDraft, project, milestones: list[Any], table, problems):
    change = RowChange(draft.row, f"{draft.project_name}: {draft.title}", CREATE, [])
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
        was = MilestoneStatus(milestone.status).label
        change.changes.append(("Status", was, MilestoneStatus(draft.status).label))
        change.action = UPDATE
    return step


def milestones_sheet(
    sheets: list[Sheet], projects: Sheet, choices: ColumnChoices
) -> tuple[Sheet, Header | None] | None:
    """The sheet of milestones and its header: the one called Milestones, else another sheet
    whose header names every column a milestone needs; None if there is none."""
    others = [sheet for sheet in sheets if sheet is not projects]
    named = [s for s in others if heading_key(s.name) == heading_key(MILESTONES_SHEET)]
    if named:
        return locate(named, COLUMNS, choices)
    if not others:
        return None
    sheet, header = locate(others, COLUMNS, choices)
    needed = [column.name for column in COLUMNS if column.required]
    if header is None or any(name not in header.columns for name in needed):
        return None
    return sheet, header


def milestones_read(
    found: tuple[Sheet, Header | None], result: ImportResult, choices: ColumnChoices
) -> MilestonesFile | None:
    """The sheet's rows below its header (`found`) as drafts; every problem in `result.errors`,
    a column not read among them unless the user left it out (`choices`)."""
    sheet = found[0]
    table = find_table(*found, COLUMNS, result.errors, label=sheet.name)
    if table is None:
        return None
    ignored = table.columns_accounted(choices, result.errors)
    result.ignored_headings += [f"{heading} ({sheet.name} sheet)" for heading in ignored]
    read = MilestonesFile(table, [])
    for row in table.data_rows():
        draft = _draft(table, row, result.errors)
        if draft is not None:
            read.drafts.append(draft)
    return read


def milestones_compare(read: MilestonesFile, existing, in_file: set[str], result: ImportResult):
    """Match each row to its project's milestone of that title and work out what changes.
    `existing` has the partnership's projects and milestones (`projects.Existing`); `in_file`
    the (keyed) names of the projects in the projects sheet. Reads nothing more."""
    table = read.table
    plan = MilestonesPlan(table, [])
    seen: dict[tuple[str, str], int] = {}
    for draft in read.drafts:
        project_key, key = _key(draft.project_name), _key(draft.title)
        named = existing.by_name.get(project_key)
        project = named[-1] if named else None
        if project is None and project_key not in in_file:
            message = UNKNOWN_PROJECT.format(name=draft.project_name)
            result.errors.append(table.problem(draft.row, "project", message))
            continue
        if (project_key, key) in seen:
            message = DUPLICATE.format(
                title=draft.title, project=draft.project_name, row=seen[project_key, key]
            )
            result.errors.append(table.problem(draft.row, "title", message))
            continue
        seen[project_key, key] = draft.row
        milestones = existing.milestones.get(project.pk, []) if project else []
        step = _step(draft, project, milestones, table, result.errors)
        if step is not None:
            result.record(step.change, counted_as="milestones")
            if step.change.action != UNCHANGED:
                plan.steps.append(step)
    return plan


def _moved_milestone(step: MilestoneStep, today) -> tuple[ProjectMilestone, dict]:
    """The milestone moved on as `project_milestone_set_status` moves it, and its changes."""
    milestone = ProjectMilestone(**step.milestone._asdict())
    before = {"status": milestone.status, "completed_on": milestone.completed_on}
    milestone.status = step.status
    done = step.status == MilestoneStatus.DONE
    milestone.completed_on = (milestone.completed_on or today) if done else None
    return milestone, changed_values(before, milestone)


def _milestones_add(
    plan: MilestonesPlan, saved: dict[str, int], today, history: RowsHistory
) -> None:
    """Insert the new milestones, as `project_milestone_add` makes them (done: today)."""
    added = []
    for step in plan.steps:
        if step.milestone is None:
            project_id = step.project.pk if step.project else saved[_key(step.draft.project_name)]
            status = step.status or MilestoneStatus.NOT_STARTED
            completed_on = today if status == MilestoneStatus.DONE else None
            added.append((project_id, step.draft.title, step.draft.due_on, status, completed_on))
    fields = ["project_id", *services.MILESTONE_FIELDS]
    keys = rows_insert(ProjectMilestone, fields, added, returning=True)
    for row, pk in zip(added, keys, strict=True):
        values = dict(zip(services.MILESTONE_FIELDS, row[1:], strict=True))
        changes = {k: [None, v] for k, v in values.items() if v is not None and v != ""}
        history.record("project_milestone.add", pk, row[1], changes)


def milestones_apply(
    plan: MilestonesPlan, saved: dict[str, int], result: ImportResult, acting_user, partnership
) -> None:
    """Write the milestones in bulk, as the milestone services write them one at a time, each
    recorded in the history with its old and new values; `saved` has the ids of the projects
    the import created, by keyed name. A milestone changed by someone else since it was read is
    a problem on its row: the caller then rolls back."""
    old = [(step.milestone, step.draft.row) for step in plan.steps if step.milestone]
    refuse_changed_meanwhile(ProjectMilestone, old, (plan.table, "title"), "milestone", result)
    if result.errors:
        return
    today, now = clock.today(), clock.now()
    note = IMPORT_NOTE.format(filename=result.filename)
    history = RowsHistory(ProjectMilestone, acting_user, note, {"partnership_id": partnership.pk})
    _milestones_add(plan, saved, today, history)
    moved = [_moved_milestone(step, today) for step in plan.steps if step.milestone is not None]
    for milestone, _ in moved:
        milestone.updated_at = now
    update_changed(ProjectMilestone, [(m, ("status", "completed_on")) for m, _ in moved])
    for milestone, changes in moved:
        history.record("project_milestone.status", milestone.pk, milestone.title, changes)
    history.flush()
