"""Programme history: 10 to 14 shared-service and efficiency projects for every partnership, with
their stage history, milestones, funding lines and an update with a RAG every quarter.

`project_specs` draws every project (the risks step draws them again, to find the same ones);
`projects_history` writes what is missing by natural key. Every name here sorts after the seed's
"Building Control", so the home partnership's first project by name stays the seed's.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from vfmhub.demo.generator import DemoContext, create_missing
from vfmhub.lib.years import financial_year_bounds
from vfmhub.programme.demo.history.common import (
    aware_at,
    current_members,
    day_between,
    member_spells,
    members_in_year,
)
from vfmhub.programme.models import (
    MilestoneStatus,
    Project,
    ProjectFunding,
    ProjectKind,
    ProjectMilestone,
    ProjectStage,
    ProjectStageChange,
    ProjectUpdate,
    Rag,
)

SHARED, EFFICIENCY = ProjectKind.SHARED_SERVICE, ProjectKind.EFFICIENCY
PROJECTS = [
    ("Customer Contact Centre", SHARED),
    ("Debt Recovery Service", SHARED),
    ("Energy Efficiency in Public Buildings", EFFICIENCY),
    ("Environmental Health Shared Service", SHARED),
    ("Housing Benefit Fraud Team", SHARED),
    ("Joint Audit Service", SHARED),
    ("Joint Emergency Planning", SHARED),
    ("Office Accommodation Review", EFFICIENCY),
    ("Payroll and Pensions", SHARED),
    ("Procurement Savings Programme", EFFICIENCY),
    ("Shared ICT Infrastructure", SHARED),
    ("Smarter Working Programme", EFFICIENCY),
    ("Street Lighting Energy Savings", EFFICIENCY),
    ("Trading Standards Partnership", SHARED),
    ("Transport Fleet Rationalisation", EFFICIENCY),
    ("Waste Collection Partnership", SHARED),
]
PATH = [
    ProjectStage.IDEA,
    ProjectStage.FEASIBILITY,
    ProjectStage.BUSINESS_CASE,
    ProjectStage.IMPLEMENTATION,
    ProjectStage.LIVE,
]
FINAL_STAGES = [*PATH, ProjectStage.CLOSED]
STAGE_WEIGHTS = [1, 2, 2, 2, 3, 2]
MILESTONES = [
    "Project initiation document agreed",
    "Options appraisal complete",
    "Business case agreed by partners",
    "Procurement complete",
    "Staff consultation complete",
    "Staff transferred",
    "System in place",
    "Service goes live",
    "Post-implementation review",
    "Savings confirmed",
    "Governance agreement signed",
    "Benefits realisation plan agreed",
]
SOURCES = ["RIEP", "LAA", "Capital fund", "Partner contributions", "Invest to save"]
UPDATES: dict[str, str] = {
    Rag.GREEN: "On track against the plan agreed by the Board.",
    Rag.AMBER: "Some slippage: partners are discussing points of detail in the business case.",
    Rag.RED: "Behind plan: the Board has asked for a recovery plan.",
}
RAGS = [Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.AMBER, Rag.RED]

Milestone = tuple[str, datetime.date, str, datetime.date | None]


@dataclass
class ProjectSpec:
    partnership_id: int
    name: str
    kind: str
    lead: int
    partners: list[int]
    stage: str
    started: datetime.date
    savings: int  # £k a year
    changes: list[tuple[str, str, datetime.date]] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    funding: list[tuple[str, str, int]] = field(default_factory=list)  # source, allocation, £k
    updates: list[tuple[datetime.date, str]] = field(default_factory=list)  # date, RAG


def _quarter_after(day: datetime.date) -> datetime.date:
    month = day.month + 3
    return datetime.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, min(day.day, 28))


def _stages(rng: random.Random, spec: ProjectSpec, end: datetime.date) -> datetime.date:
    """The stage history from idea to the spec's stage; returns the last day of updates."""
    span = (end - spec.started).days
    if spec.stage == ProjectStage.CLOSED:
        reached = rng.randint(1, len(PATH) - 1) if rng.random() < 0.4 else len(PATH) - 1
        stages = [*PATH[: reached + 1], ProjectStage.CLOSED]  # some are closed early
        closed = rng.randint(min(913, span * 2 // 3), span - 1)
        offsets = [*sorted(rng.sample(range(30, closed), len(stages) - 2)), closed]
    else:
        stages = PATH[: PATH.index(ProjectStage(spec.stage)) + 1]
        offsets = sorted(rng.sample(range(30, span), len(stages) - 1))
    days = [spec.started, *(spec.started + datetime.timedelta(days=o) for o in offsets)]
    previous = ""
    for stage, day in zip(stages, days, strict=True):
        spec.changes.append((previous, stage, day))
        previous = stage
    return days[-1] if spec.stage == ProjectStage.CLOSED else end


def _details(rng: random.Random, spec: ProjectSpec, stop: datetime.date) -> None:
    """Milestones (done if and only if completed), funding lines and quarterly updates."""
    count = rng.randint(4, 8)
    span = (stop - spec.started).days + 180
    offsets = sorted(rng.sample(range(20, span), count))
    for title, offset in zip(rng.sample(MILESTONES, count), offsets, strict=True):
        due = spec.started + datetime.timedelta(days=offset)
        if due <= stop and rng.random() < 0.8:
            done = due + datetime.timedelta(days=rng.randint(-10, 20))
            spec.milestones.append((title, due, MilestoneStatus.DONE, done))
        elif due <= stop:
            spec.milestones.append((title, due, MilestoneStatus.MISSED, None))
        else:
            status = rng.choice((MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS))
            spec.milestones.append((title, due, status, None))
    for source in rng.sample(SOURCES, rng.randint(1, 3)):
        spec.funding.append((source, spec.name, rng.randint(10, 400)))
    rag = rng.choice(RAGS)
    day = _quarter_after(spec.started)
    while day <= stop:
        spec.updates.append((day, rag))
        rag = rng.choice([rag, rag, *RAGS])
        day = _quarter_after(day)


def project_specs(ctx: DemoContext) -> list[ProjectSpec]:
    """Every partnership's projects as drawn: the same each time for the same members."""
    rng = ctx.rng("programme-history:projects")
    years = list(ctx.scale.years)
    end = financial_year_bounds(years[-1])[1]
    spells = member_spells(ctx.partnerships)
    specs: list[ProjectSpec] = []
    for partnership in ctx.partnerships:
        for name, kind in sorted(rng.sample(PROJECTS, rng.randint(10, 14))):
            year = rng.choice(years[: max(1, len(years) - 3)])
            started = day_between(rng, *financial_year_bounds(year))
            bodies = members_in_year(spells[partnership.pk], year) or current_members(
                spells[partnership.pk]
            )
            lead = rng.choice(bodies) if bodies else 0
            others = [body for body in bodies if body != lead]
            partners = sorted(rng.sample(others, min(len(others), rng.randint(2, 6))))
            stage = rng.choices(FINAL_STAGES, STAGE_WEIGHTS)[0]
            savings = rng.randint(50, 800)
            spec = ProjectSpec(partnership.pk, name, kind, lead, partners, stage, started, savings)
            stop = _stages(rng, spec, end)
            _details(rng, spec, stop)
            if bodies:
                specs.append(spec)
    return specs


def project_ids(ctx: DemoContext) -> dict[tuple[int, str], int]:
    """(partnership pk, name) -> pk of the projects named in PROJECTS."""
    return {
        (partnership_id, name): pk
        for pk, partnership_id, name in Project.objects.filter(
            partnership__in=ctx.partnerships, name__in=[name for name, _ in PROJECTS]
        ).values_list("pk", "partnership_id", "name")
    }


def _project(spec: ProjectSpec) -> Project:
    return Project(
        partnership_id=spec.partnership_id,
        name=spec.name,
        description=f"{spec.name}: a {ProjectKind(spec.kind).label.lower()} project of the "
        "partnership's member bodies.",
        kind=spec.kind,
        lead_organisation_id=spec.lead,
        stage=spec.stage,
        expected_annual_savings=Decimal(spec.savings * 1000),
        created_at=aware_at(spec.started),
    )


def projects_history(ctx: DemoContext) -> None:
    specs = project_specs(ctx)
    create_missing(Project, (_project(spec) for spec in specs), ("partnership_id", "name"))
    ids = project_ids(ctx)
    mine = [
        (ids[(s.partnership_id, s.name)], s) for s in specs if (s.partnership_id, s.name) in ids
    ]
    through = Project.partners.through
    create_missing(
        through,
        (through(project_id=pk, organisation_id=body) for pk, s in mine for body in s.partners),
        ("project_id", "organisation_id"),
    )
    create_missing(
        ProjectStageChange,
        (
            ProjectStageChange(project_id=pk, from_stage=before, to_stage=after, changed_on=day)
            for pk, s in mine
            for before, after, day in s.changes
        ),
        ("project_id", "to_stage", "changed_on"),
    )
    create_missing(
        ProjectMilestone,
        (
            ProjectMilestone(project_id=pk, title=t, due_on=due, status=st, completed_on=done)
            for pk, s in mine
            for t, due, st, done in s.milestones
        ),
        ("project_id", "title"),
    )
    create_missing(
        ProjectFunding,
        (
            ProjectFunding(project_id=pk, source=src, allocation=line, amount=Decimal(k * 1000))
            for pk, s in mine
            for src, line, k in s.funding
        ),
        ("project_id", "source", "allocation"),
    )
    create_missing(
        ProjectUpdate,
        (
            ProjectUpdate(
                project_id=pk, date=day, rag=rag, text=UPDATES[rag], created_at=aware_at(day)
            )
            for pk, s in mine
            for day, rag in s.updates
        ),
        ("project_id", "date"),
    )
