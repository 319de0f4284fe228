"""A body's gains register over the API (mounted under /api/v1/efficiency, see `__init__.py`).

Only the body's own users (and staff) reach the register: the partnership side gets 404. Editors
add, change, remove and confirm gains; a change sent with an older `updated_at` answers 409.
"""

from collections.abc import Callable
from typing import Any, Literal

from ninja import Router, Status
from ninja.pagination import paginate

from vfmhub.core.api.versions import sent_version, stale_as_conflict, updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.efficiency import services
from vfmhub.efficiency.access import (
    BodyAccess,
    BodyNeed,
    category_for_programme,
    gain_for_body,
    register_for_user,
)
from vfmhub.efficiency.api.common import BODY, marked_pagination
from vfmhub.efficiency.api.schemas import (
    GainConfirmIn,
    GainIn,
    GainOut,
    GainPatchIn,
    GainRemoveIn,
)
from vfmhub.efficiency.models import Gain
from vfmhub.efficiency.selectors.gains import gains_filtered, with_persistence
from vfmhub.lib import clock
from vfmhub.lib.years import FinancialYear

router = Router(tags=["efficiency"])
Persistence = Literal["removed", "confirmed", "due", "coming", "live"]


def _register(request, programme_id: int, organisation_id: int, need=BodyNeed.READ) -> BodyAccess:
    return register_for_user(
        request.user, programme_id, organisation_id, need=need, role_first=True
    )


def _edits_register(request, programme_id, organisation_id, **_):
    _register(request, programme_id, organisation_id, BodyNeed.EDIT)


def _marked(gains: list[Gain]) -> list[Gain]:
    return with_persistence(gains, clock.today())


@router.get(
    f"{BODY}/gains",
    response=list[GainOut],
    summary="A body's gains register (the body's users); filter by year, category, cash, status",
)
@paginate(marked_pagination(_marked))
def list_gains(
    request,
    programme_id: int,
    organisation_id: int,
    year: FinancialYear | None = None,
    category_id: int | None = None,
    cash: bool | None = None,
    status: Persistence | None = None,
):
    """`year` keeps the gains counting in that year (begun, not removed); `status` is the
    persistence check: removed, confirmed, due, coming or live."""
    access = _register(request, programme_id, organisation_id)
    return gains_filtered(
        access.programme,
        access.organisation,
        today=clock.today(),
        year=year,
        category_id=category_id,
        cash=cash,
        status=status,
    )


def _out(access: BodyAccess, gain_id: int) -> Gain:
    return _marked([gain_for_body(access, gain_id)])[0]


@router.get(f"{BODY}/gains/{{int:gain_id}}", response=GainOut, summary="One gain")
def get_gain(request, programme_id: int, organisation_id: int, gain_id: int):
    return _out(_register(request, programme_id, organisation_id), gain_id)


@router.post(f"{BODY}/gains", response={201: GainOut}, summary="Add a gain (the body's editors)")
@write_access(_edits_register)
def add_gain(request, programme_id: int, organisation_id: int, payload: GainIn):
    access = _register(request, programme_id, organisation_id, BodyNeed.EDIT)
    gain = services.gain_add(
        acting_user=request.user,
        programme=access.programme,
        organisation=access.organisation,
        category=category_for_programme(access.programme, payload.category_id),
        **payload.dict(exclude={"category_id"}),
    )
    return Status(201, _out(access, gain.pk))


def _change(request, ids: tuple[int, int, int], sent: Any, change: Callable, **fields: Any):
    """A change to one gain by the body's editors with the service `change`, at the version the
    client read (`sent.updated_at`; 409 when someone changed it since). A category comes by its
    id, of the gain's programme."""
    programme_id, organisation_id, gain_id = ids
    access = _register(request, programme_id, organisation_id, BodyNeed.EDIT)
    gain = gain_for_body(access, gain_id)
    expected = sent_version(request, sent.updated_at)
    if "category_id" in fields:
        fields["category"] = category_for_programme(access.programme, fields.pop("category_id"))
    with stale_as_conflict():
        change(acting_user=request.user, gain=gain, expected_updated_at=expected, **fields)
    return _out(access, gain_id)


@router.patch(
    f"{BODY}/gains/{{int:gain_id}}",
    response=GainOut,
    summary="Change a gain; fields left out keep their values; send the updated_at you read",
)
@write_access(_edits_register)
@updates_record
def patch_gain(
    request, programme_id: int, organisation_id: int, gain_id: int, payload: GainPatchIn
):
    sent = payload.dict(exclude_unset=True, exclude={"updated_at"})
    fields = {k: v for k, v in sent.items() if v is not None or k == "category_id"}
    ids = (programme_id, organisation_id, gain_id)
    return _change(request, ids, payload, services.gain_update, **fields)


@router.post(
    f"{BODY}/gains/{{int:gain_id}}/remove",
    response=GainOut,
    summary="Remove a gain that did not persist, from a year on (it stays in earlier years)",
)
@write_access(_edits_register)
@updates_record
def remove_gain(
    request, programme_id: int, organisation_id: int, gain_id: int, payload: GainRemoveIn
):
    return _change(
        request,
        (programme_id, organisation_id, gain_id),
        payload,
        services.gain_remove,
        removed_from_year=payload.removed_from_year,
        removed_on=payload.removed_on or clock.today(),
        reason=payload.reason,
    )


@router.post(
    f"{BODY}/gains/{{int:gain_id}}/confirm",
    response=GainOut,
    summary="Confirm a gain has been sustained for two full years",
)
@write_access(_edits_register)
@updates_record
def confirm_gain(
    request, programme_id: int, organisation_id: int, gain_id: int, payload: GainConfirmIn
):
    ids = (programme_id, organisation_id, gain_id)
    confirmed_on = payload.confirmed_on or clock.today()
    return _change(
        request, ids, payload, services.gain_confirm_persistence, confirmed_on=confirmed_on
    )
