"""Reading a partnership's projects: the list with current RAG and realised savings annotated,
one project with everything its page shows, and the gains a project may link to."""

from decimal import Decimal

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
from vfmhub.organisations.models import Organisation, PartnershipMember
from vfmhub.programme.models import Project, ProjectFunding, ProjectUpdate

MONEY = DecimalField(max_digits=16, decimal_places=2)
NET = ExpressionWrapper(
    F("gross_annual_value") - F("investment_cost") - F("ongoing_cost"), output_field=MONEY
)


def _latest_update():
    return ProjectUpdate.objects.filter(project=OuterRef("pk")).order_by("-date", "-pk")


def _realised():
    return (
        Gain.objects.filter(programme_projects=OuterRef("pk"))
        .order_by()
        .values("programme_projects")
        .annotate(total=Sum(NET))
        .values("total")
    )


def _funded():
    return (
        ProjectFunding.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )


def partnership_projects(partnership) -> QuerySet[Project]:
    """The partnership's projects with `current_rag`, `rag_date`, `realised` and `funded`."""
    zero = Value(Decimal(0), output_field=MONEY)
    return (
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


def project_detail(partnership, project_pk: int) -> Project | None:
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


def member_organisations(partnership) -> QuerySet[Organisation]:
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
