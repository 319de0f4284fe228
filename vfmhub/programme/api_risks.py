"""A partnership's risk registers over the API (mounted under /api/v1/programme, see `api.py`).

Readers list and get registers and risks; partnership managers create registers and risks, change
risks and re-rate them (each re-rating adds to the risk's history). A change sent with an older
`updated_at` answers 409.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from vfmhub.api.pagination import Pagination
from vfmhub.plans.api_common import as_sent, conflicts_as_409
from vfmhub.plans.api_schemas import exact_time
from vfmhub.programme import selectors_risks as selectors
from vfmhub.programme import services_risks as services
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.models import RatingKind, Risk, RiskMatrix, RiskRegister, RiskStatus

router = Router(tags=["programme"])
PARTNERSHIP = "/partnerships/{int:partnership_id}"


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
    matrix: MatrixOut
    updated_at: str

    @staticmethod
    def resolve_updated_at(obj) -> str:
        return exact_time(obj.updated_at)


class RegisterIn(Schema):
    name: str
    description: str = ""
    matrix_id: int | None = None


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
    review_date: datetime.date | None
    overdue: bool
    status: str
    closed_on: datetime.date | None
    updated_at: str

    @staticmethod
    def resolve_updated_at(obj) -> str:
        return exact_time(obj.updated_at)


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
    review_date: datetime.date | None = None


class RiskPatchIn(Schema):
    title: str | None = None
    cause: str | None = None
    effect: str | None = None
    owner: str | None = None
    inherent_likelihood: int | None = None
    inherent_impact: int | None = None
    target_likelihood: int | None = None
    target_impact: int | None = None
    mitigating_actions: str | None = None
    review_date: datetime.date | None = None
    updated_at: datetime.datetime | None = None


class RerateIn(Schema):
    likelihood: int
    impact: int
    kind: RatingKind = RatingKind.CURRENT
    note: str = ""
    review_date: datetime.date | None = None
    updated_at: datetime.datetime | None = None


class RatingOut(Schema):
    id: int
    kind: str
    likelihood: int
    impact: int
    rated_by_id: int | None
    rated_at: datetime.datetime
    note: str


class RiskDetailOut(RiskOut):
    ratings: list[RatingOut]


def _partnership(request, partnership_id: int, need: Need = Need.READ):
    return programme_partnership_for_user(request.user, partnership_id, need=need).partnership


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
            today = timezone.localdate()
            items = [_with_band(risk, matrix, today) for risk in items]
        page["items"] = items
        return page


def _risk_out(partnership, risk_id: int) -> Risk:
    risk = selectors.risk_of_partnership(partnership, risk_id)
    return _with_band(risk, risk.register.matrix, timezone.localdate())


@router.get("/risk-matrices", response=list[MatrixOut], summary="The risk matrices to choose from")
def list_matrices(request):
    services.ensure_default_matrices()
    return list(RiskMatrix.objects.order_by("size", "pk"))


@router.get(
    f"{PARTNERSHIP}/risk-registers",
    response=list[RegisterOut],
    summary="A partnership's risk registers",
)
@paginate(Pagination)
def list_registers(request, partnership_id: int):
    partnership = _partnership(request, partnership_id)
    return RiskRegister.objects.filter(partnership=partnership).select_related("matrix")


@router.post(
    f"{PARTNERSHIP}/risk-registers",
    response={201: RegisterOut},
    summary="Create a risk register (partnership managers); the 3 × 3 matrix unless chosen",
)
def create_register(request, partnership_id: int, payload: RegisterIn):
    partnership = _partnership(request, partnership_id, Need.MANAGE)
    matrix = None
    if payload.matrix_id is not None:
        matrix = RiskMatrix.objects.filter(pk=payload.matrix_id).first()
        if matrix is None:
            raise ValidationError({"matrix_id": "Choose a risk matrix."})
    register = services.register_create(
        acting_user=request.user,
        partnership=partnership,
        name=payload.name,
        description=payload.description,
        matrix=matrix,
    )
    return Status(201, register)


@router.get(
    f"{PARTNERSHIP}/risk-registers/{{int:register_id}}",
    response=RegisterOut,
    summary="One risk register",
)
def get_register(request, partnership_id: int, register_id: int):
    partnership = _partnership(request, partnership_id)
    return selectors.register_of_partnership(partnership, register_id)


@router.get(
    f"{PARTNERSHIP}/risk-registers/{{int:register_id}}/risks",
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
    partnership = _partnership(request, partnership_id)
    register = selectors.register_of_partnership(partnership, register_id)
    risks = selectors.register_risks(register, status=status).select_related("register__matrix")
    if overdue is not None:
        due = {"status": RiskStatus.OPEN, "review_date__lt": timezone.localdate()}
        risks = risks.filter(**due) if overdue else risks.exclude(**due)
    return risks


@router.post(
    f"{PARTNERSHIP}/risk-registers/{{int:register_id}}/risks",
    response={201: RiskOut},
    summary="Add a risk (partnership managers); its ratings start its history",
)
def create_risk(request, partnership_id: int, register_id: int, payload: RiskIn):
    partnership = _partnership(request, partnership_id, Need.MANAGE)
    register = selectors.register_of_partnership(partnership, register_id)
    risk = services.risk_create(acting_user=request.user, register=register, **payload.dict())
    return Status(201, _risk_out(partnership, risk.pk))


@router.get(
    f"{PARTNERSHIP}/risks/{{int:risk_id}}",
    response=RiskDetailOut,
    summary="One risk with its rating history, newest first",
)
def get_risk(request, partnership_id: int, risk_id: int):
    partnership = _partnership(request, partnership_id)
    return _risk_out(partnership, risk_id)


@router.patch(
    f"{PARTNERSHIP}/risks/{{int:risk_id}}",
    response=RiskOut,
    summary="Change a risk; fields left out keep their values; re-rate to change the current "
    "rating; send updated_at (409 if stale)",
)
def patch_risk(request, partnership_id: int, risk_id: int, payload: RiskPatchIn):
    partnership = _partnership(request, partnership_id, Need.MANAGE)
    risk = selectors.risk_of_partnership(partnership, risk_id)
    sent = payload.dict(exclude_unset=True)
    expected = as_sent(sent.pop("updated_at", None))
    with conflicts_as_409():
        services.risk_update(
            acting_user=request.user, risk=risk, expected_updated_at=expected, **sent
        )
    return _risk_out(partnership, risk_id)


@router.post(
    f"{PARTNERSHIP}/risks/{{int:risk_id}}/rerate",
    response=RiskOut,
    summary="Re-rate a risk (current unless `kind` says): a new history row; earlier ones stay",
)
def rerate_risk(request, partnership_id: int, risk_id: int, payload: RerateIn):
    partnership = _partnership(request, partnership_id, Need.MANAGE)
    risk = selectors.risk_of_partnership(partnership, risk_id)
    sent = payload.dict()
    expected = as_sent(sent.pop("updated_at", None))
    with conflicts_as_409():
        services.risk_rerate(
            acting_user=request.user, risk=risk, expected_updated_at=expected, **sent
        )
    return _risk_out(partnership, risk_id)
