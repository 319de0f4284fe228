"""The risk and project import pages in a real browser, checked with axe-core: both upload pages,
a preview listing problems by row and column, and a preview listing changes."""

from pathlib import Path

import pytest
from django.urls import reverse

from vfmhub.core.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MANAGER = "partnership.manager@example.org"
FIXTURES = Path(__file__).parent / "fixtures"


def test_it_passes_axe_on_the_risk_import_and_its_preview(
    page, live_server, personas, register, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    bad = tmp_path / "risks.csv"
    bad.write_text("Risk,Likelihood,Impact\nFraud,Very high,High\n", encoding="utf-8")
    sign_in(page, live_server, MANAGER)
    page.goto(
        live_server.url
        + reverse("programme:risk_import", args=[personas.partnership.pk, register.pk])
    )
    assert page.get_by_role("heading", level=1, name="Import risks").is_visible()
    assert_accessible(page)

    page.get_by_label("Risk register file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert "'Very high' is not a likelihood" in page.content().replace("&#x27;", "'")
    assert_accessible(page)


def test_it_passes_axe_on_the_project_import_and_its_preview(
    page, live_server, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sign_in(page, live_server, MANAGER)
    page.goto(live_server.url + reverse("programme:project_import", args=[personas.partnership.pk]))
    assert page.get_by_role("heading", level=1, name="Import projects").is_visible()
    assert_accessible(page)

    page.get_by_label("Projects file").set_input_files(str(FIXTURES / "projects_seed003.csv"))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import these projects").wait_for()
    assert page.get_by_role("table").filter(has_text="Revenues and benefits").is_visible()
    assert_accessible(page)
