"""The values import on hostile and awkward files: every refusal names its row and column,
nothing is saved, nothing raises."""

import io
from decimal import Decimal

import openpyxl
import pytest

from vfmhub.lib.headings import ColumnChoices
from vfmhub.performance.models import Indicator, IndicatorValue
from vfmhub.performance.tests.test_import_values import (
    current,
    indicator_make,
    organisation_make,
    run,
)


@pytest.fixture
def setting(db):
    return {
        "pi": indicator_make("PI1", "Missed bins per 100,000 collections"),
        "org": organisation_make("E06000005", "Darlington Borough Council"),
    }


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


def test_it_refuses_an_empty_file(setting):
    assert messages(run(b"")) == ["The file: The file is empty."]


def test_it_refuses_a_file_with_a_header_only(setting):
    result = run("Area code,Indicator code,Period,Value\n")

    assert messages(result) == ["Row 1: The file has a header row but no values below it."]


def test_it_refuses_binary_junk(setting):
    result = run(bytes(range(256)) * 20, "values.csv")

    assert result.errors and result.errors[0].location.row == 0
    assert not IndicatorValue.objects.exists()


def test_it_refuses_huge_numbers_by_row_and_column(setting):
    text = "Area code,Indicator code,Period,Value\nE06000005,PI1,2019/20,1e30\n"
    text += "E06000005,PI1,2020/21,123456789012345678901234\n"

    result = run(text)

    assert [(e.location.row, e.location.column_label) for e in result.errors] == [
        (2, "D"),
        (3, "D"),
    ]
    assert "too large" in result.errors[0].message
    assert not IndicatorValue.objects.exists()


def test_it_refuses_bad_periods_by_row_and_column(setting):
    text = (
        "Area code,Indicator code,Period,Value\nE06000005,PI1,someday,1\nE06000005,PI1,2019/20,2\n"
    )

    result = run(text)

    assert messages(result)[0].startswith("Row 2, column C (Period): 'someday' is not a period")
    assert len(result.errors) == 1 and not IndicatorValue.objects.exists()


def test_it_refuses_two_values_for_one_area_indicator_and_period_naming_both_rows(setting):
    text = "Area code,Indicator code,Period,Value\nE06000005,PI1,2019/20,1\n"
    text += "E06000005,PI1,2020/21,2\nE06000005,PI1,2019-20,3\n"

    result = run(text)

    assert messages(result) == [
        "Row 4, column D (Value): Row 4 has another value for the same area, indicator and "
        "period as row 2."
    ]


def test_it_imports_the_same_value_twice_once(setting):
    text = "Area code,Indicator code,Period,Value\nE06000005,PI1,2019/20,1\n"
    text += "E06000005,PI1,2019/20,1.0\n"

    result = run(text)

    assert result.created == 1 and "The same value as row 2" in str(result.skipped[0])


def test_it_reads_windows_1252_with_a_line_above_the_header(setting):
    text = "Figures for Darlington – provisional\n\nAREACD,AREANM,Indicator,Period,Value\n"
    text += "E06000005,Darlington,Missed bins per 100,000 collections,2021,£1,234.5\n"
    text = text.replace(
        "Missed bins per 100,000 collections", '"Missed bins per 100,000 collections"'
    )
    text = text.replace("£1,234.5", '"£1,234.5"')

    result = run(text.encode("cp1252"))

    assert result.errors == []
    assert current(organisation=setting["org"]).value == Decimal("1234.5")


def test_it_reads_bare_cr_line_endings(setting):
    text = "Area code,Indicator code,Period,Value\rE06000005,PI1,2019/20,4\r"
    text += "E92000001,PI1,2019/20,5\r"

    result = run(text.encode())

    assert result.errors == [] and result.created == 2
    assert current(area_code="E92000001").value == Decimal(5)


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Values"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_reads_an_xlsx_with_a_title_above_the_header(setting):
    content = xlsx(
        [
            ["Missed bins: quarterly return"],
            [],
            ["Area code", "Indicator code", "Period", "Value"],
            ["E06000005", "PI1", "2021/22", 17.25],
        ]
    )

    result = run(content, "values.xlsx")

    assert result.errors == []
    value = current(organisation=setting["org"])
    assert (value.frequency, value.year, value.period_index, value.value) == (
        "year",
        2021,
        1,
        Decimal("17.25"),
    )


