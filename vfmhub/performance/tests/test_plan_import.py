"""Importing a council plan table: seed 004's Word table, exports read back, hostile files."""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from vfmhub.audit.models import AuditEvent
from vfmhub.performance.exporting.plan import plan_docx, plan_rows, plan_xlsx
from vfmhub.performance.importing.plan import council_plan_import, plan_draft_read, saved_tree
from vfmhub.performance.importing.plan.cells import resource_read
from vfmhub.performance.importing.plan.reading import NO_ACTION_TITLE, NO_HEADER
from vfmhub.performance.models import CouncilPlan, PlanAction, PlanActionStatus
from vfmhub.performance.selectors.plan import plan_priorities

SEED = Path(__file__).parent / "fixtures" / "plan" / "seed004_council_plan.docx"
HEADER = (
    "Priority,Key Deliverable,Outcome Measure,How Do We Know We Are Getting There?,"
    "Project/Action,Completion Date,Resource,Lead Member\n"
)

pytestmark = pytest.mark.django_db


def _import(personas, content: bytes, filename: str = "plan.docx", **options):
    values = {
        "acting_user": personas.editor,
        "organisation": personas.org_a,
        "content": content,
        "filename": filename,
        "title": "Council Plan",
        "first_year": 2008,
        "last_year": 2010,
    }
    return council_plan_import(**(values | options))


def test_it_reads_seed_004_word_table(personas):
    result = _import(personas, SEED.read_bytes())
    assert result.errors == []
    assert result.counts == {"priorities": 1, "deliverables": 4, "measures": 4, "actions": 4}
    assert (result.rows, result.joined_rows, result.repeated_headers) == (6, 1, 1)
    plan = CouncilPlan.objects.get(pk=result.plan_id)
    (priority,) = plan.priorities.all()
    assert priority.title == "Value for Money (FP1)"
    titles = [d.title for d in priority.deliverables.all()]
    assert titles == [
        "Delivery of Agreed Savings",
        "Corporate Restructure",
        "Alternative Methods of Service Delivery *",
        "VFM Ratings",
    ]
    restructure = PlanAction.objects.get(deliverable__title="Corporate Restructure")
    assert restructure.title == "Complete Review and Develop Action Plan"
    assert restructure.completion_date == datetime.date(2009, 3, 31)
    assert restructure.completion_text == "31 March 2009 (new structure in place)"
    assert restructure.resource == "CMT and HR&OD Department"
    assert restructure.lead_member == (
        "Portfolio Holder for Human Resources, Legal and Democratic Services"
    )
    ratings = priority.deliverables.get(title="VFM Ratings")
    measure = ratings.measures.get()
    assert measure.text == "75% of Services Scoring 2 or Above"
    assert measure.how_we_know == "Quarterly Updates on VFM Action Plans"
    assert (
        ratings.actions.get().resource == "Procurement Manager Additional Resource Maybe Required"
    )


def test_it_changes_nothing_when_the_same_file_is_imported_again(personas):
    first = _import(personas, SEED.read_bytes())
    events = AuditEvent.objects.count()
    again = _import(personas, SEED.read_bytes())
    assert again.errors == [] and not again.changed and not again.plan_created
    assert again.plan_id == first.plan_id
    assert AuditEvent.objects.count() == events
    assert CouncilPlan.objects.count() == 1


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_it_reads_its_own_export_back_identically(personas, kind):
    first = _import(personas, SEED.read_bytes())
    plan = CouncilPlan.objects.get(pk=first.plan_id)
    rows = plan_rows(plan_priorities(plan))
    content = plan_docx(plan, rows) if kind == "docx" else plan_xlsx(plan, rows)
    again = _import(personas, content, f"export.{kind}")
    assert again.errors == [] and not again.changed
    other = _import(personas, content, f"export.{kind}", title="Copy")
    assert other.errors == [] and other.plan_created
    copy = CouncilPlan.objects.get(pk=other.plan_id)
    assert saved_tree(copy) == saved_tree(plan)


def test_an_export_with_more_measures_than_actions_reads_back(personas):
    csv = HEADER + (
        'P1,D1,M1,H1,A1,31/03/2010,"£25,000",Cllr A\n'
        ",,M2,H2,,,,\n"
        ",,,,A2,June 2009,0.5 FTE,Cllr B\n"
        "P2,D2,,,,,,\n"
    )
    result = _import(personas, csv.encode(), "plan.csv")
    assert result.errors == []
    plan = CouncilPlan.objects.get(pk=result.plan_id)
    a2 = PlanAction.objects.get(title="A2")
    assert a2.completion_date == datetime.date(2009, 6, 30)
    assert a2.resource_staff == Decimal("0.50")
    assert PlanAction.objects.get(title="A1").resource_amount == Decimal("25000.00")
    content = plan_xlsx(plan, plan_rows(plan_priorities(plan)))
    again = _import(personas, content, "again.xlsx")
    assert again.errors == [] and not again.changed


