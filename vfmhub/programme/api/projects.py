"""A partnership's projects over the API (mounted under /api/v1/programme, see `api.py`).

Members of the partnership read; its managers create and change projects, add updates (never
changed: a correction is a new update), add, correct and remove milestones and funding lines.
Outsiders get 404, readers 403 on writes; a change needs the `updated_at` read (428 without it)
and gets 409 if it is stale.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import exact_time, sent_version, stale_as_conflict, updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.lib import clock
from vfmhub.lib.money import Money
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.organisations.models import Organisation
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.models import (
    MilestoneStatus,
    Project,
    ProjectFunding,
    ProjectKind,
    ProjectMilestone,
    ProjectStage,
    Rag,
)
from vfmhub.programme.selectors import projects as selectors
from vfmhub.programme.services import projects as services

router = Router(tags=["programme"])


def _manages_partnership(request, partnership_id, **_):
    _partnership(request, partnership_id, Need.MANAGE)


PARTNERSHIP = "/partnerships/{int:partnership_id}/projects"
PROJECT = PARTNERSHIP + "/{int:project_id}"


class ProjectOut(Schema):
    id: int
    partnership_id: int
    name: str
    description: str
    kind: ProjectKind
    lead_organisation_id: int
    stage: ProjectStage
    expected_annual_savings: Decimal
    realised_annual_savings: Decimal
    funded: Decimal
    rag: Rag | None
    rag_date: datetime.date | None
    updated_at: str

    @staticmethod
    def resolve_realised_annual_savings(obj) -> Decimal:
        return obj.realised

    @staticmethod
    def resolve_rag(obj):
        return obj.current_rag

    @staticmethod
    def resolve_updated_at(obj) -> str:
        return exact_time(obj.updated_at)


class FundingOut(Schema):
    id: int
    source: str
    allocation: str
    amount: Decimal
    updated_at: str

    @staticmethod
    def resolve_updated_at(obj) -> str:
        return exact_time(obj.updated_at)


class FundingIn(Schema):
    source: str
    amount: Money
    allocation: str = ""


class FundingPatchIn(Schema):
    source: str | None = None
    allocation: str | None = None
    amount: Money | None = None
    updated_at: datetime.datetime | None = None


class ProjectDetailOut(ProjectOut):
    partner_ids: list[int]
    gain_ids: list[int]
    funding: list[FundingOut]

    @staticmethod
    def resolve_partner_ids(obj) -> list[int]:
        return [o.pk for o in obj.partners.all()]

    @staticmethod
    def resolve_gain_ids(obj) -> list[int]:
        return [g.pk for g in obj.gains.all()]

    @staticmethod
    def resolve_funding(obj) -> list:
        return list(obj.funding.all())


class ProjectIn(Schema):
    name: str
    lead_organisation_id: int
    kind: ProjectKind = ProjectKind.SHARED_SERVICE
    description: str = ""
    stage: ProjectStage = ProjectStage.IDEA
    expected_annual_savings: Money = Decimal(0)
    partner_ids: list[int] = []


class ProjectPatchIn(Schema):
    name: str | None = None
    lead_organisation_id: int | None = None
    kind: ProjectKind | None = None
    description: str | None = None
    stage: ProjectStage | None = None
    expected_annual_savings: Money | None = None
    partner_ids: list[int] | None = None
    updated_at: datetime.datetime | None = None


class ProjectUpdateOut(Schema):
    id: int
    date: datetime.date
    rag: Rag
    text: str
    author_id: int | None


class ProjectUpdateIn(Schema):
    rag: Rag
    text: str
    date: datetime.date | None = None


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: datetime.date
    status: MilestoneStatus
    completed_on: datetime.date | None
    overdue: bool
    updated_at: str

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(clock.today())

    @staticmethod
    def resolve_updated_at(obj) -> str:
        return exact_time(obj.updated_at)


class MilestoneIn(Schema):
    title: str
    due_on: datetime.date
    status: MilestoneStatus = MilestoneStatus.NOT_STARTED


class MilestonePatchIn(Schema):
    title: str | None = None
    due_on: datetime.date | None = None
    status: MilestoneStatus | None = None
    completed_on: datetime.date | None = None
    updated_at: datetime.datetime | None = None


def _partnership(request, partnership_id: int, need=Need.READ):
    return programme_partnership_for_user(request.user, partnership_id, need=need).partnership


def _project(partnership, project_id: int) -> Project:
    project = Project.objects.filter(partnership=partnership, pk=project_id).first()
    if project is None:
        raise Http404(NOT_FOUND)
    project.partnership = partnership
    return project


def _milestone(project: Project, milestone_id: int) -> ProjectMilestone:
    milestone = ProjectMilestone.objects.filter(project=project, pk=milestone_id).first()
    if milestone is None:
        raise Http404(NOT_FOUND)
    milestone.project = project
    return milestone


def _funding(project: Project, funding_id: int) -> ProjectFunding:
    funding = ProjectFunding.objects.filter(project=project, pk=funding_id).first()
    if funding is None:
        raise Http404(NOT_FOUND)
    funding.project = project
    return funding


def _sent(payload: Schema, *, exclude: set[str] | None = None) -> dict:
    """The fields a PATCH sent with a value (null means "leave as it is")."""
    fields = payload.dict(exclude_unset=True, exclude=exclude)
    return {k: v for k, v in fields.items() if v is not None}


def _detail(partnership, project_id: int) -> Project:
    project = selectors.project_detail(partnership, project_id)
    if project is None:
        raise Http404(NOT_FOUND)
    return project


def _organisations(ids) -> list[Organisation]:
    """Organisations by id; unknown ids are left to the membership check (any non-member)."""
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    return [found.get(pk) or Organisation(pk=pk, name=f"Organisation {pk}") for pk in ids]


@router.get(PARTNERSHIP, response=list[ProjectOut], summary="A partnership's projects")
@paginate(Pagination)
def list_projects(
    request,
    partnership_id: int,
    stage: ProjectStage | None = None,
    rag: Rag | None = None,
):
    partnership = _partnership(request, partnership_id)
    projects: Any = selectors.partnership_projects(partnership)
    if stage is not None:
        projects = projects.filter(stage=stage)
    if rag is not None:
        projects = projects.filter(current_rag=rag)
    return projects


@router.get(PROJECT, response=ProjectDetailOut, summary="One project")
def get_project(request, partnership_id: int, project_id: int):
    return _detail(_partnership(request, partnership_id), project_id)


@router.post(
    PARTNERSHIP, response={201: ProjectDetailOut}, summary="Add a project (partnership managers)"
)
@write_access(_manages_partnership)
def create_project(request, partnership_id: int, payload: ProjectIn):
    partnership = _partnership(request, partnership_id, Need.MANAGE)
    fields = payload.dict(exclude={"partner_ids", "lead_organisation_id"})
    project = services.project_create(
        acting_user=request.user,
        partnership=partnership,
        lead_organisation=_organisations([payload.lead_organisation_id])[0],
        partners=_organisations(payload.partner_ids),
        **fields,
    )
    return Status(201, _detail(partnership, project.pk))


@router.patch(
    PROJECT,
    response=ProjectDetailOut,
    summary="Change a project (managers); send the updated_at you read",
)
@write_access(_manages_partnership)
@updates_record
def update_project(request, partnership_id: int, project_id: int, payload: ProjectPatchIn):
    partnership = _partnership(request, partnership_id, Need.MANAGE)
    project = _project(partnership, project_id)
    expected = sent_version(request, payload.updated_at)
    fields = payload.dict(exclude_unset=True, exclude={"updated_at", "partner_ids"})
    fields = {k: v for k, v in fields.items() if v is not None}
    if "lead_organisation_id" in fields:
        fields["lead_organisation"] = _organisations([fields.pop("lead_organisation_id")])[0]
    partners = None if payload.partner_ids is None else _organisations(payload.partner_ids)
    with stale_as_conflict():
        services.project_edit(
            acting_user=request.user,
            project=project,
            expected_updated_at=expected,
            partners=partners,
            **fields,
        )
    return _detail(partnership, project.pk)


@router.get(f"{PROJECT}/updates", response=list[ProjectUpdateOut], summary="A project's updates")
@paginate(Pagination)
def list_updates(request, partnership_id: int, project_id: int):
    project = _project(_partnership(request, partnership_id), project_id)
    return project.updates.order_by("-date", "-pk")


@router.post(
    f"{PROJECT}/updates",
    response={201: ProjectUpdateOut},
    summary="Add a dated RAG update (managers); updates are never changed",
)
@write_access(_manages_partnership)
def add_update(request, partnership_id: int, project_id: int, payload: ProjectUpdateIn):
    project = _project(_partnership(request, partnership_id, Need.MANAGE), project_id)
    update = services.project_update_add(
        acting_user=request.user, project=project, **payload.dict()
    )
    return Status(201, update)


@router.get(f"{PROJECT}/milestones", response=list[MilestoneOut], summary="Milestones")
@paginate(Pagination)
def list_milestones(request, partnership_id: int, project_id: int):
    project = _project(_partnership(request, partnership_id), project_id)
    return project.milestones.order_by("due_on", "pk")


@router.post(f"{PROJECT}/milestones", response={201: MilestoneOut}, summary="Add a milestone")
@write_access(_manages_partnership)
def add_milestone(request, partnership_id: int, project_id: int, payload: MilestoneIn):
    project = _project(_partnership(request, partnership_id, Need.MANAGE), project_id)
    milestone = services.project_milestone_add(
        acting_user=request.user, project=project, **payload.dict()
    )
    return Status(201, milestone)


MILESTONE = f"{PROJECT}/milestones/{{int:milestone_id}}"


@router.patch(
    MILESTONE,
    response=MilestoneOut,
    summary="Correct a milestone (managers): done needs a completion date, today by default; "
    "send the updated_at you read",
)
@write_access(_manages_partnership)
@updates_record
def update_milestone(
    request, partnership_id: int, project_id: int, milestone_id: int, payload: MilestonePatchIn
):
    project = _project(_partnership(request, partnership_id, Need.MANAGE), project_id)
    milestone = _milestone(project, milestone_id)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        return services.project_milestone_edit(
            acting_user=request.user,
            milestone=milestone,
            expected_updated_at=expected,
            **_sent(payload, exclude={"updated_at"}),
        )


@router.delete(MILESTONE, response={204: None}, summary="Remove a milestone (managers)")
@write_access(_manages_partnership)
def remove_milestone(request, partnership_id: int, project_id: int, milestone_id: int):
    project = _project(_partnership(request, partnership_id, Need.MANAGE), project_id)
    services.project_milestone_remove(
        acting_user=request.user, milestone=_milestone(project, milestone_id)
    )
    return Status(204, None)


FUNDING = f"{PROJECT}/funding/{{int:funding_id}}"


@router.get(f"{PROJECT}/funding", response=list[FundingOut], summary="A project's funding lines")
@paginate(Pagination)
def list_funding(request, partnership_id: int, project_id: int):
    project = _project(_partnership(request, partnership_id), project_id)
    return project.funding.order_by("pk")


@router.post(f"{PROJECT}/funding", response={201: FundingOut}, summary="Add a funding line")
@write_access(_manages_partnership)
def add_funding(request, partnership_id: int, project_id: int, payload: FundingIn):
    project = _project(_partnership(request, partnership_id, Need.MANAGE), project_id)
    funding = services.project_funding_add(
        acting_user=request.user, project=project, **payload.dict()
    )
    return Status(201, funding)


@router.patch(
    FUNDING,
    response=FundingOut,
    summary="Correct a funding line (managers); send the updated_at you read (409 if stale)",
)
@write_access(_manages_partnership)
@updates_record
def update_funding(
    request, partnership_id: int, project_id: int, funding_id: int, payload: FundingPatchIn
):
    project = _project(_partnership(request, partnership_id, Need.MANAGE), project_id)
    funding = _funding(project, funding_id)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        return services.project_funding_update(
            acting_user=request.user,
            funding=funding,
            expected_updated_at=expected,
            **_sent(payload, exclude={"updated_at"}),
        )


@router.delete(FUNDING, response={204: None}, summary="Remove a funding line (managers)")
@write_access(_manages_partnership)
def remove_funding(request, partnership_id: int, project_id: int, funding_id: int):
    project = _project(_partnership(request, partnership_id, Need.MANAGE), project_id)
    services.project_funding_remove(acting_user=request.user, funding=_funding(project, funding_id))
    return Status(204, None)
