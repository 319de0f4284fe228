"""Reading a partnership's programme at a glance, for the programme page and the delivery-plan
report: the year's funding position and commitments, projects by stage and RAG, the top open
risks and the reach of the latest improvement programme.

Every part is read in a fixed number of queries, so the page costs the same however many
projects, risks or events the partnership has (see `programme_overview`).
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString

from vfmhub.core.charts import NOT_RATED, bar_chart, rag_series
from vfmhub.organisations.models import Partnership
from vfmhub.programme.models import (
    Commitment,
    ProjectStage,
    Rag,
    Risk,
    RiskRegister,
    RiskStatus,
)
from vfmhub.programme.selectors.events import (
    ProgrammeFigures,
    latest_improvement_programme,
    programme_figures,
)
from vfmhub.programme.selectors.funding import FundingPosition, funding_position, movements
from vfmhub.programme.selectors.projects import partnership_projects

ZERO = Decimal(0)
TOP_RISKS = 5


# Projects by stage and RAG ----------------------------------------------------------------------


@dataclass
class StageRow:
    stage: str
    label: str
    cells: list[int]  # one count per RAG, in `ProjectCounts.rags` order

    @property
    def total(self) -> int:
        return sum(self.cells)


@dataclass
class ProjectCounts:
    rows: list[StageRow]  # every stage, in the order projects move through them
    expected_savings: Decimal
    realised_savings: Decimal

    rags = [*Rag.values, ""]
    rag_headings = [*Rag.labels, NOT_RATED]

    @property
    def totals(self) -> list[int]:
        return [sum(row.cells[i] for row in self.rows) for i in range(len(self.rags))]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def project_counts(projects: Iterable[tuple[str, str | None, Decimal, Decimal]]) -> ProjectCounts:
    """Counts by stage and RAG, and savings totals, from (stage, RAG, expected, realised) rows.

    A project with no update yet has no RAG and is counted as not rated.
    """
    counts: Counter = Counter()
    expected = realised = ZERO
    for stage, rag, expected_savings, realised_savings in projects:
        counts[(stage, rag or "")] += 1
        expected += expected_savings or ZERO
        realised += realised_savings or ZERO
    rows = [
        StageRow(value, label, [counts[(value, rag)] for rag in ProjectCounts.rags])
        for value, label in ProjectStage.choices
    ]
    return ProjectCounts(rows=rows, expected_savings=expected, realised_savings=realised)


def listed_project_counts(projects: Iterable[Any]) -> ProjectCounts:
    """`project_counts` of projects as `selectors.projects.partnership_projects` lists them (with
    `current_rag` and `realised` annotated)."""
    return project_counts(
        (p.stage, p.current_rag, p.expected_annual_savings, p.realised) for p in projects
    )


def projects_chart(counts: ProjectCounts, *, width: int = 400, height: int = 300) -> SafeString:
    """Projects at each stage, one bar per RAG rating; the caller shows the table beside it."""
    return bar_chart(
        title="Projects by stage and RAG",
        description="The number of projects at each stage, one bar for each RAG rating and one "
        "for projects not yet rated. The table beside the chart gives the same figures.",
        categories=[row.label for row in counts.rows],
        series=[
            rag_series(heading, [row.cells[i] for row in counts.rows])
            for i, heading in enumerate(ProjectCounts.rag_headings)
        ],
        y_label="Projects",
        width=width,
        height=height,
    )


# Risks ------------------------------------------------------------------------------------------


def partnership_registers(partnership: Partnership) -> QuerySet[RiskRegister]:
    """The partnership's own registers and its projects' registers."""
    return RiskRegister.objects.filter(
        Q(partnership=partnership) | Q(project__partnership=partnership)
    )


def open_risks(partnership: Partnership) -> QuerySet[Risk]:
    """Open risks on the partnership's and its projects' registers, highest current score first,
    with what a rating needs (the register's matrix, its project, the owner)."""
    return (
        Risk.objects.filter(register__in=partnership_registers(partnership), status=RiskStatus.OPEN)
        .select_related("register__matrix", "register__project", "owner_user")
        .order_by("-current_score", "-current_impact", "review_date", "title", "pk")
    )


@dataclass
class RatedRisk:
    """An open risk with its ratings read through its register's matrix."""

    risk: Risk
    today: datetime.date

    @property
    def register(self) -> RiskRegister:
        return self.risk.register

    @property
    def register_name(self) -> str:
        project = self.register.project
        return f"{self.register.name} ({project.name})" if project else self.register.name

    @property
    def owner(self) -> str:
        if self.risk.owner:
            return self.risk.owner
        return str(self.risk.owner_user) if self.risk.owner_user else ""

    @property
    def band(self) -> str:
        return self.register.matrix.band_for(self.risk.current_likelihood, self.risk.current_impact)

    @property
    def current(self) -> str:
        return _rating(self.risk, "current")

    @property
    def inherent(self) -> str:
        return _rating(self.risk, "inherent")

    @property
    def target(self) -> str:
        return _rating(self.risk, "target")

    @property
    def overdue(self) -> bool:
        review = self.risk.review_date
        return bool(review and review < self.today)


def _rating(risk: Risk, kind: str) -> str:
    """A rating as likelihood × impact = score ("2 × 3 = 6"), or "" when not given."""
    likelihood = getattr(risk, f"{kind}_likelihood")
    impact = getattr(risk, f"{kind}_impact")
    if not likelihood or not impact:
        return ""
    return f"{likelihood} × {impact} = {likelihood * impact}"


@dataclass
class RiskSummary:
    top: list[RatedRisk]
    open_count: int
    overdue_count: int


def risk_summary(partnership: Partnership, today: datetime.date) -> RiskSummary:
    """The top open risks and the counts of open risks and of those overdue: two queries."""
    risks = open_risks(partnership)
    top = [RatedRisk(risk, today) for risk in risks[:TOP_RISKS]]
    counts = risks.order_by().aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(review_date__lt=today))
    )
    return RiskSummary(top=top, open_count=counts["open"], overdue_count=counts["overdue"])


# The overview -----------------------------------------------------------------------------------


@dataclass
class ProgrammeOverview:
    partnership: Partnership
    year: int
    today: datetime.date
    position: FundingPosition
    commitments: list[Commitment]
    projects: ProjectCounts
    risks: RiskSummary
    events: ProgrammeFigures | None


def programme_overview(
    partnership: Partnership, year: int, today: datetime.date
) -> ProgrammeOverview:
    """Everything the programme page shows for a year, in a fixed number of queries:

    funding position (5: streams, plan, nodes, commitments and spend by node), commitments (1),
    projects by stage and RAG (1), risks (2: the top ones, the counts) and events (1 for the
    latest programme, then 4 for its figures: events, attendance, feedback, members; members is
    one query for each financial year its events fall in).
    """
    # current_rag and realised are annotations of partnership_projects, unknown to the stubs.
    projects = partnership_projects(partnership).values_list(  # type: ignore[misc]
        "stage", "current_rag", "expected_annual_savings", "realised"
    )
    programme = latest_improvement_programme(partnership, year)
    return ProgrammeOverview(
        partnership=partnership,
        year=year,
        today=today,
        position=funding_position(partnership, year),
        commitments=list(movements(Commitment, partnership, year)),
        projects=project_counts(projects),
        risks=risk_summary(partnership, today),
        events=programme_figures(programme) if programme is not None else None,
    )
