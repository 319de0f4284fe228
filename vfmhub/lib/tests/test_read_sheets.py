"""Every sheet of a workbook read, in every encoding and line ending councils' files come in."""

import datetime
import io

import pytest
import xlwt
from openpyxl import Workbook

from vfmhub.lib.tabular import SHEET_MISSING, Sheet, TabularError, read_sheets, read_table

ROWS: list[list[object]] = [["Body", "Amount £k", "Note"], ["Café Blaby", "1,620", "£ and – dash"]]


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls(sheets: dict[str, list[list[object]]]) -> bytes:
    book = xlwt.Workbook()
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime.date):
                    sheet.write(r, c, value, dates)
                else:
                    sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(newline: str) -> str:
    return newline.join(",".join(f'"{c}"' for c in row) for row in ROWS) + newline


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"], ids=["CRLF", "LF", "bare CR"])
@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("cp1252"),
    ],
    ids=["UTF-8", "UTF-8 with BOM", "Windows-1252"],
)
def test_csv_in_every_encoding_and_line_ending_reads_the_same(encode, newline):
    sheets = read_sheets(encode(csv_text(newline)), "returns.csv")

    assert [s.name for s in sheets] == [""]
    assert [list(r.cells) for r in sheets[0].rows] == ROWS
    assert [r.number for r in sheets[0].rows] == [1, 2]


def test_every_sheet_of_a_workbook_is_read_in_order():
    data = xlsx({"Funding": [["Stream", "£k"], ["LPSA", 100]], "Allocation": ROWS})

    sheets = read_sheets(data, "allocation.xlsx")

    assert [s.name for s in sheets] == ["Funding", "Allocation"]
    assert sheets[0].rows[1].cells == ("LPSA", "100")
    assert read_sheets(data, "allocation.xlsx", sheet="Allocation") == [sheets[1]]
    assert read_table(data, "allocation.xlsx") == sheets[0].rows


def test_a_legacy_xls_workbook_is_read_with_every_sheet_and_its_dates():
    data = xls(
        {
            "Notes": [["Prepared for the partnership board"]],
            "Returns": [
                ["Body", "Returned", "Date"],
                ["Blaby", "Y", datetime.date(2010, 3, 31)],
                ["Charnwood", 12.0, 1620.5],
            ],
        }
    )

    sheets = read_sheets(data, "returns.xls")

    assert [s.name for s in sheets] == ["Notes", "Returns"]
    assert [list(r.cells) for r in sheets[1].rows] == [
        ["Body", "Returned", "Date"],
        ["Blaby", "Y", "2010-03-31"],
        ["Charnwood", "12", "1620.5"],
    ]


def test_an_xls_named_xlsx_is_still_read_by_its_content():
    sheets = read_sheets(xls({"Sheet1": ROWS}), "mislabelled.xlsx")
    assert sheets[0].rows[1].cells[0] == "Café Blaby"


def test_a_sheet_that_is_not_there_is_named_with_those_that_are():
    data = xls({"Funding": ROWS})
    with pytest.raises(TabularError) as raised:
        read_sheets(data, "a.xls", sheet="Allocation")
    assert str(raised.value) == SHEET_MISSING.format(sheet="Allocation", sheets="Funding")


@pytest.mark.parametrize(
    "data", [b"\xd0\xcf\x11\xe0" + b"\x00" * 600, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1junk"]
)
def test_a_damaged_xls_is_refused_not_raised(data):
    with pytest.raises(TabularError, match="not a spreadsheet"):
        read_sheets(data, "broken.xls")


def test_csv_and_word_files_are_one_sheet():
    assert read_sheets(b"a,b\n1,2\n", "x.csv") == [Sheet("", read_table(b"a,b\n1,2\n", "x.csv"))]


def test_column_indents_come_from_leading_spaces_and_the_cells_indent():
    from openpyxl.styles import Alignment

    from vfmhub.lib.tabular import column_indents

    csv = b"Item,\xc2\xa3k\nPerformance,4347\n  Adult Social Care,900\n    Day centres,300\n"
    assert column_indents(csv, "", 0) == {3: 1, 4: 2}
    book = Workbook()
    sheet = book.active
    sheet.title = "Allocation"
    for row in (["Item", "£k"], ["Performance", 4347], ["Adult Social Care", 900]):
        sheet.append(row)
    sheet["A3"].alignment = Alignment(indent=1)
    out = io.BytesIO()
    book.save(out)
    assert column_indents(out.getvalue(), "Allocation", 0) == {3: 1}


def test_the_published_revenue_outturn_workbook_reads_and_its_table_is_found():
    """MHCLG's revenue outturn summary as published (shared/data): 14 sheets, one of them a
    check sheet of formulas saved without values, titles above the table's headings."""
    from vfmhub.lib.headings import Expected, choose_sheet
    from vfmhub.testing import shared_data

    path = shared_data() / "mhclg_revenue_outturn" / "RS_2017-18_data_by_LA.xlsx"
    sheets = read_sheets(path.read_bytes(), path.name)

    assert len(sheets) == 14
    check = next(s for s in sheets if s.name == "PHE Check")
    assert check.rows == [] and check.problem is not None  # kept aside, not refusing the file
    expected = Expected(
        {"ecode": ["E-code"], "ons": ["ONS code"], "name": ["Local authority"], "class": ["Class"]}
    )
    sheet, header = choose_sheet(sheets, expected, required=["ons", "name"])
    assert sheet.name == "RS LA Data 2017-18"
    assert header is not None and header.row.number == 7
    assert header.columns == {"ecode": 0, "ons": 1, "name": 2, "class": 4}
    first = next(r for r in sheet.rows if r.number == header.end + 1)
    assert first.cells[:3] == ("E0521", "E10000003", "Cambridgeshire")
    with pytest.raises(TabularError, match="formula with no saved value"):
        read_sheets(path.read_bytes(), path.name, sheet="PHE Check")


def test_a_workbook_none_of_whose_sheets_can_be_read_is_refused():
    book = Workbook()
    book.active["A1"] = "=1+1"  # saved by openpyxl with no value
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(TabularError, match="formula with no saved value"):
        read_sheets(out.getvalue(), "formulas.xlsx")
