"""A draft compared with the plan as it stands: what is new, what is there already, what is wrong.

Matching makes an import idempotent: items by (criterion, or the headings when there is none, and
the normalised text), actions by (item, normalised description), rounds by label, updates by
(action, round). A current update with other text is corrected (a new row that corrects it).
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from vfmhub.frameworks.models import Criterion, FrameworkVersion, Theme
from vfmhub.plans.importing.types import (
    DraftAction,
    DraftItem,
    DraftRound,
    DraftUpdate,
    PlanDraft,
    PreviewAction,
    PreviewItem,
)
from vfmhub.plans.models import Action, ActionUpdate, OfficerTitle, Plan, PlanItem, UpdateRound

UNKNOWN_CRITERION = "{noun} {code} is not in {version}. Its {nouns} are {codes}."
UNKNOWN_THEME = "Theme {code} is not in {version}. Its themes are {codes}."


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


class CurrentUpdate(NamedTuple):
    """An action's current update for a round, as much of it as a comparison needs."""

    pk: int
    text: str


@dataclass
class UpdateChange:
    draft: DraftUpdate
    round_key: str
    replaces: CurrentUpdate | None = None
    created_id: int | None = None  # once written


@dataclass
class ActionChange:
    draft: DraftAction
    existing_id: int | None
    updates: dict[str, UpdateChange] = field(default_factory=dict)
    officer_user_id: int | None = None


@dataclass
class ItemChange:
    draft: DraftItem
    existing_id: int | None
    criterion: Criterion | None
    actions: dict[str, ActionChange] = field(default_factory=dict)


@dataclass
class PlanChanges:
    """What applying a draft would create, in file order."""

    items: dict[tuple, ItemChange] = field(default_factory=dict)
    new_rounds: list[DraftRound] = field(default_factory=list)
    rounds: dict[str, UpdateRound] = field(default_factory=dict)  # existing, by normalised label

    def counts(self) -> dict[str, int]:
        actions = [a for i in self.items.values() for a in i.actions.values()]
        updates = [u for a in actions for u in a.updates.values()]
        return {
            "items": sum(1 for i in self.items.values() if i.existing_id is None),
            "actions": sum(1 for a in actions if a.existing_id is None),
            "rounds": len(self.new_rounds),
            "updates": sum(1 for u in updates if u.replaces is None),
            "corrections": sum(1 for u in updates if u.replaces is not None),
        }


class _Existing:
    """The plan's items, actions, rounds and current updates, read in five queries as plain
    values (a plan of 100,000 rows would not fit in memory as model instances). A plan not yet
    saved (a new plan's dry run) has none."""

    def __init__(self, plan: Plan):
        self.items: dict[tuple, int] = {}
        self.actions: dict[tuple[int, str], int] = {}
        self.rounds: dict[str, UpdateRound] = {}
        self.updates: dict[tuple[int, int], CurrentUpdate] = {}
        titles = OfficerTitle.objects.filter(
            organisation_id=plan.organisation_id, user__isnull=False
        )
        self.officers = {normalised(t.abbreviation): t.user_id for t in titles}
        if plan.pk is not None:
            self._read(plan)

    def _read(self, plan: Plan) -> None:
        items = PlanItem.objects.filter(plan=plan)
        fields = ("pk", "criterion_id", "theme_heading", "criterion_heading", "text")
        for pk, criterion_id, theme, heading, text in items.values_list(*fields).iterator():
            self.items[_item_key(criterion_id, theme, heading, text)] = pk
        actions = Action.objects.filter(item__plan=plan).values_list("pk", "item_id", "description")
        for pk, item_id, description in actions.iterator():
            self.actions[(item_id, normalised(description))] = pk
        self.rounds = {normalised(r.label): r for r in UpdateRound.objects.filter(plan=plan)}
        updates = ActionUpdate.objects.filter(action__item__plan=plan, is_current=True)
        for pk, action_id, round_id, text in updates.values_list(
            "pk", "action_id", "round_id", "text"
        ).iterator():
            self.updates[(action_id, round_id)] = CurrentUpdate(pk, text)


def _item_key(criterion_id: int | None, theme: str, heading: str, text: str) -> tuple:
    """Items match by criterion and text, or by their headings and text when they have none."""
    if criterion_id:
        return (criterion_id, "", "", normalised(text))
    return (None, normalised(theme), normalised(heading), normalised(text))


