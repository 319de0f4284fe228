"""Importing a risk register's risks from XLSX or CSV: all or nothing, and idempotent.

A risk is matched by its title within the register (case and spacing aside), so importing the
same file again changes nothing. Rows are written in bulk as the risk services write them one at a
time: a changed current rating is a re-rating (as `risk_rerate`: the rating history keeps the old
one), other changes as `risk_update`, new risks as `risk_create` and "closed" as `risk_close`, each
recorded in the risk's history with its old and new values. Ratings are numbers from 1 to the
matrix's size or the matrix's labels ("High", "Medium", "Low"), in any case; a label's first
letters will do where no other label starts with them ("H", "Med").

A column in the file sets its field for every row, a blank cell clearing it; a blank status leaves
the risk open or closed as it is. Risks in the register but not in the file are left alone.
"""

from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

from vfmhub.core.importing import ImportIssue
from vfmhub.lib.tabular import SourceRow
from vfmhub.organisations.models import Organisation, Partnership
from vfmhub.programme.importing.registers.common import (
    BAD_DATE,
    CREATE,
    TOO_LONG,
    UNCHANGED,
    UPDATE,
    ImportResult,
    ReadOptions,
    RowChange,
    label_for,
    one_line,
    read_date,
    same_text,
)
from vfmhub.programme.importing.registers.tables import (
    Column,
    Table,
    find_table,
    locate,
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
    Column(
        "owner",
        "Owner",
        ("Risk owner", "Responsible officer", "Lead officer"),
        label="the risk's owner",
        suggests=("officer", "responsible", "manager", "who"),
    ),
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
HEADINGS = {c.name: c.heading for c in COLUMNS}
# Worked out from the current rating, as the register's export gives them: known, not read.
WORKED_OUT = ("Current score", "Current band", "Score", "Risk score", "Band", "Rating band")
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
MATRIX_CHANGED = (
    "The register's risk matrix changed while the file was being imported, so nothing was "
    "saved: import the file again."
)
FIRST_RATING = "First rating."
CURRENT = ("current_likelihood", "current_impact")
OTHER_RATINGS = tuple(f"{kind}_{part}" for kind in ("inherent", "target") for part in PARTS)
STATUS = ("status", "closed_on")
EXISTING_FIELDS = ["pk", "title", *TEXT_FIELDS, *CURRENT, *OTHER_RATINGS, "review_date", *STATUS]
EXISTING_FIELDS.append("updated_at")


@dataclass(slots=True)  # one for each row of a large file
class RiskDraft:
    row: int  # its number in the file (the cells are not kept)
    title: str
    values: dict[str, Any] = field(default_factory=dict)
    status: str = ""


@dataclass(slots=True)  # one for each row of a large file
class RiskStep:
    """What importing one row does to the register."""

    draft: RiskDraft
    old: Any  # the risk's values as read (a named tuple), None for a new risk
    change: RowChange
    rerate: tuple[int, int] | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    status: str = ""  # the status to move to, if it changes


def register_owner(register: RiskRegister) -> Organisation | Partnership:
    """Whose register it is, for the column choices remembered for its imports: the body's, or
    the partnership's (its own or its project's)."""
    if register.organisation is not None:
        return register.organisation
    if register.partnership is not None:
        return register.partnership
    assert register.project is not None  # a register is a body's, a partnership's or a project's
    return register.project.partnership


def title_key(title: str) -> str:
    return one_line(title).casefold()


# Reading ----------------------------------------------------------------------------------------


def read_rating(text: str, labels: list[str] | tuple[str, ...]) -> int | None:
    """A rating from a number (1 to the matrix's size) or a label; ValueError if neither."""
    return _rating(text, tuple(labels))


@lru_cache(maxsize=4096)  # a file holds few different ratings: each is read once
def _rating(text: str, labels: tuple[str, ...]) -> int | None:
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


RATING_COLUMNS = [(kind, [(part, f"{kind}_{part}") for part in PARTS]) for kind in RATING_KINDS]


def _ratings(table: Table, row: SourceRow, matrix: RiskMatrix, draft: RiskDraft, problems):
    labels = {"likelihood": tuple(matrix.likelihood_labels), "impact": tuple(matrix.impact_labels)}
    for kind, names in RATING_COLUMNS:
        read: dict[str, int | None] = {}
        for part, name in names:
            if not table.has(name):
                continue
            text = table.text(row, name)
            try:
                value = _rating(text, labels[part])
            except ValueError:
                problems.append(table.problem(row, name, not_a_rating(text, part, matrix)))
                continue
            read[part] = draft.values[name] = value
            if value is None and kind == RatingKind.CURRENT:
                problems.append(table.problem(row, name, NO_CURRENT.format(part=part)))
        if kind != RatingKind.CURRENT and len(read) == 2 and list(read.values()).count(None) == 1:
            missing = "likelihood" if read["likelihood"] is None else "impact"
            message = HALF_PAIR.format(kind=kind, missing=missing)
            problems.append(table.problem(row, f"{kind}_{missing}", message))


def _draft(table: Table, row: SourceRow, matrix: RiskMatrix, problems: list[ImportIssue]):
    before = len(problems)
    draft = RiskDraft(row=row.number, title=table.text(row, "title"))
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


def _paired_columns(table: Table, problems: list[ImportIssue]) -> None:
    for kind in (RatingKind.INHERENT, RatingKind.TARGET):
        names = [f"{kind}_{part}" for part in PARTS]
        present = [n for n in names if table.has(n)]
        if len(present) == 1:
            missing = next(n for n in names if n != present[0])
            message = HALF_PAIR_COLUMN.format(
                present=HEADINGS[present[0]], missing=HEADINGS[missing]
            )
            problems.append(table.header_problem(message))


def risks_read(
    content: bytes,
    filename: str,
    matrix: RiskMatrix,
    result: ImportResult,
    options: ReadOptions,
):
    """The file's rows as drafts, every problem with the file added to `result.errors`: the
    sheet named, or the one whose header fits best."""
    sheets = options.sheets(content, filename, result)
    if not sheets:
        return None, []
    sheet, header = locate(options.candidates(sheets), COLUMNS, options.choices)
    result.sheet = sheet.name
    table = find_table(sheet, header, COLUMNS, result.errors, label=label_for(sheet, sheets))
    if table is None:
        return None, []
    result.ignored_headings = table.columns_accounted(options.choices, result.errors, WORKED_OUT)
    return table, _read_table(table, matrix, result)


def _read_table(table: Table, matrix: RiskMatrix, result: ImportResult) -> list[RiskDraft]:
    _paired_columns(table, result.errors)
    drafts: list[RiskDraft] = []
    seen: dict[str, int] = {}
    for row in table.data_rows():
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
    table.no_rows_problem(result.errors)
    return drafts


# Comparing --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _show_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _show(name: str, value: Any, matrix: RiskMatrix) -> str:
    if value is None or value == "":
        return ""
    if name.endswith("_likelihood"):
        return matrix.likelihood_label(value)
    if name.endswith("_impact"):
        return matrix.impact_label(value)
    if hasattr(value, "strftime"):
        return _show_date(value)
    return str(value)


def _differs(old: Any, name: str, value: Any) -> bool:
    was = getattr(old, name)
    return not same_text(was, value) if name in TEXT_FIELDS else was != value


def _rating_text(likelihood: int, impact: int, matrix: RiskMatrix) -> str:
    return f"{matrix.likelihood_label(likelihood)} likelihood, {matrix.impact_label(impact)} impact"


def _new_shown(draft: RiskDraft, matrix: RiskMatrix) -> list[tuple[str, str, str]]:
    shown = [
        (HEADINGS[name], "", _show(name, value, matrix))
        for name, value in draft.values.items()
        if value is not None and value != ""
    ]
    if draft.status == RiskStatus.CLOSED:
        shown.append(("Status", "", "Closed"))
    return shown


def _step_new(draft: RiskDraft, matrix: RiskMatrix) -> RiskStep:
    describe = partial(_new_shown, draft, matrix)
    change = RowChange(draft.row, draft.title, CREATE, describe=describe)
    return RiskStep(draft, None, change, status=draft.status)


def _step_existing(draft: RiskDraft, old: Any, matrix: RiskMatrix) -> RiskStep:
    step = RiskStep(draft, old, RowChange(draft.row, draft.title, UNCHANGED, []))
    shown = step.change.changes
    new_current = (draft.values["current_likelihood"], draft.values["current_impact"])
    old_current = (old.current_likelihood, old.current_impact)
    if new_current != old_current:
        step.rerate = new_current
        shown.append(
            (
                "Current rating",
                _rating_text(*old_current, matrix),
                _rating_text(*new_current, matrix),
            )
        )
    if draft.title != old.title:
        step.fields["title"] = draft.title
        shown.append(("Risk", old.title, draft.title))
    for name, value in draft.values.items():
        if not name.startswith("current_") and _differs(old, name, value):
            step.fields[name] = value
            was = getattr(old, name)
            shown.append((HEADINGS[name], _show(name, was, matrix), _show(name, value, matrix)))
    if draft.status and draft.status != old.status:
        step.status = draft.status
        was, becomes = RiskStatus(old.status).label, RiskStatus(draft.status).label
        shown.append(("Status", was, becomes))
    if shown:
        step.change.action = UPDATE
    return step


def risks_existing(register: RiskRegister) -> dict[str, list[Any]]:
    """The register's risks by (keyed) title, as the values an import compares: read in one
    query, as named tuples rather than model instances (a register may hold 100,000)."""
    existing: dict[str, list[Any]] = {}
    rows = Risk.objects.filter(register=register).values_list(*EXISTING_FIELDS, named=True)
    for row in rows.iterator(chunk_size=5000):
        existing.setdefault(title_key(row.title), []).append(row)
    return existing


def risks_compare(
    register: RiskRegister, table: Table, drafts: list[RiskDraft], result: ImportResult
) -> list[RiskStep]:
    """Match each row to the register's risk of that title and work out what changes: the
    steps of the rows that change. Reads only, so a dry run holds no write lock."""
    existing = risks_existing(register)
    steps = []
    matrix = register.matrix
    for draft in drafts:
        matches = existing.get(title_key(draft.title), [])
        if len(matches) > 1:
            message = AMBIGUOUS.format(title=draft.title)
            result.errors.append(table.problem(draft.row, "title", message))
            continue
        step = _step_existing(draft, matches[0], matrix) if matches else _step_new(draft, matrix)
        result.record(step.change)
        if step.change.action != UNCHANGED:
            steps.append(step)
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
    elif step.status == RiskStatus.OPEN and step.old is not None:
        result.add("reopened")
