"""A partnership's projects over the API (mounted under /api/v1/programme, see `api/__init__.py`).

Members of the partnership read; its managers create and change projects, add updates (never
changed: a correction is a new update), add, correct and remove milestones and funding lines.
Outsiders get 404, readers 403 on writes; a change needs the `updated_at` read (428 without it)
and gets 409 if it is stale.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import (
    VersionedOut,
    sent_version,
    stale_as_conflict,
    updates_record,
)
from vfmhub.core.api.writes import write_access
from vfmhub.lib import clock
from vfmhub.lib.money import Money
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.access.projects import (
    bodies_named,
    funding_line_of,
    milestone_of,
    project_detail_in,
    project_for_user,
)
from vfmhub.programme.models import MilestoneStatus, ProjectKind, ProjectStage, Rag
from vfmhub.programme.selectors import projects as selectors
from vfmhub.programme.services import projects as services

router = Router(tags=["programme"])


def _manages_partnership(request, partnership_id, **_):
    programme_partnership_for_user(request.user, partnership_id, need=Need.MANAGE)


PARTNERSHIP = "/partnerships/{int:partnership_id}/projects"
PROJECT = PARTNERSHIP + "/{int:project_id}"


class ProjectOut(VersionedOut):
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


class FundingOut(VersionedOut):
    id: int
    source: str
    allocation: str
    amount: Decimal
    updated_at: str


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


class MilestoneOut(VersionedOut):
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


def _partnership(request, partnership_id: int, need: Need = Need.READ):
    return programme_partnership_for_user(request.user, partnership_id, need=need).partnership


def _project(request, partnership_id: int, project_id: int, need: Need = Need.READ):
    return project_for_user(request.user, partnership_id, project_id, need=need)


def _sent(payload: Schema, *, exclude: set[str] | None = None) -> dict:
    """The fields a PATCH sent with a value (null means "leave as it is")."""
    fields = payload.dict(exclude_unset=True, exclude=exclude)
    return {k: v for k, v in fields.items() if v is not None}


def _corrected(
    request, service: Callable, payload: MilestonePatchIn | FundingPatchIn, **record: Any
):
    """A milestone or funding line corrected with the fields the PATCH sent, as of the version
    it names (409 if stale)."""
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        return service(
            acting_user=request.user,
            expected_updated_at=expected,
            **record,
            **_sent(payload, exclude={"updated_at"}),
        )


@router.get(PARTNERSHIP, response=list[ProjectOut], summary="A partnership's projects")
@paginate(Pagination)
def list_projects(
    request,
    partnership_id: int,
    stage: ProjectStage | None = None,
    rag: Rag | None = None,
):
    partnership = _partnership(request, partnership_id)
    return selectors.partnership_projects(partnership, stage=stage or "", rag=rag or "")


@router.get(PROJECT, response=ProjectDetailOut, summary="One project")
def get_project(request, partnership_id: int, project_id: int):
    return project_detail_in(_partnership(request, partnership_id), project_id)


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
        lead_organisation=bodies_named([payload.lead_organisation_id])[0],
        partners=bodies_named(payload.partner_ids),
        **fields,
    )
    return Status(201, project_detail_in(partnership, project.pk))


@router.patch(
    PROJECT,
    response=ProjectDetailOut,
    summary="Change a project (managers); send the updated_at you read",
)
@write_access(_manages_partnership)
@updates_record
def update_project(request, partnership_id: int, project_id: int, payload: ProjectPatchIn):
    project = _project(request, partnership_id, project_id, Need.MANAGE)
    expected = sent_version(request, payload.updated_at)
    fields = _sent(payload, exclude={"updated_at", "partner_ids"})
    if "lead_organisation_id" in fields:
        fields["lead_organisation"] = bodies_named([fields.pop("lead_organisation_id")])[0]
    partners = None if payload.partner_ids is None else bodies_named(payload.partner_ids)
    with stale_as_conflict():
        services.project_edit(
            acting_user=request.user,
            project=project,
            expected_updated_at=expected,
            partners=partners,
            **fields,
        )
    return project_detail_in(project.partnership, project.pk)


@router.get(f"{PROJECT}/updates", response=list[ProjectUpdateOut], summary="A project's updates")
@paginate(Pagination)
def list_updates(request, partnership_id: int, project_id: int):
    return selectors.project_updates(_project(request, partnership_id, project_id))


@router.post(
    f"{PROJECT}/updates",
    response={201: ProjectUpdateOut},
    summary="Add a dated RAG update (managers); updates are never changed",
)
@write_access(_manages_partnership)
def add_update(request, partnership_id: int, project_id: int, payload: ProjectUpdateIn):
    project = _project(request, partnership_id, project_id, Need.MANAGE)
    update = services.project_update_add(
        acting_user=request.user, project=project, **payload.dict()
    )
    return Status(201, update)


@router.get(f"{PROJECT}/milestones", response=list[MilestoneOut], summary="Milestones")
@paginate(Pagination)
def list_milestones(request, partnership_id: int, project_id: int):
    return selectors.project_milestones(_project(request, partnership_id, project_id))


@router.post(f"{PROJECT}/milestones", response={201: MilestoneOut}, summary="Add a milestone")
@write_access(_manages_partnership)
def add_milestone(request, partnership_id: int, project_id: int, payload: MilestoneIn):
    project = _project(request, partnership_id, project_id, Need.MANAGE)
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
    project = _project(request, partnership_id, project_id, Need.MANAGE)
    milestone = milestone_of(project, milestone_id)
    return _corrected(request, services.project_milestone_edit, payload, milestone=milestone)


@router.delete(MILESTONE, response={204: None}, summary="Remove a milestone (managers)")
@write_access(_manages_partnership)
def remove_milestone(request, partnership_id: int, project_id: int, milestone_id: int):
    project = _project(request, partnership_id, project_id, Need.MANAGE)
    milestone = milestone_of(project, milestone_id)
    services.project_milestone_remove(acting_user=request.user, milestone=milestone)
    return Status(204, None)


FUNDING = f"{PROJECT}/funding/{{int:funding_id}}"


@router.get(f"{PROJECT}/funding", response=list[FundingOut], summary="A project's funding lines")
@paginate(Pagination)
def list_funding(request, partnership_id: int, project_id: int):
    return selectors.project_funding_lines(_project(request, partnership_id, project_id))


@router.post(f"{PROJECT}/funding", response={201: FundingOut}, summary="Add a funding line")
@write_access(_manages_partnership)
def add_funding(request, partnership_id: int, project_id: int, payload: FundingIn):
    project = _project(request, partnership_id, project_id, Need.MANAGE)
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
    project = _project(request, partnership_id, project_id, Need.MANAGE)
    funding = funding_line_of(project, funding_id)
    return _corrected(request, services.project_funding_update, payload, funding=funding)


@router.delete(FUNDING, response={204: None}, summary="Remove a funding line (managers)")
@write_access(_manages_partnership)
def remove_funding(request, partnership_id: int, project_id: int, funding_id: int):
    project = _project(request, partnership_id, project_id, Need.MANAGE)
    funding = funding_line_of(project, funding_id)
    services.project_funding_remove(acting_user=request.user, funding=funding)
    return Status(204, None)
