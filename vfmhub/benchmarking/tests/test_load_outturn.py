"""The revenue outturn reader and `vfmhub load-outturn`: the real 2017-18 workbook, a slice of
it, and a legacy .xls in an older year's shape (fixtures/outturn/make_legacy.py)."""

import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vfmhub.audit.models import AuditEvent
from vfmhub.benchmarking.loading import outturn
from vfmhub.benchmarking.loading.outturn import (
    LINES,
    SERVICE_LINES,
    is_outturn,
    line_key,
    outturn_read,
)
from vfmhub.benchmarking.models import (
    AreaClass,
    ReferenceArea,
    ReferenceMeasure,
    ReferenceSource,
    ReferenceValue,
    SourceKind,
)
from vfmhub.benchmarking.services.reference import ReferenceLoadError, reference_file_load

FIXTURES = Path(__file__).parent / "fixtures" / "outturn"
REAL = Path("/work/shared/data/mhclg_revenue_outturn/RS_2017-18_data_by_LA.xlsx")
SLICE = FIXTURES / "rs_2017-18_slice.xlsx"
LEGACY = FIXTURES / "rs_2009-10_legacy.xls"
SHEET = "RS LA Data 2017-18"

needs_real = pytest.mark.skipif(not REAL.exists(), reason="the shared data is not here")

BRIEF_CODES = {
    *(
        f"outturn.{c}"
        for c in [
            "education",
            "highways_transport",
            "childrens_social_care",
            "adult_social_care",
            "public_health",
            "housing",
            "cultural",
            "environmental_regulatory",
            "planning_development",
            "police",
            "fire",
            "central",
            "other",
            "total_service",
            "net_current",
            "net_revenue",
            "council_tax_requirement",
            "revenue_support_grant",
            "retained_business_rates",
        ]
    ),
    *(
        f"outturn.reserves_{kind}_{end}"
        for kind in ("unallocated", "earmarked", "schools", "public_health")
        for end in ("start", "end")
    ),
}


