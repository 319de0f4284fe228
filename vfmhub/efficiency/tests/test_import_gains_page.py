"""Importing a body's gains register from a page (issue 13): a column the import does not know
left out with a choice on the preview, the choice remembered for the next upload, "nothing
changed" when the same file comes again, and who may."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vfmhub.efficiency.models import Gain
from vfmhub.efficiency.tests.conftest import body_url
from vfmhub.testing import assert_access

FIXTURES = Path(__file__).parent / "fixtures"
NAME = "gains_melton_owner.csv"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, programme, organisation):
    return client.post(
        body_url(programme, organisation, "efficiency:gains_import"),
        {"file": SimpleUploadedFile(NAME, (FIXTURES / NAME).read_bytes())},
        follow=True,
    )


def test_it_imports_once_a_column_is_left_out_and_then_changes_nothing(
    personas, as_user, programme
):
    client = as_user(personas.editor)
    preview = _upload(client, programme, personas.org_a)
    url = preview.redirect_chain[-1][0]
    assert "Column J &#x27;Owner??&#x27; is not used" in preview.content.decode()
    assert "Import these gains" not in preview.content.decode()

    chosen = client.get(url, {"choosing_columns": "1", "column": "J", "choice-J": "ignore"})
    assert "Import these gains" in chosen.content.decode()
    done = client.post(url + "confirm/", follow=True)

    assert "Imported gains_melton_owner.csv: 3 new gains and 0 corrected." in done.content.decode()
    assert Gain.objects.filter(organisation=personas.org_a).count() == 3
    again = _upload(client, programme, personas.org_a)
    assert "Leave out column J" in again.content.decode()
    assert "Importing it would change nothing" in again.content.decode()
    confirmed = client.post(again.redirect_chain[-1][0] + "confirm/", follow=True)
    assert "Nothing changed: every gain in gains_melton_owner.csv is already in the register." in (
        confirmed.content.decode()
    )
    assert Gain.objects.count() == 3


def test_it_is_for_the_bodys_editors(personas, programme):
    assert_access(
        personas,
        reverse("efficiency:gains_import", args=[programme.pk, personas.org_a.pk]),
        allowed=["editor", "manager"],
        forbidden=["viewer"],
        hidden=["outsider", "partnership_manager"],
        ok=(200,),
    )
