"""Plan files as councils keep them (`fixtures/build_awkward.py`): other sheets first, a title
above a header over two lines that repeats at a page break, a legacy .xls workbook, Windows-1252
CSV with bare CR line endings; and a file a new user might send, refused with every error by
sheet, row and column, nothing saved, until its unknown column is left out or named."""

import datetime

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.lib.headings import ColumnChoices
from vfmhub.plans.importing import plan_import
from vfmhub.plans.models import Action, ActionUpdate, Plan, PlanItem, PlanSourceFile, UpdateRound
from vfmhub.plans.tests.fixtures import build_awkward
from vfmhub.plans.tests.import_support import make_plan, plan_structure, uor_2009

KLOES = "1.1, 1.2, 1.3, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2 and 3.3"


@pytest.fixture
def plan(personas):
    return make_plan(personas.org_a, version=uor_2009())


def database() -> dict[str, int]:
    """Every row an import could write."""
    models = (Plan, PlanItem, Action, UpdateRound, ActionUpdate, PlanSourceFile, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


def _import(personas, plan, content: bytes, filename: str, **options):
    return plan_import(
        acting_user=personas.editor, plan=plan, content=content, filename=filename, **options
    )


def _refused(personas, plan, content: bytes, filename: str, **options) -> list[str]:
    before = database()
    result = _import(personas, plan, content, filename, **options)
    assert not result.saved
    assert database() == before
    return [str(error) for error in result.errors]


def _first_items(plan) -> list[tuple]:
    return [(theme, kloe, code, text[:30]) for theme, kloe, code, text, _ in plan_items(plan)]


def plan_items(plan):
    return plan_structure(plan)["items"]


EXPECTED_ITEMS = [
    (
        "Theme 1 - Managing finances",
        "KLOE 1.1 - Financial planning",
        "1.1",
        "Better evidence how feedback f",
    ),
    (
        "Theme 1 - Managing finances",
        "KLOE 1.1 - Financial planning",
        "1.1",
        "Stronger evidence of robust ch",
    ),
    (
        "Theme 1 - Managing finances",
        "KLOE 1.3 - Financial reporting",
        "1.3",
        "Ensure that the accounts are f",
    ),
    (
        "Theme 2 - Governing the business",
        "KLOE 2.2 - Data quality and use of information",
        "2.2",
        "Improved and extended testing ",
    ),
]


def _assert_the_plan_sheet_read(plan, result) -> None:
    assert result.errors == []
    assert result.sheet == "Action Plan"
    assert (result.items, result.actions, result.rounds, result.updates) == (4, 5, 2, 8)
    structure = plan_structure(plan)
    assert structure["rounds"] == [
        ("December 2009 Position", datetime.date(2009, 12, 31)),
        ("March 2010 update", datetime.date(2010, 3, 31)),
    ]
    assert _first_items(plan) == EXPECTED_ITEMS
    training = structure["items"][1][4][1]
    assert training[:2] == ("Training for members on Estimates process and member role", "HoF")
    assert training[5] == datetime.date(2009, 11, 30)
    assert training[6] == {"December 2009 Position": "Training session November 2009"}


def test_it_reads_the_plan_sheet_after_other_sheets_below_a_title_and_two_line_header(
    personas, plan
):
    content = build_awkward.other_sheets_first()

    result = _import(personas, plan, content, "plan.xlsx")

    _assert_the_plan_sheet_read(plan, result)


def test_the_fixture_file_is_the_one_the_builder_writes():
    assert build_awkward.WORKBOOK.read_bytes()[:4] == b"PK\x03\x04"
    assert build_awkward.MAC_CSV.read_bytes() == build_awkward.mac_csv_bytes()


def test_it_reads_a_legacy_xls_workbook(personas, plan):
    result = _import(personas, plan, build_awkward.xls_bytes(), "plan.xls")

    _assert_the_plan_sheet_read(plan, result)


def test_a_sheet_named_is_read_instead(personas, plan):
    errors = _refused(
        personas, plan, build_awkward.WORKBOOK.read_bytes(), "p.xlsx", sheet="Contents"
    )

    assert errors == [
        'Contents sheet, row 1: No header row was found: the file needs columns headed "Issue" '
        'and "Action".'
    ]
    missing = _refused(personas, plan, build_awkward.WORKBOOK.read_bytes(), "p.xlsx", sheet="Plan")
    assert missing == [
        "The file: The workbook has no sheet called 'Plan' (it has Contents, Summary, Action Plan)."
    ]


def test_it_reads_windows_1252_with_bare_cr_line_endings(personas, plan):
    content = build_awkward.MAC_CSV.read_bytes()
    assert b"\r\n" not in content and b"\n" not in content and b"\xa3" in content

    result = _import(personas, plan, content, "plan.csv")

    assert (result.errors, result.sheet, result.items, result.actions) == ([], "", 2, 2)
    updates = [a[6] for item in plan_items(plan) for a in item[4]]
    assert updates[0]["July 2010 update"].startswith("£1.147m efficiencies declared")
    assert "‘Behind the Scenes’" in updates[1]["July 2010 update"]


@pytest.mark.parametrize(
    ("encoding", "ending"),
    [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("cp1252", "\r\n"), ("cp1252", "\r")],
    ids=["utf8-lf", "utf8-bom-crlf", "cp1252-crlf", "cp1252-cr"],
)
def test_it_reads_every_encoding_and_line_ending(personas, plan, encoding, ending):
    text = ending.join(
        [
            "Issue,Action,Responsible officer",
            "KLOE 1.1 - Financial planning",
            "Make further efficiencies,Savings of £1.147m – declared,HoF",
        ]
    )

    result = _import(personas, plan, text.encode(encoding), "plan.csv")

    assert result.errors == []
    assert Action.objects.get(item__plan=plan).description == "Savings of £1.147m – declared"


NEW_USER_ERRORS = [
    "Plan sheet, row 1, column C (Owner??): Column C 'Owner??' is not used: was it the "
    "responsible officer? Mark it as ignored to import the file without it.",
    "Plan sheet, row 5, column D (Target date): 'Nov/Dev 2009' is not a date such as 31/03/2010.",
    f"Plan sheet, row 6, column A (Issue): KLOE 9.9 is not in Use of Resources 2009/10. Its "
    f"KLOEs are {KLOES}.",
    "Plan sheet, row 7, column B (Action): The action is empty but the row has other entries; "
    "give the action.",
]


def test_a_new_users_file_is_refused_with_every_error_and_nothing_saved(personas, plan):
    errors = _refused(personas, plan, build_awkward.ERRORS.read_bytes(), "plan.xlsx")

    assert errors == NEW_USER_ERRORS


def test_leaving_out_the_unknown_column_leaves_the_other_errors(personas, plan):
    for ignore in ("C", "Plan!C", "Owner??"):
        choices = ColumnChoices(ignore=frozenset([ignore]))
        errors = _refused(
            personas, plan, build_awkward.ERRORS.read_bytes(), "plan.xlsx", choices=choices
        )
        assert errors == NEW_USER_ERRORS[1:]


OWNER_CSV = (
    b"Issue,Action,Owner??,Target date\n"
    b"KLOE 1.1 - Financial planning\n"
    b"Make further efficiencies in lower priority areas.,Savings identified through BIP.,HoF,"
    b"31/03/2010\n"
)


def test_an_unknown_column_ignored_imports_without_it(personas, plan):
    assert _refused(personas, plan, OWNER_CSV, "p.csv") == [
        "Row 1, column C (Owner??): Column C 'Owner??' is not used: was it the responsible "
        "officer? Mark it as ignored to import the file without it."
    ]

    result = _import(personas, plan, OWNER_CSV, "p.csv", choices=ColumnChoices(frozenset("C")))

    assert (result.errors, result.items, result.actions) == ([], 1, 1)
    assert Action.objects.get(item__plan=plan).officer == ""


def test_an_unknown_column_read_as_a_known_one_imports_it(personas, plan):
    choices = ColumnChoices(use_as={"Owner??": "officer"})

    result = _import(personas, plan, OWNER_CSV, "p.csv", choices=choices)

    assert result.errors == []
    action = Action.objects.get(item__plan=plan)
    assert (action.officer, action.target_date) == ("HoF", datetime.date(2010, 3, 31))


def test_headings_are_matched_however_they_are_written(personas, plan):
    content = (
        b"Issues?,Proposed Actions,Lead Officer(s),Target Date 2009/10,RAG status\n"
        b"Make further efficiencies.,Savings identified through BIP.,HoF,31/03/2010,Amber\n"
    )

    result = _import(personas, plan, content, "p.csv")

    assert result.errors == []
    action = Action.objects.get(item__plan=plan)
    assert (action.officer, action.rag) == ("HoF", "amber")


def test_a_duplicate_heading_is_reported(personas, plan):
    content = b"Issue,Action,Action\nAn issue,An action,Another\n"

    assert _refused(personas, plan, content, "p.csv") == [
        "Row 1, column C (Action): Column C 'Action' is not used: column B has the same "
        "heading. Mark it as ignored to import the file without it."
    ]


def test_an_unknown_theme_lists_the_themes_the_version_has(personas, plan):
    content = (
        b"Issue,Action\nTheme 9 - Managing nothing\nKLOE 1.1 - Financial planning\n"
        b"An issue,An action\n"
    )

    assert _refused(personas, plan, content, "p.csv") == [
        "Row 2, column A (Issue): Theme 9 is not in Use of Resources 2009/10. Its themes are "
        "1, 2 and 3."
    ]


def test_a_repeated_header_in_a_word_table_is_skipped(personas, plan):
    import io

    import docx

    document = docx.Document()
    for rows in (
        [["Issue", "Action"], ["KLOE 1.1 - Financial planning", ""], ["An issue", "One"]],
        [["Issue", "Action"], ["", "Two"]],
    ):
        table = document.add_table(rows=len(rows), cols=2)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)

    result = _import(personas, plan, buffer.getvalue(), "p.docx")

    assert (result.errors, result.items, result.actions) == ([], 1, 2)
