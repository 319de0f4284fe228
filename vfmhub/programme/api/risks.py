"""Risk registers over the API (mounted under /api/v1/programme, see `api/__init__.py`).

The same endpoints serve a partnership (`/partnerships/{id}/…`, its own registers and its
projects') and a body (`/organisations/{id}/…`). Readers list and get registers and risks; writers
(partnership managers; a body's editors and managers) create registers and risks, change risks, link
plan actions and re-rate them (each re-rating adds to the risk's history). A change or re-rating
sends the `updated_at` read (428 without it); an older one answers 409.
"""

import datetime
from dataclasses import dataclass
from typing import Annotated, TypedDict

from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import (
    VersionedOut,
    sent_version,
    stale_as_conflict,
    updates_record,
)
from vfmhub.core.api.writes import refuse_null, write_access
from vfmhub.lib import clock
from vfmhub.programme.access import Need
from vfmhub.programme.access.owners import (
    ORGANISATION,
    PARTNERSHIP,
    RegisterOwner,
    register_owner_for_user,
)
from vfmhub.programme.access.risks import (
    matrix_named,
    plan_actions_named,
    register_for_user,
    register_of_owner,
    register_owner_fields,
    risk_for_user,
    risk_of_owner,
)
from vfmhub.programme.models import RatingKind, Risk, RiskStatus
from vfmhub.programme.selectors import risks as selectors
from vfmhub.programme.services import risks as services

router = Router(tags=["programme"])


class MatrixOut(Schema):
    id: int
    name: str
    size: int
    likelihood_labels: list[str]
    impact_labels: list[str]
    bands: dict
    is_locked: bool


class RegisterOut(VersionedOut):
    id: int
    name: str
    description: str
    partnership_id: int | None
    organisation_id: int | None
    project_id: int | None
    matrix: MatrixOut
    updated_at: str


class RegisterIn(Schema):
    name: str
    description: str = ""
    matrix_id: int | None = None
    project_id: int | None = None


class RiskOut(VersionedOut):
    id: int
    register_id: int
    title: str
    cause: str
    effect: str
    owner: str
    inherent_likelihood: int | None
    inherent_impact: int | None
    current_likelihood: int
    current_impact: int
    current_score: int
    current_band: str
    target_likelihood: int | None
    target_impact: int | None
    mitigating_actions: str
    plan_action_ids: list[int]
    review_date: datetime.date | None
    overdue: bool
    status: str
    closed_on: datetime.date | None
    updated_at: str

    @staticmethod
    def resolve_current_band(obj) -> str:
        return obj.band

    @staticmethod
    def resolve_plan_action_ids(obj) -> list[int]:
        return sorted(action.pk for action in obj.plan_actions.all())


class RiskIn(Schema):
    title: str
    cause: str = ""
    effect: str = ""
    owner: str = ""
    inherent_likelihood: int | None = None
    inherent_impact: int | None = None
    current_likelihood: int
    current_impact: int
    target_likelihood: int | None = None
    target_impact: int | None = None
    mitigating_actions: str = ""
    plan_action_ids: list[int] = []
    review_date: datetime.date | None = None


class RiskPatchIn(Schema):
    """Fields left out keep their values; text is cleared with "", not null."""

    title: str | None = Field(None, min_length=1)
    cause: str | None = None
    effect: str | None = None
    owner: str | None = None
    inherent_likelihood: int | None = None
    inherent_impact: int | None = None
    target_likelihood: int | None = None
    target_impact: int | None = None
    mitigating_actions: str | None = None
    plan_action_ids: list[int] | None = None
    review_date: datetime.date | None = None
    updated_at: datetime.datetime | None = None

    _not_null = refuse_null("title", "cause", "effect", "owner", "mitigating_actions")


class RerateIn(Schema):
    likelihood: int
    impact: int
    kind: RatingKind = RatingKind.CURRENT
    note: str = ""
    review_date: datetime.date | None = None
    updated_at: datetime.datetime | None = None


