"""What an import reads and reports: draft items, actions, rounds and updates with their source
rows, each error with its row and column (`vfmhub.core.importing`), and the result counts."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from vfmhub.core.importing import ImportIssue, Location

MATCHED_BY_FILE = "file"  # the plan this file was imported into before
MATCHED_BY_TITLE = "title"  # the plan of the same title and framework version


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
    theme_code: str = ""
    theme_location: Location | None = None
    actions: list[DraftAction] = field(default_factory=list)


@dataclass
class PlanDraft:
    """Everything read from one file, before it is compared with the plan."""

    rounds: list[DraftRound] = field(default_factory=list)
    items: list[DraftItem] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    sheet: str = ""  # the workbook's sheet read ("" for a CSV or Word file)
    fingerprint: str = ""  # of the table read, so the same file is known again

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
    sheet: str = ""
    matched: str = ""  # how an existing plan was found for a file: MATCHED_BY_FILE or _TITLE
    plan_created: bool = False

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
