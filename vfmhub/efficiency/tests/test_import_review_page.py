"""The returns upload page with files as partnerships keep them (issue 13): the sheet read, a
column the import does not know left out with a tick, the bodies that sent no return, and
"nothing changed" when the same file comes again."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html

from vfmhub.efficiency.models import EfficiencyReturn
from vfmhub.efficiency.tests.review003 import make_review_programme

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def seed(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_review_programme(personas)


def _upload(client, seed, name: str, **fields):
    return client.post(
        reverse("efficiency:returns_import", args=[seed.programme.pk]),
        {"file": SimpleUploadedFile(name, (FIXTURES / name).read_bytes()), **fields},
        follow=True,
    )


def test_it_says_which_sheet_it_read_and_who_sent_no_return(personas, as_user, seed):
    preview = _upload(as_user(personas.partnership_manager), seed, "review_seed003_wide.xlsx")

    body = preview.content.decode()
    assert "Read from the ‘Review’ sheet." in body
    assert "Bodies that sent no return" in body
    assert "<li>Leicestershire Fire and Rescue Authority</li>" in body
    assert "Import these returns" in body


def test_it_reads_the_sheet_named_on_the_form(personas, as_user, seed):
    client = as_user(personas.partnership_manager)

    preview = _upload(client, seed, "review_seed003_wide.xlsx", sheet="Notes")

    body = preview.content.decode()
    assert "Read from the ‘Notes’ sheet." in body
    assert "No header row was found" in body
    assert "Import these returns" not in body


def test_a_ticked_column_is_left_out_then_the_file_imports_once(personas, as_user, seed):
    client = as_user(personas.partnership_manager)
    preview = _upload(client, seed, "returns_review_officer.csv")
    url = preview.redirect_chain[-1][0]
    body = preview.content.decode()
    assert "Column F &#x27;Lead officer&#x27; is not used" in body
    assert 'name="choice-F"' in body
    assert "Import these returns" not in body

    chosen = client.get(url, {"choosing_columns": "1", "column": "F", "choice-F": "ignore"})

    assert "Leave out column F" in chosen.content.decode()
    assert "Import these returns" in chosen.content.decode()
    done = client.post(url + "confirm/", follow=True)
    assert "Imported returns_review_officer.csv: 7 new returns" in done.content.decode()
    assert EfficiencyReturn.objects.count() == 7

    again = _upload(client, seed, "returns_review_officer.csv")
    url = again.redirect_chain[-1][0]
    again = client.get(url, {"choosing_columns": "1", "column": "F", "choice-F": "ignore"})
    assert "Importing it would change nothing" in again.content.decode()
    confirmed = client.post(url + "confirm/", follow=True)
    assert "Nothing changed: every return in returns_review_officer.csv is already recorded." in (
        confirmed.content.decode()
    )
    assert EfficiencyReturn.objects.count() == 7


def test_the_next_upload_starts_from_the_choices_last_confirmed(personas, as_user, seed):
    client = as_user(personas.partnership_manager)
    url = _upload(client, seed, "returns_review_officer.csv").redirect_chain[-1][0]
    client.get(url, {"choosing_columns": "1", "column": "F", "choice-F": "ignore"})
    client.post(url + "confirm/")
    EfficiencyReturn.objects.all().delete()

    preview = _upload(client, seed, "returns_review_officer.csv")

    body = preview.content.decode()
    assert "Leave out column F" in body
    assert "There is a problem" not in body
    assert "Import these returns" in body


def test_the_dashboard_shows_the_reviews_table_after_the_import(personas, as_user, seed):
    client = as_user(personas.partnership_manager)
    url = _upload(client, seed, "review_seed003_wide.xlsx").redirect_chain[-1][0]
    client.post(url + "confirm/")

    response = as_user(personas.partnership_viewer).get(
        reverse("efficiency:dashboard", args=[seed.programme.pk])
    )

    page = html.fromstring(response.content)
    missing = [
        _text(li).replace(" Overdue", "") for li in page.xpath('//*[@data-testid="missing"]/li')
    ]
    assert missing == [
        "Blaby District Council",
        "Charnwood Borough Council",
        "Harborough District Council",
        "Leicester City PCT",
        "Leicestershire County PCT",
        "Leicestershire Fire and Rescue Authority",
    ]
    counts = {
        row.get("data-year"): {
            td.get("data-rating"): _text(td.xpath('.//*[@data-testid="count"]')[0])
            for td in row.xpath("./td")
        }
        for row in page.xpath('//*[@data-testid="ratings"]/tbody/tr')
    }
    assert counts == {
        "2009": {"Green": "0", "Amber": "6", "Red": "1", "Not rated": "0"},
        "2010": {"Green": "0", "Amber": "5", "Red": "2", "Not rated": "0"},
        "2011": {"Green": "0", "Amber": "4", "Red": "1", "Not rated": "2"},
    }


def _text(element) -> str:
    return " ".join(element.text_content().split())
