"""Reading a partnership's projects: the list with current RAG and realised savings annotated
(filtered by stage and RAG for the page and the API alike), one project with everything its page
shows, a project's updates, milestones and funding lines, and the gains a project may link to."""

from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from vfmhub.efficiency.models import Gain
from vfmhub.organisations.models import Organisation, Partnership, PartnershipMember
from vfmhub.programme.models import (
    Project,
    ProjectFunding,
    ProjectMilestone,
    ProjectStage,
    ProjectUpdate,
    Rag,
)

MONEY = DecimalField(max_digits=16, decimal_places=2)
NET = ExpressionWrapper(
    F("gross_annual_value") - F("investment_cost") - F("ongoing_cost"), output_field=MONEY
)
NO_RAG = "none"  # the RAG filter's value for projects with no update yet


def _latest_update() -> QuerySet[ProjectUpdate]:
    return ProjectUpdate.objects.filter(project=OuterRef("pk")).order_by("-date", "-pk")


def _realised() -> QuerySet[Any, Any]:
    return (
        Gain.objects.filter(programme_projects=OuterRef("pk"))
        .order_by()
        .values("programme_projects")
        .annotate(total=Sum(NET))
        .values("total")
    )


def _funded() -> QuerySet[Any, Any]:
    return (
        ProjectFunding.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )


def partnership_projects(
    partnership: Partnership, *, stage: str = "", rag: str = ""
) -> QuerySet[Project]:
    """The partnership's projects with `current_rag`, `rag_date`, `realised` and `funded`; only
    those at `stage` and those whose latest update has `rag` (NO_RAG: no update yet) when a
    known one is asked for (any other value is ignored)."""
    zero = Value(Decimal(0), output_field=MONEY)
    projects = (
        Project.objects.filter(partnership=partnership)
        .select_related("lead_organisation")
        .annotate(
            current_rag=Subquery(_latest_update().values("rag")[:1]),
            rag_date=Subquery(_latest_update().values("date")[:1]),
            realised=Coalesce(Subquery(_realised(), output_field=MONEY), zero),
            funded=Coalesce(Subquery(_funded(), output_field=MONEY), zero),
        )
        .order_by("name", "pk")
    )
    if stage in ProjectStage.values:
        projects = projects.filter(stage=stage)
    if rag in Rag.values:
        projects = projects.filter(current_rag=rag)
    elif rag == NO_RAG:
        projects = projects.filter(current_rag__isnull=True)
    return projects


def project_detail(partnership: Partnership, project_pk: int) -> Project | None:
    return (
        partnership_projects(partnership)
        .filter(pk=project_pk)
        .prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.order_by("name")),
            "funding",
            "milestones",
            Prefetch("updates", queryset=ProjectUpdate.objects.select_related("author")),
            "stage_changes",
            Prefetch(
                "gains",
                queryset=Gain.objects.select_related("organisation", "programme").order_by(
                    "organisation__name", "first_year", "pk"
                ),
            ),
        )
        .first()
    )


def project_updates(project: Project) -> QuerySet[ProjectUpdate]:
    """A project's updates, newest first."""
    return project.updates.order_by("-date", "-pk")


def project_milestones(project: Project) -> QuerySet[ProjectMilestone]:
    """A project's milestones, soonest due first."""
    return project.milestones.order_by("due_on", "pk")


def project_funding_lines(project: Project) -> QuerySet[ProjectFunding]:
    return project.funding.order_by("pk")


def project_partner_ids(project: Project) -> list[int]:
    return list(project.partners.values_list("pk", flat=True))


def projects_to_choose(partnership: Partnership) -> QuerySet[Project]:
    """The partnership's projects by name, to choose one (whose register it is)."""
    return Project.objects.filter(partnership=partnership).order_by("name")


def member_organisations(partnership: Partnership) -> QuerySet[Organisation]:
    members = PartnershipMember.objects.filter(partnership=partnership, left__isnull=True)
    return Organisation.objects.filter(pk__in=members.values("organisation_id")).order_by("name")


def linkable_gains(project: Project) -> QuerySet[Gain]:
    """Gains of the project's bodies (lead and partners) in its partnership's efficiency
    programmes, not yet linked."""
    bodies = {project.lead_organisation_id, *project.partners.values_list("pk", flat=True)}
    return (
        Gain.objects.filter(
            programme__partnership_id=project.partnership_id, organisation_id__in=bodies
        )
        .exclude(programme_projects=project)
        .select_related("organisation", "programme")
        .order_by("organisation__name", "first_year", "pk")
    )
