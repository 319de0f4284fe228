"""What an import reads and reports: draft items, actions, rounds and updates with their source
rows, each error with its row and column, and the result counts."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from vfmhub.lib.tabular import column_letter


@dataclass(frozen=True)
class Location:
    """Where something was read: a spreadsheet row, or a Word table and row; a column index.
    Row 0 is the file as a whole (it could not be read as a table)."""

    row: int
    table: int | None = None
    column: int | None = None
    heading: str = ""

    def at_column(self, column: int | None, heading: str = "") -> "Location":
        return Location(row=self.row, table=self.table, column=column, heading=heading)

    @property
    def column_label(self) -> str:
        if self.column is None:
            return ""
        return str(self.column + 1) if self.table is not None else column_letter(self.column)

    def __str__(self) -> str:
        if self.row == 0:
            return "The file"
        where = (
            f"Table {self.table}, row {self.row}" if self.table is not None else f"Row {self.row}"
        )
        if self.column is not None:
            where += f", column {self.column_label}"
            if self.heading:
                where += f" ({self.heading})"
        return where


@dataclass(frozen=True)
class ImportIssue:
    location: Location
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.location.table,
            "row": self.location.row,
            "column": self.location.column_label,
            "heading": self.location.heading,
            "message": self.message,
            "text": str(self),
        }

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class DraftRound:
    label: str
    as_at: datetime.date | None
    column: int


@dataclass
class DraftUpdate:
    round_label: str
    text: str
    location: Location


@dataclass
class DraftAction:
    description: str
    location: Location
    officer: str = ""
    target_date: datetime.date | None = None
    status: str = ""
    rag: str = ""
    no_action_reason: str = ""
    added_from: str = ""
    updates: dict[str, DraftUpdate] = field(default_factory=dict)

    def add_update(self, round_label: str, text: str, location: Location) -> None:
        """A round's text, joined to what an earlier (continued) row gave the same round."""
        existing = self.updates.get(round_label)
        if existing:
            existing.text = f"{existing.text} {text}"
        else:
            self.updates[round_label] = DraftUpdate(round_label, text, location)


@dataclass
class DraftItem:
    text: str
    location: Location
    theme_heading: str = ""
    criterion_heading: str = ""
    criterion_code: str = ""
    criterion_location: Location | None = None
    actions: list[DraftAction] = field(default_factory=list)


@dataclass
class PlanDraft:
    """Everything read from one file, before it is compared with the plan."""

    rounds: list[DraftRound] = field(default_factory=list)
    items: list[DraftItem] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    ignored_headings: list[str] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.errors.append(ImportIssue(location, message))


@dataclass
class PreviewAction:
    draft: DraftAction
    is_new: bool
    updates: int  # new or corrected updates for it


@dataclass
class PreviewItem:
    draft: DraftItem
    is_new: bool
    actions: list[PreviewAction]


@dataclass
class ImportResult:
    """What an import created (or, on a dry run or with errors, would have created)."""

    filename: str
    dry_run: bool
    plan_id: int | None = None
    items: int = 0
    actions: int = 0
    rounds: int = 0
    updates: int = 0
    corrections: int = 0
    errors: list[ImportIssue] = field(default_factory=list)
    draft: PlanDraft | None = None
    preview: list["PreviewItem"] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return bool(self.items or self.actions or self.rounds or self.updates or self.corrections)

    def summary(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "actions": self.actions,
            "rounds": self.rounds,
            "updates": self.updates,
            "corrections": self.corrections,
            "errors": [e.as_dict() for e in self.errors],
        }
