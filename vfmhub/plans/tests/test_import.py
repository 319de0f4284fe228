import datetime

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.plans.importing import plan_import, plan_import_new
from vfmhub.plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    OfficerTitle,
    Plan,
    PlanItem,
    UpdateRound,
)
from vfmhub.plans.tests.fixtures import build_seed002
from vfmhub.plans.tests.import_support import (
    SEED_CSV,
    SEED_DOCX,
    SEED_XLSX,
    counts,
    make_plan,
    plan_structure,
    uor_2009,
)

ASSESSMENT = "Action Plan from 2010 Assessment"
NEW_2010_ACTIONS = {
    "Consult more widely/with representative groups on financial plans for forthcoming year": (
        "CMT/HoF/IPM"
    ),
    "Continue financial training for F&A members with clear explanation of the impact of "
    "Support Service costs": "HoF",
    "Ensure income models are innovative and that levels are closely monitored and reflect the "
    "external environment": "Service Heads",
    "Ensure assumptions for recurring/one-off growth/savings are validated on an ongoing basis": (
        "HoF"
    ),
    "Better understand the cost of services so as to be able to demonstrate value for money": (
        "Service Heads"
    ),
    "Ensure (wherever possible) CMT, S151, Scrutiny, Executive has appropriate time for "
    "consideration of business cases": "CMT",
    "Ensure external assessments are published on the website": "",
    "Ensure outcomes from financial consultation are reported to local residents": "CMT/HoF/IPM",
    "Ensure procurement savings are monitored on an ongoing basis": "HoF",
    "Ensure customer insight project identifies needs/desires of our residents and that the data "
    "is used to inform service decisions which specify desired outcomes": "IPM",
}


@pytest.fixture
def version(db):
    return uor_2009()


@pytest.fixture
def plan(personas, version):
    return make_plan(personas.org_a, version=version)


def _import(plan, path, user, **options):
    return plan_import(
        acting_user=user, plan=plan, content=path.read_bytes(), filename=path.name, **options
    )


@pytest.mark.parametrize("path", [SEED_XLSX, SEED_DOCX, SEED_CSV], ids=["xlsx", "docx", "csv"])
def test_it_imports_seed_002_under_the_right_kloes(personas, plan, path):
    result = _import(plan, path, personas.editor)

    assert result.errors == []
    assert (result.items, result.actions, result.rounds, result.updates) == (15, 26, 3, 46)
    codes = list(PlanItem.objects.filter(plan=plan).values_list("criterion__code", "text"))
    assert [c for c, _ in codes] == ["1.1"] * 4 + ["1.2"] * 5 + ["1.3"] + ["2.1"] * 2 + [
        "2.2"
    ] * 2 + ["3.3"]
    first = PlanItem.objects.filter(plan=plan).first()
    assert first is not None
    assert first.text == "Further integrate corporate financial planning with service planning."
    assert first.theme_heading == "Theme 1 - Managing finances"
    assert first.criterion_heading == "KLOE 1.1 - Financial planning"
    reporting = PlanItem.objects.get(plan=plan, text__startswith="Strengthen reporting")
    assert reporting.text == (
        "Strengthen reporting around BIP to enable decision makers to better challenge the "
        "assumptions and progress."
    )


@pytest.mark.parametrize("path", [SEED_XLSX, SEED_DOCX], ids=["xlsx", "docx"])
def test_it_reads_actions_officers_rounds_and_updates(personas, plan, path):
    _import(plan, path, personas.editor)

    rounds = list(UpdateRound.objects.filter(plan=plan).values_list("label", "as_at", "order"))
    assert rounds == [
        ("December 2009 Position", datetime.date(2009, 12, 31), 1),
        ("March 2010 update", datetime.date(2010, 3, 31), 2),
        ("July 2010 update", datetime.date(2010, 7, 31), 3),
    ]
    broaden = Action.objects.get(item__plan=plan, description__startswith="Broaden scope")
    assert broaden.officer == "HoF/IPM"
    assert {u.round.label: u.text for u in broaden.updates.all()} == {
        "December 2009 Position": "Nov/Dev 2009",
        "March 2010 update": "Undertaken as part of 2010/11 budget, and consultation thereon.",
    }
    training = Action.objects.get(item__plan=plan, description__startswith="Training for members")
    assert training.item.text.startswith("Stronger evidence of robust challenge")
    assert training.officer == "HoF"
    assert [u.text for u in training.updates.all()] == ["Training session November 2009"]
    # Sub-Group, Training, and three 2010 actions (two on the rows after the page break)
    assert Action.objects.filter(item=training.item).count() == 5


