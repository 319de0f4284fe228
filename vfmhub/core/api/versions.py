"""Every API update names the version of the record it changes.

Read endpoints return each record's `updated_at` to the microsecond (`exact_time`). A request that
changes an existing record sends that value back, as `updated_at` in its JSON body or in an
`If-Match` header, and the service compares it with the row under a lock
(`vfmhub.core.concurrency`): someone else's newer change is never overwritten silently.

A view marked `@updates_record` calls `sent_version(request, payload.updated_at)` after its access
check (who may not write still gets 403, an outsider 404): no version at all answers 428, two
versions that disagree 409, as a stale one does. The mark is what the OpenAPI document reads to
list 428 and the `If-Match` header on the operation (see `openapi.py`);
`vfmhub/api/tests/test_update_versions.py` walks the marked operations.
"""

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.dateparse import parse_datetime
from ninja import Schema
from ninja.errors import HttpError

from vfmhub.core.concurrency import CHANGED_SINCE_OPENED

VERSION_HEADER = "If-Match"
VERSION_REQUIRED = (
    "Say which version you are changing: send the updated_at you read, as updated_at in the "
    "body or in an If-Match header."
)
VERSION_NOT_A_TIME = "Send the updated_at you read, unchanged."


class VersionIn(Schema):
    """The body of an update that sends nothing else (the version may come in If-Match)."""

    updated_at: datetime.datetime | None = None


def exact_time(moment: datetime.datetime) -> str:
    """A timestamp to the microsecond (JSON dates elsewhere stop at milliseconds), so a client
    can send it back unchanged as `updated_at` for the concurrency check."""
    return moment.astimezone(datetime.UTC).isoformat()


def as_sent(moment: datetime.datetime | None) -> datetime.datetime | None:
    """The `updated_at` a client read, in UTC as stored, for the concurrency check."""
    return moment.astimezone(datetime.UTC) if moment else None


# A save refused because someone changed the row first (`vfmhub.core.concurrency`), added a plan
# round's update first or corrected the update first: the client's view is out of date, so 409
# rather than 422.
CONFLICT_CODES = frozenset({"stale", "exists", "corrected"})


@contextmanager
def stale_as_conflict() -> Iterator[None]:
    """A save refused because the record changed since the client read it answers 409 Conflict,
    with the refusal's own words (for a stale row, `CHANGED_SINCE_OPENED`)."""
    try:
        yield
    except ValidationError as exc:
        if any(error.code in CONFLICT_CODES for error in getattr(exc, "error_list", [])):
            raise HttpError(409, " ".join(exc.messages)) from None
        raise


def updates_record(view: Callable) -> Callable:
    """Mark a view that changes an existing record: it calls `sent_version`."""
    view.updates_record = True  # type: ignore[attr-defined]
    return view


def needs_version(view: Callable) -> bool:
    return getattr(view, "updates_record", False)


def sent_version(
    request: HttpRequest, payload_value: datetime.datetime | None
) -> datetime.datetime:
    """The version the client says it changes, from the body or the `If-Match` header.

    Raise 428 when neither gives one, and 409 when both do and they differ (the client is
    working from two versions, at least one of them stale).
    """
    from_header = _header_version(request)
    if payload_value is None and from_header is None:
        raise HttpError(428, VERSION_REQUIRED)
    if payload_value is not None and from_header is not None and payload_value != from_header:
        raise HttpError(409, CHANGED_SINCE_OPENED)
    sent = as_sent(payload_value if payload_value is not None else from_header)
    assert sent is not None
    return sent


def _header_version(request: HttpRequest) -> datetime.datetime | None:
    """`If-Match`, bare or quoted as an entity tag; `*` (any version) names none."""
    value = request.headers.get(VERSION_HEADER, "").strip()
    value = value.removeprefix("W/").strip('"').strip()
    if value in ("", "*"):
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError({VERSION_HEADER: VERSION_NOT_A_TIME})
    return moment


class VersionedOut(Schema):
    """The base of a changeable record's output schema: its `updated_at` (declared by the
    schema) is given to the microsecond, for the client to send back unchanged."""

    @staticmethod
    def resolve_updated_at(obj: Any) -> str:
        return exact_time(obj.updated_at)
