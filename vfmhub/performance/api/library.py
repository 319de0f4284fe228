"""The indicator library: the national set and an organisation's local indicators, one indicator
with its RAG rule versions, local definitions, and an organisation's values, targets and
commentary. Everything is reached through `performance.access` (404 to those who may not see
the organisation, 403 to those who may not edit). Lists are paginated (`limit`, `offset`)."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
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
from vfmhub.organisations.access import Need
from vfmhub.performance.access import (
    indicator_of,
    indicator_to_edit,
    performance_for_user,
    readable_indicators,
)
from vfmhub.performance.calculations import Period, parse_period
from vfmhub.performance.services import indicators as definitions
from vfmhub.performance.services import values

router = Router()
ORG = "/organisations/{int:organisation_id}/indicators"


class LibraryRagRuleOut(Schema):
    version: int
    applies_from: int | None
    method: str
    bands: list[dict[str, Any]]


class LibraryIndicatorOut(VersionedOut):
    id: int
    code: str
    title: str
    owner_id: int | None
    data_type: str
    unit: str
    polarity: str
    decimal_places: int
    frequency: str
    rollup: str
    ratio_scale: Decimal
    source: str
    body_types: list[str]
    valid_from: int | None
    valid_to: int | None
    updated_at: str


class LibraryIndicatorDetailOut(LibraryIndicatorOut):
    definition: str
    change_band: Decimal
    change_band_method: str
    rag_rules: list[LibraryRagRuleOut]

    @staticmethod
    def resolve_rag_rules(obj: Any) -> list[Any]:
        return list(obj.rag_rules.all())


class LibraryIndicatorIn(Schema):
    code: str
    title: str
    polarity: str
    frequency: str
    definition: str = ""
    data_type: str = "number"
    unit: str = ""
    decimal_places: int = 1
    rollup: str = "sum"
    ratio_scale: Decimal = Decimal(1)
    source: str = ""
    body_types: list[str] = []
    valid_from: int | None = None
    valid_to: int | None = None


class LibraryIndicatorPatchIn(Schema):
    updated_at: datetime.datetime | None = None
    title: str | None = None
    definition: str | None = None
    unit: str | None = None
    polarity: str | None = None
    decimal_places: int | None = None
    source: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None


class LibraryValueIn(Schema):
    period: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    status: str = "provisional"
    quality_note: str = ""
    reason: str = ""


class LibraryValueOut(Schema):
    id: int
    indicator_id: int
    frequency: str
    year: int
    period_index: int
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    status: str
    version: int
    is_current: bool
    reason: str


class LibraryTargetIn(Schema):
    period: str
    value: Decimal
    note: str = ""


class LibraryTargetOut(Schema):
    id: int
    frequency: str
    year: int
    period_index: int
    value: Decimal
    source: str


class LibraryCommentaryIn(Schema):
    period: str
    what_happened: str
    what_is_being_done: str = ""


class LibraryCommentaryOut(Schema):
    id: int
    frequency: str
    year: int
    period_index: int
    what_happened: str
    what_is_being_done: str


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None


def _edits(request: Any, organisation_id: int, **_: Any) -> Any:
    return performance_for_user(request.user, organisation_id, need=Need.EDIT)


@router.get("/indicators", response=list[LibraryIndicatorOut], summary="The national indicators")
@paginate(Pagination)
def list_national_indicators(request: Any) -> Any:
    return readable_indicators(request.user).order_by("code", "pk")


@router.get(
    ORG, response=list[LibraryIndicatorOut], summary="National and the organisation's indicators"
)
@paginate(Pagination)
def list_indicators(request: Any, organisation_id: int) -> Any:
    access = performance_for_user(request.user, organisation_id)
    return readable_indicators(request.user, access).order_by("code", "pk")


@router.get(
    ORG + "/{int:indicator_id}", response=LibraryIndicatorDetailOut, summary="One indicator"
)
def get_indicator(request: Any, organisation_id: int, indicator_id: int) -> Any:
    access = performance_for_user(request.user, organisation_id)
    return indicator_of(request.user, access, indicator_id)


@router.post(
    ORG, response={201: LibraryIndicatorDetailOut}, summary="Add a local indicator (editors)"
)
@write_access(_edits)
def create_indicator(request: Any, organisation_id: int, payload: LibraryIndicatorIn) -> Any:
    access = _edits(request, organisation_id)
    indicator = definitions.indicator_create(
        acting_user=request.user, owner=access.organisation, fields=payload.dict()
    )
    return Status(201, indicator)


@router.patch(
    ORG + "/{int:indicator_id}",
    response=LibraryIndicatorDetailOut,
    summary="Change an indicator's definition; send the updated_at you read",
)
@write_access(_edits)
@updates_record
def update_indicator(
    request: Any, organisation_id: int, indicator_id: int, payload: LibraryIndicatorPatchIn
) -> Any:
    access = performance_for_user(request.user, organisation_id)
    indicator = indicator_to_edit(request.user, access, indicator_id)
    expected = sent_version(request, payload.updated_at)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if k != "updated_at"}
    with stale_as_conflict():
        return definitions.indicator_update(
            acting_user=request.user,
            indicator=indicator,
            fields=fields,
            expected_updated_at=expected,
        )


@router.post(
    ORG + "/{int:indicator_id}/values", response={201: LibraryValueOut}, summary="Record a value"
)
@write_access(_edits)
def record_value(
    request: Any, organisation_id: int, indicator_id: int, payload: LibraryValueIn
) -> Any:
    access = _edits(request, organisation_id)
    indicator = indicator_of(request.user, access, indicator_id)
    row = values.value_record(
        acting_user=request.user,
        indicator=indicator,
        organisation=access.organisation,
        period=_period(payload.period),
        **payload.dict(exclude={"period"}),
        source="API",
    )
    return Status(201, row)


@router.post(
    ORG + "/{int:indicator_id}/targets", response={201: LibraryTargetOut}, summary="Set a target"
)
@write_access(_edits)
def set_target(
    request: Any, organisation_id: int, indicator_id: int, payload: LibraryTargetIn
) -> Any:
    access = _edits(request, organisation_id)
    indicator = indicator_of(request.user, access, indicator_id)
    row = values.target_set(
        acting_user=request.user,
        indicator=indicator,
        organisation=access.organisation,
        period=_period(payload.period),
        value=payload.value,
        note=payload.note,
    )
    return Status(201, row)


@router.post(
    ORG + "/{int:indicator_id}/commentary",
    response={201: LibraryCommentaryOut},
    summary="Add commentary",
)
@write_access(_edits)
def add_commentary(
    request: Any, organisation_id: int, indicator_id: int, payload: LibraryCommentaryIn
) -> Any:
    access = _edits(request, organisation_id)
    indicator = indicator_of(request.user, access, indicator_id)
    row = values.commentary_add(
        acting_user=request.user,
        indicator=indicator,
        organisation=access.organisation,
        period=_period(payload.period),
        what_happened=payload.what_happened,
        what_is_being_done=payload.what_is_being_done,
    )
    return Status(201, row)