def test_a_reimport_keeps_status_and_links_of_the_same_action(personas):
    first = _import(personas, SEED.read_bytes())
    PlanAction.objects.filter(title="VFM Strategy").update(status=PlanActionStatus.ON_TRACK)
    csv = HEADER + "Value for Money (FP1),VFM Ratings,New measure,,VFM Strategy,2010-03-31,,\n"
    result = _import(personas, csv.encode(), "plan.csv")
    assert result.changed and result.plan_id == first.plan_id
    assert result.replaced["actions"] == 4
    (action,) = PlanAction.objects.all()
    assert action.status == PlanActionStatus.ON_TRACK


def test_a_dry_run_saves_nothing(personas):
    result = _import(personas, SEED.read_bytes(), dry_run=True)
    assert result.errors == [] and result.changed and result.plan_id is None
    assert CouncilPlan.objects.count() == 0


def test_it_refuses_the_whole_file_for_one_bad_row(personas):
    csv = HEADER + "P1,D1,M1,,A1,2010-03-31,,\n,,,,,2011-03-31,£5,\n"
    result = _import(personas, csv.encode(), "plan.csv")
    assert [(e.location.row, e.message) for e in result.errors] == [(3, NO_ACTION_TITLE)]
    assert CouncilPlan.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"", "plan.csv"),
        (b"\x00\x01\x02garbage", "plan.docx"),
        (b"PK\x03\x04not a zip", "plan.docx"),
        (b"a,b,c\n1,2,3\n", "plan.csv"),
        (("Priority,Key Deliverable\n" + "x" * 400 + ",D\n").encode(), "plan.csv"),
        (b"Priority,Key Deliverable,Mystery\nP,D,?\n", "plan.csv"),
    ],
)
def test_hostile_files_are_refused_with_a_reason(personas, content, filename):
    result = _import(personas, content, filename)
    assert result.errors
    assert CouncilPlan.objects.count() == 0


def test_no_header_is_explained(personas):
    draft, _ = plan_draft_read(b"a,b\n1,2\n", "x.csv")
    assert [e.message for e in draft.errors] == [NO_HEADER]


def test_other_heading_wordings_are_recognised(personas):
    csv = (
        "Priorities,Key deliverables,Outcome measures,How do we know,Project / Action,"
        "Target date,Resources,Lead member(s)\nP,D,M,H,A,31 March 2010,£1.5m,Cllr X\n"
    )
    result = _import(personas, csv.encode(), "plan.csv")
    assert result.errors == []
    assert PlanAction.objects.get().resource_amount == Decimal("1500000.00")


def test_resource_reading():
    assert resource_read("£25,000") == (Decimal("25000.00"), None)
    assert resource_read("0.5 FTE") == (None, Decimal("0.50"))
    assert resource_read("£10k and 2 FTE") == (Decimal("10000.00"), Decimal("2.00"))
    assert resource_read("Procurement Manager") == (None, None)


def test_the_command_imports_and_reports(personas, tmp_path, capsys):
    args = [str(SEED), "--organisation", personas.org_a.gss_code, "--first-year", "2008"]
    call_command("import-council-plan", *args, "--dry-run")
    assert "Dry run, nothing saved" in capsys.readouterr().out
    assert CouncilPlan.objects.count() == 0
    call_command("import-council-plan", *args, "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts"]["actions"] == 4 and summary["plan_created"]
    plan = CouncilPlan.objects.get()
    assert (plan.first_year, plan.last_year, plan.source) == (2008, 2010, SEED.name)
    call_command("import-council-plan", *args)
    assert "Nothing changed" in capsys.readouterr().out


def test_the_command_refuses_a_file_with_errors(personas, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n")
    with pytest.raises(SystemExit):
        call_command("import-council-plan", str(path), "--organisation", personas.org_a.gss_code)


def test_it_reads_an_xlsx_with_a_title_row(personas):
    book = Workbook()
    sheet = book.active
    sheet.append(["Council Plan 2008-2011"])
    sheet.append(HEADER.strip().split(","))
    sheet.append(["P", "D", "M", "H", "A", "31 March 2010", "£5,000", "Cllr"])
    out = io.BytesIO()
    book.save(out)
    result = _import(personas, out.getvalue(), "plan.xlsx")
    assert result.errors == [] and result.counts["actions"] == 1
