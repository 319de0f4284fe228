"""Demo steps: years of programme history for every partnership, at region and national scale.

The other programme steps give the home partnership seed 001's 2009 and a handful of projects;
at region and national scale these steps give every partnership, for every year of the scale:

- funding: three to five streams (year grant, capital fund, carry forward or partner
  contributions, sometimes a ring-fenced stream with its funder and purpose) adding to £8m to
  £15m; an approved allocation tree a little under the funding (five outcomes, each with two to
  five workstreams, some with programmes beneath; leaves carry the amounts, parents their stated
  totals, a ring-fenced stream's workstream exactly its amount); 20 to 40 commitments and 10 to
  30 spend records against the leaves, dated in the year;
- an improvement programme of four to eight events, with 100 to 250 attendance rows (people
  from the bodies that were members that year, many at several events, a few from other bodies)
  and 50 to 120 feedback returns on the four-point scale.

and, once per partnership, 10 to 14 shared-service and efficiency projects (lead and partners
from its member bodies, stages from idea to closed) with their stage history, four to eight
milestones, funding lines and an update with a RAG every quarter from their start; a delivery
risk register (3 × 3) for a few of them; and 10 to 20 more risks on seed 001's strategic register,
each with two to six ratings over the years.

Nothing is drawn at demo scale, so the seed-shaped demo stays exactly as it is, and a partnership
and year that already has funding streams, an allocation or an improvement programme (the home
partnership's 2009) is left alone. Rows are written in bulk with `create_missing` by natural key,
never through the services (no history in the audit log): a second `generate` adds nothing.

Two steps: projects and funding at 625, before the risk steps (635 gives each partnership's first
project, by name, its project register), and risks and events at 645, after seed 001's strategic
registers (630) and the home partnership's 2009 programme (640).
"""

from vfmhub.demo.generator import DemoContext, demo_step
from vfmhub.programme.demo.history.common import has_history
from vfmhub.programme.demo.history.events import events_history
from vfmhub.programme.demo.history.funding import funding_history
from vfmhub.programme.demo.history.projects import PROJECTS, projects_history
from vfmhub.programme.demo.history.risks import DELIVERY_REGISTER, risks_history
from vfmhub.programme.models import (
    AllocationNode,
    AllocationPlan,
    Attendance,
    Commitment,
    Event,
    Feedback,
    FundingStream,
    ImprovementProgramme,
    Project,
    ProjectFunding,
    ProjectMilestone,
    ProjectStageChange,
    ProjectUpdate,
    Risk,
    RiskRating,
    RiskRegister,
    Spend,
)

__all__ = [
    "DELIVERY_REGISTER",
    "PROJECTS",
    "history_funding_and_projects",
    "history_risks_and_events",
]


@demo_step(
    order=625,
    label="Programme history: funding and projects",
    models=(
        FundingStream,
        AllocationPlan,
        AllocationNode,
        Commitment,
        Spend,
        Project,
        ProjectStageChange,
        ProjectFunding,
        ProjectMilestone,
        ProjectUpdate,
    ),
)
def history_funding_and_projects(ctx: DemoContext) -> None:
    if not has_history(ctx):
        return
    funding_history(ctx)
    projects_history(ctx)


# Risks and events --------------------------------------------------------------------------------


@demo_step(
    order=645,
    label="Programme history: risks and events",
    models=(RiskRegister, Risk, RiskRating, ImprovementProgramme, Event, Attendance, Feedback),
)
def history_risks_and_events(ctx: DemoContext) -> None:
    if not has_history(ctx):
        return
    risks_history(ctx)
    events_history(ctx)
