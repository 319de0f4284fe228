"""A body's gains register over the API (mounted under /api/v1/efficiency, see `api.py`).

Only the body's own users (and staff) reach the register: the partnership side gets 404. Editors
add, change, remove and confirm gains; a change sent with an older `updated_at` answers 409.
"""

from typing import Literal

from ninja import Router, Status
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import sent_version, stale_as_conflict, updates_record
from vfmhub.core.api.writes import write_access
from vfmhub.efficiency import selectors, services
from vfmhub.efficiency.access import BodyNeed
from vfmhub.efficiency.api_common import (
    category_in,
    gain_in,
    persistence_filter,
    register_of,
    with_persistence,
)
from vfmhub.efficiency.api_schemas import GainConfirmIn, GainIn, GainOut, GainPatchIn, GainRemoveIn
from vfmhub.lib import clock
from vfmhub.lib.years import FinancialYear

router = Router(tags=["efficiency"])


def _edits_register(request, programme_id, organisation_id, **_):
    register_of(request, programme_id, organisation_id, BodyNeed.EDIT)


BODY = "/programmes/{int:programme_id}/bodies/{int:organisation_id}"
Persistence = Literal["removed", "confirmed", "due", "coming", "live"]


class GainPagination(Pagination):
    """Pagination that marks each gain of the page with its persistence status."""

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        page = super().paginate_queryset(queryset, pagination, request=request, **params)
        page["items"] = with_persistence(list(page["items"]), clock.today())
        return page


@router.get(
    f"{BODY}/gains",
    response=list[GainOut],
    summary="A body's gains register (the body's users); filter by year, category, cash, status",
)
@paginate(GainPagination)
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
    access = register_of(request, programme_id, organisation_id)
    gains = selectors.body_gains(access.programme, access.organisation).order_by("first_year", "pk")
    if year is not None:
        gains = gains.filter(first_year__lte=year).exclude(removed_from_year__lte=year)
    if category_id is not None:
        gains = gains.filter(category_id=category_id)
    if cash is not None:
        gains = gains.filter(is_cash_releasing=cash)
    if status is not None:
        gains = gains.filter(persistence_filter(status, clock.today()))
    return gains


def _out(access, gain_id: int):
    return with_persistence([gain_in(access, gain_id)], clock.today())[0]


@router.get(f"{BODY}/gains/{{int:gain_id}}", response=GainOut, summary="One gain")
def get_gain(request, programme_id: int, organisation_id: int, gain_id: int):
    access = register_of(request, programme_id, organisation_id)
    return _out(access, gain_id)


@router.post(f"{BODY}/gains", response={201: GainOut}, summary="Add a gain (the body's editors)")
@write_access(_edits_register)
def add_gain(request, programme_id: int, organisation_id: int, payload: GainIn):
    access = register_of(request, programme_id, organisation_id, BodyNeed.EDIT)
    fields = payload.dict(exclude={"category_id"})
    gain = services.gain_add(
        acting_user=request.user,
        programme=access.programme,
        organisation=access.organisation,
        category=category_in(access, payload.category_id),
        **fields,
    )
    return Status(201, _out(access, gain.pk))


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
    access = register_of(request, programme_id, organisation_id, BodyNeed.EDIT)
    gain = gain_in(access, gain_id)
    expected = sent_version(request, payload.updated_at)
    sent = payload.dict(exclude_unset=True, exclude={"updated_at"})
    fields = {k: v for k, v in sent.items() if k != "category_id" and v is not None}
    if "category_id" in sent:
        fields["category"] = category_in(access, sent["category_id"])
    with stale_as_conflict():
        services.gain_update(
            acting_user=request.user, gain=gain, expected_updated_at=expected, **fields
        )
    return _out(access, gain_id)


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
    access = register_of(request, programme_id, organisation_id, BodyNeed.EDIT)
    gain = gain_in(access, gain_id)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        services.gain_remove(
            acting_user=request.user,
            gain=gain,
            removed_from_year=payload.removed_from_year,
            removed_on=payload.removed_on or clock.today(),
            reason=payload.reason,
            expected_updated_at=expected,
        )
    return _out(access, gain_id)


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
    access = register_of(request, programme_id, organisation_id, BodyNeed.EDIT)
    gain = gain_in(access, gain_id)
    expected = sent_version(request, payload.updated_at)
    with stale_as_conflict():
        services.gain_confirm_persistence(
            acting_user=request.user,
            gain=gain,
            confirmed_on=payload.confirmed_on or clock.today(),
            expected_updated_at=expected,
        )
    return _out(access, gain_id)
