"""A plan import records every row it writes with its values, and a dry run writes nothing."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vfmhub.audit.models import AuditEvent
from vfmhub.plans.importing import plan_import, plan_import_new
from vfmhub.plans.models import Action, ActionUpdate, Plan, PlanItem, UpdateRound
from vfmhub.plans.tests.import_support import SEED_XLSX

HEADER = ["Issue", "Action", "Officer", "Target date", "March 2010 update"]
FIRST = [
    HEADER,
    ["KLOE 1.1 - Financial planning"],
    ["An issue", "Action one", "HoF", "31/03/2010", "On track"],
    ["", "Action two", "IPM", "", "Slipped"],
]
CHANGED = [
    HEADER,
    ["KLOE 1.1 - Financial planning"],
    ["An issue", "Action one", "HoF", "31/03/2010", "On track"],
    ["", "Action two", "IPM", "", "Done in April"],
    ["", "Action three", "HoF", "", "Begun"],
]


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(f'"{c}"' for c in row) for row in rows).encode()


def _import(personas, plan, rows, filename="plan.csv"):
    return plan_import(
        acting_user=personas.editor, plan=plan, content=_csv(rows), filename=filename
    )


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_it_records_each_new_row_with_its_values(personas, plan):
    _import(personas, plan, FIRST)

    (round_event,) = _events("round.import_add")
    (item_event,) = _events("plan_item.import_add")
    one, two = _events("action.import_add")
    updates = _events("action_update.import_add")
    assert round_event.object_id == str(UpdateRound.objects.get(plan=plan).pk)
    assert round_event.changes == {
        "label": [None, "March 2010 update"],
        "as_at": [None, "2010-03-31"],
        "order": [None, 1],
    }
    item = PlanItem.objects.get(plan=plan)
    assert (item_event.object_id, item_event.object_repr) == (str(item.pk), str(item))
    assert item_event.changes == {
        "text": [None, "An issue"],
        "criterion_heading": [None, "KLOE 1.1 - Financial planning"],
        "source": [None, "other"],
        "order": [None, 1],
    }
    action = Action.objects.get(description="Action one")
    assert (one.object_id, one.object_repr) == (str(action.pk), str(action))
    assert one.changes == {
        "description": [None, "Action one"],
        "officer": [None, "HoF"],
        "target_date": [None, "2010-03-31"],
        "status": [None, "not_started"],
        "order": [None, 1],
    }
    assert two.changes["description"] == [None, "Action two"]
    texts = {e.object_id: e.changes for e in updates}
    assert texts == {
        str(u.pk): {"round": [None, "March 2010 update"], "text": [None, u.text]}
        for u in ActionUpdate.objects.filter(action__item__plan=plan)
    }
    assert {str(u) for u in ActionUpdate.objects.all()} == {e.object_repr for e in updates}
    for event in [round_event, item_event, one, two, *updates]:
        assert (event.actor, event.organisation_id, event.note) == (
            personas.editor,
            personas.org_a.pk,
            "plan.csv",
        )


def test_a_changed_file_records_the_old_and_new_text_and_the_new_rows(personas, plan):
    _import(personas, plan, FIRST)
    before = AuditEvent.objects.count()

    _import(personas, plan, CHANGED, filename="later.csv")

    later = AuditEvent.objects.filter(pk__gt=AuditEvent.objects.order_by("pk")[before - 1].pk)
    assert sorted(later.values_list("action", flat=True)) == [
        "action.import_add",
        "action_update.import_add",
        "action_update.import_correct",
        "plan.import",
    ]
    corrected = later.get(action="action_update.import_correct")
    new = ActionUpdate.objects.get(text="Done in April")
    assert corrected.object_id == str(new.pk)
    assert corrected.changes == {"text": ["Slipped", "Done in April"]}
    added = later.get(action="action.import_add")
    assert added.changes["description"] == [None, "Action three"]
    assert later.get(action="action_update.import_add").changes["text"] == [None, "Begun"]


def test_an_identical_re_import_records_nothing(personas, plan):
    _import(personas, plan, FIRST)
    before = AuditEvent.objects.count()

    result = _import(personas, plan, FIRST)

    assert not result.changed
    assert AuditEvent.objects.count() == before


def test_a_new_plan_dry_run_only_reads(personas):
    plans = Plan.objects.count()

    with CaptureQueriesContext(connection) as queries:
        result = plan_import_new(
            acting_user=personas.editor,
            organisation=personas.org_a,
            title="Seed 002",
            content=SEED_XLSX.read_bytes(),
            filename=SEED_XLSX.name,
            dry_run=True,
        )

    assert (result.plan_id, result.items, result.errors) == (None, 15, [])
    assert Plan.objects.count() == plans
    # No write, savepoint or transaction: on SQLite any of them would hold the write lock.
    assert [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")] == []