@pytest.mark.parametrize("path", [SEED_XLSX, SEED_DOCX], ids=["xlsx", "docx"])
def test_it_adds_the_2010_assessment_actions_with_owners(personas, plan, path):
    _import(plan, path, personas.editor)

    added = Action.objects.filter(item__plan=plan, added_from=ASSESSMENT)
    assert {a.description: a.officer for a in added} == NEW_2010_ACTIONS
    training = added.get(description__startswith="Continue financial training")
    assert training.item.text.startswith("Stronger evidence of robust challenge")
    assert [(u.round.label, u.text) for u in training.updates.all()] == [
        ("July 2010 update", "Presentation/report")
    ]
    consult = added.get(description__startswith="Consult more widely")
    assert consult.item.text.startswith("Better evidence how feedback")
    assert consult.updates.get().text.startswith("We will be undertaking Budget Consultation")
    income = added.get(description__startswith="Ensure income models")
    assert income.item.text.startswith("Stronger evidence of robust challenge")  # after page break


def test_it_reads_propose_no_action_with_its_reason(personas, plan):
    _import(plan, SEED_XLSX, personas.editor)

    action = Action.objects.get(item__plan=plan, description__startswith="Propose no action")
    assert action.status == ActionStatus.NO_ACTION
    assert action.no_action_reason.startswith("Role of targets is being reviewed")


def test_it_links_officer_initials_to_the_organisations_officer_titles(personas, plan):
    OfficerTitle.objects.create(
        organisation=personas.org_a,
        abbreviation="HoF",
        title="Head of Finance",
        user=personas.editor,
    )
    OfficerTitle.objects.create(
        organisation=personas.org_b, abbreviation="IPM", user=personas.outsider
    )

    _import(plan, SEED_XLSX, personas.editor)

    actions = Action.objects.filter(item__plan=plan)
    assert actions.get(description__startswith="Sub-Group").officer_user == personas.editor
    assert actions.get(description__startswith="Broaden scope").officer_user == personas.editor
    assert actions.get(description__startswith="As set out in Data").officer_user is None


@pytest.mark.parametrize("path", [SEED_XLSX, SEED_DOCX], ids=["xlsx", "docx"])
def test_it_changes_nothing_on_a_dry_run(personas, plan, path):
    before = counts(plan)
    events = AuditEvent.objects.count()

    result = _import(plan, path, personas.editor, dry_run=True)

    assert (result.items, result.actions, result.rounds, result.updates) == (15, 26, 3, 46)
    assert not result.saved
    assert counts(plan) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("path", [SEED_XLSX, SEED_DOCX, SEED_CSV], ids=["xlsx", "docx", "csv"])
def test_it_adds_nothing_the_second_time(personas, plan, path):
    _import(plan, path, personas.editor)
    before, structure = counts(plan), plan_structure(plan)

    result = _import(plan, path, personas.editor)

    assert result.summary() == {
        "items": 0,
        "actions": 0,
        "rounds": 0,
        "updates": 0,
        "corrections": 0,
        "errors": [],
    }
    assert counts(plan) == before
    assert plan_structure(plan) == structure


def test_it_reads_the_same_plan_from_excel_word_and_csv(personas, version):
    structures = []
    for path in (SEED_XLSX, SEED_DOCX, SEED_CSV):
        plan = make_plan(personas.org_a, version=version, title=path.name)
        _import(plan, path, personas.editor)
        structures.append(plan_structure(plan))
    assert structures[0] == structures[1] == structures[2]


def test_it_records_one_audit_event_with_the_counts(personas, plan):
    _import(plan, SEED_XLSX, personas.editor)

    event = AuditEvent.objects.get(action="plan.import")
    assert event.actor == personas.editor
    assert event.organisation_id == personas.org_a.pk
    assert event.note == "seed002.xlsx"
    assert event.changes["items"] == [None, 15]
    assert event.changes["updates"] == [None, 46]


def _csv(*rows: list[str]) -> bytes:
    return "\n".join(",".join(f'"{c}"' for c in row) for row in rows).encode()


HEADER = ["Issue", "Action", "Officer", "March 2010 update"]


def test_a_later_file_with_a_new_round_adds_its_updates(personas, plan):
    first = _csv(
        HEADER, ["KLOE 1.1 - Financial planning"], ["An issue", "An action", "HoF", "Begun"]
    )
    later = _csv(
        [*HEADER, "July 2010 update"],
        ["KLOE 1.1 - Financial planning"],
        ["An issue", "An action", "HoF", "Begun", "Done"],
    )
    plan_import(acting_user=personas.editor, plan=plan, content=first, filename="march.csv")

    result = plan_import(acting_user=personas.editor, plan=plan, content=later, filename="july.csv")

    assert (result.items, result.actions, result.rounds, result.updates) == (0, 0, 1, 1)
    action = Action.objects.get(item__plan=plan)
    assert [(u.round.label, u.text) for u in action.updates.order_by("round__order")] == [
        ("March 2010 update", "Begun"),
        ("July 2010 update", "Done"),
    ]


