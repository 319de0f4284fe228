"""What the generated improvement plans say: seed 002's Use of Resources action plan, as a
district council kept it in 2009–10 (its items and actions are data, in
`definitions/demo-plan.yaml`), with the plan's rounds, officer titles and review texts.
"""

from pathlib import Path
from typing import NamedTuple

import yaml

PLAN_TITLE = "Use of Resources Action Plan 2009/10"
PLAN_DESCRIPTION = "Value for Money Assessment / Use of Resources Action Plan (Appendix 3)."
FROM_2010 = "Action Plan from 2010 Assessment"

# (label, as-at date as (year, month, day)): seed 002's three round columns.
ROUNDS = (
    ("December 2009 Position", (2009, 12, 31)),
    ("March 2010 update", (2010, 3, 31)),
    ("July 2010 update", (2010, 7, 31)),
)

OFFICER_TITLES = (
    ("HoF", "Head of Finance"),
    ("SFM", "Strategic Finance Manager"),
    ("IPM", "Improvement and Performance Manager"),
    ("CMT", "Corporate Management Team"),
    ("SMT", "Senior Management Team"),
    ("BIPM", "Business Improvement Programme Manager"),
)

THEMES = {
    "1": "Theme 1 - Managing finances",
    "2": "Theme 2 - Governing the business",
    "3": "Theme 3 - Managing resources",
}

NO_ACTION_REASON = (
    "Propose no action. The role of targets is being reviewed, and forecast outturns are almost "
    "always guesses, as likely to mislead as to inform."
)


class ActionText(NamedTuple):
    description: str
    officer: str
    positions: tuple[str, str, str]
    new_in_2010: bool = False
    no_action: bool = False


class ItemText(NamedTuple):
    kloe: str
    kloe_heading: str
    issue: str
    actions: tuple[ActionText, ...]


DEFINITION = Path(__file__).resolve().parent.parent / "definitions" / "demo-plan.yaml"


def _action(row: dict) -> ActionText:
    if row.get("new_in_2010"):
        positions = ("", "", row["july"])
    else:
        december, march, july = row["positions"]
        positions = (december, march, july)
    return ActionText(
        row["action"],
        row["officer"],
        positions,
        new_in_2010=bool(row.get("new_in_2010")),
        no_action=bool(row.get("no_action")),
    )


def load_items(path: Path = DEFINITION) -> tuple[ItemText, ...]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        ItemText(
            str(row["kloe"]),
            row["heading"],
            row["issue"],
            tuple(_action(action) for action in row["actions"]),
        )
        for row in rows
    )


ITEMS = load_items()

UPDATE_FILLERS = (
    "On track; reported to SMT.",
    "Progress reported to Finance and Audit.",
    "Slipped a month; revised date agreed with SMT.",
    "Under way as planned.",
)

REVIEW_OVERALL = (
    "A clear, well-owned plan that follows the auditor's areas for improvement closely. Updates "
    "are regular, but several say what was done rather than what changed as a result; the 2010 "
    "actions need target dates."
)
REVIEW_ITEM_COMMENTS = (
    "Good: consultation results are fed back. Say how they changed the budget.",
    "Consider peer challenge from a neighbouring council's finance sub-group.",
    "Benchmarking through the partnership's cost comparison club would help here.",
    "The no-action decision is reasoned; revisit it when the measures review ends.",
)
REVIEW_RESPONSE = (
    "Thank you. We have added target dates to the 2010 actions and will report outcomes, not "
    "only activity, from the next round."
)
