"""Columns an import does not recognise: reported, chosen on the preview page, kept for confirm."""

from types import SimpleNamespace

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory

from vfmhub.core.importing import UploadStash, preview_choices, unused_column_issues
from vfmhub.lib.headings import ColumnChoices, Expected, find_header
from vfmhub.lib.tabular import SourceRow

EXPECTED = Expected(
    {"issue": ["Issue"], "officer": ["Responsible officer"], "due": ["Target date"]},
    labels={"officer": "the responsible officer", "due": "the target date"},
    hints={"officer": ["owner"]},
)


def _header(sheet=""):
    rows = [SourceRow(3, ("Issue", "Owner??", "Notes"))]
    header = find_header(rows, EXPECTED, required=["issue"], sheet=sheet)
    assert header is not None
    return header


def test_each_unrecognised_column_is_an_issue_at_its_row_and_column():
    issues = unused_column_issues(_header(sheet="Plan"))

    assert [str(i) for i in issues] == [
        "Plan sheet, row 3, column B (Owner??): Column B 'Owner??' is not used: was it the "
        "responsible officer? Mark it as ignored to import the file without it.",
        "Plan sheet, row 3, column C (Notes): Column C 'Notes' is not used. Mark it as ignored "
        "to import the file without it.",
    ]
    assert [i.ignorable for i in issues] == ["Plan!B", "Plan!C"]
    assert issues[0].read_as == (
        ("officer", "the responsible officer"),
        ("due", "the target date"),
    )
    assert issues[0].as_dict()["ignorable"] == "Plan!B"
    assert unused_column_issues(_header(), ColumnChoices(frozenset({"B", "Notes"}))) == []


@pytest.fixture
def stash(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return UploadStash(session_key="test_uploads", folder="test")


def _request(query):
    request = RequestFactory().get("/preview/", query)
    request.session = SessionStore()
    return request


def test_choices_sent_from_the_preview_are_kept_with_the_upload(stash):
    request = _request({})
    token = stash.keep(request, SimpleUploadedFile("plan.csv", b"x"), scope=1)
    entry = stash.entry(request, token, scope=1)
    assert preview_choices(request, stash, token, entry) == ColumnChoices()

    chosen = _request(
        {
            "choosing_columns": "1",
            "column": ["B", "C", "D"],
            "choice-B": "use:officer",
            "heading-B": "Owner??",
            "choice-C": "ignore",
            "choice-D": "",
            "keep-ignore": ["E"],
        }
    )
    chosen.session = request.session
    choices = preview_choices(chosen, stash, token, entry)

    assert choices == ColumnChoices(frozenset({"C", "E"}), {"Owner??": "officer"})
    again = stash.entry(request, token, scope=1)
    assert preview_choices(request, stash, token, again) == choices
    assert choices.describe() == [
        "Leave out column C",
        "Leave out column E",
        "Read ‘Owner??’ as officer",
    ]


def test_the_preview_offers_a_choice_for_each_unrecognised_column():
    issues = unused_column_issues(_header())
    html = render_to_string(
        "core/includes/column_choices.html",
        {
            "result": SimpleNamespace(errors=issues),
            "column_choices": ColumnChoices(frozenset({"E"}), {"Lead": "officer"}),
        },
    )

    assert 'name="choice-B"' in html and 'name="choice-C"' in html
    assert '<option value="use:officer">Read it as the responsible officer</option>' in html
    assert '<option value="ignore">Leave this column out</option>' in html
    assert '<input type="hidden" name="keep-ignore" value="E">' in html
    assert '<input type="hidden" name="keep-use" value="Lead=officer">' in html
    assert "Leave out column E" in html
