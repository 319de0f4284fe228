"""Risk registers over the API (mounted under /api/v1/programme, see `api.py`).

The same endpoints serve a partnership (`/partnerships/{id}/…`, its own registers and its
projects') and a body (`/organisations/{id}/…`). Readers list and get registers and risks; writers
(partnership managers; a body's editors and managers) create registers and risks, change risks, link
plan actions and re-rate them (each re-rating adds to the risk's history). A change or re-rating
sends the `updated_at` read (428 without it); an older one answers 409.
"""

import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import exact_time, sent_version, stale_as_conflict, updates_record
from vfmhub.core.api.writes import refuse_null, write_access
from vfmhub.lib import clock
from vfmhub.plans.models import Action
from vfmhub.programme.access import Need
from vfmhub.programme.access.owners import (
    ORGANISATION,
    PARTNERSHIP,
    RegisterOwner,
    register_owner_for_user,
)
from vfmhub.programme.models import Project, RatingKind, Risk, RiskMatrix, RiskStatus
from vfmhub.programme.selectors import risks as selectors
from vfmhub.programme.services import risks as services

router = Router(tags=["programme"])


def _owner_check(kind: str, id_name: str, need: Need):
    def check(request, **path):
        register_owner_for_user(request.user, kind, path[id_name], need=need)

    return check


P = "/partnerships/{int:partnership_id}"
B = "/organisations/{int:organisation_id}"
NO_MATRIX = "Choose a risk matrix."
NO_PROJECT = "Choose one of the partnership's projects."
PROJECTS_ONLY_IN_PARTNERSHIPS = "Only a partnership's registers can belong to a project."
NO_ACTION = "There is no plan action {pk}."


class MatrixOut(Schema):
    id: int
    name: str
    size: int
    likelihood_labels: list[str]
    impact_labels: list[str]
    bands: dict
    is_locked: bool


class RegisterOut(Schema):
    id: int
    name: str
    description: str
    partnership_id: int | None
    organisation_id: int | None
    project_id: int | None
    matrix: MatrixOut
    updated_at: str

    @staticmethod
    def resolve_updated_at(obj) -> str:
        return exact_time(obj.updated_at)


class RegisterIn(Schema):
    name: str
    description: str = ""
    matrix_id: int | None = None
    project_id: int | None = None


class RiskOut(Schema):
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
    def resolve_updated_at(obj) -> str:
        return exact_time(obj.updated_at)

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


def _owner(request, kind: str, pk: int, need: Need = Need.READ) -> RegisterOwner:
    return register_owner_for_user(request.user, kind, pk, need=need)


def _with_band(risk: Risk, matrix: RiskMatrix, today: datetime.date) -> Risk:
    band = matrix.band_for(risk.current_likelihood, risk.current_impact)
    risk.current_band = band  # type: ignore[attr-defined]
    risk.overdue = selectors.is_overdue(risk, today)  # type: ignore[attr-defined]
    return risk


class RiskPagination(Pagination):
    """Pagination that gives each risk of the page its band and overdue flag."""

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        page = super().paginate_queryset(queryset, pagination, request=request, **params)
        items = list(page["items"])
        if items:
            matrix = items[0].register.matrix
            today = clock.today()
            items = [_with_band(risk, matrix, today) for risk in items]
        page["items"] = items
        return page


def _risk_out(owner: RegisterOwner, risk_id: int) -> Risk:
    risk = selectors.risk_of_owner(owner, risk_id)
    return _with_band(risk, risk.register.matrix, clock.today())


def _plan_actions(ids: list[int] | None) -> list[Action] | None:
    if ids is None:
        return None
    found = {a.pk: a for a in Action.objects.filter(pk__in=ids)}
    for pk in ids:
        if pk not in found:
            raise ValidationError({"plan_action_ids": NO_ACTION.format(pk=pk)})
    return [found[pk] for pk in ids]


@router.get("/risk-matrices", response=list[MatrixOut], summary="The risk matrices to choose from")
def list_matrices(request):
    services.ensure_default_matrices()
    return list(RiskMatrix.objects.order_by("size", "pk"))


# What each endpoint does, for any owner; the routes below bind them to both kinds of owner.


def _list_registers(owner: RegisterOwner):
    return selectors.registers_for_owner(owner)


