"""The programme module's part of the home page and the site search.

- Due work: open risks whose review date has come (on or before today), for whoever may change
  their register: a partnership's managers for its own and its projects' registers, a body's
  editors and managers for the body's registers. One line per register, linking to the register
  filtered to exactly those risks (`?review=due`). One query.
- Search: risks (by title) and projects (by name or description) the user may read: partnership
  and project registers and projects of partnerships the user reads, body registers of bodies
  the user reads (the organisations' access filters). One query each.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from vfmhub.core.worklist import DueWork, SearchResult
from vfmhub.organisations.access import readable_organisations_filter, readable_partnerships_filter
from vfmhub.organisations.models import (
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    Partnership,
    PartnershipRole,
    PartnershipRoleKind,
)
from vfmhub.programme.models import Project, Risk, RiskRegister, RiskStatus

GROUP = "Risk registers"
DUE_FILTER = "review=due"


def _editable_registers(user) -> Q:
    """Registers `user` may change (staff: all)."""
    if user.is_superuser:
        return Q()
    manages = PartnershipRole.objects.filter(
        user=user, role=PartnershipRoleKind.MANAGER, partnership=OuterRef("partnership_id")
    )
    manages_project = PartnershipRole.objects.filter(
        user=user, role=PartnershipRoleKind.MANAGER, partnership=OuterRef("project__partnership_id")
    )
    edits = OrganisationMembership.objects.filter(
        user=user,
        organisation=OuterRef("organisation_id"),
        role__in=[OrganisationRole.EDITOR, OrganisationRole.MANAGER],
    )
    return Q(Exists(manages)) | Q(Exists(manages_project)) | Q(Exists(edits))


def _owner_args(register: RiskRegister) -> tuple[str, int | None]:
    """The URL name prefix and owner id a register's pages are reached through."""
    if register.organisation_id is not None:
        return "programme:organisation_", register.organisation_id
    if register.project is not None:
        return "programme:", register.project.partnership_id
    return "programme:", register.partnership_id


def register_url(register: RiskRegister) -> str:
    prefix, owner_id = _owner_args(register)
    return reverse(f"{prefix}risk_register", args=[owner_id, register.pk])


def risk_url(risk: Risk) -> str:
    prefix, owner_id = _owner_args(risk.register)
    return reverse(f"{prefix}risk_detail", args=[owner_id, risk.pk])


def risks_due_work(user, today: datetime.date) -> list[DueWork]:
    if not user.is_authenticated:
        return []
    due = Q(risks__status=RiskStatus.OPEN, risks__review_date__lte=today)
    registers = (
        RiskRegister.objects.filter(_editable_registers(user))
        .select_related("project")
        .annotate(due_count=Count("risks", filter=due))
        .filter(due_count__gt=0)
        .order_by("name", "pk")
    )
    return [
        DueWork(
            group=GROUP,
            label=f"{'risk' if r.due_count == 1 else 'risks'} due for review: {_where(r)}",
            count=r.due_count,
            url=f"{register_url(r)}?{DUE_FILTER}",
        )
        for r in registers
    ]


def _where(register: RiskRegister) -> str:
    if register.project is not None:
        return f"{register.name} ({register.project.name})"
    return register.name


def _readable_registers(user) -> Q:
    partnerships = Partnership.objects.filter(readable_partnerships_filter(user))
    organisations = Organisation.objects.filter(readable_organisations_filter(user))
    return (
        Q(register__partnership__in=partnerships)
        | Q(register__project__partnership__in=partnerships)
        | Q(register__organisation__in=organisations)
    )


def risks_matching(user, query: str, limit: int) -> list[SearchResult]:
    """Risks whose title contains the query, in registers the user may read."""
    if not user.is_authenticated:
        return []
    found = (
        Risk.objects.filter(_readable_registers(user), title__icontains=query)
        .select_related(
            "register__partnership", "register__organisation", "register__project__partnership"
        )
        .order_by("title", "pk")[:limit]
    )
    return [
        SearchResult(
            kind="Risk",
            title=risk.title,
            url=risk_url(risk),
            context=f"{_owner_name(risk.register)} · {_where(risk.register)}",
        )
        for risk in found
    ]


def _owner_name(register: RiskRegister) -> str:
    if register.organisation is not None:
        return register.organisation.name
    if register.project is not None:
        return register.project.partnership.name
    return register.partnership.name if register.partnership else ""


def projects_matching(user, query: str, limit: int) -> list[SearchResult]:
    """Projects whose name or description contains the query, of partnerships the user reads."""
    if not user.is_authenticated:
        return []
    found = (
        Project.objects.filter(
            partnership__in=Partnership.objects.filter(readable_partnerships_filter(user))
        )
        .filter(Q(name__icontains=query) | Q(description__icontains=query))
        .select_related("partnership")
        .order_by("name", "pk")[:limit]
    )
    return [
        SearchResult(
            kind="Project",
            title=project.name,
            url=reverse("programme:project", args=[project.partnership_id, project.pk]),
            context=f"{project.partnership.name} · {project.get_stage_display()}",
        )
        for project in found
    ]
