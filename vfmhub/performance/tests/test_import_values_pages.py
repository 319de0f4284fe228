"""The values import's upload, preview and confirm pages."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.performance.models import IndicatorValue
from vfmhub.performance.tests.test_import_values import indicator_make
from vfmhub.testing import assert_access, client_for

CSV = (
    "Local authority code,Local authority name,Code,Financial year,Value,MEDIAN\n"
    "E07000901,Ashby,PI1,2021-22,12.5,10\n"
    "E92000001,England,PI1,2021-22,11,10\n"
    "E06000901,Bexwell,PI1,2021-22,9,10\n"
    "E07000901,Ashby,PI1,2022-23,..,10\n"
)


@pytest.fixture
def setting(personas):
    indicator_make("PI1", "Missed bins")
    return personas


def upload(client, org_pk: int, content: str = CSV, **data):
    file = SimpleUploadedFile("bins.csv", content.encode(), content_type="text/csv")
    url = reverse("performance:values_import", args=[org_pk])
    return client.post(url, {"file": file, **data})


def test_it_previews_then_imports_for_an_editor(setting):
    client = client_for(setting.editor)
    response = upload(client, setting.org_a.pk)
    assert response.status_code == 302
    preview = client.get(response["Location"])

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Import these values" in page and "Not imported: MEDIAN" in page
    assert "England (comparator)" in page
    assert "Row 5, column E (Value)" in page
    assert not IndicatorValue.objects.exists()

    confirm = client.post(response["Location"] + "confirm/")

    assert confirm.status_code == 302
    assert confirm["Location"] == reverse("performance:scorecard", args=[setting.org_a.pk])
    ours = IndicatorValue.objects.get(organisation=setting.org_a)
    assert (ours.value, ours.year, ours.entered_by, ours.source) == (
        Decimal("12.5"),
        2021,
        setting.editor,
        "bins.csv",
    )
    assert IndicatorValue.objects.get(area_code="E92000001").organisation is None
    assert not IndicatorValue.objects.filter(organisation=setting.org_b).exists()
    event = AuditEvent.objects.get(action="performance.value.import_add", object_id=str(ours.pk))
    assert event.actor == setting.editor and event.organisation_id == setting.org_a.pk


def test_the_preview_lists_every_problem_and_saves_nothing(setting):
    client = client_for(setting.editor)
    response = upload(client, setting.org_a.pk, CSV.replace("2021-22,12.5", "someday,12.5"))

    page = client.get(response["Location"]).content.decode()

    assert "There is a problem" in page and "&#x27;someday&#x27; is not a period" in page
    assert "Import these values" not in page
    assert not IndicatorValue.objects.exists()


def test_it_refuses_the_pages_to_outsiders_and_viewers(setting):
    url = reverse("performance:values_import", args=[setting.org_a.pk])

    assert_access(
        setting, url, allowed=["editor", "manager"], forbidden=["viewer"], hidden=["outsider"]
    )
    assert_access(setting, url, method="post", forbidden=["viewer"], hidden=["outsider"])


def test_a_token_is_not_found_by_another_user(setting):
    response = upload(client_for(setting.editor), setting.org_a.pk)

    other = client_for(setting.manager).get(response["Location"])
    confirm = client_for(setting.manager).post(response["Location"] + "confirm/")

    assert (other.status_code, confirm.status_code) == (404, 404)
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (bytes(range(256)) * 40, "The file"),
        (b"Area code,Code,Period,Value\nE07000901,PI1,2021-22,1e40\n", "is too large"),
        (b"", "The file is empty"),
    ],
)
def test_the_preview_of_a_hostile_file_is_a_page_not_a_crash(setting, content, problem):
    client = client_for(setting.editor)
    file = SimpleUploadedFile("junk.csv", content, content_type="text/csv")
    response = client.post(
        reverse("performance:values_import", args=[setting.org_a.pk]), {"file": file}
    )

    if response.status_code == 200:  # the form refused the file itself (an empty upload)
        assert "There is a problem" in response.content.decode()
        return
    page = client.get(response["Location"])
    assert page.status_code == 200 and problem in page.content.decode()
    assert not IndicatorValue.objects.exists()