class RiskRatingOut(Schema):
    id: int
    kind: str
    likelihood: int
    impact: int
    rated_by_id: int | None
    rated_at: datetime.datetime
    note: str


class RiskDetailOut(RiskOut):
    ratings: list[RiskRatingOut]


class RouteDoc(TypedDict):
    summary: str
    operation_id: str


@dataclass(frozen=True)
class OwnerRoutes:
    """How one kind of register owner's endpoints are routed, documented and guarded: its path
    (with the owner's id named as `id_name`), who writes, and each endpoint's summary and
    operation id (the body's have "body_" in their names)."""

    kind: str
    prefix: str
    id_name: str
    writers: Need
    infix: str
    summaries: dict[str, str]

    def route(self, verb: str, noun: str) -> RouteDoc:
        name = f"{verb}_{noun}"
        return {
            "summary": self.summaries[name],
            "operation_id": f"vfmhub_programme_api_risks_{verb}_{self.infix}{noun}",
        }

    def writes(self):
        """The check every write starts with (see `write_access`)."""

        def check(request, **path):
            register_owner_for_user(request.user, self.kind, path[self.id_name], need=self.writers)

        return write_access(check)


PARTNERSHIPS = OwnerRoutes(
    PARTNERSHIP,
    "/partnerships/{int:partnership_id}",
    "partnership_id",
    Need.MANAGE,
    "",
    {
        "list_registers": "A partnership's and its projects' risk registers",
        "create_register": "Create a risk register (partnership managers) for the partnership "
        "or, with project_id, one of its projects; the 3 × 3 matrix unless chosen",
        "get_register": "One risk register",
        "list_risks": "A register's risks, highest current score first; filter by status or "
        "overdue",
        "create_risk": "Add a risk (partnership managers); its ratings start its history",
        "get_risk": "One risk with its rating history, newest first",
        "patch_risk": "Change a risk; fields left out keep their values; re-rate to change the "
        "current rating; plan_action_ids replaces the linked plan actions; send updated_at (409 "
        "if stale)",
        "rerate_risk": "Re-rate a risk (current unless `kind` says): a new history row; earlier "
        "ones stay; send the updated_at you read",
    },
)
BODIES = OwnerRoutes(
    ORGANISATION,
    "/organisations/{int:organisation_id}",
    "organisation_id",
    Need.EDIT,
    "body_",
    {
        "list_registers": "A body's risk registers",
        "create_register": "Create a body's risk register (its editors and managers)",
        "get_register": "One of a body's risk registers",
        "list_risks": "A body's register's risks, highest current score first",
        "create_risk": "Add a risk to a body's register (its editors and managers)",
        "get_risk": "One of a body's risks with its rating history",
        "patch_risk": "Change one of a body's risks (as for a partnership's)",
        "rerate_risk": "Re-rate one of a body's risks",
    },
)


class RiskPagination(Pagination):
    """Pagination that gives each risk of the page its band and overdue flag."""

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        page = super().paginate_queryset(queryset, pagination, request=request, **params)
        items = list(page["items"])
        if items:
            items = selectors.risks_rated(items, items[0].register.matrix, clock.today())
        page["items"] = items
        return page


def _risk_out(owner: RegisterOwner, risk_id: int) -> Risk:
    risk = risk_of_owner(owner, risk_id)
    return selectors.risks_rated([risk], risk.register.matrix, clock.today())[0]


@router.get("/risk-matrices", response=list[MatrixOut], summary="The risk matrices to choose from")
def list_matrices(request):
    services.ensure_default_matrices(acting_user=request.user)
    return selectors.risk_matrices()


# Each kind of owner's endpoints: a partnership's (its own registers and its projects') and a
# body's (its own registers), the same endpoints under each owner's path.