def test_a_period_that_does_not_suit_the_indicator_is_refused(setting):
    text = "Area code,Indicator code,Period,Value\n"
    text += "E06000005,PI1,Q2 2021/22,3\nE92000001,PI1,2021/22,4\n"

    result = run(text)

    assert messages(result) == [
        "Row 2, column C (Period): PI1 is collected each year: enter a year, not a quarter."
    ]
    assert not IndicatorValue.objects.exists()


def test_it_reads_a_wide_file(setting):
    content = xlsx(
        [
            ["Area code", "Indicator code", "2019/20", "2020/21", "2022/23", "2021-22"],
            ["E06000005", "PI1", 1, "..", 3, 4],
            ["E12000001", "PI1", 5, 6, None, 8],
        ]
    )

    result = run(content, "wide.xlsx")

    assert result.errors == [] and result.layout == "wide"
    assert result.created == 6 and result.comparators == 3
    ours = IndicatorValue.objects.filter(organisation=setting["org"]).order_by("frequency", "year")
    assert [(v.frequency, v.year, v.value) for v in ours] == [
        ("year", 2019, Decimal(1)),
        ("year", 2021, Decimal(4)),
        ("year", 2022, Decimal(3)),
    ]
    assert [s.location.row for s in result.skipped] == [2, 3]


def test_it_reads_a_wide_file_for_the_indicator_given(setting):
    indicator_make("PQ1", "Calls answered in 20 seconds", frequency="quarter")
    text = "Quarter ending,Q1 2020/21,Q2 2020/21\n,10,11\n"
    result = run(text, organisation=setting["org"], indicator="PQ1")

    assert [str(e) for e in result.errors] == [
        "Row 1, column A (Quarter ending): Column A 'Quarter ending' is not used: was it the "
        "period? "
        "Mark it as ignored to import the file without it."
    ]
    result = run(
        text, organisation=setting["org"], indicator="PQ1", choices=ColumnChoices.parse(["A"])
    )
    assert result.errors == [] and result.created == 2


def test_it_lists_unknown_indicators_by_row_and_column(setting):
    text = (
        "Area code,Indicator code,Period,Value\nE06000005,PI9,2019/20,1\nE06000005,PI9,2020/21,1\n"
    )
    text += "E06000005,PI1,2020/21,1\n"

    result = run(text, organisation=setting["org"])

    assert messages(result) == [
        "Row 2, column B (Indicator code): There is no indicator 'PI9' (2 rows name it). Add it, "
        "or import with --create-indicators to create it as a local indicator."
    ]


def test_it_creates_local_indicators_when_asked(setting):
    text = "Indicator code,Indicator,Unit,Period,Value\nLOC1,Tonnes recycled,%,2019/20,40\n"

    result = run(text, organisation=setting["org"], create_indicators=True)

    assert result.errors == [] and result.indicators_created == ["LOC1"]
    created = Indicator.objects.get(code="LOC1")
    assert (created.owner, created.title, created.unit, created.data_type) == (
        setting["org"],
        "Tonnes recycled",
        "%",
        "percent",
    )
    assert current(indicator=created).value == Decimal(40)


def test_it_refuses_to_create_indicators_without_an_organisation(setting):
    result = run(
        "Area code,Indicator code,Period,Value\nE06000005,LOC1,2019/20,1\n", create_indicators=True
    )

    assert messages(result) == [
        "The file: --create-indicators needs --organisation: new indicators are local ones, "
        "owned by the organisation the file is imported for."
    ]


def test_it_refuses_a_column_it_does_not_know(setting):
    text = "Area code,Indicator code,Period,Value,Owner\nE06000005,PI1,2019/20,1,Sam\n"

    result = run(text)

    assert result.errors[0].ignorable == "E" and not IndicatorValue.objects.exists()


def test_it_refuses_a_bad_status(setting):
    text = "Area code,Indicator code,Period,Value,Status\nE06000005,PI1,2019/20,1,maybe\n"

    assert messages(run(text)) == [
        "Row 2, column E (Status): 'maybe' is not a status: use provisional, final or approved."
    ]
