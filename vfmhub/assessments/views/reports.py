"""Downloads of one assessment: a workbook and a committee-ready PDF report."""

from django.http import HttpResponse

from vfmhub.assessments.access import AssessmentNeed, assessment_for_user, sees_provisional
from vfmhub.assessments.exporting import report as reports
from vfmhub.core.exports import XLSX_TYPE


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _report(request, pk: int) -> reports.AssessmentReport:
    assessment, access = assessment_for_user(request.user, pk, need=AssessmentNeed.READ)
    provisional = sees_provisional(access.organisation, assessment.year)
    return reports.assessment_report(assessment, show_provisional=provisional)


def assessment_export_xlsx(request, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _download(reports.report_xlsx(report), XLSX_TYPE, f"{report.filename}.xlsx")


def assessment_export_pdf(request, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _download(reports.report_pdf(report), reports.PDF_TYPE, f"{report.filename}.pdf")
