"""Risk registers as councils keep them (issue 13): Windows-1252 and bare-CR CSV, a legacy .xls, a
title above the header, other sheets first, a heading over two lines; every column accounted for
(an unknown one refuses the file until left out or read as a known one, on the command line and
the page, and the choice is remembered); a bad file refused whole; the same file twice changes
nothing and says so."""

import io
import json
from pathlib import Path

import pytest
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from vfmhub.audit.models import AuditEvent
from vfmhub.imports.selectors import column_choices_for
from vfmhub.imports.services import column_choices_remember
from vfmhub.lib.headings import ColumnChoices
from vfmhub.programme.importing.registers import risks_import
from vfmhub.programme.models import Risk, RiskRating
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures" / "registers"
CP1252 = FIXTURES / "risks_cp1252.csv"
BARE_CR = FIXTURES / "risks_bare_cr.csv"
BAD = FIXTURES / "risks_bad.csv"
ENGAGEMENT = "Lack of Member engagement"
HEADER = ["Risks", "Probability (H M L)", "Impact (H M L)", "Action Required"]
SEED_ROWS = [
    ["Lack of leadership from Member Panel", "Low", "High", "• Consolidate the governance model"],
    [ENGAGEMENT, "Medium", "High", "• Members to engage\n• Invite Members to seminars"],
    ["Lack of leadership from Advisory Board", "Low", "High", "• Regulation through the Panel"],
]
L, M, H = 1, 2, 3


def run(register, content: bytes, filename: str, **options):
    return risks_import(
        acting_user=None, register=register, content=content, filename=filename, **options
    )


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls(sheets: dict[str, list[list]]) -> bytes:
    book = xlwt.Workbook()
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def snapshot() -> tuple[int, int, int]:
    return Risk.objects.count(), RiskRating.objects.count(), AuditEvent.objects.count()


def engagement() -> Risk:
    return Risk.objects.get(title=ENGAGEMENT)


# Files as councils hold them ----------------------------------------------------------------


def test_a_windows_1252_csv_with_a_title_above_its_header_imports(register):
    result = run(register, CP1252.read_bytes(), CP1252.name)

    assert (result.errors, result.created, result.sheet) == ([], 7, "")
    risk = engagement()
    assert (risk.current_likelihood, risk.current_impact) == (M, H)
    assert risk.mitigating_actions.splitlines() == [
        "• Members on the Panel to fully engage with their peers within their political "
        "groupings and their own authorities",
        "• Invite Members to seminars and conferences",
    ]
    assert Risk.objects.get(title__startswith="Lack of clarity").mitigating_actions.endswith(
        "appointed in May 2009."
    )


def test_a_csv_with_bare_cr_line_endings_reads_the_same(register):
    result = run(register, BARE_CR.read_bytes(), BARE_CR.name, choices=_use("Responsible", "owner"))

    assert (result.errors, result.created) == ([], 7)
    risk = engagement()
    assert risk.owner == "Programme manager"
    assert len(risk.mitigating_actions.splitlines()) == 2
    again = run(register, CP1252.read_bytes(), CP1252.name)
    assert (again.errors, again.unchanged, again.changed) == ([], 7, False)


def test_a_legacy_xls_workbook_with_another_sheet_first_is_read_from_the_right_sheet(register):
    notes = [["Improvement East"], ["Risk register agreed by the Member Panel, May 2009"]]
    content = xls({"Notes": notes, "Risk register": [HEADER, *SEED_ROWS]})

    result = run(register, content, "register.xls")

    assert (result.errors, result.created, result.sheet) == ([], 3, "Risk register")
    assert engagement().mitigating_actions.splitlines()[1] == "• Invite Members to seminars"


def test_a_heading_over_two_lines_below_a_title_is_found(register):
    rows = [
        ["Improvement East: strategic risks"],
        [],
        ["Risks", "Current", "Current", "Action"],
        ["", "probability", "impact", "required"],
        *SEED_ROWS,
        ["Risks", "Current", "Current", "Action"],  # the heading repeated at a page break
        ["", "probability", "impact", "required"],
    ]
    result = run(register, xlsx({"Register": rows}), "register.xlsx")

    assert (result.errors, result.created) == ([], 3)
    assert (engagement().current_likelihood, engagement().current_impact) == (M, H)


