import datetime
import io

import pytest
from openpyxl import load_workbook

from vfmhub.plans.exporting.spreadsheet import plan_csv, plan_xlsx, round_heading
from vfmhub.plans.importing import plan_import
from vfmhub.plans.models import Action, ActionUpdate, PlanItem, UpdateRound
from vfmhub.plans.tests.import_support import (
    SEED_DOCX,
    SEED_XLSX,
    make_plan,
    plan_structure,
    uor_2009,
)


@pytest.fixture
def version(db):
    return uor_2009()


def _imported(personas, version, path):
    plan = make_plan(personas.org_a, version=version, title="Seed 002")
    result = plan_import(
        acting_user=personas.editor, plan=plan, content=path.read_bytes(), filename=path.name
    )
    assert result.errors == []
    return plan


@pytest.mark.parametrize("path", [SEED_XLSX, SEED_DOCX], ids=["xlsx", "docx"])
@pytest.mark.parametrize(("export", "name"), [(plan_xlsx, "x.xlsx"), (plan_csv, "x.csv")])
def test_export_then_import_into_a_fresh_plan_is_identical(personas, version, path, export, name):
    original = _imported(personas, version, path)
    fresh = make_plan(personas.org_a, version=version, title="Copy")

    result = plan_import(
        acting_user=personas.editor, plan=fresh, content=export(original), filename=name
    )

    assert result.errors == []
    assert plan_structure(fresh) == plan_structure(original)


def test_export_imports_back_to_the_same_plan_adding_nothing(personas, version):
    plan = _imported(personas, version, SEED_XLSX)

    result = plan_import(
        acting_user=personas.editor, plan=plan, content=plan_xlsx(plan), filename="again.xlsx"
    )

    assert (result.items, result.actions, result.rounds, result.updates, result.corrections) == (
        0,
        0,
        0,
        0,
        0,
    )


def test_export_has_the_seed_shape(personas, version):
    plan = _imported(personas, version, SEED_XLSX)

    sheet = load_workbook(io.BytesIO(plan_xlsx(plan))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    assert rows[0][0] == "Seed 002"
    assert rows[3] == [
        "Issue",
        "Action",
        "Responsible officer",
        "Target date",
        "Status",
        "RAG",
        "December 2009 Position",
        "March 2010 update",
        "Action Plan from 2010 Assessment",
        "July 2010 update",
    ]
    assert rows[4][0] == "Theme 1 - Managing finances"
    assert rows[5][0] == "KLOE 1.1 - Financial planning"
    assert rows[6][0].startswith("Further integrate corporate financial planning")
    training_row = next(r for r in rows if r[8] and r[8].startswith("Continue financial training"))
    assert training_row[8].endswith(" - HoF")
    assert training_row[9] == "Presentation/report"


def test_export_neutralises_formula_cells(personas, version):
    plan = make_plan(personas.org_a, version=version)
    item = PlanItem.objects.create(plan=plan, text='=HYPERLINK("http://x")')
    action = Action.objects.create(item=item, description="+1 more", officer="@HoF")
    one = UpdateRound.objects.create(
        plan=plan, label="March 2010 update", as_at=datetime.date(2010, 3, 31)
    )
    ActionUpdate.objects.create(action=action, round=one, text="-5% on budget")

    sheet = load_workbook(io.BytesIO(plan_xlsx(plan))).active
    values = [v for row in sheet.iter_rows(values_only=True) for v in row if v]
    text = plan_csv(plan).decode("utf-8-sig")

    for raw in ('=HYPERLINK("http://x")', "+1 more", "@HoF", "-5% on budget"):
        assert "'" + raw in values
        assert raw not in [v for v in values if not str(v).startswith("'")]
    assert "'=HYPERLINK" in text
    fresh = make_plan(personas.org_a, version=version, title="Copy")
    plan_import(acting_user=personas.editor, plan=fresh, content=plan_xlsx(plan), filename="f.xlsx")
    assert plan_structure(fresh) == plan_structure(plan)  # the guard is removed on import


def test_rounds_without_a_date_in_their_label_keep_their_date(personas, version):
    plan = make_plan(personas.org_a, version=version)
    item = PlanItem.objects.create(plan=plan, text="An issue")
    action = Action.objects.create(item=item, description="An action")
    dated = UpdateRound.objects.create(
        plan=plan, label="Q1 update", as_at=datetime.date(2010, 6, 30), order=1
    )
    undated = UpdateRound.objects.create(plan=plan, label="Later", order=2)
    ActionUpdate.objects.create(action=action, round=dated, text="one")
    ActionUpdate.objects.create(action=action, round=undated, text="two")
    assert round_heading(dated) == "Q1 update (as at 30 June 2010)"
    assert round_heading(undated) == "Later (update round)"
    fresh = make_plan(personas.org_a, version=version, title="Copy")

    plan_import(acting_user=personas.editor, plan=fresh, content=plan_csv(plan), filename="f.csv")

    assert plan_structure(fresh) == plan_structure(plan)


def test_the_committee_report_has_summary_progress_and_the_plan_table(personas, version):
    from vfmhub.plans.exporting.report import plan_report, report_html

    plan = _imported(personas, version, SEED_XLSX)

    made = plan_report(plan, datetime.date(2010, 7, 31))
    html = report_html(made)

    assert made.totals == {"items": 15, "actions": 26, "rounds": 3, "completed": 0, "no_action": 1}
    assert "size: A4 landscape" in html
    assert html.count("<svg") == 2  # status and RAG charts, each with its table
    assert "Actions by status and theme" in html
    assert "1 Managing finances" in html
    assert "Presentation/report" in html
    assert made.filename == "seed-002-report"
