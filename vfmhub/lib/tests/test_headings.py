"""Header rows found however a council headed its columns, and every column accounted for."""

import pytest

from vfmhub.lib.headings import (
    ColumnChoices,
    Expected,
    choose_sheet,
    find_header,
    match_key,
    within_one_edit,
)
from vfmhub.lib.tabular import Sheet, SourceRow

ALLOCATION = Expected(
    {"name": ["Item", "Name"], "amount": ["£k", "Amount", "Approved programme £k"]},
    labels={"name": "the line's name", "amount": "the amount in £k"},
)
PLAN = Expected(
    {
        "issue": ["Issue", "Area for improvement"],
        "action": ["Action"],
        "officer": ["Responsible officer", "Lead officer"],
        "category": ["Category"],
        "area": ["Organisational area"],
    },
    labels={"officer": "the responsible officer"},
    hints={"officer": ["owner", "who"]},
)


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Approved Programme 2009/2010 £k", "approvedprogramme"),
        ("Approved programme 2009-10 (£)", "approvedprogramme"),
        ("Amount £000", "amount"),
        ("Spend (£k)", "spend"),
        ("Returned (Y/N)?", "returnedyn"),
        ("RAG 2010/11", "rag"),
        ("Q3 actual", "actual"),
        ("Responsible_Officer?", "responsibleofficer"),
        ("2009/10", "200910"),  # a heading that is only a year keeps it
        ("£k", "k"),
    ],
)
def test_match_key_ignores_case_punctuation_years_and_units(heading, key):
    assert match_key(heading) == key


def test_within_one_edit():
    assert within_one_edit("category", "catergory")
    assert within_one_edit("organisational", "organisatonal")
    assert within_one_edit("officer", "offcer")
    assert not within_one_edit("officer", "ofcer x")
    assert not within_one_edit("amount", "amounts2")


def test_one_letter_typos_match_longer_headings_only():
    assert PLAN.field_for("Catergory") == "category"
    assert PLAN.field_for("Organisatonal Area") == "area"
    assert ALLOCATION.field_for("Nome") is None  # too short to trust one letter off


def test_the_best_fitting_row_in_the_first_30_is_the_header_titles_above_ignored():
    rows = [
        SourceRow(1, ("Leicestershire Partnership Revenue Fund",)),
        SourceRow(2, ("Allocation of funding",)),
        SourceRow(4, ("Item", "Approved Programme 2009/2010 £k")),
        SourceRow(5, ("Performance", "4347")),
    ]
    header = find_header(rows, ALLOCATION, required=["name", "amount"])
    assert header is not None
    assert (header.row.number, header.end, header.columns) == (4, 4, {"name": 0, "amount": 1})


def test_a_row_after_the_first_30_is_not_searched():
    rows = [SourceRow(n, (f"Note {n}",)) for n in range(1, 32)] + [SourceRow(32, ("Item", "£k"))]
    assert find_header(rows, ALLOCATION, required=["name"]) is None


def test_a_heading_over_two_lines_is_joined():
    rows = [
        SourceRow(1, ("Issue", "Action", "Responsible", "Category")),
        SourceRow(2, ("", "", "officer", "")),
        SourceRow(3, ("Budget", "Review it", "J Smith", "Finance")),
    ]
    header = find_header(rows, PLAN, required=["issue", "action"])
    assert header is not None
    assert header.columns == {"issue": 0, "action": 1, "officer": 2, "category": 3}
    assert (header.row.number, header.end) == (1, 2)
    assert header.unused() == []


def test_a_header_repeated_at_a_page_break_is_known():
    rows = [
        SourceRow(1, ("Issue", "Action")),
        SourceRow(2, ("Budget", "Review it")),
        SourceRow(40, ("ISSUE", "Action ")),
    ]
    header = find_header(rows, PLAN, required=["issue"])
    assert header is not None
    assert not header.is_repeat(rows[1])
    assert header.is_repeat(rows[2])


def test_every_column_not_used_is_reported_with_what_it_may_be():
    rows = [SourceRow(1, ("Issue", "Action", "Owner??", "Notes", "Action"))]
    header = find_header(rows, PLAN, required=["issue"])
    assert header is not None
    messages = [c.message() for c in header.unused()]
    assert messages == [
        "Column C 'Owner??' is not used: was it the responsible officer? "
        "Mark it as ignored to import the file without it.",
        "Column D 'Notes' is not used. Mark it as ignored to import the file without it.",
        "Column E 'Action' is not used: column B has the same heading. "
        "Mark it as ignored to import the file without it.",
    ]
    assert [c.letter for c in header.unused(ignored=["c", "notes"])] == ["E"]
    assert header.unused(ignored=["C", "D", "E"]) == []
    assert header.unused(ignored=["C", "D"], also_used=[4]) == []


def test_no_row_naming_any_column_gives_none():
    assert find_header([SourceRow(1, ("Nothing", "here"))], PLAN) is None


def test_a_heading_the_user_said_to_read_as_a_column_is_that_column():
    rows = [SourceRow(1, ("Issue", "Action", "Owner??"))]
    choices = ColumnChoices.parse(use_as=["Owner??=officer"])

    header = find_header(rows, PLAN, required=["issue"], choices=choices)

    assert header is not None
    assert header.columns == {"issue": 0, "action": 1, "officer": 2}
    assert header.unused() == []


def test_column_choices_round_trip_and_ignore_by_sheet_and_letter():
    choices = ColumnChoices.parse(ignore=["Allocation!C", " "], use_as=["Lead=officer", "junk"])
    assert choices == ColumnChoices(frozenset({"Allocation!C"}), {"Lead": "officer"})
    assert ColumnChoices.from_dict(choices.as_dict()) == choices
    assert ColumnChoices.from_dict({"ignore": "C", "use_as": ["x"]}) == ColumnChoices()
    rows = [SourceRow(1, ("Item", "£k", "Notes"))]
    on_allocation = find_header(rows, ALLOCATION, sheet="Allocation")
    on_funding = find_header(rows, ALLOCATION, sheet="Funding")
    assert on_allocation is not None and on_funding is not None
    assert on_allocation.unused(choices.ignore) == []
    assert [c.key for c in on_funding.unused(choices.ignore)] == ["Funding!C"]


def test_the_sheet_whose_header_fits_best_is_chosen():
    notes = Sheet("Notes", [SourceRow(1, ("Item of note",))])
    funding = Sheet("Funding", [SourceRow(3, ("Stream", "Amount"))])
    allocation = Sheet("Allocation", [SourceRow(2, ("Item", "Approved programme 2009/10 £k"))])

    sheet, header = choose_sheet([notes, funding, allocation], ALLOCATION, required=["name"])

    assert sheet is allocation
    assert header is not None and header.sheet == "Allocation"
    assert choose_sheet([notes], PLAN, required=["issue"]) == (notes, None)


def test_a_second_row_that_only_finishes_headings_belongs_to_the_header():
    expected = Expected({"title": ["Milestone"], "due": ["Due", "Due date"], "status": ["Status"]})
    rows = [
        SourceRow(1, ("Milestone", "Due", "Status")),
        SourceRow(2, ("", "date", "")),
        SourceRow(3, ("Business case", "2010-03-31", "Done")),
    ]
    header = find_header(rows, expected, required=["title"])
    assert header is not None and header.end == 2

    data_below = [rows[0], SourceRow(2, ("Business case", "", ""))]
    header = find_header(data_below, expected, required=["title"])
    assert header is not None and header.end == 1  # a first data row is not taken as heading
