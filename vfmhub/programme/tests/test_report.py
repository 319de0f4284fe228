"""The delivery-plan report: a PDF of the year's funding, allocation and checks, projects, open
risks and events reach, for readers of the partnership's programme only."""

import os
import shutil
import subprocess

import pytest
from django.urls import reverse

from vfmhub.programme.exporting.report import programme_report, report_html
from vfmhub.programme.tests.helpers import READERS, TODAY, YEAR
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db


def report_url(personas, year=YEAR) -> str:
    return reverse("programme:programme_report", args=[personas.partnership.pk]) + f"?year={year}"


def pdf_text(content: bytes) -> str:
    """The PDF's text, with poppler's pdftotext where installed."""
    if shutil.which("pdftotext") is None:
        # CI installs poppler-utils, so there a missing tool is a failure, not a skip.
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is not installed")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_it_downloads_the_delivery_plan_as_a_pdf(personas, built):
    response = client_for(personas.partnership_viewer).get(report_url(personas))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="improvement-northmoor-delivery-plan-2009-10.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for expected in (
        "Improvement Northmoor",
        "Delivery plan 2009/10",
        "£13,000k",  # funding: 0.5 + 3.5 + 7.0 + 2.0 million
        "£12,922k",  # allocated
        "£78k",  # unallocated
        "£4,347k",  # the Performance block, agreeing with its lines
        "Every block agrees with its parts.",
        "Year Two funding",
        "Use of Resources workshops",  # a commitment
        "Winter Maintenance",
        "Revenues and Benefits",
        "Business case",
        "Not rated",
        "Partners withdraw from the shared legal service",
        "Lack of Member engagement",
        "Legal project risks (project: Legal)",
        "Use of Resources improvement programme",
        "2 of 3",
        "Page 1 of",
    ):
        assert expected in text, expected
    assert "Funding is withdrawn" not in text  # closed
    assert "A risk of another body" not in text


def test_the_report_html_has_each_section_and_a_chart_with_its_table(personas, built):
    made = programme_report(personas.partnership, YEAR, TODAY)
    html = report_html(made)

    assert "size: A4 landscape" in html
    assert html.count("<svg") == 1 and "Number of projects by stage and RAG" in html
    for heading in (
        "The year at a glance",
        "Funding streams",
        "Allocation and checks",
        "Commitments",
        "Every project",
        "Open risks",
        "Events reach",
    ):
        assert heading in html, heading
    assert [p.name for p in made.projects] == [
        "Fleet",
        "Legal",
        "Revenues and Benefits",
        "Winter Maintenance",
    ]
    assert [(g.register.name, [r.risk.title for r in g.risks]) for g in made.registers] == [
        (
            "Strategic risk register 2009/10",
            [
                "Lack of Member engagement",
                "Expectations on the partnership are too high",
                "Lack of leadership from Member Panel",
            ],
        ),
        ("Legal project risks", ["Partners withdraw from the shared legal service"]),
    ]
    # Inherent, current and target ratings; a rating not given is left blank.
    assert "2 × 3 = 6" in html and "3 × 3 = 9" in html
    assert "4 people attended, from 2 of the 3 member bodies" in " ".join(html.split())
    assert [(event.title, one.people) for event, one in made.event_rows] == [
        ("Cohort 1: workshop day 1", 3),
        ("Cohort 1: workshop day 2", 2),
    ]
    assert made.filename == "improvement-northmoor-delivery-plan-2009-10"


def test_the_report_flags_an_allocation_that_does_not_add_up(personas, built):
    from vfmhub.programme.models import AllocationNode

    node = AllocationNode.objects.get(partnership=personas.partnership, name="Performance")
    node.stated_total = 4_400_000
    node.save()

    html = report_html(programme_report(personas.partnership, YEAR, TODAY))

    assert "Problems found" in html
    assert "Performance: stated total £4,400k but its parts add to £4,347k" in html


def test_it_reports_the_year_asked_for(personas, built):
    made = programme_report(personas.partnership, 2010, TODAY)
    html = report_html(made)

    assert "Delivery plan 2010/11" in html
    assert "No funding streams for 2010/11." in html
    assert "No allocation for 2010/11 yet." in html
    assert made.overview.events is not None  # the 2009 programme is the latest up to 2010
    response = client_for(personas.partnership_manager).get(report_url(personas, 2010))
    assert response.status_code == 200 and "2010-11" in response["Content-Disposition"]


def test_members_download_it_and_outsiders_get_404(personas, built):
    assert_access(personas, report_url(personas), allowed=READERS, hidden=["outsider"], ok=(200,))


def test_signed_out_users_are_sent_to_sign_in(personas):
    response = client_for(None).get(report_url(personas))

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
