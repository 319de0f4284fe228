"""An organisation's comparator groups as data: list, one version with every version of its series,
save, new version, archive.

Anyone who may read the organisation may read these (404 to anyone else); saving, changing and
archiving needs EDIT (403 to a read-only role). A group's versions are numbered: a new version or an
archive names the version it was read at, and answers 409 when the group has moved on since. The
list takes `limit` and `offset` and answers `count` and `items`. Each group's `compare_token`
(`list:<pk>`) is the group token the compare and cost-against-performance endpoints
(`api/pages.py`) take."""

import datetime
from typing import Annotated, Any

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from vfmhub.benchmarking.access import benchmarking_for_user, group_of
from vfmhub.benchmarking.api.pages import ORG
from vfmhub.benchmarking.models import ComparatorGroup, GroupKind
from vfmhub.benchmarking.selectors.groups import current_groups, group_citation
from vfmhub.benchmarking.services.groups import (
    MAX_MEMBERS,
    areas_from_text,
    comparator_group_archive,
    comparator_group_create,
    comparator_group_new_version,
)
from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.versions import stale_as_conflict
from vfmhub.core.api.writes import write_access
from vfmhub.organisations.access import Need, OrganisationAccess

router = Router(tags=["benchmarking"])


# -- comparator groups -----------------------------------------------------------------------------


class ComparatorGroupOut(Schema):
    id: int
    series: int
    version: int
    is_current: bool
    name: str
    kind: str
    publisher: str
    source: str
    body_code: str
    created_by: str | None
    created_at: datetime.datetime
    citation: str
    compare_token: str


def _group_out(group: ComparatorGroup) -> ComparatorGroupOut:
    return ComparatorGroupOut(
        id=group.pk,
        series=group.series,
        version=group.version,
        is_current=group.is_current,
        name=group.name,
        kind=group.kind,
        publisher=group.publisher,
        source=group.source,
        body_code=group.body_code,
        created_by=group.created_by.email if group.created_by else None,
        created_at=group.created_at,
        citation=group_citation(group),
        compare_token=f"list:{group.pk}",
    )


class ComparatorGroupMemberOut(Schema):
    gss_code: str
    name: str
    position: int


class ComparatorGroupDetailOut(ComparatorGroupOut):
    members: list[ComparatorGroupMemberOut]
    versions: list[ComparatorGroupOut]


def _detail(access: OrganisationAccess, group: ComparatorGroup) -> ComparatorGroupDetailOut:
    versions = (
        ComparatorGroup.objects.filter(owner=access.organisation, series=group.series)
        .select_related("created_by")
        .order_by("-version")
    )
    return ComparatorGroupDetailOut(
        **_group_out(group).dict(),
        members=[
            ComparatorGroupMemberOut(gss_code=m.gss_code, name=m.name, position=m.position)
            for m in group.members.order_by("position")
        ],
        versions=[_group_out(v) for v in versions],
    )


class ComparatorGroupIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    members: list[Annotated[str, Field(max_length=200)]] = Field(
        ...,
        max_length=MAX_MEMBERS,
        description="Each area's GSS code or exact name, in the group's order.",
    )


class ComparatorGroupVersionIn(ComparatorGroupIn):
    version: int = Field(..., ge=1, description="The version read; 409 if it is no longer current.")


class ComparatorGroupArchiveIn(Schema):
    version: int = Field(..., ge=1, description="The version read; 409 if it is no longer current.")


def _edits(request: Any, organisation_id: int, **_: Any) -> OrganisationAccess:
    return benchmarking_for_user(request.user, organisation_id, need=Need.EDIT)


def _areas_named(members: list[str]) -> Any:
    """The areas, as the form's one-a-line text is read (each line's problems named)."""
    return areas_from_text("\n".join(" ".join(m.split()) for m in members))


@router.get(ORG + "/groups", response=list[ComparatorGroupOut], summary="The body's groups")
@paginate(Pagination)
def list_groups(request: Any, organisation_id: int) -> Any:
    """The current version of each group the organisation has saved or imported, by name."""
    access = benchmarking_for_user(request.user, organisation_id)
    return [_group_out(group) for group in current_groups(access.organisation)]


@router.get(
    ORG + "/groups/{int:group_id}",
    response=ComparatorGroupDetailOut,
    summary="One version of a group, with every version of its series",
)
def get_group(request: Any, organisation_id: int, group_id: int) -> Any:
    access = benchmarking_for_user(request.user, organisation_id)
    return _detail(access, group_of(access, group_id))


@router.post(
    ORG + "/groups",
    response={201: ComparatorGroupDetailOut},
    summary="Save a group (editors)",
)
@write_access(_edits)
def create_group(request: Any, organisation_id: int, payload: ComparatorGroupIn) -> Any:
    access = _edits(request, organisation_id)
    group = comparator_group_create(
        acting_user=request.user,
        owner=access.organisation,
        kind=GroupKind.CUSTOM,
        name=payload.name,
        areas=_areas_named(payload.members),
    )
    return Status(201, _detail(access, group))


@router.post(
    ORG + "/groups/{int:group_id}/versions",
    response={201: ComparatorGroupDetailOut},
    summary="Save a new version of a group (editors)",
)
@write_access(_edits)
def create_group_version(
    request: Any, organisation_id: int, group_id: int, payload: ComparatorGroupVersionIn
) -> Any:
    """A new version with this name and these members; the version before is kept, and stays
    cited wherever it was used. 409 when `version` is no longer the current one."""
    access = _edits(request, organisation_id)
    found = group_of(access, group_id)
    areas = _areas_named(payload.members)
    with stale_as_conflict():
        group = comparator_group_new_version(
            acting_user=request.user,
            group=found,
            name=payload.name,
            areas=areas,
            expected_version=payload.version,
        )
    return Status(201, _detail(access, group))


@router.post(
    ORG + "/groups/{int:group_id}/archive",
    response=ComparatorGroupDetailOut,
    summary="Archive a group (editors)",
)
@write_access(_edits)
def archive_group(
    request: Any, organisation_id: int, group_id: int, payload: ComparatorGroupArchiveIn
) -> Any:
    """The group leaves the lists; every version is kept. 409 when `version` is no longer the
    current one."""
    access = _edits(request, organisation_id)
    found = group_of(access, group_id)
    with stale_as_conflict():
        group = comparator_group_archive(
            acting_user=request.user, group=found, expected_version=payload.version
        )
    return _detail(access, group)
