"""The programme report for the treasurers' group (PDF, A4 landscape): summary, returns received
and missing, the Green/Amber/Red table with names, achieved against target and the bodies below
the threshold. Its figures are the dashboard's (`programme_dashboard`), so they cannot disagree.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.text import slugify

from vfmhub.efficiency.exporting.chart import progress_chart
from vfmhub.efficiency.selectors.dashboard import ProgrammeDashboard
from vfmhub.lib.years import financial_year_label

PDF_TYPE = "application/pdf"


@dataclass
class ProgrammeReport:
    dashboard: ProgrammeDashboard
    chart: SafeString | None

    @property
    def filename(self) -> str:
        name = slugify(self.dashboard.programme.name) or "programme"
        return f"{name}-{financial_year_label(self.dashboard.year).replace('/', '-')}-report"


def programme_report(dashboard: ProgrammeDashboard) -> ProgrammeReport:
    return ProgrammeReport(dashboard, progress_chart(dashboard, width=1000))


def report_html(report: ProgrammeReport) -> str:
    context = {
        "report": report,
        "dashboard": report.dashboard,
        "programme": report.dashboard.programme,
    }
    return render_to_string("efficiency/report.html", context)


def report_pdf(report: ProgrammeReport) -> bytes:
    import weasyprint  # imported here: it is slow to import and only exports need it

    return weasyprint.HTML(string=report_html(report)).write_pdf()
