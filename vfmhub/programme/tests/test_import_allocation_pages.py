"""The allocation import's pages and command: upload, preview (which sheets were read, the
counts, the stated totals that disagree), confirm; a column the import does not know refused
until the user leaves it out (a choice on the page, `--ignore-column` on the command line), the
choice remembered for the next import; the same file twice saying nothing changed; partnership
managers only."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.imports.selectors import column_choices_for
from vfmhub.imports.services import column_choices_remember
from vfmhub.lib.headings import ColumnChoices
from vfmhub.programme.models import AllocationNode, FundingStream
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures" / "allocation"
WORKBOOK = FIXTURES / "seed001_workbook.xlsx"
EXTRA = FIXTURES / "seed001_workbook_extra_column.xlsx"
READERS = ["partnership_viewer", "peer_reviewer", "manager", "viewer"]
WRITERS = ["partnership_manager", "staff"]


def _upload_url(personas) -> str:
    return reverse("programme:allocation_import", args=[personas.partnership.pk]) + "?year=2009"


def _preview(client, personas, path: Path, **data):
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(_upload_url(personas), {"file": upload, **data}, follow=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_only_partnership_managers_reach_the_import(personas):
    url = _upload_url(personas)
    assert_access(personas, url, allowed=WRITERS, forbidden=READERS, hidden=["outsider"])


def test_the_preview_and_confirm_are_the_uploaders_only(personas, media):
    preview = _preview(client_for(personas.partnership_manager), personas, WORKBOOK)
    url = preview.redirect_chain[-1][0]
    assert_access(personas, url, forbidden=READERS, hidden=["outsider", "staff"])
    confirm = client_for(personas.staff).post(url + "confirm/")
    assert confirm.status_code == 404 and not AllocationNode.objects.exists()


def test_the_upload_previews_then_imports_both_sheets(personas, media):
    client = client_for(personas.partnership_manager)

    preview = _preview(client, personas, WORKBOOK)

    body = preview.content.decode()
    assert "Read from the ‘Allocation’ sheet." in body
    assert "Funding streams read from the ‘Funding’ sheet." in body
    assert "GRAND TOTAL stated as £12,922k but the lines add to £8,347k." in body
    assert "Import this allocation" in body
    assert not AllocationNode.objects.exists() and not FundingStream.objects.exists()
    done = client.post(preview.redirect_chain[-1][0] + "confirm/", follow=True)
    assert (
        "Imported seed001_workbook.xlsx: 35 new lines, 0 changed, 0 removed. 8 new funding "
        "streams, 0 changed." in done.content.decode()
    )
    assert (AllocationNode.objects.count(), FundingStream.objects.count()) == (35, 8)
    event = AuditEvent.objects.get(action="allocation.import")
    assert event.actor == personas.partnership_manager


def test_the_same_file_again_says_nothing_changed(personas, media):
    client = client_for(personas.partnership_manager)
    first = _preview(client, personas, WORKBOOK)
    client.post(first.redirect_chain[-1][0] + "confirm/")
    events = AuditEvent.objects.count()

    again = _preview(client, personas, WORKBOOK)

    body = again.content.decode()
    assert "Importing it would change nothing, so nothing changed." in body
    assert "Import this allocation" not in body
    done = client.post(again.redirect_chain[-1][0] + "confirm/", follow=True)
    assert "Nothing changed: everything in seed001_workbook.xlsx was already recorded." in (
        done.content.decode()
    )
    assert AuditEvent.objects.count() == events


def test_an_unknown_column_is_chosen_out_on_the_page_and_remembered(personas, media):
    client = client_for(personas.partnership_manager)
    preview = _preview(client, personas, EXTRA)
    url = preview.redirect_chain[-1][0]
    body = preview.content.decode()
    assert "There is a problem" in body
    assert "Allocation sheet, row 4, column E (Lead officer)" in body
    assert 'data-testid="column-choices"' in body

    chosen = client.get(
        url,
        {
            "choosing_columns": "1",
            "column": "Allocation!E",
            "choice-Allocation!E": "ignore",
            "heading-Allocation!E": "Lead officer",
        },
    )

    assert "There is a problem" not in chosen.content.decode()
    assert "Leave out column Allocation!E" in chosen.content.decode()
    client.post(url + "confirm/")
    assert AllocationNode.objects.count() == 35
    remembered = column_choices_for(personas.partnership, "allocation")
    assert remembered.ignore == frozenset({"Allocation!E"})
    # The next upload of the same layout starts from the remembered choice.
    again = _preview(client, personas, EXTRA)
    assert "There is a problem" not in again.content.decode()


def test_the_sheet_named_on_the_form_is_read(personas, media):
    preview = _preview(
        client_for(personas.partnership_manager), personas, WORKBOOK, sheet="Funding"
    )
    body = preview.content.decode()
    assert "No header row with a name column and an amount column (£k) was found." in body


# The command --------------------------------------------------------------------------------


def _command(personas, path: Path, *extra: str) -> None:
    args = ["--partnership", str(personas.partnership.pk), "--year", "2009"]
    call_command("import-allocations", str(path), *args, *extra)


def test_the_command_imports_the_workbook_then_says_nothing_changed(personas, capsys):
    _command(personas, WORKBOOK)
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "Read the allocation from the ‘Allocation’ sheet and the funding streams from the "
        "‘Funding’ sheet.",
        "Imported: 35 lines: 35 new, 0 changed, 0 removed, 0 unchanged; 8 funding streams: 8 "
        "new, 0 changed, 0 unchanged.",
    ]
    assert "Check: GRAND TOTAL stated as £12,922k but the lines add to £8,347k." in out

    _command(personas, WORKBOOK)

    out = capsys.readouterr().out.splitlines()
    assert "Nothing changed: the file's 35 lines and 8 funding streams are already recorded." in out
    assert (AllocationNode.objects.count(), FundingStream.objects.count()) == (35, 8)


def test_the_command_refuses_every_problem_and_saves_nothing(personas, capsys):
    with pytest.raises(SystemExit):
        _command(personas, FIXTURES / "seed001_workbook_bad.xlsx")
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "Nothing was imported: 6 errors."
    assert "Allocation sheet, row 9, column C: 'n/a' is not an amount in £k." in err
    assert not AllocationNode.objects.exists() and not FundingStream.objects.exists()


def test_the_command_leaves_out_a_column_when_told(personas, capsys):
    with pytest.raises(SystemExit):
        _command(personas, EXTRA)
    assert "column E (Lead officer)" in capsys.readouterr().err

    _command(personas, EXTRA, "--ignore-column", "Allocation!E", "--json")

    summary = json.loads(capsys.readouterr().out)
    assert (summary["ok"], summary["created"], summary["streams_created"]) == (True, 35, 8)


def test_the_command_uses_remembered_column_choices(personas, capsys):
    column_choices_remember(
        acting_user=personas.partnership_manager,
        owner=personas.partnership,
        kind="allocation",
        choices=ColumnChoices(ignore=frozenset({"Lead officer"})),
        name="council",
    )

    _command(personas, EXTRA, "--mapping", "council", "--dry-run")

    assert "Dry run, nothing saved." in capsys.readouterr().out
    with pytest.raises(Exception, match="no column choices called 'other'"):
        _command(personas, EXTRA, "--mapping", "other")