def _register_routes(routes: OwnerRoutes) -> None:
    kind, owner_id = routes.kind, Path(alias=routes.id_name)
    registers = f"{routes.prefix}/risk-registers"

    @router.get(registers, response=list[RegisterOut], **routes.route("list", "registers"))
    @paginate(Pagination)
    def list_registers(request, owner: Annotated[int, owner_id]):
        return selectors.registers_for_owner(register_owner_for_user(request.user, kind, owner))

    @router.post(registers, response={201: RegisterOut}, **routes.route("create", "register"))
    @routes.writes()
    def create_register(request, owner: Annotated[int, owner_id], payload: RegisterIn):
        found = register_owner_for_user(request.user, kind, owner, need=routes.writers)
        register = services.register_create(
            acting_user=request.user,
            name=payload.name,
            description=payload.description,
            matrix=matrix_named(payload.matrix_id),
            **register_owner_fields(found, payload.project_id),
        )
        return Status(201, register_of_owner(found, register.pk))

    register = f"{registers}/{{int:register_id}}"

    @router.get(register, response=RegisterOut, **routes.route("get", "register"))
    def get_register(request, owner: Annotated[int, owner_id], register_id: int):
        return register_for_user(request.user, kind, owner, register_id)[1]

    @router.get(f"{register}/risks", response=list[RiskOut], **routes.route("list", "risks"))
    @paginate(RiskPagination)
    def list_risks(
        request,
        owner: Annotated[int, owner_id],
        register_id: int,
        status: RiskStatus | None = None,
        overdue: bool | None = None,
    ):
        found = register_for_user(request.user, kind, owner, register_id)[1]
        return selectors.register_risks(
            found, status=status, overdue=overdue, today=clock.today(), with_plan_actions=True
        )

    @router.post(f"{register}/risks", response={201: RiskOut}, **routes.route("create", "risk"))
    @routes.writes()
    def create_risk(request, owner: Annotated[int, owner_id], register_id: int, payload: RiskIn):
        found, register = register_for_user(
            request.user, kind, owner, register_id, need=routes.writers
        )
        data = payload.dict()
        actions = plan_actions_named(data.pop("plan_action_ids"))
        risk = services.risk_create(
            acting_user=request.user, register=register, plan_actions=actions or (), **data
        )
        return Status(201, _risk_out(found, risk.pk))


def _risk_routes(routes: OwnerRoutes) -> None:
    kind, owner_id = routes.kind, Path(alias=routes.id_name)
    risk = f"{routes.prefix}/risks/{{int:risk_id}}"

    @router.get(risk, response=RiskDetailOut, **routes.route("get", "risk"))
    def get_risk(request, owner: Annotated[int, owner_id], risk_id: int):
        return _risk_out(register_owner_for_user(request.user, kind, owner), risk_id)

    @router.patch(risk, response=RiskOut, **routes.route("patch", "risk"))
    @routes.writes()
    @updates_record
    def patch_risk(request, owner: Annotated[int, owner_id], risk_id: int, payload: RiskPatchIn):
        found, risk = risk_for_user(request.user, kind, owner, risk_id, need=routes.writers)
        expected = sent_version(request, payload.updated_at)
        sent = payload.dict(exclude_unset=True, exclude={"updated_at"})
        actions = plan_actions_named(sent.pop("plan_action_ids", None))
        with stale_as_conflict():
            services.risk_update(
                acting_user=request.user,
                risk=risk,
                expected_updated_at=expected,
                plan_actions=actions,
                **sent,
            )
        return _risk_out(found, risk_id)

    @router.post(f"{risk}/rerate", response=RiskOut, **routes.route("rerate", "risk"))
    @routes.writes()
    @updates_record
    def rerate_risk(request, owner: Annotated[int, owner_id], risk_id: int, payload: RerateIn):
        found, risk = risk_for_user(request.user, kind, owner, risk_id, need=routes.writers)
        expected = sent_version(request, payload.updated_at)
        sent = payload.dict(exclude={"updated_at"})
        with stale_as_conflict():
            services.risk_rerate(
                acting_user=request.user, risk=risk, expected_updated_at=expected, **sent
            )
        return _risk_out(found, risk_id)


for owner_routes in (PARTNERSHIPS, BODIES):
    _register_routes(owner_routes)
    _risk_routes(owner_routes)
