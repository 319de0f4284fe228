"""Evidence: size and type limits, links, access-checked downloads, removal."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vfmhub.assessments import services
from vfmhub.assessments.models import Evidence
from vfmhub.assessments.services import evidence as evidence_services
from vfmhub.assessments.tests.conftest import score_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EVIDENCE_MAX_BYTES = 1024
    return tmp_path


def add(personas, assessment, name, content, code="1.1"):
    return services.evidence_add_file(
        acting_user=personas.editor,
        assessment=assessment,
        criterion=score_of(assessment, code).criterion,
        title="",
        uploaded_file=SimpleUploadedFile(name, content),
    )


def test_it_stores_an_allowed_file(personas, self_draft, media):
    evidence = add(personas, self_draft, "Budget plan.pdf", PDF)
    assert evidence.original_name == "Budget_plan.pdf"
    assert evidence.title == "Budget_plan.pdf"
    assert (evidence.size, evidence.content_type) == (len(PDF), "application/pdf")
    assert (media / evidence.file.name).read_bytes() == PDF


def test_it_refuses_a_file_over_the_limit(personas, self_draft):
    with pytest.raises(ValidationError) as caught:
        add(personas, self_draft, "big.txt", b"x" * 1025)
    assert caught.value.messages == ["The file must be smaller than 1 KB."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ", "The file must be a PDF,"),
        ("notes", b"text", "The file must be a PDF,"),
        ("fake.pdf", b"<html>", "The file’s contents do not look like a PDF file."),
        ("fake.docx", PDF, "The file’s contents do not look like a DOCX file."),
        ("binary.txt", b"\x00\x01\x02", "The file’s contents do not look like a TXT file."),
        ("empty.csv", b"", "The selected file is empty."),
    ],
)
def test_it_refuses_files_of_the_wrong_type(personas, self_draft, name, content, message):
    with pytest.raises(ValidationError) as caught:
        add(personas, self_draft, name, content)
    assert caught.value.messages[0].startswith(message)
    assert not Evidence.objects.exists()


def test_it_accepts_text_and_images_that_look_right(personas, self_draft):
    add(personas, self_draft, "figures.csv", "Année,£\n2008,1\n".encode())
    add(personas, self_draft, "chart.png", b"\x89PNG\r\n\x1a\n....")
    add(personas, self_draft, "report.docx", b"PK\x03\x04....")
    assert Evidence.objects.count() == 3


def test_it_refuses_evidence_for_a_criterion_outside_the_assessment(personas, self_draft):
    workforce = self_draft.version.criteria.get(code="3.3")
    with pytest.raises(ValidationError, match="not part of this assessment"):
        services.evidence_add_link(
            acting_user=personas.editor,
            assessment=self_draft,
            criterion=workforce,
            title="Plan",
            url="https://example.org/plan",
        )


def test_it_adds_and_shows_a_link(personas, as_user, self_draft):
    score = score_of(self_draft, "1.1")
    url = reverse("assessments:evidence_link", args=[self_draft.pk, score.criterion_id])
    client = as_user(personas.editor)
    response = client.post(url, {"title": "Committee report", "url": "https://example.org/r"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert 'href="https://example.org/r"' in page and "Committee report" in page
    bad = client.post(url, {"title": "Bad", "url": "javascript:alert(1)"})
    assert bad.status_code == 200 and "govuk-error-message" in bad.content.decode()


def test_it_uploads_through_the_page_and_downloads_as_an_attachment(personas, as_user, self_draft):
    score = score_of(self_draft, "1.1")
    upload = reverse("assessments:evidence_upload", args=[self_draft.pk, score.criterion_id])
    client = as_user(personas.editor)
    response = client.post(upload, {"title": "Plan", "file": SimpleUploadedFile("p.pdf", PDF)})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    download = client.get(
        reverse("assessments:evidence_download", args=[self_draft.pk, evidence.pk])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    assert (
        as_user(personas.outsider)
        .get(reverse("assessments:evidence_download", args=[self_draft.pk, evidence.pk]))
        .status_code
        == 404
    )


def test_it_shows_upload_errors_in_govuk_markup(personas, as_user, self_draft):
    score = score_of(self_draft, "1.1")
    upload = reverse("assessments:evidence_upload", args=[self_draft.pk, score.criterion_id])
    response = as_user(personas.editor).post(
        upload, {"title": "", "file": SimpleUploadedFile("run.exe", b"MZ")}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "The file must be a PDF" in body


def test_it_deletes_the_file_with_the_evidence(
    personas, self_draft, media, django_capture_on_commit_callbacks
):
    evidence = add(personas, self_draft, "plan.txt", b"Plan")
    path = media / evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(acting_user=personas.editor, evidence=evidence)
    assert not Evidence.objects.exists()
    assert not path.exists()


def test_it_has_a_ten_megabyte_default(settings):
    del settings.EVIDENCE_MAX_BYTES
    assert evidence_services.max_bytes() == 10 * 1024 * 1024
