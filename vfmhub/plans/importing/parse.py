"""Rows to a draft plan: theme and KLOE headings, items, actions, new actions from a later
assessment, and each round's update, each with the row it came from.

The rules follow how seed 002 is kept: an empty issue cell continues the item above (another action,
or, when the action cell is empty too, more text for the last action); a "Theme N" or "KLOE N.N"
cell starts a heading, and a KLOE heading may share its cell with the first issue after a bullet
("KLOE 1.1 - Financial • Further integrate ..."); each entry in an assessment column is a new action
whose owner is a trailing "- HoF"; a round cell belongs to the nearest new action to its left on
the row.
"""

import re

from vfmhub.lib.tabular import SourceRow, parse_date, strip_bullet
from vfmhub.plans.importing.columns import Columns
from vfmhub.plans.importing.types import DraftAction, DraftItem, Location, PlanDraft
from vfmhub.plans.models import ActionStatus, Rag

THEME = re.compile(r"^theme\s+(\d+)\b", re.I)
CRITERION = re.compile(r"^(?:kloe|criterion)\s*(\d+(?:\.\d+)+)", re.I)
CRITERION_INSIDE = re.compile(r"\s(?=(?:kloe|criterion)\s*\d+(?:\.\d+)+)", re.I)
BULLET_INSIDE = re.compile(r"\s*[•\u2022\uf0b7\uf0a7▪●]\s*")
NO_ACTION = re.compile(
    r"^(?:propose[sd]?\s+no\s+action|no\s+action\s+proposed|no\s+action)\b[\s.:;,\-–]*", re.I
)
OWNER_SUFFIX = re.compile(r"\s*[-–—]\s*([^-–—]{0,40}?)\s*$")
OWNER_MAX_WORDS = 4
NO_ACTION_REASON = "No action proposed."

LIMITS = {"officer": 200, "heading": 300, "label": 200}
STATUS_WORDS = {
    **{s.value: s.value for s in ActionStatus},
    **{s.label.lower(): s.value for s in ActionStatus},
    "complete": ActionStatus.COMPLETED.value,
    "done": ActionStatus.COMPLETED.value,
    "no action": ActionStatus.NO_ACTION.value,
}
RAG_WORDS = {
    **{r.value: r.value for r in Rag},
    "r": Rag.RED.value,
    "a": Rag.AMBER.value,
    "g": Rag.GREEN.value,
}

NO_ITEM_ABOVE = "This row continues an issue, but there is no issue above it."
ACTION_MISSING = "The action is empty but the row has other entries; give the action."
HEADING_WITH_ACTION = (
    "A heading shares this row with an action; put the issue after a bullet (•) in the same "
    "cell, or on a row of its own."
)
NOT_A_DATE = "{value!r} is not a date such as 31/03/2010."
NOT_A_STATUS = "{value!r} is not a status (use one of: {allowed})."
NOT_A_RAG = "{value!r} is not a RAG rating (use Red, Amber or Green)."
TOO_LONG = "The text is {length} characters long; at most {limit} fit."
ROUND_TWICE = "The round {label!r} has more than one column."


def owner_split(text: str) -> tuple[str, str]:
    """("Continue training - HoF") -> ("Continue training", "HoF"); no suffix, no owner."""
    match = OWNER_SUFFIX.search(text)
    if match and len(match[1].split()) <= OWNER_MAX_WORDS and not match[1].endswith("."):
        return text[: match.start()].strip(), match[1].strip()
    return text, ""


def no_action_reason(description: str) -> str:
    """The reason when an action reads "Propose no action. <reason>", else ""."""
    match = NO_ACTION.match(description)
    if not match:
        return ""
    reason = description[match.end() :].strip()
    return reason[:1].upper() + reason[1:] if reason else NO_ACTION_REASON