def _create_register(request, owner: RegisterOwner, payload: RegisterIn):
    matrix = None
    if payload.matrix_id is not None:
        matrix = RiskMatrix.objects.filter(pk=payload.matrix_id).first()
        if matrix is None:
            raise ValidationError({"matrix_id": NO_MATRIX})
    owner_fields = owner.owner_fields()
    if payload.project_id is not None:
        if owner.partnership is None:
            raise ValidationError({"project_id": PROJECTS_ONLY_IN_PARTNERSHIPS})
        if not Project.objects.filter(
            pk=payload.project_id, partnership=owner.partnership
        ).exists():
            raise ValidationError({"project_id": NO_PROJECT})
        owner_fields = {"project_id": payload.project_id}
    register = services.register_create(
        acting_user=request.user,
        name=payload.name,
        description=payload.description,
        matrix=matrix,
        **owner_fields,
    )
    return Status(201, selectors.register_of_owner(owner, register.pk))


def _list_risks(owner: RegisterOwner, register_id: int, status, overdue):
    register = selectors.register_of_owner(owner, register_id)
    risks = (
        selectors.register_risks(register, status=status)
        .select_related("register__matrix")
        .prefetch_related("plan_actions")
    )
    if overdue is not None:
        due = {"status": RiskStatus.OPEN, "review_date__lt": clock.today()}
        risks = risks.filter(**due) if overdue else risks.exclude(**due)
    return risks


def _create_risk(request, owner: RegisterOwner, register_id: int, payload: RiskIn):
    register = selectors.register_of_owner(owner, register_id)
    data = payload.dict()
    actions = _plan_actions(data.pop("plan_action_ids"))
    risk = services.risk_create(
        acting_user=request.user, register=register, plan_actions=actions or (), **data
    )
    return Status(201, _risk_out(owner, risk.pk))


def _patch_risk(request, owner: RegisterOwner, risk_id: int, payload: RiskPatchIn):
    risk = selectors.risk_of_owner(owner, risk_id)
    expected = sent_version(request, payload.updated_at)
    sent = payload.dict(exclude_unset=True, exclude={"updated_at"})
    actions = _plan_actions(sent.pop("plan_action_ids", None))
    with stale_as_conflict():
        services.risk_update(
            acting_user=request.user,
            risk=risk,
            expected_updated_at=expected,
            plan_actions=actions,
            **sent,
        )
    return _risk_out(owner, risk_id)


def _rerate_risk(request, owner: RegisterOwner, risk_id: int, payload: RerateIn):
    risk = selectors.risk_of_owner(owner, risk_id)
    expected = sent_version(request, payload.updated_at)
    sent = payload.dict(exclude={"updated_at"})
    with stale_as_conflict():
        services.risk_rerate(
            acting_user=request.user, risk=risk, expected_updated_at=expected, **sent
        )
    return _risk_out(owner, risk_id)


# Partnerships: their own registers and their projects' --------------------------------------


@router.get(
    f"{P}/risk-registers",
    response=list[RegisterOut],
    summary="A partnership's and its projects' risk registers",
)
@paginate(Pagination)
def list_registers(request, partnership_id: int):
    return _list_registers(_owner(request, PARTNERSHIP, partnership_id))


@router.post(
    f"{P}/risk-registers",
    response={201: RegisterOut},
    summary="Create a risk register (partnership managers) for the partnership or, with "
    "project_id, one of its projects; the 3 × 3 matrix unless chosen",
)
@write_access(_owner_check(PARTNERSHIP, "partnership_id", Need.MANAGE))
def create_register(request, partnership_id: int, payload: RegisterIn):
    return _create_register(
        request, _owner(request, PARTNERSHIP, partnership_id, Need.MANAGE), payload
    )


@router.get(
    f"{P}/risk-registers/{{int:register_id}}", response=RegisterOut, summary="One risk register"
)
def get_register(request, partnership_id: int, register_id: int):
    return selectors.register_of_owner(_owner(request, PARTNERSHIP, partnership_id), register_id)


@router.get(
    f"{P}/risk-registers/{{int:register_id}}/risks",
    response=list[RiskOut],
    summary="A register's risks, highest current score first; filter by status or overdue",
)
@paginate(RiskPagination)
def list_risks(
    request,
    partnership_id: int,
    register_id: int,
    status: RiskStatus | None = None,
    overdue: bool | None = None,
):
    owner = _owner(request, PARTNERSHIP, partnership_id)
    return _list_risks(owner, register_id, status, overdue)


@router.post(
    f"{P}/risk-registers/{{int:register_id}}/risks",
    response={201: RiskOut},
    summary="Add a risk (partnership managers); its ratings start its history",
)
@write_access(_owner_check(PARTNERSHIP, "partnership_id", Need.MANAGE))
def create_risk(request, partnership_id: int, register_id: int, payload: RiskIn):
    owner = _owner(request, PARTNERSHIP, partnership_id, Need.MANAGE)
    return _create_risk(request, owner, register_id, payload)


