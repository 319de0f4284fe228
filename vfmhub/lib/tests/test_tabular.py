import datetime
import io

import pytest
from openpyxl import Workbook

from vfmhub.lib.headings import find_header
from vfmhub.lib.tabular import (
    NOT_A_TABLE,
    SourceRow,
    TabularError,
    column_letter,
    decode_text,
    find_date,
    heading_key,
    normalise_cell,
    parse_date,
    read_csv,
    read_table,
    read_xlsx,
    strip_bullet,
)


def test_normalise_cell_collapses_whitespace_and_rejoins_broken_words():
    assert normalise_cell("  Anti-\nFraud   Strategy \n") == "Anti-Fraud Strategy"
    assert normalise_cell("Arrangements in\nplace.") == "Arrangements in place."
    assert normalise_cell("a\xa0b") == "a b"
    assert normalise_cell(None) == ""
    assert normalise_cell(3.0) == "3"
    assert normalise_cell(datetime.datetime(2010, 3, 31)) == "2010-03-31"
    assert normalise_cell("'=SUM(A1)") == "=SUM(A1)"
    assert normalise_cell("'quoted'") == "'quoted'"


def test_strip_bullet():
    assert strip_bullet("• Reduce reliance") == "Reduce reliance"
    assert strip_bullet("\uf0b7 Reduce") == "Reduce"
    assert strip_bullet("Plain - text") == "Plain - text"


def test_heading_key_ignores_case_spaces_and_punctuation():
    assert heading_key("Respons ible Officer") == heading_key("responsible officer")
    assert heading_key("Respons\nible\nOfficer") == "responsibleofficer"


def test_column_letter():
    assert [column_letter(i) for i in (0, 2, 25, 26, 27, 701, 702)] == [
        "A",
        "C",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_decode_text_detects_utf8_bom_and_windows_1252():
    assert decode_text("£1.1m".encode()) == "£1.1m"
    assert decode_text("\ufeff£1.1m".encode()) == "£1.1m"
    assert decode_text("£1.1m – “quoted”".encode("cp1252")) == "£1.1m – “quoted”"
    assert decode_text(b"a\x81b") == "a\x81b"  # undefined in Windows-1252: read as Latin-1


def test_read_csv_keeps_row_numbers_and_sniffs_the_delimiter():
    rows = read_csv(b"Issue;Action\n\nOne;Two\n")
    assert rows == [
        SourceRow(1, ("Issue", "Action")),
        SourceRow(2, ()),
        SourceRow(3, ("One", "Two")),
    ]


def test_read_xlsx_reads_the_first_or_a_named_sheet():
    book = Workbook()
    book.active.append(["first"])
    other = book.create_sheet("Plan")
    other.append(["Issue", datetime.datetime(2010, 3, 31), 2.0, None])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_xlsx(buffer.getvalue()) == [SourceRow(1, ("first",))]
    assert read_xlsx(buffer.getvalue(), "Plan") == [SourceRow(1, ("Issue", "2010-03-31", "2"))]
    with pytest.raises(TabularError, match="no sheet called 'Nope'"):
        read_xlsx(buffer.getvalue(), "Nope")


def test_read_docx_reads_every_table_with_merged_cells():
    import docx

    document = docx.Document()
    first = document.add_table(rows=3, cols=3)
    first.cell(0, 0).text, first.cell(0, 1).text = "Issue", "Action"
    first.cell(1, 0).text = "Spans"
    first.cell(1, 0).merge(first.cell(1, 2))
    first.cell(2, 0).text = "Down"
    first.cell(2, 0).merge(first.cell(2, 0))
    second = document.add_table(rows=2, cols=2)
    second.cell(0, 0).text = "Top"
    second.cell(0, 0).merge(second.cell(1, 0))
    second.cell(1, 1).text = "Beside"
    buffer = io.BytesIO()
    document.save(buffer)

    rows = read_table(buffer.getvalue(), "plan.docx")

    assert rows == [
        SourceRow(1, ("Issue", "Action"), table=1),
        SourceRow(2, ("Spans",), table=1),
        SourceRow(3, ("Down",), table=1),
        SourceRow(1, ("Top",), table=2),
        SourceRow(2, ("", "Beside"), table=2),  # the cell merged down reads empty below
    ]


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"%PDF-1.4", "a.pdf"), (b"PK\x03\x04junk", "a.xlsx"), (b"\x00\x01\x02", "a.csv")],
)
def test_read_table_refuses_what_is_not_a_table(data, name):
    with pytest.raises(TabularError, match="not a spreadsheet"):
        read_table(data, name)
    assert "XLSX, XLS or CSV" in NOT_A_TABLE


def test_find_date_reads_month_years_and_dates():
    assert find_date("December 2009 Position") == datetime.date(2009, 12, 31)
    assert find_date("March 2010 update") == datetime.date(2010, 3, 31)
    assert find_date("Feb 2012") == datetime.date(2012, 2, 29)
    assert find_date("Position at 31/12/2009") == datetime.date(2009, 12, 31)
    assert find_date("as at 2010-06-30") == datetime.date(2010, 6, 30)
    assert find_date("Update 30 June 2010") == datetime.date(2010, 6, 30)
    assert find_date("Action Plan from 2010 Assessment") is None
    with pytest.raises(ValueError):
        parse_date("next Tuesday")


def test_find_header_matches_headings_case_and_space_insensitively():
    rows = [
        SourceRow(1, ("Value for Money Action Plan",)),
        SourceRow(2, ("ISSUE", "Action", "Respons ible Officer")),
    ]
    expected = {"issue": ["Issue"], "action": ["Action"], "officer": ["Responsible officer"]}

    header = find_header(rows, expected, required=["issue", "action"])

    assert header is not None
    assert header.row.number == 2
    assert header.columns == {"issue": 0, "action": 1, "officer": 2}
    assert find_header(rows[:1], expected, required=["issue"]) is None


def test_a_sheet_is_named_as_a_place_without_saying_sheet_twice():
    from vfmhub.lib.tabular_files import sheet_place

    assert sheet_place("Risks") == "Risks sheet"
    assert sheet_place("Sheet") == "Sheet"
    assert sheet_place("Sheet1") == "Sheet1"
    assert sheet_place("Data sheet 2") == "Data sheet 2"
    assert (
        str(TabularError("Bad.", row=3, column=1, sheet="Sheet1"))
        == "Sheet1, row 3, column B: Bad."
    )
