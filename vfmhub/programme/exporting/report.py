"""A partnership's delivery plan for a year as a PDF report (A4 landscape), for its board.

It opens with the year at a glance, then the funding streams, the allocation tree with its checks
and the commitments, the projects by stage and RAG (a chart with its table) and each project, the
open risks of the partnership's and its projects' registers with their ratings, and the reach of
the latest improvement programme.

The figures come from the selectors behind the programme page (`programme_overview`), so the
report and the screens cannot disagree. Access is the caller's business.
"""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.text import slugify

from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import Partnership
from vfmhub.programme.models import Event, Project, Rag, RiskRegister
from vfmhub.programme.selectors.events import Figures
from vfmhub.programme.selectors.overview import (
    NOT_RATED,
    ProgrammeOverview,
    RatedRisk,
    open_risks,
    programme_overview,
    projects_chart,
)
from vfmhub.programme.selectors.projects import partnership_projects

PDF_TYPE = "application/pdf"


@dataclass
class RegisterRisks:
    register: RiskRegister
    risks: list[RatedRisk]


@dataclass
class ProgrammeReport:
    overview: ProgrammeOverview
    projects: list[Project]
    registers: list[RegisterRisks]
    projects_chart: SafeString

    @property
    def event_rows(self) -> list[tuple[Event, Figures]]:
        figures = self.overview.events
        if figures is None:
            return []
        return [(event, figures.by_event[event.pk]) for event in figures.events]

    @property
    def filename(self) -> str:
        name = slugify(self.overview.partnership.name) or "partnership"
        year = financial_year_label(self.overview.year).replace("/", "-")
        return f"{name}-delivery-plan-{year}"


def rag_label(rag: str | None) -> str:
    return Rag(rag).label if rag else NOT_RATED


def _registers(overview: ProgrammeOverview) -> list[RegisterRisks]:
    """The open risks grouped by register (partnership registers first, then projects')."""
    grouped: dict[int, RegisterRisks] = {}
    for risk in open_risks(overview.partnership):
        group = grouped.setdefault(risk.register_id, RegisterRisks(risk.register, []))
        group.risks.append(RatedRisk(risk, overview.today))
    return sorted(
        grouped.values(),
        key=lambda g: (
            g.register.project is not None,
            g.register.project.name if g.register.project else "",
            g.register.name,
            g.register.pk,
        ),
    )


def programme_report(partnership: Partnership, year: int, today: datetime.date) -> ProgrammeReport:
    overview = programme_overview(partnership, year, today)
    projects = list(partnership_projects(partnership))
    for project in projects:
        project.rag_label = rag_label(project.current_rag)  # type: ignore[attr-defined]
    return ProgrammeReport(
        overview=overview,
        projects=projects,
        registers=_registers(overview),
        projects_chart=projects_chart(overview.projects, width=900, height=260),
    )


def report_html(report: ProgrammeReport) -> str:
    context = {
        "report": report,
        "overview": report.overview,
        "partnership": report.overview.partnership,
        "year": report.overview.year,
        "position": report.overview.position,
        "counts": report.overview.projects,
        "figures": report.overview.events,
    }
    return render_to_string("programme/report.html", context)


def report_pdf(report: ProgrammeReport) -> bytes:
    import weasyprint  # imported here: it is slow to import and only the report needs it

    return weasyprint.HTML(string=report_html(report)).write_pdf()