@router.get(
    f"{P}/risks/{{int:risk_id}}",
    response=RiskDetailOut,
    summary="One risk with its rating history, newest first",
)
def get_risk(request, partnership_id: int, risk_id: int):
    return _risk_out(_owner(request, PARTNERSHIP, partnership_id), risk_id)


@router.patch(
    f"{P}/risks/{{int:risk_id}}",
    response=RiskOut,
    summary="Change a risk; fields left out keep their values; re-rate to change the current "
    "rating; plan_action_ids replaces the linked plan actions; send updated_at (409 if stale)",
)
@write_access(_owner_check(PARTNERSHIP, "partnership_id", Need.MANAGE))
@updates_record
def patch_risk(request, partnership_id: int, risk_id: int, payload: RiskPatchIn):
    owner = _owner(request, PARTNERSHIP, partnership_id, Need.MANAGE)
    return _patch_risk(request, owner, risk_id, payload)


@router.post(
    f"{P}/risks/{{int:risk_id}}/rerate",
    response=RiskOut,
    summary="Re-rate a risk (current unless `kind` says): a new history row; earlier ones stay; "
    "send the updated_at you read",
)
@write_access(_owner_check(PARTNERSHIP, "partnership_id", Need.MANAGE))
@updates_record
def rerate_risk(request, partnership_id: int, risk_id: int, payload: RerateIn):
    owner = _owner(request, PARTNERSHIP, partnership_id, Need.MANAGE)
    return _rerate_risk(request, owner, risk_id, payload)


# Bodies: their own registers ------------------------------------------------------------------


@router.get(f"{B}/risk-registers", response=list[RegisterOut], summary="A body's risk registers")
@paginate(Pagination)
def list_body_registers(request, organisation_id: int):
    return _list_registers(_owner(request, ORGANISATION, organisation_id))


@router.post(
    f"{B}/risk-registers",
    response={201: RegisterOut},
    summary="Create a body's risk register (its editors and managers)",
)
@write_access(_owner_check(ORGANISATION, "organisation_id", Need.EDIT))
def create_body_register(request, organisation_id: int, payload: RegisterIn):
    owner = _owner(request, ORGANISATION, organisation_id, Need.EDIT)
    return _create_register(request, owner, payload)


@router.get(
    f"{B}/risk-registers/{{int:register_id}}",
    response=RegisterOut,
    summary="One of a body's risk registers",
)
def get_body_register(request, organisation_id: int, register_id: int):
    return selectors.register_of_owner(_owner(request, ORGANISATION, organisation_id), register_id)


@router.get(
    f"{B}/risk-registers/{{int:register_id}}/risks",
    response=list[RiskOut],
    summary="A body's register's risks, highest current score first",
)
@paginate(RiskPagination)
def list_body_risks(
    request,
    organisation_id: int,
    register_id: int,
    status: RiskStatus | None = None,
    overdue: bool | None = None,
):
    owner = _owner(request, ORGANISATION, organisation_id)
    return _list_risks(owner, register_id, status, overdue)


@router.post(
    f"{B}/risk-registers/{{int:register_id}}/risks",
    response={201: RiskOut},
    summary="Add a risk to a body's register (its editors and managers)",
)
@write_access(_owner_check(ORGANISATION, "organisation_id", Need.EDIT))
def create_body_risk(request, organisation_id: int, register_id: int, payload: RiskIn):
    owner = _owner(request, ORGANISATION, organisation_id, Need.EDIT)
    return _create_risk(request, owner, register_id, payload)


@router.get(
    f"{B}/risks/{{int:risk_id}}",
    response=RiskDetailOut,
    summary="One of a body's risks with its rating history",
)
def get_body_risk(request, organisation_id: int, risk_id: int):
    return _risk_out(_owner(request, ORGANISATION, organisation_id), risk_id)


@router.patch(
    f"{B}/risks/{{int:risk_id}}",
    response=RiskOut,
    summary="Change one of a body's risks (as for a partnership's)",
)
@write_access(_owner_check(ORGANISATION, "organisation_id", Need.EDIT))
@updates_record
def patch_body_risk(request, organisation_id: int, risk_id: int, payload: RiskPatchIn):
    owner = _owner(request, ORGANISATION, organisation_id, Need.EDIT)
    return _patch_risk(request, owner, risk_id, payload)


@router.post(
    f"{B}/risks/{{int:risk_id}}/rerate", response=RiskOut, summary="Re-rate one of a body's risks"
)
@write_access(_owner_check(ORGANISATION, "organisation_id", Need.EDIT))
@updates_record
def rerate_body_risk(request, organisation_id: int, risk_id: int, payload: RerateIn):
    owner = _owner(request, ORGANISATION, organisation_id, Need.EDIT)
    return _rerate_risk(request, owner, risk_id, payload)
