"""Importing a risk register's risks from XLSX or CSV: all or nothing, and idempotent.

A risk is matched by its title within the register (case and spacing aside), so importing the
same file again changes nothing. A changed current rating is a re-rating (`risk_rerate`, so the
rating history keeps the old one); other changes go through `risk_update`, new risks through
`risk_create`, and "closed" through `risk_close`. Ratings are numbers from 1 to the matrix's size
or the matrix's labels ("High", "Medium", "Low"), in any case; a label's first letters will do
where no other label starts with them ("H", "Med").

A column in the file sets its field for every row, a blank cell clearing it; a blank status leaves
the risk open or closed as it is. Risks in the register but not in the file are left alone.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.audit.services import audit_record
from vfmhub.lib.tabular import SourceRow, TabularError
from vfmhub.programme import services_risks as services
from vfmhub.programme.importing_registers.common import (
    BAD_DATE,
    CREATE,
    IMPORT_NOTE,
    NOTHING_TO_READ,
    TOO_LONG,
    UNCHANGED,
    UPDATE,
    Column,
    ImportResult,
    Problem,
    RowChange,
    Table,
    file_problem,
    find_table,
    one_line,
    read_date,
    read_sheets,
    same_text,
    service_problems,
)
from vfmhub.programme.models import (
    MatrixSize,
    RatingKind,
    Risk,
    RiskMatrix,
    RiskRegister,
    RiskStatus,
)

COLUMNS = (
    Column(
        "title",
        "Risk",
        ("Risks", "Risk title", "Title", "Risk description"),
        required=True,
        hint="The risk. A risk already in the register with this title is updated.",
    ),
    Column("cause", "Cause", ("Causes",)),
    Column("effect", "Effect", ("Effects", "Consequence", "Consequences")),
    Column("owner", "Owner", ("Risk owner", "Responsible officer", "Lead officer")),
    Column(
        "inherent_likelihood",
        "Inherent likelihood",
        ("Inherent probability", "Gross likelihood", "Gross probability"),
        hint="Inherent, current and target ratings: a number or the matrix's label.",
    ),
    Column("inherent_impact", "Inherent impact", ("Gross impact",)),
    Column(
        "current_likelihood",
        "Current likelihood",
        ("Likelihood", "Probability", "Current probability"),
        required=True,
    ),
    Column("current_impact", "Current impact", ("Impact",), required=True),
    Column("target_likelihood", "Target likelihood", ("Target probability",)),
    Column("target_impact", "Target impact"),
    Column(
        "mitigating_actions",
        "Mitigating actions",
        (
            "Mitigating action",
            "Mitigation",
            "Mitigations",
            "Actions required",
            "Action required",
            "Actions",
            "Controls",
        ),
    ),
    Column(
        "review_date",
        "Review date",
        ("Next review", "Next review date", "Review by"),
        hint="Such as 31/03/2010.",
    ),
    Column("status", "Status", hint="Open or closed; blank leaves the risk as it is."),
)
TEXT_FIELDS = ("cause", "effect", "owner", "mitigating_actions")
RATING_KINDS = (RatingKind.INHERENT, RatingKind.CURRENT, RatingKind.TARGET)
PARTS = ("likelihood", "impact")
FIELD_COLUMNS = {c.name: c.name for c in COLUMNS} | {"closed_on": "status"}
HEADINGS = {c.name: c.heading for c in COLUMNS}
MAX_LENGTHS = {"title": 300, "owner": 200}

NOT_A_RATING = (
    "{value!r} is not {article} {part} on this register's {size} matrix ({labels} or 1 to {n})."
)
NO_TITLE = "Give the risk's title."
NO_CURRENT = "Give the current {part}."
HALF_PAIR = "Give the {kind} {missing} too, or leave both {kind} ratings blank."
HALF_PAIR_COLUMN = "The file has a {present} column but no {missing} column."
DUPLICATE = "The risk {title!r} is already on row {row}."
AMBIGUOUS = "The register has more than one risk called {title!r}, so the file cannot say which."
BAD_STATUS = "{value!r} is not a status: open or closed."
STATUSES = {"open": RiskStatus.OPEN, "closed": RiskStatus.CLOSED, "close": RiskStatus.CLOSED}


@dataclass
class RiskDraft:
    row: SourceRow
    title: str
    values: dict[str, Any] = field(default_factory=dict)
    status: str = ""


@dataclass
class RiskStep:
    """What importing one row does to the register."""

    draft: RiskDraft
    risk: Risk | None
    change: RowChange
    rerate: tuple[int, int] | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    status: str = ""  # the status to move to, if it changes


def title_key(title: str) -> str:
    return one_line(title).casefold()


# Reading ----------------------------------------------------------------------------------------


def read_rating(text: str, labels: list[str]) -> int | None:
    """A rating from a number (1 to the matrix's size) or a label; ValueError if neither."""
    value = one_line(text).casefold()
    if not value:
        return None
    if value.removesuffix(".0").isdigit():
        number = int(value.removesuffix(".0"))
        if 1 <= number <= len(labels):
            return number
        raise ValueError(text)
    names = [label.casefold() for label in labels]
    if value in names:
        return names.index(value) + 1
    starting = [i for i, name in enumerate(names) if name.startswith(value)]
    if len(starting) == 1:
        return starting[0] + 1
    raise ValueError(text)


def not_a_rating(value: str, part: str, matrix: RiskMatrix) -> str:
    labels = list(reversed(getattr(matrix, f"{part}_labels")))
    return NOT_A_RATING.format(
        value=value,
        article="an" if part == "impact" else "a",
        part=part,
        size=MatrixSize(matrix.size).label,
        labels=", ".join(labels),
        n=matrix.size,
    )


def _ratings(table: Table, row: SourceRow, matrix: RiskMatrix, draft: RiskDraft, problems):
    for kind in RATING_KINDS:
        read: dict[str, int | None] = {}
        for part in PARTS:
            name = f"{kind}_{part}"
            if not table.has(name):
                continue
            text = table.text(row, name)
            try:
                value = read_rating(text, getattr(matrix, f"{part}_labels"))
            except ValueError:
                problems.append(table.problem(row, name, not_a_rating(text, part, matrix)))
                continue
            read[part] = draft.values[name] = value
            if read[part] is None and kind == RatingKind.CURRENT:
                problems.append(table.problem(row, name, NO_CURRENT.format(part=part)))
        if kind != RatingKind.CURRENT and len(read) == 2 and list(read.values()).count(None) == 1:
            missing = "likelihood" if read["likelihood"] is None else "impact"
            message = HALF_PAIR.format(kind=kind, missing=missing)
            problems.append(table.problem(row, f"{kind}_{missing}", message))


def _draft(table: Table, row: SourceRow, matrix: RiskMatrix, problems: list[Problem]):
    before = len(problems)
    draft = RiskDraft(row=row, title=table.text(row, "title"))
    if not draft.title:
        problems.append(table.problem(row, "title", NO_TITLE))
    for name in TEXT_FIELDS:
        if table.has(name):
            text = table.lines(row, name)
            draft.values[name] = one_line(text) if name == "owner" else text
    for name, limit in MAX_LENGTHS.items():
        value = draft.title if name == "title" else draft.values.get(name, "")
        if len(value) > limit:
            problems.append(table.problem(row, name, TOO_LONG.format(limit=limit)))
    _ratings(table, row, matrix, draft, problems)
    if table.has("review_date"):
        text = table.text(row, "review_date")
        try:
            draft.values["review_date"] = read_date(text) if text else None
        except ValueError:
            problems.append(table.problem(row, "review_date", BAD_DATE.format(value=text)))
    status = table.text(row, "status")
    if status:
        draft.status = STATUSES.get(status.casefold(), "")
        if not draft.status:
            problems.append(table.problem(row, "status", BAD_STATUS.format(value=status)))
    return draft if len(problems) == before else None


def _paired_columns(table: Table, problems: list[Problem]) -> None:
    for kind in (RatingKind.INHERENT, RatingKind.TARGET):
        names = [f"{kind}_{part}" for part in PARTS]
        present = [n for n in names if table.has(n)]
        if len(present) == 1:
            missing = next(n for n in names if n != present[0])
            problems.append(
                Problem(
                    table.header.row.number,
                    None,
                    HALF_PAIR_COLUMN.format(
                        present=HEADINGS[present[0]], missing=HEADINGS[missing]
                    ),
                )
            )


def risks_read(content: bytes, filename: str, matrix: RiskMatrix, result: ImportResult):
    """The file's rows as drafts, every problem with the file added to `result.errors`."""
    try:
        sheets = read_sheets(content, filename)
    except TabularError as exc:
        result.errors.append(file_problem(exc))
        return None, []
    table = find_table(sheets[0], COLUMNS, result.errors)
    if table is None:
        return None, []
    result.ignored_headings = table.ignored_headings()
    _paired_columns(table, result.errors)
    drafts: list[RiskDraft] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        draft = _draft(table, row, matrix, result.errors)
        if draft is None:
            continue
        key = title_key(draft.title)
        if key in seen:
            message = DUPLICATE.format(title=draft.title, row=seen[key])
            result.errors.append(table.problem(row, "title", message))
            continue
        seen[key] = row.number
        drafts.append(draft)
    if not table.rows:
        result.errors.append(Problem(table.header.row.number, None, NOTHING_TO_READ))
    return table, drafts


# Comparing --------------------------------------------------------------------------------------


def _show(name: str, value: Any, matrix: RiskMatrix) -> str:
    if value is None or value == "":
        return ""
    if name.endswith("_likelihood"):
        return matrix.likelihood_label(value)
    if name.endswith("_impact"):
        return matrix.impact_label(value)
    if hasattr(value, "strftime"):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _differs(risk: Risk, name: str, value: Any) -> bool:
    old = getattr(risk, name)
    return not same_text(old, value) if name in TEXT_FIELDS else old != value


def _rating_text(likelihood: int, impact: int, matrix: RiskMatrix) -> str:
    return f"{matrix.likelihood_label(likelihood)} likelihood, {matrix.impact_label(impact)} impact"


def _step_new(draft: RiskDraft, matrix: RiskMatrix) -> RiskStep:
    shown = [
        (HEADINGS[name], "", _show(name, value, matrix))
        for name, value in draft.values.items()
        if value not in (None, "")
    ]
    if draft.status == RiskStatus.CLOSED:
        shown.append(("Status", "", "Closed"))
    change = RowChange(draft.row.number, draft.title, CREATE, shown)
    return RiskStep(draft, None, change, status=draft.status)


def _step_existing(draft: RiskDraft, risk: Risk, matrix: RiskMatrix) -> RiskStep:
    step = RiskStep(draft, risk, RowChange(draft.row.number, draft.title, UNCHANGED))
    shown = step.change.changes
    new_current = (draft.values["current_likelihood"], draft.values["current_impact"])
    old_current = (risk.current_likelihood, risk.current_impact)
    if new_current != old_current:
        step.rerate = new_current
        shown.append(
            (
                "Current rating",
                _rating_text(*old_current, matrix),
                _rating_text(*new_current, matrix),
            )
        )
    if draft.title != risk.title:
        step.fields["title"] = draft.title
        shown.append(("Risk", risk.title, draft.title))
    for name, value in draft.values.items():
        if not name.startswith("current_") and _differs(risk, name, value):
            step.fields[name] = value
            shown.append(
                (
                    HEADINGS[name],
                    _show(name, getattr(risk, name), matrix),
                    _show(name, value, matrix),
                )
            )
    if draft.status and draft.status != risk.status:
        step.status = draft.status
        shown.append(("Status", risk.get_status_display(), RiskStatus(draft.status).label))
    if shown:
        step.change.action = UPDATE
    return step


def risks_compare(
    register: RiskRegister, table: Table, drafts: list[RiskDraft], result: ImportResult
) -> list[RiskStep]:
    """Match each row to the register's risk of that title and work out what changes."""
    existing: dict[str, list[Risk]] = {}
    for risk in Risk.objects.filter(register=register):
        existing.setdefault(title_key(risk.title), []).append(risk)
    steps = []
    for draft in drafts:
        matches = existing.get(title_key(draft.title), [])
        if len(matches) > 1:
            message = AMBIGUOUS.format(title=draft.title)
            result.errors.append(table.problem(draft.row, "title", message))
            continue
        matrix = register.matrix
        step = _step_existing(draft, matches[0], matrix) if matches else _step_new(draft, matrix)
        steps.append(step)
        result.record(step.change)
        _count_moves(step, result)
    in_file = {title_key(d.title) for d in drafts}
    result.not_in_file = sum(len(risks) for key, risks in existing.items() if key not in in_file)
    return steps


def _count_moves(step: RiskStep, result: ImportResult) -> None:
    """Re-ratings, closures and reopenings, counted when compared so a dry run has them too."""
    if step.rerate:
        result.add("rerated")
    if step.status == RiskStatus.CLOSED:
        result.add("closed")
    elif step.status == RiskStatus.OPEN and step.risk is not None:
        result.add("reopened")


# Writing ----------------------------------------------------------------------------------------


def _write(step: RiskStep, register: RiskRegister, acting_user, note: str, result) -> None:
    draft = step.draft
    if step.risk is None:
        values = {
            k: v
            for k, v in draft.values.items()
            if k not in ("current_likelihood", "current_impact")
        }
        risk = services.risk_create(
            acting_user=acting_user,
            register=register,
            title=draft.title,
            current_likelihood=draft.values["current_likelihood"],
            current_impact=draft.values["current_impact"],
            **values,
        )
    else:
        risk = step.risk
        if step.rerate:
            likelihood, impact = step.rerate
            services.risk_rerate(
                acting_user=acting_user, risk=risk, likelihood=likelihood, impact=impact, note=note
            )
        if step.fields:
            services.risk_update(acting_user=acting_user, risk=risk, note=note, **step.fields)
    if step.status == RiskStatus.CLOSED:
        services.risk_close(acting_user=acting_user, risk=risk, note=note)
    elif step.status == RiskStatus.OPEN and step.risk is not None:
        services.risk_update(
            acting_user=acting_user, risk=risk, note=note, status=RiskStatus.OPEN, closed_on=None
        )


def _partnership_id(register: RiskRegister) -> int | None:
    """The partnership the register's history is filed under (a project's, for its register)."""
    project = register.project if register.project_id else None
    return project.partnership_id if project else register.partnership_id


def risks_apply(
    register: RiskRegister, table: Table, steps: list[RiskStep], result: ImportResult, acting_user
) -> None:
    """Write each step through the risk services; a service's refusal becomes a problem on its row.
    The caller's transaction is rolled back if there is any problem."""
    note = IMPORT_NOTE.format(filename=result.filename)
    for step in steps:
        if step.change.action == UNCHANGED:
            continue
        try:
            _write(step, register, acting_user, note, result)
        except ValidationError as exc:
            result.errors += service_problems(table, step.draft.row, exc, FIELD_COLUMNS)
    if result.changed and not result.errors:
        audit_record(
            acting_user=acting_user,
            action="risk_register.import",
            obj=register,
            changes={
                name: [None, n]
                for name, n in {
                    "created": result.created,
                    "updated": result.updated,
                    **result.counts,
                }.items()
            },
            note=result.filename[:500],
            partnership_id=_partnership_id(register),
        )


def risks_import(
    *,
    acting_user,
    register: RiskRegister,
    content: bytes,
    filename: str,
    dry_run: bool = False,
) -> ImportResult:
    """Import a risk register file: on a dry run, or with any problem, nothing is saved and the
    result says what would have changed."""
    result = ImportResult(filename=filename, dry_run=dry_run)
    result.counts = {"rerated": 0, "closed": 0, "reopened": 0}
    if dry_run:  # reads only: no transaction, so no write lock held while comparing
        register = RiskRegister.objects.select_related("matrix", "project").get(pk=register.pk)
        table, drafts = risks_read(content, filename, register.matrix, result)
        if table is not None:
            risks_compare(register, table, drafts, result)
        result.sort_errors()
        return result
    with transaction.atomic():
        register = (
            RiskRegister.objects.select_for_update(of=("self",))
            .select_related("matrix", "project")
            .get(pk=register.pk)
        )
        table, drafts = risks_read(content, filename, register.matrix, result)
        if table is not None:
            steps = risks_compare(register, table, drafts, result)
            if not result.errors:
                risks_apply(register, table, steps, result, acting_user)
        if result.errors:
            transaction.set_rollback(True)
        else:
            result.saved = result.changed
    result.sort_errors()
    return result