def test_the_sheet_named_is_read_and_a_missing_one_is_named(register):
    content = xlsx({"2009": [HEADER, *SEED_ROWS[:1]], "2010": [HEADER, *SEED_ROWS]})

    assert run(register, content, "r.xlsx", dry_run=True).sheet == "2009"
    chosen = run(register, content, "r.xlsx", sheet="2010", dry_run=True)
    assert (chosen.errors, chosen.created, chosen.sheet) == ([], 3, "2010")
    missing = run(register, content, "r.xlsx", sheet="2011")
    assert [str(e) for e in missing.errors] == [
        "The file: The workbook has no sheet called '2011' (it has 2009, 2010)."
    ]


# Every column accounted for -------------------------------------------------------------------


def _use(heading: str, name: str) -> ColumnChoices:
    return ColumnChoices(use_as={heading: name})


def test_an_unknown_column_refuses_the_file_until_it_is_left_out_or_read(register):
    refused = run(register, BARE_CR.read_bytes(), BARE_CR.name)

    assert [str(e) for e in refused.errors] == [
        "Row 2, column E (Responsible): Column E 'Responsible' is not used: was it the risk's "
        "owner? Mark it as ignored to import the file without it."
    ]
    assert refused.errors[0].ignorable == "E"
    assert ("owner", "the risk's owner") in refused.errors[0].read_as
    assert snapshot()[:2] == (0, 0) and not refused.saved

    left_out = run(register, BARE_CR.read_bytes(), BARE_CR.name, choices=ColumnChoices.parse(["E"]))
    assert (left_out.errors, left_out.created, left_out.ignored_headings) == (
        [],
        7,
        ["Responsible"],
    )
    assert engagement().owner == ""


def test_a_bad_file_is_refused_whole_with_every_problem_by_row_and_column(register):
    before = snapshot()

    result = run(register, BAD.read_bytes(), BAD.name)

    assert [str(e) for e in result.errors] == [
        "Row 1, column G (Comments): Column G 'Comments' is not used: was it the mitigating "
        "actions? Mark it as ignored to import the file without it.",
        "Row 3, column C (Current likelihood): 'Very high' is not a likelihood on this "
        "register's 3 × 3 matrix (High, Medium, Low or 1 to 3).",
        "Row 4, column D (Current impact): Give the current impact.",
        "Row 4, column E (Review date): 'next Tuesday' is not a date (such as 31/03/2010).",
        "Row 4, column F (Status): 'Pending' is not a status: open or closed.",
        "Row 5, column A (Risk): Give the risk's title.",
    ]
    assert snapshot() == before and not result.saved
    ignored = run(register, BAD.read_bytes(), BAD.name, choices=ColumnChoices.parse(["Comments"]))
    assert len(ignored.errors) == 5 and "Comments" not in " ".join(map(str, ignored.errors))


# The command ----------------------------------------------------------------------------------


def _command(register, path: Path, *args: str, **options) -> tuple[str, str, int]:
    out, err, code = io.StringIO(), io.StringIO(), 0
    try:
        call_command(
            "import-risks",
            str(path),
            *args,
            register=register.pk,
            stdout=out,
            stderr=err,
            **options,
        )
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return out.getvalue(), err.getvalue(), code


def test_the_command_refuses_an_unknown_column_until_ignored_and_says_nothing_changed(register):
    out, err, code = _command(register, BARE_CR)
    assert code == 1 and "Column E 'Responsible' is not used" in err
    assert err.splitlines()[-1] == "Nothing was imported: 1 problems."

    out, err, code = _command(register, BARE_CR, "--ignore-column", "E")
    assert (code, err) == (0, "")
    assert "Imported: 7 new, 0 changed, 0 unchanged risks" in out
    assert "Columns not read: Responsible." in out
    before = snapshot()

    out, _, code = _command(register, BARE_CR, "--use-column", "Responsible=owner")
    assert code == 0 and "7 changed" in out  # each risk's owner is now read
    again = snapshot()
    out, _, code = _command(register, BARE_CR, "--use-column", "Responsible=owner")
    assert code == 0 and "nothing changed" in out
    assert snapshot() == again != before


