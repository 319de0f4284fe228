"""A body's returns over the API (mounted under /api/v1/efficiency, see `__init__.py`).

The body's own users see every version, drafts included; the partnership side sees submitted
returns only. Editors save the draft for a year and kind (after a submission that starts the next
version); managers submit it, and a resubmission is a new version while the history stays.
"""

from django.core.exceptions import ValidationError
from ninja import Router
from ninja.pagination import paginate

from vfmhub.core.api.versions import (
    VersionIn,
    as_sent,
    sent_version,
    stale_as_conflict,
    updates_record,
)
from vfmhub.core.api.writes import write_access
from vfmhub.efficiency import services
from vfmhub.efficiency.access import (
    BodyAccess,
    BodyNeed,
    body_efficiency_for_user,
    return_for_body,
)
from vfmhub.efficiency.api.common import BODY, marked_pagination
from vfmhub.efficiency.api.schemas import ReturnIn, ReturnOut
from vfmhub.efficiency.models import EfficiencyReturn, ReturnKind, ReturnStatus
from vfmhub.efficiency.selectors.returns import has_draft, returns_visible, with_deadlines
from vfmhub.lib.years import FinancialYear

router = Router(tags=["efficiency"])
NOT_A_DRAFT = "Only a draft can be submitted; save a new draft to resubmit."


def _body(request, programme_id: int, organisation_id: int, need=BodyNeed.READ) -> BodyAccess:
    return body_efficiency_for_user(request.user, programme_id, organisation_id, need=need)


def _body_needs(need: BodyNeed):
    def check(request, programme_id, organisation_id, **_):
        _body(request, programme_id, organisation_id, need)

    return check


def _marked(returns: list[EfficiencyReturn]) -> list[EfficiencyReturn]:
    return with_deadlines(returns, returns[0].programme_id) if returns else returns


def _out(access: BodyAccess, return_id: int) -> EfficiencyReturn:
    return _marked([return_for_body(access, return_id)])[0]


@router.get(
    f"{BODY}/returns",
    response=list[ReturnOut],
    summary="A body's returns, every version (drafts to the body only), latest year first",
)
@paginate(marked_pagination(_marked))
def list_returns(
    request,
    programme_id: int,
    organisation_id: int,
    current: bool | None = None,
    year: FinancialYear | None = None,
    kind: ReturnKind | None = None,
):
    """`current=true` keeps the version that stands for each year and kind; `false` the history."""
    access = _body(request, programme_id, organisation_id)
    return returns_visible(
        access.programme,
        access.organisation,
        sees_drafts=access.sees_drafts,
        current=current,
        year=year,
        kind=kind,
    )


@router.get(f"{BODY}/returns/{{int:return_id}}", response=ReturnOut, summary="One return")
def get_return(request, programme_id: int, organisation_id: int, return_id: int):
    return _out(_body(request, programme_id, organisation_id), return_id)


def _draft_version(request, access: BodyAccess, payload: ReturnIn):
    """The draft's version the client sent: needed once a draft exists, none to start one."""
    if has_draft(access.programme, access.organisation, payload.year, payload.kind):
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
    access = _body(request, programme_id, organisation_id, BodyNeed.EDIT)
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
    return _out(access, draft.pk)


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
    access = _body(request, programme_id, organisation_id, BodyNeed.SUBMIT)
    draft = return_for_body(access, return_id)
    expected = sent_version(request, payload.updated_at if payload else None)
    if draft.status != ReturnStatus.DRAFT:
        raise ValidationError(NOT_A_DRAFT)
    with stale_as_conflict():
        services.return_submit(
            acting_user=request.user, efficiency_return=draft, expected_updated_at=expected
        )
    return _out(access, return_id)
