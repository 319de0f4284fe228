import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.plans.importing import plan_import
from vfmhub.plans.models import Action, PlanItem
from vfmhub.plans.tests.import_support import SEED_DOCX, SEED_XLSX, counts, make_plan, uor_2009
from vfmhub.testing import assert_access


@pytest.fixture
def plan(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_plan(personas.org_a, version=uor_2009())


def _upload(client, plan, path=SEED_XLSX, content=None, **fields):
    upload = SimpleUploadedFile(path.name, content if content is not None else path.read_bytes())
    return client.post(reverse("plans:import", args=[plan.pk]), {"file": upload, **fields})


def test_it_previews_then_imports_on_confirm(personas, as_user, plan):
    client = as_user(personas.editor)

    response = _upload(client, plan, SEED_DOCX)
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert counts(plan)["items"] == 0  # the preview saves nothing
    body = preview.content.decode()
    assert "Check the import" in body
    assert "Further integrate corporate financial planning" in body
    assert "Table 1, row 3" in body
    assert "December 2009 Position (as at 31 December 2009)" in body

    confirm = client.post(response["Location"] + "confirm/")

    assert confirm.status_code == 302
    assert confirm["Location"] == reverse("plans:detail", args=[plan.pk])
    assert counts(plan) == {"items": 15, "actions": 26, "rounds": 3, "updates": 46}
    assert client.post(response["Location"] + "confirm/").status_code == 404  # used up


def test_the_preview_lists_every_error_by_row_and_column(personas, as_user, plan):
    client = as_user(personas.editor)
    content = b"Issue,Action,Target date\nKLOE 8.1 - Unknown\nAn issue,An action,next Tuesday\n"

    response = client.get(_upload(client, plan, Path("plan.csv"), content=content)["Location"])

    body = response.content.decode()
    assert "There is a problem" in body
    assert "govuk-error-summary" in body
    assert "Row 3, column C (Target date): &#x27;next Tuesday&#x27; is not a date" in body
    assert "Row 2, column A (Issue): KLOE 8.1 is not in Use of Resources 2009/10." in body
    assert "Import</button>" not in body


def test_the_upload_form_refuses_other_kinds_of_file(personas, as_user, plan):
    client = as_user(personas.editor)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4")

    response = client.post(reverse("plans:import", args=[plan.pk]), {"file": upload})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_a_column_mapping_from_the_form_is_used(personas, as_user, plan):
    client = as_user(personas.editor)
    content = b"Weakness,Remedy,Lead\nAn issue,An action,HoF\n"

    location = _upload(
        client,
        plan,
        Path("plan.csv"),
        content=content,
        issue="Weakness",
        action="Remedy",
        officer="Lead",
    )["Location"]
    client.post(location + "confirm/")

    assert Action.objects.get(item__plan=plan).officer == "HoF"


def test_another_user_cannot_use_the_token(personas, as_user, plan):
    location = _upload(as_user(personas.editor), plan)["Location"]

    assert as_user(personas.manager).get(location).status_code == 404


def test_import_pages_need_edit_access(personas, plan):
    url = reverse("plans:import", args=[plan.pk])
    assert_access(
        personas,
        url,
        allowed=["editor", "manager"],
        forbidden=["viewer", "auditor"],
        hidden=["outsider", "peer_reviewer"],
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "pdf"])
def test_export_downloads(personas, as_user, plan, fmt):
    plan_import(
        acting_user=personas.editor,
        plan=plan,
        content=SEED_XLSX.read_bytes(),
        filename=SEED_XLSX.name,
    )

    response = as_user(personas.viewer).get(
        reverse("plans:export", args=[plan.pk]), {"format": fmt}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "pdf":
        assert response.content.startswith(b"%PDF")


def test_export_needs_read_access_and_a_known_format(personas, as_user, plan):
    url = reverse("plans:export", args=[plan.pk])
    assert_access(personas, url, allowed=["viewer", "auditor"], hidden=["outsider"])
    assert as_user(personas.viewer).get(url, {"format": "exe"}).status_code == 404


def test_the_template_download_imports_cleanly(personas, as_user, plan):
    response = as_user(personas.viewer).get(reverse("plans:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[3]][:2] == ["Issue", "Action"]

    result = plan_import(
        acting_user=personas.editor, plan=plan, content=response.content, filename="t.xlsx"
    )

    assert result.errors == []
    assert (result.items, result.actions, result.rounds, result.updates) == (1, 2, 3, 3)
    criterion = PlanItem.objects.get(plan=plan).criterion
    assert criterion is not None and criterion.code == "1.1"
