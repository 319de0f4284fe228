"""What the plan endpoints share: reaching a plan for the request's user, turning an id sent in a
body into a record (or a field error), and saving an update against the version the client read.

Every record named by an id comes through `vfmhub.plans.access`, as it does for the pages; an id in
the body that names nothing the user may use is a 422 on its field, not a 404, since the path was
found.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status

from vfmhub.accounts.models import User
from vfmhub.core.api.versions import sent_version, stale_as_conflict
from vfmhub.frameworks.access import criterion_for_user
from vfmhub.frameworks.models import Criterion
from vfmhub.plans.access import PlanAccess, PlanNeed, member_of_body, plan_for_user, round_in_plan
from vfmhub.plans.models import Plan, UpdateRound
from vfmhub.plans.services.common import NOT_A_MEMBER

T = TypeVar("T")

ROUND_NOT_IN_PLAN = "Choose an update round of this plan."
CRITERION_NOT_FOUND = "Choose a criterion of a framework version you can see."


class KeptIdsRouter(Router):
    """A router whose operations keep the OpenAPI ids they had before the plan endpoints were
    split by sub-domain (`vfmhub_plans_api_<view>`), so clients generated from the document keep
    their method names."""

    def add_api_operation(self, path: str, methods: list[str], view_func: Callable, **kw: Any):
        kw["operation_id"] = kw.get("operation_id") or f"vfmhub_plans_api_{view_func.__name__}"
        super().add_api_operation(path, methods, view_func, **kw)


def plan_of(request, plan_id: int, need: PlanNeed = PlanNeed.READ) -> tuple[Plan, PlanAccess]:
    return plan_for_user(request.user, plan_id, need=need)


def plan_check(need: PlanNeed) -> Callable[..., None]:
    """The access check a plan's write endpoint starts with (see `vfmhub.core.api.writes`)."""

    def check(request, plan_id: int, **_: Any) -> None:
        plan_of(request, plan_id, need)

    return check


def in_body(field: str, message: str, fetch: Callable[..., T], *args: Any) -> T:
    """`fetch(*args)`, with its 404 (the id names nothing the user may use) as `message` on
    the body's `field`."""
    try:
        return fetch(*args)
    except Http404:
        raise ValidationError({field: message}) from None


def member_of(plan: Plan, user_id: int | None, field: str) -> User | None:
    """Someone holding a role at the plan's body; any other id is refused the same way."""
    if user_id is None:
        return None
    message = NOT_A_MEMBER.format(organisation=plan.organisation.name)
    return in_body(field, message, member_of_body, plan.organisation_id, user_id)


def round_in(plan: Plan, round_id: int | None, field: str = "round_id") -> UpdateRound | None:
    """A round of this plan, or a field error (a round id is data in a body, not a path)."""
    if round_id is None:
        return None
    return in_body(field, ROUND_NOT_IN_PLAN, round_in_plan, plan, round_id)


def criterion_of(request, criterion_id: int | None) -> Criterion | None:
    """A criterion the user can see (the services check it belongs to the plan's version)."""
    if criterion_id is None:
        return None
    return in_body(
        "criterion_id", CRITERION_NOT_FOUND, criterion_for_user, request.user, criterion_id
    )


def update_sent(
    request,
    payload: Schema,
    update: Callable[..., object],
    values: Callable[[dict[str, Any]], dict[str, Any]],
    **target: Any,
) -> None:
    """Save a PUT or PATCH: the version the client read (428 without one, after the caller's
    access check), then `update(**target, **values(sent))` with it, `sent` being the fields the
    client sent; 409 when the record changed since that version."""
    expected = sent_version(request, payload.updated_at)  # type: ignore[attr-defined]
    fields = values(payload.dict(exclude_unset=True))
    with stale_as_conflict():
        update(acting_user=request.user, expected_updated_at=expected, **target, **fields)


def added(request, add: Callable[..., object], **values: Any) -> Status:
    """A POST that adds a row someone may have added first (a round's update, a correction):
    201 with the row, or 409 when it was."""
    with stale_as_conflict():
        return Status(201, add(acting_user=request.user, **values))