def test_changed_update_text_is_a_correction_that_keeps_the_original(personas, plan):
    first = _csv(HEADER, ["An issue", "An action", "HoF", "Begun"])
    changed = _csv(HEADER, ["An issue", "An action", "HoF", "Begun in April"])
    plan_import(acting_user=personas.editor, plan=plan, content=first, filename="a.csv")

    result = plan_import(acting_user=personas.editor, plan=plan, content=changed, filename="b.csv")

    assert (result.updates, result.corrections) == (0, 1)
    old, new = ActionUpdate.objects.order_by("pk")
    assert (old.text, old.is_current) == ("Begun", False)
    assert (new.text, new.is_current, new.corrects) == ("Begun in April", True, old)


def test_without_a_version_headings_are_kept_as_text(personas):
    plan = make_plan(personas.org_a)
    content = _csv(HEADER, ["Theme 9 - Our own"], ["KLOE 9.9 - Local"], ["An issue", "An action"])

    result = plan_import(acting_user=personas.editor, plan=plan, content=content, filename="p.csv")

    assert result.errors == []
    item = PlanItem.objects.get(plan=plan)
    assert (item.criterion, item.theme_heading, item.criterion_heading) == (
        None,
        "Theme 9 - Our own",
        "KLOE 9.9 - Local",
    )


def test_a_column_mapping_reads_unusual_headings(personas, plan):
    content = _csv(
        ["Weakness", "What we will do", "Lead", "By", "Position at 31/12/2009"],
        ["A weakness", "A remedy", "HoF", "31/03/2010", "Started"],
    )
    mapping = {"issue": "Weakness", "action": "What we will do", "officer": "Lead", "target": "By"}

    result = plan_import(
        acting_user=personas.editor, plan=plan, content=content, filename="p.csv", mapping=mapping
    )

    assert result.errors == []
    action = Action.objects.get(item__plan=plan)
    assert (action.officer, action.target_date) == ("HoF", datetime.date(2010, 3, 31))
    assert UpdateRound.objects.get(plan=plan).as_at == datetime.date(2009, 12, 31)


def test_plan_import_new_creates_a_plan_only_when_it_saves(personas, version):
    plans = Plan.objects.count()
    dry = plan_import_new(
        acting_user=personas.editor,
        organisation=personas.org_a,
        title="Seed 002",
        content=SEED_XLSX.read_bytes(),
        filename=SEED_XLSX.name,
        version=version,
        dry_run=True,
    )
    assert (dry.plan_id, dry.items, Plan.objects.count()) == (None, 15, plans)

    real = plan_import_new(
        acting_user=personas.editor,
        organisation=personas.org_a,
        title="Seed 002",
        content=SEED_XLSX.read_bytes(),
        filename=SEED_XLSX.name,
        version=version,
    )
    assert real.plan_id is not None
    assert Plan.objects.get(pk=real.plan_id).items.count() == 15


def test_it_imports_a_5000_row_file(personas, plan):
    rows = [
        ["Issue", "Action", "Responsible officer", "December 2009 Position", "March 2010 update"]
    ]
    for n in range(1, 5001):
        kloe = f"1.{n % 3 + 1}"
        issue = f"Issue {n // 5}" if n % 5 == 0 else ""
        rows.append(
            [
                issue or ("" if n > 1 else "Issue 0"),
                f"Action {n} for {kloe}",
                "HoF",
                f"Dec {n}",
                f"Mar {n}",
            ]
        )
    content = _csv(*rows)

    result = plan_import(
        acting_user=personas.editor, plan=plan, content=content, filename="big.csv"
    )

    assert result.errors == []
    assert (result.items, result.actions, result.updates) == (1001, 5000, 10000)
    assert ActionUpdate.objects.filter(action__item__plan=plan).count() == 10000


def test_the_builder_reproduces_the_committed_fixtures(tmp_path):
    from vfmhub.lib.tabular import read_table

    for path, build in (
        (SEED_XLSX, build_seed002.xlsx_bytes),
        (SEED_DOCX, build_seed002.docx_bytes),
        (SEED_CSV, build_seed002.csv_bytes),
    ):
        assert read_table(build(), path.name) == read_table(path.read_bytes(), path.name), path.name
    assert SEED_CSV.read_bytes() == build_seed002.csv_bytes()
