"""Importing the finance position: the realistic files in fixtures/finance (see
build_finance.py), all or nothing, dry runs, idempotence, history, hostile input and the
`import-finance` command."""

import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from vfmhub.audit.models import AuditEvent
from vfmhub.performance.importing.finance import finance_import
from vfmhub.performance.importing.finance.read import (
    ACTUAL_WITHOUT_FORECAST,
    BUDGET_MISSING,
    NO_QUARTER,
    NOT_MONEY,
    TOO_LARGE,
    TOTAL_MISMATCH,
    UNIT_IN_A_CELL,
    VARIANCE_MISMATCH,
)
from vfmhub.performance.importing.finance.rows import NO_TABLE, TOO_LONG
from vfmhub.performance.models import (
    CapitalForecast,
    CapitalScheme,
    RevenueForecast,
    RevenueLine,
)

FILES = Path(__file__).parent / "fixtures" / "finance"
YEAR = 2024


def _import(personas, name=None, content=None, *, dry_run=False, **options):
    data = content if content is not None else (FILES / name).read_bytes()
    return finance_import(
        acting_user=personas.editor,
        organisation=personas.org_a,
        year=YEAR,
        content=data,
        filename=name or "upload.csv",
        dry_run=dry_run,
        **options,
    )


def _messages(result) -> list[str]:
    return [f"{e.location}: {e.message}" for e in result.errors]


def test_it_imports_both_tables_of_a_budget_monitoring_workbook(personas):
    result = _import(personas, "budget_monitoring_q2.xlsx")
    assert result.errors == []
    assert result.sheets == ["revenue: Revenue", "capital: Capital"]
    assert result.skipped == ["Notes"]
    assert result.totals_checked == 4 and result.headings == 2
    lines = {line.service: line for line in RevenueLine.objects.filter(year=YEAR)}
    assert set(lines) == {
        "Waste and recycling",
        "Car parking",
        "Finance",
        "Housing benefit administration",
    }
    assert lines["Car parking"].budget == Decimal("-1200000")  # the revised budget, in brackets
    assert lines["Car parking"].source == "budget_monitoring_q2.xlsx"
    waste = RevenueForecast.objects.filter(line=lines["Waste and recycling"]).order_by("quarter")
    assert [(f.quarter, f.forecast_outturn, f.actual_to_date) for f in waste] == [
        (1, Decimal("2510000"), None),
        (2, Decimal("2620000"), Decimal("1240000")),
    ]
    assert waste[1].note == "Fuel and agency drivers"
    roof = CapitalScheme.objects.get(reference="CAP01")
    assert roof.budget == Decimal("1200000")  # £k
    figures = CapitalForecast.objects.get(scheme=roof)
    assert (figures.quarter, figures.spend_to_date, figures.forecast) == (
        2,
        Decimal("450000"),
        Decimal("1000000"),
    )
    assert result.saved and result.created == 4 + 7 + 3 + 3


def test_the_same_file_twice_adds_nothing(personas):
    _import(personas, "budget_monitoring_q2.xlsx")
    events = AuditEvent.objects.count()
    again = _import(personas, "budget_monitoring_q2.xlsx")
    assert (again.created, again.updated, again.changed, again.saved) == (0, 0, False, False)
    assert again.unchanged == 4 + 7 + 3 + 3
    assert AuditEvent.objects.count() == events


def test_a_changed_figure_updates_with_its_history(personas):
    _import(personas, "budget_monitoring_q2.xlsx")
    book = openpyxl.load_workbook(FILES / "budget_monitoring_q2.xlsx")
    sheet = book["Revenue"]
    sheet["F6"] = "£2,640,000"  # waste's Q2 forecast
    sheet["H6"] = "£140,000"  # its variance
    sheet["F7"] = "(£1,120,000)"  # parking's Q2: the sub-total still adds up
    sheet["H7"] = "£80,000"
    out = io.BytesIO()
    book.save(out)
    result = _import(personas, "budget_monitoring_q2.xlsx", out.getvalue())
    assert result.errors == [] and result.updated == 2 and result.created == 0
    waste = RevenueForecast.objects.get(line__service="Waste and recycling", quarter=2)
    assert waste.forecast_outturn == Decimal("2640000")
    events = AuditEvent.objects.filter(action="performance.revenue.import_figures_update")
    changes = sorted(e.changes["forecast_outturn"] for e in events)
    assert changes == [["-1100000.00", "-1120000.00"], ["2620000.00", "2640000.00"]]
    assert {e.note for e in events} == {"budget_monitoring_q2.xlsx"}


def test_a_dry_run_writes_nothing(personas):
    result = _import(personas, "budget_monitoring_q2.xlsx", dry_run=True)
    assert result.created == 17 and not result.saved
    assert not RevenueLine.objects.exists() and not AuditEvent.objects.exists()
    rows = {(p["table"], p["name"], p["what"]) for p in result.preview}
    assert ("capital", "Town centre regeneration", "New") in rows


def test_it_reads_a_windows_1252_csv_in_the_long_shape(personas):
    result = _import(personas, "revenue_long_cp1252.csv")
    assert result.errors == [] and result.totals_checked == 1
    finance = RevenueForecast.objects.get(line__service="Finance")
    assert finance.note == "Café contract ended"
    assert RevenueForecast.objects.get(line__service__startswith="Waste", quarter=2).note == (
        "Agency drivers’ overtime"
    )