def test_the_command_reads_the_sheet_named_and_prints_it(register, tmp_path):
    path = tmp_path / "register.xls"
    path.write_bytes(xls({"Notes": [["Read me"]], "Risks 2009": [HEADER, *SEED_ROWS]}))

    out, _, code = _command(register, path, sheet="Risks 2009", dry_run=True)

    assert code == 0 and "Read from the ‘Risks 2009’ sheet." in out
    out, _, code = _command(register, path, json=True)
    assert json.loads(out)["sheet"] == "Risks 2009"


def test_the_command_uses_column_choices_remembered_under_a_name(personas, register):
    column_choices_remember(
        acting_user=None,
        owner=personas.partnership,
        kind="risks",
        choices=_use("Responsible", "owner"),
        name="panel",
    )
    _, _, code = _command(register, BARE_CR, mapping="panel")
    assert code == 0 and engagement().owner == "Programme manager"

    with pytest.raises(CommandError, match=r"no column choices called 'other'.*there are panel"):
        _command(register, BARE_CR, mapping="other")


# The pages ------------------------------------------------------------------------------------


def _upload(client, personas, register, path: Path):
    url = reverse("programme:risk_import", args=[personas.partnership.pk, register.pk])
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(url, {"file": upload}, follow=True)


def test_the_page_leaves_out_a_column_ticked_and_remembers_it(
    personas, register, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(personas.partnership_manager)

    preview = _upload(client, personas, register, BARE_CR)

    body = preview.content.decode()
    assert "Columns the import does not recognise" in body and "Import these risks" not in body
    url = preview.redirect_chain[-1][0]
    ticked = client.get(url, {"choosing_columns": "1", "column": "E", "choice-E": "ignore"})
    assert "Import these risks" in ticked.content.decode()
    assert "Leave out column E" in ticked.content.decode()
    done = client.post(url + "confirm/", follow=True)
    assert "Imported risks_bare_cr.csv: 7 new risks, 0 changed." in done.content.decode()
    assert column_choices_for(personas.partnership, "risks").ignore == frozenset({"E"})

    again = _upload(client, personas, register, BARE_CR)
    body = again.content.decode()
    assert "Leave out column E" in body and "Importing it would change nothing" in body
    events = AuditEvent.objects.count()
    done = client.post(again.redirect_chain[-1][0] + "confirm/", follow=True)
    assert "nothing changed" in done.content.decode()
    assert AuditEvent.objects.count() == events


def test_the_page_reads_a_column_as_a_known_one(personas, register, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(personas.partnership_manager)
    url = _upload(client, personas, register, BARE_CR).redirect_chain[-1][0]

    chosen = client.get(
        url,
        {
            "choosing_columns": "1",
            "column": "E",
            "choice-E": "use:owner",
            "heading-E": "Responsible",
        },
    )

    assert "Read ‘Responsible’ as owner" in chosen.content.decode()
    client.post(url + "confirm/")
    assert engagement().owner == "Programme manager"


def test_the_preview_says_which_sheet_it_read(personas, register, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx({"Cover": [["Improvement East"]], "Risks": [HEADER, *SEED_ROWS]}))

    preview = _upload(client_for(personas.partnership_manager), personas, register, path)

    assert "Read from the ‘Risks’ sheet." in preview.content.decode()


def test_problems_on_a_sheet_after_the_first_name_the_sheet(register):
    rows = [HEADER, *SEED_ROWS, ["Funding withdrawn", "Very high", "High", ""], HEADER]
    content = xls({"Notes": [["Read me"]], "Risk register": rows})

    result = run(register, content, "register.xls")

    assert [str(e) for e in result.errors] == [
        "Risk register sheet, row 5, column B (Probability (H M L)): 'Very high' is not a "
        "likelihood on this register's 3 × 3 matrix (High, Medium, Low or 1 to 3)."
    ]
    assert not Risk.objects.exists()  # the heading repeated on row 6 is not read as a risk
