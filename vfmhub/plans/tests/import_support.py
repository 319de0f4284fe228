"""Helpers the import and export tests share: the seed 002 fixtures, a versioned plan, and a
plan's contents as a plain structure to compare."""

from pathlib import Path

from vfmhub.frameworks.loader import load_frameworks
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.plans.models import Action, ActionUpdate, Plan, PlanItem, UpdateRound

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_XLSX = FIXTURES / "seed002.xlsx"
SEED_DOCX = FIXTURES / "seed002.docx"
SEED_CSV = FIXTURES / "seed002-cp1252.csv"


def uor_2009(load: bool = True) -> FrameworkVersion:
    if load:
        load_frameworks()
    return FrameworkVersion.objects.get(framework__code="use-of-resources", code="2009-10")


def make_plan(organisation, *, version=None, title="Use of resources action plan") -> Plan:
    return Plan.objects.create(organisation=organisation, title=title, version=version)


def plan_structure(plan: Plan) -> dict:
    """Items (with headings and criterion), actions and current updates, rounds, as plain data."""
    rounds = [(r.label, r.as_at) for r in UpdateRound.objects.filter(plan=plan).order_by("order")]
    updates: dict[int, dict[str, str]] = {}
    for update in ActionUpdate.objects.filter(
        action__item__plan=plan, is_current=True
    ).select_related("round"):
        updates.setdefault(update.action_id, {})[update.round.label] = update.text
    actions: dict[int, list] = {}
    for action in Action.objects.filter(item__plan=plan).order_by("order", "pk"):
        actions.setdefault(action.item_id, []).append(
            (
                action.description,
                action.officer,
                action.status,
                action.no_action_reason,
                action.added_from,
                action.target_date,
                updates.get(action.pk, {}),
            )
        )
    items = [
        (
            item.theme_heading,
            item.criterion_heading,
            item.criterion.code if item.criterion else None,
            item.text,
            actions.get(item.pk, []),
        )
        for item in PlanItem.objects.filter(plan=plan).select_related("criterion").order_by("order")
    ]
    return {"rounds": rounds, "items": items}


def counts(plan: Plan) -> dict[str, int]:
    return {
        "items": PlanItem.objects.filter(plan=plan).count(),
        "actions": Action.objects.filter(item__plan=plan).count(),
        "rounds": UpdateRound.objects.filter(plan=plan).count(),
        "updates": ActionUpdate.objects.filter(action__item__plan=plan).count(),
    }