def test_it_reads_a_csv_with_bare_carriage_returns(personas):
    result = _import(personas, "capital_bare_cr.csv")
    assert result.errors == []
    play = CapitalForecast.objects.get(scheme__name="Play areas")
    assert (play.quarter, play.forecast, play.spend_to_date) == (
        3,
        Decimal("80000"),
        Decimal("10000"),
    )


def test_it_reads_a_legacy_xls_workbook(personas):
    result = _import(personas, "revenue_legacy.xls")
    assert result.errors == []
    planning = RevenueForecast.objects.get(line__service="Planning")
    assert (planning.quarter, planning.forecast_outturn) == (1, Decimal("610000"))


def _csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def test_a_file_with_any_problem_imports_nothing(personas):
    content = _csv(
        "Service,Budget,Q1 forecast outturn,Actual to date",
        "Planning,600000,610000,",
        "Parks,12k,100,",
        "Housing,,610000,",
        "Leisure,lots,,",
        "Museums,100,,50",
    )
    result = _import(personas, content=content)
    assert _messages(result) == [
        f"Row 3, column B (Budget): {UNIT_IN_A_CELL.format(text='12k')}",
        f"Row 4, column B (Budget): {BUDGET_MISSING}",
        f"Row 5, column B (Budget): {NOT_MONEY.format(text='lots')}",
        f"Row 6, column D (Actual to date): {ACTUAL_WITHOUT_FORECAST}",
    ]
    assert not RevenueLine.objects.exists()


def test_it_checks_totals_and_variances(personas):
    content = _csv(
        "Service,Budget,Q1 forecast outturn,Variance",
        "Planning,600000,610000,10000",
        "Parks,100000,90000,5000",
        "Total,700000,710000,",
    )
    result = _import(personas, content=content)
    assert _messages(result) == [
        "Row 3, column D (Variance): "
        + VARIANCE_MISMATCH.format(given="£5,000.00", expected="£-10,000.00"),
        "Row 4, column C (Q1 forecast outturn): "
        + TOTAL_MISMATCH.format(total="£710,000.00", sum="£700,000.00"),
    ]  # the budget's total adds up; the underspend's variance may have either sign
    assert not RevenueLine.objects.exists()


def test_it_needs_a_quarter_for_a_lone_forecast_column(personas):
    content = _csv("Service,Budget,Forecast outturn", "Planning,600000,610000")
    assert _messages(_import(personas, content=content)) == [
        f"Row 1, column C (Forecast outturn): {NO_QUARTER}"
    ]
    result = _import(personas, content=content, quarter=3)
    assert result.errors == []
    assert RevenueForecast.objects.get().quarter == 3


def test_an_unknown_column_refuses_the_file_until_ignored(personas):
    from vfmhub.lib.headings import ColumnChoices

    content = _csv("Service,Budget,Head of service", "Planning,600000,A. Smith")
    result = _import(personas, content=content)
    assert len(result.errors) == 1 and result.errors[0].ignorable == "C"
    assert _import(personas, content=content, choices=ColumnChoices.parse(["C"])).errors == []


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "The file"),
        (b"\x00\x01\x02binary\xff\xfe" * 50, "The file"),
        (b"PK\x03\x04not really a zip", "The file"),
        (_csv("Name,Colour", "Apple,Red"), NO_TABLE),
        (_csv("Service,Budget", "Planning," + "9" * 40), TOO_LARGE.format(text="9" * 40)),
        (_csv("Service,Budget", "Planning,1e999999"), TOO_LARGE.format(text="1e999999")),
        (_csv("Service,Budget", "Planning,NaN"), NOT_MONEY.format(text="NaN")),
        (_csv("Service,Budget", "P" * 201 + ",1"), TOO_LONG.format(most=200)),
        (_csv("Service,Budget,Quarter,Forecast", "Planning,1,Q5,2"), "is not a quarter"),
    ],
)
def test_it_refuses_hostile_files_without_failing(personas, content, expected):
    result = _import(personas, content=content)
    assert result.errors and any(expected in str(e) for e in result.errors)
    assert not RevenueLine.objects.exists()


def test_the_command_imports_with_dry_run_json_and_progress(personas):
    path = str(FILES / "budget_monitoring_q2.xlsx")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import-finance",
        path,
        organisation="E07000901",
        year=YEAR,
        dry_run=True,
        json=True,
        stdout=out,
    )
    summary = json.loads(out.getvalue())
    assert summary["created"] == 17 and summary["saved"] is False
    assert summary["counts"]["capital_lines"]["created"] == 3
    assert not RevenueLine.objects.exists()
    call_command(
        "import-finance", path, organisation="E07000901", year=YEAR, stdout=out, stderr=err
    )
    assert "Imported:" in out.getvalue() and "Reading the file" in err.getvalue()
    assert RevenueLine.objects.count() == 4
    out = io.StringIO()
    call_command("import-finance", path, organisation="E07000901", year=YEAR, stdout=out)
    assert "Nothing changed" in out.getvalue()


def test_the_command_reports_errors_and_exits_1(personas, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("Service,Budget", "Planning,lots"))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import-finance", str(bad), organisation="E07000901", year=YEAR, stderr=err)
    assert exit_.value.code == 1
    assert "Row 2, column B (Budget)" in err.getvalue() and "Nothing was imported" in err.getvalue()
