"""One assessment as a committee report: the data, an XLSX workbook and a PDF.

`assessment_report` reads everything the two formats need in a fixed number of queries; the
builders only lay it out. Access is the caller's business (the export views fetch the assessment
through the access layer first).
"""

import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from vfmhub.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Finding,
    RolledUpScore,
    Score,
    ScoreStage,
)
from vfmhub.assessments.selectors.assessments import level_labels
from vfmhub.core.charts import Series, bar_chart
from vfmhub.core.exports import safe_cell
from vfmhub.frameworks.models import Criterion, Theme
from vfmhub.frameworks.selectors import applicable_criteria
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label

PDF_TYPE = "application/pdf"
NOT_SCORED = "Not scored"


@dataclass
class CriterionLine:
    """One criterion with its score at each stage shown (a missing stage is None)."""

    criterion: Criterion
    scores: dict[str, Score | None]
    current: Score | None


@dataclass
class ThemeSection:
    theme: Theme
    lines: list[CriterionLine] = field(default_factory=list)
    rolled_up: dict[str, RolledUpScore | None] = field(default_factory=dict)


@dataclass
class AssessmentReport:
    assessment: Assessment
    stages: tuple[str, ...]
    current_stage: str
    themes: list[ThemeSection]
    overall: dict[str, RolledUpScore | None]
    findings: list[Finding]
    labels: dict[int, str]  # level value -> its label in the default label set
    today: datetime.date

    def label(self, value: int | None) -> str:
        if value is None:
            return NOT_SCORED
        return self.labels.get(value, str(value))

    @property
    def stage_names(self) -> list[str]:
        return [ScoreStage(stage).label for stage in self.stages]

    @property
    def max_level(self) -> int:
        return max(self.labels, default=4)

    @property
    def embargoed(self) -> bool:
        return self.assessment.is_embargoed_on(self.today)

    @property
    def filename(self) -> str:
        a = self.assessment
        name = a.organisation.short_name or a.organisation.name
        return slugify(f"{name} {a.version.name} {a.get_kind_display()} {a.year}")


def report_stages(assessment: Assessment, *, show_provisional: bool = True) -> tuple[str, ...]:
    """The stages the report shows: an auditor assessment still provisional has no final yet,
    and a reader who may not see provisional scores (a partnership) gets the final ones only."""
    if assessment.status == AssessmentStatus.PROVISIONAL:
        return (ScoreStage.PROVISIONAL,)
    stages = assessment.score_stages
    if not show_provisional:
        stages = tuple(stage for stage in stages if stage != ScoreStage.PROVISIONAL)
    return stages


def assessment_report(
    assessment: Assessment, *, today: datetime.date | None = None, show_provisional: bool = True
) -> AssessmentReport:
    """Everything the report shows, in five queries whatever the number of criteria."""
    stages = report_stages(assessment, show_provisional=show_provisional)
    criteria = _report_criteria(assessment)  # 1 query
    scores: dict[tuple[int, str], Score] = {
        (s.criterion_id, s.stage): s
        for s in assessment.scores.filter(stage__in=stages).select_related("scored_by")  # 1
    }
    rolled: dict[tuple[int | None, str], RolledUpScore] = {
        (r.theme_id, r.stage): r
        for r in assessment.rolled_up_scores.filter(stage__in=stages)  # 1
    }
    themes: dict[int, ThemeSection] = {}
    for criterion in criteria:
        section = themes.setdefault(criterion.theme_id, ThemeSection(criterion.theme))
        by_stage = {stage: scores.get((criterion.pk, stage)) for stage in stages}
        section.lines.append(CriterionLine(criterion, by_stage, by_stage[stages[-1]]))
    for section in themes.values():
        section.rolled_up = {stage: rolled.get((section.theme.pk, stage)) for stage in stages}
    return AssessmentReport(
        assessment=assessment,
        stages=stages,
        current_stage=stages[-1],
        themes=list(themes.values()),
        overall={stage: rolled.get((None, stage)) for stage in stages},
        findings=_findings(assessment),  # 1
        labels=level_labels(assessment.version),  # 1
        today=today or clock.today(),
    )


def _report_criteria(assessment: Assessment) -> list[Criterion]:
    """The criteria that apply to the body, and any other that was scored all the same."""
    applicable = applicable_criteria(assessment.version, assessment.organisation.body_type)
    scored = assessment.scores.values("criterion_id")
    return list(
        Criterion.objects.filter(Q(pk__in=applicable.values("pk")) | Q(pk__in=scored))
        .select_related("theme")
        .order_by("theme__order", "order", "code")
    )


def _findings(assessment: Assessment) -> list[Finding]:
    return list(
        assessment.findings.select_related(
            "criterion", "finding_type", "raised_by", "response_by"
        ).order_by("criterion__theme__order", "criterion__order", "raised_at", "pk")
    )


# --- XLSX -------------------------------------------------------------------------------------

