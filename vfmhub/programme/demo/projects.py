"""Demo step: seed 003's shared-service projects (§10 to §12) for the demo partnership.

Seven projects progressed through NI 179 in the MAA, funded by RIEP (fleet by LAA), all at
business case or earlier ("none of the projects are close to the implementation stage"), most
Amber as progress slowed over governance and business cases. The seed gives no expected savings,
so they start at £0. Idempotent: projects are found by name; children are only added to new ones.
"""

import datetime
from decimal import Decimal

from vfmhub.demo.generator import DemoContext, demo_step
from vfmhub.organisations.models import BodyType, Organisation, PartnershipMember
from vfmhub.programme.models import (
    MilestoneStatus,
    Project,
    ProjectFunding,
    ProjectKind,
    ProjectMilestone,
    ProjectStage,
    ProjectStageChange,
    ProjectUpdate,
)

DECIDED = datetime.date(2009, 10, 1)  # "progress these projects in September/early October"
FUNDED = datetime.date(2009, 11, 30)  # "RIEP funding was allocated in November"
CITY_COUNTY = (BodyType.COUNTY, BodyType.UNITARY)
DISTRICTS = (BodyType.DISTRICT,)
MANAGEMENT = (
    "Management efficiency and shared services (legal, land charges, building control and "
    "customer services)"
)
# name, who (None: all), stage, RAG, funding (source, allocation, amount) or None
PROJECTS = [
    ("Winter Maintenance", CITY_COUNTY, "business_case", "A",
     ("RIEP", "Winter Maintenance", "5000")),
    ("Passenger Transport", CITY_COUNTY, "business_case", "A",
     ("RIEP", "Integrated Passenger Transport", "70000")),
    ("Legal", DISTRICTS, "business_case", "A", ("RIEP", MANAGEMENT, "70000")),
    ("Fleet", None, "feasibility", "G", ("LAA", "Vehicle maintenance project", "30000")),
    ("Revenues and Benefits", DISTRICTS, "business_case", "A",
     ("RIEP", "Shared revenue and benefits services", "300000")),
    ("Land Charges", DISTRICTS, "feasibility", "A", None),
    ("Building Control", DISTRICTS, "feasibility", "R", None),
]  # fmt: skip


def _bodies(members: list[Organisation], types) -> list[Organisation]:
    chosen = [o for o in members if types is None or o.body_type in types]
    return chosen or members


def _members(partnership) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            pk__in=PartnershipMember.objects.filter(partnership=partnership).values(
                "organisation_id"
            )
        ).order_by("name")
    )


def _history(project: Project, stage: str, rag: str) -> None:
    """The project's stages (decided, then funded), milestones and two RAG updates."""
    ProjectStageChange.objects.bulk_create(
        [
            ProjectStageChange(project=project, to_stage=ProjectStage.IDEA, changed_on=DECIDED),
            ProjectStageChange(
                project=project, from_stage="idea", to_stage=stage, changed_on=FUNDED
            ),
        ]
    )
    ProjectMilestone.objects.bulk_create(
        [
            ProjectMilestone(
                project=project,
                title="Decision to progress",
                due_on=DECIDED,
                status=MilestoneStatus.DONE,
                completed_on=DECIDED,
            ),
            ProjectMilestone(
                project=project, title="Business case agreed", due_on=datetime.date(2010, 3, 31)
            ),
        ]
    )
    ProjectUpdate.objects.bulk_create(
        [
            ProjectUpdate(
                project=project,
                date=FUNDED,
                rag="G",
                text="Decision taken to progress; funding allocated.",
            ),
            ProjectUpdate(
                project=project,
                date=datetime.date(2010, 1, 31),
                rag=rag,
                text="Progress has slowed as partners discuss points of detail, including "
                "governance and the robustness of the business case.",
            ),
        ]
    )


@demo_step(
    order=620,
    label="Programme projects",
    models=(
        Project,
        ProjectStageChange,
        ProjectFunding,
        ProjectMilestone,
        ProjectUpdate,
    ),
)
def programme_projects(ctx: DemoContext) -> None:
    if not ctx.partnerships:
        return
    partnership = ctx.partnerships[0]
    members = _members(partnership)
    if not members:
        return
    existing = set(Project.objects.filter(partnership=partnership).values_list("name", flat=True))
    for name, types, stage, rag, funding in PROJECTS:
        if name in existing:
            continue
        bodies = _bodies(members, types)[:6]
        project = Project.objects.create(
            partnership=partnership,
            name=name,
            description=_description(name, types),
            kind=ProjectKind.SHARED_SERVICE,
            lead_organisation=bodies[0],
            stage=stage,
            expected_annual_savings=Decimal(0),
        )
        project.partners.set(bodies[1:])
        if funding:
            source, allocation, amount = funding
            ProjectFunding.objects.create(
                project=project, source=source, allocation=allocation, amount=Decimal(amount)
            )
        _history(project, stage, rag)


def _description(name: str, types) -> str:
    """What a user reads on the project page: who the shared service is for."""
    if types is None:
        return f"{name} shared service for every member body."
    return f"{name} shared service for the member bodies that provide it."