def officer_user_id(officer: str, officers: dict[str, int | None]) -> int | None:
    """The user behind an officer's initials: the whole text ("HoF"), else the first of a shared
    responsibility ("HoF/IPM" -> HoF)."""
    if not officer:
        return None
    whole = officers.get(normalised(officer))
    return whole if whole else officers.get(normalised(officer.split("/")[0]))


def changes_for(plan: Plan, draft: PlanDraft) -> PlanChanges:
    """Compare `draft` with `plan`; unknown criteria become errors on the draft."""
    existing = _Existing(plan)
    criteria = _criteria(plan, draft)
    changes = PlanChanges(rounds=existing.rounds)
    changes.new_rounds = [r for r in draft.rounds if normalised(r.label) not in existing.rounds]
    for item in draft.items:
        criterion = criteria.get(item.criterion_code) if item.criterion_code else None
        key = _item_key(
            criterion.pk if criterion else None,
            item.theme_heading,
            item.criterion_heading,
            item.text,
        )
        change = changes.items.get(key)
        if change is None:
            change = ItemChange(item, existing.items.get(key), criterion)
            changes.items[key] = change
        for action in item.actions:
            _add_action(change, action, existing)
    return changes


def _criteria(plan: Plan, draft: PlanDraft) -> dict[str, Criterion]:
    """The version's criteria by code; each KLOE (or theme) heading naming a code the version
    does not have is an error, at its row and column, listing the codes it has."""
    if plan.version_id is None:
        return {}
    version = plan.version
    assert version is not None
    criteria = {c.code: c for c in Criterion.objects.filter(version_id=plan.version_id)}
    themes = list(Theme.objects.filter(version_id=plan.version_id).values_list("code", flat=True))
    noun = version.criterion_noun or "criterion"
    unknown_criterion = UNKNOWN_CRITERION.format(
        noun=noun[:1].upper() + noun[1:],
        code="{code}",
        version=version.name,
        nouns=version.criterion_noun_plural or "criteria",
        codes=_listed(criteria),
    )
    reported: set = set()
    for item in draft.items:
        code, where = item.criterion_code, item.criterion_location or item.location
        if code and code not in criteria and ("kloe", where) not in reported:
            reported.add(("kloe", where))
            draft.error(where, unknown_criterion.format(code=code))
        code, where = item.theme_code, item.theme_location or item.location
        if themes and code and code not in themes and ("theme", where) not in reported:
            reported.add(("theme", where))
            draft.error(where, _unknown_theme(version, code, themes))
    return criteria


def _unknown_theme(version: FrameworkVersion, code: str, themes: list[str]) -> str:
    return UNKNOWN_THEME.format(code=code, version=version.name, codes=_listed(themes))


def _listed(codes) -> str:
    """ "1.1, 1.2 and 2.1", in the framework's order; "none" when there are none."""
    codes = list(codes)
    if not codes:
        return "none"
    return codes[0] if len(codes) == 1 else f"{', '.join(codes[:-1])} and {codes[-1]}"


def _add_action(item: ItemChange, draft: DraftAction, existing: _Existing) -> None:
    key = normalised(draft.description)
    change = item.actions.get(key)
    if change is None:
        found = existing.actions.get((item.existing_id, key)) if item.existing_id else None
        change = ActionChange(
            draft, found, officer_user_id=officer_user_id(draft.officer, existing.officers)
        )
        item.actions[key] = change
    for round_label, update in draft.updates.items():
        round_key = normalised(round_label)
        if round_key in change.updates:
            continue  # the same action twice in the file: its first entry for a round stands
        current = None
        if change.existing_id is not None and round_key in existing.rounds:
            current = existing.updates.get((change.existing_id, existing.rounds[round_key].pk))
        if current is not None and normalised(current.text) == normalised(update.text):
            continue
        change.updates[round_key] = UpdateChange(update, round_key, replaces=current)


def changes_preview(changes: PlanChanges) -> list[PreviewItem]:
    """What the file holds, item by item, marked new or already in the plan (before writing)."""
    return [
        PreviewItem(
            item.draft,
            item.existing_id is None,
            [
                PreviewAction(a.draft, a.existing_id is None, len(a.updates))
                for a in item.actions.values()
            ],
        )
        for item in changes.items.values()
    ]