class _Reader:
    def __init__(self, columns: Columns, draft: PlanDraft):
        self.columns, self.draft = columns, draft
        self.theme = self.criterion = self.code = self.theme_code = ""
        self.criterion_location: Location | None = None
        self.theme_location: Location | None = None
        self.item: DraftItem | None = None
        self.last_action: DraftAction | None = None

    def at(self, row: SourceRow, name_or_index: str | int | None) -> Location:
        index = self.columns.named.get(name_or_index) if isinstance(name_or_index, str) else None
        if isinstance(name_or_index, int):
            index = name_or_index
        return self.columns.location(row, index)

    def read(self, row: SourceRow) -> None:
        if row.is_blank:
            return
        issue = row.cell(self.columns.named["issue"])
        if THEME.match(issue) or CRITERION.match(issue):
            issue = self.heading(row, issue)
            if not issue:
                if self.has_other_content(row):
                    self.draft.error(self.at(row, "issue"), HEADING_WITH_ACTION)
                return
        if issue:
            self.item = DraftItem(
                text=strip_bullet(issue),
                location=self.at(row, "issue"),
                theme_heading=self.theme,
                criterion_heading=self.criterion,
                criterion_code=self.code,
                criterion_location=self.criterion_location,
                theme_code=self.theme_code,
                theme_location=self.theme_location,
            )
            self.draft.items.append(self.item)
            self.last_action = None
        elif self.item is None:
            if self.has_other_content(row):
                self.draft.error(self.at(row, "issue"), NO_ITEM_ABOVE)
            return
        self.actions(row, new_item=bool(issue))

    def heading(self, row: SourceRow, text: str) -> str:
        """Take the heading(s) at the start of the issue cell; return any issue text after."""
        theme_match = THEME.match(text)
        if theme_match:
            parts = CRITERION_INSIDE.split(text, maxsplit=1)
            theme, rest = parts[0], parts[1] if len(parts) > 1 else ""
            self.theme, self.criterion, self.code = theme.strip(), "", ""
            self.theme_code, self.theme_location = theme_match[1], self.at(row, "issue")
            self.criterion_location = None
            self.check_length(self.at(row, "issue"), self.theme, "heading")
            text = rest.strip()
            if not text:
                return ""
        parts = BULLET_INSIDE.split(text, maxsplit=1)
        head, rest = parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""
        match = CRITERION.match(head)
        if match:
            self.criterion, self.code = head, match[1]
            self.criterion_location = self.at(row, "issue")
            self.check_length(self.criterion_location, head, "heading")
        return rest

    def has_other_content(self, row: SourceRow) -> bool:
        issue = self.columns.named["issue"]
        return any(text for i, text in enumerate(row.cells) if i != issue)

    def actions(self, row: SourceRow, *, new_item: bool) -> None:
        owners: list[tuple[int, DraftAction]] = []
        action_column = self.columns.named["action"]
        text = row.cell(action_column)
        if text:
            owners.append((action_column, self.new_action(row, text)))
        for column, added_from in self.columns.assessments.items():
            if row.cell(column):
                owners.append((column, self.assessment_action(row, column, added_from)))
        if owners:
            self.fill(row, owners[0][1], owners)
        elif self.has_details(row):
            if new_item or self.last_action is None:
                self.draft.error(self.at(row, "action"), ACTION_MISSING)
            else:
                self.fill(row, self.last_action, [], join=True)

    def has_details(self, row: SourceRow) -> bool:
        skip = {self.columns.named["issue"], self.columns.named["action"]}
        return any(text for i, text in enumerate(row.cells) if i not in skip)

    def new_action(self, row: SourceRow, text: str) -> DraftAction:
        assert self.item is not None
        action = DraftAction(description=strip_bullet(text), location=self.at(row, "action"))
        reason = no_action_reason(action.description)
        if reason:
            action.status, action.no_action_reason = ActionStatus.NO_ACTION.value, reason
        self.item.actions.append(action)
        self.last_action = action
        return action

    def assessment_action(self, row: SourceRow, column: int, added_from: str) -> DraftAction:
        assert self.item is not None
        description, officer = owner_split(strip_bullet(row.cell(column)))
        location = self.at(row, column)
        action = DraftAction(description, location, officer=officer, added_from=added_from)
        self.check_length(location, officer, "officer")
        self.check_length(location, added_from, "label")
        self.item.actions.append(action)
        self.last_action = action
        return action

    def fill(
        self,
        row: SourceRow,
        main: DraftAction,
        owners: list[tuple[int, DraftAction]],
        *,
        join: bool = False,
    ) -> None:
        """Officer, target, status and RAG to the row's main action; each round cell to the
        nearest new action to its left (else the main one)."""
        self.fill_details(row, main, join=join)
        for found in self.columns.rounds:
            text = row.cell(found.column)
            if not text:
                continue
            left = [action for column, action in owners if column < found.column]
            owner = left[-1] if left else main
            owner.add_update(found.label, text, self.at(row, found.column))

    def fill_details(self, row: SourceRow, action: DraftAction, *, join: bool) -> None:
        officer = row.cell(self.columns.named.get("officer"))
        if officer:
            action.officer = f"{action.officer} {officer}".strip() if join else officer
            self.check_length(self.at(row, "officer"), action.officer, "officer")
        target = row.cell(self.columns.named.get("target"))
        if target:
            try:
                action.target_date = parse_date(target)
            except ValueError:
                self.draft.error(self.at(row, "target"), NOT_A_DATE.format(value=target))
        status = row.cell(self.columns.named.get("status"))
        if status:
            self.set_status(row, action, status)
        rag = row.cell(self.columns.named.get("rag"))
        if rag:
            if rag.lower() in RAG_WORDS:
                action.rag = RAG_WORDS[rag.lower()]
            else:
                self.draft.error(self.at(row, "rag"), NOT_A_RAG.format(value=rag))

    def set_status(self, row: SourceRow, action: DraftAction, status: str) -> None:
        value = STATUS_WORDS.get(status.lower())
        if value is None:
            allowed = ", ".join(s.label for s in ActionStatus)
            self.draft.error(
                self.at(row, "status"), NOT_A_STATUS.format(value=status, allowed=allowed)
            )
            return
        action.status = value
        if value == ActionStatus.NO_ACTION and not action.no_action_reason:
            action.no_action_reason = no_action_reason(action.description) or action.description

    def check_length(self, location: Location, text: str, kind: str) -> None:
        if len(text) > LIMITS[kind]:
            self.draft.error(location, TOO_LONG.format(length=len(text), limit=LIMITS[kind]))


def draft_read(rows: list[SourceRow], columns: Columns, draft: PlanDraft) -> PlanDraft:
    """Fill `draft` with the items, actions and updates of `rows` below the header."""
    labels: dict[str, int] = {}
    for found in columns.rounds:
        where = columns.location(columns.header, found.column)
        if found.label.lower() in labels:
            draft.error(where, ROUND_TWICE.format(label=found.label))
        labels[found.label.lower()] = found.column
        if len(found.label) > LIMITS["label"]:
            draft.error(where, TOO_LONG.format(length=len(found.label), limit=LIMITS["label"]))
    reader = _Reader(columns, draft)
    for row in columns.data_rows(rows):
        reader.read(row)
    return draft