def _legacy_module():
    spec = importlib.util.spec_from_file_location("make_legacy", FIXTURES / "make_legacy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_legacy = _legacy_module()


@pytest.fixture(scope="module")
def real():
    return outturn_read(REAL)


def _slice_with(tmp_path: Path, cell: str, value: object) -> Path:
    """The slice with one cell of Cambridgeshire's row (row 8) changed."""
    book = openpyxl.load_workbook(SLICE)
    book[SHEET][cell] = value
    path = tmp_path / "rs_2017-18_changed.xlsx"
    book.save(path)
    return path


def _messages(read) -> list[str]:
    return [str(issue) for issue in read.refused]


# The lines --------------------------------------------------------------------------------


def test_it_knows_each_heading_as_one_line_only():
    keys: dict[str, str] = {}
    for line in LINES:
        for heading in line.headings:
            assert keys.setdefault(line_key(heading), line.code) == line.code, heading
    codes = [line.code for line in LINES]
    assert len(codes) == len(set(codes))
    assert set(codes) >= BRIEF_CODES


def test_it_marks_service_lines_as_spend_and_reserves_and_financing_not():
    spend = {line.code for line in LINES if line.is_spend}
    assert {line.code for line in SERVICE_LINES} <= spend
    assert "outturn.total_service" in spend
    for code in BRIEF_CODES - spend:
        assert "reserves" in code or code.split(".")[1] in {
            "council_tax_requirement",
            "revenue_support_grant",
            "retained_business_rates",
        }


# The real workbook ------------------------------------------------------------------------


@needs_real
def test_it_reads_the_real_workbook(real):
    assert not real.refused
    assert real.accounted
    assert real.year == 2017
    assert real.title == "Revenue outturn summary 2017-18"
    assert real.kind == SourceKind.OUTTURN
    assert real.publisher == "MHCLG"
    assert real.rows_used == 443
    assert len({v.gss_code for v in real.values}) == 443
    assert len(real.measures) == 91
    assert {m.code for m in real.measures} >= BRIEF_CODES
    assert {v.year for v in real.values} == {2017}
    assert real.ignored == {
        "blank row": 10,
        "a title or note, not a body": 10,
        "a total (England, a class of authority) or a check sum, not a body": 8,
        "a body with no ONS code (such as Lee Valley Regional Park Authority)": 1,
        "a body with no figures (every cell blank or marked not collected)": 1,
    }
    assert real.cells_left_blank == 886  # the two Icelandic bank columns, '...' for every body


@needs_real
def test_it_accounts_for_every_column_of_the_real_workbook(real):
    assert len(real.columns_used) + len(real.columns_ignored) == 100
    assert set(real.columns_ignored) == {
        "E-code",
        "Class",
        "Column D (no heading)",
        "SUB-TOTAL (line 785)",
        'Please confirm the form is completed on non-IAS19 and PFI "Off-Balance Sheet" basis '
        "(line 960)",
        "Interest payable and similar charges (line 951)",
        "Interest and investment income (-): external receipts and dividends (line 952)",
    }
    assert "Adult Social Care (line 360)" in real.columns_used
    assert real.columns_ignored["Column D (no heading)"] == (
        "notes, not figures: 'Grossed' ('Grossed' marks a body whose figures MHCLG estimated)"
    )


@needs_real
def test_it_reads_cambridgeshire_and_the_bodies_beside_councils(real):
    values = {(v.measure_code, v.gss_code): v.value for v in real.values}
    assert values["outturn.adult_social_care", "E10000003"] == Decimal("149774")
    assert values["outturn.education", "E10000003"] == Decimal("278639")
    assert values["outturn.net_current", "E10000003"] == Decimal("627859.28157")
    assert values["outturn.reserves_unallocated_end", "E10000003"] == Decimal("13392.669500000002")
    areas = {a.gss_code: a for a in real.areas}
    assert areas["E10000003"].area_class == AreaClass.COUNTY
    assert areas["E31000005"].area_class == AreaClass.FIRE
    assert areas["E23000023"].area_class == AreaClass.OTHER  # a police and crime commissioner
    assert areas["E47000001"].name == "Greater Manchester Combined Authority"  # "(d)" dropped
    assert "E07000029" not in areas  # Copeland: figures estimated by MHCLG, every cell "…"


@needs_real
@pytest.mark.django_db
def test_it_loads_the_real_workbook_once(real):
    dry = reference_file_load(acting_user=None, data=real, dry_run=True)
    assert dry.values_added == len(real.values) == 40_313
    assert not ReferenceValue.objects.exists()
    assert not ReferenceArea.objects.exists()
    assert not AuditEvent.objects.exists()

    report = reference_file_load(acting_user=None, data=real)
    assert report.values_added == len(real.values) == ReferenceValue.objects.count()
    assert ReferenceMeasure.objects.filter(code__startswith="outturn.").count() == 91
    asc = ReferenceValue.objects.get(
        measure__code="outturn.adult_social_care", gss_code="E10000003", year=2017
    )
    assert asc.value == Decimal("149774")
    assert asc.source.title == "Revenue outturn summary 2017-18"
    events = AuditEvent.objects.count()

    again = reference_file_load(acting_user=None, data=real)
    assert not again.changed_anything
    assert again.values_unchanged == len(real.values)
    assert AuditEvent.objects.count() == events
    assert ReferenceSource.objects.count() == 1


# The slice and the command ----------------------------------------------------------------


@pytest.mark.django_db
def test_it_loads_the_slice_from_the_command_and_changes_nothing_the_second_time(capsys):
    call_command("load-outturn", str(SLICE), "--year", "2017")
    first = capsys.readouterr()
    assert "Reading rs_2017-18_slice.xlsx" in first.err
    assert "Read 2 bodies and 91 measures" in first.err
    assert "Revenue outturn summary 2017-18" in first.out
    assert "4 cells left blank in the file" in first.out
    assert ReferenceArea.objects.get(gss_code="E08000006").name == "Salford"
    held = ReferenceValue.objects.count()
    # each body's 91 lines with figures; the 4 blank cells are the 2 Icelandic bank columns
    assert held == 2 * 91

    call_command("load-outturn", str(SLICE))
    second = capsys.readouterr()
    assert "Nothing changed" in second.out
    assert ReferenceValue.objects.count() == held


@pytest.mark.django_db
def test_it_writes_nothing_on_a_dry_run(capsys):
    call_command("load-outturn", str(SLICE), "--dry-run")
    out = capsys.readouterr().out
    assert "Would add" in out
    assert "Dry run: nothing saved." in out
    assert not ReferenceValue.objects.exists()
    assert not ReferenceMeasure.objects.exists()
    assert not ReferenceArea.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_it_reports_as_json(capsys):
    call_command("load-outturn", str(SLICE), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["years"] == [2017]
    assert report["areas"] == 2
    assert report["measures"] == 91
    assert report["cells_left_blank"] == 4


@pytest.mark.django_db
def test_it_refuses_a_year_the_file_contradicts(capsys):
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load-outturn", str(SLICE), "--year", "2018")
    err = capsys.readouterr().err
    assert "The file is for 2017-18 (the sheet's name 'RS LA Data 2017-18')" in err
    assert "--year says 2018-19" in err
    assert not ReferenceValue.objects.exists()


@pytest.mark.parametrize("year", ["17", "-2017", "99999"])
@pytest.mark.django_db
def test_it_refuses_a_year_that_is_no_year(capsys, year):
    with pytest.raises(CommandError, match="Nothing was loaded: 1 problem in"):
        call_command("load-outturn", str(SLICE), f"--year={year}")
    assert "is not a financial year's first year" in capsys.readouterr().err
    assert not ReferenceValue.objects.exists()


@pytest.mark.django_db
def test_it_refuses_text_in_a_figure_with_its_sheet_row_and_column(tmp_path, capsys):
    path = _slice_with(tmp_path, "I8", "about 150m")
    with pytest.raises(CommandError):
        call_command("load-outturn", str(path))
    err = capsys.readouterr().err
    assert (
        "RS LA Data 2017-18 sheet, row 8, column I (Adult Social Care): 'about 150m' is not a "
        "number."
    ) in err
    assert not ReferenceValue.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_huge_number_without_an_exception(tmp_path, capsys):
    path = _slice_with(tmp_path, "F8", 1e300)
    with pytest.raises(CommandError, match="Nothing was loaded: 1 problem in"):
        call_command("load-outturn", str(path), "--json")
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert [(e["row"], e["column"], e["sheet"]) for e in errors] == [(8, "F", SHEET)]
    assert "is too large for a figure in £ thousand" in errors[0]["message"]
    assert not ReferenceValue.objects.exists()


@pytest.mark.parametrize("text", ["inf", "NaN", "1e5000", "12 345", "£100", "1.2.3"])
def test_it_refuses_other_hostile_figures(tmp_path, text):
    read = outturn_read(_slice_with(tmp_path, "F8", text))
    assert len(read.refused) == 1
    assert read.refused[0].location.row == 8
    assert read.refused[0].location.column_label == "F"


def test_it_says_why_a_sheet_could_not_be_read(tmp_path):
    read = outturn_read(_slice_with(tmp_path, "F8", "=1+1"))
    assert _messages(read)[1] == (
        "RS LA Data 2017-18 sheet, row 8, column F: The cell holds a formula with no saved "
        "value; open the file in Excel, let it calculate and save it again, or paste the values."
    )


@pytest.mark.parametrize("mark", ["..", "x", "[x]", "c", "-", "…"])
def test_it_leaves_a_suppressed_figure_blank(tmp_path, mark):
    read = outturn_read(_slice_with(tmp_path, "I8", mark))
    assert not read.refused
    assert read.cells_left_blank == 5
    assert ("outturn.adult_social_care", "E10000003") not in {
        (v.measure_code, v.gss_code) for v in read.values
    }


def test_it_refuses_a_code_that_is_not_a_gss_code(tmp_path):
    read = outturn_read(_slice_with(tmp_path, "B8", "00HC"))
    assert _messages(read) == [
        "RS LA Data 2017-18 sheet, row 8, column B (ONS Code): '00HC' is not an ONS (GSS) "
        "code: a letter and eight digits, such as E07000012."
    ]


def test_it_leaves_out_an_england_total_with_its_code(tmp_path):
    read = outturn_read(_slice_with(tmp_path, "B9", "E92000001"))
    assert not read.refused
    assert read.rows_used == 1
    assert read.ignored[outturn.TOTAL_ROW] == 2


def test_it_leaves_out_a_note_in_the_code_column(tmp_path):
    path = _slice_with(tmp_path, "B12", "Source: revenue outturn returns")
    read = outturn_read(path)
    assert not read.refused
    assert read.ignored["a title or note, not a body"] == 2
    assert read.ignored["blank row"] == 1


def test_it_refuses_a_body_twice(tmp_path):
    read = outturn_read(_slice_with(tmp_path, "B9", "E10000003"))
    assert _messages(read) == [
        "RS LA Data 2017-18 sheet, row 9, column B: E10000003 is on row 8 too: each body once."
    ]


def test_it_refuses_a_file_that_is_not_an_outturn_summary(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("ONS code,Local authority,Population\nE07000008,Cambridge,145700\n")
    assert not is_outturn(path)
    read = outturn_read(path)
    assert _messages(read) == [f"The file: {outturn.NO_TABLE}"]
    with pytest.raises(ReferenceLoadError):
        reference_file_load(acting_user=None, data=read, dry_run=True)


def test_it_recognises_outturn_files_by_content(tmp_path):
    assert is_outturn(SLICE)
    assert is_outturn(LEGACY)
    renamed = tmp_path / "data.xls"
    renamed.write_bytes(LEGACY.read_bytes())
    assert is_outturn(renamed)
    garbage = tmp_path / "outturn.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not a workbook")
    assert not is_outturn(garbage)
    assert not is_outturn(tmp_path / "missing.xlsx")


# The legacy .xls ---------------------------------------------------------------------------


def test_it_reads_a_legacy_xls_by_its_headings():
    read = outturn_read(LEGACY)
    assert not read.refused
    assert read.accounted
    assert read.year == 2009
    assert read.title == "Revenue outturn summary 2009-10"
    values = {(v.measure_code, v.gss_code): v.value for v in read.values}
    assert values["outturn.adult_social_care", "E10000003"] == 140000  # line 350 that year
    assert values["outturn.childrens_social_care", "E10000003"] == 70000  # "Children's …"
    assert values["outturn.highways_transport", "E07000008"] == 2000  # "Highways, roads and …"
    assert values["outturn.court", "E10000003"] == 900  # a line of older years
    assert values["outturn.council_tax_requirement", "E10000003"] == Decimal("245000.25")
    assert "outturn.public_health" not in {m.code for m in read.measures}  # not yet collected
    assert ("outturn.central", "E31000005") not in values  # ".."
    assert ("outturn.area_based_grant", "E31000005") not in values  # blank
    assert read.cells_left_blank == 2
    assert "Adult Social Care (line 350)" in read.columns_used
    assert set(read.columns_ignored) == {"Ecode", "Class"}
    assert read.rows_used == 3
    assert read.ignored["a total (England, a class of authority) or a check sum, not a body"] == 1
    assert {a.gss_code: a.area_class for a in read.areas}["E31000005"] == AreaClass.FIRE


@pytest.mark.django_db
def test_it_loads_a_legacy_xls_from_the_command(capsys):
    call_command("load-outturn", str(LEGACY), "--year", "2009")
    assert "years 2009" in capsys.readouterr().out
    assert ReferenceValue.objects.get(
        measure__code="outturn.adult_social_care", gss_code="E10000003", year=2009
    ).value == Decimal("140000")


def test_it_refuses_a_heading_it_does_not_know_until_it_is_left_out(tmp_path):
    headings = [*make_legacy.HEADINGS]
    headings[headings.index("Court services")] = "Magistrates' courts and probation"
    path = make_legacy.legacy_workbook(tmp_path / "other.xls", headings=headings)
    read = outturn_read(path)
    assert _messages(read) == [
        "RS 2009-10 sheet, row 5, column O (Magistrates' courts and probation): Column O "
        '"Magistrates\' courts and probation" is not a revenue outturn line VFM Hub knows. '
        "Leave it out (--ignore-column O) to load the file without it."
    ]
    read = outturn_read(path, ignore=["O"])
    assert not read.refused
    assert read.columns_ignored["Magistrates' courts and probation (line 603)"] == (
        "left out when loading"
    )
    assert "outturn.court" not in {v.measure_code for v in read.values}


def test_it_refuses_two_columns_of_one_line(tmp_path):
    headings = [*make_legacy.HEADINGS]
    headings[headings.index("Court services")] = "Adult Social Care"
    read = outturn_read(make_legacy.legacy_workbook(tmp_path / "twice.xls", headings=headings))
    assert _messages(read) == [
        "RS 2009-10 sheet, row 5, column O (Adult Social Care): Column O 'Adult Social Care' "
        "reads as Adult social care, which column H already gives."
    ]


def test_it_takes_a_heading_a_letter_out(tmp_path):
    headings = [*make_legacy.HEADINGS]
    headings[headings.index("Adult Social Care")] = "Adult Socal Care"
    read = outturn_read(make_legacy.legacy_workbook(tmp_path / "typo.xls", headings=headings))
    assert not read.refused
    assert "outturn.adult_social_care" in {v.measure_code for v in read.values}


def test_it_needs_a_year_when_the_file_does_not_say(tmp_path):
    path = make_legacy.legacy_workbook(
        tmp_path / "no_year.xls", titles=[["Revenue outturn summary"], [], []], sheet_name="RS"
    )
    assert _messages(outturn_read(path)) == [f"The file: {outturn.YEAR_UNKNOWN}"]
    read = outturn_read(path, year=2009)
    assert not read.refused
    assert {v.year for v in read.values} == {2009}


def test_it_refuses_a_title_that_contradicts_the_sheet_name(tmp_path):
    path = make_legacy.legacy_workbook(
        tmp_path / "mixed.xls", titles=[["Revenue outturn summary 2010-11"], [], []]
    )
    read = outturn_read(path)
    assert len(read.refused) == 1
    assert "more than one financial year (2009-10, 2010-11)" in read.refused[0].message


def test_it_refuses_figures_under_no_heading(tmp_path):
    bodies = [[*row, 12345] for row in make_legacy.BODIES]
    read = outturn_read(make_legacy.legacy_workbook(tmp_path / "unheaded.xls", bodies=bodies))
    assert _messages(read) == [
        "RS 2009-10 sheet, row 5, column X: Column X has figures but no heading, so what they "
        "are is not known."
    ]
