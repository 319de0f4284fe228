"""The pages added for partnerships' own files (other names for bodies, other bodies, the
returns upload and its preview with a column to choose), in a real browser with axe-core."""

from pathlib import Path

import pytest
from django.urls import reverse

from vfmhub.core.browser import assert_accessible, sign_in
from vfmhub.efficiency.services.other_bodies import other_body_add
from vfmhub.efficiency.tests.review003 import make_review_programme
from vfmhub.organisations.models import BodyType, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = Path(__file__).parent / "fixtures"


def test_it_passes_axe_on_the_alias_and_other_body_pages(page, live_server, personas):
    seed = make_review_programme(personas)
    police = Organisation.objects.create(name="Leicestershire Police", body_type=BodyType.POLICE)
    other_body_add(acting_user=None, programme=seed.programme, organisation=police)
    Organisation.objects.create(name="Leicester City PCT (2)", body_type=BodyType.PCT)
    sign_in(page, live_server, "partnership.manager@example.org")
    for name in ("efficiency:body_aliases", "efficiency:other_bodies"):
        page.goto(live_server.url + reverse(name, args=[seed.programme.pk]))
        assert page.locator("table").first.is_visible()
        assert_accessible(page)


def test_it_passes_axe_on_the_preview_with_a_column_to_choose(
    page, live_server, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    seed = make_review_programme(personas)
    sign_in(page, live_server, "partnership.manager@example.org")
    page.goto(live_server.url + reverse("efficiency:returns_import", args=[seed.programme.pk]))
    assert_accessible(page)
    page.set_input_files("input[type=file]", str(FIXTURES / "returns_review_officer.csv"))
    page.get_by_role("button", name="Check the file").click()
    assert page.get_by_text("Columns the import does not recognise").is_visible()
    assert_accessible(page)
    page.select_option("select", "ignore")
    page.get_by_role("button", name="Check the file again").click()
    assert page.get_by_role("button", name="Import these returns").is_visible()
    assert page.get_by_text("Bodies that sent no return").is_visible()
    assert_accessible(page)


def test_it_passes_axe_on_the_gains_upload(page, live_server, personas, programme):
    sign_in(page, live_server, "editor@example.org")
    page.goto(
        live_server.url + reverse("efficiency:gains_import", args=[programme.pk, personas.org_a.pk])
    )
    assert page.get_by_role("button", name="Check the file").is_visible()
    assert_accessible(page)
