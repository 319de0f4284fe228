import io

import pytest
from openpyxl import Workbook

from vfmhub.audit.models import AuditEvent
from vfmhub.plans.importing import plan_import
from vfmhub.plans.tests.import_support import SEED_DOCX, counts, make_plan, uor_2009


@pytest.fixture
def plan(personas):
    return make_plan(personas.org_a, version=uor_2009())


def _xlsx(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _run(personas, plan, content: bytes, filename: str):
    before, events = counts(plan), AuditEvent.objects.count()
    result = plan_import(acting_user=personas.editor, plan=plan, content=content, filename=filename)
    assert not result.saved
    assert counts(plan) == before  # nothing saved
    assert AuditEvent.objects.count() == events
    return [str(error) for error in result.errors]


def test_it_lists_every_error_by_row_and_column_and_saves_nothing(personas, plan):
    content = _xlsx(
        ["Improvement plan"],
        ["Issue", "Action", "Responsible officer", "Target date", "March 2010 update"],
        ["KLOE 1.1 - Financial planning"],
        ["Good issue", "Good action", "HoF", "31/03/2010", "Begun"],
        ["Bad date", "An action", "HoF", "next Tuesday", ""],
        ["KLOE 9.9 - Not a KLOE"],
        ["Under an unknown KLOE", "An action", "HoF", "", ""],
        ["Another", "", "HoF", "", "Text with no action"],
        ["", "Status wrong", "", "", ""],
    )

    errors = _run(personas, plan, content, "bad.xlsx")

    assert errors == [
        "Sheet, row 5, column D (Target date): 'next Tuesday' is not a date such as 31/03/2010.",
        "Sheet, row 6, column A (Issue): KLOE 9.9 is not in Use of Resources 2009/10. "
        "Its KLOEs are 1.1, 1.2, 1.3, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2 and 3.3.",
        "Sheet, row 8, column B (Action): The action is empty but the row has other "
        "entries; give the action.",
    ]


def test_it_names_missing_required_columns(personas, plan):
    content = _xlsx(["Title"], ["Issue", "Officer", "March 2010 update"], ["An issue", "HoF", "x"])

    errors = _run(personas, plan, content, "missing.xlsx")

    assert errors == ['Sheet, row 2: The required column "Action" is missing from the header row.']


def test_a_file_without_any_header_is_refused(personas, plan):
    content = b"a,b,c\n1,2,3\n"

    errors = _run(personas, plan, content, "numbers.csv")

    assert errors == [
        'Row 1: No header row was found: the file needs columns headed "Issue" and "Action".'
    ]


def test_an_empty_file_is_refused(personas, plan):
    assert _run(personas, plan, b"", "empty.csv") == ["The file: The file is empty."]
    assert _run(personas, plan, _xlsx(), "empty.xlsx") == ["The file: The file is empty."]


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "plan.pdf"),
        (b"PK\x03\x04not really a zip", "plan.xlsx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "plan.csv"),
    ],
    ids=["pdf", "broken-zip", "png-called-csv"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(personas, plan, content, filename):
    errors = _run(personas, plan, content, filename)

    assert errors == [
        "The file: The file is not a spreadsheet (XLSX, XLS or CSV) or a Word document (DOCX) that "
        "can be read."
    ]


def test_word_errors_name_the_table_and_row(personas):
    import docx

    document = docx.Document(io.BytesIO(SEED_DOCX.read_bytes()))
    document.tables[1].rows[3].cells[0].text = "KLOE 7.7 - Unknown"
    buffer = io.BytesIO()
    document.save(buffer)
    plan = make_plan(personas.org_a, version=uor_2009())

    errors = _run(personas, plan, buffer.getvalue(), "plan.docx")

    assert errors == [
        "Table 2, row 4, column 1 (Issue): KLOE 7.7 is not in Use of Resources 2009/10. "
        "Its KLOEs are 1.1, 1.2, 1.3, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2 and 3.3."
    ]


def test_a_bad_status_and_rag_are_errors(personas, plan):
    content = _xlsx(
        ["Issue", "Action", "Status", "RAG"],
        ["An issue", "An action", "Sort of done", "Purple"],
    )

    errors = _run(personas, plan, content, "status.xlsx")

    assert errors == [
        "Sheet, row 2, column C (Status): 'Sort of done' is not a status (use one of: "
        "Not started, In progress, Completed, No action proposed, Deferred).",
        "Sheet, row 2, column D (RAG): 'Purple' is not a RAG rating (use Red, Amber or Green).",
    ]
