"""What the assessment endpoints share: the access check a write starts with, the assessment as
the detail endpoints answer with it, and the version the client read for a change."""

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest
from ninja import Router

from vfmhub.assessments.access import AssessmentNeed, assessment_for_user
from vfmhub.assessments.models import Assessment
from vfmhub.assessments.selectors.assessments import assessment_with_scores
from vfmhub.core.api.versions import sent_version, stale_as_conflict


def needs(need: AssessmentNeed) -> Callable[..., None]:
    """The access check of a write to one assessment, for `write_access`."""

    def check(request, assessment_id: int, **_: Any) -> None:
        assessment_for_user(request.user, assessment_id, need=need)

    return check


def assessment_out(request, assessment_id: int) -> Assessment:
    """The assessment with the scores, theme and overall scores and findings the user may see."""
    assessment, access = assessment_for_user(request.user, assessment_id)
    return assessment_with_scores(assessment, access.organisation)


@contextmanager
def version_sent(
    request: HttpRequest, sent: datetime.datetime | None
) -> Iterator[datetime.datetime]:
    """The version the client read (`sent`, or `If-Match`: 428 without either), for the save
    made inside the block; a change since that version answers 409."""
    expected = sent_version(request, sent)
    with stale_as_conflict():
        yield expected


# The API was one module, `vfmhub.assessments.api`, and ninja names each operation after its
# view's module: keep those names, so clients generated from the OpenAPI document keep theirs.
OPERATION_PREFIX = "vfmhub_assessments_api_"


def keep_operation_ids(router: Router) -> None:
    """Name each of `router`'s operations `OPERATION_PREFIX` + its view's name (unless named)."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            if not operation.operation_id:
                operation.operation_id = OPERATION_PREFIX + operation.view_func.__name__
