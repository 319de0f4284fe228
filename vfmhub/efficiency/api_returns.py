"""A body's returns over the API (mounted under /api/v1/efficiency, see `api.py`).

The body's own users see every version, drafts included; the partnership side sees submitted
returns only. Editors save the draft for a year and kind (after a submission that starts the next
version); managers submit it, and a resubmission is a new version while the history stays.
"""

from django.core.exceptions import ValidationError
from ninja import Router
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import (
    VersionIn,
    as_sent,
    sent_version,
    stale_as_conflict,
    updates_record,
)
from vfmhub.core.api.writes import write_access
from vfmhub.efficiency import selectors, services
from vfmhub.efficiency.access import BodyAccess, BodyNeed
from vfmhub.efficiency.api_common import body_of, return_in, with_deadlines
from vfmhub.efficiency.api_schemas import ReturnIn, ReturnOut
from vfmhub.efficiency.models import EfficiencyReturn, ReturnKind, ReturnStatus
from vfmhub.lib.years import FinancialYear

router = Router(tags=["efficiency"])


def _body_needs(need: BodyNeed):
    def check(request, programme_id, organisation_id, **_):
        body_of(request, programme_id, organisation_id, need)

    return check


BODY = "/programmes/{int:programme_id}/bodies/{int:organisation_id}"
NOT_A_DRAFT = "Only a draft can be submitted; save a new draft to resubmit."


class ReturnPagination(Pagination):
    """Pagination that adds each return's due date and whether it was late."""

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        page = super().paginate_queryset(queryset, pagination, request=request, **params)
        items = list(page["items"])
        page["items"] = with_deadlines(items, items[0].programme_id) if items else items
        return page


@router.get(
    f"{BODY}/returns",
    response=list[ReturnOut],
    summary="A body's returns, every version (drafts to the body only), latest year first",
)
@paginate(ReturnPagination)
def list_returns(
    request,
    programme_id: int,
    organisation_id: int,
    current: bool | None = None,
    year: FinancialYear | None = None,
    kind: ReturnKind | None = None,
):
    """`current=true` keeps the version that stands for each year and kind; `false` the history."""
    access = body_of(request, programme_id, organisation_id)
    returns = selectors.returns_visible(
        access.programme, access.organisation, sees_drafts=access.sees_drafts
    )
    if current is not None:
        returns = returns.filter(is_current=current)
    if year is not None:
        returns = returns.filter(year=year)
    if kind is not None:
        returns = returns.filter(kind=kind)
    return returns


@router.get(f"{BODY}/returns/{{int:return_id}}", response=ReturnOut, summary="One return")
def get_return(request, programme_id: int, organisation_id: int, return_id: int):
    return return_in(body_of(request, programme_id, organisation_id), return_id)


def _draft_version(request, access: BodyAccess, payload: ReturnIn):
    """The draft's version the client sent: needed once a draft exists, none to start one."""
    draft_exists = EfficiencyReturn.objects.filter(
        programme=access.programme,
        organisation=access.organisation,
        year=payload.year,
        kind=payload.kind,
        status=ReturnStatus.DRAFT,
    ).exists()
    if draft_exists:
        return sent_version(request, payload.updated_at)
    return as_sent(payload.updated_at)


@router.post(
    f"{BODY}/returns",
    response=ReturnOut,
    summary="Save the draft for a year and kind (the body's editors); ratings by year: G, A, R; "
    "changing a draft needs the updated_at you read",
)
@write_access(_body_needs(BodyNeed.EDIT))
@updates_record
def save_return(request, programme_id: int, organisation_id: int, payload: ReturnIn):
    access = body_of(request, programme_id, organisation_id, BodyNeed.EDIT)
    expected = _draft_version(request, access, payload)
    with stale_as_conflict():
        draft = services.return_save(
            acting_user=request.user,
            programme=access.programme,
            organisation=access.organisation,
            year=payload.year,
            kind=payload.kind,
            reported_value=payload.reported_value,
            ratings={year: str(rating) for year, rating in payload.ratings.items()},
            narrative=payload.narrative,
            expected_updated_at=expected,
            version_required=True,
        )
    return return_in(access, draft.pk)


@router.post(
    f"{BODY}/returns/{{int:return_id}}/submit",
    response=ReturnOut,
    summary="Submit a draft (the body's managers): it becomes the current version; send the "
    "updated_at of the draft you read",
)
@write_access(_body_needs(BodyNeed.SUBMIT))
@updates_record
def submit_return(
    request,
    programme_id: int,
    organisation_id: int,
    return_id: int,
    payload: VersionIn | None = None,
):
    access = body_of(request, programme_id, organisation_id, BodyNeed.SUBMIT)
    draft = return_in(access, return_id)
    expected = sent_version(request, payload.updated_at if payload else None)
    if draft.status != ReturnStatus.DRAFT:
        raise ValidationError(NOT_A_DRAFT)
    with stale_as_conflict():
        services.return_submit(
            acting_user=request.user, efficiency_return=draft, expected_updated_at=expected
        )
    return return_in(access, return_id)
