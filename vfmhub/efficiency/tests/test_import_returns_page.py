"""Importing returns from the page and the command line; who may."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from vfmhub.efficiency.models import EfficiencyReturn
from vfmhub.efficiency.tests.seed003 import make_seed_003
from vfmhub.testing import assert_access

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def seed(personas):
    return make_seed_003(personas, with_returns=False)


def _upload(client, seed, name: str):
    return client.post(
        reverse("efficiency:returns_import", args=[seed.programme.pk]),
        {"file": SimpleUploadedFile(name, (FIXTURES / name).read_bytes())},
        follow=True,
    )


def test_it_previews_then_imports(personas, as_user, seed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_user(personas.partnership_manager)

    preview = _upload(client, seed, "returns_seed003.xlsx")

    assert "Import these returns" in preview.content.decode()
    assert not EfficiencyReturn.objects.exists()
    confirm_url = preview.redirect_chain[-1][0] + "confirm/"
    done = client.post(confirm_url, follow=True)
    assert "Imported returns_seed003.xlsx: 7 new returns" in done.content.decode()
    assert EfficiencyReturn.objects.count() == 7


def test_it_shows_every_error_and_saves_nothing(personas, as_user, seed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    preview = _upload(as_user(personas.partnership_manager), seed, "returns_bad.csv")

    body = preview.content.decode()
    assert "There is a problem" in body
    assert "Row 4, column E (2009/10 rating): &#x27;X&#x27; is not a rating" in body
    assert "Import these returns" not in body
    assert not EfficiencyReturn.objects.exists()


def test_it_is_for_partnership_managers_only(personas, seed):
    assert_access(
        personas,
        reverse("efficiency:returns_import", args=[seed.programme.pk]),
        allowed=["partnership_manager"],
        forbidden=["partnership_viewer", "manager"],
        hidden=["outsider"],
        ok=(200,),
    )


def test_the_command_imports_and_reports(seed):
    out = io.StringIO()
    path = str(FIXTURES / "returns_seed003.csv")

    call_command("import-returns", path, programme=seed.programme.pk, dry_run=True, stdout=out)
    assert "Dry run, nothing saved. Importing would give 7 new" in out.getvalue()
    assert not EfficiencyReturn.objects.exists()

    out = io.StringIO()
    call_command("import-returns", path, programme=seed.programme.pk, json=True, stdout=out)
    assert json.loads(out.getvalue())["created"] == 7


def test_the_command_fails_with_every_error(seed):
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import-returns",
            str(FIXTURES / "returns_bad.csv"),
            programme=seed.programme.pk,
            stderr=err,
        )
    assert "Row 5, column D (Cumulative value): The cumulative value cannot be negative." in (
        err.getvalue()
    )
    assert "Nothing was imported: 5 errors." in err.getvalue()
