"""Listing, starting and reading assessments, and moving them on: submit, reopen, finalise,
publish (mounted at /api/v1/assessments, see `__init__.py`)."""

from collections.abc import Callable
from typing import Any

from ninja import Router, Status
from ninja.pagination import paginate

from vfmhub.assessments import services
from vfmhub.assessments.access import (
    AssessmentNeed,
    assessment_for_user,
    check_can_start,
    organisation_for_starting,
    peer_partnership_for_user,
)
from vfmhub.assessments.api.common import OPERATION_PREFIX, assessment_out, needs
from vfmhub.assessments.api.schemas import (
    AssessmentDetailOut,
    AssessmentOut,
    FinaliseIn,
    ReasonIn,
    StartIn,
    SubmitIn,
)
from vfmhub.assessments.models import Assessment, AssessmentKind
from vfmhub.assessments.selectors.assessments import organisation_assessments
from vfmhub.core.api.pagination import Pagination
from vfmhub.core.api.writes import body_id, write_access
from vfmhub.frameworks.access import version_for_user
from vfmhub.lib import clock
from vfmhub.lib.years import FinancialYear
from vfmhub.organisations.access import organisation_for_user

router = Router(tags=["assessments"])


def _may_start(request, **_) -> None:
    """Whoever may start no kind of assessment at the body sent (if it sends one) is refused."""
    organisation_id = body_id(request, "organisation_id")
    if organisation_id is not None:
        organisation_for_starting(request.user, organisation_id)


@router.get("", response=list[AssessmentOut], summary="An organisation's assessments you can see")
@router.get(
    "/organisations/{int:organisation_id}",
    response=list[AssessmentOut],
    summary="The same list, with the organisation in the path",
    operation_id=f"{OPERATION_PREFIX}list_organisation_assessments",
    url_name="list_organisation_assessments",
)
@paginate(Pagination)
def list_assessments(
    request,
    organisation_id: int,
    year: FinancialYear | None = None,
    version_id: int | None = None,
    kind: AssessmentKind | None = None,
):
    access = organisation_for_user(request.user, organisation_id)
    return organisation_assessments(
        request.user, access, clock.today(), year=year, version_id=version_id, kind=kind
    )


@router.post("", response={201: AssessmentDetailOut}, summary="Start an assessment")
@write_access(_may_start)
def start_assessment(request, payload: StartIn):
    access = organisation_for_user(request.user, payload.organisation_id)
    version = version_for_user(request.user, payload.version_id)
    peer_partnership = peer_partnership_for_user(request.user, payload.peer_partnership_id)
    check_can_start(
        request.user,
        access,
        kind=payload.kind,
        year=payload.year,
        peer_partnership=peer_partnership,
    )
    assessment = services.assessment_start(
        acting_user=request.user,
        organisation=access.organisation,
        version=version,
        year=payload.year,
        kind=payload.kind,
        peer_partnership=peer_partnership,
    )
    return Status(201, assessment_out(request, assessment.pk))


@router.get(
    "/{int:assessment_id}",
    response=AssessmentDetailOut,
    summary="An assessment with its scores at each stage, theme and overall scores, findings",
)
def get_assessment(request, assessment_id: int):
    return assessment_out(request, assessment_id)


def _moved_on(
    request, assessment_id: int, need: AssessmentNeed, step: Callable[..., object], **values: Any
) -> Assessment:
    """Take a workflow step (`step`, a service) for a user with `need`; answer with the
    assessment as it now stands."""
    assessment, _ = assessment_for_user(request.user, assessment_id, need=need)
    step(acting_user=request.user, assessment=assessment, **values)
    return assessment_out(request, assessment_id)


@router.post(
    "/{int:assessment_id}/submit",
    response=AssessmentDetailOut,
    summary="Submit; with criteria not scored, only with confirm_incomplete true (else 422)",
)
@write_access(needs(AssessmentNeed.SUBMIT))
def submit_assessment(request, assessment_id: int, payload: SubmitIn | None = None):
    confirm = bool(payload and payload.confirm_incomplete)
    submit = services.assessment_submit
    return _moved_on(
        request, assessment_id, AssessmentNeed.SUBMIT, submit, confirm_incomplete=confirm
    )


@router.post(
    "/{int:assessment_id}/reopen",
    response=AssessmentDetailOut,
    summary="Return a submitted self-assessment to draft (managers), with a reason",
)
@write_access(needs(AssessmentNeed.REOPEN))
def reopen_assessment(request, assessment_id: int, payload: ReasonIn):
    reopen = services.assessment_reopen
    return _moved_on(request, assessment_id, AssessmentNeed.REOPEN, reopen, **payload.dict())


@router.post(
    "/{int:assessment_id}/finalise",
    response=AssessmentDetailOut,
    summary="Record final scores (criterion id to value; others keep the provisional value)",
)
@write_access(needs(AssessmentNeed.AUDIT))
def finalise_assessment(request, assessment_id: int, payload: FinaliseIn):
    finalise = services.assessment_finalise
    return _moved_on(request, assessment_id, AssessmentNeed.AUDIT, finalise, **payload.dict())


@router.post("/{int:assessment_id}/publish", response=AssessmentDetailOut, summary="Publish")
@write_access(needs(AssessmentNeed.AUDIT))
def publish_assessment(request, assessment_id: int):
    publish = services.assessment_publish
    return _moved_on(request, assessment_id, AssessmentNeed.AUDIT, publish)