SCORE_HEADERS = [
    "Theme",
    "Code",
    "Criterion",
    "Stage",
    "Score",
    "Level",
    "Narrative",
    "Strengths",
    "Areas for improvement",
    "Scored by",
    "Scored at",
]
ROLLED_UP_HEADERS = [
    "Stage",
    "Theme",
    "Title",
    "Score",
    "Level",
    "Calculated",
    "Advisory",
    "Override reason",
]
FINDING_HEADERS = [
    "Criterion",
    "Type",
    "Title",
    "Detail",
    "Raised by",
    "Raised at",
    "Management response",
    "Response by",
    "Response at",
]
_WIDE = {"Narrative", "Strengths", "Areas for improvement", "Detail", "Management response"}


def report_xlsx(report: AssessmentReport) -> bytes:
    """A workbook: about the assessment, criterion scores, theme and overall scores, findings."""
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "Assessment"
    for key, value in cover_rows(report):
        about.append([safe_cell(key), safe_cell(value)])
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 60
    _sheet(book, "Criterion scores", SCORE_HEADERS, _score_rows(report))
    _sheet(book, "Theme and overall", ROLLED_UP_HEADERS, _rolled_up_rows(report))
    _sheet(book, "Findings", FINDING_HEADERS, _finding_rows(report))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: Workbook, title: str, headers: list[str], rows: list[list]) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    for index, header in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 60 if header in _WIDE else max(12, len(header) + 2)
        if header in _WIDE:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    return sheet


def _xlsx_cell(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return safe_cell(value)


def cover_rows(report: AssessmentReport) -> list[tuple[str, object]]:
    a = report.assessment
    rows: list[tuple[str, object]] = [
        ("Body", a.organisation.name),
        ("Framework version", a.version.name),
        ("Year", financial_year_label(a.year)),
        ("Kind", a.get_kind_display()),
        ("Status", a.get_status_display()),
        ("Started", _date(a.created_at)),
    ]
    if a.kind == AssessmentKind.AUDITOR:
        rows += [
            ("Finalised", _date(a.finalised_at)),
            ("Published", _date(a.published_at)),
            ("Publication date", a.publish_on),
        ]
    else:
        rows.append(("Submitted", _date(a.submitted_at)))
    if report.embargoed:
        rows.append(("Embargo", f"Not for publication before {a.publish_on:%-d %B %Y}"))
    return rows


def _date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else None


def _person(user) -> str:
    return (user.full_name or user.email) if user else ""


def _score_rows(report: AssessmentReport) -> list[list]:
    rows = []
    for section in report.themes:
        for line in section.lines:
            for stage in report.stages:
                score = line.scores[stage]
                value = score.value if score else None
                rows.append(
                    [
                        f"{section.theme.code} {section.theme.title}",
                        line.criterion.code,
                        line.criterion.title,
                        ScoreStage(stage).label,
                        value,
                        report.label(value),
                        score.narrative if score else "",
                        score.strengths if score else "",
                        score.areas_for_improvement if score else "",
                        _person(score.scored_by) if score else "",
                        score.scored_at if score else None,
                    ]
                )
    return rows


def _rolled_up_rows(report: AssessmentReport) -> list[list]:
    rows = []
    for stage in report.stages:
        scopes = [(s.theme.code, s.theme.title, s.rolled_up[stage]) for s in report.themes]
        scopes.append(("Overall", "Overall score", report.overall[stage]))
        for code, title, rolled in scopes:
            value = rolled.value if rolled else None
            rows.append(
                [
                    ScoreStage(stage).label,
                    code,
                    title,
                    value,
                    report.label(value),
                    rolled.calculated if rolled else None,
                    rolled.advisory if rolled else None,
                    rolled.override_reason if rolled else "",
                ]
            )
    return rows


def _finding_rows(report: AssessmentReport) -> list[list]:
    return [
        [
            f.criterion.code if f.criterion else "",
            f.finding_type.name,
            f.title,
            f.detail,
            _person(f.raised_by),
            f.raised_at,
            f.management_response,
            _person(f.response_by),
            f.response_at,
        ]
        for f in report.findings
    ]


# --- PDF --------------------------------------------------------------------------------------


def report_html(report: AssessmentReport) -> str:
    """The report as print HTML (the PDF's source; also handy to test)."""
    lines = [line for section in report.themes for line in section.lines]
    noun = report.assessment.version.criterion_noun
    chart = bar_chart(
        title=f"Score by {noun}",
        description=f"Each {noun}'s score"
        + (" at each stage" if len(report.stages) > 1 else "")
        + f", on a scale of 1 to {report.max_level}. The table beside it gives the same figures.",
        categories=[line.criterion.code for line in lines],
        series=[
            Series(
                ScoreStage(stage).label,
                [score.value if (score := line.scores[stage]) else None for line in lines],
                colour=STAGE_COLOURS.get(stage, ""),
            )
            for stage in report.stages
        ],
        max_value=report.max_level,
        y_label="Score",
        width=420,
        height=300,
    )
    return render_to_string(
        "assessments/report.html",
        {"report": report, "cover": cover_rows(report), "chart": chart},
    )


def report_pdf(report: AssessmentReport) -> bytes:
    import weasyprint  # imported here: it is slow to import and only exports need it

    return weasyprint.HTML(string=report_html(report)).write_pdf()


STAGE_COLOURS: dict[str, str] = {
    ScoreStage.ASSESSED: "#1d70b8",
    ScoreStage.PROVISIONAL: "#b1b4b6",
    ScoreStage.FINAL: "#1d70b8",
}
