"""One assessment as an XLSX workbook and a committee-ready PDF report."""

import datetime
import io
import os
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vfmhub.assessments import services
from vfmhub.assessments.exporting import report as reports
from vfmhub.assessments.models import RolledUpScore, Score, ScoreStage
from vfmhub.assessments.tests.test_api import final_auditor, start
from vfmhub.frameworks.loader import load_frameworks
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.testing import assert_access


@pytest.fixture
def uor_2008(db) -> FrameworkVersion:
    load_frameworks()
    return FrameworkVersion.objects.get(framework__code="use-of-resources", code="2008-09")


@pytest.fixture
def final(personas, uor_2008):
    assessment = final_auditor(personas, uor_2008, publish_on=datetime.date(2009, 12, 9))
    score = Score.objects.get(assessment=assessment, criterion__code="2.1", stage=ScoreStage.FINAL)
    services.score_amend(
        acting_user=personas.auditor,
        score=score,
        value=3,
        reason="Late evidence.",
        narrative='=HYPERLINK("http://evil.example")',
    )
    services.finding_add(
        acting_user=personas.auditor,
        assessment=assessment,
        finding_type=uor_2008.finding_types.get(),
        title="Strengthen financial reporting",
        criterion=uor_2008.criteria.get(code="1.3"),
    )
    return assessment


def workbook(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def sheet_rows(book, title: str) -> list[dict]:
    rows = list(book[title].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_it_exports_the_scores_as_recorded(personas, as_user, final):
    response = as_user(personas.manager).get(reverse("assessments:export_xlsx", args=[final.pk]))

    book = workbook(response)
    assert book.sheetnames == ["Assessment", "Criterion scores", "Theme and overall", "Findings"]
    exported = {
        (row["Code"], row["Stage"]): row["Score"] for row in sheet_rows(book, "Criterion scores")
    }
    stored = {
        (code, ScoreStage(stage).label): value
        for code, stage, value in Score.objects.filter(assessment=final).values_list(
            "criterion__code", "stage", "value"
        )
    }
    assert exported == stored
    assert exported[("2.1", "Final")] == 3 and exported[("2.1", "Provisional")] == 2
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_it_exports_theme_and_overall_scores_and_findings(personas, as_user, final):
    book = workbook(
        as_user(personas.manager).get(reverse("assessments:export_xlsx", args=[final.pk]))
    )

    rows = sheet_rows(book, "Theme and overall")
    rolled = {(r["Stage"], r["Theme"]): r["Advisory"] for r in rows}
    stored = {
        (ScoreStage(row.stage).label, row.theme.code if row.theme else "Overall"): row.advisory
        for row in RolledUpScore.objects.filter(assessment=final).select_related("theme")
    }
    assert rolled == stored
    findings = sheet_rows(book, "Findings")
    assert [(f["Criterion"], f["Title"], f["Type"]) for f in findings] == [
        ("1.3", "Strengthen financial reporting", "Area for improvement")
    ]


def test_it_neutralises_cells_a_spreadsheet_would_run(personas, as_user, final):
    book = workbook(
        as_user(personas.manager).get(reverse("assessments:export_xlsx", args=[final.pk]))
    )

    narratives = {
        (r["Code"], r["Stage"]): r["Narrative"] for r in sheet_rows(book, "Criterion scores")
    }
    assert narratives[("2.1", "Final")] == '\'=HYPERLINK("http://evil.example")'


def test_it_gives_the_partnership_the_final_scores_only(personas, as_user, final):
    book = workbook(
        as_user(personas.partnership_manager).get(
            reverse("assessments:export_xlsx", args=[final.pk])
        )
    )

    assert {r["Stage"] for r in sheet_rows(book, "Criterion scores")} == {"Final"}


def test_it_applies_the_page_rules_to_exports(personas, uor_2008):
    draft = start(personas, uor_2008)

    for name in ("assessments:export_xlsx", "assessments:export_pdf"):
        assert_access(
            personas,
            reverse(name, args=[draft.pk]),
            allowed=["viewer"],
            hidden=["outsider", "auditor", "partnership_manager"],
            ok=(200,),
        )


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


def test_it_exports_a_committee_report_as_pdf(personas, as_user, final):
    response = as_user(personas.manager).get(reverse("assessments:export_pdf", args=[final.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for expected in (
        "Ashby District Council",
        "Use of Resources 2008/09",
        "Summary of scores",
        "The chart's data",
        "1.1 Financial planning",
        "Strengthen financial reporting",
        "Page 1 of",
    ):
        assert expected in text
    assert "3.2 Strategic asset management" not in text  # not applicable to a district


def test_it_lays_the_report_out_on_several_a4_pages(final):
    import weasyprint

    html = reports.report_html(reports.assessment_report(final))
    document = weasyprint.HTML(string=html).render()

    assert len(document.pages) >= 4  # cover, summary, criteria, findings
    width, height = document.pages[0].width, document.pages[0].height
    assert (round(width * 25.4 / 96), round(height * 25.4 / 96)) == (210, 297)  # A4 in mm


def test_it_marks_an_embargoed_report(personas, uor_2008):
    assessment = final_auditor(personas, uor_2008, publish_on=datetime.date(2009, 12, 9))
    report = reports.assessment_report(assessment, today=datetime.date(2009, 12, 1))

    html = reports.report_html(report)

    assert "Embargoed: not for publication before 9 December 2009" in html
    assert ("Embargo", "Not for publication before 9 December 2009") in reports.cover_rows(report)


def test_it_draws_the_chart_with_its_data_beside_it(final):
    html = reports.report_html(reports.assessment_report(final))

    assert html.count("<svg") == 1
    assert ">Score by KLOE</title>" in html
    assert "Provisional" in html and "Final" in html  # a series and a column per stage
    assert "The chart&#x27;s data" in html or "The chart's data" in html


def test_it_reads_the_report_in_a_fixed_number_of_queries(final, django_assert_num_queries):
    # applicable criteria, scores, rolled-up scores, findings, scale labels
    with django_assert_num_queries(5):
        reports.assessment_report(final)


def test_it_reports_a_response_whose_author_has_left(personas, as_user, final):
    """A response outlives its author's account (response_by is set to null when they go)."""
    final.findings.update(
        management_response="Agreed; by March.",
        response_by=None,
        response_at=datetime.datetime(2010, 1, 5, tzinfo=datetime.UTC),
    )
    client = as_user(personas.manager)

    page = client.get(reverse("assessments:detail", args=[final.pk]))
    report = client.get(reverse("assessments:export_pdf", args=[final.pk]))

    assert page.status_code == 200
    assert "5 Jan 2010" in page.content.decode()
    assert report.status_code == 200
    assert "Agreed; by March." in pdf_text(report.content)
