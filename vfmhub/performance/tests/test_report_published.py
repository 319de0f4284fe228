"""A published quarterly report is frozen: correcting a value it shows changes neither its page,
its PDF nor its snapshot (while the next quarter's draft shows the corrected value), its PDF holds
the page's figures, and it is reproduced byte for byte from its snapshot."""

# The fixtures `built` and `published` come from test_report_data, imported by name.
# ruff: noqa: F401, F811

import html
import io
import re
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.performance.exporting.report import report_body, report_pdf
from vfmhub.performance.services import reports as services
from vfmhub.performance.tests.test_report_data import (
    built,
    correct,
    pdf_text,
    published,
)
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db


def urls(personas, report) -> dict[str, str]:
    args = [personas.org_a.pk, report.pk]
    return {
        "page": reverse("performance:report", args=args),
        "pdf": reverse("performance:report_pdf", args=args),
        "xlsx": reverse("performance:report_xlsx", args=args),
    }


def figures(snapshot) -> list[str]:
    """The text of every figure in a snapshot ({"raw": …, "text": …} anywhere in it)."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if set(node) == {"raw", "text"}:
                found.append(node["text"])
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(snapshot)
    return found


def squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_a_published_report_is_unchanged_after_a_value_it_shows_is_corrected(
    personas, built, published
):
    client = client_for(personas.manager)
    before = {name: client.get(url).content for name, url in urls(personas, published).items()}
    snapshot = published.snapshot
    assert "38.4%" in before["page"].decode()

    correct(built["recycled"], "45.2")

    published.refresh_from_db()
    assert published.snapshot == snapshot
    after = {name: client.get(url).content for name, url in urls(personas, published).items()}
    body = published.published_html  # the page around it carries a fresh CSRF token
    assert body in before["page"].decode() and body in after["page"].decode()
    assert after["xlsx"] != b"" and "38.4" in body
    assert after["pdf"] == before["pdf"] == bytes(published.published_pdf)
    assert "45.2%" not in after["page"].decode()
    assert "38.4%" in pdf_text(after["pdf"])
    next_quarter = services.report_create(
        acting_user=personas.manager, organisation=personas.org_a, year=2009, quarter=3
    )
    page = client.get(urls(personas, next_quarter)["page"]).content.decode()
    assert "45.2%" in page and "38.4%" not in page
    assert "will change until it is published" in page


def test_the_pdf_holds_the_same_figures_as_the_page(personas, published):
    client = client_for(personas.viewer)
    page = html.unescape(client.get(urls(personas, published)["page"]).content.decode())
    text = squeezed(pdf_text(client.get(urls(personas, published)["pdf"]).content))
    shown = figures(published.snapshot)
    assert {"£1,040k", "+£40k", "+4.0%", "150 kg", "140 kg", "38.4%", "£450k"} <= set(shown)
    for figure in shown:
        assert figure in page, figure
        assert figure in text, figure
    for words in ("Garden waste tonnage rose after the wet summer.", "Increased (was 2)", "Key"):
        assert words in page and words in text, words


def test_a_published_report_is_reproduced_byte_for_byte(personas, published):
    client = client_for(personas.manager)
    first = client.get(urls(personas, published)["pdf"])
    second = client.get(urls(personas, published)["pdf"])
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == (
        'attachment; filename="ashby-district-council-quarterly-report-q2-2009-10.pdf"'
    )
    assert first.content == second.content == bytes(published.published_pdf)
    assert report_body(published.snapshot) == published.published_html
    assert report_pdf(published.snapshot) == bytes(published.published_pdf)
    page = client.get(urls(personas, published)["page"]).content.decode()
    assert published.published_html in page


def test_the_pdf_is_made_in_under_five_seconds(published):
    started = time.perf_counter()
    content = report_pdf(published.snapshot)
    assert content.startswith(b"%PDF")
    assert time.perf_counter() - started < 5


def test_the_xlsx_has_a_sheet_for_every_table_with_the_raw_figures(personas, published):
    response = client_for(personas.viewer).get(urls(personas, published)["xlsx"])
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Revenue",
        "Capital",
        "Indicators",
        "Council plan",
        "Risks",
        "Improvement plans",
        "Efficiency",
        "Key",
    ]
    revenue = list(book["Revenue"].values)
    assert revenue[1][:5] == ("Adult social care", None, 1000000, 520000, 1040000)
    indicators = list(book["Indicators"].values)
    assert indicators[1][:7] == (
        "Cleaner and Greener (CG1)",
        "NI 191",
        "Residual household waste per household",
        "Q2 2009/10",
        150,
        140,
        "Red",
    )
    risks = list(book["Risks"].values)
    assert risks[1][0] == "Landfill tax rises faster than budgeted" and risks[1][7] == "Increased"


def test_a_draft_is_built_from_todays_figures_under_a_draft_banner(personas, built):
    report = services.report_create(
        acting_user=personas.manager, organisation=personas.org_a, year=2009, quarter=2
    )
    client = client_for(personas.viewer)
    page = client.get(urls(personas, report)["page"]).content.decode()
    assert "will change until it is published" in page and "150 kg" in page
    correct(built["recycled"], "41.0")
    page = client.get(urls(personas, report)["page"]).content.decode()
    assert "41.0%" in page
    pdf = client.get(urls(personas, report)["pdf"])
    assert pdf["Content-Disposition"].endswith('-draft.pdf"')
    assert "DRAFT" in pdf_text(pdf.content) and "41.0%" in pdf_text(pdf.content)
